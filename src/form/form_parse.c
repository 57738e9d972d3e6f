/*
 * From logical lines to a struct form: sections and keys.
 *
 * Each section ([form], [question ID], [testimony]) has one table of the
 * keys it takes (form_keys.c).  Here a
 * line is matched against the table of its section, checked for the
 * problems every key shares (unknown, given twice, empty), and handed to
 * the key's own function; when a section ends, the table tells which
 * required keys are missing, which English texts lack their French one and
 * which keys the question's type does not take.
 */
#include "form_parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gettext.h"

/* "[form]", "[testimony]" or "[question ID]", for messages. */
static void
section_name(const struct parser *p, char *buf, size_t size)
{
	char q[QUOTE_MAX];

	if (p->section == SECTION_FORM) {
		snprintf(buf, size, "[form]");
	} else if (p->section == SECTION_TESTIMONY) {
		snprintf(buf, size, "[testimony]");
	} else {
		snprintf(buf, size, "[question %s]",
		    parser_quote(parser_question(p)->id, q));
	}
}

bool
parser_given(const struct parser *p, const char *key)
{
	size_t n;
	const struct key_def *keys = parser_keys(p, &n);

	for (size_t i = 0; i < n; i++) {
		if (strcmp(keys[i].name, key) == 0) {
			return p->seen[i] != 0;
		}
	}
	return false;
}

int
parser_seen(const struct parser *p, const char *key)
{
	size_t n;
	const struct key_def *keys = parser_keys(p, &n);

	for (size_t i = 0; i < n; i++) {
		if (strcmp(keys[i].name, key) == 0) {
			return p->refused[i] ? 0 : p->seen[i];
		}
	}
	return 0;
}

/* "id, version, title, ..." for the unknown-key message. */
static void
key_list(const struct key_def *keys, size_t n, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && used < size; i++) {
		int w = snprintf(buf + used, size - used, "%s%s",
		    i > 0 ? ", " : "", keys[i].name);
		used += w > 0 ? (size_t)w : 0;
	}
}

static void
unknown_key(struct parser *p, const struct key_def *keys, size_t n,
    const struct ini_line *l)
{
	char where[QUOTE_MAX + 16];
	char list[512];
	char q[QUOTE_MAX];

	section_name(p, where, sizeof where);
	key_list(keys, n, list, sizeof list);
	/* TRANSLATORS: a key, its section ("[form]" or "[question ID]"),
	 * then the list of the keys of that section. */
	parser_error(p, l->line,
	    _("unknown key '%s' in %s (expected one "
	      "of: %s)"),
	    parser_quote(l->name, q), where, list);
}

/* Index of key l in the table, or -1 (reported unless the line is bad). */
static int
find_key(struct parser *p, const struct ini_line *l)
{
	size_t n;
	const struct key_def *keys = parser_keys(p, &n);

	for (size_t i = 0; i < n; i++) {
		if (strcmp(keys[i].name, l->name) == 0) {
			return (int)i;
		}
	}
	if (!l->bad) {
		unknown_key(p, keys, n, l);
	}
	return -1;
}

/* What the keys of the current section fill. */
static void *
section_object(struct parser *p)
{
	switch (p->section) {
	case SECTION_FORM:
		return p->form;
	case SECTION_TESTIMONY:
		return &p->form->testimony;
	default:
		return parser_question(p);
	}
}

static void
parse_key(struct parser *p, const struct ini_line *l)
{
	size_t n;
	const struct key_def *k = parser_keys(p, &n);
	int i = find_key(p, l);
	char q[QUOTE_MAX];
	size_t before;

	if (i < 0) {
		return;
	}
	k += i;
	if (p->seen[i] != 0 && !(k->flags & KEY_REPEAT) && !l->bad) {
		parser_error(p, l->line,
		    _("duplicate key '%s' (already given "
		      "on line %d; expected each key once per section)"),
		    k->name, p->seen[i]);
		return;
	}
	if (p->seen[i] == 0) {
		p->seen[i] = l->line;
	}
	before = p->nerrors;
	if (l->value[0] == '\0' && !l->bad) {
		parser_error(p, l->line, _("'%s' has no value (expected %s)"),
		    parser_quote(k->name, q), _(k->expected));
	} else if (!l->bad) {
		k->set(p, k, section_object(p), l);
	}
	p->refused[i] = p->refused[i] || l->bad || p->nerrors > before;
}

static void
begin_form(struct parser *p, const struct ini_line *l)
{
	if (p->form_line != 0) {
		parser_error(p, l->line,
		    _("second [form] section (the first "
		      "is on line %d; expected one [form] section)"),
		    p->form_line);
		p->section = SECTION_IGNORED;
		return;
	}
	if (l->value != NULL && !l->bad) {
		parser_error(p, l->line,
		    _("[form] takes no name (expected "
		      "'[form]' alone)"));
	}
	p->form_line = l->line;
	p->section = SECTION_FORM;
}

/* Reports a [question ID] header whose id is not usable. */
static void
check_question_id(struct parser *p, const struct ini_line *l)
{
	int first = form_find_question(p->form, l->value);
	char q[QUOTE_MAX];

	if (!parser_valid_id(l->value, 64)) {
		parser_error(p, l->line,
		    _("invalid question id '%s' (expected "
		      "lowercase letters a-z, digits and '-', at most 64, e.g. "
		      "[question frequence])"),
		    parser_quote(l->value, q));
	} else if (first >= 0) {
		parser_error(p, l->line,
		    _("duplicate question id '%s' (first "
		      "on line %d; expected each id once)"),
		    l->value, p->form->questions[first].line);
	}
}

static bool
add_question(struct parser *p, const struct ini_line *l)
{
	struct form *f = p->form;
	struct question *bigger;
	struct question *q;

	bigger = realloc(f->questions, (f->nquestions + 1) * sizeof *bigger);
	if (bigger == NULL) {
		parser_oom(p);
		return false;
	}
	f->questions = bigger;
	q = &f->questions[f->nquestions];
	memset(q, 0, sizeof *q);
	q->id = strdup(l->value != NULL && !l->bad ? l->value : "");
	q->max_length = 500;
	q->line = l->line;
	f->nquestions++;
	if (q->id == NULL) {
		parser_oom(p);
	}
	return q->id != NULL;
}

static void
begin_question(struct parser *p, const struct ini_line *l)
{
	p->section = SECTION_IGNORED;
	if (p->form->nquestions == FORM_MAX_QUESTIONS) {
		if (!p->too_many) {
			parser_error(p, l->line,
			    _("too many questions "
			      "(expected at most %d in one form)"),
			    FORM_MAX_QUESTIONS);
		}
		p->too_many = true;
		return;
	}
	p->too_many = false;
	if (l->value == NULL && !l->bad) {
		parser_error(p, l->line,
		    _("question without an id (expected "
		      "'[question ID]', e.g. '[question frequence]')"));
	} else if (!l->bad) {
		check_question_id(p, l);
	}
	if (add_question(p, l)) {
		p->section = SECTION_QUESTION;
	}
}

static void
begin_testimony(struct parser *p, const struct ini_line *l)
{
	struct testimony *t = &p->form->testimony;

	p->section = SECTION_IGNORED;
	if (t->line != 0) {
		parser_error(p, l->line,
		    _("second [testimony] section (the "
		      "first is on line %d; expected at most one)"),
		    t->line);
		return;
	}
	if (l->value != NULL && !l->bad) {
		parser_error(p, l->line,
		    _("[testimony] takes no name "
		      "(expected '[testimony]' alone)"));
	}
	t->line = l->line;
	p->too_many = false;
	p->section = SECTION_TESTIMONY;
}

static void
begin_section(struct parser *p, const struct ini_line *l)
{
	char q[QUOTE_MAX];
	char v[QUOTE_MAX];

	memset(p->seen, 0, sizeof p->seen);
	memset(p->refused, 0, sizeof p->refused);
	p->section_line = l->line;
	if (strcmp(l->name, "form") == 0) {
		begin_form(p, l);
	} else if (strcmp(l->name, "question") == 0) {
		begin_question(p, l);
	} else if (strcmp(l->name, "testimony") == 0) {
		begin_testimony(p, l);
	} else {
		p->section = SECTION_IGNORED;
		if (!l->bad) {
			/* TRANSLATORS: "[%s%s%s]" is the section line as
			 * written, e.g. [questoin age]. */
			parser_error(p, l->line,
			    _("unknown section "
			      "'[%s%s%s]' (expected [form], [question ID] or "
			      "[testimony])"),
			    parser_quote(l->name, q), l->value ? " " : "",
			    l->value ? parser_quote(l->value, v) : "");
		}
	}
}

static void
check_required(struct parser *p, const struct key_def *keys, size_t n)
{
	char where[QUOTE_MAX + 16];

	section_name(p, where, sizeof where);
	for (size_t i = 0; i < n; i++) {
		if ((keys[i].flags & KEY_REQUIRED) && p->seen[i] == 0) {
			/* TRANSLATORS: a key, then its section ("[form]" or
			 * "[question ID]"), then the key again. */
			parser_error(p, p->section_line,
			    _("missing required "
			      "key '%s' in %s (expected a line '%s = ...')"),
			    keys[i].name, where, keys[i].name);
		}
	}
}

/* Reports "title.en" given without "title" (option.en is matched with
 * its option by key, in form_check.c). */
static void
check_english(struct parser *p, const struct key_def *keys, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++) {
		size_t len = strlen(keys[i].name);
		bool pair = strncmp(keys[i].name, keys[i + 1].name, len) == 0 &&
		    strcmp(keys[i + 1].name + len, ".en") == 0 &&
		    !(keys[i].flags & KEY_REPEAT);

		if (pair && p->seen[i + 1] != 0 && p->seen[i] == 0) {
			/* TRANSLATORS: e.g. 'title.en' without 'title'. */
			parser_error(p, p->seen[i + 1],
			    _("'%s' without '%s' "
			      "(expected the French text too: '%s = ...')"),
			    keys[i + 1].name, keys[i].name, keys[i].name);
		}
	}
}

/* "scale, number" for the types in a key's mask. */
static void
type_list(unsigned types, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int t = Q_INFO; t <= Q_CONSENT && used < size; t++) {
		const char *name = form_type_name((enum question_type)t);
		int w;

		if (!(types & T(t))) {
			continue;
		}
		w = snprintf(buf + used, size - used, "%s%s",
		    used > 0 ? ", " : "", name);
		used += w > 0 ? (size_t)w : 0;
	}
}

/* Reports keys that the question's type does not take. */
static void
check_applies(struct parser *p, const struct key_def *keys, size_t n)
{
	enum question_type type = parser_question(p)->type;
	char list[128];

	for (size_t i = 0; i < n; i++) {
		if (p->seen[i] == 0 || keys[i].types == 0 ||
		    (keys[i].types & T(type))) {
			continue;
		}
		type_list(keys[i].types, list, sizeof list);
		/* TRANSLATORS: a key, a question type, then a list of
		 * question types (info, choice, choices, scale...). */
		parser_error(p, p->seen[i],
		    _("'%s' does not apply to %s "
		      "questions (expected it only in: %s)"),
		    keys[i].name, form_type_name(type), list);
	}
}

static void
end_section(struct parser *p)
{
	size_t n;
	const struct key_def *keys = parser_keys(p, &n);

	if (p->section == SECTION_NONE || p->section == SECTION_IGNORED) {
		return;
	}
	check_required(p, keys, n);
	check_english(p, keys, n);
	if (p->section == SECTION_FORM) {
		form_check_form(p);
		return;
	}
	if (p->section == SECTION_TESTIMONY) {
		form_check_testimony(p);
		return;
	}
	if (p->typed[p->form->nquestions - 1]) {
		check_applies(p, keys, n);
	}
	form_check_question(p);
}

/* Reports the first key before any section (the others have the same
 * cause: a missing [form] line). */
static void
key_outside(struct parser *p, const struct ini_line *l)
{
	char q[QUOTE_MAX];

	if (!l->bad && !p->too_many) {
		p->too_many = true;
		parser_error(p, l->line,
		    _("key '%s' outside a section "
		      "(expected a [form] or [question ID] line above it)"),
		    parser_quote(l->name, q));
	}
}

void
form_parse_line(struct parser *p, const struct ini_line *l)
{
	if (l->kind == INI_SECTION) {
		end_section(p);
		begin_section(p, l);
	} else if (p->section == SECTION_NONE) {
		key_outside(p, l);
	} else if (p->section != SECTION_IGNORED) {
		parse_key(p, l);
	}
}

void
form_parse_end(struct parser *p)
{
	end_section(p);
}
