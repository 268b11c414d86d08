# tm.R - the R tm peer of bench/peers.sh: counts, per file and per theme,
# the words that a dictionary entry matches, through a document-term matrix.
# The corpus is read with DirSource, the matrix built with a tokenizer that
# splits on everything but word characters and hyphens (as the Python peer;
# tm's default keeps punctuation on words), lower-cased, words of any length;
# a theme's columns are its words and the terms its globs ("partenari*")
# prefix.  A theme's count is the number of words one of its entries matches;
# the total, the words any entry matches.
# Usage: Rscript tm.R DICTIONARY OUT.tsv DIR
suppressPackageStartupMessages(library(tm))
args <- commandArgs(trailingOnly = TRUE)
dict <- read.delim(args[1], header = FALSE, comment.char = "#", quote = "",
                   col.names = c("theme", "entry"), encoding = "UTF-8")
corpus <- VCorpus(DirSource(args[3], pattern = "[.]txt$", encoding = "UTF-8"))
# POSIX classes (TRE, as the locale classifies: C.UTF-8 knows é): R's
# strsplit(perl = TRUE) on UTF-8 text re-checks the rest of the string at
# each match, quadratic (1.4 s for a 100 KB file)
tokenize <- function(x) {
    t <- strsplit(paste(as.character(x), collapse = "\n"), "[^[:alnum:]_-]+")[[1]]
    t[nzchar(t)]
}
dtm <- DocumentTermMatrix(corpus, control = list(tokenize = tokenize, tolower = TRUE,
                                                 wordLengths = c(1, Inf)))
terms <- Terms(dtm)
matches <- function(entries) {  # the columns an entry of the list matches
    glob <- endsWith(entries, "*")
    m <- terms %in% entries[!glob]
    for (p in sub("[*]$", "", entries[glob])) m <- m | startsWith(terms, p)
    m
}
any_theme <- logical(length(terms))
out <- NULL
for (theme in unique(dict$theme)) {
    m <- matches(dict$entry[dict$theme == theme])
    any_theme <- any_theme | m
    counts <- slam::row_sums(dtm[, m])
    out <- rbind(out, data.frame(file = Docs(dtm), theme = theme, n = as.vector(counts)))
}
out <- out[out$n > 0, ]
write.table(out, args[2], sep = "\t", quote = FALSE, row.names = FALSE, col.names = FALSE)
themes <- aggregate(n ~ theme, out, sum)
cat("total", sum(slam::row_sums(dtm[, any_theme])), "",
    paste0(themes$theme, "=", themes$n), "\n")
