/*
 * The keys of form files: one table per section, and the functions that
 * check and store each value (see form_parse.h for struct key_def).  The
 * messages of the parser and forms/README.md follow these tables: a key
 * added here must be described there too.
 */
#include "form_parse.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "gettext.h"

static key_setter set_string, set_form_id, set_version, set_level;
static key_setter set_date, set_link, set_partial, set_type, set_option;
static key_setter set_option_en, set_yes_no, set_int, set_when, set_tag;
static key_setter set_retention;

#define T_OPTIONS (T(Q_CHOICE) | T(Q_CHOICES) | T(Q_RANK))
#define T_ANSWERED (~T(Q_INFO))

/* TRANSLATORS: what a text key expects, as in "'title' has no value
 * (expected a text)". */
#define TEXT N_("a text")
#define FORM(field) offsetof(struct form, field)
#define QUESTION(field) offsetof(struct question, field)
#define TESTIMONY(field) offsetof(struct testimony, field)

/* The last field, what a good value looks like, ends messages such as
 * "invalid value 'x' for 'level' (expected one of: ...)": translated where
 * it is used. */
static const struct key_def form_keys[] = {
	/* TRANSLATORS: what the key expects, after "expected".  Keys, values
	 * and examples written in the file (transport-dignois, keep, drop,
	 * yes, no, https://...) stay as they are. */
	{ "id", FORM(id), set_form_id, KEY_REQUIRED, 0,
	    N_("lowercase letters a-z, digits and '-', e.g. "
	       "transport-dignois") },
	{ "version", FORM(version), set_version, KEY_REQUIRED, 0,
	    N_("a whole number above 0, e.g. 2") },
	{ "title", FORM(title.fr), set_string, KEY_REQUIRED, 0, TEXT },
	{ "title.en", FORM(title.en), set_string, 0, 0, TEXT },
	{ "summary", FORM(summary.fr), set_string, 0, 0, TEXT },
	{ "summary.en", FORM(summary.en), set_string, 0, 0, TEXT },
	{ "level", FORM(level), set_level, 0, 0,
	    N_("one of: information, consultation, concertation, "
	       "coelaboration") },
	{ "owner", FORM(owner), set_string, 0, 0, TEXT },
	{ "opens", FORM(opens), set_date, 0, 0,
	    N_("a real date as YYYY-MM-DD, e.g. 2026-01-05") },
	{ "closes", FORM(closes), set_date, 0, 0,
	    N_("a real date as YYYY-MM-DD, e.g. 2026-06-30") },
	{ "privacy", FORM(privacy.fr), set_string, KEY_REQUIRED, 0, TEXT },
	{ "privacy.en", FORM(privacy.en), set_string, 0, 0, TEXT },
	{ "thanks", FORM(thanks.fr), set_string, 0, 0, TEXT },
	{ "thanks.en", FORM(thanks.en), set_string, 0, 0, TEXT },
	{ "link", FORM(link), set_link, 0, 0,
	    N_("an address starting with https:// or http://") },
	{ "partial", FORM(partial), set_partial, 0, 0, N_("keep or drop") },
	{ "retention_days", FORM(retention_days), set_retention, 0, 0,
	    N_("a number of days from 1 to 36500, e.g. 730 for two years") },
};

static const struct key_def question_keys[] = {
	{ "type", QUESTION(type), set_type, KEY_REQUIRED, 0,
	    N_("one of: info, choice, choices, scale, rank, text, number, "
	       "commune, consent") },
	{ "prompt", QUESTION(prompt.fr), set_string, KEY_REQUIRED, 0, TEXT },
	{ "prompt.en", QUESTION(prompt.en), set_string, 0, 0, TEXT },
	{ "help", QUESTION(help.fr), set_string, 0, 0, TEXT },
	{ "help.en", QUESTION(help.en), set_string, 0, 0, TEXT },
	{ "option", 0, set_option, KEY_REPEAT, T_OPTIONS, N_("'key | label'") },
	{ "option.en", 0, set_option_en, KEY_REPEAT, T_OPTIONS,
	    N_("'key | label' with the key of an option") },
	{ "required", QUESTION(required), set_yes_no, 0, T_ANSWERED,
	    N_("yes or no") },
	{ "other", QUESTION(other), set_yes_no, 0, T(Q_CHOICE) | T(Q_CHOICES),
	    N_("yes or no") },
	{ "min", QUESTION(min), set_int, 0, T(Q_SCALE) | T(Q_NUMBER),
	    N_("a whole number, e.g. 1") },
	{ "max", QUESTION(max), set_int, 0,
	    T(Q_SCALE) | T(Q_NUMBER) | T(Q_CHOICES) | T(Q_RANK),
	    N_("a whole number, e.g. 5") },
	{ "max_length", QUESTION(max_length), set_int, 0, T(Q_TEXT),
	    N_("a whole number from 1 to 2000") },
	{ "min_label", QUESTION(min_label.fr), set_string, 0, T(Q_SCALE),
	    TEXT },
	{ "min_label.en", QUESTION(min_label.en), set_string, 0, T(Q_SCALE),
	    TEXT },
	{ "max_label", QUESTION(max_label.fr), set_string, 0, T(Q_SCALE),
	    TEXT },
	{ "max_label.en", QUESTION(max_label.en), set_string, 0, T(Q_SCALE),
	    TEXT },
	{ "when", 0, set_when, KEY_REPEAT, 0,
	    N_("a condition on an earlier question, e.g. 'frequence = "
	       "hebdo'") },
};

static const struct key_def testimony_keys[] = {
	{ "question", TESTIMONY(question.fr), set_string, KEY_REQUIRED, 0,
	    TEXT },
	{ "question.en", TESTIMONY(question.en), set_string, 0, 0, TEXT },
	{ "tag", 0, set_tag, KEY_REPEAT, 0, N_("'key | label'") },
	{ "tag.en", 0, set_option_en, KEY_REPEAT, 0,
	    N_("'key | label' with the key of a tag") },
};

#define NKEYS(table) (sizeof(table) / sizeof(table)[0])

_Static_assert(NKEYS(form_keys) <= PARSER_MAX_KEYS, "seen[] too small");
_Static_assert(NKEYS(question_keys) <= PARSER_MAX_KEYS, "seen[] too small");

static const char *const level_names[] = {
	"information",
	"consultation",
	"concertation",
	"coelaboration",
};

const struct key_def *
parser_keys(const struct parser *p, size_t *n)
{
	if (p->section == SECTION_FORM) {
		*n = NKEYS(form_keys);
		return form_keys;
	}
	if (p->section == SECTION_TESTIMONY) {
		*n = NKEYS(testimony_keys);
		return testimony_keys;
	}
	*n = NKEYS(question_keys);
	return question_keys;
}

struct question *
parser_question(const struct parser *p)
{
	return &p->form->questions[p->form->nquestions - 1];
}

static void
bad_value(struct parser *p, const struct key_def *k, const struct ini_line *l)
{
	char q[QUOTE_MAX];

	parser_error(p, l->line,
	    _("invalid value '%s' for '%s' (expected "
	      "%s)"),
	    parser_quote(l->value, q), k->name, _(k->expected));
}

static void
set_string(struct parser *p, const struct key_def *k, void *obj,
    const struct ini_line *l)
{
	char **field = (char **)((char *)obj + k->offset);

	*field = strdup(l->value);
	if (*field == NULL) {
		parser_oom(p);
	}
}

static void
set_form_id(struct parser *p, const struct key_def *k, void *obj,
    const struct ini_line *l)
{
	char q[QUOTE_MAX];

	if (!parser_valid_id(l->value, 64)) {
		parser_error(p, l->line,
		    _("invalid form id '%s' (expected "
		      "lowercase letters a-z, digits and '-', at most 64, e.g. "
		      "transport-dignois)"),
		    parser_quote(l->value, q));
		return;
	}
	set_string(p, k, obj, l);
}

static void
set_version(struct parser *p, const struct key_def *k, void *obj,
    const struct ini_line *l)
{
	struct form *form = obj;
	int64_t v;

	if (!parser_int(l->value, &v) || v < 1) {
		bad_value(p, k, l);
		return;
	}
	form->version = v;
}

static void
set_level(struct parser *p, const struct key_def *k, void *obj,
    const struct ini_line *l)
{
	struct form *form = obj;

	for (size_t i = 0; i < NKEYS(level_names); i++) {
		if (strcmp(l->value, level_names[i]) == 0) {
			free(form->level);
			form->level = NULL;
			set_string(p, k, obj, l);
			return;
		}
	}
	bad_value(p, k, l);
}

static void
set_date(struct parser *p, const struct key_def *k, void *obj,
    const struct ini_line *l)
{
	char *field = (char *)obj + k->offset;
	char q[QUOTE_MAX];
	int64_t days;

	if (!clock_parse_date(l->value, &days)) {
		parser_error(p, l->line,
		    _("invalid date '%s' for '%s' "
		      "(expected %s)"),
		    parser_quote(l->value, q), k->name, _(k->expected));
		return;
	}
	memcpy(field, l->value, 11);
}

static void
set_link(struct parser *p, const struct key_def *k, void *obj,
    const struct ini_line *l)
{
	const char *v = l->value;
	size_t skip = 0;

	if (strncmp(v, "https://", 8) == 0) {
		skip = 8;
	} else if (strncmp(v, "http://", 7) == 0) {
		skip = 7;
	}
	if (skip == 0 || v[skip] == '\0' || strpbrk(v, " \n") != NULL) {
		bad_value(p, k, l);
		return;
	}
	set_string(p, k, obj, l);
}

static void
set_partial(struct parser *p, const struct key_def *k, void *obj,
    const struct ini_line *l)
{
	struct form *form = obj;

	if (strcmp(l->value, "keep") == 0) {
		form->partial = PARTIAL_KEEP;
	} else if (strcmp(l->value, "drop") == 0) {
		form->partial = PARTIAL_DROP;
	} else {
		bad_value(p, k, l);
	}
}

/* How long the collector keeps the answers; what the privacy notice says
 * about it is looked at when [form] ends (form_retention.c). */
static void
set_retention(struct parser *p, const struct key_def *k, void *obj,
    const struct ini_line *l)
{
	struct form *form = obj;
	int64_t v;

	if (!parser_int(l->value, &v) || v < 1 || v > FORM_MAX_RETENTION_DAYS) {
		bad_value(p, k, l);
		return;
	}
	form->retention_days = (int)v;
}

static void
set_type(struct parser *p, const struct key_def *k, void *obj,
    const struct ini_line *l)
{
	struct question *q = obj;
	char buf[QUOTE_MAX];

	if (!form_type_from_name(l->value, &q->type)) {
		parser_error(p, l->line,
		    _("unknown question type '%s' "
		      "(expected %s)"),
		    parser_quote(l->value, buf), _(k->expected));
		return;
	}
	p->typed[p->form->nquestions - 1] = true;
}

bool
parser_split_option(
    struct parser *p, const struct ini_line *l, char **key, char **label)
{
	const char *bar = strchr(l->value, '|');
	char q[QUOTE_MAX];

	*key = NULL;
	*label = NULL;
	if (bar == NULL || bar == l->value) {
		/* TRANSLATORS: %s is the key of the line: option or
		 * option.en. */
		parser_error(p, l->line,
		    _("%s without a key (expected "
		      "'key | label')"),
		    l->name);
		return false;
	}
	*key = ini_trim_copy(l->value, (size_t)(bar - l->value));
	*label = ini_trim_copy(bar + 1, strlen(bar + 1));
	if (*key == NULL || *label == NULL) {
		parser_oom(p);
	} else if (!parser_valid_id(*key, 64)) {
		parser_error(p, l->line,
		    _("invalid option key '%s' (expected "
		      "lowercase letters a-z, digits and '-', e.g. 'tous-les-"
		      "jours | Tous les jours')"),
		    parser_quote(*key, q));
	} else if (**label == '\0') {
		/* TRANSLATORS: the key of the line (option or option.en),
		 * then the option's key. */
		parser_error(p, l->line,
		    _("%s '%s' without a label (expected "
		      "'key | label')"),
		    l->name, *key);
	} else {
		return true;
	}
	free(*key);
	free(*label);
	return false;
}

/* Appends key | label to a list of options or tags. */
static bool
add_option(struct parser *p, struct option **options, size_t *n, char *key,
    char *label, int line)
{
	struct option *bigger = realloc(*options, (*n + 1) * sizeof *bigger);

	if (bigger == NULL) {
		parser_oom(p);
		return false;
	}
	*options = bigger;
	bigger[*n] = (struct option){ key, { label, NULL }, line };
	(*n)++;
	return true;
}

/* An `option` or `tag` line: its key must be new in the list. */
static void
add_keyed_line(struct parser *p, const struct ini_line *l,
    struct option **options, size_t *n)
{
	char *key;
	char *label;
	int dup;

	if (!parser_split_option(p, l, &key, &label)) {
		return;
	}
	dup = form_find_key(*options, *n, key);
	if (dup >= 0) {
		/* TRANSLATORS: the key of the line (option or tag), then its
		 * key before the '|'. */
		parser_error(p, l->line,
		    _("duplicate %s '%s' (already on "
		      "line %d; expected each key once)"),
		    l->name, key, (*options)[dup].line);
	} else if (add_option(p, options, n, key, label, l->line)) {
		return;
	}
	free(key);
	free(label);
}

static void
set_option(struct parser *p, const struct key_def *k, void *obj,
    const struct ini_line *l)
{
	struct question *q = obj;

	if (q->noptions == FORM_MAX_OPTIONS) {
		if (!p->too_many) {
			parser_error(p, l->line,
			    _("too many options (expected "
			      "at most %d in one question)"),
			    FORM_MAX_OPTIONS);
		}
		p->too_many = true;
		return;
	}
	add_keyed_line(p, l, &q->options, &q->noptions);
}

static void
set_tag(struct parser *p, const struct key_def *k, void *obj,
    const struct ini_line *l)
{
	struct testimony *t = obj;

	if (t->ntags == FORM_MAX_TAGS) {
		if (!p->too_many) {
			parser_error(p, l->line,
			    _("too many tags (expected at most %d: a porteur "
			      "de parole picks them on one screen)"),
			    FORM_MAX_TAGS);
		}
		p->too_many = true;
		return;
	}
	add_keyed_line(p, l, &t->tags, &t->ntags);
}

static void
set_option_en(struct parser *p, const struct key_def *k, void *obj,
    const struct ini_line *l)
{
	if (!parser_pending_add(&p->option_en, &p->noption_en,
	        p->form->nquestions - 1, l->line, l->value)) {
		parser_oom(p);
	}
}

static void
set_yes_no(struct parser *p, const struct key_def *k, void *obj,
    const struct ini_line *l)
{
	bool *field = (bool *)((char *)obj + k->offset);

	if (strcmp(l->value, "yes") == 0) {
		*field = true;
	} else if (strcmp(l->value, "no") == 0) {
		*field = false;
	} else {
		bad_value(p, k, l);
	}
}

static void
set_int(struct parser *p, const struct key_def *k, void *obj,
    const struct ini_line *l)
{
	int64_t *field = (int64_t *)((char *)obj + k->offset);

	if (!parser_int(l->value, field)) {
		bad_value(p, k, l);
	}
}

static void
set_when(struct parser *p, const struct key_def *k, void *obj,
    const struct ini_line *l)
{
	if (!parser_pending_add(&p->whens, &p->nwhens, p->form->nquestions - 1,
	        l->line, l->value)) {
		parser_oom(p);
	}
}
