/*
 * kiosk.ini under mutation: the demo configuration and the mistakes
 * fixtures, changed the way a hand edit over SSH changes them.  Whatever
 * the file says, config_load() accepts it without a word or refuses it
 * with "file:line: message" for a line that exists (or "file: message"
 * for the whole file), the first problem in its error; under ASan nothing
 * leaks or overflows.
 *
 * usage: fuzz_config SEED ITERATIONS FILE.ini...
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "file.h"
#include "mutate.h"

static const char *const fragments[] = {
	"[kiosk]\n",
	"[screen]\n",
	"[sites]\n",
	"[sync]\n",
	"[volunteer]\n",
	"[touch]\n",
	"[admin]\n",
	"id = kiosk-1\n",
	"idle_seconds = -1\n",
	"idle_seconds = 99999999999999999999\n",
	"language = de\n",
	"languages = fr, en, fr\n",
	"url = http://example.org\n",
	"batch_size = 0\n",
	"pin = 1234\n",
	"marche = Marché ; samedi\n",
	"question = Et vous ?\n",
	"device = /dev/input/event0\n",
	"min_x = 5000\n",
	"  continued\n",
	" ; comment\n",
	"=\n",
	"\xe2\x80\xae",
	"\x1b[31m",
};

static size_t
count_lines(const struct buf *b)
{
	size_t n = 1;

	for (size_t i = 0; i < b->len; i++) {
		n += b->data[i] == '\n';
	}
	return n;
}

/* "PATH:12: ..." with 12 within the file, or "PATH: ...". */
static bool
message_ok(const char *text, const char *path, size_t lines)
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

int
main(int argc, char **argv)
{
	char dir[] = "/tmp/fuzz_config.XXXXXX", path[64];
	struct buf seeds[32];
	size_t nseeds = 0;
	struct rng r;
	uint64_t seed;
	int iterations, failures = 0, accepted = 0, refused = 0;

	if (argc < 4) {
		fprintf(stderr, "usage: fuzz_config SEED ITERATIONS FILE...\n");
		return 2;
	}
	seed = strtoull(argv[1], NULL, 10);
	iterations = atoi(argv[2]);
	for (int i = 3; i < argc && nseeds < 32; i++) {
		struct error err;
		struct buf *s = &seeds[nseeds];

		if (!file_read_all(argv[i], 1 << 20, &s->data, &s->len, &err)) {
			fprintf(stderr, "fuzz_config: %s\n", err.msg);
			return 2;
		}
		s->cap = s->len;
		nseeds++;
	}
	if (mkdtemp(dir) == NULL) {
		return 2;
	}
	snprintf(path, sizeof path, "%s/kiosk.ini", dir);
	r.s = seed * 2654435761u + 1;
	for (int it = 0; it < iterations && failures < 20; it++) {
		const struct buf *from = &seeds[rng_below(&r, nseeds)];
		struct buf b = { malloc(from->len + 1), from->len,
			from->len + 1 };
		size_t n = rng_below(&r, 6) + (it % 10 == 0 ? 0 : 1);
		char *said = NULL;
		size_t said_len = 0;
		FILE *f, *diag;
		struct config cfg;
		struct error err = { 0 };
		bool ok;

		memcpy(b.data, from->data, from->len);
		for (size_t m = 0; m < n; m++) {
			mutate(&r, &b, fragments,
			    sizeof fragments / sizeof fragments[0]);
		}
		f = fopen(path, "wb");
		if (f == NULL || fwrite(b.data, 1, b.len, f) != b.len ||
		    fclose(f) != 0) {
			return 2;
		}
		diag = open_memstream(&said, &said_len);
		config_init(&cfg);
		ok = config_load(&cfg, path, diag, &err);
		config_finish(&cfg);
		fclose(diag);
		accepted += ok;
		refused += !ok;
		if (ok && said_len > 0) {
			fprintf(stderr,
			    "fuzz_config: seed %" PRIu64
			    ", iteration %d: accepted, yet said: %s",
			    seed, it, said);
			failures++;
		} else if (!ok && !message_ok(err.msg, path, count_lines(&b))) {
			fprintf(stderr,
			    "fuzz_config: seed %" PRIu64
			    ", iteration %d: refused with '%s'\n",
			    seed, it, err.msg);
			failures++;
		}
		free(said);
		free(b.data);
	}
	unlink(path);
	rmdir(dir);
	for (size_t i = 0; i < nseeds; i++) {
		free(seeds[i].data);
	}
	printf("fuzz_config: seed %" PRIu64 ", %d mutated files: %d "
	       "accepted, %d refused, %d failures\n",
	    seed, iterations, accepted, refused, failures);
	if (accepted == 0 || refused == 0) {
		fprintf(stderr, "fuzz_config: every file had the same fate\n");
		return 1;
	}
	return failures > 0 ? 1 : 0;
}
