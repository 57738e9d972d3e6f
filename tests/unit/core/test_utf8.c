/*
 * Unit tests of the UTF-8 validation and sanitising that every piece of
 * public text goes through (src/core/utf8.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "utf8.h"

static void
assert_sanitized(const char *in, size_t len, int flags, const char *want)
{
	char *out = utf8_sanitize(in, len, flags);

	assert_non_null(out);
	assert_string_equal(out, want);
	assert_true(utf8_valid(out, strlen(out), NULL));
	free(out);
}

static void
test_valid_french(void **state)
{
	const char *s = "À Sisteron, l’été : « ça roule » ! Œuvre, ÿ, €";

	(void)state;
	assert_true(utf8_valid(s, strlen(s), NULL));
	assert_sanitized(s, strlen(s), 0, s);
}

static void
test_invalid_sequences(void **state)
{
	static const struct {
		const char *bytes;
		size_t bad;
	} cases[] = {
		{ "ab\xC3", 2 },           /* truncated */
		{ "\xC0\xAF", 0 },         /* overlong '/' */
		{ "x\xED\xA0\x80", 1 },    /* surrogate U+D800 */
		{ "\xF4\x90\x80\x80", 0 }, /* above U+10FFFF */
		{ "ok\xFF", 2 },           /* never valid */
		{ "\x80", 0 },             /* lone continuation */
	};
	size_t bad;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_false(
		    utf8_valid(cases[i].bytes, strlen(cases[i].bytes), &bad));
		assert_int_equal(bad, cases[i].bad);
	}
}

static void
test_sanitize_drops_invalid(void **state)
{
	(void)state;
	assert_sanitized("caf\xC3\xA9\xFF!", 7, 0, "café!");
	assert_sanitized("\xC0\xAFok", 4, 0, "ok");
}

static void
test_sanitize_escape_sequences(void **state)
{
	const char *in = "red \x1b[31mtext\x1b]0;title\x07 end\r";

	(void)state;
	/* The ESC and BEL bytes go; what follows them is harmless text. */
	assert_sanitized(in, strlen(in), 0, "red [31mtext]0;title end");
}

static void
test_sanitize_c1_and_del(void **state)
{
	/* U+009B is CSI on terminals that honour C1 controls. */
	const char *in = "a\xC2\x9B"
	                 "31mb\x7F"
	                 "c";

	(void)state;
	assert_sanitized(in, strlen(in), 0, "a31mbc");
}

static void
test_sanitize_bidi(void **state)
{
	/* RLO, LRI, PDI, RLM, ALM, LS and a BOM all disappear. */
	const char *in = "\xE2\x80\xAE"
	                 "evil\xE2\x81\xA6x\xE2\x81\xA9"
	                 "\xE2\x80\x8F\xD8\x9C y\xE2\x80\xA8z\xEF\xBB\xBF";

	(void)state;
	assert_sanitized(in, strlen(in), 0, "evilx yz");
}

static void
test_newlines_and_tabs(void **state)
{
	(void)state;
	assert_sanitized("a\tb\nc", 5, 0, "a bc");
	assert_sanitized("a\tb\nc", 5, UTF8_KEEP_NEWLINES, "a b\nc");
}

static void
test_encode_decode_roundtrip(void **state)
{
	static const uint32_t cps[] = { 0x41, 0xE9, 0x20AC, 0x1F600, 0x10FFFF };
	char buf[4];
	uint32_t back;

	(void)state;
	for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		size_t n = utf8_encode(cps[i], buf);
		assert_int_equal(utf8_decode(buf, n, &back), n);
		assert_int_equal(back, cps[i]);
	}
}

static void
test_length(void **state)
{
	(void)state;
	assert_int_equal(utf8_length("été"), 3);
	assert_int_equal(utf8_length(""), 0);
	assert_int_equal(utf8_length("« oui »"), 7);
}

/* Invisible characters typed into a comment: invisible on the Paroles
 * screen and words the search cannot find.  The zero-width joiner stays
 * only where it joins two emoji. */
static void
test_sanitize_invisible(void **state)
{
	/* bus, with U+200B, U+200C, U+200D, U+2060, U+00AD, U+180E, U+2061
	 * and U+FFFE, U+FFFF, U+FDD0 in between. */
	static const char in[] = "b\u200Bu\u200Cs \u200Dle\u2060 s\u00ADoir"
	                         "\u180E\u2061 !\xEF\xBF\xBE\xEF\xBF\xBF"
	                         "\xEF\xB7\x90";
	/* 👩‍💻 and ❤️‍🔥 keep their joiner; a joiner after a letter goes. */
	static const char emoji[] = "\U0001F469\u200D\U0001F4BB "
	                            "\u2764\uFE0F\u200D\U0001F525 a\u200D"
	                            "\U0001F525";

	assert_sanitized(in, strlen(in), 0, "bus le soir !");
	assert_sanitized(emoji, strlen(emoji), 0,
	    "\U0001F469\u200D\U0001F4BB \u2764\uFE0F\u200D\U0001F525 a"
	    "\U0001F525");
	/* A tab between: the joiner no longer joins (and sanitising twice
	 * is sanitising once). */
	assert_sanitized(
	    "\U0001F469\t\u200D\U0001F4BB", 12, 0, "\U0001F469 \U0001F4BB");
	assert_true(utf8_is_unsafe(0x200B));
	assert_true(utf8_is_unsafe(0x1FFFF));
	assert_false(utf8_is_unsafe(0x200D));
	assert_false(utf8_is_unsafe(0xE9));
	(void)state;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_french),
		cmocka_unit_test(test_invalid_sequences),
		cmocka_unit_test(test_sanitize_drops_invalid),
		cmocka_unit_test(test_sanitize_escape_sequences),
		cmocka_unit_test(test_sanitize_c1_and_del),
		cmocka_unit_test(test_sanitize_bidi),
		cmocka_unit_test(test_sanitize_invisible),
		cmocka_unit_test(test_newlines_and_tabs),
		cmocka_unit_test(test_encode_decode_roundtrip),
		cmocka_unit_test(test_length),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
