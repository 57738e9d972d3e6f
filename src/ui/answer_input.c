/*
 * What an action does to the answer of the current question, type by
 * type: picking options, ranking, typing text, a number, a commune, and
 * the "Autre : ..." entry.
 */
#include <stdio.h>
#include <string.h>

#include "communes_view.h"
#include "field.h"
#include "i18n.h"
#include "journey.h"
#include "layout.h"

/* Index on the whole list of the option tapped on this page, or -1. */
static long
option_index(const struct journey *j, const struct input *in)
{
	struct grid g;
	size_t n;
	size_t k;

	layout_current_grid(j, &g, &n);
	if (in->arg < 0 || (size_t)in->arg >= g.per_page) {
		return -1;
	}
	k = j->page * g.per_page + (size_t)in->arg;
	return k < n ? (long)k : -1;
}

static void
turn_page(struct journey *j, int delta)
{
	struct grid g;
	size_t n;

	layout_current_grid(j, &g, &n);
	if (delta < 0 && j->page > 0) {
		j->page--;
	} else if (delta > 0 && j->page + 1 < layout_pages(&g, n)) {
		j->page++;
	}
}

static void
open_other(struct journey *j, struct answer *a)
{
	j->editing_other = true;
	j->keyboard = KEYBOARD_LOWER;
	field_clear(&j->field, 200);
	if (a->other != NULL) {
		field_set(&j->field, a->other);
	}
}

static void
close_other(struct journey *j, struct answer *a, bool keep)
{
	const struct question *q = &j->form->questions[j->current];

	j->editing_other = false;
	if (!keep || j->field.len == 0) {
		return;
	}
	answer_set_other(a, j->field.buf);
	if (q->type == Q_CHOICE) {
		answer_set(a, "other");
	} else if (!answer_has(a, "other")) {
		answer_add(a, "other");
	}
}

static void
pick_choice(struct journey *j, struct answer *a, long k)
{
	const struct question *q = &j->form->questions[j->current];

	if ((size_t)k == q->noptions) {
		open_other(j, a);
		return;
	}
	answer_set(a, q->options[k].key);
	answer_set_other(a, NULL);
}

static void
pick_choices(struct journey *j, struct answer *a, long k)
{
	const struct question *q = &j->form->questions[j->current];
	const char *key =
	    (size_t)k == q->noptions ? "other" : q->options[k].key;

	j->hint[0] = '\0';
	if (answer_remove(a, key)) {
		if (strcmp(key, "other") == 0) {
			answer_set_other(a, NULL);
		}
		return;
	}
	if ((int64_t)a->nvalues >= q->max) {
		snprintf(j->hint, sizeof j->hint,
		    ngettext("At most %d choice.", "At most %d choices.",
		        (unsigned long)q->max),
		    (int)q->max);
		return;
	}
	if (strcmp(key, "other") == 0) {
		open_other(j, a);
	} else {
		answer_add(a, key);
	}
}

/* A tap on a rank's option takes it out, or gives it the next place
 * while fewer than max are ranked ("your three priorities"). */
static void
pick_rank(struct journey *j, struct answer *a, long k)
{
	const struct question *q = &j->form->questions[j->current];

	j->hint[0] = '\0';
	if (answer_remove(a, q->options[k].key)) {
		return;
	}
	if ((int64_t)a->nvalues >= q->max) {
		snprintf(j->hint, sizeof j->hint,
		    ngettext("%d place only: tap one to take it out.",
		        "%d places only: tap one to take it out.",
		        (unsigned long)q->max),
		    (int)q->max);
		return;
	}
	answer_add(a, q->options[k].key);
}

static void
pick(struct journey *j, struct answer *a, long k)
{
	const struct question *q = &j->form->questions[j->current];
	char num[24];

	switch (q->type) {
	case Q_CHOICE:
		pick_choice(j, a, k);
		break;
	case Q_CHOICES:
		pick_choices(j, a, k);
		break;
	case Q_RANK:
		pick_rank(j, a, k);
		break;
	case Q_SCALE:
		snprintf(num, sizeof num, "%lld", (long long)(q->min + k));
		answer_set(a, num);
		break;
	case Q_CONSENT:
		answer_set(a, k == 0 ? "oui" : "non");
		break;
	case Q_COMMUNE:
		answer_set(a,
		    communes_view_item(
		        j->communes, j->field.buf, (size_t)k, NULL));
		break;
	default:
		break;
	}
}

/* Keeps the answer of a text or number question in step with the field. */
static void
sync_field_answer(struct journey *j, struct answer *a)
{
	if (j->field.len == 0) {
		answer_clear(a);
	} else {
		answer_set(a, j->field.buf);
	}
}

enum request_kind
journey_question_input(struct journey *j, const struct input *in)
{
	const struct question *q = &j->form->questions[j->current];
	struct answer *a = &j->answers[j->current];
	long k;

	if (j->editing_other) {
		if (in->action == ACTION_OK || in->action == ACTION_NEXT) {
			close_other(j, a, true);
		} else if (in->action == ACTION_CANCEL ||
		    in->action == ACTION_BACK) {
			close_other(j, a, false);
		} else {
			field_type(&j->field, &j->keyboard, in);
		}
		return REQUEST_NONE;
	}
	switch (in->action) {
	case ACTION_OPTION:
		k = option_index(j, in);
		if (k >= 0) {
			pick(j, a, k);
		}
		break;
	case ACTION_PAGE_PREV:
		turn_page(j, -1);
		break;
	case ACTION_PAGE_NEXT:
		turn_page(j, +1);
		break;
	case ACTION_CLEAR:
		answer_clear(a);
		break;
	case ACTION_OTHER:
		if (q->other) {
			open_other(j, a);
		}
		break;
	default:
		if (q->type == Q_NUMBER && in->action == ACTION_CHAR &&
		    !(in->ch >= '0' && in->ch <= '9') &&
		    !(in->ch == '-' && j->field.len == 0 && q->min < 0)) {
			break;
		}
		if (field_type(&j->field, &j->keyboard, in)) {
			if (q->type == Q_COMMUNE) {
				j->page = 0;
			} else if (q->type == Q_TEXT || q->type == Q_NUMBER) {
				sync_field_answer(j, a);
			}
		}
		break;
	}
	return REQUEST_NONE;
}
