/*
 * What the terminal can show (see glyphs.h): one table of the characters
 * parvis draws beyond ASCII with the ASCII one that stands for each, and
 * the console font's own list of what it holds.
 */
#include "glyphs.h"

#include <curses.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#ifdef __linux__
#include <linux/kd.h>
#endif

struct glyph {
	wchar_t wc;
	wchar_t ascii; /* the same width: one column */
	bool missing;
};

static struct glyph glyphs[] = {
	/* Marks and arrows of the screens and of the keyboard. */
	{ L'✓', L'*', false },
	{ L'✗', L'x', false },
	{ L'◂', L'<', false },
	{ L'▸', L'>', false },
	{ L'⇧', L'^', false },
	{ L'⌫', L'<', false },
	{ L'⚠', L'!', false },
	{ L'•', L'*', false },
	{ L'●', L'*', false },
	{ L'○', L'o', false },
	{ L'…', L'.', false },
	{ L'·', L'.', false },
	{ L'×', L'x', false },
	{ L'°', L'o', false },
	{ L'€', L'E', false },
	/* Boxes, the calibration's cross, the blocks. */
	{ L'─', L'-', false },
	{ L'│', L'|', false },
	{ L'┌', L'+', false },
	{ L'┐', L'+', false },
	{ L'└', L'+', false },
	{ L'┘', L'+', false },
	{ L'┼', L'+', false },
	{ L'▏', L'|', false },
	{ L'▎', L'#', false },
	{ L'▍', L'#', false },
	{ L'▌', L'#', false },
	{ L'▋', L'#', false },
	{ L'▊', L'#', false },
	{ L'▉', L'#', false },
	{ L'█', L'#', false },
	{ L'▀', L'"', false },
	{ L'▄', L'_', false },
	/* Punctuation of the French texts. */
	{ L'’', L'\'', false },
	{ L'«', L'"', false },
	{ L'»', L'"', false },
	{ L'“', L'"', false },
	{ L'”', L'"', false },
	{ L'—', L'-', false },
	{ L'–', L'-', false },
	{ 0x00A0, L' ', false },
	/* French letters. */
	{ L'à', L'a', false },
	{ L'â', L'a', false },
	{ L'ç', L'c', false },
	{ L'é', L'e', false },
	{ L'è', L'e', false },
	{ L'ê', L'e', false },
	{ L'ë', L'e', false },
	{ L'î', L'i', false },
	{ L'ï', L'i', false },
	{ L'ô', L'o', false },
	{ L'œ', L'o', false },
	{ L'ù', L'u', false },
	{ L'û', L'u', false },
	{ L'ü', L'u', false },
	{ L'ÿ', L'y', false },
	{ L'À', L'A', false },
	{ L'Â', L'A', false },
	{ L'Ç', L'C', false },
	{ L'É', L'E', false },
	{ L'È', L'E', false },
	{ L'Ê', L'E', false },
	{ L'Ù', L'U', false },
};

#define NGLYPHS (sizeof glyphs / sizeof glyphs[0])

static int replaced;

static void
mark_all(bool missing)
{
	replaced = 0;
	for (size_t i = 0; i < NGLYPHS; i++) {
		glyphs[i].missing = missing;
		replaced += missing;
	}
}

#ifdef __linux__
/* The console font's unicode map, or NULL when fd is no Linux console
 * (or the map cannot be read).  *n: its entries. */
static struct unipair *
console_map(int fd, unsigned short *n)
{
	struct unimapdesc ud = { 0 };
	struct unipair *pairs = NULL;
	unsigned short want = 1024;

	for (int tries = 0; tries < 3; tries++) {
		free(pairs);
		pairs = calloc(want, sizeof *pairs);
		if (pairs == NULL) {
			return NULL;
		}
		ud.entry_ct = want;
		ud.entries = pairs;
		if (ioctl(fd, GIO_UNIMAP, &ud) == 0) {
			*n = ud.entry_ct;
			return pairs;
		}
		if (errno != ENOMEM || ud.entry_ct <= want) {
			break;
		}
		want = ud.entry_ct; /* the kernel says how many it holds */
	}
	free(pairs);
	return NULL;
}
#endif

void
ui_glyphs_detect(int fd)
{
	const char *forced = getenv("PARVIS_GLYPHS");

	mark_all(false);
	if (forced != NULL && strcmp(forced, "ascii") == 0) {
		mark_all(true);
		return;
	}
	if (forced != NULL && strcmp(forced, "unicode") == 0) {
		return;
	}
#ifdef __linux__
	unsigned short n = 0;
	struct unipair *map = console_map(fd, &n);

	if (map == NULL) {
		return;
	}
	for (size_t i = 0; i < NGLYPHS; i++) {
		bool found = false;
		for (unsigned short j = 0; j < n && !found; j++) {
			found = map[j].unicode == (unsigned)glyphs[i].wc;
		}
		glyphs[i].missing = !found;
		replaced += !found;
	}
	free(map);
#else
	(void)fd;
#endif
}

static const struct glyph *
lookup(wchar_t wc)
{
	for (size_t i = 0; i < NGLYPHS; i++) {
		if (glyphs[i].wc == wc) {
			return &glyphs[i];
		}
	}
	return NULL;
}

wchar_t
ui_glyph(wchar_t wc)
{
	const struct glyph *g;

	if (wc < 0x80 || replaced == 0) {
		return wc;
	}
	g = lookup(wc);
	return g != NULL && g->missing ? g->ascii : wc;
}

void
ui_put_glyph(int y, int x, wchar_t wc)
{
	wchar_t s[2] = { ui_glyph(wc), 0 };

	mvaddwstr(y, x, s);
}

bool
ui_glyphs_blocks(void)
{
	return ui_glyph(L'▀') == L'▀' && ui_glyph(L'▄') == L'▄' &&
	    ui_glyph(L'█') == L'█';
}

int
ui_glyphs_replaced(void)
{
	return replaced;
}
