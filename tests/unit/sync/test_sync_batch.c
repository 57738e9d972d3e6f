/*
 * Batches and bundles: the header line's exact bytes, the record lines
 * byte for byte as frozen, prev_hash and last_hash from the stored chain,
 * limits, resumption after an acknowledgement, the bundle file (atomic,
 * nothing marked as sent), both after a purge, and gzip both ways.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "clock.h"
#include "helpers.h"
#include "record.h"
#include "sync_batch.h"
#include "sync_body.h"

/* The body a batch of first..last must have, from the raw database. */
static char *
expected_body(struct env *env, int64_t first, int64_t last)
{
	struct sync_buf b = { 0 };
	char *prev =
	    first > 1 ? env_hash(env, first - 1) : strdup(RECORD_GENESIS);
	char *final = env_hash(env, last);
	char head[512];

	snprintf(head, sizeof head,
	    "{\"protocol\":1,\"kiosk\":\"" KIOSK "\","
	    "\"first_seq\":%lld,\"last_seq\":%lld,\"count\":%lld,"
	    "\"prev_hash\":\"%s\",\"last_hash\":\"%s\"}\n",
	    (long long)first, (long long)last, (long long)(last - first + 1),
	    prev, final);
	sync_buf_append(&b, head, strlen(head));
	for (int64_t seq = first; seq <= last; seq++) {
		char *line = env_line(env, seq);
		sync_buf_append(&b, line, strlen(line));
		sync_buf_append(&b, "\n", 1);
		free(line);
	}
	free(prev);
	free(final);
	return b.data;
}

static void
first_batch_exact_bytes(void **state)
{
	struct env *env = *state;
	struct sync_batch b = { 0 };
	struct error err = { 0 };
	char *want;

	env_add_records(env, 5);
	assert_true(sync_batch_build(env->s, 0, 3, &b, &err));
	assert_int_equal(b.first_seq, 1);
	assert_int_equal(b.last_seq, 3);
	assert_int_equal(b.count, 3);
	assert_string_equal(b.prev_hash, RECORD_GENESIS);
	want = expected_body(env, 1, 3);
	assert_int_equal(b.body.len, strlen(want));
	assert_memory_equal(b.body.data, want, b.body.len);
	free(want);
	sync_batch_finish(&b);
}

static void
later_batch_chains_on(void **state)
{
	struct env *env = *state;
	struct sync_batch b = { 0 };
	struct error err = { 0 };
	char *want, *h3, *h5;

	env_add_records(env, 5);
	assert_true(sync_batch_build(env->s, 3, 500, &b, &err));
	assert_int_equal(b.first_seq, 4);
	assert_int_equal(b.last_seq, 5);
	h3 = env_hash(env, 3);
	h5 = env_hash(env, 5);
	assert_string_equal(b.prev_hash, h3);
	assert_string_equal(b.last_hash, h5);
	want = expected_body(env, 4, 5);
	assert_string_equal(b.body.data, want);
	free(want);
	free(h3);
	free(h5);
	sync_batch_finish(&b);
}

static void
nothing_left_is_empty(void **state)
{
	struct env *env = *state;
	struct sync_batch b = { 0 };
	struct error err = { 0 };

	assert_true(sync_batch_build(env->s, 0, 10, &b, &err));
	assert_int_equal(b.count, 0);
	env_add_records(env, 2);
	assert_true(sync_batch_build(env->s, 2, 10, &b, &err));
	assert_int_equal(b.count, 0);
	assert_int_equal(b.body.len, 0);
	sync_batch_finish(&b);
}

/* Every line of a body ends with \n, and the lines are the frozen ones
 * whatever they hold (accents, escaped quotes). */
static void
lines_are_frozen_bytes(void **state)
{
	struct env *env = *state;
	struct sync_batch b = { 0 };
	struct error err = { 0 };
	const char *p;

	env_add_records(env, 40);
	assert_true(sync_batch_build(env->s, 0, 0, &b, &err));
	assert_int_equal(b.count, 40);
	p = strchr(b.body.data, '\n') + 1;
	for (int64_t seq = 1; seq <= 40; seq++) {
		char *line = env_line(env, seq);
		size_t n = strlen(line);
		assert_memory_equal(p, line, n);
		assert_int_equal(p[n], '\n');
		p += n + 1;
		free(line);
	}
	assert_ptr_equal(p, b.body.data + b.body.len);
	sync_batch_finish(&b);
}

static void
bundle_is_one_batch_of_unsent(void **state)
{
	struct env *env = *state;
	struct error err = { 0 };
	char path[400];
	int64_t count = -1, acked = -1;
	char *got, *want;
	struct stat st;

	env_add_records(env, 7);
	assert_true(store_sync_set_acked(env->s, 2, &err));
	snprintf(path, sizeof path, "%s/bundle.ndjson", env->dir);
	assert_true(sync_bundle_write(env->s, path, &count, &err));
	assert_int_equal(count, 5);
	got = slurp(path, NULL);
	want = expected_body(env, 3, 7);
	assert_string_equal(got, want);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 077, 0);
	assert_true(store_sync_acked(env->s, &acked, &err));
	assert_int_equal(acked, 2); /* nothing marked as sent */
	free(got);
	free(want);
}

static void
bundle_with_nothing_unsent_writes_nothing(void **state)
{
	struct env *env = *state;
	struct error err = { 0 };
	char path[400];
	int64_t count = -1;

	env_add_records(env, 3);
	assert_true(store_sync_set_acked(env->s, 3, &err));
	snprintf(path, sizeof path, "%s/bundle.ndjson", env->dir);
	assert_true(sync_bundle_write(env->s, path, &count, &err));
	assert_int_equal(count, 0);
	assert_int_not_equal(access(path, F_OK), 0);
}

static void
bundle_unwritable_names_the_path(void **state)
{
	struct env *env = *state;
	struct error err = { 0 };
	char path[400];
	int64_t count = -1;

	env_add_records(env, 3);
	snprintf(path, sizeof path, "%s/no-such-dir/bundle.ndjson", env->dir);
	assert_false(sync_bundle_write(env->s, path, &count, &err));
	assert_non_null(strstr(err.msg, path));
	assert_int_equal(count, 0);
}

/* Runs sql on the raw database, the append-only triggers dropped: what a
 * careless admin or an intruder can do to the file. */
static void
tamper(struct env *env, const char *sql)
{
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open(env->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
	                     "DROP TRIGGER IF EXISTS records_no_update;"
	                     "DROP TRIGGER IF EXISTS records_no_delete;",
	                     NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* Hides bytes after a NUL at the end of record seq's line and makes the
 * chain anew over it (seq and seq + 1), as someone who knows the chain
 * would: only the control character gives it away. */
static void
forge_hidden(struct env *env, int64_t seq)
{
	static const char hidden[] = ",\"payload\":\"hidden\"}";
	char *prev = env_hash(env, seq - 1);
	char *line = env_line(env, seq);
	char *next = env_line(env, seq + 1);
	size_t n = strlen(line), len = n + sizeof hidden;
	char *forged = malloc(len), h[65], h_next[65];
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;

	assert_non_null(forged);
	memcpy(forged, line, n);
	forged[n] = '\0';
	memcpy(forged + n + 1, hidden, sizeof hidden - 1);
	record_chain_hash(prev, forged, len, h);
	record_chain_hash(h, next, strlen(next), h_next);
	tamper(env, "SELECT 1");
	assert_int_equal(sqlite3_open(env->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
	                     "UPDATE records SET line = ?1, hash = ?2 WHERE "
	                     "seq = ?3",
	                     -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(st, 1, forged, (int)len, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, h, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, seq);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, next, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, h_next, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, seq + 1);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(db);
	free(prev);
	free(line);
	free(next);
	free(forged);
}

/* The header's field (a JSON path) of a built batch, as text. */
static char *
header_field(const struct sync_batch *b, const char *path)
{
	const char *nl = memchr(b->body.data, '\n', b->body.len);
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	char *v = NULL;

	assert_non_null(nl);
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(
	                     db, "SELECT json_extract(?1, ?2)", -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(
	    st, 1, b->body.data, (int)(nl - b->body.data), SQLITE_STATIC);
	sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL) {
		v = strdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static void
expect_field(const struct sync_batch *b, const char *path, const char *want)
{
	char *v = header_field(b, path);

	if (want == NULL) {
		assert_null(v);
	} else {
		assert_non_null(v);
		assert_string_equal(v, want);
	}
	free(v);
}

/* Record 4 deleted, 6 altered (one byte, its hash kept), 7 relabelled, 9
 * holding a NUL: the batch sends 1-3, 5, 8 and 10, declares the holes
 * with the kiosk's why and the stored hash of the line after each, and
 * counts only the lines sent.  (It used to refuse to send past 4.) */
static void
broken_records_are_declared_not_sent(void **state)
{
	struct env *env = *state;
	struct sync_batch b = { 0 };
	struct error err = { 0 };
	char *hash5, *hash8, *hash10, *line5;

	env_add_records(env, 10);
	forge_hidden(env, 9);
	hash5 = env_hash(env, 5);
	hash8 = env_hash(env, 8);
	hash10 = env_hash(env, 10);
	line5 = env_line(env, 5);
	tamper(env,
	    "DELETE FROM records WHERE seq = 4;"
	    "UPDATE records SET line = replace(line, '\"event\"', '\"Event\"')"
	    " WHERE seq = 6;"
	    "UPDATE records SET line = replace(line, '\"seq\":7', '\"seq\":17')"
	    " WHERE seq = 7;");
	if (!sync_batch_build(env->s, 0, 0, &b, &err)) {
		fail_msg("%s", err.msg);
	}
	assert_int_equal(b.first_seq, 1);
	assert_int_equal(b.last_seq, 10);
	assert_int_equal(b.count, 6);
	expect_field(&b, "$.count", "6");
	expect_field(&b, "$.last_hash", hash10);
	expect_field(&b, "$.missing[0].from", "4");
	expect_field(&b, "$.missing[0].to", "4");
	expect_field(
	    &b, "$.missing[0].why", "missing from the kiosk's database");
	expect_field(&b, "$.missing[0].next_hash", hash5);
	expect_field(&b, "$.missing[1].from", "6");
	expect_field(&b, "$.missing[1].to", "7");
	expect_field(&b, "$.missing[1].next_hash", hash8);
	expect_field(&b, "$.missing[2].from", "9");
	expect_field(&b, "$.missing[2].to", "9");
	expect_field(&b, "$.missing[2].why",
	    "altered on the kiosk: the line holds a control character");
	expect_field(&b, "$.missing[2].next_hash", hash10);
	expect_field(&b, "$.missing[3]", NULL);
	assert_non_null(strstr(b.body.data, line5));
	assert_null(strstr(b.body.data, "\"Event\""));
	assert_null(strstr(b.body.data, "\"seq\":17"));
	assert_null(memchr(b.body.data, '\0', b.body.len));
	assert_null(strstr(b.body.data, "hidden"));
	sync_batch_finish(&b);
	free(hash5);
	free(hash8);
	free(hash10);
	free(line5);
}

/* The record before a hole that is not followed by any line: the batch
 * ends on the last line sent and the hole waits; nothing at all to send
 * is an empty batch. */
static void
hole_at_the_end_waits(void **state)
{
	struct env *env = *state;
	struct sync_batch b = { 0 };
	struct error err = { 0 };

	env_add_records(env, 5);
	tamper(env,
	    "UPDATE records SET line = replace(line, '\"event\"', '\"Event\"')"
	    " WHERE seq = 5;");
	assert_true(sync_batch_build(env->s, 0, 0, &b, &err));
	assert_int_equal(b.count, 4);
	assert_int_equal(b.last_seq, 4);
	expect_field(&b, "$.missing", NULL);
	assert_true(sync_batch_build(env->s, 4, 0, &b, &err));
	assert_int_equal(b.count, 0);
	assert_int_equal(b.body.len, 0);
	sync_batch_finish(&b);
}

/* After a purge the acknowledged records are gone from the kiosk: the
 * next batch and a bundle start from the kept link, whose hash the
 * collector holds as the last record it stored, and run to the last seq
 * (the purge's own event), not to the number of records left. */
static void
after_a_purge_the_kept_link_is_prev_hash(void **state)
{
	struct env *env = *state;
	struct sync_batch b = { 0 };
	struct store_purge p;
	struct error err = { 0 };
	char path[400], *h3, *got, head[512];
	int64_t count = -1;

	env_add_records(env, 5);
	assert_true(store_sync_set_acked(env->s, 3, &err));
	h3 = env_hash(env, 3);
	assert_true(store_purge(env->s, clock_now_ms() + 1, false, &p, &err));
	assert_int_equal(p.through_seq, 3);
	assert_true(sync_batch_build(env->s, 3, 0, &b, &err));
	assert_int_equal(b.first_seq, 4);
	assert_int_equal(b.last_seq, 6);
	assert_string_equal(b.prev_hash, h3);
	sync_batch_finish(&b);
	snprintf(path, sizeof path, "%s/bundle.ndjson", env->dir);
	assert_true(sync_bundle_write(env->s, path, &count, &err));
	assert_int_equal(count, 3);
	got = slurp(path, NULL);
	snprintf(head, sizeof head,
	    "{\"protocol\":1,\"kiosk\":\"" KIOSK "\",\"first_seq\":4,"
	    "\"last_seq\":6,\"count\":3,\"prev_hash\":\"%s\",",
	    h3);
	assert_memory_equal(got, head, strlen(head));
	free(got);
	free(h3);
}

static void
gzip_round_trip(void **state)
{
	struct sync_buf plain = { 0 }, gz = { 0 }, back = { 0 };
	struct error err = { 0 };

	for (int i = 0; i < 2000; i++) {
		char line[64];
		int n = snprintf(
		    line, sizeof line, "{\"seq\":%d,\"x\":\"é\"}\n", i);
		sync_buf_append(&plain, line, (size_t)n);
	}
	assert_true(sync_gzip(plain.data, plain.len, &gz, &err));
	assert_true(gz.len < plain.len / 4);
	assert_int_equal((unsigned char)gz.data[0], 0x1f);
	assert_int_equal((unsigned char)gz.data[1], 0x8b);
	assert_true(sync_gunzip(gz.data, gz.len, plain.len, &back, &err));
	assert_int_equal(back.len, plain.len);
	assert_memory_equal(back.data, plain.data, plain.len);
	assert_false(sync_gunzip(gz.data, gz.len, plain.len - 1, &back, &err));
	assert_false(sync_gunzip(gz.data, gz.len / 2, plain.len, &back, &err));
	sync_buf_finish(&plain);
	sync_buf_finish(&gz);
	sync_buf_finish(&back);
	(void)state;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    first_batch_exact_bytes, env_setup, env_teardown),
		cmocka_unit_test_setup_teardown(
		    broken_records_are_declared_not_sent, env_setup,
		    env_teardown),
		cmocka_unit_test_setup_teardown(
		    hole_at_the_end_waits, env_setup, env_teardown),
		cmocka_unit_test_setup_teardown(
		    later_batch_chains_on, env_setup, env_teardown),
		cmocka_unit_test_setup_teardown(
		    nothing_left_is_empty, env_setup, env_teardown),
		cmocka_unit_test_setup_teardown(
		    lines_are_frozen_bytes, env_setup, env_teardown),
		cmocka_unit_test_setup_teardown(
		    bundle_is_one_batch_of_unsent, env_setup, env_teardown),
		cmocka_unit_test_setup_teardown(
		    bundle_with_nothing_unsent_writes_nothing, env_setup,
		    env_teardown),
		cmocka_unit_test_setup_teardown(
		    bundle_unwritable_names_the_path, env_setup, env_teardown),
		cmocka_unit_test_setup_teardown(
		    after_a_purge_the_kept_link_is_prev_hash, env_setup,
		    env_teardown),
		cmocka_unit_test(gzip_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
