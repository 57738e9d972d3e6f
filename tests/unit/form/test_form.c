/*
 * Unit tests of the form parser (form.h), what it accepts: whole forms with
 * every key and their defaults, the line rules (comments after two spaces,
 * French typography kept, continuation lines, CRLF, BOM, tabs), the exact
 * bytes and their hash, and the look-ups on a parsed form.  What it refuses
 * is in test_form_errors.c.
 */
#include "form_test.h"

#include "clock.h"
#include "ids.h"

static void
test_design_example(void **state)
{
	struct form_diags d = { 0 };
	struct form *f = form_parse_file(fixture("transport-dignois.ini"), &d);
	const struct question *q;

	print_diags(&d);
	assert_int_equal(d.count, 0);
	assert_non_null(f);
	assert_string_equal(f->id, "transport-dignois");
	assert_int_equal(f->version, 2);
	assert_string_equal(f->title.fr, "Le bus à Digne-les-Bains");
	assert_string_equal(f->title.en, "Buses in Digne-les-Bains");
	assert_string_equal(f->level, "consultation");
	assert_string_equal(f->owner, "Provence Alpes Agglomération");
	assert_string_equal(f->opens, "2026-01-05");
	assert_string_equal(f->closes, "2026-06-30");
	assert_string_equal(f->privacy.fr,
	    "Réponses anonymes. Responsable : "
	    "P2A ; durée : 2 ans.\n"
	    "Vos réponses servent à améliorer le réseau.");
	assert_string_equal(f->thanks.fr, "Merci ! Résultats en septembre.");
	assert_string_equal(f->link, "https://example.org/transport");
	assert_int_equal(f->partial, PARTIAL_KEEP);
	assert_int_equal(f->nquestions, 2);
	q = &f->questions[0];
	assert_string_equal(q->id, "frequence");
	assert_int_equal(q->type, Q_CHOICE);
	assert_int_equal(q->line, 19);
	assert_true(q->required);
	assert_int_equal(q->noptions, 3);
	assert_string_equal(q->options[2].key, "quotidien");
	assert_string_equal(q->options[2].label.fr, "Tous les jours");
	assert_string_equal(q->options[0].label.en, "Never");
	assert_null(q->options[1].label.en);
	q = &f->questions[1];
	assert_int_equal(q->type, Q_CHOICES);
	assert_true(q->other);
	assert_int_equal(q->max, 2);
	assert_int_equal(q->nconds, 1);
	assert_int_equal(q->conds[0].question, 0);
	assert_int_equal(q->conds[0].op, COND_NE);
	assert_string_equal(q->conds[0].values[0], "quotidien");
	assert_int_equal(q->conds[0].line, 32);
	form_destroy(f);
	form_diags_finish(&d);
}

static void
test_defaults(void **state)
{
	struct form *f = expect_form(
	    HEAD "[question s]\ntype = scale\nprompt = S\n"
	         "[question n]\ntype = number\nprompt = N\n"
	         "[question c]\ntype = choices\nprompt = C\noption = a | A\n"
	         "option = b | B\noption = c | C\n"
	         "[question t]\ntype = text\nprompt = T\n");

	assert_string_equal(f->level, "consultation");
	assert_int_equal(f->partial, PARTIAL_KEEP);
	assert_string_equal(f->opens, "");
	assert_null(f->link);
	assert_int_equal(f->retention_days, 0);
	assert_int_equal(f->questions[0].min, 1);
	assert_int_equal(f->questions[0].max, 5);
	assert_int_equal(f->questions[1].min, 0);
	assert_int_equal(f->questions[1].max, 999999);
	assert_int_equal(f->questions[2].max, 3);
	assert_int_equal(f->questions[3].max_length, 500);
	assert_false(f->questions[3].required);
	form_destroy(f);
}

static void
test_every_key(void **state)
{
	struct form *f = expect_form(
	    "[form]\nid = a-1\nversion = 3\n"
	    "title = T\ntitle.en = TE\nsummary = S\nsummary.en = SE\n"
	    "level = coelaboration\nowner = O\nopens = 2026-01-01\n"
	    "closes = 2026-01-01\nprivacy = P\nprivacy.en = PE\n"
	    "thanks = M\nthanks.en = ME\nlink = http://x.org/a#b\n"
	    "partial = drop\nretention_days = 36500\n"
	    "[question s]\ntype = scale\nprompt = S\nprompt.en = SE\n"
	    "help = H\nhelp.en = HE\nmin = 0\nmax = 10\nmin_label = Non\n"
	    "min_label.en = No\nmax_label = Oui\nmax_label.en = Yes\n"
	    "required = no\n"
	    "[question t]\ntype = text\nprompt = T\nmax_length = 2000\n"
	    "required = yes\n"
	    "[question i]\ntype = info\nprompt = I\n");

	assert_string_equal(f->level, "coelaboration");
	assert_int_equal(f->partial, PARTIAL_DROP);
	assert_int_equal(f->retention_days, 36500);
	assert_string_equal(f->link, "http://x.org/a#b");
	assert_string_equal(f->summary.en, "SE");
	assert_string_equal(f->questions[0].help.en, "HE");
	assert_string_equal(f->questions[0].min_label.en, "No");
	assert_string_equal(f->questions[0].max_label.fr, "Oui");
	assert_int_equal(f->questions[0].min, 0);
	assert_int_equal(f->questions[0].max, 10);
	assert_int_equal(f->questions[1].max_length, 2000);
	assert_true(f->questions[1].required);
	assert_int_equal(f->questions[2].type, Q_INFO);
	form_destroy(f);
}

static void
test_choices_max_counts_other(void **state)
{
	struct form *f = expect_form(
	    HEAD "[question q]\ntype = choices\n"
	         "prompt = P\noption = a | A\noption = b | B\nother = yes\n"
	         "[question r]\ntype = choices\nprompt = R\noption = a | A\n"
	         "option = b | B\nother = yes\nmax = 3\n");

	assert_int_equal(f->questions[0].max, 3);
	assert_int_equal(f->questions[1].max, 3);
	form_destroy(f);
}

static void
test_french_typography(void **state)
{
	struct form *f =
	    expect_form("[form]\nid = t\nversion = 1\n"
	                "title = « Le bus »\n"
	                "privacy = Responsable : X ; durée : 2 ans\n"
	                "thanks = Attention ! Merci ; à bientôt # vraiment\n"
	                "summary = L’avis\xC2\xA0: le\xE2\x80\xAF"
	                "bus ?\n"
	                "[question q]\ntype = info\n"
	                "prompt = Qu'est-ce qui vous freine ?\n");

	assert_string_equal(f->title.fr, "« Le bus »");
	assert_string_equal(f->privacy.fr, "Responsable : X ; durée : 2 ans");
	assert_string_equal(
	    f->thanks.fr, "Attention ! Merci ; à bientôt # vraiment");
	assert_string_equal(f->summary.fr,
	    "L\xE2\x80\x99"
	    "avis\xC2\xA0: le\xE2\x80\xAF"
	    "bus ?");
	assert_string_equal(
	    f->questions[0].prompt.fr, "Qu'est-ce qui vous freine ?");
	form_destroy(f);
}

static void
test_comments(void **state)
{
	struct form *f =
	    expect_form("; a comment\n# another\n"
	                "[form]   ; the form\n"
	                "id = bus      ; stable\n"
	                "version = 1\t# tab then comment\n"
	                "   ; an indented comment line\n"
	                "title = Le bus  # two spaces\n"
	                "privacy = P ;x\n"
	                "summary = a;b #c\n"
	                "owner = O \t; blank and tab\n"
	                "[question q]  ; screen\ntype = info\nprompt = P\n");

	assert_string_equal(f->id, "bus");
	assert_int_equal(f->version, 1);
	assert_string_equal(f->title.fr, "Le bus");
	assert_string_equal(f->privacy.fr, "P ;x");
	assert_string_equal(f->summary.fr, "a;b #c");
	assert_string_equal(f->owner, "O");
	form_destroy(f);
}

static void
test_continuation(void **state)
{
	struct form *f =
	    expect_form(HEAD "summary = Premier paragraphe.\n"
	                     "  Deuxième paragraphe.   ; comment\n"
	                     "; a comment does not end the value\n"
	                     "\tTroisième.\n"
	                     "thanks =\n"
	                     "    Merci !\n"
	                     "[question q]\ntype = info\nprompt = P\n");

	assert_string_equal(f->summary.fr,
	    "Premier paragraphe.\nDeuxième paragraphe.\nTroisième.");
	assert_string_equal(f->thanks.fr, "Merci !");
	form_destroy(f);
}

static void
test_crlf_and_bom(void **state)
{
	const char *text = "\xEF\xBB\xBF[form]\r\nid = t\r\nversion = 1\r\n"
	                   "title = T  ; c\r\nprivacy = P\r\n  suite\r\n\r\n"
	                   "[question q]\r\ntype = info\r\nprompt = P\r\n";
	struct form *f = expect_form(text);

	assert_string_equal(f->title.fr, "T");
	assert_string_equal(f->privacy.fr, "P\nsuite");
	assert_int_equal(f->source_len, strlen(text));
	assert_memory_equal(f->source, text, strlen(text));
	assert_int_equal(f->questions[0].line, 8);
	form_destroy(f);
}

static void
test_source_and_hash(void **state)
{
	const char *text = HEAD CONSENT;
	char hex[IDS_SHA256_HEX + 1];
	struct form *f = expect_form(text);

	ids_sha256_hex(text, strlen(text), hex);
	assert_string_equal(f->hash, hex);
	assert_string_equal(f->source, text);
	assert_string_equal(f->path, "t.ini");
	form_destroy(f);
}

static void
test_tab_in_value(void **state)
{
	struct form *f = expect_form(HEAD "summary = a\tb\n" CONSENT);

	assert_string_equal(f->summary.fr, "a b");
	form_destroy(f);
}

static void
test_lookups(void **state)
{
	struct form *f = expect_form(
	    HEAD "opens = 2026-01-05\n"
	         "closes = 2026-06-30\n"
	         "[question a]\ntype = choice\nprompt = A\nprompt.en = AE\n"
	         "option = x | X\noption = y | Y\n"
	         "[question b]\ntype = info\nprompt = B\n");
	int64_t day;

	assert_int_equal(form_find_question(f, "b"), 1);
	assert_int_equal(form_find_question(f, "c"), -1);
	assert_int_equal(form_find_option(&f->questions[0], "y"), 1);
	assert_int_equal(form_find_option(&f->questions[0], "z"), -1);
	assert_string_equal(form_text(&f->questions[0].prompt, LANG_EN), "AE");
	assert_string_equal(form_text(&f->questions[1].prompt, LANG_EN), "B");
	assert_string_equal(form_text(&f->summary, LANG_FR), "");
	assert_true(clock_parse_date("2026-01-05", &day));
	assert_true(form_is_open(f, day));
	assert_false(form_is_open(f, day - 1));
	assert_true(clock_parse_date("2026-06-30", &day));
	assert_true(form_is_open(f, day));
	assert_false(form_is_open(f, day + 1));
	form_destroy(f);
}

static void
test_open_ended(void **state)
{
	struct form *f = expect_form(HEAD CONSENT);

	assert_true(form_is_open(f, 0));
	assert_true(form_is_open(f, 100000));
	form_destroy(f);
}

static void
test_type_names(void **state)
{
	enum question_type t;

	for (int i = Q_INFO; i <= Q_CONSENT; i++) {
		assert_true(form_type_from_name(
		    form_type_name((enum question_type)i), &t));
		assert_int_equal(t, i);
	}
	assert_string_equal(form_type_name(Q_COMMUNE), "commune");
	assert_false(form_type_from_name("choise", &t));
	form_destroy(NULL);
	form_diags_finish(NULL);
}

/* The porteurs de parole's section: anywhere in the file, its question
 * in two languages and its tags with their English labels. */
static void
test_testimony(void **state)
{
	struct form *f =
	    expect_form(HEAD "[testimony]\n"
	                     "question = Qu'est-ce qui vous manque ici ?\n"
	                     "question.en = What do you miss here?\n"
	                     "tag = bus | Le bus ; les horaires\n"
	                     "tag = ecole | L'école\n"
	                     "tag.en = ecole | School\n" CONSENT);
	const struct testimony *t = &f->testimony;

	assert_int_equal(t->line, 6);
	assert_string_equal(t->question.fr, "Qu'est-ce qui vous manque ici ?");
	assert_string_equal(t->question.en, "What do you miss here?");
	assert_int_equal(t->ntags, 2);
	assert_string_equal(t->tags[0].key, "bus");
	assert_string_equal(t->tags[0].label.fr, "Le bus ; les horaires");
	assert_null(t->tags[0].label.en);
	assert_string_equal(form_text(&t->tags[1].label, LANG_EN), "School");
	assert_int_equal(t->tags[1].line, 10);
	assert_int_equal(form_find_key(t->tags, t->ntags, "ecole"), 1);
	assert_int_equal(form_find_key(t->tags, t->ntags, "velo"), -1);
	/* It is no screen of the journey. */
	assert_int_equal(f->nquestions, 1);
	form_destroy(f);

	f = expect_form(HEAD CONSENT "[testimony]\nquestion = Et vous ?\n");
	assert_int_equal(f->testimony.line, 9);
	assert_int_equal(f->testimony.ntags, 0);
	form_destroy(f);

	f = expect_form(HEAD CONSENT);
	assert_int_equal(f->testimony.line, 0);
	form_destroy(f);
}

/* The form is valid, with retention_days days, and exactly the
 * warnings expected (NULL-terminated) for `parvis check`. */
static void
expect_retention(const char *text, int days, const char *const *expected)
{
	struct form *f = expect_form(text);
	size_t n = 0;

	while (expected[n] != NULL) {
		n++;
	}
	for (size_t i = 0; i < f->warnings.count; i++) {
		print_message("  %s\n", f->warnings.items[i].text);
	}
	assert_int_equal(f->retention_days, days);
	assert_int_equal(f->warnings.count, n);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(f->warnings.items[i].text, expected[i]);
	}
	form_destroy(f);
}

#define FORM_ONLY "[form]\nid = t\nversion = 1\ntitle = T\n"
#define NO_DURATION \
	"warning: privacy names no duration (expected how long the answers " \
	"are kept, e.g. 'Elles sont gardées 2 ans, puis effacées.')"
#define NOTE_DEFAULT \
	"t.ini:1: note: no retention_days: the answers are kept as long as " \
	"the collection server's [retention] days says (730 days unless set " \
	"there)"

/* retention_days, and what the privacy notice says about it: warnings,
 * never problems. */
static void
test_retention(void **state)
{
	static const char *const none[] = { NULL };

	expect_retention(HEAD CONSENT, 0,
	    (const char *const[]){
	        NOTE_DEFAULT, "t.ini:5: " NO_DURATION, NULL });
	expect_retention(FORM_ONLY "privacy = Gardées 2 ans, puis effacées.\n"
	                           "retention_days = 730\n" CONSENT,
	    730, none);
	/* Words, months, no-break spaces, the typographic apostrophe, a
	 * capital, a leap year. */
	expect_retention(FORM_ONLY "privacy = Conservées vingt-quatre mois.\n"
	                           "retention_days = 730\n" CONSENT,
	    730, none);
	expect_retention(FORM_ONLY "privacy = Gardées 2\xc2\xa0"
	                           "ans.\nretention_days = 731\n" CONSENT,
	    731, none);
	expect_retention(FORM_ONLY "privacy = Le temps d’un an.\n"
	                           "retention_days = 365\n" CONSENT,
	    365, none);
	expect_retention(FORM_ONLY "privacy = Pendant 1 Année.\n"
	                           "retention_days = 366\n" CONSENT,
	    366, none);
	expect_retention(FORM_ONLY "privacy = Effacées après six semaines,\n"
	                           "\tou 30 jours après la fin.\n"
	                           "retention_days = 30\n" CONSENT,
	    30, none);
	/* Another duration than the key's. */
	expect_retention(FORM_ONLY "privacy = Gardées deux ans.\n"
	                           "retention_days = 365\n" CONSENT,
	    365,
	    (const char *const[]){ "t.ini:6: warning: retention_days is 365 "
	                           "days, but privacy says 'deux ans' "
	                           "(expected the same duration in both)",
	        NULL });
	/* Minutes are no retention; the English text is not read. */
	expect_retention(FORM_ONLY "privacy = Deux minutes suffisent.\n"
	                           "privacy.en = Kept for 2 years.\n"
	                           "retention_days = 730\n" CONSENT,
	    730, (const char *const[]){ "t.ini:5: " NO_DURATION, NULL });
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_design_example),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_every_key),
		cmocka_unit_test(test_choices_max_counts_other),
		cmocka_unit_test(test_french_typography),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_continuation),
		cmocka_unit_test(test_crlf_and_bom),
		cmocka_unit_test(test_source_and_hash),
		cmocka_unit_test(test_tab_in_value),
		cmocka_unit_test(test_lookups),
		cmocka_unit_test(test_open_ended),
		cmocka_unit_test(test_type_names),
		cmocka_unit_test(test_testimony),
		cmocka_unit_test(test_retention),
	};

	if (argc > 1) {
		fixtures = argv[1];
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
