#!/bin/bash
# The console font (dist/font) holds every character beyond ASCII that
# the screens, the French catalogue and the shipped consultations use: a
# character added to them without its glyph fails here (add it to
# dist/font/parvis.set, and draw it in glyphs.txt if Terminus lacks it).
#
# usage: console-font.sh FONT.sfm SOURCE_DIR
set -euo pipefail

sfm=$1
src=$2
[ -f "$sfm" ] || {
	echo "SKIP: no console font built (bdf2psf, pcf2bdf, xfonts-terminus)"
	exit 77
}
missing=0
while IFS= read -r c; do
	u=$(printf 'U+%04X' "'$c")
	if ! grep -qiw -- "$u" "$sfm"; then
		echo "FAIL: '$c' ($u) is used but not in the console font" >&2
		missing=$((missing + 1))
	fi
done < <(cat "$src"/src/ui/*.c "$src"/src/kiosk/*.c "$src"/po/fr.po \
	"$src"/forms/*.ini | grep -o -P '[^\x00-\x7F]' | sort -u)
[ "$missing" = 0 ] || exit 1
echo "ok: $(grep -c '^0x' "$sfm") glyphs, every character the screens use"
