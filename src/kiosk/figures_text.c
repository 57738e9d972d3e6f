/*
 * The figures as text (see figures_text.h), for an animator at noon or an
 * elected official afterwards: an overview with the response rate
 * explained, each consultation with where people gave up and each
 * question's answers as bar charts; then (figures_tables.c) tables by site
 * and by day, a chart by hour, and the reach by commune and age band.
 *
 * The drawing itself (widths, bars, wrapping within 79 columns) is in
 * figures_draw.c.
 */
#include "figures_text.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "gettext.h"
#include "figures_draw.h"
#include "figures_text_impl.h"

int64_t
figures_text_values_max(const struct stats_value *v, size_t n)
{
	int64_t max = 0;

	for (size_t i = 0; i < n; i++) {
		max = v[i].count > max ? v[i].count : max;
	}
	return max;
}

/* ---- header and overview ------------------------------------------ */

const char *
figures_text_site_label(const struct config *cfg, const char *id)
{
	if (id == NULL) {
		return _("no site set");
	}
	for (size_t i = 0; i < cfg->nsites; i++) {
		if (strcmp(cfg->sites[i].id, id) == 0) {
			return cfg->sites[i].label;
		}
	}
	return id;
}

static void
print_header(const struct stats *st, const struct config *cfg, FILE *out)
{
	char line[512], when[32] = "";
	int64_t ms;

	/* TRANSLATORS: %s is the kiosk's name from kiosk.ini. */
	snprintf(line, sizeof line, _("Figures: %s"), cfg->name);
	figures_draw_wrapped(out, 0, 0, line);
	if (clock_parse_iso(st->generated_at, &ms)) {
		clock_format_local(ms, "%Y-%m-%d %H:%M", when, sizeof when);
	}
	/* TRANSLATORS: a local date and time, e.g. "2026-11-25 09:30". */
	snprintf(line, sizeof line, _("As of %s"), when);
	figures_draw_wrapped(out, 0, 0, line);
	if (st->since[0] != '\0') {
		snprintf(line, sizeof line, _("Days: from %s on"), st->since);
	} else {
		snprintf(line, sizeof line, "%s", _("Days: all"));
	}
	figures_draw_wrapped(out, 2, 4, line);
	if (st->site != NULL) {
		snprintf(line, sizeof line, _("Site: %s (%s)"),
		    figures_text_site_label(cfg, st->site), st->site);
	} else {
		snprintf(line, sizeof line, "%s", _("Sites: all"));
	}
	figures_draw_wrapped(out, 2, 4, line);
	figures_draw_wrapped(out, 2, 4,
	    _("Records withdrawn by a retraction are left "
	      "out everywhere."));
}

/* "5 completed, 3 abandoned" */
static void
submission_words(int64_t completed, int64_t abandoned, char *buf, size_t size)
{
	char c[64], a[64];

	snprintf(c, sizeof c,
	    ngettext(
	        "%lld completed", "%lld completed", (unsigned long)completed),
	    (long long)completed);
	snprintf(a, sizeof a,
	    ngettext(
	        "%lld abandoned", "%lld abandoned", (unsigned long)abandoned),
	    (long long)abandoned);
	snprintf(buf, size, "%s, %s", c, a);
}

/* "7 completed, 3 abandoned, 1 testimony" */
static void
tally_words(const struct stats_tally *t, char *buf, size_t size)
{
	char sub[160], w[64];

	submission_words(t->completed, t->abandoned, sub, sizeof sub);
	snprintf(w, sizeof w,
	    ngettext("%lld testimony", "%lld testimonies",
	        (unsigned long)t->testimonies),
	    (long long)t->testimonies);
	snprintf(buf, size, "%s, %s", sub, w);
}

static void
overview_line(FILE *out, const char *label, const char *value, const char *note)
{
	figures_draw_pad(out, 2);
	figures_draw_fit(out, label, 22, false);
	figures_draw_fit(out, value, 9, true);
	if (note != NULL) {
		fprintf(out, "  %s", note);
	}
	fputc('\n', out);
}

static void
print_rate(const struct stats_tally *t, FILE *out)
{
	char value[32], note[128];
	double rate;

	if (!stats_response_rate(t, &rate)) {
		overview_line(out, _("Response rate"), "—",
		    _("(no approach counted: no rate)"));
		figures_draw_wrapped(out, 2, 2,
		    _("With no approach counted there is no "
		      "response rate (it is not 0 %): count the people you "
		      "approach with the admin screen's counter."));
		return;
	}
	snprintf(value, sizeof value, "%.1f %%", rate);
	/* TRANSLATORS: the response rate's numbers, e.g. "(7 completed /
	 * 6 approached)". */
	snprintf(note, sizeof note, _("(%lld completed / %lld approached)"),
	    (long long)t->completed, (long long)t->approaches);
	overview_line(out, _("Response rate"), value, note);
	figures_draw_wrapped(out, 2, 2,
	    _("The response rate is the completed "
	      "submissions divided by the people approached (the animator's "
	      "counter), over the same days and site. People who came to the "
	      "kiosk by themselves were not approached, so it can exceed "
	      "100 %."));
}

static void
print_overview(const struct stats *st, FILE *out)
{
	const struct stats_tally *t = &st->total;
	char value[32], note[288], words[256];

	figures_draw_section(out, _("Overview"));
	snprintf(value, sizeof value, "%lld", (long long)stats_participants(t));
	tally_words(t, words, sizeof words);
	snprintf(note, sizeof note, "(%s)", words);
	overview_line(out, _("Participants"), value, note);
	snprintf(value, sizeof value, "%lld", (long long)t->approaches);
	overview_line(out, _("People approached"), value, NULL);
	snprintf(value, sizeof value, "%lld", (long long)t->refusals);
	overview_line(out, _("Refusals"), value, NULL);
	print_rate(t, out);
}

/* ---- consultations -------------------------------------------------- */

static const char *
type_words(enum question_type type)
{
	switch (type) {
	case Q_CHOICE:
		return _("one choice");
	case Q_CHOICES:
		return _("several choices");
	case Q_SCALE:
		return _("scale");
	case Q_RANK:
		return _("ranking");
	case Q_TEXT:
		return _("free text");
	case Q_NUMBER:
		return _("number");
	case Q_COMMUNE:
		return _("commune");
	case Q_CONSENT:
		return _("yes or no");
	default:
		return _("only in an older version of the form");
	}
}

/* The words of one bar of question q. */
static const char *
value_label(const struct stats_question *q, const struct stats_value *v,
    char *buf, size_t size)
{
	if (q->type == Q_SCALE && v->label != NULL) {
		snprintf(buf, size, "%s — %s", v->key, v->label);
		return buf;
	}
	if (v->label != NULL) {
		return v->label;
	}
	if (q->type == Q_CONSENT && strcmp(v->key, "oui") == 0) {
		return _("Yes");
	}
	if (q->type == Q_CONSENT && strcmp(v->key, "non") == 0) {
		return _("No");
	}
	if (strcmp(v->key, "other") == 0 && q->type != Q_SCALE) {
		return _("Other (in their words)");
	}
	return v->key;
}

static void
print_gave_up(const struct stats_form *f, FILE *out)
{
	struct figures_chart c = { out, 2, 0, f->abandoned, 0 };
	char label[256];

	if (f->abandoned == 0) {
		return;
	}
	for (size_t i = 0; i < f->ngave_up; i++) {
		c.max =
		    f->gave_up[i].count > c.max ? f->gave_up[i].count : c.max;
	}
	fputc('\n', out);
	snprintf(label, sizeof label,
	    ngettext("Where the %lld abandoned "
	             "session stopped:",
	        "Where the %lld abandoned sessions stopped:",
	        (unsigned long)f->abandoned),
	    (long long)f->abandoned);
	figures_draw_wrapped(out, 2, 2, label);
	for (size_t i = 0; i < f->ngave_up; i++) {
		const struct stats_gave_up *g = &f->gave_up[i];

		if (g->prompt != NULL) {
			snprintf(label, sizeof label, "%zu. %s", g->position,
			    g->prompt);
		} else if (g->question != NULL) {
			snprintf(label, sizeof label, "%s", g->question);
		} else {
			snprintf(
			    label, sizeof label, "%s", _("(unknown question)"));
		}
		figures_chart_line(&c, label, g->count, NULL);
	}
}

static void
print_values(const struct stats_question *q, FILE *out)
{
	struct figures_chart c = { out, 4,
		figures_text_values_max(q->values, q->nvalues), q->answered,
		q->type == Q_RANK ? 5 : 0 };
	char label[256], extra[16];

	if (q->type == Q_CHOICES) {
		figures_draw_wrapped(out, 4, 4,
		    _("(several answers each: the "
		      "percentages add up to more than 100)"));
	}
	if (q->type == Q_RANK) {
		figures_draw_wrapped(out, 4, 4,
		    _("Bars: how many put it first; last "
		      "column: its mean place (1 = first)."));
	}
	for (size_t i = 0; i < q->nvalues; i++) {
		const struct stats_value *v = &q->values[i];

		snprintf(extra, sizeof extra, "%.2f", v->mean_rank);
		figures_chart_line(&c, value_label(q, v, label, sizeof label),
		    v->count, v->ranked > 0 ? extra : "—");
	}
}

static void
print_numbers(const struct stats_question *q, FILE *out)
{
	const struct stats_numbers *nb = &q->numbers;
	char line[256];

	if (nb->count == 0) {
		return;
	}
	/* TRANSLATORS: the smallest, the largest, the mean and the median
	 * of the numbers given. */
	snprintf(line, sizeof line,
	    _("min %lld · max %lld · mean %.1f · "
	      "median %.1f"),
	    (long long)nb->min, (long long)nb->max, nb->mean, nb->median);
	figures_draw_wrapped(out, 4, 4, line);
}

static void
print_question(const struct stats_question *q, FILE *out)
{
	char line[1024], answers[64];

	fputc('\n', out);
	if (q->prompt != NULL) {
		snprintf(line, sizeof line, "%zu. %s", q->position, q->prompt);
	} else {
		snprintf(line, sizeof line, "%s", q->id);
	}
	figures_draw_wrapped(out, 2, 5, line);
	snprintf(answers, sizeof answers,
	    ngettext("%lld answer", "%lld answers", (unsigned long)q->answered),
	    (long long)q->answered);
	snprintf(line, sizeof line, "%s · %s", type_words(q->type), answers);
	figures_draw_wrapped(out, 4, 4, line);
	print_values(q, out);
	if (q->type == Q_SCALE || q->type == Q_NUMBER) {
		print_numbers(q, out);
	} else if (q->type == Q_TEXT) {
		figures_draw_wrapped(out, 4, 4,
		    _("(the texts are read with the "
		      "verbatims, not here)"));
	} else if (q->type == Q_COMMUNE) {
		figures_draw_wrapped(out, 4, 4, _("(see Reach)"));
	}
}

/* The themes the porteurs de parole ticked on this consultation's
 * testimonies. */
static void
print_themes(const struct stats_form *f, FILE *out)
{
	struct figures_chart c = { out, 4,
		figures_text_values_max(f->themes, f->nthemes), f->testimonies,
		0 };
	char line[256];

	if (f->testimonies == 0) {
		return;
	}
	fputc('\n', out);
	snprintf(line, sizeof line,
	    ngettext("Themes of the %lld testimony:",
	        "Themes of the %lld testimonies:",
	        (unsigned long)f->testimonies),
	    (long long)f->testimonies);
	figures_draw_wrapped(out, 2, 2, line);
	if (f->nthemes == 0) {
		figures_draw_wrapped(out, 4, 4, _("(no theme ticked)"));
		return;
	}
	figures_draw_wrapped(out, 4, 4,
	    _("(several themes each: the "
	      "percentages may add up to more than 100)"));
	for (size_t i = 0; i < f->nthemes; i++) {
		const struct stats_value *v = &f->themes[i];

		figures_chart_line(
		    &c, v->label != NULL ? v->label : v->key, v->count, NULL);
	}
}

static void
print_form(const struct stats_form *f, FILE *out)
{
	int64_t people = f->completed + f->abandoned;
	char line[512], words[160];

	snprintf(line, sizeof line, _("Consultation: %s"),
	    f->title != NULL ? f->title : f->id);
	figures_draw_section(out, line);
	submission_words(f->completed, f->abandoned, words, sizeof words);
	/* TRANSLATORS: the form's id, its version, then e.g. "8
	 * participants (5 completed, 3 abandoned)". */
	snprintf(line, sizeof line,
	    ngettext("%s, version %lld: %lld "
	             "participant (%s)",
	        "%s, version %lld: %lld participants (%s)",
	        (unsigned long)people),
	    f->id, (long long)f->version, (long long)people, words);
	figures_draw_wrapped(out, 2, 4, line);
	print_gave_up(f, out);
	/* A consultation with testimonies only: no empty bars. */
	for (size_t i = 0; people > 0 && i < f->nquestions; i++) {
		print_question(&f->questions[i], out);
	}
	print_themes(f, out);
}

static void
print_forms(const struct stats *st, FILE *out)
{
	if (st->nforms == 0) {
		figures_draw_section(out, _("Consultations"));
		figures_draw_wrapped(out, 2, 2, _("No submission yet."));
	}
	for (size_t i = 0; i < st->nforms; i++) {
		print_form(&st->forms[i], out);
	}
}

void
figures_text_print(const struct stats *st, const struct config *cfg, FILE *out)
{
	print_header(st, cfg, out);
	print_overview(st, out);
	print_forms(st, out);
	figures_text_sites(st, cfg, out);
	figures_text_days(st, out);
	figures_text_hours(st, out);
	figures_text_reach(st, out);
}
