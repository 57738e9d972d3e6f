/*
 * The INI reader on its own (src/ini/ini_lines.h), under the rules of
 * forms and under those of kiosk.ini: every logical line and problem it
 * hands out is written down as one line of a transcript, compared whole.
 * Lines longer than inih's 200 bytes and section names longer than its
 * 50, continuation lines, comments after one or two blanks, ';' in
 * values, CRLF, invalid UTF-8, NUL bytes and control characters at their
 * line, section header mistakes, an empty file.  Forms and configuration
 * files are tested through their parsers too (test_form_errors,
 * test_conf, tests/cli).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ini_lines.h"

static const struct ini_rules form_rules = { true, true, 0 };
static const struct ini_rules conf_rules = { false, false, 198 };

static const char *const problem_names[] = {
	[INI_INVALID_UTF8] = "invalid-utf8",
	[INI_CARRIAGE_RETURN] = "carriage-return",
	[INI_CONTROL] = "control",
	[INI_INVISIBLE] = "invisible",
	[INI_SECTION_UNCLOSED] = "section-unclosed",
	[INI_SECTION_TRAILING] = "section-trailing",
	[INI_NOT_A_KEY] = "not-a-key",
	[INI_NO_KEY] = "no-key",
	[INI_ORPHAN] = "orphan",
	[INI_INDENTED] = "indented",
	[INI_TOO_LONG] = "too-long",
};

/* "3: [name] arg" for a section, "4: key = value (in 3)" for a key (in 0:
 * before any section), "5! what" for a problem; " bad" when it is. */
static void
on_line(void *user, const struct ini_line *l)
{
	FILE *out = user;

	if (l->kind == INI_SECTION) {
		fprintf(out, "%d: [%s]", l->line, l->name);
		if (l->value != NULL) {
			fprintf(out, " %s", l->value);
		}
	} else {
		fprintf(out, "%d: %s = %s (in %d)", l->line, l->name, l->value,
		    l->section != NULL ? l->section->line : 0);
	}
	fprintf(out, "%s\n", l->bad ? " bad" : "");
}

static void
on_problem(void *user, const struct ini_report *r)
{
	FILE *out = user;

	fprintf(out, "%d! %s", r->line, problem_names[r->what]);
	if (r->what == INI_CONTROL || r->what == INI_INVISIBLE) {
		fprintf(out, " U+%04X", (unsigned)r->cp);
	}
	if (r->text != NULL) {
		fprintf(out, " '%s'", r->text);
	}
	fprintf(out, "\n");
}

/* The transcript of data[0..len) read under rules (freed by the next
 * call). */
static const char *
read_bytes(const struct ini_rules *rules, const char *data, size_t len)
{
	static char *text = NULL;
	size_t size = 0;
	FILE *out;
	struct ini_sink sink = { on_line, on_problem, NULL };

	free(text);
	text = NULL;
	out = open_memstream(&text, &size);
	assert_non_null(out);
	sink.user = out;
	assert_true(ini_lines_read(data, len, rules, &sink));
	fclose(out);
	return text;
}

static const char *
read_form(const char *data)
{
	return read_bytes(&form_rules, data, strlen(data));
}

static const char *
read_conf(const char *data)
{
	return read_bytes(&conf_rules, data, strlen(data));
}

static void
test_empty(void **state)
{
	(void)state;
	assert_string_equal(read_bytes(&form_rules, "", 0), "");
	assert_string_equal(read_conf(""), "");
	assert_string_equal(read_form("\n\n  \n; only\n  # comments\n"), "");
	assert_string_equal(read_form("\xEF\xBB\xBF"), "");
	assert_string_equal(read_conf("\xEF\xBB\xBF[kiosk]\n"), "1: [kiosk]\n");
}

static void
test_sections_and_keys(void **state)
{
	(void)state;
	assert_string_equal(read_form("id = before\n"
	                              "[form]\n"
	                              "id   =  t  \n"
	                              "\n"
	                              "[question  age ]\n"
	                              "type=choice\n"
	                              "when = a = b\n"
	                              "empty =\n"
	                              "[]\n"
	                              "[a]b]\n"
	                              "[question\tq]\n"
	                              "last = no newline"),
	    "1: id = before (in 0)\n"
	    "2: [form]\n"
	    "3: id = t (in 2)\n"
	    "5: [question] age\n"
	    "6: type = choice (in 5)\n"
	    "7: when = a = b (in 5)\n"
	    "8: empty =  (in 5)\n"
	    "9: []\n"
	    "10: [a]b]\n"
	    "11: [question] q\n"
	    "12: last = no newline (in 11)\n");
}

/* inih cuts lines at 200 bytes and section names at 50: the reader hands
 * out the whole text whatever its length. */
static void
test_long_lines(void **state)
{
	enum { N = 5000, SIZE = 2 * N + 256 };
	static char value[N + 1], text[SIZE], want[SIZE];
	const char *id =
	    "a-question-id-of-sixty-four-bytes-which-is-the-most-a-form-takes";

	(void)state;
	for (size_t i = 0; i < N; i++) {
		value[i] = "Une phrase ; longue. "[i % 21];
	}
	snprintf(text, SIZE, "[question %s]\nprompt = %.300s\nhelp = %s\n", id,
	    value, value);
	snprintf(want, SIZE,
	    "1: [question] %s\n2: prompt = %.300s (in 1)\n3: help = %s (in 1)\n",
	    id, value, value);
	assert_string_equal(read_form(text), want);
	/* kiosk.ini: 198 bytes are taken, not 199; a comment does not count;
	 * section and comment lines have no limit. */
	snprintf(text, SIZE, "k = %.194s\nk = %.195s\nk = %.194s  ; %s\n",
	    value, value, value, value);
	snprintf(want, SIZE,
	    "1: k = %.194s (in 0)\n2! too-long\n3: k = %.194s (in 0)\n", value,
	    value);
	assert_string_equal(read_conf(text), want);
	snprintf(text, SIZE, "[%s]\n; %s\nk = v\n", value, value);
	snprintf(
	    want, SIZE, "1: [%.3s] %s\n3: k = v (in 1)\n", value, value + 4);
	assert_string_equal(read_conf(text), want);
}

static void
test_continuation(void **state)
{
	(void)state;
	assert_string_equal(read_form("[form]\n"
	                              "privacy = Anonyme.\n"
	                              "  Responsable : P2A ;   gardé 2 ans.\n"
	                              "; a comment does not end the value\n"
	                              "\tEffacé\tensuite.   ; comment\n"
	                              "thanks =\n"
	                              "    Merci !\n"
	                              "\n"
	                              "   after a blank line\n"
	                              "bad line\n"
	                              "   after a refused line\n"
	                              "[question q]\n"
	                              "  after a section\n"),
	    "1: [form]\n"
	    "2: privacy = Anonyme.\nResponsable : P2A ;   gardé 2 ans.\n"
	    "Effacé ensuite. (in 1)\n"
	    "6: thanks = Merci ! (in 1)\n"
	    "9! orphan\n"
	    "10! not-a-key\n"
	    "12: [question] q\n"
	    "13! orphan\n");
	/* Without continuation lines (kiosk.ini): an indented key is
	 * refused, an indented section is one. */
	assert_string_equal(read_conf("[kiosk]\n"
	                              "name = A\n"
	                              "  more text\n"
	                              "  id = x\n"
	                              "  [screen]\n"
	                              "idle = 9\n"),
	    "1: [kiosk]\n"
	    "2: name = A (in 1)\n"
	    "3! indented\n"
	    "4! indented\n"
	    "5: [screen]\n"
	    "6: idle = 9 (in 5)\n");
}

/* ';' and '#' start a comment after two blanks or a tab, not after one
 * space (French typography), and never inside a word. */
static void
test_comments(void **state)
{
	const char *text = "a = Responsable : X ; durée : 2 ans\n"
	                   "b = deux espaces  ; comment\n"
	                   "c = une tabulation\t; comment\n"
	                   "d = tab and space\t ; comment\n"
	                   "e = space and tab \t# comment\n"
	                   "f = #1 ;x# y\n"
	                   "g =  ; all comment\n"
	                   "h = http://x/?a=b;c#d\n"
	                   "   ; indented comment\n"
	                   "# comment\n"
	                   "[s]  ; comment\n"
	                   "[t] ; not one\n";
	const char *want = "1: a = Responsable : X ; durée : 2 ans (in 0)\n"
	                   "2: b = deux espaces (in 0)\n"
	                   "3: c = une tabulation (in 0)\n"
	                   "4: d = tab and space (in 0)\n"
	                   "5: e = space and tab (in 0)\n"
	                   "6: f = #1 ;x# y (in 0)\n"
	                   "7: g =  (in 0)\n"
	                   "8: h = http://x/?a=b;c#d (in 0)\n"
	                   "11: [s]\n"
	                   "12! section-trailing 't'\n";

	(void)state;
	assert_string_equal(read_form(text), want);
	assert_string_equal(read_conf(text), want);
}

static void
test_section_mistakes(void **state)
{
	const char *text = "[kiosk\n"
	                   "[kiosk] extra\n"
	                   "[\n"
	                   "[screen]\n"
	                   "no equals sign\n"
	                   "= no key\n"
	                   "[unterminated";
	const char *want = "1! section-unclosed\n"
	                   "2! section-trailing 'kiosk'\n"
	                   "3! section-unclosed\n"
	                   "4: [screen]\n"
	                   "5! not-a-key\n"
	                   "6! no-key\n"
	                   "7! section-unclosed\n";

	(void)state;
	assert_string_equal(read_form(text), want);
	assert_string_equal(read_conf(text), want);
	/* The keys after a refused header fall in the section above. */
	assert_string_equal(read_form("[form]\n[question q\ntype = info\n"),
	    "1: [form]\n2! section-unclosed\n3: type = info (in 1)\n");
}

static void
test_line_endings(void **state)
{
	(void)state;
	assert_string_equal(read_form("[form]\r\nid = t\r\n\r\n"
	                              "prompt = a\rb\r\n"),
	    "1: [form]\n2: id = t (in 1)\n4! carriage-return\n"
	    "4: prompt = a\rb (in 1) bad\n");
	/* kiosk.ini: a line ends at its first CR, as when inih read it. */
	assert_string_equal(read_conf("[kiosk]\r\r\nid = t\r\r\n"
	                              "name = a\rb = c\n\rlost = x\n"),
	    "1: [kiosk]\n2: id = t (in 1)\n3: name = a (in 1)\n");
}

/* Bytes that are not text: at their line, under both rules. */
static void
test_not_text(void **state)
{
	static const char form[] = "[form]\n"
	                           "; caf\xE9 in a comment\n"
	                           "title = caf\xE9\n"
	                           "summary = a\0b\n"
	                           "help = a\x1B[31mb\n"
	                           "help.en = next\xC2\x85line\n"
	                           "thanks = a\xE2\x80\xAE"
	                           "b\n"
	                           "privacy = ok\n"
	                           "   caf\xE9 continued\n"
	                           "link = ok\n";
	static const char conf[] = "[kiosk]\n"
	                           "; caf\xE9 in a comment is taken\n"
	                           "name = caf\xE9\n"
	                           "id = a\0b\n"
	                           "\0gone = x\n"
	                           "[scr\0een]\n"
	                           "escape = a\x1B[31mb\n"
	                           "invisible = \xE2\x80\xAE\n"
	                           "half = \xE2\x80\n";

	(void)state;
	assert_string_equal(read_bytes(&form_rules, form, sizeof form - 1),
	    "1: [form]\n"
	    "2! invalid-utf8\n"
	    "3! invalid-utf8\n"
	    "3: title = caf\xE9 (in 1) bad\n"
	    "4! control U+0000\n"
	    "4: summary = a (in 1) bad\n"
	    "5! control U+001B\n"
	    "5: help = a\x1B[31mb (in 1) bad\n"
	    "6! control U+0085\n"
	    "6: help.en = next\xC2\x85line (in 1) bad\n"
	    "7! invisible U+202E\n"
	    "7: thanks = a\xE2\x80\xAE"
	    "b (in 1) bad\n"
	    "8: privacy = ok (in 1) bad\n"
	    "9! invalid-utf8\n"
	    "10: link = ok (in 1)\n");
	assert_string_equal(read_bytes(&conf_rules, conf, sizeof conf - 1),
	    "1: [kiosk]\n"
	    "3! invalid-utf8\n"
	    "3: name = caf\xE9 (in 1) bad\n"
	    "4! control U+0000\n"
	    "5! control U+0000\n"
	    "6! control U+0000\n"
	    "7: escape = a\x1B[31mb (in 1)\n"
	    "8: invisible = \xE2\x80\xAE (in 1)\n"
	    "9! invalid-utf8\n"
	    "9: half = \xE2\x80 (in 1) bad\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_sections_and_keys),
		cmocka_unit_test(test_long_lines),
		cmocka_unit_test(test_continuation),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_section_mistakes),
		cmocka_unit_test(test_line_endings),
		cmocka_unit_test(test_not_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
