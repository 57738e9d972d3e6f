/*
 * How many durable submissions per second the kiosk's store commits, and
 * what it costs over the least SQLite can do for the same durability.
 *
 * Two runs in the same directory, one after the other:
 *   store  store_submit() of a realistic participant (nine questions), with
 *          the store's real pragmas: WAL, synchronous=FULL, one
 *          transaction per submission (payload built by SQLite's JSON
 *          functions, form text checked, chain hash, insert)
 *   plain  the very line bytes the first run froze, inserted with one
 *          prepared INSERT per transaction, same pragmas, no JSON, no hash
 * Both wait for the disk at every COMMIT, so the ratio says how much of a
 * submission's time is parvis and how much is the fsync.
 *
 * usage: bench_submit [COUNT] [DIR]
 *   COUNT  submissions per run; by default as many as the store commits
 *          in about four seconds
 *   DIR    where the temporary databases go (default: the current
 *          directory, which should be on the kiosk's real disk: /tmp may
 *          be a tmpfs where fsync costs nothing)
 */
#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "fixture.h"
#include "ids.h"
#include "store.h"

#define DEFAULT_SECONDS 4.0
#define DEFAULT_MAX 100000

struct lines {
	char **items;
	size_t n;
	size_t cap;
};

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of the process so far (user + system), in seconds. */
static double
cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
answer(struct fixture *fx)
{
	fixture_answer(fx, FX_FREQUENCE, "hebdo", NULL);
	fixture_answer(fx, FX_FREINS, "horaires", "prix", NULL);
	fx->answers[FX_FREINS].other = strdup("Les bus sont pleins le matin");
	fixture_answer(fx, FX_NOTE, "3", NULL);
	fixture_answer(fx, FX_AGE, "37", NULL);
	fixture_answer(fx, FX_PRIORITES, "soir", "ecoles", "dimanche", NULL);
	fixture_answer(fx, FX_AVIS,
	    "Un bus après 20 h pour rentrer du "
	    "travail, et des horaires affichés aux arrêts.",
	    NULL);
	fixture_answer(fx, FX_COMMUNE, "04070", NULL);
	fixture_answer(fx, FX_ACCORD, "non", NULL);
}

/* Runs store_submit count times (or for DEFAULT_SECONDS when count is
 * 0); returns how many, and the seconds taken in *secs. */
static size_t
run_store(struct store *s, struct fixture *fx, size_t count, double *secs)
{
	struct store_submission sub = fixture_submission(fx, true, 0);
	struct error err = { 0 };
	size_t limit = count > 0 ? count : DEFAULT_MAX;
	double start = now_s();
	size_t n = 0;

	sub.started_ms = clock_now_ms() - 120000;
	while (n < limit && (count > 0 || now_s() - start < DEFAULT_SECONDS)) {
		if (!store_submit(s, &sub, NULL, &err)) {
			fprintf(stderr, "store_submit: %s\n", err.msg);
			exit(1);
		}
		n++;
	}
	*secs = now_s() - start;
	return n;
}

static bool
keep_line(void *ctx, const struct store_row *row)
{
	struct lines *l = ctx;
	const char *line = row->line;
	size_t len = row->len;

	if (l->n == l->cap) {
		l->cap = l->cap > 0 ? l->cap * 2 : 1024;
		l->items = realloc(l->items, l->cap * sizeof *l->items);
		if (l->items == NULL) {
			exit(1);
		}
	}
	l->items[l->n] = malloc(len + 1);
	memcpy(l->items[l->n], line, len + 1);
	l->n++;
	return true;
}

static void
check(sqlite3 *db, int rc, const char *what)
{
	if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
		fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
		exit(1);
	}
}

/* Opens path with the store's pragmas and a plain records table. */
static sqlite3 *
plain_open(const char *path)
{
	sqlite3 *db = NULL;

	check(db, sqlite3_open(path, &db), path);
	check(db,
	    sqlite3_exec(db,
	        "PRAGMA journal_mode=WAL;"
	        "PRAGMA synchronous=FULL;PRAGMA foreign_keys=ON;"
	        "PRAGMA trusted_schema=OFF;"
	        "CREATE TABLE records (seq INTEGER PRIMARY KEY, "
	        "line TEXT NOT NULL) STRICT;",
	        NULL, NULL, NULL),
	    path);
	return db;
}

/* Inserts every line, one transaction each; returns the seconds. */
static double
run_plain(sqlite3 *db, const struct lines *l)
{
	sqlite3_stmt *ins = NULL;
	double start = now_s();

	check(db,
	    sqlite3_prepare_v2(db,
	        "INSERT INTO records (seq, line) "
	        "VALUES (?1, ?2)",
	        -1, &ins, NULL),
	    "prepare");
	for (size_t i = 0; i < l->n; i++) {
		check(db, sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL),
		    "BEGIN");
		sqlite3_bind_int64(ins, 1, (sqlite3_int64)i + 1);
		sqlite3_bind_text(ins, 2, l->items[i], -1, SQLITE_STATIC);
		check(db, sqlite3_step(ins), "INSERT");
		sqlite3_reset(ins);
		check(
		    db, sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), "COMMIT");
	}
	sqlite3_finalize(ins);
	return now_s() - start;
}

static void
remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096 + 300];

	if (d == NULL) {
		return;
	}
	e = readdir(d);
	while (e != NULL) {
		if (e->d_name[0] != '.') {
			snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
			unlink(path);
		}
		e = readdir(d);
	}
	closedir(d);
	rmdir(dir);
}

static void
report(const char *name, size_t n, double secs, double cpu)
{
	printf("%-14s %6zu submissions in %6.2f s: %8.1f per second "
	       "(%7.1f us each, %6.1f us of CPU)\n",
	    name, n, secs, (double)n / secs, secs * 1e6 / (double)n,
	    cpu * 1e6 / (double)n);
}

int
main(int argc, char **argv)
{
	size_t count = argc > 1 ? strtoul(argv[1], NULL, 10) : 0;
	char dir[4096], path[4096 + 32];
	struct fixture fx;
	struct lines lines = { 0 };
	struct error err = { 0 };
	struct store *s;
	double store_s, plain_s, store_cpu, plain_cpu;
	size_t n;
	sqlite3 *db;

	snprintf(dir, sizeof dir, "%s/bench-submit-XXXXXX",
	    argc > 2 ? argv[2] : ".");
	if (!ids_init() || mkdtemp(dir) == NULL) {
		perror(dir);
		return 1;
	}
	snprintf(path, sizeof path, "%s/store.db", dir);
	s = store_open(path, "bench", &err);
	if (s == NULL) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	fixture_init(&fx, 1);
	answer(&fx);
	store_cpu = cpu_s();
	n = run_store(s, &fx, count, &store_s);
	store_cpu = cpu_s() - store_cpu;
	if (!store_each_record(s, 0, 0, keep_line, &lines, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	store_destroy(s);
	snprintf(path, sizeof path, "%s/plain.db", dir);
	db = plain_open(path);
	plain_cpu = cpu_s();
	plain_s = run_plain(db, &lines);
	plain_cpu = cpu_s() - plain_cpu;
	sqlite3_close(db);

	printf("durable submissions (WAL, synchronous=FULL, one transaction "
	       "each), %zu-byte lines:\n",
	    strlen(lines.items[0]));
	report("store_submit", n, store_s, store_cpu);
	report("plain INSERT", lines.n, plain_s, plain_cpu);
	printf("ratio store/plain: %.2f of the plain rate (%.1f us of parvis "
	       "work per submission)\n",
	    plain_s / store_s, (store_s - plain_s) * 1e6 / (double)n);

	for (size_t i = 0; i < lines.n; i++) {
		free(lines.items[i]);
	}
	free(lines.items);
	fixture_finish(&fx);
	remove_dir(dir);
	return 0;
}
