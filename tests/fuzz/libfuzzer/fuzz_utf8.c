/*
 * libFuzzer target: the UTF-8 checks and the sanitiser of src/core/utf8.c,
 * which everything typed by the public or read from files goes through
 * before it is stored, drawn, logged or exported.
 *
 * The promises, on any bytes: utf8_valid() says yes exactly when
 * utf8_decode() reads the whole text, and otherwise names the offset
 * where decoding first fails; every code point decoded encodes back to
 * the same bytes; utf8_length() counts them.  utf8_sanitize(), with and
 * without UTF8_KEEP_NEWLINES, gives valid UTF-8 no longer than the input,
 * without a tab, a NUL or any unsafe code point (but the newlines it was
 * asked to keep), leaves a text that was already safe as it was (tabs
 * made spaces), and gives the same text when run on its own output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "utf8.h"

/* The offset where decoding s[0..len) first fails, or len; the number of
 * code points before it in *count.  Checks each one's encoding. */
static size_t
decode_all(const char *s, size_t len, size_t *count)
{
	size_t at = 0;

	*count = 0;
	while (at < len) {
		char again[4];
		uint32_t cp;
		size_t n = utf8_decode(s + at, len - at, &cp);

		if (n == 0) {
			break;
		}
		fuzz_expect(cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF) &&
		        utf8_encode(cp, again) == n &&
		        memcmp(again, s + at, n) == 0,
		    "a code point decoded encodes back to its bytes", NULL);
		at += n;
		(*count)++;
	}
	return at;
}

/* What utf8_sanitize() promises for flags. */
static void
check_sanitized(const char *s, size_t len, int flags, bool safe)
{
	char *out = utf8_sanitize(s, len, flags), *again;
	size_t n, count;

	fuzz_expect(out != NULL, "memory", NULL);
	n = strlen(out);
	fuzz_expect(n <= len, "sanitising never lengthens a text", NULL);
	fuzz_expect(decode_all(out, n, &count) == n && utf8_valid(out, n, NULL),
	    "a sanitised text is valid UTF-8", NULL);
	for (size_t at = 0; at < n;) {
		uint32_t cp;

		at += utf8_decode(out + at, n - at, &cp);
		fuzz_expect(cp != '\t' &&
		        (!utf8_is_unsafe(cp) ||
		            (cp == '\n' && (flags & UTF8_KEEP_NEWLINES))),
		    "a sanitised text is safe", NULL);
	}
	if (safe) {
		for (size_t i = 0; i < len; i++) {
			fuzz_expect(out[i] == (s[i] == '\t' ? ' ' : s[i]),
			    "a safe text is left as it was", NULL);
		}
	}
	again = utf8_sanitize(out, n, flags);
	fuzz_expect(again != NULL && strcmp(again, out) == 0,
	    "sanitising twice is sanitising once", NULL);
	free(again);
	free(out);
}

/* True when s[0..len) is valid and holds no unsafe code point but tabs
 * and, when keep_newlines, newlines. */
static bool
already_safe(const char *s, size_t len, bool keep_newlines)
{
	for (size_t at = 0; at < len;) {
		uint32_t cp;
		size_t n = utf8_decode(s + at, len - at, &cp);

		/* A zero-width joiner is kept only between two emoji: it
		 * depends on its neighbours, so no promise is made of it. */
		if (n == 0 || cp == 0x200D ||
		    (utf8_is_unsafe(cp) && cp != '\t' &&
		        !(cp == '\n' && keep_newlines))) {
			return false;
		}
		at += n;
	}
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	size_t bad = (size_t)-1, count, good = decode_all(s, size, &count);
	bool valid = utf8_valid(s, size, &bad);

	fuzz_expect(valid == (good == size) && (valid || bad == good),
	    "utf8_valid() agrees with utf8_decode()", NULL);
	if (valid && memchr(s, '\0', size) == NULL) {
		char *copy = strndup(s, size);

		fuzz_expect(copy != NULL, "memory", NULL);
		fuzz_expect(utf8_length(copy) == count,
		    "utf8_length() counts the code points", NULL);
		free(copy);
	}
	check_sanitized(s, size, 0, already_safe(s, size, false));
	check_sanitized(
	    s, size, UTF8_KEEP_NEWLINES, already_safe(s, size, true));
	return 0;
}
