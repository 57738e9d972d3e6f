/*
 * Exports: JSON is the frozen lines; CSV cells are quoted by RFC 4180 and
 * never run as formulas; rows and columns follow the form, including
 * answer keys only older versions had.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "clock.h"
#include "helpers.h"
#include "record.h"
#include "store_impl.h"
#include "testimony.h"
#include "tests.h"

#define HEADER \
	"seq,uuid,created_at,site,mode,status,form,version,lang," \
	"receipt"
#define QUESTIONS \
	"frequence,freins,freins.other,note,age,priorites,avis," \
	"commune,accord"

/* An in-memory FILE and what was written to it. */
struct sink {
	FILE *f;
	char *buf;
	size_t len;
};

static void
sink_open(struct sink *k)
{
	k->buf = NULL;
	k->len = 0;
	k->f = open_memstream(&k->buf, &k->len);
	assert_non_null(k->f);
}

/* Closes the stream; k->buf holds the text (the caller frees it). */
static void
sink_close(struct sink *k)
{
	fclose(k->f);
	k->f = NULL;
}

static char *
cell(const char *v)
{
	struct sink k;

	sink_open(&k);
	csv_cell(k.f, v);
	sink_close(&k);
	return k.buf;
}

static void
test_csv_cells(void **state)
{
	(void)state;
	assert_string_equal_free(cell(NULL), "");
	assert_string_equal_free(cell("hebdo"), "hebdo");
	assert_string_equal_free(
	    cell("Écoles à Digne, Sisteron"), "\"Écoles à Digne, Sisteron\"");
	assert_string_equal_free(cell("le \"soir\""), "\"le \"\"soir\"\"\"");
	assert_string_equal_free(
	    cell("ligne 1\nligne 2"), "\"ligne 1\nligne 2\"");
	assert_string_equal_free(cell("=1+1"), "'=1+1");
	assert_string_equal_free(
	    cell("=HYPERLINK(\"http://x.example\",\"ok\")"),
	    "\"'=HYPERLINK(\"\"http://x.example\"\",\"\"ok\"\")\"");
	assert_string_equal_free(
	    cell("+33 6 12 34 56 78"), "'+33 6 12 34 56 78");
	assert_string_equal_free(cell("-2+3"), "'-2+3");
	assert_string_equal_free(cell("@SUM(A1:A9)"), "'@SUM(A1:A9)");
	assert_string_equal_free(cell("\tcmd"), "'\tcmd");
	assert_string_equal_free(cell("\rcmd"), "\"'\rcmd\"");
	assert_string_equal_free(cell("\xef\xbc\x9d"
	                              "1+1"),
	    "'\xef\xbc\x9d"
	    "1+1");
	/* Plain numbers stay numbers. */
	assert_string_equal_free(cell("-12"), "-12");
	assert_string_equal_free(cell("+3"), "+3");
	assert_string_equal_free(cell("-3.5"), "-3.5");
	assert_string_equal_free(cell("-3,5"), "\"-3,5\"");
	assert_string_equal_free(cell("-"), "'-");
	assert_string_equal_free(cell("-3."), "'-3.");
	assert_string_equal_free(cell("a=b"), "a=b");
}

/* Two visitors whose answers test the CSV: a formula in an "other" text,
 * quotes, a newline and accents in free text, a hostile site name. */
static void
two_visitors(
    struct env *env, struct store_written *w1, struct store_written *w2)
{
	struct fixture *fx = &env->fx;
	struct store_submission sub;
	struct error err = { 0 };

	fixture_answer(fx, FX_FREQUENCE, "hebdo", NULL);
	fixture_answer(fx, FX_FREINS, "horaires", "prix", NULL);
	fx->answers[FX_FREINS].other = strdup("=HYPERLINK(\"http://x\","
	                                      "\"clic\")");
	fixture_answer(fx, FX_NOTE, "4", NULL);
	fixture_answer(fx, FX_AGE, "42", NULL);
	fixture_answer(fx, FX_PRIORITES, "ecoles", "soir", NULL);
	fixture_answer(fx, FX_AVIS,
	    "Des bus, le \"soir\"\net à l'école — "
	    "vraiment !",
	    NULL);
	fixture_answer(fx, FX_COMMUNE, "04070", NULL);
	fixture_answer(fx, FX_ACCORD, "oui", NULL);
	env_submit(env, true, 0, w1);

	clock_advance(60000);
	fixture_finish(fx);
	fixture_answer(fx, FX_FREQUENCE, "quotidien", NULL);
	fixture_answer(fx, FX_FREINS, "prix", NULL); /* hidden */
	fixture_answer(fx, FX_AVIS, "-12", NULL);
	sub = fixture_submission(fx, false, FX_NOTE);
	sub.site = "=cmd|' /C calc'!A0";
	sub.mode = "volunteer";
	sub.lang = LANG_EN;
	assert_true(store_submit(env->s, &sub, w2, &err));
}

static char *
expected_csv(const struct store_written *w1, const struct store_written *w2,
    const char *header)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	fprintf(f, "%s\r\n", header);
	fprintf(f,
	    "1,%s,2026-05-02T09:00:00.000Z,Marché de Digne,self,"
	    "completed," FX_FORM_ID ",2,fr,K7QF-3MZP,hebdo,horaires;prix,"
	    "\"'=HYPERLINK(\"\"http://x\"\",\"\"clic\"\")\",4,42,ecoles;soir,"
	    "\"Des bus, le \"\"soir\"\"\net à l'école — vraiment !\","
	    "04070,oui\r\n",
	    w1->uuid);
	fprintf(f,
	    "2,%s,2026-05-02T09:01:00.000Z,'=cmd|' /C calc'!A0,"
	    "volunteer,abandoned," FX_FORM_ID ",2,en,K7QF-3MZP,quotidien,,,"
	    ",,,-12,,\r\n",
	    w2->uuid);
	fclose(f);
	return text;
}

static void
test_csv_export_with_given_form(void **state)
{
	struct env *env = *state;
	struct store_written w1, w2;
	struct error err = { 0 };
	struct sink k;
	char *expected;

	env_open(env);
	two_visitors(env, &w1, &w2);
	assert_true(store_append(env->s, RECORD_EVENT, NULL, "self",
	    "{\"event\":\"approach\"}", NULL, &err));
	sink_open(&k);
	assert_true(store_export_form(env->s, &env->fx.form, k.f, &err));
	sink_close(&k);
	expected = expected_csv(&w1, &w2, HEADER "," QUESTIONS);
	assert_string_equal(k.buf, expected);
	free(expected);
	free(k.buf);
}

static void
test_csv_export_keeps_old_columns(void **state)
{
	struct env *env = *state;
	struct store_written w1, w2;
	struct error err = { 0 };
	struct form latest;
	struct sink k;

	/* The latest version dropped "accord" and the other entry of
	 * "freins": their answers still get columns, after the others. */
	env_open(env);
	two_visitors(env, &w1, &w2);
	latest = env->fx.form;
	latest.nquestions = FX_NQUESTIONS - 1;
	env->fx.questions[FX_FREINS].other = false;
	sink_open(&k);
	assert_true(store_export_form(env->s, &latest, k.f, &err));
	sink_close(&k);
	assert_true(strncmp(k.buf,
	                HEADER ",frequence,freins,note,age,"
	                       "priorites,avis,commune,accord,freins.other\r\n",
	                100) == 0);
	free(k.buf);
}

static void
test_csv_export_reads_stored_form(void **state)
{
	struct env *env = *state;
	struct store_written w1, w2;
	struct error err = { 0 };
	struct sink k;
	char *expected;

	env_open(env);
	two_visitors(env, &w1, &w2);
	expected = expected_csv(&w1, &w2, HEADER "," QUESTIONS);
	sink_open(&k);
	if (!store_export(env->s, STORE_CSV, FX_FORM_ID, k.f, &err)) {
		fail_msg("store_export: %s", err.msg);
	}
	sink_close(&k);
	assert_string_equal(k.buf, expected);
	free(k.buf);
	/* One form stored: no need to name it. */
	sink_open(&k);
	assert_true(store_export(env->s, STORE_CSV, NULL, k.f, &err));
	sink_close(&k);
	assert_string_equal(k.buf, expected);
	free(k.buf);
	free(expected);
}

static void
test_csv_export_unparsable_stored_form(void **state)
{
	struct env *env = *state;
	struct error err = { 0 };
	struct sink k;
	static char broken[] = "[form]\nid = " FX_FORM_ID "\nno such = key\n";

	/* A stored text this parvis cannot parse: the columns come from the
	 * answers, in the order they were first used. */
	env_open(env);
	env->fx.form.source = broken;
	env->fx.form.source_len = strlen(broken);
	fixture_answer(&env->fx, FX_NOTE, "5", NULL);
	fixture_answer(&env->fx, FX_AVIS, "bien", NULL);
	env_submit(env, true, 0, NULL);
	sink_open(&k);
	if (!store_export(env->s, STORE_CSV, FX_FORM_ID, k.f, &err)) {
		fail_msg("store_export: %s", err.msg);
	}
	sink_close(&k);
	assert_true(strncmp(k.buf, HEADER ",avis,note\r\n1,", 70) == 0);
	assert_non_null(strstr(k.buf, ",K7QF-3MZP,bien,5\r\n"));
	free(k.buf);
}

static void
test_csv_export_needs_a_form_among_several(void **state)
{
	struct env *env = *state;
	struct store_submission sub;
	struct error err = { 0 };
	struct fixture other;
	struct sink k;

	env_open(env);
	sink_open(&k);
	assert_true(store_export(env->s, STORE_CSV, NULL, k.f, &err));
	sink_close(&k);
	assert_string_equal(k.buf, HEADER "\r\n");
	free(k.buf);

	env_submit(env, true, 0, NULL);
	fixture_init(&other, 1);
	other.form.id = "conseil-citoyen";
	sub = fixture_submission(&other, true, 0);
	assert_true(store_submit(env->s, &sub, NULL, &err));
	sink_open(&k);
	assert_false(store_export(env->s, STORE_CSV, NULL, k.f, &err));
	sink_close(&k);
	assert_string_equal(k.buf, "");
	free(k.buf);
	assert_non_null(strstr(err.msg,
	    "holds answers to 2 consultations "
	    "(conseil-citoyen, transport-dignois): choose one with --form"));
	assert_false(store_export(env->s, STORE_CSV, "inconnue", stdout, &err));
	assert_non_null(strstr(err.msg, "inconnue"));
	fixture_finish(&other);
}

static void
test_json_export_is_the_lines(void **state)
{
	struct env *env = *state;
	struct store_written w1, w2;
	struct error err = { 0 };
	struct store_testimony t = { .words = "Oui", .quote = "anonymous" };
	struct sink k;
	char *lines;

	env_open(env);
	assert_true(store_append(env->s, RECORD_EVENT, "Gare", "self",
	    "{\"event\":\"site\"}", NULL, &err));
	two_visitors(env, &w1, &w2);
	sink_open(&k);
	assert_true(store_export(env->s, STORE_JSON, NULL, k.f, &err));
	sink_close(&k);
	lines = raw_text(env->s->db,
	    "SELECT group_concat(line || char(10), "
	    "'') FROM (SELECT line FROM records ORDER BY seq)");
	assert_string_equal(k.buf, lines);
	free(k.buf);
	free(lines);

	/* One form: its submissions and the testimonies taken with it, not
	 * a testimony taken without a consultation's [testimony] section. */
	t.form = &env->fx.form;
	assert_true(store_add_testimony(env->s, &t, &err));
	t.form = NULL;
	assert_true(store_add_testimony(env->s, &t, &err));
	sink_open(&k);
	assert_true(store_export(env->s, STORE_JSON, FX_FORM_ID, k.f, &err));
	sink_close(&k);
	lines = raw_text(env->s->db,
	    "SELECT group_concat(line || char(10), '') FROM (SELECT line "
	    "FROM records WHERE seq IN (2, 3, 4) ORDER BY seq)");
	assert_string_equal(k.buf, lines);
	free(k.buf);
	free(lines);
}

int
run_export_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_cells),
		env_test(test_csv_export_with_given_form),
		env_test(test_csv_export_keeps_old_columns),
		env_test(test_csv_export_reads_stored_form),
		env_test(test_csv_export_unparsable_stored_form),
		env_test(test_csv_export_needs_a_form_among_several),
		env_test(test_json_export_is_the_lines),
	};

	return cmocka_run_group_tests_name("store_export", tests, NULL, NULL);
}
