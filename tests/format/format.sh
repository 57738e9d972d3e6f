#!/bin/sh
# The house style is kept by clang-format (.clang-format at the top of the
# tree): every C file must be as clang-format would write it.  To fix:
#   clang-format -i $(git ls-files '*.c' '*.h')
#
# usage: format.sh SOURCE_DIR
set -eu
cd "$1"
files=$(find src sync tests -name '*.[ch]' | sort)
clang-format --dry-run --Werror $files
echo "$(echo "$files" | wc -l) files as clang-format writes them"
