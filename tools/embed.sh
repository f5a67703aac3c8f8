#!/bin/sh
# embed.sh FILE SYMBOL - print a C file that defines SYMBOL as FILE's bytes
# (NUL-terminated) and SYMBOL_len as their count. Uses od, so that the
# build needs nothing beyond POSIX tools.
set -eu
f=$1 sym=$2
echo "/* generated from $f by tools/embed.sh; do not edit */"
echo "#include <stddef.h>"
echo "const char $sym[] = {"
od -An -v -tx1 "$f" | sed -e 's/[[:space:]]*\([0-9a-f][0-9a-f]\)/0x\1,/g'
echo "0x00};"
echo "const size_t ${sym}_len = sizeof $sym - 1;"
