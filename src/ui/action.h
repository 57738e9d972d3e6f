/*
 * Inputs: every key and every tap becomes one struct input, through one
 * table for keys (input.c) and the regions widgets register while drawing
 * for taps (widgets.c).  Screens only ever see actions.
 */
#ifndef PARVIS_UI_ACTION_H
#define PARVIS_UI_ACTION_H

#include <stdint.h>

enum action {
	ACTION_NONE,
	ACTION_START, /* attract: begin */
	ACTION_FORM,  /* choose: arg = form index */
	ACTION_NEXT,
	ACTION_BACK,
	ACTION_SKIP,   /* optional question left blank */
	ACTION_LANG,   /* switch French / English */
	ACTION_OPTION, /* arg = option index on this page */
	ACTION_PAGE_PREV,
	ACTION_PAGE_NEXT,
	ACTION_CHAR,     /* ch = code point typed */
	ACTION_ERASE,    /* erase the last character */
	ACTION_SHIFT,    /* on-screen keyboard: capitals */
	ACTION_DIGITS,   /* on-screen keyboard: digits and signs */
	ACTION_CONTINUE, /* "still there?": yes */
	ACTION_FINISH,   /* thank-you screen: done */
	ACTION_RETRY,    /* save-error: try again */
	ACTION_EXIT,     /* attract: open the PIN pad */
	ACTION_CORNER,   /* attract: a tap on the hidden corner */
	ACTION_CANCEL,
	ACTION_CLEAR, /* rank: start again */
	ACTION_OTHER, /* open the "Autre" entry */
	ACTION_OK,    /* close an entry, validate the PIN */
};

/* Whether typed characters are text or shortcuts on this screen. */
enum input_context {
	CONTEXT_BUTTONS, /* digits pick options */
	CONTEXT_TEXT,    /* printable keys type text */
	CONTEXT_SEARCH,  /* letters type, digits pick a result */
	CONTEXT_DIGITS,  /* digits type a number or PIN */
};

struct input {
	enum action action;
	int arg;
	uint32_t ch;
};

#endif
