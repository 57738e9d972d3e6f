/*
 * Ingest (sync/collector/ingest.c) against a temporary database file:
 * new records, duplicates, conflicts, chain mismatches and gaps, and every
 * kind of malformed batch, each refused with its line and nothing stored.
 * Record lines are frozen by src/record exactly as the kiosk freezes them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "clock.h"
#include "db.h"
#include "ids.h"
#include "ingest.h"
#include "kiosks.h"
#include "record.h"

#define NRECORDS 8

/* A kiosk's chain of frozen records, 1-based like seq. */
struct chain {
	char name[32];
	char *lines[NRECORDS + 1];
	char hashes[NRECORDS + 1][65];
};

struct env {
	char dir[64];
	char path[96];
	struct db *d;
	struct chain a; /* kiosk "kiosk-a", enrolled */
	struct chain b; /* kiosk "kiosk-b", enrolled */
	char body[16384];
	size_t len;
};

static void
make_chain(struct chain *c, const char *name)
{
	sqlite3 *mem = NULL;
	struct error err;

	snprintf(c->name, sizeof c->name, "%s", name);
	memcpy(c->hashes[0], RECORD_GENESIS, 65);
	assert_int_equal(sqlite3_open(":memory:", &mem), SQLITE_OK);
	for (int64_t seq = 1; seq <= NRECORDS; seq++) {
		char uuid[37];
		struct record_meta m = {
			.uuid = uuid,
			.kiosk = name,
			.seq = seq,
			.type = "submission",
			.created_at = "2026-11-25T09:30:00.000Z",
			.site = seq % 2 ? "marche-digne" : NULL,
			.mode = "self",
		};

		/* The last two: testimonies, with a consultation's
		 * [testimony] section and without one. */
		const char *payload =
		    "{\"form\":\"bus\","
		    "\"version\":1,\"answers\":{\"q\":\"oui\"}}";

		if (seq == NRECORDS - 1) {
			m.type = "testimony";
			m.mode = "volunteer";
			payload = "{\"form\":\"bus\",\"version\":1,"
			          "\"words\":\"Oui\",\"quote\":\"anonymous\","
			          "\"tags\":[\"horaires\"]}";
		} else if (seq == NRECORDS) {
			m.type = "testimony";
			m.mode = "volunteer";
			payload = "{\"words\":\"Non\",\"quote\":\"private\"}";
		}
		ids_uuid(uuid);
		assert_true(
		    record_freeze(mem, &m, payload, &c->lines[seq], &err));
		record_chain_hash(c->hashes[seq - 1], c->lines[seq],
		    strlen(c->lines[seq]), c->hashes[seq]);
	}
	sqlite3_close(mem);
}

static int
setup(void **state)
{
	struct env *e = calloc(1, sizeof *e);
	char token[KIOSKS_TOKEN_LEN + 1];
	struct error err;

	assert_non_null(e);
	assert_true(ids_init());
	clock_set(1795000000000);
	snprintf(e->dir, sizeof e->dir, "/tmp/test_ingest.XXXXXX");
	assert_non_null(mkdtemp(e->dir));
	snprintf(e->path, sizeof e->path, "%s/collect.db", e->dir);
	e->d = db_open(e->path, &err);
	assert_non_null(e->d);
	assert_true(kiosks_add(e->d, "kiosk-a", token, &err));
	assert_true(kiosks_add(e->d, "kiosk-b", token, &err));
	make_chain(&e->a, "kiosk-a");
	make_chain(&e->b, "kiosk-b");
	*state = e;
	return 0;
}

static int
teardown(void **state)
{
	struct env *e = *state;
	char cmd[128];

	db_destroy(e->d);
	for (int i = 1; i <= NRECORDS; i++) {
		free(e->a.lines[i]);
		free(e->b.lines[i]);
	}
	snprintf(cmd, sizeof cmd, "rm -rf %s", e->dir);
	assert_int_equal(system(cmd), 0);
	free(e);
	return 0;
}

static void appendf(struct env *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
appendf(struct env *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	e->len += (size_t)vsnprintf(
	    e->body + e->len, sizeof e->body - e->len, fmt, ap);
	va_end(ap);
	assert_true(e->len < sizeof e->body);
}

/* The header of records first..last of c, as the kiosk writes it. */
static void
header(struct env *e, const struct chain *c, int first, int last)
{
	e->len = 0;
	appendf(e,
	    "{\"protocol\":1,\"kiosk\":\"%s\",\"first_seq\":%d,"
	    "\"last_seq\":%d,\"count\":%d,\"prev_hash\":\"%s\","
	    "\"last_hash\":\"%s\"}\n",
	    c->name, first, last, last - first + 1, c->hashes[first - 1],
	    c->hashes[last]);
}

/* A whole, correct batch of records first..last of c. */
static void
batch(struct env *e, const struct chain *c, int first, int last)
{
	header(e, c, first, last);
	for (int seq = first; seq <= last; seq++) {
		appendf(e, "%s\n", c->lines[seq]);
	}
}

static enum ingest_status
send(struct env *e, const char *kiosk, struct ingest_result *res,
    struct error *err)
{
	return ingest_batch(e->d, kiosk, e->body, e->len, NULL, res, err);
}

static int64_t
count(struct env *e, const char *sql)
{
	int64_t n = -1;

	assert_true(db_int(e->d, sql, &n, NULL));
	return n;
}

static char *
kiosk_list(struct env *e)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct error err;

	assert_true(kiosks_list(e->d, f, &err));
	fclose(f);
	return buf;
}

static void
test_new_records_are_stored_byte_for_byte(void **state)
{
	struct env *e = *state;
	struct ingest_result res;
	struct error err;
	sqlite3_stmt *st;

	batch(e, &e->a, 1, NRECORDS);
	assert_int_equal(send(e, "kiosk-a", &res, &err), INGEST_OK);
	assert_int_equal(res.accepted, NRECORDS);
	assert_int_equal(res.duplicates, 0);
	assert_int_equal(res.acked_through, NRECORDS);
	assert_int_equal(sqlite3_prepare_v2(e->d->h,
	                     "SELECT seq, line, hash "
	                     "FROM records ORDER BY seq",
	                     -1, &st, NULL),
	    SQLITE_OK);
	for (int seq = 1; seq <= NRECORDS; seq++) {
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(st, 0), seq);
		assert_string_equal(
		    sqlite3_column_text(st, 1), e->a.lines[seq]);
		assert_string_equal(
		    sqlite3_column_text(st, 2), e->a.hashes[seq]);
	}
	sqlite3_finalize(st);
	assert_int_equal(count(e, "SELECT count(*) FROM chain_events"), 0);
	/* Submissions and testimonies are filed under their consultation. */
	assert_int_equal(count(e,
	                     "SELECT count(*) FROM records WHERE form_id = "
	                     "'bus' AND form_version = 1"),
	    NRECORDS - 1);
	assert_int_equal(count(e,
	                     "SELECT count(*) FROM records WHERE type = "
	                     "'testimony' AND form_id IS NULL"),
	    1);
}

static void
test_same_batch_twice_counts_duplicates(void **state)
{
	struct env *e = *state;
	struct ingest_result res;
	struct error err;

	batch(e, &e->a, 1, 4);
	assert_int_equal(send(e, "kiosk-a", &res, &err), INGEST_OK);
	batch(e, &e->a, 1, 6);
	assert_int_equal(send(e, "kiosk-a", &res, &err), INGEST_OK);
	assert_int_equal(res.accepted, 2);
	assert_int_equal(res.duplicates, 4);
	assert_int_equal(res.acked_through, 6);
	assert_int_equal(count(e, "SELECT count(*) FROM records"), 6);
	assert_int_equal(count(e, "SELECT count(*) FROM chain_events"), 0);
}

/* Record 3 comes again with other bytes (another answer), among new
 * records: the whole batch is refused. */
static void
test_conflict_refuses_the_whole_batch(void **state)
{
	struct env *e = *state;
	struct ingest_result res;
	struct error err;
	char *changed;

	batch(e, &e->a, 1, 3);
	assert_int_equal(send(e, "kiosk-a", &res, &err), INGEST_OK);
	changed = e->a.lines[3];
	e->a.lines[3] = strdup(changed);
	*strstr(e->a.lines[3], "oui") = 'O';
	batch(e, &e->a, 1, 6);
	assert_int_equal(send(e, "kiosk-a", &res, &err), INGEST_CONFLICT);
	assert_non_null(strstr(err.msg, "line 4: record "));
	assert_non_null(strstr(err.msg, "nothing of this batch"));
	assert_int_equal(res.accepted, 0);
	assert_int_equal(count(e, "SELECT count(*) FROM records"), 3);
	assert_int_equal(count(e, "SELECT count(*) FROM chain_events"), 0);
	free(e->a.lines[3]);
	e->a.lines[3] = changed;
}

/* A seq already held under another uuid is a conflict too. */
static void
test_same_seq_other_uuid_is_a_conflict(void **state)
{
	struct env *e = *state;
	struct ingest_result res;
	struct error err;

	batch(e, &e->a, 1, 2);
	assert_int_equal(send(e, "kiosk-a", &res, &err), INGEST_OK);
	/* kiosk-b's chain, renamed: same seqs, other uuids. */
	for (int i = 1; i <= NRECORDS; i++) {
		free(e->b.lines[i]);
	}
	make_chain(&e->b, "kiosk-a");
	batch(e, &e->b, 1, 2);
	assert_int_equal(send(e, "kiosk-a", &res, &err), INGEST_CONFLICT);
	assert_non_null(strstr(err.msg, "line 2: "));
	assert_int_equal(count(e, "SELECT count(*) FROM records"), 2);
	for (int i = 1; i <= NRECORDS; i++) {
		free(e->b.lines[i]);
	}
	make_chain(&e->b, "kiosk-b");
}

/* One byte of record 5 changed after it was frozen, the hashes of the
 * header kept: stored, and the break recorded and shown. */
static void
test_altered_line_is_a_chain_mismatch(void **state)
{
	struct env *e = *state;
	struct ingest_result res;
	struct error err;
	char *list;

	*strstr(e->a.lines[5], "oui") = 'n';
	batch(e, &e->a, 1, NRECORDS);
	assert_int_equal(send(e, "kiosk-a", &res, &err), INGEST_OK);
	assert_int_equal(res.accepted, NRECORDS);
	assert_int_equal(res.mismatches, 1);
	assert_int_equal(
	    count(e,
	        "SELECT count(*) FROM chain_events WHERE "
	        "kind = 'mismatch' AND seq_from = 1 AND seq_to = 8"),
	    1);
	list = kiosk_list(e);
	assert_non_null(strstr(list, "mismatch in seq 1-8"));
	free(list);
	/* Sent again: duplicates, and the same break is not counted twice. */
	assert_int_equal(send(e, "kiosk-a", &res, &err), INGEST_OK);
	assert_int_equal(res.duplicates, NRECORDS);
	assert_int_equal(res.mismatches, 0);
	assert_int_equal(count(e, "SELECT count(*) FROM chain_events"), 1);
}

/* A batch whose prev_hash is not the collector's hash of first_seq - 1. */
static void
test_prev_hash_mismatch(void **state)
{
	struct env *e = *state;
	struct ingest_result res;
	struct error err;
	char *list;

	batch(e, &e->a, 1, 3);
	assert_int_equal(send(e, "kiosk-a", &res, &err), INGEST_OK);
	memcpy(e->a.hashes[3], e->b.hashes[3], 64); /* a forged link */
	batch(e, &e->a, 4, 6);
	assert_int_equal(send(e, "kiosk-a", &res, &err), INGEST_OK);
	assert_int_equal(res.accepted, 3);
	assert_true(res.mismatches >= 1);
	list = kiosk_list(e);
	assert_non_null(strstr(list, "mismatch at seq 4"));
	free(list);
}

/* Records 4 and 5 missing: a gap, recorded and shown until they come. */
static void
test_gap_is_recorded_and_shown(void **state)
{
	struct env *e = *state;
	struct ingest_result res;
	struct error err;
	char *list;

	batch(e, &e->a, 1, 3);
	assert_int_equal(send(e, "kiosk-a", &res, &err), INGEST_OK);
	batch(e, &e->a, 6, 8);
	assert_int_equal(send(e, "kiosk-a", &res, &err), INGEST_OK);
	assert_int_equal(res.accepted, 3);
	assert_int_equal(res.gaps, 1);
	assert_int_equal(count(e,
	                     "SELECT count(*) FROM chain_events WHERE "
	                     "kind = 'gap' AND seq_from = 4 AND seq_to = 5"),
	    1);
	list = kiosk_list(e);
	assert_non_null(strstr(list, "gap at seq 4"));
	free(list);
	batch(e, &e->a, 4, 5);
	assert_int_equal(send(e, "kiosk-a", &res, &err), INGEST_OK);
	assert_int_equal(res.mismatches, 0);
	list = kiosk_list(e);
	assert_non_null(strstr(list, "       8  ok"));
	free(list);
}

/* Each malformed batch: its status, the start of its message, and
 * nothing stored. */
static void
expect_refused(
    struct env *e, const char *kiosk, enum ingest_status want, const char *msg)
{
	struct ingest_result res;
	struct error err = { 0 };

	assert_int_equal(send(e, kiosk, &res, &err), want);
	if (strncmp(err.msg, msg, strlen(msg)) != 0) {
		fail_msg("message \"%s\", expected \"%s...\"", err.msg, msg);
	}
	assert_int_equal(count(e, "SELECT count(*) FROM records"), 0);
}

static void
test_malformed_headers(void **state)
{
	struct env *e = *state;

	e->len = 0;
	expect_refused(e, "kiosk-a", INGEST_BAD, "line 1: the body is empty");
	batch(e, &e->a, 1, 2);
	memcpy(e->body, "[", 1);
	expect_refused(e, "kiosk-a", INGEST_BAD, "line 1: not valid JSON");
	e->len = 0;
	appendf(e, "[1,2]\n%s\n", e->a.lines[1]);
	expect_refused(e, "kiosk-a", INGEST_BAD, "line 1: not a JSON object");
	batch(e, &e->a, 1, 2);
	memcpy(strstr(e->body, "\"count\":2"), "\"count\":3", 9);
	expect_refused(e, "kiosk-a", INGEST_BAD,
	    "line 1: count 3 does not "
	    "match first_seq 1 to last_seq 2");
	batch(e, &e->a, 1, 2);
	memcpy(strstr(e->body, "\"protocol\":1"), "\"protocol\":2", 12);
	expect_refused(e, "kiosk-a", INGEST_BAD, "line 1: protocol 2");
	batch(e, &e->a, 1, 2);
	memcpy(strstr(e->body, "\"first_seq\""), "\"first_sex\"", 11);
	expect_refused(e, "kiosk-a", INGEST_BAD,
	    "line 1: header field "
	    "\"first_seq\" is missing");
	batch(e, &e->a, 1, 2);
	memcpy(strstr(e->body, "\"prev_hash\":\"0"), "\"prev_hash\":\"X", 14);
	expect_refused(e, "kiosk-a", INGEST_BAD, "line 1: prev_hash is not");
	/* The largest seq leaves none after it, where ingest looks for a
	 * gap being filled (the libFuzzer target's overflow). */
	e->len = 0;
	appendf(e,
	    "{\"protocol\":1,\"kiosk\":\"kiosk-a\","
	    "\"first_seq\":9223372036854775807,"
	    "\"last_seq\":9223372036854775807,\"count\":1,"
	    "\"prev_hash\":\"%s\",\"last_hash\":\"%s\"}\n%s\n",
	    e->a.hashes[0], e->a.hashes[1], e->a.lines[1]);
	expect_refused(e, "kiosk-a", INGEST_BAD,
	    "line 1: last_seq 9223372036854775807 leaves no seq after it");
}

static void
test_line_counts_and_newlines(void **state)
{
	struct env *e = *state;

	header(e, &e->a, 1, 3);
	appendf(e, "%s\n%s\n", e->a.lines[1], e->a.lines[2]);
	expect_refused(e, "kiosk-a", INGEST_BAD,
	    "line 4: the body ends after "
	    "2 record lines");
	batch(e, &e->a, 1, 2);
	appendf(e, "%s\n", e->a.lines[3]);
	expect_refused(e, "kiosk-a", INGEST_BAD,
	    "line 4: one record line "
	    "more");
	batch(e, &e->a, 1, 2);
	e->len--;
	expect_refused(e, "kiosk-a", INGEST_BAD,
	    "line 3: the last line does "
	    "not end with a newline");
	header(e, &e->a, 1, 2);
	appendf(e, "%s\n\n%s\n", e->a.lines[1], e->a.lines[2]);
	expect_refused(e, "kiosk-a", INGEST_BAD, "line 3: empty line");
}

static void
test_bad_record_lines_name_their_line(void **state)
{
	struct env *e = *state;

	header(e, &e->a, 1, 3);
	appendf(e, "%s\n{\"uuid\":\n%s\n", e->a.lines[1], e->a.lines[3]);
	expect_refused(e, "kiosk-a", INGEST_BAD, "line 3: not valid JSON");
	header(e, &e->a, 1, 2);
	appendf(
	    e, "%s\n{\"kiosk\":\"kiosk-a\",\"uuid\":\"x\"}\n", e->a.lines[1]);
	expect_refused(e, "kiosk-a", INGEST_BAD, "line 3: not a frozen record");
	header(e, &e->a, 1, 2);
	appendf(e, "%s\n%s\n", e->a.lines[1], e->a.lines[1]);
	expect_refused(e, "kiosk-a", INGEST_BAD,
	    "line 3: seq 1 where 2 was "
	    "expected");
	header(e, &e->a, 1, 1);
	appendf(
	    e, "%.*s\xff\"}\n", (int)strlen(e->a.lines[1]) - 2, e->a.lines[1]);
	expect_refused(e, "kiosk-a", INGEST_BAD, "line 2: not valid UTF-8");
}

static void
test_another_kiosks_records_are_forbidden(void **state)
{
	struct env *e = *state;

	/* kiosk-a's token, kiosk-b's batch. */
	batch(e, &e->b, 1, 2);
	expect_refused(e, "kiosk-a", INGEST_FORBIDDEN,
	    "line 1: the batch is "
	    "for kiosk \"kiosk-b\"");
	/* kiosk-a's header, a record of kiosk-b inside. */
	header(e, &e->a, 1, 2);
	appendf(e, "%s\n%s\n", e->a.lines[1], e->b.lines[2]);
	expect_refused(e, "kiosk-a", INGEST_FORBIDDEN,
	    "line 3: a record of "
	    "kiosk \"kiosk-b\"");
}

/* A bundle names its kiosk; it must be enrolled and not revoked. */
static void
test_bundle_kiosk_must_be_enrolled(void **state)
{
	struct env *e = *state;
	struct ingest_result res;
	struct error err;
	struct chain c;

	make_chain(&c, "kiosk-c");
	batch(e, &c, 1, 2);
	expect_refused(e, NULL, INGEST_FORBIDDEN,
	    "kiosk \"kiosk-c\" is not "
	    "enrolled");
	for (int i = 1; i <= NRECORDS; i++) {
		free(c.lines[i]);
	}
	batch(e, &e->b, 1, 2);
	assert_true(kiosks_revoke(e->d, "kiosk-b", &err));
	expect_refused(e, NULL, INGEST_FORBIDDEN,
	    "kiosk \"kiosk-b\" was "
	    "revoked");
	batch(e, &e->a, 1, 2);
	assert_int_equal(send(e, NULL, &res, &err), INGEST_OK);
	assert_string_equal(res.kiosk, "kiosk-a");
	assert_int_equal(res.accepted, 2);
}

/* The records are append-only, in the schema itself. */
static void
test_records_are_append_only(void **state)
{
	struct env *e = *state;
	struct ingest_result res;
	struct error err;

	batch(e, &e->a, 1, 2);
	assert_int_equal(send(e, "kiosk-a", &res, &err), INGEST_OK);
	assert_int_not_equal(sqlite3_exec(e->d->h,
	                         "UPDATE records SET line "
	                         "= 'x'",
	                         NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_not_equal(
	    sqlite3_exec(e->d->h, "DELETE FROM records", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(count(e, "SELECT count(*) FROM records"), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_new_records_are_stored_byte_for_byte),
		T(test_same_batch_twice_counts_duplicates),
		T(test_conflict_refuses_the_whole_batch),
		T(test_same_seq_other_uuid_is_a_conflict),
		T(test_altered_line_is_a_chain_mismatch),
		T(test_prev_hash_mismatch),
		T(test_gap_is_recorded_and_shown),
		T(test_malformed_headers),
		T(test_line_counts_and_newlines),
		T(test_bad_record_lines_name_their_line),
		T(test_another_kiosks_records_are_forbidden),
		T(test_bundle_kiosk_must_be_enrolled),
		T(test_records_are_append_only),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
