# tidytext.R - the R tidytext peer of bench/peers.sh: counts, per file and
# per theme, the words that a dictionary entry matches, the tidy way.
# unnest_tokens() splits the text into lower-cased words (ICU word
# boundaries: "l'ARS" gives "l'ars", hence the elision dropped below); the
# words are counted per file, then joined with the dictionary: a word entry
# on the word, a glob ("partenari*") on the word's first n letters, for each
# length n the globs have.  A theme's count is the number of words one of its
# entries matches; the total, the words any entry matches.
# Usage: Rscript tidytext.R DICTIONARY OUT.tsv FILE...
suppressPackageStartupMessages({
    library(dplyr)
    library(tidytext)
})
args <- commandArgs(trailingOnly = TRUE)
dict <- read.delim(args[1], header = FALSE, comment.char = "#", quote = "",
                   col.names = c("theme", "entry"), encoding = "UTF-8")
glob <- endsWith(dict$entry, "*")
words <- dict[!glob, ]
prefixes <- mutate(dict[glob, ], entry = sub("[*]$", "", entry))
files <- args[-(1:2)]
docs <- tibble(file = files,
               text = vapply(files, function(f) paste(readLines(f, encoding = "UTF-8", warn = FALSE),
                                                      collapse = "\n"), "", USE.NAMES = FALSE))
counted <- docs %>%
    unnest_tokens(word, text) %>%
    mutate(word = sub("^[[:alpha:]]{1,2}['\u2019]", "", word)) %>%  # l'ars -> ars
    count(file, word)
hits <- inner_join(counted, words, by = c(word = "entry"), multiple = "all")
for (len in sort(unique(nchar(prefixes$entry)))) {
    hits <- bind_rows(hits, counted %>%
        filter(nchar(word) >= len) %>%
        mutate(p = substr(word, 1, len)) %>%
        inner_join(filter(prefixes, nchar(entry) == len), by = c(p = "entry"), multiple = "all") %>%
        select(file, word, n, theme))
}
per_theme <- hits %>% distinct(file, word, theme, n) %>% count(file, theme, wt = n)
write.table(per_theme, args[2], sep = "\t", quote = FALSE, row.names = FALSE, col.names = FALSE)
total <- hits %>% distinct(file, word, n) %>% summarise(s = sum(n))
themes <- per_theme %>% count(theme, wt = n) %>% arrange(theme)
cat("total", total$s, "", paste0(themes$theme, "=", themes$n), "\n")
