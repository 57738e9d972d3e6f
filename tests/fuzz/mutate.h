/*
 * What the mutation tests share: a seeded generator, so that a failing
 * run can be replayed with its seed, and mutations of a valid text —
 * bytes flipped, inserted or removed, lines repeated, swapped or cut,
 * and fragments that parsers care about (section headers, separators,
 * control and invisible characters, broken UTF-8).  No coverage guidance:
 * the seeds are real files and the mutations are what people and links
 * do to them (a typo, a paste, a cut connection).
 */
#ifndef PARVIS_TESTS_FUZZ_MUTATE_H
#define PARVIS_TESTS_FUZZ_MUTATE_H

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"

struct rng {
	uint64_t s;
};

static inline uint64_t
rng_next(struct rng *r)
{
	/* xorshift64* */
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 2685821657736338717ULL;
}

/* A number in [0, n), n > 0. */
static inline size_t
rng_below(struct rng *r, size_t n)
{
	return (size_t)(rng_next(r) % n);
}

/* A text being mutated: bytes, not a C string (it may hold NULs). */
struct buf {
	char *data;
	size_t len;
	size_t cap;
};

static inline void
buf_reserve(struct buf *b, size_t more)
{
	if (b->len + more <= b->cap) {
		return;
	}
	b->cap = (b->len + more) * 2;
	b->data = realloc(b->data, b->cap);
	if (b->data == NULL) {
		abort();
	}
}

static inline void
buf_insert(struct buf *b, size_t at, const char *bytes, size_t n)
{
	buf_reserve(b, n);
	memmove(b->data + at + n, b->data + at, b->len - at);
	memcpy(b->data + at, bytes, n);
	b->len += n;
}

static inline void
buf_remove(struct buf *b, size_t at, size_t n)
{
	memmove(b->data + at, b->data + at + n, b->len - at - n);
	b->len -= n;
}

/* Start and length of the line holding byte at (newline included). */
static inline void
line_around(const struct buf *b, size_t at, size_t *start, size_t *len)
{
	size_t s = at, e = at;

	while (s > 0 && b->data[s - 1] != '\n') {
		s--;
	}
	while (e < b->len && b->data[e] != '\n') {
		e++;
	}
	*start = s;
	*len = e - s + (e < b->len);
}

/* One mutation of b; fragments are texts the parser under test cares
 * about, inserted whole at a line start or anywhere. */
static inline void
mutate(struct rng *r, struct buf *b, const char *const *fragments,
    size_t nfragments)
{
	static const char bytes[] = { '\0', '\n', '\r', '\t', ' ', '[', ']',
		'=', '|', ';', '"', '\\', ',', '{', '}', ':', 0x1b, 0x7f,
		(char)0xc3, (char)0xa9, (char)0xe2, (char)0x80, (char)0xae,
		(char)0xff, (char)0xc0 };
	size_t at = b->len > 0 ? rng_below(r, b->len) : 0;
	size_t start, len, n;

	switch (rng_below(r, 8)) {
	case 0: /* flip a bit */
		if (b->len > 0) {
			b->data[at] ^= (char)(1u << rng_below(r, 8));
		}
		break;
	case 1: /* insert a byte that matters */
		buf_insert(b, at, &bytes[rng_below(r, sizeof bytes)], 1);
		break;
	case 2: /* remove a few bytes */
		n = rng_below(r, 16) + 1;
		buf_remove(b, at, n < b->len - at ? n : b->len - at);
		break;
	case 3: /* repeat a line */
		if (b->len > 0) {
			char *copy;

			line_around(b, at, &start, &len);
			copy = malloc(len + 1);
			memcpy(copy, b->data + start, len);
			buf_insert(b, start, copy, len);
			free(copy);
		}
		break;
	case 4: /* remove a line */
		if (b->len > 0) {
			line_around(b, at, &start, &len);
			buf_remove(b, start, len);
		}
		break;
	case 5: /* cut the end, like a dropped connection */
		b->len = at;
		break;
	case 6: /* a fragment at a line start */
		if (nfragments > 0) {
			const char *f = fragments[rng_below(r, nfragments)];

			if (b->len > 0) {
				line_around(b, at, &start, &len);
				at = start;
			}
			buf_insert(b, at, f, strlen(f));
		}
		break;
	default: /* a fragment anywhere */
		if (nfragments > 0) {
			const char *f = fragments[rng_below(r, nfragments)];

			buf_insert(b, at, f, strlen(f));
		}
		break;
	}
}

/* A copy of from, mutated n times. */
static inline struct buf
mutated_copy(struct rng *r, const struct buf *from, size_t n,
    const char *const *fragments, size_t nfragments)
{
	struct buf b = { malloc(from->len + 1), from->len, from->len + 1 };

	if (b.data == NULL) {
		abort();
	}
	memcpy(b.data, from->data, from->len);
	for (size_t m = 0; m < n; m++) {
		mutate(r, &b, fragments, nfragments);
	}
	return b;
}

/* Reads the files paths[0..n) into seeds (at most max of them, each of at
 * most max_bytes); 0, with the reason on stderr, when one cannot be read. */
static inline size_t
load_seeds(char **paths, int n, struct buf *seeds, size_t max, size_t max_bytes)
{
	size_t count = 0;

	for (int i = 0; i < n && count < max; i++) {
		struct buf *s = &seeds[count];
		struct error err;

		if (!file_read_all(
		        paths[i], max_bytes, &s->data, &s->len, &err)) {
			fprintf(stderr, "%s\n", err.msg);
			return 0;
		}
		s->cap = s->len;
		count++;
	}
	return count;
}

/* Lines of b, counting a last one without a newline. */
static inline size_t
buf_lines(const struct buf *b)
{
	size_t n = 1;

	for (size_t i = 0; i < b->len; i++) {
		n += b->data[i] == '\n';
	}
	return n;
}

/* True for "PATH:12: message" with 12 a line of the file (1..lines), or
 * "PATH: message" about the whole file: how parvis names a problem. */
static inline bool
names_a_line(const char *text, const char *path, size_t lines)
{
	size_t n = strlen(path);
	const char *p;
	char *end;
	long line;

	if (strncmp(text, path, n) != 0 || text[n] != ':') {
		return false;
	}
	p = text + n + 1;
	if (*p == ' ') {
		return p[1] != '\0';
	}
	errno = 0;
	line = strtol(p, &end, 10);
	return errno == 0 && end != p && line >= 1 && (size_t)line <= lines &&
	    end[0] == ':' && end[1] == ' ' && end[2] != '\0';
}

#endif
