#!/bin/sh
# embed-bin.sh NAME FILE: prints a C file defining `const unsigned char
# NAME[]` and `const size_t NAME_size` with FILE's bytes (binary files,
# such as a compiled .mo catalogue; embed.sh is for text).
name=$1
file=$2
printf '/* generated from %s by embed-bin.sh: do not edit */\n#include <stddef.h>\n' "$(basename "$file")"
printf 'extern const unsigned char %s[];\nextern const size_t %s_size;\n' "$name" "$name"
printf 'const unsigned char %s[] = {\n' "$name"
od -An -v -tx1 "$file" | sed -e 's/  */ /g' -e 's/^ //' -e '/^$/d' -e 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'
printf '0x00};\nconst size_t %s_size = sizeof %s - 1;\n' "$name" "$name"
