/*
 * The collector's ingest under mutated batches: a kiosk's real chain of
 * records (submissions, testimonies with tags and a commune, events)
 * sent as the protocol's body, then changed thousands of times — the
 * bytes a broken link, a buggy or hostile client may send.  Whatever
 * arrives, ingest_batch() answers with a status and, unless it stored the
 * batch, a reason and not one record more; what it stores is counted
 * exactly and is made of records; the database stays whole; under ASan
 * nothing leaks or overflows.  The uuids come from the seed too, so a
 * seed replays a run exactly.
 *
 * usage: fuzz_batch SEED ITERATIONS
 */
#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "db.h"
#include "ids.h"
#include "ingest.h"
#include "kiosks.h"
#include "mutate.h"
#include "record.h"

#define NRECORDS 12

static const char *const fragments[] = {
	"{",
	"}",
	"\"",
	"\\",
	"\\u0000",
	"\\ud800",
	",",
	":",
	"null",
	"[]",
	"1e999",
	"-1",
	"99999999999999999999",
	"\"seq\":",
	"\"type\":\"testimony\",",
	"\"kiosk\":\"kiosk-b\",",
	"\"uuid\":\"00000000-0000-4000-8000-000000000000\",",
	"\"payload\":{\"form\":7},",
	"{\"protocol\":1}\n",
	"{}\n",
	"\n",
	"\r\n",
	"\xc3\x28",
	"\xe2\x80\xae",
};

static const char *const payloads[] = {
	"{\"form\":\"marche\",\"version\":1,\"status\":\"completed\","
	"\"answers\":{\"q\":\"oui\",\"idee\":\"Des bancs « à l’ombre »\"}}",
	"{\"form\":\"marche\",\"version\":1,\"question\":\"Et vous ?\","
	"\"words\":\"Plus de vélos\",\"quote\":\"anonymous\",\"commune\":"
	"\"04209\",\"tags\":[\"velo\",\"bus\"]}",
	"{\"event\":\"site\",\"site\":\"marche-sisteron\",\"label\":\"Marché\"}",
};

struct chain {
	char *lines[NRECORDS + 1];
	char hashes[NRECORDS + 1][65];
};

static void
make_chain(struct chain *c, struct rng *r)
{
	static const char *const types[] = { "submission", "testimony",
		"event" };
	sqlite3 *mem = NULL;
	struct error err;

	memcpy(c->hashes[0], RECORD_GENESIS, 65);
	if (sqlite3_open(":memory:", &mem) != SQLITE_OK) {
		abort();
	}
	for (int64_t seq = 1; seq <= NRECORDS; seq++) {
		char uuid[37];
		struct record_meta m = {
			.uuid = uuid,
			.kiosk = "kiosk-a",
			.seq = seq,
			.type = types[seq % 3],
			.created_at = "2026-11-25T09:30:00.000Z",
			.site = seq % 2 ? "marche-sisteron" : NULL,
			.mode = seq % 3 == 1 ? "volunteer" : "self",
		};

		snprintf(uuid, sizeof uuid, "%08x-%04x-4%03x-8%03x-%012llx",
		    (unsigned)rng_next(r), (unsigned)(rng_next(r) & 0xffff),
		    (unsigned)(rng_next(r) & 0xfff),
		    (unsigned)(rng_next(r) & 0xfff),
		    (unsigned long long)(rng_next(r) & 0xffffffffffffULL));
		if (!record_freeze(
		        mem, &m, payloads[seq % 3], &c->lines[seq], &err)) {
			fprintf(stderr, "fuzz_batch: %s\n", err.msg);
			abort();
		}
		record_chain_hash(c->hashes[seq - 1], c->lines[seq],
		    strlen(c->lines[seq]), c->hashes[seq]);
	}
	sqlite3_close(mem);
}

/* The body of records first..last, as the kiosk sends it. */
static void
body(const struct chain *c, int first, int last, struct buf *b)
{
	char header[512];
	int n = snprintf(header, sizeof header,
	    "{\"protocol\":1,\"kiosk\":\"kiosk-a\",\"first_seq\":%d,"
	    "\"last_seq\":%d,\"count\":%d,\"prev_hash\":\"%s\","
	    "\"last_hash\":\"%s\"}\n",
	    first, last, last - first + 1, c->hashes[first - 1],
	    c->hashes[last]);

	b->len = 0;
	buf_insert(b, 0, header, (size_t)n);
	for (int seq = first; seq <= last; seq++) {
		buf_insert(b, b->len, c->lines[seq], strlen(c->lines[seq]));
		buf_insert(b, b->len, "\n", 1);
	}
}

static int64_t
records(struct db *d)
{
	int64_t n = -1;

	db_int(d, "SELECT count(*) FROM records", &n, NULL);
	return n;
}

int
main(int argc, char **argv)
{
	char dir[] = "/tmp/fuzz_batch.XXXXXX", path[64], cmd[96];
	char token[KIOSKS_TOKEN_LEN + 1];
	struct chain c;
	struct error err;
	struct rng r;
	struct db *d;
	uint64_t seed;
	int iterations, failures = 0, stored = 0, refused = 0;
	int64_t ok = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: fuzz_batch SEED ITERATIONS\n");
		return 2;
	}
	seed = strtoull(argv[1], NULL, 10);
	iterations = atoi(argv[2]);
	if (!ids_init() || mkdtemp(dir) == NULL) {
		return 2;
	}
	clock_set(1795000000000);
	snprintf(path, sizeof path, "%s/collect.db", dir);
	d = db_open(path, &err);
	if (d == NULL || !kiosks_add(d, "kiosk-a", token, &err) ||
	    !kiosks_add(d, "kiosk-b", token, &err)) {
		fprintf(stderr, "fuzz_batch: %s\n", err.msg);
		return 2;
	}
	r.s = seed * 2654435761u + 1;
	make_chain(&c, &r);
	for (int it = 0; it < iterations && failures < 20; it++) {
		struct buf b = { NULL, 0, 0 };
		struct ingest_result res;
		int first = (int)rng_below(&r, NRECORDS) + 1;
		int last = first + (int)rng_below(&r, NRECORDS - first + 1);
		/* One batch in ten goes as it is: a resend, whole or in part. */
		size_t n = it % 10 == 0 ? 0 : rng_below(&r, 6) + 1;
		int64_t before = records(d), after;
		enum ingest_status st;

		body(&c, first, last, &b);
		for (size_t m = 0; m < n; m++) {
			mutate(&r, &b, fragments,
			    sizeof fragments / sizeof fragments[0]);
		}
		err.msg[0] = '\0';
		st =
		    ingest_batch(d, "kiosk-a", b.data, b.len, NULL, &res, &err);
		after = records(d);
		if (st == INGEST_OK) {
			stored++;
			if (after != before + res.accepted) {
				fprintf(stderr,
				    "fuzz_batch: seed %" PRIu64
				    ", iteration %d: %" PRId64
				    " records more, %" PRId64 " said\n",
				    seed, it, after - before, res.accepted);
				failures++;
			}
		} else {
			refused++;
			if (after != before || err.msg[0] == '\0') {
				fprintf(stderr,
				    "fuzz_batch: seed %" PRIu64
				    ", iteration %d: status %d stored %" PRId64
				    " records, reason '%s'\n",
				    seed, it, (int)st, after - before, err.msg);
				failures++;
			}
		}
		free(b.data);
	}
	if (!db_int(d, "SELECT quick_check = 'ok' FROM pragma_quick_check", &ok,
	        &err) ||
	    ok != 1) {
		fprintf(stderr, "fuzz_batch: the database is damaged\n");
		failures++;
	}
	if (!db_int(d,
	        "SELECT count(*) FROM records WHERE NOT json_valid(line) "
	        "OR json_type(line, '$.payload') IS NOT 'object'",
	        &ok, &err) ||
	    ok != 0) {
		fprintf(stderr, "fuzz_batch: a stored line is not a record\n");
		failures++;
	}
	printf("fuzz_batch: seed %" PRIu64 ", %d mutated batches: %d stored, "
	       "%d refused, %" PRId64 " records held, %d failures\n",
	    seed, iterations, stored, refused, records(d), failures);
	db_destroy(d);
	for (int i = 1; i <= NRECORDS; i++) {
		free(c.lines[i]);
	}
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0) {
		failures++;
	}
	if (stored == 0 || refused == 0) {
		fprintf(stderr, "fuzz_batch: every batch had the same fate\n");
		return 1;
	}
	return failures > 0 ? 1 : 0;
}
