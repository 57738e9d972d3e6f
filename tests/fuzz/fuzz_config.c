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
	nseeds = load_seeds(argv + 3, argc - 3, seeds, 32, 1 << 20);
	if (nseeds == 0) {
		return 2;
	}
	if (mkdtemp(dir) == NULL) {
		return 2;
	}
	snprintf(path, sizeof path, "%s/kiosk.ini", dir);
	r.s = seed * 2654435761u + 1;
	for (int it = 0; it < iterations && failures < 20; it++) {
		const struct buf *from = &seeds[rng_below(&r, nseeds)];
		size_t n = rng_below(&r, 6) + (it % 10 == 0 ? 0 : 1);
		struct buf b = mutated_copy(&r, from, n, fragments,
		    sizeof fragments / sizeof fragments[0]);
		char *said = NULL;
		size_t said_len = 0;
		FILE *f, *diag;
		struct config cfg;
		struct error err = { 0 };
		bool ok;

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
		} else if (!ok && !names_a_line(err.msg, path, buf_lines(&b))) {
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
