/*
 * Unit tests of `when` conditions: how the parser checks them against the
 * question they name (when.c), and how form_question_visible() evaluates
 * them on answers (answer.c) — every operator, on every kind of question,
 * with the rule for questions left unanswered or hidden.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "answer.h"
#include "form.h"

/* Questions of every type; the `when` lines under test go on line 46,
 * in the last question, "target". */
static const char base[] =
    "[form]\nid = t\nversion = 1\ntitle = T\nprivacy = P\n"
    "[question freq]\ntype = choice\nprompt = F\noption = jamais | J\n"
    "option = hebdo | H\noption = quotidien | Q\nother = yes\n"
    "[question freins]\ntype = choices\nprompt = R\n"
    "option = horaires | H\noption = prix | P\noption = confort | C\n"
    "[question note]\ntype = scale\nprompt = N\n"
    "[question age]\ntype = number\nprompt = A\nmax = 120\n"
    "[question ville]\ntype = commune\nprompt = V\n"
    "[question ok]\ntype = consent\nprompt = O\n"
    "[question ordre]\ntype = rank\nprompt = O\noption = a | A\n"
    "option = b | B\n"
    "[question mot]\ntype = text\nprompt = M\n"
    "[question info]\ntype = info\nprompt = I\n"
    "[question target]\ntype = info\nprompt = T\n";

enum { FREQ, FREINS, NOTE, AGE, VILLE, OK, ORDRE, MOT, INFO, TARGET, NQ };

static void
print_diags(const struct form_diags *d)
{
	for (size_t i = 0; i < d->count; i++) {
		print_message("  %s\n", d->items[i].text);
	}
}

/* The base form with these `when` lines in "target". */
static struct form *
with_when(const char *whens, struct form_diags *d)
{
	char text[4096];

	snprintf(text, sizeof text, "%s%s", base, whens);
	return form_parse("t.ini", text, strlen(text), d);
}

static struct form *
good(const char *whens)
{
	struct form_diags d = { 0 };
	struct form *f = with_when(whens, &d);

	print_diags(&d);
	assert_non_null(f);
	assert_int_equal(f->nquestions, NQ);
	form_diags_finish(&d);
	return f;
}

static void
refused(const char *whens, const char *expected)
{
	struct form_diags d = { 0 };

	assert_null(with_when(whens, &d));
	if (d.count != 1) {
		print_diags(&d);
	}
	assert_int_equal(d.count, 1);
	assert_string_equal(d.items[0].text, expected);
	form_diags_finish(&d);
}

static void
clear_all(struct answer *a)
{
	for (int i = 0; i < NQ; i++) {
		answer_clear(&a[i]);
	}
}

static bool
shown(const struct form *f, const struct answer *a)
{
	return form_question_visible(f, TARGET, a);
}

/* ---- parsing ------------------------------------------------------- */

static void
test_parsed_conditions(void **state)
{
	struct form *f =
	    good("when = freq in jamais,hebdo\n"
	         "when = freins not-in prix , confort\n"
	         "when = note >= 3\nwhen = age <= 17\nwhen = ok = oui\n"
	         "when = ville != 04070\nwhen=ordre=a\n"
	         "when = freq in other,\n  quotidien\n");
	const struct question *t = &f->questions[TARGET];

	assert_int_equal(t->nconds, 8);
	assert_int_equal(t->conds[0].question, FREQ);
	assert_int_equal(t->conds[0].op, COND_IN);
	assert_int_equal(t->conds[0].nvalues, 2);
	assert_string_equal(t->conds[0].values[1], "hebdo");
	assert_int_equal(t->conds[0].line, 46);
	assert_int_equal(t->conds[1].op, COND_NOT_IN);
	assert_string_equal(t->conds[1].values[0], "prix");
	assert_string_equal(t->conds[1].values[1], "confort");
	assert_int_equal(t->conds[2].op, COND_GE);
	assert_string_equal(t->conds[2].values[0], "3");
	assert_int_equal(t->conds[3].op, COND_LE);
	assert_int_equal(t->conds[4].op, COND_EQ);
	assert_int_equal(t->conds[5].op, COND_NE);
	assert_int_equal(t->conds[6].question, ORDRE);
	assert_int_equal(t->conds[7].nvalues, 2);
	assert_string_equal(t->conds[7].values[1], "quotidien");
	form_destroy(f);
}

static void
test_later_question(void **state)
{
	const char *text =
	    "[form]\nid = t\nversion = 1\ntitle = T\n"
	    "privacy = P\n[question a]\ntype = consent\nprompt = A\n"
	    "when = b = oui\n[question b]\ntype = consent\nprompt = B\n";
	struct form_diags d = { 0 };

	assert_null(form_parse("t.ini", text, strlen(text), &d));
	assert_int_equal(d.count, 1);
	assert_string_equal(d.items[0].text,
	    "t.ini:9: when names question "
	    "'b' which comes later (a condition can only look back)");
	form_diags_finish(&d);
}

static void
test_bad_references(void **state)
{
	refused("when = target = x\n",
	    "t.ini:46: when names question "
	    "'target' itself (a condition can only look back)");
	refused("when = nope = a\n",
	    "t.ini:46: when names unknown question "
	    "'nope' (expected the id of an earlier question)");
	refused("when = info = x\n",
	    "t.ini:46: when names info question "
	    "'info', which has no answer to compare (expected a question of "
	    "type choice, choices, rank, scale, number, commune or consent)");
	refused("when = mot = x\n",
	    "t.ini:46: when names text question "
	    "'mot', which has no answer to compare (expected a question of "
	    "type choice, choices, rank, scale, number, commune or consent)");
}

static void
test_bad_values(void **state)
{
	refused("when = freq = souvent\n",
	    "t.ini:46: 'souvent' is not an "
	    "option of question 'freq' (expected one of: jamais, hebdo, "
	    "quotidien, other)");
	refused("when = freins in prix, other\n",
	    "t.ini:46: 'other' is not "
	    "an option of question 'freins' (expected one of: horaires, "
	    "prix, confort)");
	refused("when = ok = yes\n",
	    "t.ini:46: 'yes' is not an answer of "
	    "consent question 'ok' (expected oui or non)");
	refused("when = note >= beaucoup\n",
	    "t.ini:46: 'beaucoup' is not a "
	    "whole number (expected a number for scale question 'note')");
	refused("when = note >= 6\n",
	    "t.ini:46: 6 is outside question "
	    "'note' (expected 1 to 5)");
	refused("when = age in 18, 200\n",
	    "t.ini:46: 200 is outside question "
	    "'age' (expected 0 to 120)");
	refused("when = ville = 0407\n",
	    "t.ini:46: '0407' is not an INSEE "
	    "code (expected 5 characters, e.g. 04070 for Digne-les-Bains, or "
	    "hors-territoire)");
	refused("when = freq >= 2\n",
	    "t.ini:46: '>=' needs a scale or number "
	    "question, and 'freq' is a choice question (expected '=', '!=', "
	    "'in' or 'not-in')");
	refused("when = ok <= 1\n",
	    "t.ini:46: '<=' needs a scale or number "
	    "question, and 'ok' is a consent question (expected '=', '!=', "
	    "'in' or 'not-in')");
}

static void
test_bad_syntax(void **state)
{
	const char *help =
	    "(expected 'question = key', 'question != key', "
	    "'question in key1, key2', 'question not-in key1, key2', "
	    "'question >= number' or 'question <= number')";
	char expected[512];

	snprintf(expected, sizeof expected,
	    "t.ini:46: invalid condition "
	    "'freq ~ hebdo' %s",
	    help);
	refused("when = freq ~ hebdo\n", expected);
	snprintf(expected, sizeof expected,
	    "t.ini:46: invalid condition "
	    "'freq in' %s",
	    help);
	refused("when = freq in\n", expected);
	snprintf(expected, sizeof expected,
	    "t.ini:46: invalid condition "
	    "'= hebdo' %s",
	    help);
	refused("when = = hebdo\n", expected);
	snprintf(expected, sizeof expected,
	    "t.ini:46: condition with an "
	    "empty value %s",
	    help);
	refused("when = freq in hebdo,\n", expected);
	refused("when = freq = jamais, hebdo\n",
	    "t.ini:46: '=' compares with "
	    "one value (expected 'in' or 'not-in' for several: 'question in "
	    "key1, key2')");
}

/* ---- evaluation ------------------------------------------------------ */

static void
test_choice(void **state)
{
	struct form *eq = good("when = freq = hebdo\n");
	struct form *ne = good("when = freq != hebdo\n");
	struct form *in = good("when = freq in jamais, other\n");
	struct form *out = good("when = freq not-in jamais, other\n");
	struct answer a[NQ] = { 0 };

	assert_false(shown(eq, a)); /* unanswered */
	assert_true(shown(ne, a));
	assert_false(shown(in, a));
	assert_true(shown(out, a));
	answer_set(&a[FREQ], "hebdo");
	assert_true(shown(eq, a));
	assert_false(shown(ne, a));
	assert_false(shown(in, a));
	assert_true(shown(out, a));
	answer_set(&a[FREQ], "other");
	assert_false(shown(eq, a));
	assert_true(shown(ne, a));
	assert_true(shown(in, a));
	assert_false(shown(out, a));
	clear_all(a);
	form_destroy(eq);
	form_destroy(ne);
	form_destroy(in);
	form_destroy(out);
}

static void
test_choices_mean_selected(void **state)
{
	struct form *eq = good("when = freins = prix\n");
	struct form *ne = good("when = freins != prix\n");
	struct form *in = good("when = freins in prix, confort\n");
	struct form *out = good("when = freins not-in prix, confort\n");
	struct answer a[NQ] = { 0 };

	assert_false(shown(eq, a));
	assert_true(shown(ne, a));
	assert_false(shown(in, a));
	assert_true(shown(out, a));
	answer_add(&a[FREINS], "horaires");
	answer_add(&a[FREINS], "prix");
	assert_true(shown(eq, a));
	assert_false(shown(ne, a));
	assert_true(shown(in, a));
	assert_false(shown(out, a));
	answer_remove(&a[FREINS], "prix");
	assert_false(shown(eq, a));
	assert_true(shown(ne, a));
	assert_false(shown(in, a));
	assert_true(shown(out, a));
	answer_remove(&a[FREINS], "horaires"); /* nothing picked now */
	assert_false(shown(eq, a));
	assert_true(shown(out, a));
	clear_all(a);
	form_destroy(eq);
	form_destroy(ne);
	form_destroy(in);
	form_destroy(out);
}

static void
test_rank(void **state)
{
	struct form *f = good("when = ordre = b\n");
	struct answer a[NQ] = { 0 };

	assert_false(shown(f, a));
	answer_add(&a[ORDRE], "a");
	assert_false(shown(f, a));
	answer_add(&a[ORDRE], "b");
	assert_true(shown(f, a));
	clear_all(a);
	form_destroy(f);
}

static void
test_numbers(void **state)
{
	struct form *ge = good("when = note >= 4\n");
	struct form *le = good("when = note <= 2\n");
	struct form *eq = good("when = age = 18\n");
	struct form *in = good("when = age in 18, 19\n");
	struct form *both = good("when = age >= 18\nwhen = age <= 25\n");
	struct answer a[NQ] = { 0 };

	assert_false(shown(ge, a)); /* unanswered: false for >= and <= */
	assert_false(shown(le, a));
	answer_set(&a[NOTE], "4");
	assert_true(shown(ge, a));
	assert_false(shown(le, a));
	answer_set(&a[NOTE], "2");
	assert_false(shown(ge, a));
	assert_true(shown(le, a));
	assert_false(shown(eq, a));
	answer_set(&a[AGE], "18");
	assert_true(shown(eq, a));
	assert_true(shown(in, a));
	assert_true(shown(both, a));
	answer_set(&a[AGE], "30");
	assert_false(shown(eq, a));
	assert_false(shown(both, a));
	answer_set(&a[AGE], "12");
	assert_false(shown(both, a));
	clear_all(a);
	form_destroy(ge);
	form_destroy(le);
	form_destroy(eq);
	form_destroy(in);
	form_destroy(both);
}

static void
test_consent_and_commune(void **state)
{
	struct form *ok = good("when = ok = oui\n");
	struct form *ville = good("when = ville in 04070, 04209\n");
	struct form *not = good("when = ville != 04070\n");
	struct form *away = good("when = ville = hors-territoire\n");
	struct answer a[NQ] = { 0 };

	assert_false(shown(ok, a));
	assert_false(shown(ville, a));
	assert_true(shown(not, a));
	answer_set(&a[OK], "non");
	assert_false(shown(ok, a));
	answer_set(&a[OK], "oui");
	assert_true(shown(ok, a));
	answer_set(&a[VILLE], "04209");
	assert_true(shown(ville, a));
	assert_true(shown(not, a));
	answer_set(&a[VILLE], "04070");
	assert_false(shown(not, a));
	assert_false(shown(away, a));
	answer_set(&a[VILLE], "hors-territoire");
	assert_true(shown(away, a));
	assert_true(shown(not, a));
	clear_all(a);
	form_destroy(ok);
	form_destroy(ville);
	form_destroy(not );
	form_destroy(away);
}

static void
test_all_must_hold(void **state)
{
	struct form *f = good("when = ok = oui\nwhen = freq != jamais\n");
	struct answer a[NQ] = { 0 };

	answer_set(&a[OK], "oui");
	assert_true(shown(f, a));
	answer_set(&a[FREQ], "jamais");
	assert_false(shown(f, a));
	answer_set(&a[FREQ], "hebdo");
	assert_true(shown(f, a));
	clear_all(a);
	form_destroy(f);
}

/* An answer given to a question that is hidden now (the participant went
 * back and changed their mind) counts as no answer. */
static void
test_hidden_answer_ignored(void **state)
{
	const char *text =
	    "[form]\nid = t\nversion = 1\ntitle = T\n"
	    "privacy = P\n[question a]\ntype = consent\nprompt = A\n"
	    "[question b]\ntype = choice\nprompt = B\noption = x | X\n"
	    "option = y | Y\nwhen = a = oui\n"
	    "[question c]\ntype = info\nprompt = C\nwhen = b = x\n"
	    "[question d]\ntype = info\nprompt = D\nwhen = b != x\n";
	struct form *f = form_parse("t.ini", text, strlen(text), NULL);
	struct answer a[4] = { 0 };

	assert_non_null(f);
	answer_set(&a[0], "oui");
	answer_set(&a[1], "x");
	assert_true(form_question_visible(f, 1, a));
	assert_true(form_question_visible(f, 2, a));
	assert_false(form_question_visible(f, 3, a));
	answer_set(&a[0], "non");
	assert_false(form_question_visible(f, 1, a));
	assert_false(form_question_visible(f, 2, a));
	assert_true(form_question_visible(f, 3, a));
	assert_true(form_question_visible(f, 0, a));
	assert_false(form_question_visible(f, 4, a)); /* no such one */
	for (int i = 0; i < 4; i++) {
		answer_clear(&a[i]);
	}
	form_destroy(f);
}

static void
test_no_conditions(void **state)
{
	struct form *f = good("");
	struct answer a[NQ] = { 0 };

	for (size_t i = 0; i < NQ; i++) {
		assert_true(form_question_visible(f, i, a));
	}
	form_destroy(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parsed_conditions),
		cmocka_unit_test(test_later_question),
		cmocka_unit_test(test_bad_references),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_bad_syntax),
		cmocka_unit_test(test_choice),
		cmocka_unit_test(test_choices_mean_selected),
		cmocka_unit_test(test_rank),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_consent_and_commune),
		cmocka_unit_test(test_all_must_hold),
		cmocka_unit_test(test_hidden_answer_ignored),
		cmocka_unit_test(test_no_conditions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
