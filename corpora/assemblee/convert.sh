#!/bin/sh
# convert.sh - turns one sitting of the Assemblée nationale corpus
# "mariagepourtousInXML" (txt/ format) into a grille transcript.
#
# usage: convert.sh INPUT.txt > OUTPUT.txt
#
# Input format: the first line is the title of the sitting; a speaker's
# name stands alone on a line indented by exactly two spaces, followed by
# blank lines, then the speech (its first line may be indented by two or
# three spaces, the next lines are not indented).
#
# Output: a front matter header (titre, type, source, date, and
# 'interviewers: none': a debate has no interviewer), then one
# "Speaker Name : speech" line per turn; further lines of the speech are
# kept as their own lines.  Leading spaces and trailing blanks of lines are
# removed and runs of blank lines become one blank line; words are not
# changed.  Text before the first speaker (title, presidency) is kept as
# plain lines.  POSIX sh and awk (works with mawk, gawk, busybox awk).
set -eu

if [ $# -ne 1 ]; then
    echo "usage: convert.sh INPUT.txt > OUTPUT.txt" >&2
    exit 2
fi
if [ ! -r "$1" ] || [ -d "$1" ]; then
    echo "convert.sh: cannot read $1" >&2
    exit 1
fi

LC_ALL=C
export LC_ALL
exec awk '
function trim_right(s) { sub(/[ \t\r]+$/, "", s); return s }
function trim_left(s)  { sub(/^[ \t]+/, "", s); return s }

# "... du mardi 29 janvier 2013" -> 2013-01-29 ("1er" is the first day)
function find_date(s,    w, n, i, d) {
    n = split(s, w, /[ \t]+/)
    for (i = 1; i + 2 <= n; i++) {
        if (!(w[i + 1] in month) || w[i + 2] !~ /^[0-9][0-9][0-9][0-9]$/) continue
        d = w[i]
        if (d == "1er") d = 1
        if (d !~ /^[0-9][0-9]?$/) continue
        return sprintf("%s-%s-%02d", w[i + 2], month[w[i + 1]], d + 0)
    }
    return ""
}

BEGIN {
    split("janvier février mars avril mai juin juillet août septembre octobre novembre décembre", m, " ")
    for (i = 1; i <= 12; i++) month[m[i]] = sprintf("%02d", i)
    state = 0      # 0: no speaker yet, 1: name read, speech awaited, 2: in a speech
    blank = 0      # blank lines seen since the last printed line
    printed = 0    # something printed after the header
}

NR == 1 {
    title = trim_left(trim_right($0))
    source = FILENAME
    sub(/.*\//, "", source)
    date = find_date(title)
    print "---"
    print "titre: " title
    print "type: seance"
    print "source: " source
    if (date != "") print "date: " date
    print "interviewers: none"
    print "---"
}

{
    line = trim_right($0)
    if (line == "") { blank = 1; next }

    # a name alone, indented by exactly two spaces
    if (state != 1 && line ~ /^  [^ \t]/) {
        name = substr(line, 3)
        state = 1
        next
    }
    line = trim_left(line)
    if (state == 1) {
        if (printed) print ""
        print name " : " line
        state = 2
    } else {
        if (blank && printed) print ""
        print line
    }
    printed = 1
    blank = 0
}

# a name with no speech at the very end
END {
    if (state == 1) {
        if (printed) print ""
        print name " :"
    }
}
' "$1"
