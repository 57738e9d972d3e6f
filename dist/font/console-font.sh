#!/bin/sh
# Builds parvis's console font (meson, dist/font/meson.build): Terminus
# bold 16x32 (xfonts-terminus' PCF, turned into BDF by pcf2bdf) with the
# glyphs it lacks drawn in glyphs.txt in front of it, into a 512-glyph PSF
# by bdf2psf: first every character in parvis.set (what the screens and
# the French catalogue use), then ASCII, the console's line drawing and
# the Latin sets of console-setup's Uni2, as room allows.  Fails if any
# character of parvis.set did not fit.
#
#   console-font.sh TERMINUS.pcf.gz BDF2PSF_DIR GLYPHS.txt GLYPHS.awk \
#       PARVIS.set OUT.psf.gz OUT.sfm
set -eu

terminus=$1
sets=$2
glyphs=$3
awk_script=$4
parvis_set=$5
out=$6
sfm=$7
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

gzip -dc "$terminus" >"$work/terminus.pcf"
pcf2bdf -o "$work/terminus.bdf" "$work/terminus.pcf"
awk -f "$awk_script" "$glyphs" >"$work/parvis.bdf"
bdf2psf --fb --log "$work/log" "$work/parvis.bdf+$work/terminus.bdf" \
	"$sets/standard.equivalents" \
	"$parvis_set+$sets/ascii.set+$sets/linux.set+:$sets/fontsets/Uni2.512+:$sets/useful.set" \
	512 "$work/font.psf" "$sfm"
for u in $(sed -n 's/^\(U+[0-9A-Fa-f]*\).*/\1/p' "$parvis_set"); do
	if ! grep -qiw -- "$u" "$sfm"; then
		echo "console-font.sh: $u is not in the font" >&2
		exit 1
	fi
done
gzip -n -9 -c "$work/font.psf" >"$out"
