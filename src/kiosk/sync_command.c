/*
 * `parvis sync` and the bundle of `parvis export --bundle` (see
 * sync_command.h).  The engine does the work; this file only turns
 * kiosk.ini into settings, shows the progress, and picks the exit status.
 *
 * Under a virtual clock (PARVIS_CLOCK, for tests) the waits between
 * attempts move the clock instead of sleeping, so a test of a flaky link
 * does not wait minutes.
 */
#include "sync_command.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "chain_check.h"
#include "clock.h"
#include "commands.h"
#include "i18n.h"
#include "idle_lock.h"
#include "store.h"
#include "sync_batch.h"
#include "sync_engine.h"

/* What the last progress line said, to print only what changed. */
struct display {
	bool tty;
	bool open_line; /* a \r-line is on screen */
	char last[1024];
};

static void
sleep_ms(void *ctx, int64_t ms)
{
	struct timespec ts = { .tv_sec = ms / 1000,
		.tv_nsec = (long)(ms % 1000) * 1000000 };

	if (clock_is_virtual()) {
		clock_advance(ms);
		return;
	}
	nanosleep(&ts, NULL);
}

static void
end_line(struct display *d)
{
	if (d->open_line) {
		fputc('\n', stderr);
		d->open_line = false;
	}
}

/* Prints the progress when its message changed, and any note. */
static void
show(struct display *d, const struct sync_progress *p)
{
	bool passing = p->state == SYNC_SENDING || p->state == SYNC_WAITING;

	/* How a run ends is said once, by report(). */
	if (p->state != SYNC_FAILED && p->state != SYNC_DONE &&
	    strcmp(d->last, p->message) != 0) {
		snprintf(d->last, sizeof d->last, "%s", p->message);
		if (d->tty && passing) {
			fprintf(stderr, "\r%s\033[K", p->message);
			d->open_line = true;
		} else {
			end_line(d);
			fprintf(stderr, "%s\n", p->message);
		}
	}
	if (p->note != NULL) {
		end_line(d);
		fprintf(stderr, "%s\n", p->note);
	}
}

void
sync_command_settings(const struct config *cfg, struct sync_settings *s)
{
	memset(s, 0, sizeof *s);
	s->url = cfg->sync_url;
	s->token_file = cfg->sync_token_file;
	s->ca_file = cfg->sync_ca_file;
	s->pinned_key = cfg->sync_pinned_key;
	s->forms_dir = cfg->forms;
	s->batch_size = cfg->sync_batch_size;
	s->connect_timeout_s = (long)cfg->sync_connect_timeout_seconds;
	s->low_speed_s = (long)cfg->sync_low_speed_seconds;
	s->slice_ms = 250;
	s->sleep_ms = sleep_ms;
}

/* Prints how the run ended; returns the exit status. */
static int
report(const struct sync_progress *p)
{
	char summary[1024];

	sync_progress_summary(p, summary, sizeof summary);
	if (p->state == SYNC_DONE) {
		printf("%s\n", summary);
		return 0;
	}
	fprintf(stderr, "%s\n", p->message);
	if (p->detail[0] != '\0') {
		fprintf(stderr, _("(technical detail: %s)\n"), p->detail);
	}
	fprintf(stderr, "%s\n", summary);
	return p->failure == SYNC_FAIL_NETWORK || p->failure == SYNC_FAIL_SERVER
	    ? 3
	    : 1;
}

static int
run_engine(const struct config *cfg, struct store *s)
{
	struct display d = { .tty = isatty(STDERR_FILENO) };
	struct sync_settings set;
	const struct sync_progress *p;
	struct sync_engine *e;
	struct error err = { 0 };
	int status;

	sync_command_settings(cfg, &set);
	e = sync_engine_create(s, &set, &err);
	if (e == NULL) {
		fprintf(stderr, "parvis: %s\n", err.msg);
		return 1;
	}
	do {
		p = sync_engine_step(e);
		show(&d, p);
	} while (!sync_progress_finished(p));
	end_line(&d);
	status = report(p);
	sync_engine_destroy(e);
	return status;
}

enum { OPT_WHEN_IDLE = CMD_LONG_ONLY };

static const struct cmd_option sync_options[] = {
	{ "when-idle", CMD_MAYBE_VALUE, OPT_WHEN_IDLE },
	{ NULL, CMD_NO_VALUE, 0 },
};

/* Takes --when-idle[=SECONDS] (idle_lock.h) into the int of ctx: the
 * seconds to wait, 0 without a value; false for a value that is not 0 to
 * 3600. */
static bool
take_when_idle(void *ctx, int opt, const char *arg)
{
	int *wait = ctx;
	char *end = NULL;
	long n = arg != NULL ? strtol(arg, &end, 10) : 0;

	if (arg != NULL &&
	    (end == arg || *end != '\0' || *arg == '-' || n > 3600)) {
		fprintf(stderr,
		    _("parvis sync: --when-idle waits 0 to 3600 seconds, not "
		      "'%s'\n"),
		    arg);
		return false;
	}
	*wait = (int)n;
	return true;
}

/* With --when-idle: 0 when no participant is answering (after waiting up
 * to wait seconds); otherwise says why on stderr and returns the exit
 * status: 3 (try later) while one is, 1 when the lock cannot be read. */
static int
kiosk_idle(const struct config *cfg, int wait)
{
	struct error err = { 0 };

	switch (wait < 0 ? IDLE_LOCK_IDLE
	                 : idle_lock_wait_idle(cfg->database, wait, &err)) {
	case IDLE_LOCK_IDLE:
		return 0;
	case IDLE_LOCK_BUSY:
		fprintf(stderr,
		    _("parvis: a participant is answering a "
		      "consultation on this kiosk: no synchronisation now, the "
		      "next run will try again\n"));
		return 3;
	case IDLE_LOCK_ERROR:
		break;
	}
	fprintf(stderr,
	    _("parvis: %s (the session lock of the kiosk: "
	      "sync --when-idle cannot tell whether a participant is "
	      "answering)\n"),
	    err.msg);
	return 1;
}

static int
run_sync(const struct command_env *env, int argc, char **argv)
{
	const struct config *cfg = env->cfg;
	struct error err = { 0 };
	struct store *s;
	int wait = -1, first;
	int status = command_options(
	    &command_sync, argc, argv, take_when_idle, &wait, &first);

	if (status >= 0) {
		return status;
	}
	if (cfg->sync_url[0] == '\0') {
		fprintf(stderr,
		    _("parvis: %s: synchronisation is not set up "
		      "(add a [sync] section with url and token_file; see "
		      "parvis --help-config)\n"),
		    cfg->path);
		return 1;
	}
	status = kiosk_idle(cfg, wait);
	if (status != 0) {
		return status;
	}
	s = store_open(cfg->database, cfg->id, &err);
	if (s == NULL) {
		fprintf(stderr, "parvis: %s\n", err.msg);
		return 1;
	}
	chain_check_run(s, true);
	status = run_engine(cfg, s);
	store_destroy(s);
	return status;
}

const struct command command_sync = {
	.entry = {
		.name = "sync",
		.args = { N_("[--when-idle[=SECONDS]]") },
		.help = { N_("send the records to the server and\n"
		             "fetch its consultations (--when-idle:\n"
		             "unless a participant is answering)") },
		.options = sync_options,
		.max_args = 0,
	},
	.flags = COMMAND_CONFIG,
	.run = run_sync,
};

int
command_export_bundle(const struct config *cfg, const char *path)
{
	struct error err = { 0 };
	struct store *s;
	int64_t count = 0;
	bool ok;

	s = command_open_store(cfg);
	if (s == NULL) {
		return 1;
	}
	chain_check_run(s, true);
	ok = sync_bundle_write(s, path, &count, &err);
	store_destroy(s);
	if (!ok) {
		fprintf(stderr,
		    _("parvis: %s (choose a place you can write to, "
		      "such as a USB stick)\n"),
		    err.msg);
		return 1;
	}
	if (count == 0) {
		fprintf(stderr,
		    _("parvis: nothing to export: every record has "
		      "been acknowledged by the server; %s was not written\n"),
		    path);
		return 0;
	}
	fprintf(stderr,
	    ngettext("parvis: %lld record written to %s (not marked as "
	             "sent: the next sync sends it again and the server "
	             "counts it once)\n",
	        "parvis: %lld records written to %s (not marked as "
	        "sent: the next sync sends them again and the server counts "
	        "them once)\n",
	        (unsigned long)count),
	    (long long)count, path);
	return 0;
}
