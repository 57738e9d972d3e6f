/*
 * The question screens, one drawing per type (see draw.h).  The prompt
 * sits at the top, the answer area under it, the navigation bar at the
 * bottom; keyboards sit just above the navigation bar.
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "communes_view.h"
#include "draw_parts.h"
#include "i18n.h"
#include "keyboard.h"

static bool
first_visible(const struct journey *j)
{
	for (size_t i = 0; i < j->current; i++) {
		if (form_question_visible(j->form, i, j->answers)) {
			return false;
		}
	}
	return true;
}

static const char *
option_label(const struct journey *j, const struct question *q, size_t k,
    char *buf, size_t size)
{
	const struct answer *a = &j->answers[j->current];

	switch (q->type) {
	case Q_SCALE:
		snprintf(buf, size, "%lld", (long long)(q->min + (int64_t)k));
		return buf;
	case Q_CONSENT:
		return k == 0 ? _("Yes") : _("No");
	default:
		break;
	}
	if (k < q->noptions) {
		return form_text(&q->options[k].label, j->lang);
	}
	if (a->other != NULL) {
		snprintf(buf, size, _("Other: %s"), a->other);
		return buf;
	}
	return _("Other…");
}

static const char *
option_value(const struct question *q, size_t k, char *buf, size_t size)
{
	switch (q->type) {
	case Q_SCALE:
		snprintf(buf, size, "%lld", (long long)(q->min + (int64_t)k));
		return buf;
	case Q_CONSENT:
		return k == 0 ? "oui" : "non";
	default:
		return k < q->noptions ? q->options[k].key : "other";
	}
}

/* Position (1-based) of value in a rank answer, 0 when not ranked. */
static size_t
rank_of(const struct answer *a, const char *value)
{
	for (size_t i = 0; i < a->nvalues; i++) {
		if (strcmp(a->values[i], value) == 0) {
			return i + 1;
		}
	}
	return 0;
}

static void
draw_options(const struct journey *j, const struct question *q)
{
	const struct answer *a = &j->answers[j->current];
	struct grid g;
	size_t n;

	layout_current_grid(j, &g, &n);
	draw_prompt(j, g.top - 3);
	for (size_t s = 0; s < g.per_page; s++) {
		size_t k = j->page * g.per_page + s;
		char label[300], value_buf[256], value[32], corner[16];
		const char *v;
		size_t rank;

		if (k >= n) {
			break;
		}
		v = option_value(q, k, value, sizeof value);
		rank = rank_of(a, v);
		snprintf(corner, sizeof corner, _("no. %zu"), rank);
		/* A mark as well as a colour: monochrome screens, colour
		 * blindness, and screen dumps all see it. */
		snprintf(label, sizeof label, "%s%s",
		    rank > 0 && q->type != Q_RANK ? "✓ " : "",
		    option_label(j, q, k, value_buf, sizeof value_buf));
		draw_grid_button(&g, s, label,
		    rank > 0 ? BUTTON_SELECTED : BUTTON_NORMAL,
		    draw_act(ACTION_OPTION, (int)s),
		    q->type == Q_RANK && rank > 0 ? corner : NULL);
	}
	if (q->type == Q_SCALE) {
		int y = g.top + g.height;
		if (q->min_label.fr != NULL) {
			ui_put(y, g.left, COLS / 2 - 4,
			    form_text(&q->min_label, j->lang));
		}
		if (q->max_label.fr != NULL) {
			const char *t = form_text(&q->max_label, j->lang);
			int w = ui_width(t);
			ui_put(y, COLS - MARGIN - (w < COLS / 2 ? w : COLS / 2),
			    COLS / 2 - 4, t);
		}
	}
	draw_page_buttons(j, &g, n);
}

static void
draw_text_entry(const struct journey *j, const char *placeholder)
{
	int kb = layout_keyboard_top(j, keyboard_rows(KEYBOARD_TEXT));

	draw_prompt(j, kb - 3 - 2 - 1);
	draw_field(j, kb - 3, placeholder);
	keyboard_draw(kb, KEYBOARD_TEXT, j->keyboard, false);
}

static void
draw_other(const struct journey *j)
{
	int kb = layout_keyboard_top(j, keyboard_rows(KEYBOARD_TEXT));

	ui_bold(true);
	ui_wrap(2, MARGIN, COLS - 2 * MARGIN, kb - 6,
	    _("Other: say it in your own words"));
	ui_bold(false);
	draw_field(j, kb - 3, NULL);
	keyboard_draw(kb, KEYBOARD_TEXT, j->keyboard, false);
	draw_nav(j, _("◂ Cancel"), _("OK ▸"), BUTTON_PRIMARY, ACTION_OK);
}

static void
draw_number(const struct journey *j, const struct question *q)
{
	int top = layout_content_top(j);

	draw_prompt(j, top - 3);
	draw_field(j, top, NULL);
	keyboard_draw(top + 4, KEYBOARD_NUMBER, KEYBOARD_LOWER, q->min < 0);
}

static void
draw_commune(const struct journey *j)
{
	const struct answer *a = &j->answers[j->current];
	int results = layout_commune_results_top(j);
	char chosen[160] = "";
	struct grid g;
	size_t n;

	if (a->answered) {
		const struct commune *c =
		    communes_find(j->communes, a->values[0]);
		snprintf(chosen, sizeof chosen, "✓ %s",
		    c != NULL ? c->name : _("Outside the territory"));
	}
	draw_prompt(j, results - 3 - 2);
	draw_field(j, results - 3,
	    a->answered ? chosen : _("Type the first letters of your commune"));
	layout_current_grid(j, &g, &n);
	for (size_t s = 0; s < g.per_page; s++) {
		size_t k = j->page * g.per_page + s;
		const struct commune *c;
		const char *v;

		if (k >= n) {
			break;
		}
		char label[160];
		bool picked;

		v = communes_view_item(j->communes, j->field.buf, k, &c);
		picked = a->answered && strcmp(a->values[0], v) == 0;
		snprintf(label, sizeof label, "%s%s", picked ? "✓ " : "",
		    c != NULL ? c->name : _("Outside the territory"));
		draw_grid_button(&g, s, label,
		    picked ? BUTTON_SELECTED : BUTTON_NORMAL,
		    draw_act(ACTION_OPTION, (int)s), NULL);
	}
	keyboard_draw(
	    layout_keyboard_top(j, 3), KEYBOARD_LETTERS, KEYBOARD_UPPER, false);
	draw_page_buttons(j, &g, n);
}

static void
draw_question_nav(const struct journey *j, const struct question *q)
{
	const struct answer *a = &j->answers[j->current];
	const char *back = first_visible(j) ? NULL : _("◂ Previous");

	if (q->type == Q_INFO || (a->answered && form_answer_valid(q, a))) {
		draw_nav(j, back, _("Next ▸"), BUTTON_PRIMARY, ACTION_NEXT);
	} else if (!q->required && !a->answered) {
		draw_nav(j, back, _("Skip ▸"), BUTTON_NORMAL, ACTION_SKIP);
	} else {
		draw_nav(j, back, _("Next ▸"), BUTTON_DISABLED, ACTION_NEXT);
	}
}

void
draw_question(const struct journey *j)
{
	const struct question *q = &j->form->questions[j->current];
	size_t pos, total;
	char progress[64];

	journey_progress(j, &pos, &total);
	snprintf(
	    progress, sizeof progress, _("Question %zu / %zu"), pos, total);
	draw_header(form_text(&j->form->title, j->lang), progress);
	draw_hint(j);
	if (j->editing_other) {
		draw_other(j);
		return;
	}
	switch (q->type) {
	case Q_INFO:
		draw_prompt(j, LINES - 7);
		break;
	case Q_TEXT:
		draw_text_entry(j, _("Type here, or on your keyboard"));
		break;
	case Q_NUMBER:
		draw_number(j, q);
		break;
	case Q_COMMUNE:
		draw_commune(j);
		break;
	default:
		draw_options(j, q);
		break;
	}
	draw_question_nav(j, q);
}
