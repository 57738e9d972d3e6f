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
#include "published.h"
#include "purge.h"
#include "quarantine.h"
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

/* How many records of kiosk k count (not in quarantine, or accepted). */
static int64_t
counted(struct env *e, const char *k)
{
	char sql[128];

	snprintf(sql, sizeof sql,
	    "SELECT count(*) FROM counted_records WHERE kiosk = '%s'", k);
	return count(e, sql);
}

/* Record 3 comes again with other bytes (another answer) and its chain
 * made anew from there, as a kiosk restored from an old copy would send
 * it, among new records: the batch is taken, the new version kept, both
 * versions in quarantine and counted nowhere; the other records flow. */
static void
test_conflict_is_kept_in_quarantine(void **state)
{
	struct env *e = *state;
	struct ingest_result res;
	struct error err;
	char *changed, *list;

	batch(e, &e->a, 1, 3);
	assert_int_equal(send(e, "kiosk-a", &res, &err), INGEST_OK);
	changed = e->a.lines[3];
	e->a.lines[3] = strdup(changed);
	*strstr(e->a.lines[3], "oui") = 'O';
	for (int seq = 3; seq <= NRECORDS; seq++) {
		record_chain_hash(e->a.hashes[seq - 1], e->a.lines[seq],
		    strlen(e->a.lines[seq]), e->a.hashes[seq]);
	}
	batch(e, &e->a, 3, 6);
	assert_int_equal(send(e, "kiosk-a", &res, &err), INGEST_OK);
	assert_int_equal(res.accepted, 4);
	assert_int_equal(res.conflicts, 1);
	assert_int_equal(res.acked_through, 6);
	assert_int_equal(count(e, "SELECT count(*) FROM records"), 7);
	assert_int_equal(count(e,
	                     "SELECT count(*) FROM quarantine q JOIN records r"
	                     " ON r.id = q.record_id WHERE r.seq = 3"
	                     " AND q.reason = 'conflict'"),
	    2);
	assert_int_equal(counted(e, "kiosk-a"), 5); /* 1, 2, 4, 5, 6 */
	list = kiosk_list(e);
	assert_non_null(strstr(list, "conflict at seq 3"));
	assert_non_null(strstr(list, "2 in quarantine"));
	free(list);
	/* Sent again: a duplicate, no second event. */
	assert_int_equal(send(e, "kiosk-a", &res, &err), INGEST_OK);
	assert_int_equal(res.duplicates, 4);
	assert_int_equal(res.conflicts, 0);
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
	assert_int_equal(send(e, "kiosk-a", &res, &err), INGEST_OK);
	assert_int_equal(res.conflicts, 2);
	assert_int_equal(res.quarantined, 4);
	assert_int_equal(counted(e, "kiosk-a"), 0);
	for (int i = 1; i <= NRECORDS; i++) {
		free(e->b.lines[i]);
	}
	make_chain(&e->b, "kiosk-b");
}

/* kiosk-b's token sends kiosk-a's lines relabelled, keeping their uuids:
 * stored under kiosk-b, and both sides in quarantine with an impostor
 * event; kiosk-a's real sync afterwards is taken (it used to get 409 and
 * stop for good). */
static void
test_one_kiosk_cannot_squat_anothers_records(void **state)
{
	struct env *e = *state;
	struct ingest_result res;
	struct error err;
	char *list;

	for (int i = 1; i <= NRECORDS; i++) {
		char *at = strstr(e->b.lines[i], "\"uuid\":\"") + 8;

		memcpy(at, strstr(e->a.lines[i], "\"uuid\":\"") + 8, 36);
		record_chain_hash(e->b.hashes[i - 1], e->b.lines[i],
		    strlen(e->b.lines[i]), e->b.hashes[i]);
	}
	batch(e, &e->b, 1, 4);
	assert_int_equal(send(e, "kiosk-b", &res, &err), INGEST_OK);
	assert_int_equal(res.accepted, 4);
	batch(e, &e->a, 1, NRECORDS);
	assert_int_equal(send(e, "kiosk-a", &res, &err), INGEST_OK);
	assert_int_equal(res.accepted, NRECORDS);
	assert_int_equal(res.conflicts, 4);
	assert_int_equal(res.acked_through, NRECORDS);
	assert_int_equal(counted(e, "kiosk-a"), NRECORDS - 4);
	assert_int_equal(counted(e, "kiosk-b"), 0);
	assert_int_equal(count(e,
	                     "SELECT count(*) FROM chain_events WHERE kind ="
	                     " 'impostor' AND kiosk = 'kiosk-a'"),
	    4);
	list = kiosk_list(e);
	assert_non_null(strstr(list, "impostor at seq 1"));
	free(list);
	/* The uuid is scoped by kiosk: kiosk-a's lines are not duplicates
	 * of kiosk-b's. */
	assert_int_equal(
	    count(e, "SELECT count(DISTINCT kiosk) FROM records"), 2);
}

/* An admin decides: accepting one version is refused while the other
 * counts... and neither counts before; a decision is final and logged. */
static void
test_quarantine_decisions(void **state)
{
	struct env *e = *state;
	struct ingest_result res;
	struct error err;
	char *changed;
	int64_t old_id, new_id;

	batch(e, &e->a, 1, 3);
	assert_int_equal(send(e, "kiosk-a", &res, &err), INGEST_OK);
	changed = e->a.lines[3];
	e->a.lines[3] = strdup(changed);
	*strstr(e->a.lines[3], "oui") = 'O';
	batch(e, &e->a, 3, 3);
	assert_int_equal(send(e, "kiosk-a", &res, &err), INGEST_OK);
	old_id = count(e, "SELECT min(id) FROM records WHERE seq = 3");
	new_id = count(e, "SELECT max(id) FROM records WHERE seq = 3");
	assert_true(
	    quarantine_decide(e->d, old_id, true, "the original", &err));
	assert_int_equal(counted(e, "kiosk-a"), 3);
	assert_false(quarantine_decide(e->d, new_id, true, "", &err));
	assert_non_null(strstr(err.msg, "reject that one first"));
	assert_false(quarantine_decide(e->d, old_id, false, "", &err));
	assert_non_null(strstr(err.msg, "final"));
	assert_true(quarantine_decide(e->d, new_id, false, "forged", &err));
	assert_false(quarantine_decide(e->d, 1, true, "", &err));
	assert_non_null(strstr(err.msg, "not in quarantine"));
	assert_int_equal(counted(e, "kiosk-a"), 3);
	assert_int_equal(
	    count(e, "SELECT count(*) FROM quarantine_decisions"), 2);
	assert_int_not_equal(
	    sqlite3_exec(
	        e->d->h, "DELETE FROM quarantine_decisions", NULL, NULL, NULL),
	    SQLITE_OK);
	free(e->a.lines[3]);
	e->a.lines[3] = changed;
}

/* A line hiding bytes after a NUL (or any byte below 0x20) is refused,
 * naming its line: SQLite's json_valid() stops at the NUL. */
static void
test_hidden_bytes_are_refused(void **state)
{
	struct env *e = *state;
	struct ingest_result res;
	struct error err = { 0 };
	static const char hidden[] = ",\"payload\":\"hidden\"}";
	size_t at;

	batch(e, &e->a, 1, 2);
	at = e->len - 1; /* before the last newline */
	e->body[at] = '\0';
	memcpy(e->body + at + 1, hidden, sizeof hidden - 1);
	e->len = at + 1 + sizeof hidden - 1;
	e->body[e->len++] = '\n';
	assert_int_equal(send(e, "kiosk-a", &res, &err), INGEST_BAD);
	assert_non_null(strstr(err.msg, "line 3: byte 0x00 at column"));
	assert_int_equal(count(e, "SELECT count(*) FROM records"), 0);
	batch(e, &e->a, 1, 1);
	e->body[e->len - 3] = '\t';
	assert_int_equal(send(e, "kiosk-a", &res, &err), INGEST_BAD);
	assert_non_null(strstr(err.msg, "line 2: byte 0x09"));
}

/* The kiosk lost record 4 (deleted from its database): it sends 3 and
 * 5-8 declaring the hole, with the hash it holds for 5.  Stored, the gap
 * recorded with the kiosk's why and shown until acknowledged, and the
 * chain goes on: a next batch links without a mismatch. */
static void
test_declared_hole(void **state)
{
	struct env *e = *state;
	struct ingest_result res;
	struct error err;
	char *list;
	int64_t acked;

	batch(e, &e->a, 1, 2);
	assert_int_equal(send(e, "kiosk-a", &res, &err), INGEST_OK);
	e->len = 0;
	appendf(e,
	    "{\"protocol\":1,\"kiosk\":\"kiosk-a\",\"first_seq\":3,"
	    "\"last_seq\":6,\"count\":3,\"prev_hash\":\"%s\","
	    "\"last_hash\":\"%s\",\"missing\":[{\"from\":4,\"to\":4,"
	    "\"why\":\"deleted from the database\",\"next_hash\":\"%s\"}]}\n",
	    e->a.hashes[2], e->a.hashes[6], e->a.hashes[5]);
	appendf(e, "%s\n%s\n%s\n", e->a.lines[3], e->a.lines[5], e->a.lines[6]);
	assert_int_equal(send(e, "kiosk-a", &res, &err), INGEST_OK);
	assert_int_equal(res.accepted, 3);
	assert_int_equal(res.gaps, 1);
	assert_int_equal(res.mismatches, 0);
	assert_int_equal(res.quarantined, 0);
	assert_int_equal(count(e,
	                     "SELECT count(*) FROM chain_events WHERE kind ="
	                     " 'gap' AND seq_from = 4 AND seq_to = 4 AND why ="
	                     " 'deleted from the database'"),
	    1);
	list = kiosk_list(e);
	assert_non_null(strstr(list, "gap at seq 4 (kiosk: deleted from the"));
	free(list);
	batch(e, &e->a, 7, 8);
	assert_int_equal(send(e, "kiosk-a", &res, &err), INGEST_OK);
	assert_int_equal(res.mismatches, 0);
	assert_int_equal(counted(e, "kiosk-a"), 7);
	assert_true(kiosks_ack(e->d, "kiosk-a", &acked, &err));
	assert_int_equal(acked, 1);
	list = kiosk_list(e);
	assert_non_null(strstr(list, "       7  ok"));
	free(list);
	assert_true(kiosks_ack(e->d, "kiosk-a", &acked, &err));
	assert_int_equal(acked, 0);
}

/* Holes that do not fit the header are refused. */
static void
test_bad_holes(void **state)
{
	struct env *e = *state;
	static const char *const holes[][2] = {
		{ "\"missing\":{}", "header field \"missing\" is not" },
		{ "\"missing\":[4]", "missing[0] is not an object" },
		{ "\"missing\":[{\"from\":4,\"to\":3,\"why\":\"x\","
		  "\"next_hash\":\"H\"}]",
		    "missing[0] (4-3) is not a run" },
		{ "\"missing\":[{\"from\":4,\"to\":8,\"why\":\"x\","
		  "\"next_hash\":\"H\"}]",
		    "missing[0] (4-8) does not end before last_seq" },
		{ "\"missing\":[{\"from\":4,\"to\":4,\"why\":\"x\","
		  "\"next_hash\":\"zz\"}]",
		    "missing[0].next_hash is not" },
	};

	for (size_t i = 0; i < sizeof holes / sizeof holes[0]; i++) {
		const char *h = strstr(holes[i][0], "\"H\"");
		struct ingest_result res;
		struct error err = { 0 };
		int before = h != NULL ? (int)(h - holes[i][0]) + 1
		                       : (int)strlen(holes[i][0]);

		e->len = 0;
		appendf(e,
		    "{\"protocol\":1,\"kiosk\":\"kiosk-a\",\"first_seq\":1,"
		    "\"last_seq\":8,\"count\":7,\"prev_hash\":\"%s\","
		    "\"last_hash\":\"%s\",%.*s%s%s}\n",
		    e->a.hashes[0], e->a.hashes[8], before, holes[i][0],
		    h != NULL ? e->a.hashes[5] : "", h != NULL ? h + 2 : "");
		for (int seq = 1; seq <= NRECORDS; seq++) {
			if (seq != 4) {
				appendf(e, "%s\n", e->a.lines[seq]);
			}
		}
		assert_int_equal(send(e, "kiosk-a", &res, &err), INGEST_BAD);
		if (strncmp(err.msg, "line 1: ", 8) != 0 ||
		    strstr(err.msg, holes[i][1]) == NULL) {
			fail_msg("hole %zu: \"%s\"", i, err.msg);
		}
		assert_int_equal(count(e, "SELECT count(*) FROM records"), 0);
	}
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
	assert_non_null(strstr(list, "8 in quarantine"));
	free(list);
	/* Counted nowhere: the altered satisfaction stays out of the CSV. */
	assert_int_equal(counted(e, "kiosk-a"), 0);
	/* Sent again: duplicates, and the same break is not counted twice. */
	assert_int_equal(send(e, "kiosk-a", &res, &err), INGEST_OK);
	assert_int_equal(res.duplicates, NRECORDS);
	assert_int_equal(res.mismatches, 0);
	assert_int_equal(count(e, "SELECT count(*) FROM chain_events"), 1);
}

/* One altered record sent in a batch of its own (as the kiosk does when
 * its own check finds it): only it goes into quarantine, and the next
 * batch, which links to the hash the kiosk holds, is clean. */
static void
test_one_altered_record_taints_only_itself(void **state)
{
	struct env *e = *state;
	struct ingest_result res;
	struct error err;

	batch(e, &e->a, 1, 4);
	assert_int_equal(send(e, "kiosk-a", &res, &err), INGEST_OK);
	*strstr(e->a.lines[5], "oui") = 'n';
	batch(e, &e->a, 5, 5);
	assert_int_equal(send(e, "kiosk-a", &res, &err), INGEST_OK);
	assert_int_equal(res.mismatches, 1);
	assert_int_equal(res.quarantined, 1);
	batch(e, &e->a, 6, 8);
	assert_int_equal(send(e, "kiosk-a", &res, &err), INGEST_OK);
	assert_int_equal(res.mismatches, 0);
	assert_int_equal(res.quarantined, 0);
	assert_int_equal(counted(e, "kiosk-a"), NRECORDS - 1);
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

/* The clock days after the records' created_at (2026-11-25T09:30Z). */
static void
days_later(int days)
{
	int64_t created = 0;

	assert_true(clock_parse_iso("2026-11-25T09:30:00.000Z", &created));
	clock_set(created + (int64_t)days * 86400000);
}

static int64_t
purge(struct env *e, int64_t days, bool dry)
{
	struct purge_result res;
	struct error err = { 0 };
	int64_t n;

	if (!purge_run(e->d, days, dry, &res, &err)) {
		fail_msg("%s", err.msg);
	}
	n = res.records;
	purge_result_finish(&res);
	return n;
}

/* Past retention (730 days by default, counted from created_at), the
 * records go: with their quarantine, leaving only kiosk, seq, uuid and
 * hash; the kiosk's next batch links on without a gap or mismatch, and a
 * purged record sent again stays erased.  A dry run erases nothing. */
static void
test_purge_past_retention(void **state)
{
	struct env *e = *state;
	struct ingest_result res;
	struct error err;
	char *list;

	batch(e, &e->a, 1, 4);
	assert_int_equal(send(e, "kiosk-a", &res, &err), INGEST_OK);
	days_later(729);
	assert_int_equal(purge(e, 730, false), 0);
	days_later(731);
	assert_int_equal(purge(e, 730, true), 4);
	assert_int_equal(count(e, "SELECT count(*) FROM records"), 4);
	assert_int_equal(purge(e, 730, false), 4);
	assert_int_equal(count(e, "SELECT count(*) FROM records"), 0);
	assert_int_equal(count(e, "SELECT count(*) FROM purged"), 4);
	assert_int_equal(count(e,
	                     "SELECT records FROM purges WHERE detail LIKE "
	                     "'%\"form\":\"bus\",\"days\":730,\"records\":4%'"),
	    4);
	assert_int_equal(count(e, "SELECT count(*) FROM purge_window"), 0);
	/* The next batch chains on from the kept hash of seq 4. */
	batch(e, &e->a, 5, 8);
	assert_int_equal(send(e, "kiosk-a", &res, &err), INGEST_OK);
	assert_int_equal(res.accepted, 4);
	assert_int_equal(res.gaps + res.mismatches, 0);
	list = kiosk_list(e);
	assert_non_null(strstr(list, "       4  ok"));
	free(list);
	/* An old bundle of 1-8: 1-4 stay erased. */
	batch(e, &e->a, 1, 8);
	assert_int_equal(send(e, "kiosk-a", &res, &err), INGEST_OK);
	assert_int_equal(res.accepted, 0);
	assert_int_equal(res.duplicates, 8);
	assert_int_equal(count(e, "SELECT count(*) FROM records"), 4);
	/* Outside a purge, nothing can be deleted. */
	assert_int_not_equal(
	    sqlite3_exec(e->d->h, "DELETE FROM records", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_not_equal(
	    sqlite3_exec(e->d->h, "DELETE FROM purged", NULL, NULL, NULL),
	    SQLITE_OK);
	clock_set(1795000000000);
}

/* A consultation's own retention_days (its latest published form) wins
 * over the default; records in quarantine go with their decision. */
static void
test_purge_by_consultation(void **state)
{
	struct env *e = *state;
	struct ingest_result res;
	struct error err = { 0 };
	char path[128];
	bool again;
	FILE *f;

	snprintf(path, sizeof path, "%s/bus.ini", e->dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("[form]\nid = bus\nversion = 1\ntitle = Le bus\nsummary = Une "
	      "minute.\nlevel = consultation\nowner = Digne\nprivacy = "
	      "Réponses gardées 10 jours.\nretention_days = 10\nthanks = "
	      "Merci !\n\n[question q]\ntype = text\nprompt = Une idée ?\n",
	    f);
	fclose(f);
	if (!published_add(e->d, path, stderr, &again, &err)) {
		fail_msg("%s", err.msg);
	}
	batch(e, &e->a, 1, NRECORDS);
	assert_int_equal(send(e, "kiosk-a", &res, &err), INGEST_OK);
	*strstr(e->a.lines[2], "oui") = 'O';
	batch(e, &e->a, 2, 2);
	assert_int_equal(send(e, "kiosk-a", &res, &err), INGEST_OK);
	assert_true(count(e, "SELECT count(*) FROM quarantine") >= 2);
	assert_true(quarantine_decide(e->d,
	    count(e, "SELECT min(record_id) FROM quarantine"), false, "x",
	    &err));
	days_later(11);
	/* 1-7 are the bus consultation's (the last one has none); the
	 * second version of 2 too. */
	assert_int_equal(purge(e, 730, false), NRECORDS);
	assert_int_equal(count(e, "SELECT count(*) FROM records"), 1);
	assert_int_equal(count(e, "SELECT count(*) FROM quarantine"), 0);
	assert_int_equal(
	    count(e, "SELECT count(*) FROM quarantine_decisions"), 0);
	clock_set(1795000000000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_new_records_are_stored_byte_for_byte),
		T(test_same_batch_twice_counts_duplicates),
		T(test_conflict_is_kept_in_quarantine),
		T(test_same_seq_other_uuid_is_a_conflict),
		T(test_one_kiosk_cannot_squat_anothers_records),
		T(test_quarantine_decisions),
		T(test_hidden_bytes_are_refused),
		T(test_declared_hole),
		T(test_bad_holes),
		T(test_altered_line_is_a_chain_mismatch),
		T(test_one_altered_record_taints_only_itself),
		T(test_prev_hash_mismatch),
		T(test_gap_is_recorded_and_shown),
		T(test_malformed_headers),
		T(test_line_counts_and_newlines),
		T(test_bad_record_lines_name_their_line),
		T(test_another_kiosks_records_are_forbidden),
		T(test_bundle_kiosk_must_be_enrolled),
		T(test_records_are_append_only),
		T(test_purge_past_retention),
		T(test_purge_by_consultation),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
