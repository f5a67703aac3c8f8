#!/bin/sh
# embed-schemes.sh FILE... - print a C file with the preset schemes
# compiled in: each file's bytes (NUL-terminated) and a table of
# {name, text, length}, the name being the file name without ".scheme".
# Uses od, like embed.sh.
set -eu
echo "/* generated from the schemes/ files by tools/embed-schemes.sh; do not edit */"
echo "#include <stddef.h>"
i=0
for f in "$@"; do
    echo "static const char preset_$i[] = {"
    od -An -v -tx1 "$f" | sed -e 's/[[:space:]]*\([0-9a-f][0-9a-f]\)/0x\1,/g'
    echo "0x00};"
    i=$((i + 1))
done
echo "const struct { const char *name; const char *text; size_t len; } kh_scheme_presets[] = {"
i=0
for f in "$@"; do
    n=$(basename "$f" .scheme)
    echo "    {\"$n\", preset_$i, sizeof preset_$i - 1},"
    i=$((i + 1))
done
echo "    {NULL, NULL, 0}};"
