/*
 * The kiosk loop (see kiosk.h).  The journey decides what the screens do;
 * this file does what they ask of the outside world: saving answers in
 * the store, checking the PIN, and knowing which consultations are open.
 * The thank-you screen is only shown once the store's COMMIT returned.
 */
#include "kiosk.h"

#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chain_check.h"
#include "clock.h"
#include "communes.h"
#include "forms.h"
#include "i18n.h"
#include "ids.h"
#include "idle_lock.h"
#include "journey.h"
#include "kiosk_impl.h"
#include "notify.h"
#include "store.h"
#include "ui.h"

/* A line for the crash test (PARVIS_TRACE): the moments of the kiosk's
 * life it kills relative to (tests/crash/crash.sh). */
static void
trace(const struct kiosk *k, const char *what)
{
	if (k->trace_fd >= 0) {
		dprintf(k->trace_fd, "%s\n", what);
	}
}

static bool
save(struct kiosk *k, bool completed, struct error *err)
{
	struct journey *j = &k->journey;
	char receipt[IDS_RECEIPT_LEN + 1];
	const char *rescued;
	struct store_written w;
	struct store_submission sub = {
		.form = j->form,
		.answers = j->answers,
		.completed = completed,
		.last_question = j->current,
		.lang = j->lang,
		.site = k->site,
		.mode = "self",
		.receipt = receipt,
		.started_ms = j->started_ms,
	};

	ids_receipt(receipt);
	if (!store_submit(k->store, &sub, &w, err)) {
		return false;
	}
	rescued = store_take_rescue(k->store);
	if (rescued != NULL) {
		fprintf(stderr,
		    strcmp(rescued, "wal") == 0
		        ? _("parvis: ALARM: the database's write-ahead log "
		            "(-wal) was deleted while the kiosk was running; "
		            "what it held was written back to %s, nothing was "
		            "lost. Find out who deletes files there.\n")
		        : _("parvis: ALARM: the database was deleted while the "
		            "kiosk was running; it was written again to %s, "
		            "nothing was lost. Find out who deletes files "
		            "there.\n"),
		    k->cfg->database);
	}
	if (completed) {
		journey_saved(j, receipt, clock_now_ms());
	}
	if (k->trace_fd >= 0) {
		dprintf(k->trace_fd, "%s %s %lld %s\n",
		    completed ? "saved" : "abandoned", receipt,
		    (long long)w.seq, w.uuid);
	}
	return true;
}

/* Tells the animator why saving failed, in the screen's language, with
 * the details below for whoever fixes it. */
static void
save_failed(struct journey *j, const struct error *err)
{
	char message[sizeof j->error];

	snprintf(message, sizeof message, "%s\n\n%s",
	    err->kind == ERROR_DISK_FULL
	        ? _("The disk is full. Free some space, then tap Try again.")
	        : err->kind == ERROR_FILE_GONE
	        ? _("The database file was replaced while the kiosk was "
	            "running: these answers are kept on this screen but not "
	            "saved. Call whoever runs the kiosk.")
	        : _("The database could not be written. Tap Try again; if it "
	            "fails again, note the message below."),
	    err->msg);
	journey_save_failed(j, message);
}

static bool
pin_matches(const char *hash, const char *pin)
{
	return hash != NULL && *hash != '\0' &&
	    crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0;
}

/* The animator's PIN opens the admin screens, the volunteers' PIN theirs. */
static void
check_pin(struct kiosk *k)
{
	struct journey *j = &k->journey;
	bool admin = pin_matches(k->cfg->admin_pin, j->pin);
	bool volunteer = !admin && pin_matches(k->cfg->volunteer_pin, j->pin);

	journey_pin_checked(j, admin || volunteer, clock_now_ms());
	if (admin) {
		admin_mode_enter(k);
	} else if (volunteer) {
		volunteer_mode_enter(k);
	}
}

void
kiosk_refresh_open_forms(struct kiosk *k)
{
	kiosk_forms_select_open(&k->forms, clock_local_today(clock_now_ms()));
	journey_set_forms(&k->journey, k->forms.open, k->forms.nopen);
}

const struct form *
kiosk_testimony_form(const struct kiosk *k)
{
	for (size_t i = 0; i < k->forms.nopen; i++) {
		if (k->forms.open[i]->testimony.line != 0) {
			return k->forms.open[i];
		}
	}
	return NULL;
}

/* The participant left: what they answered is kept if the form says so,
 * and the journey starts again. */
static void
abandon(struct kiosk *k)
{
	struct journey *j = &k->journey;
	struct error err = { 0 };

	if (j->form != NULL && j->form->partial == PARTIAL_KEEP &&
	    journey_has_answers(j) && !save(k, false, &err)) {
		fprintf(stderr, "parvis: %s\n", err.msg);
	}
	journey_reset(j);
	kiosk_refresh_open_forms(k);
}

/* Does what the journey asks; false when the kiosk must stop. */
static bool
act(struct kiosk *k, struct request r, const struct ui_event *ev)
{
	struct journey *j = &k->journey;
	struct error err = { 0 };

	(void)ev;
	switch (r.kind) {
	case REQUEST_SUBMIT:
		if (!save(k, true, &err)) {
			save_failed(j, &err);
		}
		break;
	case REQUEST_END:
		/* The participant, if any, is gone with the kiosk. */
		if (journey_in_session(j)) {
			abandon(k);
		}
		return false;
	case REQUEST_ABANDON:
		abandon(k);
		break;
	case REQUEST_CHECK_PIN:
		check_pin(k);
		break;
	default:
		break;
	}
	if (k->mode == MODE_PUBLIC && !k->was_attract &&
	    j->screen == SCREEN_ATTRACT) {
		kiosk_refresh_open_forms(k);
	}
	/* The session lock tells the sync timer a participant is answering. */
	if (journey_in_session(j)) {
		idle_lock_session_begin(k->session_lock);
	} else {
		idle_lock_session_end(k->session_lock);
	}
	return true;
}

static void
before(struct kiosk *k, const struct ui_event *ev)
{
	(void)ev;
	k->was_attract = k->journey.screen == SCREEN_ATTRACT;
}

static void *
state(struct kiosk *k)
{
	return &k->journey;
}

const struct kiosk_mode_ops public_mode = {
	.screen = &journey_screen,
	.state = state,
	.before = before,
	.act = act,
};

/* Every mode, by enum kiosk_mode: one row per mode. */
static const struct kiosk_mode_ops *const modes[] = {
	[MODE_PUBLIC] = &public_mode,
	[MODE_ADMIN] = &admin_mode,
	[MODE_VOLUNTEER] = &volunteer_mode,
	[MODE_CALIBRATE] = &calibrate_mode,
};

static bool
setup(struct kiosk *k, const struct config *cfg, struct error *err)
{
	struct error lock_err = { 0 };

	memset(k, 0, sizeof *k);
	k->cfg = cfg;
	k->trace_fd = -1;
	if (getenv("PARVIS_TRACE") != NULL) {
		k->trace_fd = open(getenv("PARVIS_TRACE"),
		    O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	}
	trace(k, "start");
	if (!communes_load(&k->communes, cfg->communes, err) ||
	    !kiosk_forms_load(&k->forms, cfg->forms, stderr, err)) {
		return false;
	}
	trace(k, "store-opening");
	k->store = store_open(cfg->database, cfg->id, err);
	if (k->store == NULL) {
		return false;
	}
	trace(k, "store-ready");
	chain_check_run(k->store, false);
	k->session_lock = idle_lock_create(cfg->database, &lock_err);
	if (k->session_lock == NULL) {
		fprintf(stderr, "parvis: %s\n", lock_err.msg);
	}
	k->settings = (struct journey_settings){
		.idle_ms = cfg->idle_seconds * 1000,
		.still_there_ms = cfg->still_there_seconds * 1000,
		.thanks_ms = cfg->thanks_seconds * 1000,
		.between_ms = cfg->min_seconds_between_sessions * 1000,
		.offer_english = strstr(cfg->languages, "en") != NULL,
		.default_lang =
		    strcmp(cfg->language, "en") == 0 ? LANG_EN : LANG_FR,
		.kiosk_name = cfg->name,
	};
	journey_init(
	    &k->journey, &k->settings, NULL, 0, &k->communes, clock_now_ms());
	admin_mode_load_closed(k);
	kiosk_refresh_open_forms(k);
	admin_mode_load_site(k);
	i18n_set_lang(k->settings.default_lang);
	return true;
}

static void
teardown(struct kiosk *k)
{
	journey_finish(&k->journey);
	admin_mode_finish(k);
	volunteer_mode_finish(k);
	idle_lock_destroy(k->session_lock);
	store_destroy(k->store);
	kiosk_forms_finish(&k->forms);
	communes_finish(&k->communes);
	if (k->trace_fd >= 0) {
		close(k->trace_fd);
	}
}

/* The screen at the front: the current mode's. */
static struct screen
front(struct kiosk *k)
{
	const struct kiosk_mode_ops *m = modes[k->mode];

	return (struct screen){ .ops = m->screen, .state = m->state(k) };
}

/* One event to the screen at the front, one request back, which its mode
 * acts on; false when the kiosk must stop.  A new size goes to the
 * journey too, so that it is right when the kiosk comes back to it. */
static bool
dispatch(struct kiosk *k, const struct ui_event *ev)
{
	const struct kiosk_mode_ops *m = modes[k->mode];
	struct screen s = front(k);
	struct request r = request_of(REQUEST_NONE);

	if (m->before != NULL) {
		m->before(k, ev);
	}
	switch (ev->kind) {
	case UI_INPUT:
		r = s.ops->handle(s.state, ev);
		break;
	case UI_TICK:
		r = s.ops->tick(s.state, ev->now_ms);
		break;
	case UI_RESIZE:
		s.ops->resize(s.state, ev->lines, ev->cols);
		if (m != &public_mode) {
			journey_resize(&k->journey, ev->lines, ev->cols);
		}
		break;
	case UI_END:
		r = request_of(REQUEST_END);
		break;
	}
	return m->act(k, r, ev);
}

int
kiosk_run(const struct config *cfg)
{
	struct ui_options uo = {
		.script = getenv("PARVIS_SCRIPT"),
		.dump_dir = getenv("PARVIS_DUMP_DIR"),
		.touch = cfg->touch_device,
		.touch_calibration = {
		    .min_x = (int32_t)cfg->touch_min_x,
		    .max_x = (int32_t)cfg->touch_max_x,
		    .min_y = (int32_t)cfg->touch_min_y,
		    .max_y = (int32_t)cfg->touch_max_y,
		},
	};
	struct kiosk k;
	struct ui_event ev;
	struct error err = { 0 };
	int status = 0;

	if (!setup(&k, cfg, &err)) {
		fprintf(stderr, "parvis: %s\n", err.msg);
		teardown(&k);
		return 1;
	}
	if (getenv("PARVIS_SIZE") != NULL) {
		sscanf(getenv("PARVIS_SIZE"), "%dx%d", &uo.cols, &uo.lines);
	}
	if (!ui_init(&uo, &err)) {
		fprintf(stderr, "parvis: %s\n", err.msg);
		teardown(&k);
		return 1;
	}
	journey_resize(&k.journey, ui_lines(), ui_cols());
	for (bool first = true;; first = false) {
		/* ui_wait draws, then waits at most one tick for input. */
		struct screen screen = front(&k);

		if (!ui_wait(&screen, &ev, &err)) {
			status = 3;
			break;
		}
		if (first) {
			notify_send("READY=1");
		}
		notify_watchdog_tick();
		if (!dispatch(&k, &ev)) {
			break;
		}
	}
	notify_send("STOPPING=1");
	ui_finish();
	if (status != 0) {
		fprintf(stderr, "parvis: %s\n", err.msg);
	}
	teardown(&k);
	return status;
}
