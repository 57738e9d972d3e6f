/*
 * A screen, as the kiosk loop sees every one of them: an ops table (what
 * tig's struct view_ops is to its views) and the state it works on.  The
 * passer-by's journey, the animator's screens, the volunteers' and the
 * touchscreen's calibration are each one table of draw, handle, tick,
 * resize and context; each answers with one kind of thing, a request,
 * that the kiosk acts on (src/kiosk: save, check a PIN, sync, leave...).
 *
 * Events carry the time: a screen never reads the clock, so what it does
 * and what it draws follow from its state and the event alone.  How to
 * add a screen: src/ui/README.md.
 */
#ifndef PARVIS_UI_SCREEN_H
#define PARVIS_UI_SCREEN_H

#include <stdbool.h>
#include <stdint.h>

#include "action.h"

enum ui_event_kind {
	UI_INPUT,  /* ev->input holds an action */
	UI_TICK,   /* time passed */
	UI_RESIZE, /* the terminal changed size */
	UI_END,    /* the script ended, or SIGTERM/SIGHUP arrived */
};

struct ui_event {
	enum ui_event_kind kind;
	struct input input;
	bool touched;             /* it came from the touchscreen (touch.h) */
	int32_t touch_x, touch_y; /* where, in its own coordinates */
	int64_t now_ms;           /* when (clock.h's time) */
	int lines, cols;          /* the screen's size, for UI_RESIZE */
};

/* What a screen asks of the kiosk after an event. */
enum request_kind {
	REQUEST_NONE,
	/* the journey */
	REQUEST_SUBMIT,    /* save the answers, then journey_saved() */
	REQUEST_ABANDON,   /* the participant left (see form->partial) */
	REQUEST_CHECK_PIN, /* verify the PIN typed, journey_pin_checked() */
	/* the animator's screens */
	REQUEST_SET_SITE, /* arg: index into facts.sites */
	REQUEST_COUNT_APPROACH,
	REQUEST_COUNT_REFUSAL,
	REQUEST_TOGGLE_FORM,    /* arg: index into facts.forms */
	REQUEST_SYNC_START,     /* start a synchronisation, step it on ticks */
	REQUEST_FIGURES_READ,   /* compute today's figures into facts */
	REQUEST_VERBATIMS_READ, /* search the verbatims for the query */
	REQUEST_CALIBRATE,      /* open the touchscreen's calibration */
	REQUEST_SET_QUESTION,   /* the question of the day has been typed */
	REQUEST_EXPORT_WRITE,   /* write the export where was typed */
	REQUEST_LEAVE_KIOSK_MODE,
	/* the volunteers' screens */
	REQUEST_SAVE_TESTIMONY,
	REQUEST_WITHDRAW_TESTIMONY, /* arg: index into the day's items */
	/* the calibration */
	REQUEST_CALIBRATION_DONE,   /* save the axes and apply them */
	REQUEST_CALIBRATION_CANCEL, /* back, nothing changed */
	/* any screen */
	REQUEST_BACK_TO_KIOSK, /* the person left, or the screen locked */
	REQUEST_END,           /* the kiosk stops (UI_END) */
};

struct request {
	enum request_kind kind;
	int arg;
};

struct screen_ops {
	const char *name;
	/* Draws the state as it is at now_ms, changing nothing. */
	void (*draw)(const void *state, int64_t now_ms);
	/* One input (ev->kind UI_INPUT). */
	struct request (*handle)(void *state, const struct ui_event *ev);
	/* Time passed. */
	struct request (*tick)(void *state, int64_t now_ms);
	/* The screen changed size; what was typed and chosen stays. */
	void (*resize)(void *state, int lines, int cols);
	/* How keys read on what is shown (action.h). */
	enum input_context (*context)(const void *state);
};

/* A screen: its ops and the state they work on. */
struct screen {
	const struct screen_ops *ops;
	void *state;
};

/* A request of that kind, with no argument. */
static inline struct request
request_of(enum request_kind kind)
{
	return (struct request){ .kind = kind };
}

#endif
