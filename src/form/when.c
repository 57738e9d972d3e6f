/*
 * `when` lines: a question is shown only when every condition on earlier
 * answers holds.  The grammar is small on purpose, for animators:
 *
 *     when = QID = KEY             when = QID in K1, K2
 *     when = QID != KEY            when = QID not-in K1, K2
 *     when = QID >= N              when = QID <= N
 *
 * They are resolved after the whole file is read, so a condition naming a
 * later question can be told apart from a misspelt one.  The values must
 * make sense for the question named: option keys (and "other") for choice,
 * choices and rank; oui/non for consent; whole numbers within bounds for
 * scale and number (the only ones >= and <= take); INSEE codes for commune
 * (or "hors-territoire", the answer of people from elsewhere).
 * Evaluation on answers is in answer.c.
 */
#include "form_parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "communes.h"
#include "gettext.h"

/* Ends the messages about a condition's shape; translated where used. */
/* TRANSLATORS: the shapes of a when line.  "question", "key" and "number"
 * stand for what the author writes; the operators =, !=, in, not-in, >=
 * and <= are written as they are. */
static const char *const syntax_help =
    N_("expected 'question = key', "
       "'question != key', 'question in key1, key2', 'question not-in key1, "
       "key2', 'question >= number' or 'question <= number'");

static const struct {
	const char *text;
	enum cond_op op;
	bool word; /* must be followed by a blank */
} operators[] = {
	{ "!=", COND_NE, false },
	{ ">=", COND_GE, false },
	{ "<=", COND_LE, false },
	{ "=", COND_EQ, false },
	{ "not-in", COND_NOT_IN, true },
	{ "in", COND_IN, true },
};

static const char *const op_names[] = {
	[COND_EQ] = "=",
	[COND_NE] = "!=",
	[COND_IN] = "in",
	[COND_NOT_IN] = "not-in",
	[COND_GE] = ">=",
	[COND_LE] = "<=",
};

/* Reads the operator at *s; false if there is none. */
static bool
read_op(const char **s, enum cond_op *op)
{
	for (size_t i = 0; i < sizeof operators / sizeof operators[0]; i++) {
		size_t n = strlen(operators[i].text);

		if (strncmp(*s, operators[i].text, n) != 0 ||
		    (operators[i].word && (*s)[n] != ' ')) {
			continue;
		}
		*op = operators[i].op;
		*s += n;
		return true;
	}
	return false;
}

static bool
add_value(struct condition *c, const char *s, size_t len)
{
	char **bigger = realloc(c->values, (c->nvalues + 1) * sizeof *bigger);

	if (bigger == NULL) {
		return false;
	}
	c->values = bigger;
	c->values[c->nvalues] = ini_trim_copy(s, len);
	if (c->values[c->nvalues] == NULL) {
		return false;
	}
	c->nvalues++;
	return true;
}

/* Splits "a, b, c" (or one value) into c->values. */
static bool
split_values(struct parser *p, const struct pending *pe, const char *s,
    struct condition *c)
{
	bool list = c->op == COND_IN || c->op == COND_NOT_IN;

	if (!list && strchr(s, ',') != NULL) {
		/* TRANSLATORS: %s is an operator: =, !=, >= or <=. */
		parser_error(p, pe->line,
		    _("'%s' compares with one value "
		      "(expected 'in' or 'not-in' for several: 'question in "
		      "key1, key2')"),
		    op_names[c->op]);
		return false;
	}
	for (;;) {
		size_t n = list ? strcspn(s, ",") : strlen(s);

		if (!add_value(c, s, n)) {
			parser_oom(p);
			return false;
		}
		if (c->values[c->nvalues - 1][0] == '\0') {
			parser_error(p, pe->line,
			    _("condition with an empty "
			      "value (%s)"),
			    _(syntax_help));
			return false;
		}
		if (s[n] == '\0') {
			return true;
		}
		s += n + 1;
	}
}

/* Parses text into *qid (a new string) and c's operator and values. */
static bool
parse_when(struct parser *p, const struct pending *pe, char *text, char **qid,
    struct condition *c)
{
	size_t n = strcspn(text, " =!<>");
	const char *s = text + n;
	char q[QUOTE_MAX];

	while (*s == ' ') {
		s++;
	}
	if (n == 0 || !read_op(&s, &c->op)) {
		parser_error(p, pe->line, _("invalid condition '%s' (%s)"),
		    parser_quote(text, q), _(syntax_help));
		return false;
	}
	while (*s == ' ') {
		s++;
	}
	*qid = ini_trim_copy(text, n);
	if (*qid == NULL) {
		parser_oom(p);
		return false;
	}
	return split_values(p, pe, s, c);
}

/* Finds the question named; it must come before the one it governs. */
static bool
find_ref(
    struct parser *p, const struct pending *pe, const char *qid, size_t *ref)
{
	int i = form_find_question(p->form, qid);
	char q[QUOTE_MAX];

	parser_quote(qid, q);
	if (i < 0) {
		parser_error(p, pe->line,
		    _("when names unknown question '%s' "
		      "(expected the id of an earlier question)"),
		    q);
	} else if ((size_t)i == pe->question) {
		parser_error(p, pe->line,
		    _("when names question '%s' itself "
		      "(a condition can only look back)"),
		    q);
	} else if ((size_t)i > pe->question) {
		parser_error(p, pe->line,
		    _("when names question '%s' which "
		      "comes later (a condition can only look back)"),
		    q);
	} else {
		*ref = (size_t)i;
		return true;
	}
	return false;
}

/* Checks one value for a question of type choice, choices or rank. */
static bool
check_option_value(struct parser *p, const struct pending *pe,
    const struct question *ref, const char *v)
{
	char list[256];
	char q[QUOTE_MAX];
	size_t used = 0;

	if (form_find_option(ref, v) >= 0 ||
	    (ref->other && strcmp(v, "other") == 0)) {
		return true;
	}
	if (ref->noptions < 2) {
		return false; /* its options were reported already */
	}
	list[0] = '\0';
	for (size_t i = 0; i < ref->noptions && used < sizeof list; i++) {
		used += (size_t)snprintf(list + used, sizeof list - used,
		    "%s%s", i > 0 ? ", " : "", ref->options[i].key);
	}
	if (ref->other && used < sizeof list) {
		snprintf(list + used, sizeof list - used, ", other");
	}
	parser_error(p, pe->line,
	    _("'%s' is not an option of question '%s' "
	      "(expected one of: %s)"),
	    parser_quote(v, q), ref->id, list);
	return false;
}

/* Checks one value for a question of type scale or number. */
static bool
check_number_value(struct parser *p, const struct pending *pe,
    const struct question *ref, const char *v)
{
	char q[QUOTE_MAX];
	int64_t n;

	if (!parser_int(v, &n)) {
		/* TRANSLATORS: a value, then the type (scale or number) and
		 * the id of the question it is compared with. */
		parser_error(p, pe->line,
		    _("'%s' is not a whole number "
		      "(expected a number for %s question '%s')"),
		    parser_quote(v, q), form_type_name(ref->type), ref->id);
		return false;
	}
	if (n < ref->min || n > ref->max) {
		parser_error(p, pe->line,
		    _("%lld is outside question '%s' "
		      "(expected %lld to %lld)"),
		    (long long)n, ref->id, (long long)ref->min,
		    (long long)ref->max);
		return false;
	}
	return true;
}

static bool
check_value(struct parser *p, const struct pending *pe,
    const struct question *ref, const char *v)
{
	char q[QUOTE_MAX];

	parser_quote(v, q);
	switch (ref->type) {
	case Q_CHOICE:
	case Q_CHOICES:
	case Q_RANK:
		return check_option_value(p, pe, ref, v);
	case Q_SCALE:
	case Q_NUMBER:
		return check_number_value(p, pe, ref, v);
	case Q_CONSENT:
		if (strcmp(v, "oui") == 0 || strcmp(v, "non") == 0) {
			return true;
		}
		parser_error(p, pe->line,
		    _("'%s' is not an answer of consent "
		      "question '%s' (expected oui or non)"),
		    q, ref->id);
		return false;
	default:
		if (communes_valid_insee(v) ||
		    strcmp(v, COMMUNES_ELSEWHERE) == 0) {
			return true;
		}
		/* TRANSLATORS: the last %s is the answer of people from
		 * elsewhere, hors-territoire. */
		parser_error(p, pe->line,
		    _("'%s' is not an INSEE code "
		      "(expected 5 characters, e.g. 04070 for Digne-les-Bains, "
		      "or %s)"),
		    q, COMMUNES_ELSEWHERE);
		return false;
	}
}

/* Checks that the condition makes sense for the question it names. */
static bool
check_condition(struct parser *p, const struct pending *pe,
    const struct question *ref, const struct condition *c)
{
	bool numeric = ref->type == Q_SCALE || ref->type == Q_NUMBER;

	if (ref->type == Q_INFO || ref->type == Q_TEXT) {
		/* TRANSLATORS: a question type (info or text), then the
		 * question's id. */
		parser_error(p, pe->line,
		    _("when names %s question '%s', "
		      "which has no answer to compare (expected a question of "
		      "type choice, choices, rank, scale, number, commune or "
		      "consent)"),
		    form_type_name(ref->type), ref->id);
		return false;
	}
	if ((c->op == COND_GE || c->op == COND_LE) && !numeric) {
		/* TRANSLATORS: an operator (>= or <=), a question's id,
		 * then its type. */
		parser_error(p, pe->line,
		    _("'%s' needs a scale or number "
		      "question, and '%s' is a %s question (expected '=', '!=', "
		      "'in' or 'not-in')"),
		    op_names[c->op], ref->id, form_type_name(ref->type));
		return false;
	}
	for (size_t i = 0; i < c->nvalues; i++) {
		if (!check_value(p, pe, ref, c->values[i])) {
			return false;
		}
	}
	return true;
}

static bool
add_condition(struct parser *p, struct question *q, struct condition *c)
{
	struct condition *bigger;

	bigger = realloc(q->conds, (q->nconds + 1) * sizeof *bigger);
	if (bigger == NULL) {
		parser_oom(p);
		return false;
	}
	q->conds = bigger;
	q->conds[q->nconds++] = *c;
	return true;
}

static void
resolve_one(struct parser *p, const struct pending *pe)
{
	struct condition c = { .line = pe->line };
	char *text = strdup(pe->text);
	char *qid = NULL;

	if (text == NULL) {
		parser_oom(p);
		goto out;
	}
	for (char *nl = strchr(text, '\n'); nl != NULL; nl = strchr(nl, '\n')) {
		*nl = ' '; /* a list may go on over continuation lines */
	}
	if (!parse_when(p, pe, text, &qid, &c) ||
	    !find_ref(p, pe, qid, &c.question) || !p->typed[c.question] ||
	    !check_condition(p, pe, &p->form->questions[c.question], &c) ||
	    !add_condition(p, &p->form->questions[pe->question], &c)) {
		goto out;
	}
	c.values = NULL;
	c.nvalues = 0;
out:
	for (size_t i = 0; i < c.nvalues; i++) {
		free(c.values[i]);
	}
	free(c.values);
	free(qid);
	free(text);
}

void
when_resolve(struct parser *p)
{
	for (size_t i = 0; i < p->nwhens && !p->oom; i++) {
		resolve_one(p, &p->whens[i]);
	}
	parser_pending_free(&p->whens, &p->nwhens);
}
