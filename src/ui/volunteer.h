/*
 * The porteurs de parole's screens, behind their PIN: beside the board
 * with the question of the day, a volunteer types what a passer-by says,
 * records how the person agrees to be quoted and, if they like, their age
 * band, their commune and the themes they spoke of (the tags of the
 * consultation's [testimony] section); one tap saves it and the screen is
 * ready for the next person.
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
#include "communes.h"
#include "form.h"
#include "journey.h"
#include "screen.h"

enum volunteer_screen {
	VOLUNTEER_WORDS,   /* the person's words, verbatim */
	VOLUNTEER_QUOTE,   /* how they may be quoted, age band, commune, tags */
	VOLUNTEER_NAME,    /* their first name, when quoted with it */
	VOLUNTEER_COMMUNE, /* searching their commune */
	VOLUNTEER_TAGS,    /* ticking the themes they spoke of */
	VOLUNTEER_LIST,    /* today's testimonies */
};

enum volunteer_quote {
	QUOTE_NONE = -1,
	QUOTE_NAMED, /* with their words and first name */
	QUOTE_ANONYMOUS,
	QUOTE_PRIVATE, /* not for publication */
	QUOTE_COUNT,
};

#define VOLUNTEER_AGE_BANDS 6

/* The quote screen's options: the quote choices, the age bands, then the
 * commune and tags buttons. */
#define VOLUNTEER_OPTION_COMMUNE (QUOTE_COUNT + VOLUNTEER_AGE_BANDS)
#define VOLUNTEER_OPTION_TAGS (VOLUNTEER_OPTION_COMMUNE + 1)

/* The keys of the quote choices and age bands, as stored. */
extern const char *const volunteer_quote_keys[QUOTE_COUNT];
extern const char *const volunteer_age_keys[VOLUNTEER_AGE_BANDS];

/* One of today's testimonies, for the list. */
struct volunteer_item {
	char uuid[37];
	char time[6];    /* "14:05", local time */
	char words[160]; /* the beginning of the words */
};

/* What the volunteers may pick from, besides the fixed choices. */
struct volunteer_lists {
	const char *question;            /* the question of the day, or "" */
	const struct communes *communes; /* NULL or empty: no commune asked */
	const struct option *tags;       /* the [testimony] section's */
	size_t ntags;                    /* at most FORM_MAX_TAGS */
	enum lang lang;                  /* of the tags' labels */
};

struct volunteer {
	enum volunteer_screen screen;
	struct volunteer_lists lists;
	struct field field; /* what is being typed */
	char words[8192];
	char first_name[192];       /* 40 characters of UTF-8 at most */
	int quote;                  /* enum volunteer_quote */
	int age;                    /* index into volunteer_age_keys, or -1 */
	char commune[16];           /* INSEE code, COMMUNES_ELSEWHERE, or "" */
	bool tagged[FORM_MAX_TAGS]; /* by index into lists.tags */
	enum keyboard_mode keyboard;
	const struct volunteer_item *items; /* newest first */
	size_t nitems;
	int selected; /* in the list, -1 when none */
	char hint[160];
	int64_t idle_ms;
	int64_t last_input_ms;
	int lines, cols;
};

/* The volunteers' screens as a screen (screen.h). */
extern const struct screen_ops volunteer_screen;

/* Opens the volunteers' screens (after their PIN), at now_ms. */
void volunteer_open(struct volunteer *v, const struct volunteer_lists *lists,
    int64_t idle_ms, int lines, int cols, int64_t now_ms);

/* The commune search's results shown at once (the first ones, then
 * "elsewhere"), from the screen's size (draw_volunteer.c). */
size_t volunteer_commune_slots(const struct volunteer *v);

/* How many matches of what is typed are shown, before "elsewhere"; the
 * matches in all are communes_view_count(...) - 1. */
size_t volunteer_commune_shown(const struct volunteer *v);
/* One input made at now_ms: what the kiosk must do (screen.h). */
struct request volunteer_handle(
    struct volunteer *v, const struct input *in, int64_t now_ms);

/* Locks again after idle_ms without input (REQUEST_BACK_TO_KIOSK). */
struct request volunteer_tick(struct volunteer *v, int64_t now_ms);
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
