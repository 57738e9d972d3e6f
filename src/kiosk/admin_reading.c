/*
 * The animator's side: what it reads on the kiosk itself, the day's
 * figures (as `parvis stats` prints them) and the verbatims (comments and
 * testimonies, newest first, searched by words).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_impl.h"
#include "clock.h"
#include "export_file.h"
#include "i18n.h"
#include "stats.h"
#include "figures_text.h"
#include "verbatims.h"

void
admin_figures_forget(struct kiosk *k)
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
void
admin_figures_read(struct kiosk *k)
{
	struct admin_facts *f = &k->admin.facts;
	struct error err = { 0 };
	char today[11], *text = NULL, *line;
	size_t len = 0;
	struct stats *st;
	FILE *mem;

	admin_figures_forget(k);
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
		figures_text_print(st, k->cfg, mem);
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

#define VERBATIMS_MAX 500

void
admin_verbatims_forget(struct kiosk *k)
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
void
admin_verbatims_read(struct kiosk *k)
{
	struct admin_facts *f = &k->admin.facts;
	struct verbatim_fill fill = { f, &k->communes };
	struct error err = { 0 };

	admin_verbatims_forget(k);
	f->verbatims = calloc(VERBATIMS_MAX, sizeof *f->verbatims);
	if (f->verbatims == NULL) {
		return;
	}
	if (!store_each_verbatim(k->store, k->admin.query, VERBATIMS_MAX,
	        add_verbatim, &fill, &err)) {
		fprintf(stderr, "parvis: %s\n", err.msg);
	}
}
