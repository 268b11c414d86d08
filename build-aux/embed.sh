#!/bin/sh
# embed.sh NAME FILE: prints a C file defining `const char NAME[]` with
# FILE's bytes, so data files can be compiled into the library.
name=$1
file=$2
printf '/* generated from %s by embed.sh: do not edit */\n' "$(basename "$file")"
printf 'extern const char %s[];\n' "$name"
printf 'const char %s[] =\n' "$name"
sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$/\\n"/' "$file"
printf ';\n'
