/*
 * Buttons, text and regions (see widgets.h).  UTF-8 text is decoded here
 * into wide characters so that widths are right for accented letters.
 */
#include "widgets.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "glyphs.h"
#include "utf8.h"

#define MAX_REGIONS 160

enum {
	PAIR_HEADER = 1,
	PAIR_PRIMARY,
	PAIR_SELECTED,
	PAIR_QR,
};

static struct region regions[MAX_REGIONS];
static int nregions;

void
widgets_init(void)
{
	if (has_colors()) {
		start_color();
		use_default_colors();
		init_pair(PAIR_HEADER, COLOR_WHITE, COLOR_BLUE);
		init_pair(PAIR_PRIMARY, COLOR_BLACK, COLOR_GREEN);
		init_pair(PAIR_SELECTED, COLOR_BLACK, COLOR_YELLOW);
		init_pair(PAIR_QR, COLOR_WHITE, COLOR_BLACK);
	}
}

bool
ui_begin_screen(void)
{
	erase();
	ui_regions_clear();
	if (LINES >= 24 && COLS >= 80) {
		return true;
	}
	ui_put_centered(
	    LINES / 2 - 1, "Agrandissez la fenêtre (80 × 24 minimum)");
	ui_put_centered(
	    LINES / 2 + 1, "Please enlarge the window (80 × 24 minimum)");
	return false;
}

void
ui_regions_clear(void)
{
	nregions = 0;
}

const struct region *
ui_region_at(int y, int x)
{
	for (int i = nregions - 1; i >= 0; i--) {
		const struct region *r = &regions[i];
		if (y >= r->y && y < r->y + r->h && x >= r->x &&
		    x < r->x + r->w) {
			return r;
		}
	}
	return NULL;
}

/* Copies label without the arrows and marks drawn around it. */
static void
plain_label(const char *label, char *out, size_t size)
{
	static const char *const marks[] = { "◂ ", " ▸", "● ", "○ ", "✓ " };
	char buf[128];

	snprintf(buf, sizeof buf, "%s", label);
	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
		char *m = strstr(buf, marks[i]);
		if (m != NULL) {
			memmove(m, m + strlen(marks[i]),
			    strlen(m + strlen(marks[i])) + 1);
		}
	}
	snprintf(out, size, "%s", buf);
}

const struct region *
ui_region_find(const char *label)
{
	char want[128];

	plain_label(label, want, sizeof want);
	for (int i = 0; i < nregions; i++) {
		if (strcmp(regions[i].label, want) == 0) {
			return &regions[i];
		}
	}
	return NULL;
}

static void
region_add(int y, int x, int h, int w, struct input in, const char *label)
{
	struct region *r;

	if (nregions == MAX_REGIONS) {
		return;
	}
	r = &regions[nregions++];
	*r = (struct region){ .y = y, .x = x, .h = h, .w = w, .input = in };
	plain_label(label, r->label, sizeof r->label);
}

void
ui_hotspot(int y, int x, int h, int w, struct input in)
{
	region_add(y, x, h, w, in, "");
}

int
ui_width(const char *text)
{
	size_t len = strlen(text);
	int width = 0;
	uint32_t cp;

	for (size_t i = 0; i < len;) {
		size_t n = utf8_decode(text + i, len - i, &cp);
		int w;
		if (n == 0) {
			n = 1;
			cp = '?';
		}
		w = wcwidth((wchar_t)cp);
		width += w > 0 ? w : 0;
		i += n;
	}
	return width;
}

/* Writes at most w columns of text[0..len); returns the columns used. */
static int
put_span(int y, int x, int w, const char *text, size_t len)
{
	int used = 0;
	uint32_t cp;

	for (size_t i = 0; i < len;) {
		size_t n = utf8_decode(text + i, len - i, &cp);
		wchar_t wc[2] = { 0, 0 };
		int cw;
		if (n == 0) {
			n = 1, cp = 0xFFFD;
		}
		i += n;
		cw = wcwidth((wchar_t)cp);
		if (cw < 0 || utf8_is_unsafe(cp)) {
			continue; /* never draw a control character */
		}
		if (used + cw > w) {
			break;
		}
		wc[0] = ui_glyph((wchar_t)cp);
		mvaddwstr(y, x + used, wc);
		used += cw;
	}
	return used;
}

void
ui_put(int y, int x, int w, const char *text)
{
	size_t len = strlen(text);
	int used;

	if (w <= 0) {
		return;
	}
	if (ui_width(text) <= w) {
		put_span(y, x, w, text, len);
		return;
	}
	used = put_span(y, x, w - 1, text, len);
	ui_put_glyph(y, x + used, L'…');
}

void
ui_put_centered(int y, const char *text)
{
	int w = ui_width(text);
	int x = (COLS - w) / 2;

	ui_put(y, x < 0 ? 0 : x, COLS, text);
}

/* Length in bytes of the longest prefix of text[0..len) that fits in w
 * columns, cut after a space when possible. */
static size_t
fit_line(const char *text, size_t len, int w, size_t *next)
{
	size_t i = 0;
	size_t last_space = 0;
	int used = 0;
	uint32_t cp;

	while (i < len) {
		size_t n = utf8_decode(text + i, len - i, &cp);
		int cw;
		if (n == 0) {
			n = 1, cp = '?';
		}
		if (cp == '\n') {
			*next = i + 1;
			return i;
		}
		cw = wcwidth((wchar_t)cp);
		if (used + (cw > 0 ? cw : 0) > w) {
			break;
		}
		if (cp == ' ') {
			last_space = i;
		}
		used += cw > 0 ? cw : 0;
		i += n;
	}
	if (i >= len) {
		*next = len;
		return len;
	}
	if (last_space > 0) {
		*next = last_space + 1;
		return last_space;
	}
	*next = i;
	return i;
}

int
ui_wrap(int y, int x, int w, int max_rows, const char *text)
{
	size_t len = strlen(text);
	size_t pos = 0;
	int rows = 0;

	while (pos < len && rows < max_rows) {
		size_t next;
		size_t n = fit_line(text + pos, len - pos, w, &next);
		if (rows == max_rows - 1 && pos + next < len) {
			char line[1024];
			snprintf(
			    line, sizeof line, "%.*s…", (int)n, text + pos);
			ui_put(y + rows, x, w, line);
		} else {
			put_span(y + rows, x, w, text + pos, n);
		}
		pos += next;
		rows++;
	}
	return rows;
}

void
ui_box(int y, int x, int h, int w)
{
	/* Box-drawing characters as text, so that screen dumps read the same
	 * characters the terminal shows. */
	for (int c = x + 1; c < x + w - 1; c++) {
		ui_put_glyph(y, c, L'─');
		ui_put_glyph(y + h - 1, c, L'─');
	}
	for (int r = y + 1; r < y + h - 1; r++) {
		ui_put_glyph(r, x, L'│');
		ui_put_glyph(r, x + w - 1, L'│');
	}
	ui_put_glyph(y, x, L'┌');
	ui_put_glyph(y, x + w - 1, L'┐');
	ui_put_glyph(y + h - 1, x, L'└');
	ui_put_glyph(y + h - 1, x + w - 1, L'┘');
}

static attr_t
style_attr(enum button_style style)
{
	switch (style) {
	case BUTTON_SELECTED:
		return A_BOLD |
		    (has_colors() ? COLOR_PAIR(PAIR_SELECTED) : A_REVERSE);
	case BUTTON_PRIMARY:
		return A_BOLD |
		    (has_colors() ? COLOR_PAIR(PAIR_PRIMARY) : A_REVERSE);
	case BUTTON_DISABLED:
		return A_DIM;
	default:
		return A_NORMAL;
	}
}

void
ui_button(int y, int x, int w, const char *label, enum button_style style,
    struct input in)
{
	attr_t attr = style_attr(style);
	int lw;

	if (w < 3) {
		return;
	}
	attron(attr);
	mvhline(y + 1, x + 1, ' ', w - 2);
	ui_box(y, x, 3, w);
	lw = ui_width(label);
	if (lw > w - 2) {
		lw = w - 2;
	}
	ui_put(y + 1, x + 1 + (w - 2 - lw) / 2, w - 2, label);
	attroff(attr);
	if (style != BUTTON_DISABLED) {
		region_add(y, x, 3, w, in, label);
	}
}

void
ui_bold(bool on)
{
	if (on) {
		attron(A_BOLD);
	} else {
		attroff(A_BOLD);
	}
}

void
ui_dim(bool on)
{
	if (on) {
		attron(A_DIM);
	} else {
		attroff(A_DIM);
	}
}

void
ui_header_colors(bool on)
{
	attr_t a = has_colors() ? COLOR_PAIR(PAIR_HEADER) : A_REVERSE;

	if (on) {
		attron(a);
	} else {
		attroff(a);
	}
}

void
ui_qr_colors(bool on)
{
	if (!has_colors()) {
		return;
	}
	if (on) {
		attron(COLOR_PAIR(PAIR_QR));
	} else {
		attroff(COLOR_PAIR(PAIR_QR));
	}
}
