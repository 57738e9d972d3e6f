/*
 * The passer-by's journey (see journey.h): one handler per screen, each
 * taking an action and changing the state, and the timers.
 */
#include "journey.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "i18n.h"
#include "layout.h"
#include "draw.h"

void
journey_init(struct journey *j, const struct journey_settings *s,
    const struct form *const *forms, size_t nforms,
    const struct communes *communes, int64_t now_ms)
{
	memset(j, 0, sizeof *j);
	j->settings = s;
	j->forms = forms;
	j->nforms = nforms;
	j->communes = communes;
	j->lines = LAYOUT_MIN_LINES;
	j->cols = LAYOUT_MIN_COLS;
	j->lang = s->default_lang;
	j->finished_ms = INT64_MIN / 2;
	j->now_ms = now_ms;
	j->last_input_ms = now_ms;
}

static void
free_answers(struct journey *j)
{
	if (j->answers != NULL && j->form != NULL) {
		for (size_t i = 0; i < j->form->nquestions; i++) {
			answer_clear(&j->answers[i]);
		}
	}
	free(j->answers);
	j->answers = NULL;
}

void
journey_finish(struct journey *j)
{
	free_answers(j);
}

void
journey_set_forms(
    struct journey *j, const struct form *const *forms, size_t nforms)
{
	j->forms = forms;
	j->nforms = nforms;
}

void
journey_resize(struct journey *j, int lines, int cols)
{
	struct grid g;
	size_t n;

	j->lines = lines;
	j->cols = cols;
	if (layout_too_small(j)) {
		return;
	}
	layout_current_grid(j, &g, &n);
	if (j->page >= layout_pages(&g, n)) {
		j->page = layout_pages(&g, n) - 1;
	}
}

bool
journey_in_session(const struct journey *j)
{
	return j->screen == SCREEN_CHOOSE || j->screen == SCREEN_INTRO ||
	    j->screen == SCREEN_QUESTION;
}

bool
journey_has_answers(const struct journey *j)
{
	if (j->answers == NULL) {
		return false;
	}
	for (size_t i = 0; i < j->form->nquestions; i++) {
		if (j->answers[i].answered) {
			return true;
		}
	}
	return false;
}

void
journey_reset(struct journey *j)
{
	free_answers(j);
	j->form = NULL;
	j->screen = SCREEN_ATTRACT;
	j->lang = j->settings->default_lang;
	i18n_set_lang(j->lang);
	j->still_there = false;
	j->editing_other = false;
	j->hint[0] = '\0';
	j->pin[0] = '\0';
	field_clear(&j->field, 0);
}

static const struct question *
current_question(const struct journey *j)
{
	return &j->form->questions[j->current];
}

/* First visible question at or after i; nquestions when none. */
static size_t
next_visible(const struct journey *j, size_t i)
{
	while (i < j->form->nquestions &&
	    !form_question_visible(j->form, i, j->answers)) {
		i++;
	}
	return i;
}

/* Last visible question before i; SIZE_MAX when none. */
static size_t
prev_visible(const struct journey *j, size_t i)
{
	while (i-- > 0) {
		if (form_question_visible(j->form, i, j->answers)) {
			return i;
		}
	}
	return SIZE_MAX;
}

void
journey_progress(const struct journey *j, size_t *pos, size_t *total)
{
	*pos = 0;
	*total = 0;
	for (size_t i = 0; i < j->form->nquestions; i++) {
		if (form_question_visible(j->form, i, j->answers)) {
			(*total)++;
			if (i <= j->current) {
				(*pos)++;
			}
		}
	}
}

/* Shows question i, with its entry field filled from the answer. */
static void
show_question(struct journey *j, size_t i)
{
	const struct question *q = &j->form->questions[i];
	const struct answer *a = &j->answers[i];

	j->screen = SCREEN_QUESTION;
	j->current = i;
	j->page = 0;
	j->hint[0] = '\0';
	j->editing_other = false;
	j->keyboard = KEYBOARD_LOWER;
	field_clear(&j->field,
	    q->type == Q_TEXT         ? (size_t)q->max_length
	        : q->type == Q_NUMBER ? 12
	                              : 40);
	if ((q->type == Q_TEXT || q->type == Q_NUMBER) && a->answered) {
		field_set(&j->field, a->values[0]);
	}
}

static void
begin_form(struct journey *j, const struct form *form)
{
	free_answers(j);
	j->form = form;
	j->answers = calloc(form->nquestions, sizeof *j->answers);
	j->started_ms = j->now_ms;
	j->screen = SCREEN_INTRO;
	j->page = 0;
}

/* The hidden gesture of the animator: three taps on the top right corner
 * of the attract screen within three seconds open the PIN pad (F10 does
 * the same from a keyboard). */
static bool
corner_tapped(struct journey *j)
{
	int64_t now = j->now_ms;

	if (j->corner_taps == 0 || now - j->corner_first_ms > 3000) {
		j->corner_taps = 0;
		j->corner_first_ms = now;
	}
	return ++j->corner_taps == 3;
}

static enum request_kind
handle_attract(struct journey *j, const struct input *in)
{
	bool resting = j->now_ms < j->finished_ms + j->settings->between_ms;

	if (in->action == ACTION_CORNER && !corner_tapped(j)) {
		return REQUEST_NONE;
	}
	if (in->action == ACTION_EXIT || in->action == ACTION_CORNER) {
		j->corner_taps = 0;
		j->screen = SCREEN_PIN;
		j->pin[0] = '\0';
		j->hint[0] = '\0';
	} else if ((in->action == ACTION_START || in->action == ACTION_NEXT) &&
	    j->nforms > 0 && !resting) {
		if (j->nforms == 1) {
			begin_form(j, j->forms[0]);
		} else {
			j->screen = SCREEN_CHOOSE;
			j->page = 0;
		}
	}
	return REQUEST_NONE;
}

static enum request_kind
handle_choose(struct journey *j, const struct input *in)
{
	struct grid g;
	size_t n;

	layout_current_grid(j, &g, &n);
	if (in->action == ACTION_FORM && in->arg >= 0 &&
	    (size_t)in->arg < j->nforms) {
		begin_form(j, j->forms[in->arg]);
	} else if (in->action == ACTION_OPTION) {
		size_t k = j->page * g.per_page + (size_t)in->arg;
		if (in->arg >= 0 && (size_t)in->arg < g.per_page && k < n) {
			begin_form(j, j->forms[k]);
		}
	} else if (in->action == ACTION_BACK) {
		journey_reset(j);
	}
	return REQUEST_NONE;
}

static enum request_kind
handle_intro(struct journey *j, const struct input *in)
{
	size_t first;

	if (in->action == ACTION_BACK) {
		if (j->nforms > 1) {
			free_answers(j);
			j->form = NULL;
			j->screen = SCREEN_CHOOSE;
		} else {
			journey_reset(j);
		}
	} else if (in->action == ACTION_NEXT || in->action == ACTION_START) {
		first = next_visible(j, 0);
		if (first == j->form->nquestions) {
			return REQUEST_SUBMIT;
		}
		show_question(j, first);
	}
	return REQUEST_NONE;
}

/* Moves on from the current question: the next visible one, or the end. */
static enum request_kind
advance(struct journey *j)
{
	size_t next = next_visible(j, j->current + 1);

	if (next == j->form->nquestions) {
		return REQUEST_SUBMIT;
	}
	show_question(j, next);
	return REQUEST_NONE;
}

static void
go_back(struct journey *j)
{
	size_t prev = prev_visible(j, j->current);

	if (prev == SIZE_MAX) {
		j->screen = SCREEN_INTRO;
	} else {
		show_question(j, prev);
	}
}

static enum request_kind
handle_pin(struct journey *j, const struct input *in)
{
	size_t len = strlen(j->pin);

	if (in->action == ACTION_CANCEL || in->action == ACTION_BACK) {
		journey_reset(j);
	} else if (j->now_ms < j->pin_locked_until_ms) {
		return REQUEST_NONE;
	} else if (in->action == ACTION_CHAR && in->ch >= '0' &&
	    in->ch <= '9' && len + 1 < sizeof j->pin) {
		j->pin[len] = (char)in->ch;
		j->pin[len + 1] = '\0';
	} else if (in->action == ACTION_ERASE && len > 0) {
		j->pin[len - 1] = '\0';
	} else if ((in->action == ACTION_OK || in->action == ACTION_NEXT) &&
	    len > 0) {
		return REQUEST_CHECK_PIN;
	}
	return REQUEST_NONE;
}

void
journey_pin_checked(struct journey *j, bool ok, int64_t now_ms)
{
	int64_t delay;

	j->now_ms = now_ms;
	j->pin[0] = '\0';
	if (ok) {
		j->pin_failures = 0;
		return;
	}
	/* Each wrong PIN doubles the wait: 1 s, 2 s, 4 s ... up to 5 min. */
	j->pin_failures++;
	delay = 1000LL << (j->pin_failures < 10 ? j->pin_failures - 1 : 9);
	if (delay > 300000) {
		delay = 300000;
	}
	j->pin_locked_until_ms = now_ms + delay;
	snprintf(j->hint, sizeof j->hint, "%s", _("Wrong code."));
}

void
journey_saved(struct journey *j, const char *receipt, int64_t now_ms)
{
	snprintf(j->receipt, sizeof j->receipt, "%s", receipt);
	j->screen = SCREEN_THANKS;
	j->now_ms = now_ms;
	j->thanks_since_ms = now_ms;
	j->finished_ms = j->thanks_since_ms;
	j->error[0] = '\0';
}

void
journey_save_failed(struct journey *j, const char *message)
{
	snprintf(j->error, sizeof j->error, "%s", message);
	j->screen = SCREEN_SAVE_ERROR;
}

enum input_context
journey_context(const struct journey *j)
{
	if (j->screen == SCREEN_PIN) {
		return CONTEXT_DIGITS;
	}
	if (j->screen != SCREEN_QUESTION || j->still_there) {
		return CONTEXT_BUTTONS;
	}
	if (j->editing_other) {
		return CONTEXT_TEXT;
	}
	switch (current_question(j)->type) {
	case Q_TEXT:
		return CONTEXT_TEXT;
	case Q_COMMUNE:
		return CONTEXT_SEARCH;
	case Q_NUMBER:
		return CONTEXT_DIGITS;
	default:
		return CONTEXT_BUTTONS;
	}
}

static enum request_kind
handle_question(struct journey *j, const struct input *in)
{
	/* Backspace with nothing left to erase goes back, as elsewhere. */
	bool erase_nothing = in->action == ACTION_ERASE && j->field.len == 0;

	if ((in->action == ACTION_BACK || erase_nothing) && !j->editing_other) {
		go_back(j);
		return REQUEST_NONE;
	}
	if ((in->action == ACTION_NEXT || in->action == ACTION_SKIP) &&
	    !j->editing_other) {
		const struct question *q = current_question(j);
		if (!form_answer_valid(q, &j->answers[j->current])) {
			snprintf(j->hint, sizeof j->hint, "%s",
			    q->required ? _("An answer is needed to go on.")
			                : _("This answer is not valid."));
			return REQUEST_NONE;
		}
		return advance(j);
	}
	return journey_question_input(j, in);
}

static enum request_kind
handle(struct journey *j, const struct input *in)
{
	if (layout_too_small(j)) {
		return REQUEST_NONE; /* nothing is shown to act on */
	}
	if (in->action == ACTION_LANG && j->settings->offer_english &&
	    j->screen != SCREEN_PIN) {
		j->lang = j->lang == LANG_FR ? LANG_EN : LANG_FR;
		i18n_set_lang(j->lang);
		return REQUEST_NONE;
	}
	if (j->still_there) {
		/* Any touch says "I am still here". */
		j->still_there = false;
		return REQUEST_NONE;
	}
	switch (j->screen) {
	case SCREEN_ATTRACT:
		return handle_attract(j, in);
	case SCREEN_CHOOSE:
		return handle_choose(j, in);
	case SCREEN_INTRO:
		return handle_intro(j, in);
	case SCREEN_QUESTION:
		return handle_question(j, in);
	case SCREEN_THANKS:
		if (in->action == ACTION_FINISH || in->action == ACTION_NEXT) {
			journey_reset(j);
		}
		return REQUEST_NONE;
	case SCREEN_SAVE_ERROR:
		return in->action == ACTION_RETRY ? REQUEST_SUBMIT
		                                  : REQUEST_NONE;
	case SCREEN_PIN:
		return handle_pin(j, in);
	}
	return REQUEST_NONE;
}

struct request
journey_handle(struct journey *j, const struct input *in, int64_t now_ms)
{
	j->now_ms = now_ms;
	j->last_input_ms = now_ms;
	return request_of(handle(j, in));
}

static enum request_kind
tick(struct journey *j, int64_t now)
{
	int64_t idle = now - j->last_input_ms;

	if (j->screen == SCREEN_THANKS &&
	    now - j->thanks_since_ms >= j->settings->thanks_ms) {
		journey_reset(j);
	} else if (j->screen == SCREEN_PIN && idle >= j->settings->idle_ms) {
		journey_reset(j);
	} else if (journey_in_session(j)) {
		if (!j->still_there && idle >= j->settings->idle_ms) {
			j->still_there = true;
		} else if (j->still_there &&
		    idle >=
		        j->settings->idle_ms + j->settings->still_there_ms) {
			return REQUEST_ABANDON;
		}
	}
	return REQUEST_NONE;
}

struct request
journey_tick(struct journey *j, int64_t now_ms)
{
	j->now_ms = now_ms;
	return request_of(tick(j, now_ms));
}

/* The journey as a screen (screen.h). */

static void
screen_draw(const void *state, int64_t now_ms)
{
	ui_draw(state, now_ms);
}

static struct request
screen_handle(void *state, const struct ui_event *ev)
{
	return journey_handle(state, &ev->input, ev->now_ms);
}

static struct request
screen_tick(void *state, int64_t now_ms)
{
	return journey_tick(state, now_ms);
}

static void
screen_resize(void *state, int lines, int cols)
{
	journey_resize(state, lines, cols);
}

static enum input_context
screen_context(const void *state)
{
	return journey_context(state);
}

const struct screen_ops journey_screen = {
	.name = "journey",
	.draw = screen_draw,
	.handle = screen_handle,
	.tick = screen_tick,
	.resize = screen_resize,
	.context = screen_context,
};
