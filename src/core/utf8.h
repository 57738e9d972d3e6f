/*
 * Text typed by the public, or read from files, is untrusted.  These
 * functions validate UTF-8 and make text safe to store, draw, log and
 * export: invalid sequences, control characters (C0, DEL, C1, so no escape
 * sequence survives) and bidirectional overrides are removed.
 */
#ifndef PARVIS_CORE_UTF8_H
#define PARVIS_CORE_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF).  If not and bad_offset is not NULL, it receives
 * the byte offset of the first bad sequence. */
bool utf8_valid(const char *s, size_t len, size_t *bad_offset);

/* Decodes one code point at s (at most len bytes).  Returns its length in
 * bytes and stores it in *cp, or returns 0 for an invalid sequence. */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Encodes cp into out (4 bytes at least); returns the number of bytes. */
size_t utf8_encode(uint32_t cp, char *out);

/* True for code points that must never reach a terminal or a file: C0 and
 * C1 controls, DEL, bidi embeddings/overrides/isolates, line/paragraph
 * separators, BOM/zero-width no-break space, the invisible ones (soft
 * hyphen, zero-width space and non-joiner, word joiner, invisible
 * operators, U+180E) and the noncharacters (U+FFFE, U+FFFF...).  Tab and
 * newline are reported as unsafe too; callers that keep newlines say
 * so.  The zero-width joiner is not here: utf8_sanitize() keeps it
 * between two emoji, where it draws one (👩‍💻), and drops it elsewhere. */
bool utf8_is_unsafe(uint32_t cp);

enum utf8_flags {
	UTF8_KEEP_NEWLINES = 1 << 0, /* keep '\n' (multi-line comments) */
};

/* Returns a newly allocated, NUL-terminated copy of s[0..len) with invalid
 * sequences and unsafe code points removed (tabs become spaces), or NULL if
 * memory runs out.  The caller frees it. */
char *utf8_sanitize(const char *s, size_t len, int flags);

/* Number of code points in a valid UTF-8 string. */
size_t utf8_length(const char *s);

#endif
