/*
 * The kiosk's state, shared by the files of the kiosk loop: kiosk.c (the
 * passer-by's side) and admin_mode.c (the animator's side).
 */
#ifndef PARVIS_KIOSK_KIOSK_IMPL_H
#define PARVIS_KIOSK_KIOSK_IMPL_H

#include <stdbool.h>

#include "admin.h"
#include "calibrate.h"
#include "communes.h"
#include "config.h"
#include "forms.h"
#include "journey.h"
#include "store.h"
#include "ui.h"
#include "volunteer.h"

struct idle_lock;
struct sync_engine;

enum kiosk_mode {
	MODE_PUBLIC,    /* passers-by: the journey */
	MODE_ADMIN,     /* the animator, after the PIN */
	MODE_VOLUNTEER, /* porteurs de parole, after their PIN */
	MODE_CALIBRATE, /* the touchscreen's calibration, from admin */
};

struct kiosk {
	const struct config *cfg;
	struct kiosk_forms forms;
	struct communes communes;
	struct store *store;
	struct journey_settings settings;
	struct journey journey;
	enum kiosk_mode mode;
	bool was_attract; /* the journey was at rest before this event */
	struct admin admin;
	struct volunteer volunteer;
	struct calibrate calibrate;
	struct volunteer_item *volunteer_items; /* today's, for the list */
	const struct form *testimony_form;      /* whose tags volunteers pick */
	struct admin_site *sites;       /* kiosk.ini [sites], for the screens */
	struct admin_form *admin_forms; /* the consultations, for the screens */
	char *site;                     /* id of the site of the day, or NULL */
	char *question; /* today's question_of_day event, or NULL */
	struct idle_lock *session_lock; /* held while a participant answers */
	struct sync_engine *sync;       /* the admin screen's running sync */
	int64_t health_read_ms;         /* when its health lines were read */
	int trace_fd; /* PARVIS_TRACE: receipts saved, for tests */
};

/* A mode of the kiosk: the screen at the front, and what the kiosk does
 * with its requests.  kiosk.c's table of modes holds one of these per
 * enum kiosk_mode: adding a mode is one such pair of a screen (src/ui)
 * and a file here, and one row of that table (src/ui/README.md). */
struct kiosk_mode_ops {
	const struct screen_ops *screen;
	/* The screen's state inside k. */
	void *(*state)(struct kiosk *k);
	/* Called with every event before the screen sees it; may be NULL. */
	void (*before)(struct kiosk *k, const struct ui_event *ev);
	/* Does what the screen asked (REQUEST_END: the kiosk stops); false
	 * when the kiosk must stop. */
	bool (*act)(
	    struct kiosk *k, struct request r, const struct ui_event *ev);
};

extern const struct kiosk_mode_ops public_mode;    /* kiosk.c */
extern const struct kiosk_mode_ops admin_mode;     /* admin_mode.c */
extern const struct kiosk_mode_ops volunteer_mode; /* volunteer_mode.c */
extern const struct kiosk_mode_ops calibrate_mode; /* calibrate_mode.c */

/* Opens the animator's screens (the PIN was right). */
void admin_mode_enter(struct kiosk *k);

/* Reads the site of the day from the log book (today's last site event). */
void admin_mode_load_site(struct kiosk *k);

/* The volunteers' question of the day: the text of today's (local) last
 * question_of_day event, else kiosk.ini's [volunteer] question, else the
 * question of kiosk_testimony_form(), else "".  Owned by k or its forms,
 * valid until the next call or admin_mode_finish(). */
const char *admin_mode_question(struct kiosk *k);

/* Recomputes the consultations open to passers-by (dates, closed here). */
void kiosk_refresh_open_forms(struct kiosk *k);

/* The consultation whose [testimony] section the volunteers use: the
 * first open one (by file name) that has such a section, or NULL. */
const struct form *kiosk_testimony_form(const struct kiosk *k);

/* Reads from the log book which consultations are closed on this kiosk. */
void admin_mode_load_closed(struct kiosk *k);

/* Opens the porteurs de parole's screens (their PIN was right). */
void volunteer_mode_enter(struct kiosk *k);

void volunteer_mode_finish(struct kiosk *k);

/* Opens the touchscreen's calibration (from the admin screens). */
void calibrate_mode_enter(struct kiosk *k);

/* Frees what admin mode allocated. */
void admin_mode_finish(struct kiosk *k);

#endif
