/*
 * Unit tests of answers (answer.h): the helpers that keep a question's
 * values and its "other" text, and form_answer_valid() for every type of
 * question, required or not.
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

static const char text[] =
    "[form]\nid = t\nversion = 1\ntitle = T\nprivacy = P\n"
    "[question freq]\ntype = choice\nprompt = F\noption = jamais | J\n"
    "option = hebdo | H\nother = yes\nrequired = yes\n"
    "[question freins]\ntype = choices\nprompt = R\noption = a | A\n"
    "option = b | B\noption = c | C\nmax = 2\nother = yes\n"
    "[question note]\ntype = scale\nprompt = N\nrequired = yes\n"
    "[question age]\ntype = number\nprompt = A\nmin = 16\nmax = 120\n"
    "[question ville]\ntype = commune\nprompt = V\n"
    "[question ok]\ntype = consent\nprompt = O\nrequired = yes\n"
    "[question ordre]\ntype = rank\nprompt = O\noption = a | A\n"
    "option = b | B\noption = c | C\n"
    "[question top]\ntype = rank\nprompt = T\noption = a | A\n"
    "option = b | B\noption = c | C\noption = d | D\nmax = 2\n"
    "[question mot]\ntype = text\nprompt = M\nmax_length = 5\n"
    "[question info]\ntype = info\nprompt = I\n";

enum { FREQ, FREINS, NOTE, AGE, VILLE, OK, ORDRE, TOP, MOT, INFO, NQ };

static int
setup(void **state)
{
	struct form *f = form_parse("t.ini", text, strlen(text), NULL);

	*state = f;
	return f != NULL && f->nquestions == NQ ? 0 : -1;
}

static int
teardown(void **state)
{
	form_destroy(*state);
	return 0;
}

static const struct question *
question(void **state, int i)
{
	const struct form *f = *state;

	return &f->questions[i];
}

/* ---- helpers ---------------------------------------------------------- */

static void
test_set_and_clear(void **state)
{
	struct answer a = { 0 };

	assert_false(a.answered);
	assert_true(answer_set(&a, "hebdo"));
	assert_true(a.answered);
	assert_int_equal(a.nvalues, 1);
	assert_string_equal(a.values[0], "hebdo");
	assert_true(answer_set(&a, "jamais"));
	assert_int_equal(a.nvalues, 1);
	assert_string_equal(a.values[0], "jamais");
	answer_clear(&a);
	assert_false(a.answered);
	assert_int_equal(a.nvalues, 0);
	assert_null(a.values);
	assert_null(a.other);
	answer_clear(&a); /* twice is fine */
}

static void
test_add_remove_has(void **state)
{
	struct answer a = { 0 };

	assert_true(answer_add(&a, "b"));
	assert_true(answer_add(&a, "a"));
	assert_true(answer_add(&a, "b")); /* already there: kept once */
	assert_int_equal(a.nvalues, 2);
	assert_string_equal(a.values[0], "b"); /* order kept */
	assert_string_equal(a.values[1], "a");
	assert_true(answer_has(&a, "a"));
	assert_false(answer_has(&a, "c"));
	assert_false(answer_remove(&a, "c"));
	assert_true(answer_remove(&a, "b"));
	assert_int_equal(a.nvalues, 1);
	assert_string_equal(a.values[0], "a");
	assert_true(a.answered);
	assert_true(answer_remove(&a, "a"));
	assert_false(a.answered); /* nothing picked: no answer */
	answer_clear(&a);
}

static void
test_other_text(void **state)
{
	struct answer a = { 0 };

	assert_true(answer_set(&a, "other"));
	assert_true(answer_set_other(&a, "Le vélo"));
	assert_string_equal(a.other, "Le vélo");
	assert_true(answer_set_other(&a, "La marche"));
	assert_string_equal(a.other, "La marche");
	assert_true(answer_set(&a, "hebdo")); /* another pick drops it */
	assert_null(a.other);
	assert_true(answer_add(&a, "other"));
	assert_true(answer_set_other(&a, "x"));
	assert_true(answer_remove(&a, "other")); /* unticking drops it */
	assert_null(a.other);
	assert_true(answer_set_other(&a, "y"));
	assert_true(answer_set_other(&a, NULL));
	assert_null(a.other);
	answer_clear(&a);
}

/* ---- validity ------------------------------------------------------- */

static void
test_required_and_optional(void **state)
{
	struct answer a = { 0 };

	assert_false(form_answer_valid(question(state, FREQ), &a));
	assert_false(form_answer_valid(question(state, NOTE), &a));
	assert_false(form_answer_valid(question(state, OK), &a));
	assert_true(form_answer_valid(question(state, FREINS), &a));
	assert_true(form_answer_valid(question(state, AGE), &a));
	assert_true(form_answer_valid(question(state, VILLE), &a));
	assert_true(form_answer_valid(question(state, ORDRE), &a));
	assert_true(form_answer_valid(question(state, MOT), &a));
	assert_true(form_answer_valid(question(state, INFO), &a));
}

static void
test_choice(void **state)
{
	const struct question *q = question(state, FREQ);
	struct answer a = { 0 };

	answer_set(&a, "hebdo");
	assert_true(form_answer_valid(q, &a));
	answer_set(&a, "souvent");
	assert_false(form_answer_valid(q, &a));
	answer_set(&a, "other");
	assert_false(form_answer_valid(q, &a)); /* "Autre" needs text */
	answer_set_other(&a, "   ");
	assert_false(form_answer_valid(q, &a));
	answer_set_other(&a, "Le vélo");
	assert_true(form_answer_valid(q, &a));
	answer_add(&a, "hebdo");
	assert_false(form_answer_valid(q, &a)); /* one value only */
	answer_clear(&a);
	answer_set_other(&a, "orphan text");
	assert_false(form_answer_valid(q, &a));
	answer_clear(&a);
}

static void
test_choices(void **state)
{
	const struct question *q = question(state, FREINS);
	struct answer a = { 0 };

	answer_add(&a, "a");
	assert_true(form_answer_valid(q, &a));
	answer_add(&a, "c");
	assert_true(form_answer_valid(q, &a));
	answer_add(&a, "b");
	assert_false(form_answer_valid(q, &a)); /* max = 2 */
	answer_remove(&a, "b");
	answer_remove(&a, "c");
	answer_add(&a, "other");
	assert_false(form_answer_valid(q, &a));
	answer_set_other(&a, "Le bruit");
	assert_true(form_answer_valid(q, &a));
	answer_clear(&a);
	answer_add(&a, "z");
	assert_false(form_answer_valid(q, &a));
	answer_clear(&a);
}

static void
test_scale_and_number(void **state)
{
	const struct question *note = question(state, NOTE);
	const struct question *age = question(state, AGE);
	struct answer a = { 0 };

	answer_set(&a, "1");
	assert_true(form_answer_valid(note, &a));
	answer_set(&a, "5");
	assert_true(form_answer_valid(note, &a));
	answer_set(&a, "0");
	assert_false(form_answer_valid(note, &a));
	answer_set(&a, "6");
	assert_false(form_answer_valid(note, &a));
	answer_set(&a, "3.5");
	assert_false(form_answer_valid(note, &a));
	answer_set(&a, " 3");
	assert_false(form_answer_valid(note, &a));
	answer_set(&a, "16");
	assert_true(form_answer_valid(age, &a));
	answer_set(&a, "15");
	assert_false(form_answer_valid(age, &a));
	answer_set(&a, "120");
	assert_true(form_answer_valid(age, &a));
	answer_set(&a, "121");
	assert_false(form_answer_valid(age, &a));
	answer_set(&a, "");
	assert_false(form_answer_valid(age, &a));
	answer_clear(&a);
}

static void
test_rank(void **state)
{
	const struct question *q = question(state, ORDRE);
	struct answer a = { 0 };

	answer_add(&a, "c");
	assert_true(form_answer_valid(q, &a)); /* a partial order */
	answer_add(&a, "a");
	answer_add(&a, "b");
	assert_true(form_answer_valid(q, &a));
	answer_clear(&a);
	answer_add(&a, "d");
	assert_false(form_answer_valid(q, &a));
	answer_clear(&a);
	assert_int_equal(q->max, 3); /* without max: all of them */
}

/* "Classez vos deux priorités": max places, no more. */
static void
test_rank_top(void **state)
{
	const struct question *q = question(state, TOP);
	struct answer a = { 0 };

	assert_int_equal(q->max, 2);
	answer_add(&a, "d");
	answer_add(&a, "a");
	assert_true(form_answer_valid(q, &a));
	answer_add(&a, "b");
	assert_false(form_answer_valid(q, &a));
	answer_clear(&a);
}

static void
test_text(void **state)
{
	const struct question *q = question(state, MOT);
	struct answer a = { 0 };

	answer_set(&a, "Vélo");
	assert_true(form_answer_valid(q, &a));
	answer_set(&a, "éèêàù"); /* 5 code points, 10 bytes */
	assert_true(form_answer_valid(q, &a));
	answer_set(&a, "Vélos!");
	assert_false(form_answer_valid(q, &a));
	answer_set(&a, "  "); /* blanks only: nothing said, optional */
	assert_true(form_answer_valid(q, &a));
	answer_set(&a, "\xC3");
	assert_false(form_answer_valid(q, &a));
	answer_clear(&a);
}

static void
test_commune_and_consent(void **state)
{
	const struct question *ville = question(state, VILLE);
	const struct question *ok = question(state, OK);
	struct answer a = { 0 };

	answer_set(&a, "04070");
	assert_true(form_answer_valid(ville, &a));
	answer_set(&a, "2A004");
	assert_true(form_answer_valid(ville, &a));
	answer_set(&a, "hors-territoire"); /* COMMUNES_ELSEWHERE */
	assert_true(form_answer_valid(ville, &a));
	answer_set(&a, "0407");
	assert_false(form_answer_valid(ville, &a));
	answer_set(&a, "Digne");
	assert_false(form_answer_valid(ville, &a));
	answer_set(&a, "oui");
	assert_true(form_answer_valid(ok, &a));
	answer_set(&a, "non");
	assert_true(form_answer_valid(ok, &a));
	answer_set(&a, "yes");
	assert_false(form_answer_valid(ok, &a));
	answer_clear(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set_and_clear),
		cmocka_unit_test(test_add_remove_has),
		cmocka_unit_test(test_other_text),
		cmocka_unit_test(test_required_and_optional),
		cmocka_unit_test(test_choice),
		cmocka_unit_test(test_choices),
		cmocka_unit_test(test_scale_and_number),
		cmocka_unit_test(test_rank),
		cmocka_unit_test(test_rank_top),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_commune_and_consent),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
