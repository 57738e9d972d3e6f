/*
 * The porteurs de parole's screens: what a tap or a key does (see
 * volunteer.h).
 */
#include "volunteer.h"

#include <stdio.h>
#include <string.h>

#include "communes_view.h"
#include "field.h"
#include "i18n.h"

/* Limits of the fields, in characters. */
#define WORDS_MAX 2000
#define FIRST_NAME_MAX 40
#define SEARCH_MAX 40

const char *const volunteer_quote_keys[QUOTE_COUNT] = {
	"named",
	"anonymous",
	"private",
};

const char *const volunteer_age_keys[VOLUNTEER_AGE_BANDS] = {
	"moins-18",
	"18-29",
	"30-44",
	"45-59",
	"60-74",
	"75-plus",
};

static struct request
ask(enum request_kind kind, int arg)
{
	return (struct request){ .kind = kind, .arg = arg };
}

/* A fresh testimony: empty words, no choice made. */
static void
start_over(struct volunteer *v)
{
	v->screen = VOLUNTEER_WORDS;
	v->words[0] = '\0';
	v->first_name[0] = '\0';
	v->quote = QUOTE_NONE;
	v->age = -1;
	v->commune[0] = '\0';
	memset(v->tagged, 0, sizeof v->tagged);
	v->keyboard = KEYBOARD_LOWER;
	field_clear(&v->field, WORDS_MAX);
}

/* Back to the quote screen: the field holds the words again. */
static void
back_to_quote(struct volunteer *v)
{
	v->screen = VOLUNTEER_QUOTE;
	field_clear(&v->field, WORDS_MAX);
	field_set(&v->field, v->words);
	v->keyboard = KEYBOARD_LOWER;
}

void
volunteer_open(struct volunteer *v, const struct volunteer_lists *lists,
    int64_t idle_ms, int lines, int cols, int64_t now_ms)
{
	memset(v, 0, sizeof *v);
	v->lists = *lists;
	if (v->lists.question == NULL) {
		v->lists.question = "";
	}
	if (v->lists.ntags > FORM_MAX_TAGS) {
		v->lists.ntags = FORM_MAX_TAGS;
	}
	v->idle_ms = idle_ms;
	v->last_input_ms = now_ms;
	v->lines = lines;
	v->cols = cols;
	start_over(v);
}

void
volunteer_resize(struct volunteer *v, int lines, int cols)
{
	v->lines = lines;
	v->cols = cols;
}

void
volunteer_saved(struct volunteer *v)
{
	start_over(v);
	snprintf(v->hint, sizeof v->hint, "%s", _("✓ Saved. Next person!"));
}

void
volunteer_save_failed(struct volunteer *v, const char *message)
{
	snprintf(v->hint, sizeof v->hint, "%s", message);
}

enum input_context
volunteer_context(const struct volunteer *v)
{
	switch (v->screen) {
	case VOLUNTEER_WORDS:
	case VOLUNTEER_NAME:
		return CONTEXT_TEXT;
	case VOLUNTEER_COMMUNE:
		return CONTEXT_SEARCH;
	default:
		return CONTEXT_BUTTONS;
	}
}

static struct request
handle_words(struct volunteer *v, const struct input *in)
{
	switch (in->action) {
	case ACTION_NEXT:
		if (v->field.len == 0) {
			snprintf(v->hint, sizeof v->hint, "%s",
			    _("Type the person's words first."));
			break;
		}
		snprintf(v->words, sizeof v->words, "%s", v->field.buf);
		v->screen = VOLUNTEER_QUOTE;
		break;
	case ACTION_OTHER:
		v->screen = VOLUNTEER_LIST;
		v->selected = -1;
		break;
	case ACTION_BACK:
		/* Only the button: Escape, typed by mistake, must not throw
		 * away the words being typed. */
		return ask(REQUEST_BACK_TO_KIOSK, 0);
	default:
		field_type(&v->field, &v->keyboard, in);
		break;
	}
	return ask(REQUEST_NONE, 0);
}

/* Options 0-2 are the quote choices, 3-8 the age bands (tap again to
 * unset an age band: it is optional), then the commune and the tags. */
static struct request
handle_quote(struct volunteer *v, const struct input *in)
{
	int k = in->arg;

	if (in->action == ACTION_OPTION && k >= 0 && k < QUOTE_COUNT) {
		v->quote = k;
	} else if (in->action == ACTION_OPTION && k >= QUOTE_COUNT &&
	    k < VOLUNTEER_OPTION_COMMUNE) {
		v->age = v->age == k - QUOTE_COUNT ? -1 : k - QUOTE_COUNT;
	} else if (in->action == ACTION_OPTION &&
	    k == VOLUNTEER_OPTION_COMMUNE && v->lists.communes != NULL &&
	    v->lists.communes->count > 0) {
		v->screen = VOLUNTEER_COMMUNE;
		field_clear(&v->field, SEARCH_MAX);
		v->keyboard = KEYBOARD_UPPER;
	} else if (in->action == ACTION_OPTION && k == VOLUNTEER_OPTION_TAGS &&
	    v->lists.ntags > 0) {
		v->screen = VOLUNTEER_TAGS;
	} else if (in->action == ACTION_BACK || in->action == ACTION_CANCEL) {
		v->screen = VOLUNTEER_WORDS;
	} else if (in->action == ACTION_NEXT && v->quote == QUOTE_NONE) {
		snprintf(v->hint, sizeof v->hint, "%s",
		    _("Ask how the person agrees to be quoted."));
	} else if (in->action == ACTION_NEXT && v->quote == QUOTE_NAMED) {
		v->screen = VOLUNTEER_NAME;
		field_clear(&v->field, FIRST_NAME_MAX);
		v->keyboard = KEYBOARD_UPPER;
	} else if (in->action == ACTION_NEXT) {
		return ask(REQUEST_SAVE_TESTIMONY, 0);
	}
	return ask(REQUEST_NONE, 0);
}

size_t
volunteer_commune_shown(const struct volunteer *v)
{
	size_t n = communes_view_count(v->lists.communes, v->field.buf) - 1;
	size_t room = volunteer_commune_slots(v) - 1;

	return n < room ? n : room;
}

static void
pick_commune(struct volunteer *v, size_t slot)
{
	const char *value = slot < volunteer_commune_shown(v)
	    ? communes_view_item(v->lists.communes, v->field.buf, slot, NULL)
	    : COMMUNES_ELSEWHERE;

	snprintf(v->commune, sizeof v->commune, "%s", value);
	back_to_quote(v);
}

/* A tap on a result picks it; Enter picks the first match; "No commune"
 * takes the choice back. */
static struct request
handle_commune(struct volunteer *v, const struct input *in)
{
	if (in->action == ACTION_OPTION && in->arg >= 0 &&
	    (size_t)in->arg <= volunteer_commune_shown(v)) {
		pick_commune(v, (size_t)in->arg);
	} else if (in->action == ACTION_NEXT &&
	    volunteer_commune_shown(v) > 0) {
		pick_commune(v, 0);
	} else if (in->action == ACTION_NEXT) {
		snprintf(v->hint, sizeof v->hint, "%s",
		    _("Type the first letters of the commune."));
	} else if (in->action == ACTION_CLEAR) {
		v->commune[0] = '\0';
		back_to_quote(v);
	} else if (in->action == ACTION_BACK || in->action == ACTION_CANCEL ||
	    (in->action == ACTION_ERASE && v->field.len == 0)) {
		back_to_quote(v);
	} else {
		field_type(&v->field, &v->keyboard, in);
	}
	return ask(REQUEST_NONE, 0);
}

/* Each tap ticks or unticks a tag; OK (or back) returns. */
static struct request
handle_tags(struct volunteer *v, const struct input *in)
{
	if (in->action == ACTION_OPTION && in->arg >= 0 &&
	    (size_t)in->arg < v->lists.ntags) {
		v->tagged[in->arg] = !v->tagged[in->arg];
	} else if (in->action == ACTION_NEXT || in->action == ACTION_OK ||
	    in->action == ACTION_BACK || in->action == ACTION_CANCEL) {
		v->screen = VOLUNTEER_QUOTE;
	}
	return ask(REQUEST_NONE, 0);
}

static struct request
handle_name(struct volunteer *v, const struct input *in)
{
	if (in->action == ACTION_NEXT && v->field.len > 0) {
		/* The field holds at most FIRST_NAME_MAX characters. */
		memcpy(v->first_name, v->field.buf,
		    v->field.len < sizeof v->first_name ? v->field.len + 1
		                                        : sizeof v->first_name);
		v->first_name[sizeof v->first_name - 1] = '\0';
		return ask(REQUEST_SAVE_TESTIMONY, 0);
	}
	if (in->action == ACTION_BACK || in->action == ACTION_CANCEL ||
	    (in->action == ACTION_ERASE && v->field.len == 0)) {
		back_to_quote(v);
		return ask(REQUEST_NONE, 0);
	}
	field_type(&v->field, &v->keyboard, in);
	return ask(REQUEST_NONE, 0);
}

/* A tap picks a testimony; "Withdraw" then withdraws it: two steps, so
 * that a slip of the finger withdraws nothing. */
static struct request
handle_list(struct volunteer *v, const struct input *in)
{
	if (in->action == ACTION_OPTION && in->arg >= 0 &&
	    (size_t)in->arg < v->nitems) {
		v->selected = v->selected == in->arg ? -1 : in->arg;
	} else if (in->action == ACTION_OK && v->selected >= 0) {
		int which = v->selected;
		v->selected = -1;
		return ask(REQUEST_WITHDRAW_TESTIMONY, which);
	} else if (in->action == ACTION_BACK || in->action == ACTION_CANCEL) {
		v->screen = VOLUNTEER_WORDS;
	}
	return ask(REQUEST_NONE, 0);
}

struct request
volunteer_handle(struct volunteer *v, const struct input *in, int64_t now_ms)
{
	v->last_input_ms = now_ms;
	v->hint[0] = '\0';
	if (v->lines < 24 || v->cols < 80) {
		return ask(REQUEST_NONE, 0);
	}
	switch (v->screen) {
	case VOLUNTEER_QUOTE:
		return handle_quote(v, in);
	case VOLUNTEER_NAME:
		return handle_name(v, in);
	case VOLUNTEER_COMMUNE:
		return handle_commune(v, in);
	case VOLUNTEER_TAGS:
		return handle_tags(v, in);
	case VOLUNTEER_LIST:
		return handle_list(v, in);
	default:
		return handle_words(v, in);
	}
}

struct request
volunteer_tick(struct volunteer *v, int64_t now_ms)
{
	if (now_ms - v->last_input_ms >= v->idle_ms) {
		return ask(REQUEST_BACK_TO_KIOSK, 0);
	}
	return ask(REQUEST_NONE, 0);
}

/* The volunteers' screens as a screen (screen.h). */

static void
screen_draw(const void *state, int64_t now_ms)
{
	(void)now_ms;
	volunteer_draw(state);
}

static struct request
screen_handle(void *state, const struct ui_event *ev)
{
	return volunteer_handle(state, &ev->input, ev->now_ms);
}

static struct request
screen_tick(void *state, int64_t now_ms)
{
	return volunteer_tick(state, now_ms);
}

static void
screen_resize(void *state, int lines, int cols)
{
	volunteer_resize(state, lines, cols);
}

static enum input_context
screen_context(const void *state)
{
	return volunteer_context(state);
}

const struct screen_ops volunteer_screen = {
	.name = "volunteer",
	.draw = screen_draw,
	.handle = screen_handle,
	.tick = screen_tick,
	.resize = screen_resize,
	.context = screen_context,
};
