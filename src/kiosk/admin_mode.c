/*
 * The animator's side of the kiosk loop: what the admin screens ask for
 * (see src/ui/admin.h) done in the store, as event records of the log
 * book, and the facts those screens show read back from it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include "chain_check.h"
#include "clock.h"
#include "events.h"
#include "export_file.h"
#include "stats.h"
#include "stats_text.h"
#include "utf8.h"
#include "i18n.h"
#include "sync_command.h"
#include "sync_engine.h"
#include "verbatims.h"
#include "kiosk_impl.h"

/* The ISO time (UTC) of today's local midnight: the day's figures, the
 * site of the day and the question of the day start there. */
static void
today_start(char out[25])
{
	clock_format_iso(clock_local_day_start(clock_now_ms()), out);
}

/* Writes an event; a failure is shown to the animator on stderr and in
 * the health line, and the kiosk goes on (an event is never worth a
 * participant's answers). */
static void
event(struct kiosk *k, const char *name, const char *key, const char *value)
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

#define HEALTH_EVERY_MS 5000

static void
read_health(struct kiosk *k, struct admin_facts *f)
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

static void
toggle_form(struct kiosk *k, size_t i)
{
	bool *closed = &k->forms.closed_here[i];

	event(k, *closed ? "form_open" : "form_close", "form",
	    k->forms.all[i]->id);
	*closed = !*closed;
	kiosk_refresh_open_forms(k);
}

/* Fills the admin screen's facts from the log book. */
static void
read_facts(struct kiosk *k)
{
	struct admin_facts *f = &k->admin.facts;
	struct error err = { 0 };
	char since[25];

	today_start(since);
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
	read_health(k, f);
	read_forms(k);
	f->question = admin_mode_question(k);
}

void
admin_mode_load_site(struct kiosk *k)
{
	struct error err = { 0 };
	char since[25];
	char *site = NULL;

	today_start(since);
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

	today_start(since);
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
static void
set_question(struct kiosk *k)
{
	char *text =
	    utf8_sanitize(k->admin.field.buf, strlen(k->admin.field.buf), 0);

	if (text != NULL) {
		event(k, "question_of_day", "text", text);
	}
	free(text);
}

void
admin_mode_enter(struct kiosk *k)
{
	if (k->sites == NULL && k->cfg->nsites > 0) {
		k->sites = calloc(k->cfg->nsites, sizeof *k->sites);
		for (size_t i = 0; k->sites != NULL && i < k->cfg->nsites;
		     i++) {
			k->sites[i].id = k->cfg->sites[i].id;
			k->sites[i].label = k->cfg->sites[i].label;
		}
	}
	k->mode = MODE_ADMIN;
	admin_open(&k->admin, k->settings.idle_ms, ui_lines(), ui_cols());
	event(k, "admin_enter", NULL, NULL);
	read_facts(k);
}

/* Starts a synchronisation that the ticks will step: the screen never
 * waits on the network (the engine's steps are short and never sleep). */
static void
sync_start(struct kiosk *k)
{
	struct admin_sync *as = &k->admin.facts.sync;
	struct sync_settings set;
	struct error err = { 0 };

	/* The chain checked and the sync logged first, so that what they
	 * write travels with this very sync. */
	chain_check_run(k->store, true);
	event(k, "sync", NULL, NULL);
	sync_command_settings(k->cfg, &set);
	set.sleep_ms = NULL;
	set.slice_ms = 50;
	k->sync = sync_engine_create(k->store, &set, &err);
	*as = (struct admin_sync){ .running = k->sync != NULL };
	snprintf(as->message, sizeof as->message, "%s",
	    k->sync != NULL ? _("Connecting…") : err.msg);
	as->finished = k->sync == NULL;
}

/* Reloads the consultation files after a sync brought new ones. */
static void
reload_forms(struct kiosk *k)
{
	struct error err = { 0 };

	journey_set_forms(&k->journey, NULL, 0);
	form_set_finish(&k->forms);
	if (!form_set_load(&k->forms, k->cfg->forms, stderr, &err)) {
		fprintf(stderr, "parvis: %s\n", err.msg);
	}
	free(k->admin_forms);
	k->admin_forms = NULL;
	admin_mode_load_closed(k);
	kiosk_refresh_open_forms(k);
}

/* One step of a running synchronisation, its progress for the screen. */
static void
sync_step(struct kiosk *k)
{
	struct admin_sync *as = &k->admin.facts.sync;
	const struct sync_progress *p;

	if (k->sync == NULL) {
		return;
	}
	p = sync_engine_step(k->sync);
	as->sent = p->sent;
	as->total = p->total;
	snprintf(as->message, sizeof as->message, "%s",
	    p->message != NULL ? p->message : "");
	if (!sync_progress_finished(p)) {
		return;
	}
	sync_progress_summary(p, as->message, sizeof as->message);
	as->running = false;
	as->finished = true;
	as->ok = p->state == SYNC_DONE;
	if (p->forms_installed > 0) {
		reload_forms(k);
	}
	sync_engine_destroy(k->sync);
	k->sync = NULL;
	read_facts(k);
}

static void
forget_figures(struct kiosk *k)
{
	struct admin_facts *f = &k->admin.facts;

	for (size_t i = 0; i < f->nfigures; i++) {
		free(f->figures[i]);
	}
	free(f->figures);
	f->figures = NULL;
	f->nfigures = 0;
}

/* Today's figures, all sites, as `parvis stats --since TODAY` prints
 * them: one source of truth for the screen and the command line. */
static void
read_figures(struct kiosk *k)
{
	struct admin_facts *f = &k->admin.facts;
	struct error err = { 0 };
	char today[11], *text = NULL, *line;
	size_t len = 0;
	struct stats *st;
	FILE *mem;

	forget_figures(k);
	export_suggest_path(k->cfg->database, k->cfg->id, clock_now_ms(),
	    f->export_path, sizeof f->export_path);
	clock_format_local(clock_now_ms(), "%Y-%m-%d", today, sizeof today);
	st = stats_compute(k->store, &(struct stats_filter){ .since = today },
	    &k->communes, &err);
	mem = open_memstream(&text, &len);
	if (mem == NULL) {
		stats_destroy(st);
		return;
	}
	if (st != NULL) {
		stats_text_print(st, k->cfg, mem);
	} else {
		fprintf(mem, "%s\n", err.msg);
	}
	fclose(mem);
	stats_destroy(st);
	/* One line per line of text, blank ones kept. */
	f->figures = calloc(len + 1, sizeof *f->figures);
	for (line = text; f->figures != NULL && *line != '\0';) {
		char *eol = strchr(line, '\n');
		size_t n = eol != NULL ? (size_t)(eol - line) : strlen(line);
		f->figures[f->nfigures++] = strndup(line, n);
		line += n + (eol != NULL);
	}
	free(text);
}

/* Writes every record, as `parvis export --format json` does, to the
 * path the animator chose, and logs it; how it went goes on the screen. */
static void
export_records(struct kiosk *k)
{
	struct admin_facts *f = &k->admin.facts;
	const char *path = k->admin.field.buf;
	int64_t n = store_count(k->store, NULL);
	struct error err = { 0 };
	char payload[128];

	f->export_ok = export_file(k->store, STORE_JSON, NULL, path, &err);
	if (!f->export_ok) {
		snprintf(
		    f->export_message, sizeof f->export_message, "%s", err.msg);
		return;
	}
	snprintf(f->export_message, sizeof f->export_message,
	    ngettext("%lld record written to %s.",
	        "%lld records written to %s.", (unsigned long)n),
	    (long long)n, path);
	snprintf(payload, sizeof payload,
	    "{\"event\":\"export\",\"format\":\"json\",\"records\":%lld}",
	    (long long)n);
	if (!store_event_json(k->store, k->site, payload, &err)) {
		fprintf(stderr, "parvis: %s\n", err.msg);
	}
}

#define VERBATIMS_MAX 500

static void
forget_verbatims(struct kiosk *k)
{
	struct admin_facts *f = &k->admin.facts;

	for (size_t i = 0; i < f->nverbatims; i++) {
		free(f->verbatims[i].about);
		free(f->verbatims[i].text);
	}
	free(f->verbatims);
	f->verbatims = NULL;
	f->nverbatims = 0;
}

/* Where verbatims are read into: the admin's facts, and the communes
 * to name a testimony's. */
struct verbatim_fill {
	struct admin_facts *facts;
	const struct communes *communes;
};

/* What a verbatim is, for the line above its words. */
static void
verbatim_kind(const struct store_verbatim *v, char *out, size_t size)
{
	const char *quote = v->quote != NULL ? v->quote : "";

	if (v->kind == VERBATIM_TESTIMONY && strcmp(quote, "named") == 0) {
		snprintf(out, size, _("Testimony, with first name: %s"),
		    v->first_name != NULL ? v->first_name : "");
	} else if (v->kind == VERBATIM_TESTIMONY &&
	    strcmp(quote, "anonymous") == 0) {
		snprintf(out, size, "%s", _("Testimony, anonymous"));
	} else if (v->kind == VERBATIM_TESTIMONY) {
		snprintf(out, size, "%s", _("Testimony, not for publication"));
	} else if (v->kind == VERBATIM_OTHER) {
		snprintf(out, size, _("\"Other\" answer · %s"), v->form_id);
	} else {
		snprintf(out, size, _("Answer · %s"), v->form_id);
	}
}

/* The commune a testimony gives, by name; NULL when none is given. */
static const char *
verbatim_commune(const struct store_verbatim *v, const struct communes *c)
{
	const struct commune *found;

	if (v->commune == NULL) {
		return NULL;
	}
	if (strcmp(v->commune, COMMUNES_ELSEWHERE) == 0) {
		return _("Outside the territory");
	}
	found = communes_find(c, v->commune);
	return found != NULL ? found->name : v->commune;
}

static void
add_verbatim(void *ctx, const struct store_verbatim *v)
{
	struct verbatim_fill *fill = ctx;
	struct admin_facts *f = fill->facts;
	struct admin_verbatim *out = &f->verbatims[f->nverbatims];
	const char *commune = verbatim_commune(v, fill->communes);
	char kind[256], about[400], when[32] = "";
	int64_t ms;

	verbatim_kind(v, kind, sizeof kind);
	if (clock_parse_iso(v->created_at, &ms)) {
		clock_format_local(ms, "%d/%m %H:%M", when, sizeof when);
	}
	snprintf(about, sizeof about, "%s · %s%s%s", when, kind,
	    commune != NULL ? " · " : "", commune != NULL ? commune : "");
	out->about = strdup(about);
	out->text = strdup(v->text);
	if (out->about == NULL || out->text == NULL) {
		free(out->about);
		free(out->text);
		return;
	}
	f->nverbatims++;
}

/* The verbatims that match the animator's words, newest first. */
static void
read_verbatims(struct kiosk *k)
{
	struct admin_facts *f = &k->admin.facts;
	struct verbatim_fill fill = { f, &k->communes };
	struct error err = { 0 };

	forget_verbatims(k);
	f->verbatims = calloc(VERBATIMS_MAX, sizeof *f->verbatims);
	if (f->verbatims == NULL) {
		return;
	}
	if (!store_each_verbatim(k->store, k->admin.query, VERBATIMS_MAX,
	        add_verbatim, &fill, &err)) {
		fprintf(stderr, "parvis: %s\n", err.msg);
	}
}

/* Does what the admin screen asked; false when the kiosk must stop. */
static bool
perform(struct kiosk *k, struct admin_result r)
{
	switch (r.request) {
	case ADMIN_SET_SITE:
		free(k->site);
		k->site = strdup(k->sites[r.arg].id);
		event(k, "site", "site", k->site);
		break;
	case ADMIN_COUNT_APPROACH:
		event(k, "approach", NULL, NULL);
		break;
	case ADMIN_COUNT_REFUSAL:
		event(k, "refusal", NULL, NULL);
		break;
	case ADMIN_TOGGLE_FORM:
		toggle_form(k, (size_t)r.arg);
		break;
	case ADMIN_SYNC_START:
		sync_start(k);
		break;
	case ADMIN_FIGURES_READ:
		read_figures(k);
		break;
	case ADMIN_CALIBRATE:
		calibrate_mode_enter(k);
		return true;
	case ADMIN_VERBATIMS_READ:
		read_verbatims(k);
		break;
	case ADMIN_SET_QUESTION:
		set_question(k);
		break;
	case ADMIN_EXPORT_WRITE:
		export_records(k);
		break;
	case ADMIN_BACK_TO_KIOSK:
		event(k, "admin_leave", NULL, NULL);
		k->mode = MODE_PUBLIC;
		journey_reset(&k->journey);
		return true;
	case ADMIN_LEAVE_KIOSK_MODE:
		event(k, "kiosk_exit", NULL, NULL);
		return false;
	case ADMIN_NOTHING:
		return true;
	}
	read_facts(k);
	return true;
}

bool
admin_mode_dispatch(struct kiosk *k, const struct ui_event *ev)
{
	sync_step(k);
	switch (ev->kind) {
	case UI_INPUT:
		return perform(k, admin_handle(&k->admin, &ev->input));
	case UI_TICK:
		/* The health lines count the records and stat the disk: every
		 * few seconds is enough, not on each tick of the loop. */
		if (clock_now_ms() - k->health_read_ms >= HEALTH_EVERY_MS) {
			read_health(k, &k->admin.facts);
		}
		return perform(k, admin_tick(&k->admin));
	case UI_RESIZE:
		admin_resize(&k->admin, ui_lines(), ui_cols());
		journey_resize(&k->journey, ui_lines(), ui_cols());
		return true;
	case UI_END:
		event(k, "admin_leave", NULL, NULL);
		return false;
	}
	return true;
}

void
admin_mode_finish(struct kiosk *k)
{
	sync_engine_destroy(k->sync);
	k->sync = NULL;
	forget_figures(k);
	forget_verbatims(k);
	free(k->sites);
	free(k->admin_forms);
	free(k->site);
	free(k->question);
	k->sites = NULL;
	k->site = NULL;
	k->question = NULL;
}
