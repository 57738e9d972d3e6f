/*
 * Unit tests of the form parser (form.h), what it refuses: one test per
 * kind of problem an author can make, each checking the exact message and
 * its "file:line: " prefix; every problem of a file reported at once,
 * sorted by line; and the limits (size, questions, options, messages).
 */
#include "form_test.h"

static void
test_continuation_without_key(void **state)
{
	expect_only(HEAD "\n   orphan text\n" CONSENT,
	    "t.ini:7: indented line without a key above it (expected "
	    "'key = value' at the start of the line; an indented line "
	    "continues the value just above it)");
	expect_only("[form]\n  owner = O\nid = t\nversion = 1\ntitle = T\n"
	            "privacy = P\n" CONSENT,
	    "t.ini:2: indented line without a key "
	    "above it (expected 'key = value' at the start of the line; an "
	    "indented line continues the value just above it)");
}

static void
test_invalid_utf8(void **state)
{
	struct form_diags d = { 0 };
	struct form *f = form_parse_file(fixture("latin1.ini"), &d);
	char expected[4200];

	snprintf(expected, sizeof expected,
	    "%s:4: invalid UTF-8 (the file "
	    "must be saved as UTF-8)",
	    fixture("latin1.ini"));
	assert_null(f);
	if (d.count != 1) {
		print_diags(&d);
	}
	assert_int_equal(d.count, 1); /* no "missing title" on top */
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
	expect_only(HEAD "summary = a\xE2\x80\xAE"
	                 "b\n" CONSENT,
	    "t.ini:6: invisible character U+202E (expected visible text "
	    "only; remove it)");
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
	assert_string_equal(d.items[0].text,
	    "big.ini: file too large "
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
	assert_string_equal(
	    d.items[0].text, "/nonexistent/x.ini: No such file or directory");
	form_diags_finish(&d);
}

static void
test_not_a_line(void **state)
{
	expect_only(HEAD "summary\n" CONSENT,
	    "t.ini:6: line is not a section, "
	    "a 'key = value' or a comment (expected 'key = value'; to "
	    "continue the text above, start the line with spaces)");
	expect_only(HEAD "= x\n" CONSENT,
	    "t.ini:6: '=' without a key before it (expected 'key = value')");
}

static void
test_unknown_section(void **state)
{
	expect_only(HEAD CONSENT "[questoin x]\ntype = info\n",
	    "t.ini:9: unknown section '[questoin x]' (expected [form], "
	    "[question ID] or [testimony])");
	expect_only(HEAD CONSENT "[question x\n",
	    "t.ini:9: section line "
	    "without a closing ']' (expected '[form]' or '[question ID]')");
}

static void
test_key_outside_section(void **state)
{
	struct form_diags d = { 0 };

	expect_only("id = t\n" HEAD CONSENT,
	    "t.ini:1: key 'id' outside a "
	    "section (expected a [form] or [question ID] line above it)");
	/* A forgotten [form] line: said once, not once per key. */
	assert_null(
	    parse("id = t\nversion = 1\ntitle = T\nprivacy = P\n" CONSENT, &d));
	assert_int_equal(d.count, 2);
	assert_string_equal(d.items[0].text,
	    "t.ini: no [form] section "
	    "(expected a [form] section with id, version, title and privacy)");
	assert_string_equal(d.items[1].text,
	    "t.ini:1: key 'id' outside a "
	    "section (expected a [form] or [question ID] line above it)");
	form_diags_finish(&d);
}

static void
test_unknown_key(void **state)
{
	expect_only(HEAD "titel = T\n" CONSENT,
	    "t.ini:6: unknown key 'titel' "
	    "in [form] (expected one of: id, version, title, title.en, "
	    "summary, summary.en, level, owner, opens, closes, privacy, "
	    "privacy.en, thanks, thanks.en, link, partial, retention_days)");
	expect_only(HEAD CONSENT "promt.en = X\n",
	    "t.ini:9: unknown key "
	    "'promt.en' in [question ok] (expected one of: type, prompt, "
	    "prompt.en, help, help.en, option, option.en, required, other, "
	    "min, max, max_length, min_label, min_label.en, max_label, "
	    "max_label.en, when)");
}

static void
test_duplicate_key(void **state)
{
	expect_only(HEAD "title = Encore\n" CONSENT,
	    "t.ini:6: duplicate key "
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
	assert_string_equal(d.items[0].text,
	    "t.ini:2: missing required key "
	    "'version' in [form] (expected a line 'version = ...')");
	assert_string_equal(d.items[1].text,
	    "t.ini:2: missing required key "
	    "'title' in [form] (expected a line 'title = ...')");
	assert_string_equal(d.items[2].text,
	    "t.ini:2: missing required key "
	    "'privacy' in [form] (expected a line 'privacy = ...')");
	form_diags_finish(&d);
	expect_only(HEAD "[question q]\nprompt = P\n",
	    "t.ini:6: missing "
	    "required key 'type' in [question q] (expected a line "
	    "'type = ...')");
	expect_only(HEAD "[question q]\ntype = info\n",
	    "t.ini:6: missing "
	    "required key 'prompt' in [question q] (expected a line "
	    "'prompt = ...')");
}

static void
test_no_form_section(void **state)
{
	expect_only(CONSENT,
	    "t.ini: no [form] section (expected a [form] "
	    "section with id, version, title and privacy)");
	expect_only(HEAD CONSENT "[form]\n",
	    "t.ini:9: second [form] section "
	    "(the first is on line 1; expected one [form] section)");
	expect_only(
	    "[form x]\nid = t\nversion = 1\ntitle = T\nprivacy = P\n" CONSENT,
	    "t.ini:1: [form] takes no name (expected '[form]' "
	    "alone)");
}

static void
test_no_questions(void **state)
{
	expect_only(HEAD,
	    "t.ini: no questions (expected at least one "
	    "[question ID] section)");
}

static void
test_question_ids(void **state)
{
	expect_only(HEAD CONSENT "[question ok]\ntype = info\nprompt = P\n",
	    "t.ini:9: duplicate question id 'ok' (first on line 6; expected "
	    "each id once)");
	expect_only(HEAD "[question]\ntype = info\nprompt = P\n",
	    "t.ini:6: "
	    "question without an id (expected '[question ID]', e.g. "
	    "'[question frequence]')");
	expect_only(HEAD "[question Fréquence]\ntype = info\nprompt = P\n",
	    "t.ini:6: invalid question id 'Fréquence' (expected lowercase "
	    "letters a-z, digits and '-', at most 64, e.g. [question "
	    "frequence])");
}

static void
test_bad_form_values(void **state)
{
	expect_only(
	    "[form]\nid = Bus\nversion = 1\ntitle = T\nprivacy = P\n" CONSENT,
	    "t.ini:2: invalid form id 'Bus' (expected lowercase "
	    "letters a-z, digits and '-', at most 64, e.g. "
	    "transport-dignois)");
	expect_only(
	    "[form]\nid = t\nversion = 0\ntitle = T\nprivacy = P\n" CONSENT,
	    "t.ini:3: invalid value '0' for 'version' (expected a "
	    "whole number above 0, e.g. 2)");
	expect_only(HEAD "level = participation\n" CONSENT,
	    "t.ini:6: invalid "
	    "value 'participation' for 'level' (expected one of: "
	    "information, consultation, concertation, coelaboration)");
	expect_only(HEAD "link = www.example.org\n" CONSENT,
	    "t.ini:6: invalid "
	    "value 'www.example.org' for 'link' (expected an address "
	    "starting with https:// or http://)");
	expect_only(HEAD "partial = garder\n" CONSENT,
	    "t.ini:6: invalid value "
	    "'garder' for 'partial' (expected keep or drop)");
}

/* retention_days is a number of days, from one to a hundred years. */
static void
test_bad_retention(void **state)
{
	static const char *const bad[] = { "0", "36501", "-30", "2 ans",
		"730.5", "deux", "99999999999999999" };
	char text[256], expected[256];

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(text, sizeof text,
		    HEAD "retention_days = %s\n" CONSENT, bad[i]);
		snprintf(expected, sizeof expected,
		    "t.ini:6: invalid value '%s' for 'retention_days' "
		    "(expected a number of days from 1 to 36500, e.g. 730 for "
		    "two years)",
		    bad[i]);
		expect_only(text, expected);
	}
	expect_only(HEAD "retention_days = 730\nretention_days = 365\n" CONSENT,
	    "t.ini:7: duplicate key 'retention_days' (already given on "
	    "line 6; expected each key once per section)");
}

static void
test_bad_dates(void **state)
{
	expect_only(HEAD "opens = 2026-02-30\n" CONSENT,
	    "t.ini:6: invalid "
	    "date '2026-02-30' for 'opens' (expected a real date as "
	    "YYYY-MM-DD, e.g. 2026-01-05)");
	expect_only(HEAD "closes = 30/06/2026\n" CONSENT,
	    "t.ini:6: invalid "
	    "date '30/06/2026' for 'closes' (expected a real date as "
	    "YYYY-MM-DD, e.g. 2026-06-30)");
	expect_only(HEAD "closes = 2026-01-31\nopens = 2026-02-01\n" CONSENT,
	    "t.ini:6: closes (2026-01-31) is before opens (2026-02-01) "
	    "(expected closes on or after opens)");
}

static void
test_english_without_french(void **state)
{
	expect_only(HEAD "summary.en = Two minutes\n" CONSENT,
	    "t.ini:6: "
	    "'summary.en' without 'summary' (expected the French text too: "
	    "'summary = ...')");
}

static void
test_unknown_type(void **state)
{
	expect_only(HEAD "[question q]\ntype = choise\nprompt = P\n"
	                 "option = a | A\n",
	    "t.ini:7: unknown question type 'choise' "
	    "(expected one of: info, choice, choices, scale, rank, text, "
	    "number, commune, consent)");
}

static void
test_bad_options(void **state)
{
	const char *q = HEAD "[question q]\ntype = choice\nprompt = P\n";
	char text[512];

	snprintf(text, sizeof text,
	    "%soption = Jamais\noption = a | A\n"
	    "option = b | B\n",
	    q);
	expect_only(text,
	    "t.ini:9: option without a key (expected "
	    "'key | label')");
	/* Not also "has 1 option": that line was reported. */
	snprintf(text, sizeof text, "%soption = Jamais\noption = a | A\n", q);
	expect_only(text,
	    "t.ini:9: option without a key (expected "
	    "'key | label')");
	snprintf(text, sizeof text,
	    "%soption = | Jamais\noption = a | A\n"
	    "option = b | B\n",
	    q);
	expect_only(text,
	    "t.ini:9: option without a key (expected "
	    "'key | label')");
	snprintf(text, sizeof text,
	    "%soption = a |\noption = b | B\n"
	    "option = c | C\n",
	    q);
	expect_only(text,
	    "t.ini:9: option 'a' without a label (expected "
	    "'key | label')");
	snprintf(text, sizeof text,
	    "%soption = Très | T\noption = b | B\n"
	    "option = c | C\n",
	    q);
	expect_only(text,
	    "t.ini:9: invalid option key 'Très' (expected "
	    "lowercase letters a-z, digits and '-', e.g. 'tous-les-jours | "
	    "Tous les jours')");
	snprintf(text, sizeof text,
	    "%soption = a | A\noption = b | B\n"
	    "option = a | Encore\n",
	    q);
	expect_only(text,
	    "t.ini:11: duplicate option 'a' (already on line 9; "
	    "expected each key once)");
}

static void
test_option_count(void **state)
{
	expect_only(HEAD "[question q]\ntype = rank\nprompt = P\n"
	                 "option = a | A\n",
	    "t.ini:6: rank question 'q' has 1 option "
	    "(expected at least 2 lines 'option = key | label')");
	expect_only(HEAD "[question q]\ntype = choice\nprompt = P\n",
	    "t.ini:6: choice question 'q' has 0 options (expected at least "
	    "2 lines 'option = key | label')");
	expect_only(HEAD "[question q]\ntype = scale\nprompt = P\n"
	                 "option = a | A\noption = b | B\n",
	    "t.ini:9: 'option' does not "
	    "apply to scale questions (expected it only in: choice, choices, "
	    "rank)");
}

/* A rank's max is a number of places, 1 to its options. */
static void
test_rank_max(void **state)
{
	expect_only(HEAD "[question q]\ntype = rank\nprompt = P\n"
	                 "option = a | A\noption = b | B\nmax = 3\n",
	    "t.ini:11: max 3 is out of range (expected 1 to 2)");
	(void)state;
}

static void
test_option_en(void **state)
{
	struct form *f;

	expect_only(HEAD "[question q]\ntype = choice\nprompt = P\n"
	                 "option.en = c | C\noption = a | A\noption = b | B\n",
	    "t.ini:9: option.en for undeclared option 'c' (expected one of: "
	    "a, b)");
	expect_only(HEAD "[question q]\ntype = consent\nprompt = P\n"
	                 "option.en = oui | Yes\n",
	    "t.ini:9: 'option.en' does not apply "
	    "to consent questions (expected it only in: choice, choices, "
	    "rank)");
	expect_only(HEAD "[question q]\ntype = choice\nprompt = P\n"
	                 "option = a | A\noption = b | B\noption.en = a | X\n"
	                 "option.en = a | Y\n",
	    "t.ini:12: duplicate option.en for 'a' "
	    "(expected one English label per key)");
	f = expect_form(
	    HEAD "[question q]\ntype = choice\nprompt = P\n"
	         "option.en = b | Bee\noption = a | A\noption = b | B\n");
	assert_string_equal(f->questions[0].options[1].label.en, "Bee");
	assert_string_equal(
	    form_text(&f->questions[0].options[0].label, LANG_EN), "A");
	form_destroy(f);
}

static void
test_keys_by_type(void **state)
{
	expect_only(HEAD "[question q]\ntype = info\nprompt = P\n"
	                 "required = yes\n",
	    "t.ini:9: 'required' does not apply to info "
	    "questions (expected it only in: choice, choices, scale, rank, "
	    "text, number, commune, consent)");
	expect_only(HEAD "[question q]\ntype = scale\nprompt = P\n"
	                 "other = yes\n",
	    "t.ini:9: 'other' does not apply to scale "
	    "questions (expected it only in: choice, choices)");
	expect_only(HEAD "[question q]\ntype = text\nprompt = P\nmin = 1\n",
	    "t.ini:9: 'min' does not apply to text questions (expected it "
	    "only in: scale, number)");
	expect_only(HEAD "[question q]\ntype = number\nprompt = P\n"
	                 "max_length = 10\n",
	    "t.ini:9: 'max_length' does not apply to "
	    "number questions (expected it only in: text)");
	expect_only(HEAD "[question q]\ntype = consent\nprompt = P\n"
	                 "min_label = Non\n",
	    "t.ini:9: 'min_label' does not apply to "
	    "consent questions (expected it only in: scale)");
}

static void
test_bad_question_values(void **state)
{
	expect_only(HEAD "[question q]\ntype = consent\nprompt = P\n"
	                 "required = oui\n",
	    "t.ini:9: invalid value 'oui' for 'required' "
	    "(expected yes or no)");
	expect_only(HEAD "[question q]\ntype = scale\nprompt = P\n"
	                 "max = beaucoup\n",
	    "t.ini:9: invalid value 'beaucoup' for 'max' "
	    "(expected a whole number, e.g. 5)");
	expect_only(HEAD
	    "[question q]\ntype = choice\nprompt = P\n"
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
	expect_only(text,
	    "t.ini:10: min 5 is not below max 3 (expected "
	    "min < max)");
	snprintf(text, sizeof text, "%stype = scale\nmin = 5\n", q);
	expect_only(text,
	    "t.ini:9: min 5 is not below max 5 (expected "
	    "min < max)");
	snprintf(text, sizeof text, "%stype = number\nmin = 1000000\n", q);
	expect_only(text,
	    "t.ini:9: min 1000000 is not below max 999999 "
	    "(expected min < max)");
	snprintf(text, sizeof text, "%stype = text\nmax_length = 2001\n", q);
	expect_only(text,
	    "t.ini:9: max_length 2001 is out of range (expected "
	    "1 to 2000)");
	snprintf(text, sizeof text, "%stype = text\nmax_length = 0\n", q);
	expect_only(text,
	    "t.ini:9: max_length 0 is out of range (expected "
	    "1 to 2000)");
	snprintf(text, sizeof text,
	    "%stype = choices\noption = a | A\n"
	    "option = b | B\nmax = 3\n",
	    q);
	expect_only(text, "t.ini:11: max 3 is out of range (expected 1 to 2)");
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
		":18: option without a key (expected 'key | label')",
		":20: option.en for undeclared option 'horaires'",
		":23: duplicate question id 'frequence' (first on line 11",
		(":26: when names question 'plus-tard' which comes later (a "
		 "condition can only look back)"),
		":32: unknown section '[questoin x]'",
	};
	size_t n = sizeof expected / sizeof expected[0];

	assert_null(form_parse_file(path, &d));
	if (d.count != n) {
		print_diags(&d);
	}
	assert_int_equal(d.count, n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(
		    strncmp(d.items[i].text, path, strlen(path)), 0);
		assert_non_null(
		    strstr(d.items[i].text + strlen(path), expected[i]));
		assert_ptr_equal(
		    strstr(d.items[i].text + strlen(path), expected[i]),
		    d.items[i].text + strlen(path));
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
	assert_string_equal(d.items[FORM_MAX_DIAGS].text,
	    "t.ini: 900 more "
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
	snprintf(expected, sizeof expected,
	    "t.ini:%d: too many questions "
	    "(expected at most %d in one form)",
	    6 + 3 * FORM_MAX_QUESTIONS, FORM_MAX_QUESTIONS);
	expect_only(text, expected);
	used = (size_t)snprintf(text, size,
	    "%s[question q]\ntype = choice\n"
	    "prompt = P\n",
	    HEAD);
	for (int i = 0; i <= FORM_MAX_OPTIONS + 5; i++) {
		used += (size_t)snprintf(
		    text + used, size - used, "option = o%d | O\n", i);
	}
	snprintf(expected, sizeof expected,
	    "t.ini:%d: too many options "
	    "(expected at most %d in one question)",
	    9 + FORM_MAX_OPTIONS, FORM_MAX_OPTIONS);
	expect_only(text, expected);
	free(text);
}

static void
test_null_diags(void **state)
{
	assert_null(parse(HEAD "bad\n" CONSENT, NULL));
}

/* What an author can get wrong in a [testimony] section. */
static void
test_testimony_section(void **state)
{
	char text[4096];
	size_t used;

	expect_only(HEAD CONSENT "[testimony]\ntag = bus | Le bus\n",
	    "t.ini:9: missing required key 'question' in [testimony] "
	    "(expected a line 'question = ...')");
	expect_only(HEAD CONSENT "[testimony]\nquestion = Q\n"
	                         "[testimony]\nquestion = R\n",
	    "t.ini:11: second [testimony] section (the first is on line 9; "
	    "expected at most one)");
	expect_only(HEAD CONSENT "[testimony bus]\nquestion = Q\n",
	    "t.ini:9: [testimony] takes no name (expected '[testimony]' "
	    "alone)");
	expect_only(HEAD CONSENT "[testimony]\nquestion = Q\nprompt = P\n",
	    "t.ini:11: unknown key 'prompt' in [testimony] (expected one of: "
	    "question, question.en, tag, tag.en)");
	expect_only(HEAD CONSENT "[testimony]\nquestion = Q\n"
	                         "tag = bus | Le bus\ntag = bus | Les cars\n",
	    "t.ini:12: duplicate tag 'bus' (already on line 11; expected each "
	    "key once)");
	expect_only(HEAD CONSENT "[testimony]\nquestion = Q\ntag = Le bus\n",
	    "t.ini:11: tag without a key (expected 'key | label')");
	expect_only(HEAD CONSENT "[testimony]\nquestion = Q\n"
	                         "tag = Bus | Le bus\n",
	    "t.ini:11: invalid option key 'Bus' (expected lowercase letters "
	    "a-z, digits and '-', e.g. 'tous-les-jours | Tous les jours')");
	expect_only(HEAD CONSENT "[testimony]\nquestion = Q\n"
	                         "tag = bus | Le bus\ntag.en = car | Coach\n",
	    "t.ini:12: tag.en for undeclared tag 'car' (expected one of: "
	    "bus)");
	expect_only(HEAD CONSENT "[testimony]\nquestion = Q\n"
	                         "tag.en = car | Coach\n",
	    "t.ini:11: tag.en for undeclared tag 'car' (expected a 'tag = "
	    "car | ...' line too)");
	expect_only(HEAD CONSENT "[testimony]\nquestion = Q\n"
	                         "tag = bus | Le bus\ntag.en = bus | Bus\n"
	                         "tag.en = bus | Coach\n",
	    "t.ini:13: duplicate tag.en for 'bus' (expected one English "
	    "label per key)");

	/* A thirteenth tag is refused, once. */
	used = (size_t)snprintf(
	    text, sizeof text, HEAD CONSENT "[testimony]\nquestion = Q\n");
	for (int i = 0; i < FORM_MAX_TAGS + 2; i++) {
		used += (size_t)snprintf(
		    text + used, sizeof text - used, "tag = t%d | T%d\n", i, i);
	}
	expect_only(text,
	    "t.ini:23: too many tags (expected at most 12: a porteur de parole "
	    "picks them on one screen)");
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_continuation_without_key),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_control_characters),
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
		cmocka_unit_test(test_bad_retention),
		cmocka_unit_test(test_bad_dates),
		cmocka_unit_test(test_english_without_french),
		cmocka_unit_test(test_unknown_type),
		cmocka_unit_test(test_bad_options),
		cmocka_unit_test(test_option_count),
		cmocka_unit_test(test_rank_max),
		cmocka_unit_test(test_option_en),
		cmocka_unit_test(test_keys_by_type),
		cmocka_unit_test(test_bad_question_values),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_many_errors_sorted),
		cmocka_unit_test(test_diag_limit),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_null_diags),
		cmocka_unit_test(test_testimony_section),
	};

	if (argc > 1) {
		fixtures = argv[1];
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
