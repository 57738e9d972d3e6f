/*
 * The form parser under mutated files: the shipped consultations (with
 * their [testimony] section) and the authors'-mistakes fixtures, changed
 * thousands of times the way a hurried edit or a bad copy changes them.
 * Whatever the bytes, form_parse() returns a form or says why not, never
 * both and never neither; every message names the file and a line that
 * exists; a form it accepts holds what the rest of parvis relies on; and
 * under ASan nothing leaks or overflows.
 *
 * usage: fuzz_form SEED ITERATIONS FILE.ini...
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "form.h"
#include "form_checks.h"
#include "mutate.h"

static const char *const fragments[] = {
	"[form]\n",
	"[testimony]\n",
	"[question x]\n",
	"[question age]\n",
	"[testimony extra]\n",
	"type = choice\n",
	"type = choices\n",
	"type = scale\n",
	"type = commune\n",
	"option = a | A\n",
	"option.en = a | A\n",
	"option = autre | Autre\n",
	"tag = a | A\n",
	"tag.en = zz | Z\n",
	"question = Et vous ?\n",
	"question.en = And you?\n",
	"when = frequence = hebdo\n",
	"when = age >= 18\n",
	"when = x in a, b\n",
	"other = yes\n",
	"max = 0\n",
	"min = -999999999999999999\n",
	"required = peut-être\n",
	"  continued\n",
	"id = x\n",
	"version = 99999999999999999999\n",
	"prompt = \xe2\x80\xae\n",
	"help = \x1b[31m\n",
	"\xef\xbb\xbf",
	";",
	" ; comment\n",
	"|",
};

static int failures;
static int accepted, refused; /* both must happen: else the run proved
			       * little */

static void
report(uint64_t seed, int iteration, const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_form: seed %" PRIu64 ", iteration %d: %s%s%s\n",
	    seed, iteration, what, detail != NULL ? ": " : "",
	    detail != NULL ? detail : "");
	failures++;
}

static void
check_one(uint64_t seed, int iteration, const struct buf *b)
{
	struct form_diags d = { 0 };
	struct form *f = form_parse("f.ini", b->data, b->len, &d);
	size_t lines = buf_lines(b);
	const char *broken;

	if ((f == NULL) == (d.count == 0)) {
		report(seed, iteration,
		    f == NULL ? "refused without a reason"
		              : "accepted with problems",
		    d.count > 0 ? d.items[0].text : NULL);
	}
	for (size_t i = 0; i < d.count; i++) {
		if (!names_a_line(d.items[i].text, "f.ini", lines) &&
		    strstr(d.items[i].text, "left out") == NULL) {
			report(seed, iteration, "a message without its line",
			    d.items[i].text);
		}
	}
	accepted += f != NULL;
	refused += f == NULL;
	if (f != NULL && (broken = form_broken(f)) != NULL) {
		report(seed, iteration, "accepted a broken form", broken);
	}
	form_destroy(f);
	form_diags_finish(&d);
}

int
main(int argc, char **argv)
{
	struct buf seeds[64];
	size_t nseeds = 0;
	struct rng r;
	uint64_t seed;
	int iterations;

	if (argc < 4) {
		fprintf(
		    stderr, "usage: fuzz_form SEED ITERATIONS FILE.ini...\n");
		return 2;
	}
	seed = strtoull(argv[1], NULL, 10);
	iterations = atoi(argv[2]);
	nseeds = load_seeds(argv + 3, argc - 3, seeds, 64, FORM_MAX_BYTES);
	if (nseeds == 0) {
		return 2;
	}
	r.s = seed * 2654435761u + 1;
	for (int it = 0; it < iterations && failures < 20; it++) {
		const struct buf *from = &seeds[rng_below(&r, nseeds)];
		size_t n = rng_below(&r, 8) + 1;
		struct buf b = mutated_copy(&r, from, n, fragments,
		    sizeof fragments / sizeof fragments[0]);

		check_one(seed, it, &b);
		free(b.data);
	}
	for (size_t i = 0; i < nseeds; i++) {
		free(seeds[i].data);
	}
	printf("fuzz_form: seed %" PRIu64 ", %d mutated files: %d accepted, "
	       "%d refused, %d failures\n",
	    seed, iterations, accepted, refused, failures);
	if (accepted == 0 || refused == 0) {
		fprintf(stderr, "fuzz_form: every file had the same fate\n");
		return 1;
	}
	return failures > 0 ? 1 : 0;
}
