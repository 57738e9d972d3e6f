/*
 * A participant's answers (see answer.h): keeping the values of one
 * question, deciding whether a question is shown from its `when`
 * conditions, and whether an answer may be accepted.
 *
 * Visibility follows the rule given to authors in forms/README.md: a
 * condition on a question that got no answer, or that was not shown, is
 * false for =, in, >= and <=, and true for != and not-in ("not hebdo"
 * holds for someone who said nothing).  For choices and rank, = means
 * "this option is among those picked".
 */
#include "answer.h"

#include <stdlib.h>
#include <string.h>

#include "communes.h"
#include "utf8.h"

void
answer_clear(struct answer *a)
{
	for (size_t i = 0; i < a->nvalues; i++) {
		free(a->values[i]);
	}
	free(a->values);
	free(a->other);
	a->answered = false;
	a->values = NULL;
	a->nvalues = 0;
	a->other = NULL;
}

static void
clear_other(struct answer *a)
{
	free(a->other);
	a->other = NULL;
}

bool
answer_set(struct answer *a, const char *v)
{
	char **values = malloc(sizeof *values);
	char *copy = strdup(v);

	if (values == NULL || copy == NULL) {
		free(values);
		free(copy);
		return false;
	}
	for (size_t i = 0; i < a->nvalues; i++) {
		free(a->values[i]);
	}
	free(a->values);
	values[0] = copy;
	a->values = values;
	a->nvalues = 1;
	a->answered = true;
	if (strcmp(v, "other") != 0) {
		clear_other(a);
	}
	return true;
}

bool
answer_add(struct answer *a, const char *v)
{
	char **bigger;
	char *copy;

	if (answer_has(a, v)) {
		return true;
	}
	copy = strdup(v);
	bigger = copy != NULL
	    ? realloc(a->values, (a->nvalues + 1) * sizeof *bigger)
	    : NULL;
	if (bigger == NULL) {
		free(copy);
		return false;
	}
	a->values = bigger;
	a->values[a->nvalues++] = copy;
	a->answered = true;
	return true;
}

bool
answer_remove(struct answer *a, const char *v)
{
	for (size_t i = 0; i < a->nvalues; i++) {
		if (strcmp(a->values[i], v) != 0) {
			continue;
		}
		free(a->values[i]);
		memmove(a->values + i, a->values + i + 1,
		    (a->nvalues - i - 1) * sizeof *a->values);
		a->nvalues--;
		a->answered = a->nvalues > 0;
		if (strcmp(v, "other") == 0) {
			clear_other(a);
		}
		return true;
	}
	return false;
}

bool
answer_has(const struct answer *a, const char *v)
{
	for (size_t i = 0; i < a->nvalues; i++) {
		if (strcmp(a->values[i], v) == 0) {
			return true;
		}
	}
	return false;
}

bool
answer_set_other(struct answer *a, const char *text)
{
	char *copy = NULL;

	if (text != NULL) {
		copy = strdup(text);
		if (copy == NULL) {
			return false;
		}
	}
	free(a->other);
	a->other = copy;
	return true;
}

/* Parses a whole decimal number, "-12" or "7", nothing around it. */
static bool
whole_number(const char *s, int64_t *out)
{
	bool negative = *s == '-';
	const char *d = s + (negative ? 1 : 0);
	size_t digits = strspn(d, "0123456789");
	int64_t v = 0;

	if (digits == 0 || digits > 15 || d[digits] != '\0') {
		return false;
	}
	for (size_t i = 0; i < digits; i++) {
		v = v * 10 + (d[i] - '0');
	}
	*out = negative ? -v : v;
	return true;
}

/* True when the answer to ref holds the value v ("selected" for choices
 * and rank; the same number for scale and number). */
static bool
holds(const struct question *ref, const struct answer *a, const char *v)
{
	int64_t x;
	int64_t y;

	if (ref->type == Q_SCALE || ref->type == Q_NUMBER) {
		return whole_number(a->values[0], &x) && whole_number(v, &y) &&
		    x == y;
	}
	return answer_has(a, v);
}

static bool
holds_any(const struct question *ref, const struct answer *a,
    const struct condition *c)
{
	for (size_t i = 0; i < c->nvalues; i++) {
		if (holds(ref, a, c->values[i])) {
			return true;
		}
	}
	return false;
}

/* One condition, given the answer to the question it names (NULL when
 * that question was not shown). */
static bool
cond_holds(const struct question *ref, const struct condition *c,
    const struct answer *a)
{
	int64_t x;
	int64_t y;

	if (a == NULL || !a->answered || a->nvalues == 0 || c->nvalues == 0) {
		return c->op == COND_NE || c->op == COND_NOT_IN;
	}
	switch (c->op) {
	case COND_EQ:
	case COND_IN:
		return holds_any(ref, a, c);
	case COND_NE:
	case COND_NOT_IN:
		return !holds_any(ref, a, c);
	default:
		if (!whole_number(a->values[0], &x) ||
		    !whole_number(c->values[0], &y)) {
			return false;
		}
		return c->op == COND_GE ? x >= y : x <= y;
	}
}

/* The conditions of question i; shown[] holds the visibility of the
 * questions before it, or is NULL to work it out again. */
static bool
conds_hold(const struct form *form, size_t i, const struct answer *answers,
    const bool *shown)
{
	const struct question *q = &form->questions[i];

	for (size_t k = 0; k < q->nconds; k++) {
		const struct condition *c = &q->conds[k];
		size_t r = c->question;
		const struct answer *a = NULL;

		if (r >= i) {
			r = i; /* a hand-made form looking ahead: no answer */
		} else if (shown != NULL
		        ? shown[r]
		        : form_question_visible(form, r, answers)) {
			a = &answers[r];
		}
		if (!cond_holds(&form->questions[r], c, a)) {
			return false;
		}
	}
	return true;
}

bool
form_question_visible(
    const struct form *form, size_t i, const struct answer *answers)
{
	bool shown[FORM_MAX_QUESTIONS];

	if (i >= form->nquestions) {
		return false;
	}
	if (i >= FORM_MAX_QUESTIONS) {
		return conds_hold(form, i, answers, NULL);
	}
	/* Forward, so that each question's visibility is worked out once. */
	for (size_t k = 0; k <= i; k++) {
		shown[k] = conds_hold(form, k, answers, shown);
	}
	return shown[i];
}

/* A value picked for choice, choices or rank: an option, or "other". */
static bool
option_ok(const struct question *q, const char *v)
{
	return form_find_option(q, v) >= 0 ||
	    (q->other && strcmp(v, "other") == 0);
}

/* Every value an option, none twice. */
static bool
options_ok(const struct question *q, const struct answer *a)
{
	for (size_t i = 0; i < a->nvalues; i++) {
		if (!option_ok(q, a->values[i])) {
			return false;
		}
		for (size_t j = 0; j < i; j++) {
			if (strcmp(a->values[i], a->values[j]) == 0) {
				return false;
			}
		}
	}
	return true;
}

/* Text that is not only blanks. */
static bool
has_text(const char *s)
{
	return s[strspn(s, " \t\n")] != '\0';
}

static bool
text_ok(const char *s, int64_t max_length)
{
	return utf8_valid(s, strlen(s), NULL) && has_text(s) &&
	    (int64_t)utf8_length(s) <= max_length;
}

/* The "Autre : ..." text goes with the "other" value, and only with it. */
static bool
other_ok(const struct question *q, const struct answer *a)
{
	bool picked = answer_has(a, "other") && q->other;

	if (!picked) {
		return a->other == NULL;
	}
	return a->other != NULL && text_ok(a->other, q->max_length);
}

static bool
number_ok(const struct question *q, const char *v)
{
	int64_t n;

	return whole_number(v, &n) && n >= q->min && n <= q->max;
}

static bool
single_ok(const struct question *q, const char *v)
{
	switch (q->type) {
	case Q_CHOICE:
		return option_ok(q, v);
	case Q_SCALE:
	case Q_NUMBER:
		return number_ok(q, v);
	case Q_TEXT:
		return text_ok(v, q->max_length);
	case Q_COMMUNE:
		return communes_valid_insee(v) ||
		    strcmp(v, COMMUNES_ELSEWHERE) == 0;
	case Q_CONSENT:
		return strcmp(v, "oui") == 0 || strcmp(v, "non") == 0;
	default:
		return false;
	}
}

bool
form_answer_valid(const struct question *q, const struct answer *a)
{
	bool given = a->answered && a->nvalues > 0;

	if (q->type == Q_INFO) {
		return true;
	}
	if (given && q->type == Q_TEXT && a->nvalues == 1 &&
	    !has_text(a->values[0])) {
		given = false; /* blanks only: nothing was said */
	}
	if (!given) {
		return !q->required && a->other == NULL;
	}
	if (!other_ok(q, a)) {
		return false;
	}
	if (q->type == Q_CHOICES) {
		return (int64_t)a->nvalues <= q->max && options_ok(q, a);
	}
	if (q->type == Q_RANK) {
		return a->nvalues <= q->noptions &&
		    (int64_t)a->nvalues <= q->max && options_ok(q, a);
	}
	return a->nvalues == 1 && single_ok(q, a->values[0]);
}
