/*
 * The animator's screens, behind the PIN: the site of the day, the count
 * of people approached and of those who declined, the health of the
 * kiosk, and the ways back to the kiosk or out of it.
 *
 * Like the journey, this is a state machine that knows nothing of the
 * store: the kiosk fills struct admin_facts from the log book and does
 * what admin_handle() asks (write an event, leave), then refreshes the
 * facts.  Every action of the animator becomes an event record there.
 */
#ifndef PARVIS_UI_ADMIN_H
#define PARVIS_UI_ADMIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "action.h"
#include "journey.h"
#include "screen.h"

enum admin_screen {
	ADMIN_HOME,
	ADMIN_SITES,     /* choosing the site of the day */
	ADMIN_FORMS,     /* opening and closing consultations here */
	ADMIN_SYNC,      /* the day-end synchronisation */
	ADMIN_FIGURES,   /* today's figures, as `parvis stats` prints them */
	ADMIN_VERBATIMS, /* comments and testimonies, newest first */
	ADMIN_SEARCH,    /* typing the words to look for in them */
	ADMIN_QUESTION,  /* typing the question of the day for volunteers */
	ADMIN_EXPORT,    /* typing where to write the export (a USB stick) */
};

/* The buttons of the home screen, in order (digits 1, 2, ...). */
enum admin_item {
	ITEM_SITE,
	ITEM_APPROACH,
	ITEM_REFUSAL,
	ITEM_FORMS,
	ITEM_SYNC,
	ITEM_FIGURES,
	ITEM_VERBATIMS,
	ITEM_CALIBRATE,
	ITEM_COUNT,
};

/* A consultation as the animator sees it. */
struct admin_form {
	const char *title;
	bool in_dates;    /* between its opens and closes dates */
	bool closed_here; /* closed on this kiosk by the animator */
};

struct admin_site {
	const char *id;
	const char *label;
};

/* A verbatim as the animator reads it: what it is, then the words
 * (sanitised by the store). */
struct admin_verbatim {
	char *about; /* "25/11 09:30 · Testimony, anonymous" */
	char *text;
};

/* A synchronisation as the sync screen shows it. */
struct admin_sync {
	bool running;
	bool finished;
	bool ok; /* finished with everything acknowledged */
	int64_t sent, total;
	char message[1100]; /* in plain words, in the screen's language */
};

/* What the animator sees, read from the kiosk's log book. */
struct admin_facts {
	const char *kiosk_name;
	const struct admin_site *sites; /* kiosk.ini [sites] */
	size_t nsites;
	int site;           /* index of the site of the day, -1 if none */
	int64_t approaches; /* today */
	int64_t refusals;   /* today */
	int64_t completed;  /* completed submissions today */
	const struct admin_form *forms;
	size_t nforms;
	int64_t unsent;     /* records the collector has not acknowledged */
	char last_sync[32]; /* "2026-11-25 18:02" or "" */
	int64_t free_disk_mb;
	int64_t database_kb;
	char chain[256]; /* a break in the records' chain, in words, or "" */
	char clock[32];  /* the kiosk's idea of now, to spot a bad clock */
	bool sync_configured; /* kiosk.ini has a [sync] url */
	char **figures;       /* today's figures, one line each */
	size_t nfigures;
	const char *question; /* the volunteers' question of the day, or "" */
	struct admin_verbatim *verbatims; /* newest first, matching query */
	size_t nverbatims;
	struct admin_sync sync;
	char export_path[4096];    /* the file suggested for the export */
	char export_message[1200]; /* how the last export went, or "" */
	bool export_ok;
};

/* What the kiosk must do after admin_handle() or admin_tick(). */
struct admin {
	enum admin_screen screen;
	struct admin_facts facts;
	size_t page;
	struct field field; /* what is being typed */
	enum keyboard_mode keyboard;
	char query[256]; /* the words looked for in the verbatims */
	int64_t idle_ms; /* lock again after this long untouched */
	int64_t last_input_ms;
	int lines, cols;
};

/* The animator's screens as a screen (screen.h). */
extern const struct screen_ops admin_screen;

/* Opens the admin screens (after the right PIN), at now_ms. */
void admin_open(
    struct admin *a, int64_t idle_ms, int lines, int cols, int64_t now_ms);

/* One input, made at now_ms: what the kiosk must do (screen.h). */
struct request admin_handle(
    struct admin *a, const struct input *in, int64_t now_ms);

/* Locks again after idle_ms without input (REQUEST_BACK_TO_KIOSK). */
struct request admin_tick(struct admin *a, int64_t now_ms);

void admin_resize(struct admin *a, int lines, int cols);

/* How keys read on the current screen. */
enum input_context admin_context(const struct admin *a);

/* Verbatims a page holds on a screen of that many lines. */
size_t admin_verbatims_per_page(int lines);

/* Draws the current admin screen (draw_admin.c). */
void admin_draw(const struct admin *a);

#endif
