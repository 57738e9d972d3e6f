/*
 * Unit tests of the form parser (form.h): the line rules (comments, French
 * typography, continuation lines, CRLF, BOM, UTF-8), every kind of problem
 * an author can make, each checked with its exact "file:line: " prefix, and
 * the look-ups on a parsed form.  The fixture directory is passed by meson
 * as the first argument (tests/data/forms).
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
#include "form.h"
#include "ids.h"

static const char *fixtures = "tests/data/forms";

/* Lines 1 to 5 of most test files. */
#define HEAD "[form]\nid = t\nversion = 1\ntitle = T\nprivacy = P\n"

/* A question on lines 6 to 8, after HEAD. */
#define CONSENT "[question ok]\ntype = consent\nprompt = D'accord ?\n"

static struct form *
parse(const char *text, struct form_diags *d)
{
	return form_parse("t.ini", text, strlen(text), d);
}

static void
print_diags(const struct form_diags *d)
{
	for (size_t i = 0; i < d->count; i++) {
		print_message("  %s\n", d->items[i].text);
	}
}

/* The text must be refused with exactly this one problem. */
static void
expect_only(const char *text, const char *expected)
{
	struct form_diags d = { 0 };
	struct form *f = parse(text, &d);

	assert_null(f);
	if (d.count != 1) {
		print_diags(&d);
	}
	assert_int_equal(d.count, 1);
	assert_string_equal(d.items[0].text, expected);
	form_diags_finish(&d);
}

/* The text must be accepted; the caller destroys the form. */
static struct form *
expect_form(const char *text)
{
	struct form_diags d = { 0 };
	struct form *f = parse(text, &d);

	if (f == NULL || d.count != 0) {
		print_diags(&d);
	}
	assert_non_null(f);
	assert_int_equal(d.count, 0);
	form_diags_finish(&d);
	return f;
}

static char *
fixture(const char *name)
{
	static char path[4096];

	snprintf(path, sizeof path, "%s/%s", fixtures, name);
	return path;
}

/* ---- a whole valid form ------------------------------------------- */

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
	assert_string_equal(f->privacy.fr, "Réponses anonymes. Responsable : "
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
	struct form *f = expect_form(HEAD
	    "[question s]\ntype = scale\nprompt = S\n"
	    "[question n]\ntype = number\nprompt = N\n"
	    "[question c]\ntype = choices\nprompt = C\noption = a | A\n"
	    "option = b | B\noption = c | C\n"
	    "[question t]\ntype = text\nprompt = T\n");

	assert_string_equal(f->level, "consultation");
	assert_int_equal(f->partial, PARTIAL_KEEP);
	assert_string_equal(f->opens, "");
	assert_null(f->link);
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
	struct form *f = expect_form("[form]\nid = a-1\nversion = 3\n"
	    "title = T\ntitle.en = TE\nsummary = S\nsummary.en = SE\n"
	    "level = coelaboration\nowner = O\nopens = 2026-01-01\n"
	    "closes = 2026-01-01\nprivacy = P\nprivacy.en = PE\n"
	    "thanks = M\nthanks.en = ME\nlink = http://x.org/a#b\n"
	    "partial = drop\n"
	    "[question s]\ntype = scale\nprompt = S\nprompt.en = SE\n"
	    "help = H\nhelp.en = HE\nmin = 0\nmax = 10\nmin_label = Non\n"
	    "min_label.en = No\nmax_label = Oui\nmax_label.en = Yes\n"
	    "required = no\n"
	    "[question t]\ntype = text\nprompt = T\nmax_length = 2000\n"
	    "required = yes\n"
	    "[question i]\ntype = info\nprompt = I\n");

	assert_string_equal(f->level, "coelaboration");
	assert_int_equal(f->partial, PARTIAL_DROP);
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

/* ---- the line rules ------------------------------------------------ */

static void
test_french_typography(void **state)
{
	struct form *f = expect_form("[form]\nid = t\nversion = 1\n"
	    "title = « Le bus »\n"
	    "privacy = Responsable : X ; durée : 2 ans\n"
	    "thanks = Attention ! Merci ; à bientôt # vraiment\n"
	    "summary = L’avis\xC2\xA0: le\xE2\x80\xAF" "bus ?\n"
	    "[question q]\ntype = info\n"
	    "prompt = Qu'est-ce qui vous freine ?\n");

	assert_string_equal(f->title.fr, "« Le bus »");
	assert_string_equal(f->privacy.fr, "Responsable : X ; durée : 2 ans");
	assert_string_equal(f->thanks.fr,
	    "Attention ! Merci ; à bientôt # vraiment");
	assert_string_equal(f->summary.fr,
	    "L\xE2\x80\x99" "avis\xC2\xA0: le\xE2\x80\xAF" "bus ?");
	assert_string_equal(f->questions[0].prompt.fr,
	    "Qu'est-ce qui vous freine ?");
	form_destroy(f);
}

static void
test_comments(void **state)
{
	struct form *f = expect_form("; a comment\n# another\n"
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
	struct form *f = expect_form(HEAD
	    "summary = Premier paragraphe.\n"
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
test_continuation_without_key(void **state)
{
	expect_only(HEAD "\n   orphan text\n" CONSENT,
	    "t.ini:7: indented line without a key above it (expected "
	    "'key = value' at the start of the line; an indented line "
	    "continues the value just above it)");
	expect_only("[form]\n  owner = O\nid = t\nversion = 1\ntitle = T\n"
	    "privacy = P\n" CONSENT, "t.ini:2: indented line without a key "
	    "above it (expected 'key = value' at the start of the line; an "
	    "indented line continues the value just above it)");
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
test_invalid_utf8(void **state)
{
	struct form_diags d = { 0 };
	struct form *f = form_parse_file(fixture("latin1.ini"), &d);
	char expected[4200];

	snprintf(expected, sizeof expected, "%s:4: invalid UTF-8 (the file "
	    "must be saved as UTF-8)", fixture("latin1.ini"));
	assert_null(f);
	if (d.count != 1) {
		print_diags(&d);
	}
	assert_int_equal(d.count, 1);	/* no "missing title" on top */
	assert_string_equal(d.items[0].text, expected);
	form_diags_finish(&d);
}

static void
test_control_characters(void **state)
{
	expect_only(HEAD "summary = a\x1b[31mb\n" CONSENT,
	    "t.ini:6: control character U+001B (expected text, spaces and "
	    "tabs only)");
	expect_only(HEAD "summary = a\rb\n" CONSENT,
	    "t.ini:6: carriage return inside a line (expected line endings "
	    "of Linux, macOS or Windows)");
	expect_only(HEAD "summary = a\xE2\x80\xAE" "b\n" CONSENT,
	    "t.ini:6: invisible character U+202E (expected visible text "
	    "only; remove it)");
}

static void
test_tab_in_value(void **state)
{
	struct form *f = expect_form(HEAD "summary = a\tb\n" CONSENT);

	assert_string_equal(f->summary.fr, "a b");
	form_destroy(f);
}

static void
test_too_large(void **state)
{
	size_t len = FORM_MAX_BYTES + 1;
	char *big = malloc(len);
	struct form_diags d = { 0 };

	assert_non_null(big);
	memset(big, '\n', len);
	assert_null(form_parse("big.ini", big, len, &d));
	assert_int_equal(d.count, 1);
	assert_string_equal(d.items[0].text, "big.ini: file too large "
	    "(1048577 bytes; expected at most 1048576, a form is a few "
	    "kilobytes)");
	form_diags_finish(&d);
	free(big);
}

static void
test_missing_file(void **state)
{
	struct form_diags d = { 0 };

	assert_null(form_parse_file("/nonexistent/x.ini", &d));
	assert_int_equal(d.count, 1);
	assert_string_equal(d.items[0].text,
	    "/nonexistent/x.ini: No such file or directory");
	form_diags_finish(&d);
}

/* ---- problems in lines and sections -------------------------------- */

static void
test_not_a_line(void **state)
{
	expect_only(HEAD "summary\n" CONSENT, "t.ini:6: line is not a section, "
	    "a 'key = value' or a comment (expected 'key = value'; to "
	    "continue the text above, start the line with spaces)");
	expect_only(HEAD "= x\n" CONSENT,
	    "t.ini:6: '=' without a key before it (expected 'key = value')");
}

static void
test_unknown_section(void **state)
{
	expect_only(HEAD CONSENT "[questoin x]\ntype = info\n",
	    "t.ini:9: unknown section '[questoin x]' (expected [form] or "
	    "[question ID])");
	expect_only(HEAD CONSENT "[question x\n", "t.ini:9: section line "
	    "without a closing ']' (expected '[form]' or '[question ID]')");
}

static void
test_key_outside_section(void **state)
{
	expect_only("id = t\n" HEAD CONSENT, "t.ini:1: key 'id' outside a "
	    "section (expected a [form] or [question ID] line above it)");
}

static void
test_unknown_key(void **state)
{
	expect_only(HEAD "titel = T\n" CONSENT, "t.ini:6: unknown key 'titel' "
	    "in [form] (expected one of: id, version, title, title.en, "
	    "summary, summary.en, level, owner, opens, closes, privacy, "
	    "privacy.en, thanks, thanks.en, link, partial)");
	expect_only(HEAD CONSENT "promt.en = X\n", "t.ini:9: unknown key "
	    "'promt.en' in [question ok] (expected one of: type, prompt, "
	    "prompt.en, help, help.en, option, option.en, required, other, "
	    "min, max, max_length, min_label, min_label.en, max_label, "
	    "max_label.en, when)");
}

static void
test_duplicate_key(void **state)
{
	expect_only(HEAD "title = Encore\n" CONSENT, "t.ini:6: duplicate key "
	    "'title' (already given on line 4; expected each key once per "
	    "section)");
}

static void
test_empty_value(void **state)
{
	expect_only(HEAD "summary =   ; nothing\n" CONSENT,
	    "t.ini:6: 'summary' has no value (expected a text)");
}

static void
test_missing_required(void **state)
{
	struct form_diags d = { 0 };

	assert_null(parse("\n[form]\nid = t\n" CONSENT, &d));
	assert_int_equal(d.count, 3);
	assert_string_equal(d.items[0].text, "t.ini:2: missing required key "
	    "'version' in [form] (expected a line 'version = ...')");
	assert_string_equal(d.items[1].text, "t.ini:2: missing required key "
	    "'title' in [form] (expected a line 'title = ...')");
	assert_string_equal(d.items[2].text, "t.ini:2: missing required key "
	    "'privacy' in [form] (expected a line 'privacy = ...')");
	form_diags_finish(&d);
	expect_only(HEAD "[question q]\nprompt = P\n", "t.ini:6: missing "
	    "required key 'type' in [question q] (expected a line "
	    "'type = ...')");
	expect_only(HEAD "[question q]\ntype = info\n", "t.ini:6: missing "
	    "required key 'prompt' in [question q] (expected a line "
	    "'prompt = ...')");
}

static void
test_no_form_section(void **state)
{
	expect_only(CONSENT, "t.ini: no [form] section (expected a [form] "
	    "section with id, version, title and privacy)");
	expect_only(HEAD CONSENT "[form]\n", "t.ini:9: second [form] section "
	    "(the first is on line 1; expected one [form] section)");
	expect_only("[form x]\nid = t\nversion = 1\ntitle = T\nprivacy = P\n"
	    CONSENT, "t.ini:1: [form] takes no name (expected '[form]' "
	    "alone)");
}

static void
test_no_questions(void **state)
{
	expect_only(HEAD, "t.ini: no questions (expected at least one "
	    "[question ID] section)");
}

static void
test_question_ids(void **state)
{
	expect_only(HEAD CONSENT "[question ok]\ntype = info\nprompt = P\n",
	    "t.ini:9: duplicate question id 'ok' (first on line 6; expected "
	    "each id once)");
	expect_only(HEAD "[question]\ntype = info\nprompt = P\n", "t.ini:6: "
	    "question without an id (expected '[question ID]', e.g. "
	    "'[question frequence]')");
	expect_only(HEAD "[question Fréquence]\ntype = info\nprompt = P\n",
	    "t.ini:6: invalid question id 'Fréquence' (expected lowercase "
	    "letters a-z, digits and '-', at most 64, e.g. [question "
	    "frequence])");
}

/* ---- problems in [form] values -------------------------------------- */

static void
test_bad_form_values(void **state)
{
	expect_only("[form]\nid = Bus\nversion = 1\ntitle = T\nprivacy = P\n"
	    CONSENT, "t.ini:2: invalid form id 'Bus' (expected lowercase "
	    "letters a-z, digits and '-', at most 64, e.g. "
	    "transport-dignois)");
	expect_only("[form]\nid = t\nversion = 0\ntitle = T\nprivacy = P\n"
	    CONSENT, "t.ini:3: invalid value '0' for 'version' (expected a "
	    "whole number above 0, e.g. 2)");
	expect_only(HEAD "level = participation\n" CONSENT, "t.ini:6: invalid "
	    "value 'participation' for 'level' (expected one of: "
	    "information, consultation, concertation, coelaboration)");
	expect_only(HEAD "link = www.example.org\n" CONSENT, "t.ini:6: invalid "
	    "value 'www.example.org' for 'link' (expected an address "
	    "starting with https:// or http://)");
	expect_only(HEAD "partial = garder\n" CONSENT, "t.ini:6: invalid value "
	    "'garder' for 'partial' (expected keep or drop)");
}

static void
test_bad_dates(void **state)
{
	expect_only(HEAD "opens = 2026-02-30\n" CONSENT, "t.ini:6: invalid "
	    "date '2026-02-30' for 'opens' (expected a real date as "
	    "YYYY-MM-DD, e.g. 2026-01-05)");
	expect_only(HEAD "closes = 30/06/2026\n" CONSENT, "t.ini:6: invalid "
	    "date '30/06/2026' for 'closes' (expected a real date as "
	    "YYYY-MM-DD, e.g. 2026-06-30)");
	expect_only(HEAD "closes = 2026-01-31\nopens = 2026-02-01\n" CONSENT,
	    "t.ini:6: closes (2026-01-31) is before opens (2026-02-01) "
	    "(expected closes on or after opens)");
}

static void
test_english_without_french(void **state)
{
	expect_only(HEAD "summary.en = Two minutes\n" CONSENT, "t.ini:6: "
	    "'summary.en' without 'summary' (expected the French text too: "
	    "'summary = ...')");
}

/* ---- problems in questions ----------------------------------------- */

static void
test_unknown_type(void **state)
{
	expect_only(HEAD "[question q]\ntype = choise\nprompt = P\n"
	    "option = a | A\n", "t.ini:7: unknown question type 'choise' "
	    "(expected one of: info, choice, choices, scale, rank, text, "
	    "number, commune, consent)");
}

static void
test_bad_options(void **state)
{
	const char *q = HEAD "[question q]\ntype = choice\nprompt = P\n";
	char text[512];

	snprintf(text, sizeof text, "%soption = Jamais\noption = a | A\n"
	    "option = b | B\n", q);
	expect_only(text, "t.ini:9: option without a key (expected "
	    "'key | label')");
	snprintf(text, sizeof text, "%soption = | Jamais\noption = a | A\n"
	    "option = b | B\n", q);
	expect_only(text, "t.ini:9: option without a key (expected "
	    "'key | label')");
	snprintf(text, sizeof text, "%soption = a |\noption = b | B\n"
	    "option = c | C\n", q);
	expect_only(text, "t.ini:9: option 'a' without a label (expected "
	    "'key | label')");
	snprintf(text, sizeof text, "%soption = Très | T\noption = b | B\n"
	    "option = c | C\n", q);
	expect_only(text, "t.ini:9: invalid option key 'Très' (expected "
	    "lowercase letters a-z, digits and '-', e.g. 'tous-les-jours | "
	    "Tous les jours')");
	snprintf(text, sizeof text, "%soption = a | A\noption = b | B\n"
	    "option = a | Encore\n", q);
	expect_only(text, "t.ini:11: duplicate option 'a' (already on line 9; "
	    "expected each key once)");
}

static void
test_option_count(void **state)
{
	expect_only(HEAD "[question q]\ntype = rank\nprompt = P\n"
	    "option = a | A\n", "t.ini:6: rank question 'q' has 1 option "
	    "(expected at least 2 lines 'option = key | label')");
	expect_only(HEAD "[question q]\ntype = choice\nprompt = P\n",
	    "t.ini:6: choice question 'q' has 0 options (expected at least "
	    "2 lines 'option = key | label')");
	expect_only(HEAD "[question q]\ntype = scale\nprompt = P\n"
	    "option = a | A\noption = b | B\n", "t.ini:9: 'option' does not "
	    "apply to scale questions (expected it only in: choice, choices, "
	    "rank)");
}

static void
test_option_en(void **state)
{
	struct form *f;

	expect_only(HEAD "[question q]\ntype = choice\nprompt = P\n"
	    "option.en = c | C\noption = a | A\noption = b | B\n",
	    "t.ini:9: option.en for undeclared option 'c' (expected one of: "
	    "a, b)");
	expect_only(HEAD "[question q]\ntype = choice\nprompt = P\n"
	    "option = a | A\noption = b | B\noption.en = a | X\n"
	    "option.en = a | Y\n", "t.ini:12: duplicate option.en for 'a' "
	    "(expected one English label per option)");
	f = expect_form(HEAD "[question q]\ntype = choice\nprompt = P\n"
	    "option.en = b | Bee\noption = a | A\noption = b | B\n");
	assert_string_equal(f->questions[0].options[1].label.en, "Bee");
	assert_string_equal(form_text(&f->questions[0].options[0].label,
	    LANG_EN), "A");
	form_destroy(f);
}

static void
test_keys_by_type(void **state)
{
	expect_only(HEAD "[question q]\ntype = info\nprompt = P\n"
	    "required = yes\n", "t.ini:9: 'required' does not apply to info "
	    "questions (expected it only in: choice, choices, scale, rank, "
	    "text, number, commune, consent)");
	expect_only(HEAD "[question q]\ntype = scale\nprompt = P\n"
	    "other = yes\n", "t.ini:9: 'other' does not apply to scale "
	    "questions (expected it only in: choice, choices)");
	expect_only(HEAD "[question q]\ntype = text\nprompt = P\nmin = 1\n",
	    "t.ini:9: 'min' does not apply to text questions (expected it "
	    "only in: scale, number)");
	expect_only(HEAD "[question q]\ntype = number\nprompt = P\n"
	    "max_length = 10\n", "t.ini:9: 'max_length' does not apply to "
	    "number questions (expected it only in: text)");
	expect_only(HEAD "[question q]\ntype = consent\nprompt = P\n"
	    "min_label = Non\n", "t.ini:9: 'min_label' does not apply to "
	    "consent questions (expected it only in: scale)");
}

static void
test_bad_question_values(void **state)
{
	expect_only(HEAD "[question q]\ntype = consent\nprompt = P\n"
	    "required = oui\n", "t.ini:9: invalid value 'oui' for 'required' "
	    "(expected yes or no)");
	expect_only(HEAD "[question q]\ntype = scale\nprompt = P\n"
	    "max = beaucoup\n", "t.ini:9: invalid value 'beaucoup' for 'max' "
	    "(expected a whole number, e.g. 5)");
	expect_only(HEAD "[question q]\ntype = choice\nprompt = P\n"
	    "option = other | Autre\noption = b | B\nother = yes\n",
	    "t.ini:9: option key 'other' is taken by 'other = yes' "
	    "(expected another key, e.g. 'autre')");
}

static void
test_bounds(void **state)
{
	const char *q = HEAD "[question q]\nprompt = P\n";
	char text[512];

	snprintf(text, sizeof text, "%stype = scale\nmax = 11\n", q);
	expect_only(text, "t.ini:9: max 11 is out of range (expected 0 to 10)");
	snprintf(text, sizeof text, "%stype = scale\nmin = -1\n", q);
	expect_only(text, "t.ini:9: min -1 is out of range (expected 0 to 10)");
	snprintf(text, sizeof text, "%stype = scale\nmin = 5\nmax = 3\n", q);
	expect_only(text, "t.ini:10: min 5 is not below max 3 (expected "
	    "min < max)");
	snprintf(text, sizeof text, "%stype = scale\nmin = 5\n", q);
	expect_only(text, "t.ini:9: min 5 is not below max 5 (expected "
	    "min < max)");
	snprintf(text, sizeof text, "%stype = number\nmin = 1000000\n", q);
	expect_only(text, "t.ini:9: min 1000000 is not below max 999999 "
	    "(expected min < max)");
	snprintf(text, sizeof text, "%stype = text\nmax_length = 2001\n", q);
	expect_only(text, "t.ini:9: max_length 2001 is out of range (expected "
	    "1 to 2000)");
	snprintf(text, sizeof text, "%stype = text\nmax_length = 0\n", q);
	expect_only(text, "t.ini:9: max_length 0 is out of range (expected "
	    "1 to 2000)");
	snprintf(text, sizeof text, "%stype = choices\noption = a | A\n"
	    "option = b | B\nmax = 3\n", q);
	expect_only(text, "t.ini:11: max 3 is out of range (expected 1 to 2)");
}

static void
test_choices_max_counts_other(void **state)
{
	struct form *f = expect_form(HEAD "[question q]\ntype = choices\n"
	    "prompt = P\noption = a | A\noption = b | B\nother = yes\n"
	    "[question r]\ntype = choices\nprompt = R\noption = a | A\n"
	    "option = b | B\nother = yes\nmax = 3\n");

	assert_int_equal(f->questions[0].max, 3);
	assert_int_equal(f->questions[1].max, 3);
	form_destroy(f);
}

static void
test_many_errors_sorted(void **state)
{
	struct form_diags d = { 0 };
	const char *path = fixture("many-errors.ini");
	static const char *const expected[] = {
		":4: invalid form id 'Transport'",
		":5: invalid value 'deux' for 'version'",
		":7: invalid date '2026-02-30' for 'opens'",
		":9: unknown key 'colour' in [form]",
		":12: unknown question type 'choise'",
		":15: choices question 'freins' has 1 option",
		":18: option without a key (expected 'key | label')",
		":20: option.en for undeclared option 'horaires'",
		":23: duplicate question id 'frequence' (first on line 11",
		":26: when names question 'plus-tard' which comes later (a "
		    "condition can only look back)",
		":32: unknown section '[questoin x]'",
	};
	size_t n = sizeof expected / sizeof expected[0];

	assert_null(form_parse_file(path, &d));
	if (d.count != n) {
		print_diags(&d);
	}
	assert_int_equal(d.count, n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(strncmp(d.items[i].text, path, strlen(path)),
		    0);
		assert_non_null(strstr(d.items[i].text + strlen(path),
		    expected[i]));
		assert_ptr_equal(strstr(d.items[i].text + strlen(path),
		    expected[i]), d.items[i].text + strlen(path));
	}
	form_diags_finish(&d);
}

static void
test_diag_limit(void **state)
{
	size_t size = 20 * 1000 + 200;
	char *text = malloc(size);
	struct form_diags d = { 0 };
	size_t used;

	assert_non_null(text);
	used = (size_t)snprintf(text, size, "%s", HEAD CONSENT);
	for (int i = 0; i < 1000; i++) {
		used += (size_t)snprintf(text + used, size - used, "bad\n");
	}
	assert_null(form_parse("t.ini", text, used, &d));
	assert_int_equal(d.count, FORM_MAX_DIAGS + 1);
	assert_string_equal(d.items[FORM_MAX_DIAGS].text, "t.ini: 900 more "
	    "problems not listed (fix these first, then check again)");
	form_diags_finish(&d);
	free(text);
}

static void
test_limits(void **state)
{
	size_t size = 64 * 1024;
	char *text = malloc(size);
	size_t used;
	char expected[128];

	assert_non_null(text);
	used = (size_t)snprintf(text, size, "%s", HEAD);
	for (int i = 0; i <= FORM_MAX_QUESTIONS + 5; i++) {
		used += (size_t)snprintf(text + used, size - used,
		    "[question q%d]\ntype = info\nprompt = P\n", i);
	}
	snprintf(expected, sizeof expected, "t.ini:%d: too many questions "
	    "(expected at most %d in one form)", 6 + 3 * FORM_MAX_QUESTIONS,
	    FORM_MAX_QUESTIONS);
	expect_only(text, expected);
	used = (size_t)snprintf(text, size, "%s[question q]\ntype = choice\n"
	    "prompt = P\n", HEAD);
	for (int i = 0; i <= FORM_MAX_OPTIONS + 5; i++) {
		used += (size_t)snprintf(text + used, size - used,
		    "option = o%d | O\n", i);
	}
	snprintf(expected, sizeof expected, "t.ini:%d: too many options "
	    "(expected at most %d in one question)", 9 + FORM_MAX_OPTIONS,
	    FORM_MAX_OPTIONS);
	expect_only(text, expected);
	free(text);
}

static void
test_null_diags(void **state)
{
	assert_null(parse(HEAD "bad\n" CONSENT, NULL));
}

/* ---- look-ups ------------------------------------------------------- */

static void
test_lookups(void **state)
{
	struct form *f = expect_form(HEAD "opens = 2026-01-05\n"
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

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_design_example),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_every_key),
		cmocka_unit_test(test_french_typography),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_continuation),
		cmocka_unit_test(test_continuation_without_key),
		cmocka_unit_test(test_crlf_and_bom),
		cmocka_unit_test(test_source_and_hash),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_control_characters),
		cmocka_unit_test(test_tab_in_value),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_not_a_line),
		cmocka_unit_test(test_unknown_section),
		cmocka_unit_test(test_key_outside_section),
		cmocka_unit_test(test_unknown_key),
		cmocka_unit_test(test_duplicate_key),
		cmocka_unit_test(test_empty_value),
		cmocka_unit_test(test_missing_required),
		cmocka_unit_test(test_no_form_section),
		cmocka_unit_test(test_no_questions),
		cmocka_unit_test(test_question_ids),
		cmocka_unit_test(test_bad_form_values),
		cmocka_unit_test(test_bad_dates),
		cmocka_unit_test(test_english_without_french),
		cmocka_unit_test(test_unknown_type),
		cmocka_unit_test(test_bad_options),
		cmocka_unit_test(test_option_count),
		cmocka_unit_test(test_option_en),
		cmocka_unit_test(test_keys_by_type),
		cmocka_unit_test(test_bad_question_values),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_choices_max_counts_other),
		cmocka_unit_test(test_many_errors_sorted),
		cmocka_unit_test(test_diag_limit),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_null_diags),
		cmocka_unit_test(test_lookups),
		cmocka_unit_test(test_open_ended),
		cmocka_unit_test(test_type_names),
	};

	if (argc > 1) {
		fixtures = argv[1];
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
