/*
 * The animator's side: the facts its screens show, read from the log book
 * and the files (the health lines, the consultations open here, the site
 * and the question of the day), and the events that set them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include "admin_impl.h"
#include "chain_check.h"
#include "clock.h"
#include "events.h"
#include "i18n.h"
#include "utf8.h"

/* The ISO time (UTC) of today's local midnight: the day's figures, the
 * site of the day and the question of the day start there. */
void
admin_today_start(char out[25])
{
	clock_format_iso(clock_local_day_start(clock_now_ms()), out);
}

/* Writes an event; a failure is shown to the animator on stderr and in
 * the health line, and the kiosk goes on (an event is never worth a
 * participant's answers). */
void
admin_event(
    struct kiosk *k, const char *name, const char *key, const char *value)
{
	struct error err = { 0 };

	if (!store_event(k->store, k->site, name, key, value, &err)) {
		fprintf(stderr, "parvis: %s\n", err.msg);
	}
}

static int64_t
file_kb(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (int64_t)(st.st_size / 1024) : 0;
}

void
admin_health_read(struct kiosk *k, struct admin_facts *f)
{
	char wal[4096];
	struct statvfs vfs;
	int64_t acked = 0, last = 0, synced;
	struct error err = { 0 };
	char iso[25];

	k->health_read_ms = clock_now_ms();
	/* The last seq, not the count: purged records left their seqs. */
	f->unsent = store_last_seq(k->store, &last, &err) &&
	        store_sync_acked(k->store, &acked, &err)
	    ? last - acked
	    : -1;
	snprintf(wal, sizeof wal, "%s-wal", k->cfg->database);
	f->database_kb = file_kb(k->cfg->database) + file_kb(wal);
	f->free_disk_mb = statvfs(k->cfg->database, &vfs) == 0
	    ? (int64_t)(vfs.f_bavail * vfs.f_frsize / (1024 * 1024))
	    : -1;
	clock_format_local(
	    clock_now_ms(), "%Y-%m-%d %H:%M", f->clock, sizeof f->clock);
	chain_check_line(k->store, f->chain, sizeof f->chain);
	f->last_sync[0] = '\0';
	if (store_last_sync(k->store, iso, &err) && iso[0] != '\0' &&
	    clock_parse_iso(iso, &synced)) {
		clock_format_local(synced, "%Y-%m-%d %H:%M", f->last_sync,
		    sizeof f->last_sync);
	}
}

void
admin_mode_load_closed(struct kiosk *k)
{
	struct error err = { 0 };

	for (size_t i = 0; i < k->forms.nall; i++) {
		if (!store_form_closed(k->store, k->forms.all[i]->id,
		        &k->forms.closed_here[i], &err)) {
			fprintf(stderr, "parvis: %s\n", err.msg);
		}
	}
}

/* The consultations as the animator's screen lists them. */
static void
read_forms(struct kiosk *k)
{
	int64_t day = clock_local_today(clock_now_ms());

	if (k->admin_forms == NULL && k->forms.nall > 0) {
		k->admin_forms = calloc(k->forms.nall, sizeof *k->admin_forms);
	}
	for (size_t i = 0; k->admin_forms != NULL && i < k->forms.nall; i++) {
		const struct form *f = k->forms.all[i];
		k->admin_forms[i] = (struct admin_form){
			.title = form_text(&f->title, LANG_FR),
			.in_dates = form_is_open(f, day),
			.closed_here = k->forms.closed_here[i],
		};
	}
	k->admin.facts.forms = k->admin_forms;
	k->admin.facts.nforms = k->admin_forms != NULL ? k->forms.nall : 0;
}

void
admin_form_toggle(struct kiosk *k, size_t i)
{
	bool *closed = &k->forms.closed_here[i];

	admin_event(k, *closed ? "form_open" : "form_close", "form",
	    k->forms.all[i]->id);
	*closed = !*closed;
	kiosk_refresh_open_forms(k);
}

/* Fills the admin screen's facts from the log book. */
void
admin_facts_read(struct kiosk *k)
{
	struct admin_facts *f = &k->admin.facts;
	struct error err = { 0 };
	char since[25];

	admin_today_start(since);
	f->kiosk_name = k->cfg->name;
	f->sites = k->sites;
	f->nsites = k->cfg->nsites;
	f->site = -1;
	f->sync_configured = k->cfg->sync_url[0] != '\0';
	for (size_t i = 0; k->site != NULL && i < f->nsites; i++) {
		if (strcmp(k->sites[i].id, k->site) == 0) {
			f->site = (int)i;
		}
	}
	if (!store_event_count(
	        k->store, "approach", since, &f->approaches, &err) ||
	    !store_event_count(
	        k->store, "refusal", since, &f->refusals, &err) ||
	    !store_completed_count(k->store, since, &f->completed, &err)) {
		fprintf(stderr, "parvis: %s\n", err.msg);
	}
	admin_health_read(k, f);
	read_forms(k);
	f->question = admin_mode_question(k);
}

void
admin_mode_load_site(struct kiosk *k)
{
	struct error err = { 0 };
	char since[25];
	char *site = NULL;

	admin_today_start(since);
	if (!store_event_last(k->store, "site", since, "site", &site, &err)) {
		fprintf(stderr, "parvis: %s\n", err.msg);
	}
	free(k->site);
	k->site = site;
}

const char *
admin_mode_question(struct kiosk *k)
{
	const struct form *f;
	struct error err = { 0 };
	char since[25];
	char *text = NULL;

	admin_today_start(since);
	if (!store_event_last(
	        k->store, "question_of_day", since, "text", &text, &err)) {
		fprintf(stderr, "parvis: %s\n", err.msg);
	}
	free(k->question);
	k->question = text;
	if (text != NULL) {
		return text;
	}
	if (k->cfg->volunteer_question[0] != '\0') {
		return k->cfg->volunteer_question;
	}
	f = kiosk_testimony_form(k);
	return f != NULL
	    ? form_text(&f->testimony.question, k->settings.default_lang)
	    : "";
}

/* Logs the question the animator typed, sanitised (the field lets only
 * safe code points in, but a log line is worth the second look). */
void
admin_question_set(struct kiosk *k)
{
	char *text =
	    utf8_sanitize(k->admin.field.buf, strlen(k->admin.field.buf), 0);

	if (text != NULL) {
		admin_event(k, "question_of_day", "text", text);
	}
	free(text);
}
