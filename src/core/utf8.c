/*
 * UTF-8 validation and sanitising of untrusted text (see utf8.h).
 */
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

size_t
utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n;
	uint32_t c;
	uint32_t min;

	if (len == 0) {
		return 0;
	}
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	} else if ((u[0] & 0xE0) == 0xC0) {
		n = 2, c = u[0] & 0x1F, min = 0x80;
	} else if ((u[0] & 0xF0) == 0xE0) {
		n = 3, c = u[0] & 0x0F, min = 0x800;
	} else if ((u[0] & 0xF8) == 0xF0) {
		n = 4, c = u[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len < n) {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if ((u[i] & 0xC0) != 0x80) {
			return 0;
		}
		c = (c << 6) | (u[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
		return 0;
	}
	*cp = c;
	return n;
}

size_t
utf8_encode(uint32_t cp, char *out)
{
	unsigned char *u = (unsigned char *)out;

	if (cp < 0x80) {
		u[0] = (unsigned char)cp;
		return 1;
	} else if (cp < 0x800) {
		u[0] = (unsigned char)(0xC0 | (cp >> 6));
		u[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	} else if (cp < 0x10000) {
		u[0] = (unsigned char)(0xE0 | (cp >> 12));
		u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	u[0] = (unsigned char)(0xF0 | (cp >> 18));
	u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	u[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

bool
utf8_valid(const char *s, size_t len, size_t *bad_offset)
{
	size_t i = 0;
	uint32_t cp;

	while (i < len) {
		size_t n = utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			if (bad_offset != NULL) {
				*bad_offset = i;
			}
			return false;
		}
		i += n;
	}
	return true;
}

bool
utf8_is_unsafe(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
		return true;
	}
	/* ALM, LRM, RLM; LRE..RLO; LRI..PDI; LS, PS; BOM; interlinear marks. */
	if (cp == 0x061C || cp == 0x200E || cp == 0x200F ||
	    (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	    cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF ||
	    (cp >= 0xFFF9 && cp <= 0xFFFB)) {
		return true;
	}
	/* Invisible: soft hyphen, Mongolian vowel separator, zero-width
	 * space and non-joiner, word joiner and the invisible operators;
	 * and the noncharacters (U+FDD0..FDEF, U+xFFFE and U+xFFFF). */
	return cp == 0x00AD || cp == 0x180E || cp == 0x200B || cp == 0x200C ||
	    (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0xFDD0 && cp <= 0xFDEF) ||
	    (cp & 0xFFFE) == 0xFFFE;
}

/* Whether cp is part of an emoji, for a zero-width joiner between two:
 * pictographs and symbols, skin tones, variation selector 16. */
static bool
emoji_part(uint32_t cp)
{
	return (cp >= 0x1F000 && cp <= 0x1FAFF) ||
	    (cp >= 0x2600 && cp <= 0x27BF) || cp == 0xFE0F ||
	    (cp >= 0x2B00 && cp <= 0x2BFF);
}

/* The zero-width joiner at s[i] joins two emoji (👩‍💻): the code point
 * before it (prev) and the one after are emoji parts.  Anywhere else it
 * is invisible text, and goes. */
static bool
joins_emoji(const char *s, size_t len, size_t i, size_t n, uint32_t prev)
{
	uint32_t next;

	return emoji_part(prev) && i + n < len &&
	    utf8_decode(s + i + n, len - i - n, &next) > 0 && emoji_part(next);
}

char *
utf8_sanitize(const char *s, size_t len, int flags)
{
	char *out = malloc(len + 1);
	size_t i = 0;
	size_t o = 0;
	uint32_t cp, prev = 0;

	if (out == NULL) {
		return NULL;
	}
	while (i < len) {
		size_t n = utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			i++; /* drop one byte of the bad sequence, resync */
			continue;
		}
		if (cp == '\t') {
			out[o++] = ' ';
			prev = ' ';
		} else if (cp == '\n' && (flags & UTF8_KEEP_NEWLINES)) {
			out[o++] = '\n';
			prev = '\n';
		} else if (cp == 0x200D ? joins_emoji(s, len, i, n, prev)
		                        : !utf8_is_unsafe(cp)) {
			memcpy(out + o, s + i, n);
			o += n;
			prev = cp;
		}
		i += n;
	}
	out[o] = '\0';
	return out;
}

size_t
utf8_length(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++) {
		if (((unsigned char)*s & 0xC0) != 0x80) {
			n++;
		}
	}
	return n;
}
