/*
 * The checks that need a whole section: a question's options and bounds
 * depend on its type, which may come after them in the file, a form's
 * closing date is compared with its opening one, and the English labels
 * of options and tags are matched with their keys.  form_parse.c calls these
 * when a section ends, after the checks every key shares; defaults that
 * depend on the type (scale 1..5, ...) are filled in here too.
 */
#include "form_parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gettext.h"

void
form_check_form(struct parser *p)
{
	const struct form *f = p->form;

	if (f->opens[0] != '\0' && f->closes[0] != '\0' &&
	    strcmp(f->closes, f->opens) < 0) {
		/* TRANSLATORS: closes and opens are keys of the file; the
		 * values are dates (YYYY-MM-DD). */
		parser_error(p, parser_seen(p, "closes"),
		    _("closes (%s) "
		      "is before opens (%s) (expected closes on or after "
		      "opens)"),
		    f->closes, f->opens);
	}
	form_check_retention(p);
}

/* "jamais, hebdo, quotidien" for messages. */
static void
key_list(const struct option *options, size_t n, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && used < size; i++) {
		int w = snprintf(buf + used, size - used, "%s%s",
		    i > 0 ? ", " : "", options[i].key);
		used += w > 0 ? (size_t)w : 0;
	}
}

/* Reports an option.en or tag.en line whose key is not declared. */
static void
undeclared(struct parser *p, bool tag, int line, const char *key,
    const struct option *options, size_t n)
{
	char list[256];

	key_list(options, n, list, sizeof list);
	if (tag && n == 0) {
		parser_error(p, line,
		    _("tag.en for undeclared tag '%s' "
		      "(expected a 'tag = %s | ...' line too)"),
		    key, key);
	} else if (tag) {
		parser_error(p, line,
		    _("tag.en for undeclared tag '%s' "
		      "(expected one of: %s)"),
		    key, list);
	} else if (n == 0) {
		parser_error(p, line,
		    _("option.en for undeclared option "
		      "'%s' (expected an 'option = %s | ...' line too)"),
		    key, key);
	} else {
		parser_error(p, line,
		    _("option.en for undeclared option "
		      "'%s' (expected one of: %s)"),
		    key, list);
	}
}

/* Gives an option (or a tag) the English label of one option.en (or
 * tag.en) line. */
static void
apply_label_en(struct parser *p, struct option *options, size_t n, bool tag,
    const struct pending *pe)
{
	char name[16];
	struct ini_line l = { INI_KEY, pe->line, false, name, pe->text, NULL };
	char *key;
	char *label;
	int i;

	snprintf(name, sizeof name, "%s", tag ? "tag.en" : "option.en");
	if (!parser_split_option(p, &l, &key, &label)) {
		return;
	}
	i = form_find_key(options, n, key);
	if (i < 0) {
		undeclared(p, tag, pe->line, key, options, n);
	} else if (options[i].label.en != NULL) {
		/* TRANSLATORS: option.en or tag.en, then the key. */
		parser_error(p, pe->line,
		    _("duplicate %s for '%s' "
		      "(expected one English label per key)"),
		    name, key);
	} else {
		options[i].label.en = label;
		label = NULL;
	}
	free(key);
	free(label);
}

static bool
takes_options(enum question_type type)
{
	return type == Q_CHOICE || type == Q_CHOICES || type == Q_RANK;
}

static void
check_options(struct parser *p, const struct question *q)
{
	bool refused =
	    parser_seen(p, "option") == 0 && parser_given(p, "option");

	if (takes_options(q->type) && q->noptions < 2 && !refused) {
		/* TRANSLATORS: the first %s is a question type (choice,
		 * choices or rank), the second the question's id. */
		parser_error(p, q->line,
		    ngettext(
		        "%s question '%s' has %zu "
		        "option (expected at least 2 lines 'option = key | "
		        "label')",
		        "%s question '%s' has %zu options (expected "
		        "at least 2 lines 'option = key | label')",
		        q->noptions),
		    form_type_name(q->type), q->id, q->noptions);
	}
	if (q->other && form_find_option(q, "other") >= 0) {
		parser_error(p, q->options[form_find_option(q, "other")].line,
		    _("option key 'other' is taken by 'other = yes' (expected "
		      "another key, e.g. 'autre')"));
	}
}

/* Reports key's line when its value is out of lo..hi. */
static bool
check_range(
    struct parser *p, const char *key, int64_t v, int64_t lo, int64_t hi)
{
	int line = parser_seen(p, key);

	if (v >= lo && v <= hi) {
		return true;
	}
	/* TRANSLATORS: %s is a key of the file: min, max or max_length. */
	parser_error(p, line != 0 ? line : p->section_line,
	    _("%s %lld is "
	      "out of range (expected %lld to %lld)"),
	    key, (long long)v, (long long)lo, (long long)hi);
	return false;
}

/* min and max of a scale or number question: defaults, then order. */
static void
check_bounds(struct parser *p, struct question *q, int64_t lo, int64_t hi,
    int64_t dmin, int64_t dmax)
{
	int line;

	if (parser_seen(p, "min") == 0) {
		q->min = dmin;
	}
	if (parser_seen(p, "max") == 0) {
		q->max = dmax;
	}
	if (!check_range(p, "min", q->min, lo, hi) ||
	    !check_range(p, "max", q->max, lo, hi) || q->min < q->max) {
		return;
	}
	line = parser_seen(p, "max") != 0 ? parser_seen(p, "max")
	                                  : parser_seen(p, "min");
	parser_error(p, line,
	    _("min %lld is not below max %lld (expected "
	      "min < max)"),
	    (long long)q->min, (long long)q->max);
}

static void
check_numbers(struct parser *p, struct question *q)
{
	int64_t picks = (int64_t)q->noptions + (q->other ? 1 : 0);

	if (q->type == Q_SCALE) {
		check_bounds(p, q, 0, 10, 1, 5);
	} else if (q->type == Q_NUMBER) {
		check_bounds(p, q, -999999999, 999999999, 0, 999999);
	} else if (q->type == Q_CHOICES && parser_seen(p, "max") == 0) {
		q->max = picks;
	} else if (q->type == Q_CHOICES && q->noptions >= 2) {
		check_range(p, "max", q->max, 1, picks);
	} else if (q->type == Q_RANK && parser_seen(p, "max") == 0) {
		q->max = (int64_t)q->noptions; /* rank them all */
	} else if (q->type == Q_RANK && q->noptions >= 2) {
		check_range(p, "max", q->max, 1, (int64_t)q->noptions);
	}
	if (q->type == Q_TEXT) {
		check_range(p, "max_length", q->max_length, 1, 2000);
	}
}

void
form_check_question(struct parser *p)
{
	struct question *q = parser_question(p);
	bool typed = p->typed[p->form->nquestions - 1];
	bool takes = typed && takes_options(q->type);

	/* Without a type that takes options, option.en was reported. */
	for (size_t i = 0; takes && i < p->noption_en; i++) {
		apply_label_en(
		    p, q->options, q->noptions, false, &p->option_en[i]);
	}
	parser_pending_free(&p->option_en, &p->noption_en);
	if (typed) {
		check_options(p, q);
		check_numbers(p, q);
	}
}

void
form_check_testimony(struct parser *p)
{
	struct testimony *t = &p->form->testimony;

	for (size_t i = 0; i < p->noption_en; i++) {
		apply_label_en(p, t->tags, t->ntags, true, &p->option_en[i]);
	}
	parser_pending_free(&p->option_en, &p->noption_en);
}

void
form_check_file(struct parser *p)
{
	if (p->form_line == 0) {
		parser_error(p, 0,
		    _("no [form] section (expected a [form] "
		      "section with id, version, title and privacy)"));
	}
	if (p->form->nquestions == 0) {
		parser_error(p, 0,
		    _("no questions (expected at least one "
		      "[question ID] section)"));
	}
}
