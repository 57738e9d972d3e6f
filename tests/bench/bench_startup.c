/*
 * Benchmark: time and peak memory from the start of the kiosk to its first
 * screen drawn, with 100,000 records in the database, against the same
 * with an empty database, measured in the same run.
 *
 * usage: bench_startup PARVIS SOURCE_DIR [RECORDS] [RUNS]
 *
 * The database is filled through the store's own store_submit() with
 * answers to a shipped consultation, so the records are real ones.  The
 * kiosk runs a one-step script (dump the first screen) and exits; the
 * figure is the wall time of that process and its peak resident memory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "answer.h"
#include "clock.h"
#include "form.h"
#include "ids.h"
#include "store.h"

struct run {
	double seconds;
	long max_rss_kib;
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f == NULL || fputs(text, f) == EOF || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

static void
write_config(const char *dir, const char *src, const char *db)
{
	char path[4096], text[8192];

	snprintf(text, sizeof text,
	    "[kiosk]\nid = bench\nforms = %s/forms\n"
	    "database = %s/%s\ncommunes = %s/data/communes.csv\n",
	    src, dir, db, src);
	snprintf(path, sizeof path, "%s/%s.ini", dir, db);
	write_file(path, text);
}

/* Fills the database with n completed submissions of form. */
static void
fill(const char *path, const struct form *form, long n)
{
	struct error err;
	struct store *s = store_open(path, "bench", &err);
	struct answer *answers = calloc(form->nquestions, sizeof *answers);
	char receipt[IDS_RECEIPT_LEN + 1];

	if (s == NULL || answers == NULL) {
		fprintf(stderr, "bench_startup: %s\n", err.msg);
		exit(1);
	}
	answer_set(&answers[form_find_question(form, "frequence")], "hebdo");
	answer_set(&answers[form_find_question(form, "idee")],
	    "Un bus le dimanche matin pour aller au marché");
	for (long i = 0; i < n; i++) {
		struct store_submission sub = { .form = form,
			.answers = answers,
			.completed = true,
			.mode = "self",
			.receipt = receipt,
			.started_ms = clock_now_ms() };
		struct store_written w;
		ids_receipt(receipt);
		if (!store_submit(s, &sub, &w, &err)) {
			fprintf(stderr, "bench_startup: %s\n", err.msg);
			exit(1);
		}
	}
	for (size_t i = 0; i < form->nquestions; i++) {
		answer_clear(&answers[i]);
	}
	free(answers);
	store_destroy(s);
}

static struct run
start_kiosk(const char *parvis, const char *dir, const char *db)
{
	char config[4096], script[4096];
	struct rusage ru;
	struct run r;
	int status;
	double t0 = now();
	pid_t pid;

	snprintf(config, sizeof config, "%s/%s.ini", dir, db);
	snprintf(script, sizeof script, "%s/script.txt", dir);
	pid = fork();
	if (pid == 0) {
		setenv("PARVIS_SCRIPT", script, 1);
		setenv("PARVIS_DUMP_DIR", dir, 1);
		execl(parvis, parvis, "--config", config, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		fprintf(stderr, "bench_startup: the kiosk failed on %s\n", db);
		exit(1);
	}
	r.seconds = now() - t0;
	r.max_rss_kib = ru.ru_maxrss;
	return r;
}

static int
compare_runs(const void *a, const void *b)
{
	double x = ((const struct run *)a)->seconds;
	double y = ((const struct run *)b)->seconds;

	return (x > y) - (x < y);
}

/* Median time and largest peak memory over runs. */
static struct run
measure(const char *parvis, const char *dir, const char *db, int runs)
{
	struct run *r = calloc((size_t)runs, sizeof *r);
	struct run out = { 0 };

	for (int i = 0; i < runs; i++) {
		r[i] = start_kiosk(parvis, dir, db);
		if (r[i].max_rss_kib > out.max_rss_kib) {
			out.max_rss_kib = r[i].max_rss_kib;
		}
	}
	qsort(r, (size_t)runs, sizeof *r, compare_runs);
	out.seconds = r[runs / 2].seconds;
	free(r);
	return out;
}

int
main(int argc, char **argv)
{
	const char *parvis, *src;
	long records = argc > 3 ? atol(argv[3]) : 100000;
	int runs = argc > 4 ? atoi(argv[4]) : 7;
	/* tmpfs when there is one: filling stays quick, and the figure is
	 * the kiosk's own work, not the disk's. */
	char dir[] = "/dev/shm/parvis-bench-XXXXXX";
	char path[4096];
	struct form_diags diags = { 0 };
	struct form *form;
	struct run empty, full;
	double t0;

	if (argc < 3 || !ids_init()) {
		fprintf(stderr,
		    "usage: bench_startup PARVIS SOURCE_DIR "
		    "[RECORDS] [RUNS]\n");
		return 2;
	}
	parvis = argv[1];
	src = argv[2];
	snprintf(path, sizeof path, "%s/forms/transport-dignois.ini", src);
	form = form_parse_file(path, &diags);
	if (access("/dev/shm", W_OK) != 0) {
		memcpy(dir, "/tmp/parvis-bench-XXXXXX",
		    sizeof "/tmp/parvis-bench-XXXXXX");
	}
	if (form == NULL || mkdtemp(dir) == NULL) {
		fprintf(stderr, "bench_startup: cannot set up\n");
		return 1;
	}
	write_config(dir, src, "empty");
	write_config(dir, src, "full");
	snprintf(path, sizeof path, "%s/script.txt", dir);
	write_file(path, "dump first-screen\n");
	snprintf(path, sizeof path, "%s/full", dir);
	t0 = now();
	fill(path, form, records);
	printf("filled %ld records in %.1f s (%.0f submissions/s, durable)\n",
	    records, now() - t0, records / (now() - t0));
	snprintf(path, sizeof path, "%s/empty", dir);
	fill(path, form, 0);
	empty = measure(parvis, dir, "empty", runs);
	full = measure(parvis, dir, "full", runs);
	printf(
	    "start to first screen, empty database:   %7.1f ms, peak %ld KiB\n",
	    empty.seconds * 1e3, empty.max_rss_kib);
	printf("start to first screen, %ld records: %7.1f ms, peak %ld KiB\n",
	    records, full.seconds * 1e3, full.max_rss_kib);
	printf("ratio (full / empty): time %.2f, memory %.2f\n",
	    full.seconds / empty.seconds,
	    (double)full.max_rss_kib / (double)empty.max_rss_kib);
	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	if (system(path) != 0) {
		fprintf(stderr, "bench_startup: could not remove %s\n", dir);
	}
	form_destroy(form);
	form_diags_finish(&diags);
	return 0;
}
