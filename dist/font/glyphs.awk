# Turns glyphs.txt (; comments, U+XXXX NAME, then 32 rows of 16 cells,
# "#" for ink)
# into a BDF font of 16x32 glyphs with the ascent and descent of Terminus.
function hex(row,    v, i) {
	v = 0
	for (i = 1; i <= 16; i++) {
		v = v * 2 + (substr(row, i, 1) == "#")
	}
	return sprintf("%04X", v)
}
function hexval(s,    v, i) {
	v = 0
	s = toupper(s)
	for (i = 1; i <= length(s); i++) {
		v = v * 16 + index("0123456789ABCDEF", substr(s, i, 1)) - 1
	}
	return v
}
/^;/ || /^$/ { next }
/^U\+/ {
	n++
	code[n] = hexval(substr($1, 3))
	rows[n] = 0
	next
}
{
	if (length($0) != 16) {
		printf "glyphs.txt:%d: a row of %d cells (expected 16)\n", NR,
			length($0) > "/dev/stderr"
		exit 1
	}
	bitmap[n, ++rows[n]] = hex($0)
}
END {
	print "STARTFONT 2.1"
	print "FONT -parvis-extra-bold-r-normal--32-320-72-72-c-160-iso10646-1"
	print "SIZE 32 72 72"
	print "FONTBOUNDINGBOX 16 32 0 -6"
	print "STARTPROPERTIES 3"
	print "FONT_ASCENT 26"
	print "FONT_DESCENT 6"
	print "AVERAGE_WIDTH 160"
	print "ENDPROPERTIES"
	print "CHARS " n
	for (i = 1; i <= n; i++) {
		if (rows[i] != 32) {
			printf "glyphs.txt: U+%04X has %d rows (expected 32)\n",
				code[i], rows[i] > "/dev/stderr"
			exit 1
		}
		printf "STARTCHAR U+%04X\nENCODING %d\n", code[i], code[i]
		print "SWIDTH 500 0\nDWIDTH 16 0\nBBX 16 32 0 -6\nBITMAP"
		for (r = 1; r <= 32; r++) {
			print bitmap[i, r]
		}
		print "ENDCHAR"
	}
	print "ENDFONT"
}
