/*
 * The porteurs de parole's screens, behind their PIN: beside the board
 * with the question of the day, a volunteer types what a passer-by says,
 * records how the person agrees to be quoted and, if they like, their age
 * band; one tap saves it and the screen is ready for the next person.
 * Today's testimonies are listed, and one can be withdrawn (a retraction
 * is appended: nothing is erased).
 *
 * Like the journey, this state machine knows nothing of the store: the
 * kiosk saves what volunteer_handle() asks and fills the list.
 */
#ifndef PARVIS_UI_VOLUNTEER_H
#define PARVIS_UI_VOLUNTEER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "action.h"
#include "journey.h"

enum volunteer_screen {
	VOLUNTEER_WORDS, /* the person's words, verbatim */
	VOLUNTEER_QUOTE, /* how they may be quoted, their age band */
	VOLUNTEER_NAME,  /* their first name, when quoted with it */
	VOLUNTEER_LIST,  /* today's testimonies */
};

enum volunteer_quote {
	QUOTE_NONE = -1,
	QUOTE_NAMED, /* with their words and first name */
	QUOTE_ANONYMOUS,
	QUOTE_PRIVATE, /* not for publication */
	QUOTE_COUNT,
};

#define VOLUNTEER_AGE_BANDS 6

/* The keys of the quote choices and age bands, as stored. */
extern const char *const volunteer_quote_keys[QUOTE_COUNT];
extern const char *const volunteer_age_keys[VOLUNTEER_AGE_BANDS];

/* One of today's testimonies, for the list. */
struct volunteer_item {
	char uuid[37];
	char time[6];    /* "14:05", UTC */
	char words[160]; /* the beginning of the words */
};

enum volunteer_request {
	VOLUNTEER_NOTHING,
	VOLUNTEER_SAVE,     /* save words, quote, first_name, age */
	VOLUNTEER_WITHDRAW, /* arg: index into items */
	VOLUNTEER_LEAVE,    /* back to the kiosk (or the screen locked) */
};

struct volunteer_result {
	enum volunteer_request request;
	int arg;
};

struct volunteer {
	enum volunteer_screen screen;
	const char *question; /* the question of the day, or "" */
	struct field field;   /* what is being typed */
	char words[8192];
	char first_name[192]; /* 40 characters of UTF-8 at most */
	int quote;            /* enum volunteer_quote */
	int age;              /* index into volunteer_age_keys, or -1 */
	enum keyboard_mode keyboard;
	const struct volunteer_item *items; /* newest first */
	size_t nitems;
	int selected; /* in the list, -1 when none */
	char hint[160];
	int64_t idle_ms;
	int64_t last_input_ms;
	int lines, cols;
};

void volunteer_open(struct volunteer *v, const char *question, int64_t idle_ms,
    int lines, int cols);
struct volunteer_result volunteer_handle(
    struct volunteer *v, const struct input *in);
struct volunteer_result volunteer_tick(struct volunteer *v);
void volunteer_resize(struct volunteer *v, int lines, int cols);

/* The kiosk saved the testimony: a fresh screen for the next person. */
void volunteer_saved(struct volunteer *v);

/* The kiosk could not save it: the message, and nothing is lost. */
void volunteer_save_failed(struct volunteer *v, const char *message);

/* How keys read on the current screen. */
enum input_context volunteer_context(const struct volunteer *v);

/* Draws the current screen (draw_volunteer.c). */
void volunteer_draw(const struct volunteer *v);

#endif
