/*
 * The animator's screens: what a tap or a key does (see admin.h).
 */
#include "admin.h"

#include <stdio.h>
#include <string.h>

#include "field.h"

/* Long enough for a question, short enough for two rows of the board. */
#define QUESTION_MAX_CHARS 160

void
admin_open(
    struct admin *a, int64_t idle_ms, int lines, int cols, int64_t now_ms)
{
	a->screen = ADMIN_HOME;
	a->page = 0;
	a->query[0] = '\0';
	field_clear(&a->field, 60);
	a->idle_ms = idle_ms;
	a->last_input_ms = now_ms;
	a->lines = lines;
	a->cols = cols;
}

void
admin_resize(struct admin *a, int lines, int cols)
{
	a->lines = lines;
	a->cols = cols;
	a->page = 0;
}

static struct request
ask(enum request_kind kind, int arg)
{
	return (struct request){ .kind = kind, .arg = arg };
}

static struct request
open_item(struct admin *a, int item)
{
	switch (item) {
	case ITEM_SITE:
		a->screen = ADMIN_SITES;
		break;
	case ITEM_APPROACH:
		return ask(REQUEST_COUNT_APPROACH, 0);
	case ITEM_REFUSAL:
		return ask(REQUEST_COUNT_REFUSAL, 0);
	case ITEM_FORMS:
		a->screen = ADMIN_FORMS;
		break;
	case ITEM_FIGURES:
		a->screen = ADMIN_FIGURES;
		a->page = 0;
		return ask(REQUEST_FIGURES_READ, 0);
	case ITEM_VERBATIMS:
		a->screen = ADMIN_VERBATIMS;
		a->page = 0;
		return ask(REQUEST_VERBATIMS_READ, 0);
	case ITEM_CALIBRATE:
		return ask(REQUEST_CALIBRATE, 0);
	case ITEM_SYNC:
		a->screen = ADMIN_SYNC;
		if (a->facts.sync_configured && !a->facts.sync.running) {
			return ask(REQUEST_SYNC_START, 0);
		}
		break;
	default:
		break;
	}
	a->page = 0;
	return ask(REQUEST_NONE, 0);
}

static struct request
handle_home(struct admin *a, const struct input *in)
{
	switch (in->action) {
	case ACTION_OPTION:
		return open_item(a, in->arg);
	case ACTION_BACK:
	case ACTION_CANCEL:
		return ask(REQUEST_BACK_TO_KIOSK, 0);
	case ACTION_EXIT:
		return ask(REQUEST_LEAVE_KIOSK_MODE, 0);
	default:
		return ask(REQUEST_NONE, 0);
	}
}

static struct request
handle_sites(struct admin *a, const struct input *in)
{
	if (in->action == ACTION_OPTION && in->arg >= 0 &&
	    (size_t)in->arg < a->facts.nsites) {
		a->screen = ADMIN_HOME;
		return ask(REQUEST_SET_SITE, in->arg);
	}
	if (in->action == ACTION_BACK || in->action == ACTION_CANCEL) {
		a->screen = ADMIN_HOME;
	}
	return ask(REQUEST_NONE, 0);
}

static struct request
handle_forms(struct admin *a, const struct input *in)
{
	if (in->action == ACTION_OPTION && in->arg >= 0 &&
	    (size_t)in->arg < a->facts.nforms) {
		return ask(REQUEST_TOGGLE_FORM, in->arg);
	}
	if (in->action == ACTION_BACK || in->action == ACTION_CANCEL) {
		a->screen = ADMIN_HOME;
	}
	return ask(REQUEST_NONE, 0);
}

/* Opens a text entry screen with the field holding text. */
static void
open_entry(struct admin *a, enum admin_screen screen, size_t max_chars,
    const char *text)
{
	a->screen = screen;
	a->keyboard = KEYBOARD_LOWER;
	field_clear(&a->field, max_chars);
	field_set(&a->field, text);
}

/* A key or tap on a text entry screen: true when the entry is validated;
 * Back returns to back, anything else types. */
static bool
entry_done(struct admin *a, const struct input *in, enum admin_screen back)
{
	switch (in->action) {
	case ACTION_NEXT:
	case ACTION_OK:
		return true;
	case ACTION_BACK:
	case ACTION_CANCEL:
		a->screen = back;
		return false;
	default:
		field_type(&a->field, &a->keyboard, in);
		return false;
	}
}

/* The figures: pages of text. */
static struct request
handle_figures(struct admin *a, const struct input *in)
{
	size_t per_page = a->lines > 6 ? (size_t)(a->lines - 6) : 1;

	if (in->action == ACTION_PAGE_NEXT &&
	    (a->page + 1) * per_page < a->facts.nfigures) {
		a->page++;
	} else if (in->action == ACTION_PAGE_PREV && a->page > 0) {
		a->page--;
	} else if (in->action == ACTION_OPTION) {
		/* The export sits with the figures: both are the day's
		 * results, and the home screen is full. */
		a->facts.export_message[0] = '\0';
		open_entry(a, ADMIN_EXPORT, sizeof a->facts.export_path - 1,
		    a->facts.export_path);
	} else if (in->action == ACTION_BACK || in->action == ACTION_CANCEL) {
		a->screen = ADMIN_HOME;
	}
	return ask(REQUEST_NONE, 0);
}

/* The export's path: written where it says (the kiosk tells how it
 * went in facts.export_message); the screen stays for another try. */
static struct request
handle_export(struct admin *a, const struct input *in)
{
	return entry_done(a, in, ADMIN_FIGURES) ? ask(REQUEST_EXPORT_WRITE, 0)
	                                        : ask(REQUEST_NONE, 0);
}

size_t
admin_verbatims_per_page(int lines)
{
	/* Two rows each, between the search button and the bottom bar. */
	return lines > 10 ? (size_t)(lines - 3 - 5) / 2 : 1;
}

static struct request
handle_verbatims(struct admin *a, const struct input *in)
{
	size_t per_page = admin_verbatims_per_page(a->lines);

	if (in->action == ACTION_PAGE_NEXT &&
	    (a->page + 1) * per_page < a->facts.nverbatims) {
		a->page++;
	} else if (in->action == ACTION_PAGE_PREV && a->page > 0) {
		a->page--;
	} else if (in->action == ACTION_OTHER) {
		open_entry(a, ADMIN_SEARCH, 60, a->query);
	} else if (in->action == ACTION_OPTION) {
		/* The question of the day sits with the words it draws out. */
		open_entry(a, ADMIN_QUESTION, QUESTION_MAX_CHARS,
		    a->facts.question != NULL ? a->facts.question : "");
	} else if (in->action == ACTION_BACK || in->action == ACTION_CANCEL) {
		a->screen = ADMIN_HOME;
	}
	return ask(REQUEST_NONE, 0);
}

static struct request
handle_search(struct admin *a, const struct input *in)
{
	if (!entry_done(a, in, ADMIN_VERBATIMS)) {
		return ask(REQUEST_NONE, 0);
	}
	/* The field holds 60 characters at most (handle_verbatims). */
	memcpy(a->query, a->field.buf,
	    a->field.len < sizeof a->query ? a->field.len + 1
	                                   : sizeof a->query);
	a->query[sizeof a->query - 1] = '\0';
	a->screen = ADMIN_VERBATIMS;
	a->page = 0;
	return ask(REQUEST_VERBATIMS_READ, 0);
}

/* The question of the day: saved as typed (the kiosk logs it), back to
 * the words. */
static struct request
handle_question(struct admin *a, const struct input *in)
{
	if (!entry_done(a, in, ADMIN_VERBATIMS)) {
		return ask(REQUEST_NONE, 0);
	}
	a->screen = ADMIN_VERBATIMS;
	return ask(REQUEST_SET_QUESTION, 0);
}

enum input_context
admin_context(const struct admin *a)
{
	return a->screen == ADMIN_SEARCH || a->screen == ADMIN_QUESTION ||
	        a->screen == ADMIN_EXPORT
	    ? CONTEXT_TEXT
	    : CONTEXT_BUTTONS;
}

/* The sync screen: back once it has finished (it runs on its own). */
static struct request
handle_sync(struct admin *a, const struct input *in)
{
	if ((in->action == ACTION_BACK || in->action == ACTION_CANCEL) &&
	    !a->facts.sync.running) {
		a->screen = ADMIN_HOME;
	} else if (in->action == ACTION_RETRY && !a->facts.sync.running &&
	    a->facts.sync_configured) {
		return ask(REQUEST_SYNC_START, 0);
	}
	return ask(REQUEST_NONE, 0);
}

struct request
admin_handle(struct admin *a, const struct input *in, int64_t now_ms)
{
	a->last_input_ms = now_ms;
	if (a->lines < 24 || a->cols < 80) {
		return ask(REQUEST_NONE, 0);
	}
	switch (a->screen) {
	case ADMIN_SITES:
		return handle_sites(a, in);
	case ADMIN_FORMS:
		return handle_forms(a, in);
	case ADMIN_SYNC:
		return handle_sync(a, in);
	case ADMIN_FIGURES:
		return handle_figures(a, in);
	case ADMIN_VERBATIMS:
		return handle_verbatims(a, in);
	case ADMIN_SEARCH:
		return handle_search(a, in);
	case ADMIN_QUESTION:
		return handle_question(a, in);
	case ADMIN_EXPORT:
		return handle_export(a, in);
	default:
		return handle_home(a, in);
	}
}

struct request
admin_tick(struct admin *a, int64_t now_ms)
{
	/* A running synchronisation keeps the screen open. */
	if (!a->facts.sync.running && now_ms - a->last_input_ms >= a->idle_ms) {
		return ask(REQUEST_BACK_TO_KIOSK, 0);
	}
	return ask(REQUEST_NONE, 0);
}

/* The animator's screens as a screen (screen.h). */

static void
screen_draw(const void *state, int64_t now_ms)
{
	(void)now_ms;
	admin_draw(state);
}

static struct request
screen_handle(void *state, const struct ui_event *ev)
{
	return admin_handle(state, &ev->input, ev->now_ms);
}

static struct request
screen_tick(void *state, int64_t now_ms)
{
	return admin_tick(state, now_ms);
}

static void
screen_resize(void *state, int lines, int cols)
{
	admin_resize(state, lines, cols);
}

static enum input_context
screen_context(const void *state)
{
	return admin_context(state);
}

const struct screen_ops admin_screen = {
	.name = "admin",
	.draw = screen_draw,
	.handle = screen_handle,
	.tick = screen_tick,
	.resize = screen_resize,
	.context = screen_context,
};
