/*
 * Screen geometry from the state alone (see layout.h).  Rows, from the
 * top: 0 the header, 1 a hint, 2.. the prompt, then the content; the last
 * three rows are the navigation bar.
 */
#include "layout.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "communes_view.h"
#include "utf8.h"

#define MARGIN 2
#define PROMPT_TOP 2

bool
layout_too_small(const struct journey *j)
{
	return j->lines < LAYOUT_MIN_LINES || j->cols < LAYOUT_MIN_COLS;
}

/* Columns a code point takes; unprintable ones take none. */
static int
cp_width(uint32_t cp)
{
	int w = wcwidth((wchar_t)cp);
	return w < 0 ? 0 : w;
}

int
layout_wrapped_rows(const char *text, int width)
{
	int rows = 1;
	int col = 0;
	int word = 0; /* width of the word being read */
	size_t len = strlen(text);
	uint32_t cp;

	if (width < 1 || *text == '\0') {
		return *text == '\0' ? 0 : 1;
	}
	for (size_t i = 0; i < len;) {
		size_t n = utf8_decode(text + i, len - i, &cp);
		if (n == 0) {
			n = 1, cp = '?';
		}
		i += n;
		if (cp == '\n') {
			rows++, col = 0, word = 0;
		} else if (cp == ' ') {
			col++, word = 0;
		} else {
			int w = cp_width(cp);
			if (col + w > width) {
				rows++;
				col = word < width ? word : 0;
			}
			col += w, word += w;
		}
	}
	return rows;
}

static int
prompt_rows(const struct journey *j)
{
	const struct question *q = &j->form->questions[j->current];
	int width = j->cols - 2 * MARGIN;
	int rows = layout_wrapped_rows(form_text(&q->prompt, j->lang), width);

	if (q->help.fr != NULL) {
		rows +=
		    layout_wrapped_rows(form_text(&q->help, j->lang), width);
	}
	return rows;
}

int
layout_content_top(const struct journey *j)
{
	return PROMPT_TOP + prompt_rows(j) + 1;
}

void
layout_grid(const struct journey *j, size_t n, int top, int bottom, int ncols,
    struct grid *g)
{
	int usable = j->cols - 2 * MARGIN;
	int rows;

	memset(g, 0, sizeof *g);
	g->gap_x = 2;
	g->gap_y = 1;
	g->height = LAYOUT_BUTTON_H;
	g->cols = ncols < 1 ? 1 : ncols;
	g->width = (usable - (g->cols - 1) * g->gap_x) / g->cols;
	g->left = MARGIN;
	g->top = top;
	rows = (bottom - top + 1 + g->gap_y) / (g->height + g->gap_y);
	g->rows = rows < 1 ? 1 : rows;
	if ((size_t)(g->rows * g->cols) > n && n > 0) {
		g->rows = (int)((n + (size_t)g->cols - 1) / (size_t)g->cols);
	}
	g->per_page = (size_t)(g->rows * g->cols);
}

size_t
layout_pages(const struct grid *g, size_t n)
{
	if (g->per_page == 0 || n == 0) {
		return 1;
	}
	return (n + g->per_page - 1) / g->per_page;
}

/* Bottom row of the content, above a blank row and the navigation bar. */
static int
content_bottom(const struct journey *j)
{
	return j->lines - LAYOUT_NAV_H - 2;
}

static void
question_grid(const struct journey *j, struct grid *g, size_t *n)
{
	const struct question *q = &j->form->questions[j->current];
	int top = layout_content_top(j);
	int ncols = j->cols >= 120 ? 3 : 2;

	switch (q->type) {
	case Q_CHOICE:
	case Q_CHOICES:
		*n = q->noptions + (q->other ? 1 : 0);
		break;
	case Q_RANK:
		*n = q->noptions;
		break;
	case Q_SCALE:
		*n = (size_t)(q->max - q->min + 1);
		ncols = (int)*n;
		break;
	case Q_CONSENT:
		*n = 2;
		break;
	case Q_COMMUNE:
		*n = communes_view_count(j->communes, j->field.buf);
		layout_grid(j, *n, layout_commune_results_top(j),
		    layout_commune_results_top(j) + 2, 3, g);
		return;
	default:
		*n = 0;
		break;
	}
	layout_grid(j, *n, top, content_bottom(j), ncols, g);
}

void
layout_current_grid(const struct journey *j, struct grid *g, size_t *n)
{
	memset(g, 0, sizeof *g);
	*n = 0;
	if (j->screen == SCREEN_CHOOSE) {
		*n = j->nforms;
		layout_grid(j, *n, 3, content_bottom(j), 1, g);
	} else if (j->screen == SCREEN_QUESTION && !j->editing_other) {
		question_grid(j, g, n);
	}
}

int
layout_keyboard_top(const struct journey *j, int key_rows)
{
	return j->lines - LAYOUT_NAV_H - 1 - key_rows * LAYOUT_BUTTON_H;
}

int
layout_commune_results_top(const struct journey *j)
{
	return layout_keyboard_top(j, 3) - 1 - LAYOUT_BUTTON_H;
}
