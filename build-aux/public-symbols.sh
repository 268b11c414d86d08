#!/bin/sh
# public-symbols.sh GRILLE_H - the functions grille.h declares, one per
# line, sorted: the list of symbols the shared library exports (libtool
# -export-symbols), so that what it exports is exactly the public API and
# the library's internal helpers stay internal.  Comments are removed
# first; a declaration is a grille_ name followed by '('.
set -eu
tr '\n' ' ' <"$1" | sed -e 's#/\*\([^*]\|\*[^/]\)*\*/# #g' |
    grep -o 'grille_[a-z0-9_]*[[:space:]]*(' | sed 's/[[:space:]]*($//' | sort -u
