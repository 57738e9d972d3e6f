/*
 * The figures as text, their tables and charts (see figures_text.h): by
 * site and by day (one row each), by hour (a bar chart), and the reach
 * by commune and age band.
 */
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "gettext.h"
#include "figures_draw.h"
#include "figures_text_impl.h"

#define CELL_WIDTH 7 /* the columns of the tables by site and day */
#define ROW_LABEL_WIDTH 26

/* ---- by site, by day, by hour --------------------------------------- */

static void
table_header(FILE *out, const char *first)
{
	/* TRANSLATORS: the headers of the tables by site and by day, at
	 * most 7 columns each: completed, abandoned, testimonies, people
	 * approached, refusals, response rate.  The legend under the
	 * table (next message) spells them out. */
	const char *const heads[] = { _("compl."), _("aband."), _("testim."),
		_("appr."), _("refus."), _("rate") };

	figures_draw_pad(out, 2);
	figures_draw_fit(out, first, ROW_LABEL_WIDTH, false);
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
		fputc(' ', out);
		figures_draw_fit(out, heads[i], CELL_WIDTH, true);
	}
	fputc('\n', out);
}

static void
table_legend(FILE *out)
{
	figures_draw_wrapped(out, 2, 2,
	    _("compl. completed, aband. abandoned, "
	      "testim. testimonies, appr. people approached, refus. refusals, "
	      "rate: response rate (see Overview)."));
}

static void
table_row(FILE *out, const char *label, const struct stats_tally *t)
{
	const int64_t v[] = { t->completed, t->abandoned, t->testimonies,
		t->approaches, t->refusals };
	char rate[16] = "—";
	double r;

	figures_draw_pad(out, 2);
	figures_draw_fit(out, label, ROW_LABEL_WIDTH, false);
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		fprintf(out, " %*lld", CELL_WIDTH, (long long)v[i]);
	}
	if (stats_response_rate(t, &r)) {
		snprintf(rate, sizeof rate, "%.1f %%", r);
	}
	fputc(' ', out);
	figures_draw_fit(out, rate, CELL_WIDTH, true);
	fputc('\n', out);
}

void
figures_text_sites(const struct stats *st, const struct config *cfg, FILE *out)
{
	figures_draw_section(out, _("By site"));
	if (st->nsites == 0) {
		figures_draw_wrapped(out, 2, 2, _("Nothing yet."));
		return;
	}
	table_header(out, _("site"));
	for (size_t i = 0; i < st->nsites; i++) {
		table_row(out, figures_text_site_label(cfg, st->sites[i].id),
		    &st->sites[i].tally);
	}
	table_legend(out);
}

void
figures_text_days(const struct stats *st, FILE *out)
{
	figures_draw_section(out, _("By day"));
	if (st->ndays == 0) {
		figures_draw_wrapped(out, 2, 2, _("Nothing yet."));
		return;
	}
	table_header(out, _("day"));
	for (size_t i = 0; i < st->ndays; i++) {
		table_row(out, st->days[i].day, &st->days[i].tally);
	}
	table_legend(out);
}

void
figures_text_hours(const struct stats *st, FILE *out)
{
	struct figures_chart c = { out, 2, 0, stats_participants(&st->total),
		0 };
	int first = -1, last = -1;
	char label[32];

	figures_draw_section(out, _("Participants by hour"));
	for (int h = 0; h < 24; h++) {
		int64_t p = stats_participants(&st->hours[h]);

		if (p > 0) {
			first = first < 0 ? h : first;
			last = h;
			c.max = p > c.max ? p : c.max;
		}
	}
	if (first < 0) {
		figures_draw_wrapped(out, 2, 2, _("Nothing yet."));
		return;
	}
	for (int h = first; h <= last; h++) {
		snprintf(label, sizeof label, "%02d:00–%02d:00", h, h + 1);
		figures_chart_line(
		    &c, label, stats_participants(&st->hours[h]), NULL);
	}
}

/* ---- reach ---------------------------------------------------------- */

static void
print_communes(const struct stats_reach *r, FILE *out)
{
	struct figures_chart c = { out, 2, 0, r->participants, 6 };
	char label[128], extra[32];

	c.max = r->elsewhere > r->no_commune ? r->elsewhere : r->no_commune;
	for (size_t i = 0; i < r->ncommunes; i++) {
		c.max = r->communes[i].participants > c.max
		    ? r->communes[i].participants
		    : c.max;
	}
	fputc('\n', out);
	figures_draw_wrapped(out, 2, 2,
	    _("By commune (last column: participants per "
	      "1,000 inhabitants):"));
	for (size_t i = 0; i < r->ncommunes; i++) {
		const struct stats_commune *k = &r->communes[i];

		if (k->name != NULL) {
			snprintf(label, sizeof label, "%s", k->name);
		} else {
			snprintf(label, sizeof label, _("%s (not in the list)"),
			    k->insee);
		}
		snprintf(extra, sizeof extra, "%.2f", k->per_1000);
		figures_chart_line(&c, label, k->participants,
		    k->population > 0 ? extra : "—");
	}
	if (r->elsewhere > 0) {
		figures_chart_line(
		    &c, _("Outside the territory"), r->elsewhere, "—");
	}
	if (r->no_commune > 0) {
		figures_chart_line(
		    &c, _("Commune not given"), r->no_commune, "—");
	}
}

static void
print_ages(const struct stats_reach *r, FILE *out)
{
	struct figures_chart c = { out, 2,
		figures_text_values_max(r->ages, r->nages), r->participants,
		0 };

	fputc('\n', out);
	if (!r->age_asked) {
		figures_draw_wrapped(out, 2, 2,
		    _("No consultation asked the age "
		      "band."));
		return;
	}
	figures_draw_wrapped(out, 2, 2, _("By age band:"));
	c.max = r->no_age > c.max ? r->no_age : c.max;
	for (size_t i = 0; i < r->nages; i++) {
		figures_chart_line(&c,
		    r->ages[i].label != NULL ? r->ages[i].label
		                             : r->ages[i].key,
		    r->ages[i].count, NULL);
	}
	if (r->no_age > 0) {
		figures_chart_line(&c, _("Age not given"), r->no_age, NULL);
	}
}

void
figures_text_reach(const struct stats *st, FILE *out)
{
	const struct stats_reach *r = &st->reach;
	char line[256];

	figures_draw_section(out, _("Reach"));
	snprintf(line, sizeof line,
	    ngettext("%lld participant (each "
	             "submission and each testimony is one person).",
	        "%lld "
	        "participants (each submission and each testimony is one "
	        "person).",
	        (unsigned long)r->participants),
	    (long long)r->participants);
	figures_draw_wrapped(out, 2, 2, line);
	if (r->participants == 0) {
		return;
	}
	if (r->territory_population > 0) {
		/* TRANSLATORS: participants who live in a commune of the
		 * list, that number per 1,000 inhabitants, and the
		 * population of all the communes of the list. */
		snprintf(line, sizeof line,
		    _("In the territory: %lld, that "
		      "is %.2f per 1,000 inhabitants (population %lld)."),
		    (long long)r->territory_participants, r->territory_per_1000,
		    (long long)r->territory_population);
		figures_draw_wrapped(out, 2, 2, line);
	}
	print_communes(r, out);
	print_ages(r, out);
}
