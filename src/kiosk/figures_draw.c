/*
 * Text drawing for the figures (see figures_draw.h).  Widths come from
 * mbrtowc() and wcwidth(): accents and block characters count for one
 * column; a character wcwidth() refuses (a control) is never printed;
 * text after invalid UTF-8 is left out.
 */
#include "figures_draw.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* Decodes the character at *s (of *len bytes) into its display width
 * (-1 for a character never drawn); returns its length in bytes, 0 at
 * the end or at invalid UTF-8 (the rest is not drawn). */
static size_t
next_char(const char *s, size_t len, mbstate_t *ps, int *width)
{
	wchar_t wc;
	size_t n = len > 0 ? mbrtowc(&wc, s, len, ps) : 0;

	if (n == (size_t)-1 || n == (size_t)-2) {
		return 0;
	}
	*width = n > 0 ? wcwidth(wc) : 0;
	return n;
}

int
figures_draw_width(const char *s)
{
	mbstate_t ps;
	size_t len = strlen(s), n;
	int width = 0, w;

	memset(&ps, 0, sizeof ps);
	n = next_char(s, len, &ps, &w);
	while (n > 0) {
		width += w > 0 ? w : 0;
		s += n;
		len -= n;
		n = next_char(s, len, &ps, &w);
	}
	return width;
}

void
figures_draw_pad(FILE *out, int n)
{
	for (; n > 0; n--) {
		fputc(' ', out);
	}
}

/* Prints the drawable characters of s in at most room columns; returns
 * the columns used. */
static int
put_chars(FILE *out, const char *s, int room)
{
	mbstate_t ps;
	size_t len = strlen(s), n;
	int used = 0, w;

	memset(&ps, 0, sizeof ps);
	n = next_char(s, len, &ps, &w);
	while (n > 0 && used + (w > 0 ? w : 0) <= room) {
		if (w >= 0) {
			fwrite(s, 1, n, out);
			used += w;
		}
		s += n;
		len -= n;
		n = next_char(s, len, &ps, &w);
	}
	return used;
}

/* Prints s in exactly width columns: cut with "…" when longer, padded
 * with spaces (before it when right is true) when shorter. */
void
figures_draw_fit(FILE *out, const char *s, int width, bool right)
{
	int total = figures_draw_width(s);
	int used;

	if (total > width) {
		used = put_chars(out, s, width - 1);
		fputs("…", out);
		figures_draw_pad(out, width - 1 - used);
		return;
	}
	if (right) {
		figures_draw_pad(out, width - total);
	}
	put_chars(out, s, total);
	if (!right) {
		figures_draw_pad(out, width - total);
	}
}

/* Words of text from column indent, wrapped before STATS_LINE_WIDTH; the
 * lines after the first start at column next. */
void
figures_draw_wrapped(FILE *out, int indent, int next, const char *text)
{
	char *copy = strdup(text), *save = NULL;
	int column = indent;
	bool line_start = true;

	figures_draw_pad(out, indent);
	for (char *w = copy != NULL ? strtok_r(copy, " ", &save) : NULL;
	     w != NULL; w = strtok_r(NULL, " ", &save)) {
		int width = figures_draw_width(w);

		if (!line_start && column + 1 + width > STATS_LINE_WIDTH) {
			fputc('\n', out);
			figures_draw_pad(out, next);
			column = next;
		} else if (!line_start) {
			fputc(' ', out);
			column++;
		}
		column += put_chars(out, w, width);
		line_start = false;
	}
	fputc('\n', out);
	free(copy);
}

/* A blank line, then "── title ─────...". */
void
figures_draw_section(FILE *out, const char *title)
{
	int width = figures_draw_width(title);

	if (width > STATS_LINE_WIDTH - 5) {
		width = STATS_LINE_WIDTH - 5;
	}
	fputs("\n── ", out);
	figures_draw_fit(out, title, width, false);
	fputc(' ', out);
	for (int used = 4 + width; used < STATS_LINE_WIDTH; used++) {
		fputs("─", out);
	}
	fputc('\n', out);
}

static void
put_bar(FILE *out, int64_t count, int64_t max, int width)
{
	static const char *const eighths[] = { "", "▏", "▎", "▍", "▌", "▋", "▊",
		"▉" };
	int64_t units = max > 0 ? (count * width * 8 + max / 2) / max : 0;

	if (count > 0 && units == 0) {
		units = 1;
	}
	for (int64_t i = 0; i < units / 8; i++) {
		fputs("█", out);
	}
	fputs(eighths[units % 8], out);
	figures_draw_pad(
	    out, width - (int)(units / 8) - (units % 8 > 0 ? 1 : 0));
}

/* count as a whole percentage of base, or "—" without a base. */
static void
put_percent(FILE *out, int64_t count, int64_t base)
{
	if (base <= 0) {
		figures_draw_fit(out, "—", STATS_PERCENT_WIDTH, true);
		return;
	}
	fprintf(
	    out, "%3lld %%", (long long)((count * 200 + base) / (2 * base)));
}

void
figures_chart_line(const struct figures_chart *c, const char *label,
    int64_t count, const char *extra)
{
	int bar = STATS_LINE_WIDTH - c->indent - STATS_LABEL_WIDTH - 2 -
	    STATS_COUNT_WIDTH - 2 - STATS_PERCENT_WIDTH -
	    (c->extra > 0 ? c->extra + 2 : 0);

	figures_draw_pad(c->out, c->indent);
	figures_draw_fit(c->out, label, STATS_LABEL_WIDTH, false);
	fputc(' ', c->out);
	put_bar(c->out, count, c->max, bar);
	fprintf(c->out, " %*lld  ", STATS_COUNT_WIDTH, (long long)count);
	put_percent(c->out, count, c->base);
	if (c->extra > 0) {
		fputs("  ", c->out);
		figures_draw_fit(
		    c->out, extra != NULL ? extra : "", c->extra, true);
	}
	fputc('\n', c->out);
}
