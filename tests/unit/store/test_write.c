/*
 * Writing records: what a submission's payload holds (read back with
 * json_extract), form texts kept once per version, store_append, the
 * append-only triggers, the hash chain and its verification, a full disk,
 * and the sync state.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "clock.h"
#include "helpers.h"
#include "record.h"
#include "store_impl.h"
#include "tests.h"

#define DISK_FULL \
	"disk full: the answers were not saved, free some space " \
	"and try again"

/* json_extract(line, path) (or json_type when type is true) of record
 * seq, as a new string; NULL when absent. */
static char *
field_of(sqlite3 *db, int64_t seq, const char *path, bool type)
{
	sqlite3_stmt *st = NULL;
	char *v = NULL;
	const char *sql = type
	    ? "SELECT json_type(line, ?2) FROM records WHERE seq = ?1"
	    : "SELECT json_extract(line, ?2) FROM records WHERE seq = ?1";

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) {
		v = strdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	return v;
}

#define assert_field(env, seq, path, expected) \
	assert_string_equal_free( \
	    field_of((env)->s->db, seq, path, false), expected)
#define assert_type(env, seq, path, expected) \
	assert_string_equal_free( \
	    field_of((env)->s->db, seq, path, true), expected)
#define assert_absent(env, seq, path) \
	assert_null(field_of((env)->s->db, seq, path, true))

/* A visitor who answers every question. */
static void
answer_all(struct fixture *fx)
{
	fixture_answer(fx, FX_FREQUENCE, "hebdo", NULL);
	fixture_answer(fx, FX_FREINS, "prix", "horaires", NULL);
	fx->answers[FX_FREINS].other = strdup("Trop de monde");
	fixture_answer(fx, FX_NOTE, "4", NULL);
	fixture_answer(fx, FX_AGE, "42", NULL);
	fixture_answer(fx, FX_PRIORITES, "ecoles", "soir", "dimanche", NULL);
	fixture_answer(fx, FX_AVIS, "Plus de bus le soir", NULL);
	fixture_answer(fx, FX_COMMUNE, "04070", NULL);
	fixture_answer(fx, FX_ACCORD, "non", NULL);
}

static void
test_submit_completed_line(void **state)
{
	struct env *env = *state;
	struct store_submission sub;
	struct store_written w;
	struct error err = { 0 };
	char hash[65];
	char *line;

	env_open(env);
	answer_all(&env->fx);
	sub = fixture_submission(&env->fx, true, 0);
	sub.started_ms = env->t0 - 95500;
	assert_true(store_submit(env->s, &sub, &w, &err));
	assert_int_equal(w.seq, 1);
	line = raw_text(env->s->db, "SELECT line FROM records");
	record_chain_hash(RECORD_GENESIS, line, strlen(line), hash);
	assert_string_equal(w.hash, hash);
	assert_string_equal_free(raw_text(env->s->db,
	                             "SELECT hash FROM "
	                             "records"),
	    hash);
	free(line);
	assert_field(env, 1, "$.uuid", w.uuid);
	assert_field(env, 1, "$.kiosk", KIOSK);
	assert_field(env, 1, "$.seq", "1");
	assert_field(env, 1, "$.type", "submission");
	assert_field(env, 1, "$.created_at", T0_ISO);
	assert_field(env, 1, "$.site", "Marché de Digne");
	assert_field(env, 1, "$.mode", "self");
	assert_field(env, 1, "$.payload.form", FX_FORM_ID);
	assert_field(env, 1, "$.payload.version", "2");
	line = raw_text(env->s->db, "SELECT hash FROM forms");
	assert_field(env, 1, "$.payload.form_hash", line);
	free(line);
	assert_field(env, 1, "$.payload.status", "completed");
	assert_field(env, 1, "$.payload.lang", "fr");
	assert_field(env, 1, "$.payload.receipt", "K7QF-3MZP");
	assert_field(
	    env, 1, "$.payload.started_at", "2026-05-02T08:58:24.500Z");
	assert_field(env, 1, "$.payload.duration_s", "95");
	assert_absent(env, 1, "$.payload.last_question");
}

static void
test_submit_answer_types(void **state)
{
	struct env *env = *state;

	env_open(env);
	answer_all(&env->fx);
	env_submit(env, true, 0, NULL);
	assert_field(env, 1, "$.payload.answers.frequence", "hebdo");
	assert_field(
	    env, 1, "$.payload.answers.freins", "[\"prix\",\"horaires\"]");
	assert_type(env, 1, "$.payload.answers.note", "integer");
	assert_field(env, 1, "$.payload.answers.note", "4");
	assert_type(env, 1, "$.payload.answers.age", "integer");
	assert_field(env, 1, "$.payload.answers.priorites",
	    "[\"ecoles\",\"soir\",\"dimanche\"]");
	assert_field(env, 1, "$.payload.answers.avis", "Plus de bus le soir");
	assert_type(env, 1, "$.payload.answers.commune", "text");
	assert_field(env, 1, "$.payload.answers.commune", "04070");
	assert_field(env, 1, "$.payload.answers.accord", "non");
	assert_absent(env, 1, "$.payload.answers.intro");
	assert_field(
	    env, 1, "$.payload.other", "{\"freins\":\"Trop de monde\"}");
	/* Keys in form order, nothing else. */
	assert_string_equal_free(
	    raw_text(env->s->db,
	        "SELECT group_concat("
	        "key, ' ') FROM records, json_each(line, '$.payload.answers')"),
	    "frequence freins note age priorites avis commune accord");
	assert_string_equal_free(
	    raw_text(env->s->db,
	        "SELECT group_concat("
	        "key, ' ') FROM records, json_each(line, '$.payload')"),
	    "form version form_hash status lang receipt started_at "
	    "duration_s answers other");
}

static void
test_submit_hidden_and_unanswered_are_absent(void **state)
{
	struct env *env = *state;
	struct fixture *fx = &env->fx;

	env_open(env);
	answer_all(fx);
	/* freins is shown only when frequence != quotidien. */
	fixture_answer(fx, FX_FREQUENCE, "quotidien", NULL);
	fx->answers[FX_NOTE].answered = false;
	env_submit(env, true, 0, NULL);
	assert_absent(env, 1, "$.payload.answers.freins");
	assert_absent(env, 1, "$.payload.answers.note");
	assert_field(env, 1, "$.payload.other", "{}");
	assert_field(env, 1, "$.payload.answers.frequence", "quotidien");
	assert_field(env, 1, "$.payload.answers.age", "42");
}

static void
test_submit_abandoned(void **state)
{
	struct env *env = *state;
	struct store_submission sub;
	struct store_written w;
	struct error err = { 0 };

	env_open(env);
	fixture_answer(&env->fx, FX_FREQUENCE, "jamais", NULL);
	sub = fixture_submission(&env->fx, false, FX_FREINS);
	sub.lang = LANG_EN;
	sub.site = NULL;
	sub.mode = "volunteer";
	sub.receipt = NULL;
	assert_true(store_submit(env->s, &sub, &w, &err));
	assert_field(env, 1, "$.payload.status", "abandoned");
	assert_field(env, 1, "$.payload.last_question", "freins");
	assert_field(env, 1, "$.payload.lang", "en");
	assert_type(env, 1, "$.site", "null");
	assert_type(env, 1, "$.payload.receipt", "null");
	assert_type(env, 1, "$.payload.started_at", "null");
	assert_field(env, 1, "$.mode", "volunteer");
	assert_field(env, 1, "$.payload.answers", "{\"frequence\":\"jamais\"}");
	assert_string_equal_free(
	    raw_text(env->s->db,
	        "SELECT group_concat("
	        "key, ' ') FROM records, json_each(line, '$.payload')"),
	    "form version form_hash status lang receipt started_at "
	    "duration_s last_question answers other");
}

static void
test_submit_sanitises_text(void **state)
{
	struct env *env = *state;
	struct fixture *fx = &env->fx;
	struct store_submission sub;
	struct error err = { 0 };

	env_open(env);
	fixture_answer(fx, FX_FREQUENCE, "hebdo", NULL);
	fixture_answer(fx, FX_FREINS, "prix", NULL);
	fx->answers[FX_FREINS].other =
	    strdup("\x1b[31mrouge\x1b[0m\xe2\x80\xae");
	fixture_answer(fx, FX_AVIS, "ligne 1\nligne\t2\x07 \xff\xfeé", NULL);
	fixture_answer(fx, FX_NOTE, "beaucoup", NULL);
	sub = fixture_submission(fx, true, 0);
	sub.site = "Gare\x1b]0;pwned\x07";
	assert_true(store_submit(env->s, &sub, NULL, &err));
	assert_field(env, 1, "$.payload.other.freins", "[31mrouge[0m");
	assert_field(env, 1, "$.payload.answers.avis", "ligne 1\nligne 2 é");
	assert_field(env, 1, "$.site", "Gare]0;pwned");
	/* Not a number: kept as text rather than lost. */
	assert_field(env, 1, "$.payload.answers.note", "beaucoup");
}

static void
test_submit_refuses_bad_input(void **state)
{
	struct env *env = *state;
	struct store_submission sub;
	struct error err = { 0 };

	env_open(env);
	sub = fixture_submission(&env->fx, true, 0);
	sub.mode = "admin";
	assert_false(store_submit(env->s, &sub, NULL, &err));
	assert_non_null(strstr(err.msg, "the answers were not saved"));
	sub = fixture_submission(&env->fx, true, 0);
	env->fx.form.source = NULL;
	assert_false(store_submit(env->s, &sub, NULL, &err));
	assert_int_equal(store_count(env->s, NULL), 0);
}

static void
test_form_source_stored_once_per_version(void **state)
{
	struct env *env = *state;
	struct fixture v3;
	struct store_submission sub;
	struct error err = { 0 };
	char *source = NULL;
	size_t len = 0;
	int64_t version = 0;

	env_open(env);
	for (int i = 0; i < 3; i++) {
		env_submit(env, true, 0, NULL);
	}
	assert_int_equal(raw_int(env->s->db, "SELECT count(*) FROM forms"), 1);
	fixture_init(&v3, 3);
	sub = fixture_submission(&v3, true, 0);
	assert_true(store_submit(env->s, &sub, NULL, &err));
	assert_true(store_submit(env->s, &sub, NULL, &err));
	assert_int_equal(raw_int(env->s->db, "SELECT count(*) FROM forms"), 2);
	assert_int_equal(raw_int(env->s->db,
	                     "SELECT count(*) FROM records "
	                     "WHERE form_version = 3"),
	    2);
	assert_true(store_form_source(
	    env->s, FX_FORM_ID, &source, &len, &version, &err));
	assert_int_equal(version, 3);
	assert_int_equal(len, v3.form.source_len);
	assert_memory_equal(source, v3.source, len);
	free(source);
	assert_false(
	    store_form_source(env->s, "nope", &source, &len, NULL, &err));
	assert_non_null(strstr(err.msg, "nope"));
	fixture_finish(&v3);
}

static void
test_append_records(void **state)
{
	struct env *env = *state;
	struct store_written w;
	struct error err = { 0 };

	env_open(env);
	assert_true(store_append(env->s, RECORD_EVENT, "Gare routière", "self",
	    "{\"event\": \"site\", \"site\": \"Gare routière\"}", &w, &err));
	assert_int_equal(w.seq, 1);
	assert_true(store_append(env->s, RECORD_TESTIMONY, NULL, "volunteer",
	    "{\"text\":\"On veut des bus le dimanche\",\"consent\":true}", &w,
	    &err));
	assert_int_equal(w.seq, 2);
	assert_field(env, 1, "$.payload",
	    "{\"event\":\"site\",\"site\":\"Gare routière\"}");
	assert_type(env, 2, "$.payload.consent", "true");
	assert_int_equal(store_count(env->s, RECORD_EVENT), 1);
	assert_int_equal(store_count(env->s, RECORD_TESTIMONY), 1);
	assert_int_equal(store_count(env->s, RECORD_SUBMISSION), 0);
	assert_int_equal(store_count(env->s, NULL), 2);
	assert_true(store_verify_chain(env->s, NULL, &err));
}

static void
test_append_refuses_bad_input(void **state)
{
	struct env *env = *state;
	struct error err = { 0 };

	env_open(env);
	assert_false(store_append(
	    env->s, RECORD_EVENT, NULL, "self", "{\"event\": ", NULL, &err));
	assert_non_null(strstr(err.msg, "not a JSON object"));
	assert_false(store_append(
	    env->s, RECORD_EVENT, NULL, "self", "[1]", NULL, &err));
	assert_false(
	    store_append(env->s, RECORD_EVENT, NULL, "self", "42", NULL, &err));
	assert_false(store_append(
	    env->s, RECORD_SUBMISSION, NULL, "self", "{}", NULL, &err));
	assert_non_null(strstr(err.msg, "not a record type"));
	assert_false(store_append(
	    env->s, RECORD_EVENT, NULL, "robot", "{}", NULL, &err));
	assert_non_null(strstr(err.msg, "mode"));
	assert_int_equal(store_count(env->s, NULL), 0);
}

static void
test_records_are_append_only(void **state)
{
	struct env *env = *state;
	sqlite3 *db;

	env_open(env);
	env_submit(env, true, 0, NULL);
	env_close(env);
	db = raw_open(env->path);
	assert_int_equal(sqlite3_exec(db, "UPDATE records SET line = '{}'",
	                     NULL, NULL, NULL),
	    SQLITE_CONSTRAINT);
	assert_non_null(strstr(sqlite3_errmsg(db), "append-only"));
	assert_int_equal(
	    sqlite3_exec(db, "DELETE FROM records", NULL, NULL, NULL),
	    SQLITE_CONSTRAINT);
	assert_non_null(strstr(sqlite3_errmsg(db), "append-only"));
	assert_int_equal(
	    sqlite3_exec(db, "DELETE FROM forms", NULL, NULL, NULL),
	    SQLITE_CONSTRAINT);
	assert_int_equal(
	    sqlite3_exec(db, "UPDATE forms SET source = ''", NULL, NULL, NULL),
	    SQLITE_CONSTRAINT);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM records"), 1);
	sqlite3_close(db);
}

/* Four records, then the triggers dropped by a raw handle, as someone
 * tampering with the file would. */
static sqlite3 *
tamper_setup(struct env *env)
{
	sqlite3 *db;

	env_open(env);
	answer_all(&env->fx);
	for (int i = 0; i < 4; i++) {
		env_submit(env, i % 2 == 0, 1, NULL);
	}
	db = raw_open(env->path);
	raw_exec(db,
	    "DROP TRIGGER records_no_update;"
	    "DROP TRIGGER records_no_delete;");
	return db;
}

static void
test_verify_chain_detects_altered_line(void **state)
{
	struct env *env = *state;
	struct error err = { 0 };
	int64_t n = 0;
	sqlite3 *db;

	db = tamper_setup(env);
	assert_true(store_verify_chain(env->s, &n, &err));
	assert_int_equal(n, 4);
	raw_exec(db,
	    "UPDATE records SET line = replace(line, 'hebdo', "
	    "'quotidien') WHERE seq = 3");
	sqlite3_close(db);
	assert_false(store_verify_chain(env->s, &n, &err));
	assert_string_equal(err.msg,
	    "the chain is broken at record 3: its "
	    "hash does not match its line (the record was altered)");
	assert_int_equal(n, 2);
}

static void
test_verify_chain_detects_deleted_record(void **state)
{
	struct env *env = *state;
	struct error err = { 0 };
	sqlite3 *db;

	db = tamper_setup(env);
	raw_exec(db, "DELETE FROM records WHERE seq = 2");
	sqlite3_close(db);
	assert_false(store_verify_chain(env->s, NULL, &err));
	assert_non_null(strstr(err.msg, "record 2 is missing"));
}

static void
test_verify_chain_detects_consistent_forgery(void **state)
{
	struct env *env = *state;
	struct error err = { 0 };
	sqlite3_stmt *st = NULL;
	char *prev, *line;
	char hash[65];
	sqlite3 *db;

	/* Record 4's line is given another seq and its hash recomputed to
	 * match: the hashes agree, but the line no longer agrees with its
	 * row. */
	db = tamper_setup(env);
	raw_exec(db,
	    "UPDATE records SET line = json_set(line, '$.seq', 9) "
	    "WHERE seq = 4");
	prev = raw_text(db, "SELECT hash FROM records WHERE seq = 3");
	line = raw_text(db, "SELECT line FROM records WHERE seq = 4");
	record_chain_hash(prev, line, strlen(line), hash);
	assert_int_equal(sqlite3_prepare_v2(db,
	                     "UPDATE records SET hash = ?1 "
	                     "WHERE seq = 4",
	                     -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(db);
	assert_false(store_verify_chain(env->s, NULL, &err));
	assert_string_equal(err.msg,
	    "the chain is broken at record 4: its "
	    "line does not match its seq, uuid or kiosk");
	free(prev);
	free(line);
}

static void
test_disk_full_keeps_earlier_records(void **state)
{
	struct env *env = *state;
	struct store_submission sub;
	struct error err = { 0 };
	char *before, *after, *big;
	int64_t pages;
	char sql[64];

	env_open(env);
	answer_all(&env->fx);
	env_submit(env, true, 0, NULL);
	env_submit(env, false, 2, NULL);
	before = raw_text(env->s->db,
	    "SELECT group_concat(line || hash, '|') "
	    "FROM records");
	pages = raw_int(env->s->db, "PRAGMA page_count");
	snprintf(
	    sql, sizeof sql, "PRAGMA max_page_count = %lld", (long long)pages);
	raw_exec(env->s->db, sql);
	big = calloc(1, 64 * 1024);
	memset(big, 'x', 64 * 1024 - 1);
	fixture_answer(&env->fx, FX_AVIS, big, NULL);
	sub = fixture_submission(&env->fx, true, 0);
	assert_false(store_submit(env->s, &sub, NULL, &err));
	assert_string_equal(err.msg, DISK_FULL);
	assert_true(sqlite3_get_autocommit(env->s->db));
	after = raw_text(env->s->db,
	    "SELECT group_concat(line || hash, '|') "
	    "FROM records");
	assert_string_equal(before, after);
	assert_int_equal(store_count(env->s, NULL), 2);
	assert_true(store_verify_chain(env->s, NULL, &err));

	/* Space again: the next submission follows on. */
	raw_exec(env->s->db, "PRAGMA max_page_count = 1073741823");
	env_submit(env, true, 0, NULL);
	assert_int_equal(store_count(env->s, NULL), 3);
	assert_true(store_verify_chain(env->s, NULL, &err));
	free(before);
	free(after);
	free(big);
}

static void
test_disk_full_on_first_submission(void **state)
{
	struct env *env = *state;
	struct store_submission sub;
	struct error err = { 0 };
	char sql[64];

	char *big = calloc(1, 64 * 1024);

	/* The form text fits in a page already there; the record does not:
	 * the form text must not stay without its record. */
	env_open(env);
	snprintf(sql, sizeof sql, "PRAGMA max_page_count = %lld",
	    (long long)raw_int(env->s->db, "PRAGMA page_count"));
	raw_exec(env->s->db, sql);
	memset(big, 'y', 64 * 1024 - 1);
	fixture_answer(&env->fx, FX_AVIS, big, NULL);
	sub = fixture_submission(&env->fx, true, 0);
	assert_false(store_submit(env->s, &sub, NULL, &err));
	assert_string_equal(err.msg, DISK_FULL);
	assert_int_equal(raw_int(env->s->db, "SELECT count(*) FROM forms"), 0);
	assert_int_equal(store_count(env->s, NULL), 0);
	free(big);
}

static void
test_two_connections_share_the_chain(void **state)
{
	struct env *env = *state;
	struct store_submission sub;
	struct error err = { 0 };
	struct store *other;
	int64_t n = 0;

	env_open(env);
	other = store_open(env->path, KIOSK, &err);
	assert_non_null(other);
	sub = fixture_submission(&env->fx, true, 0);
	for (int i = 0; i < 5; i++) {
		assert_true(store_submit(env->s, &sub, NULL, &err));
		assert_true(store_append(other, RECORD_EVENT, NULL, "self",
		    "{\"event\":\"approach\"}", NULL, &err));
	}
	store_destroy(other);
	assert_true(store_verify_chain(env->s, &n, &err));
	assert_int_equal(n, 10);
}

static bool
collect_line(void *ctx, const struct store_row *row)
{
	char *buf = ctx;
	size_t used = strlen(buf);

	assert_true(row->labelled);
	assert_int_equal(strlen(row->hash), 64);
	snprintf(buf + used, 4096 - used, "%lld:%zu ", (long long)row->seq,
	    row->len);
	return row->seq < 4;
}

static void
test_each_record_and_sync_state(void **state)
{
	struct env *env = *state;
	struct error err = { 0 };
	char buf[4096] = "";
	int64_t acked = -1;

	env_open(env);
	for (int i = 0; i < 5; i++) {
		env_submit(env, true, 0, NULL);
	}
	assert_true(store_each_record(env->s, 1, 2, collect_line, buf, &err));
	assert_non_null(strstr(buf, "2:"));
	assert_non_null(strstr(buf, "3:"));
	assert_null(strstr(buf, "4:"));
	buf[0] = '\0';
	assert_true(store_each_record(env->s, 0, 0, collect_line, buf, &err));
	assert_null(strstr(buf, "5:")); /* stopped after 4 */
	assert_true(store_sync_acked(env->s, &acked, &err));
	assert_int_equal(acked, 0);
	assert_true(store_sync_set_acked(env->s, 3, &err));
	assert_false(store_sync_set_acked(env->s, 2, &err));
	assert_false(store_sync_set_acked(env->s, 6, &err));
	assert_true(store_sync_set_acked(env->s, 5, &err));
	env_close(env);
	env_open(env);
	assert_true(store_sync_acked(env->s, &acked, &err));
	assert_int_equal(acked, 5);
}

int
run_write_tests(void)
{
	const struct CMUnitTest tests[] = {
		env_test(test_submit_completed_line),
		env_test(test_submit_answer_types),
		env_test(test_submit_hidden_and_unanswered_are_absent),
		env_test(test_submit_abandoned),
		env_test(test_submit_sanitises_text),
		env_test(test_submit_refuses_bad_input),
		env_test(test_form_source_stored_once_per_version),
		env_test(test_append_records),
		env_test(test_append_refuses_bad_input),
		env_test(test_records_are_append_only),
		env_test(test_verify_chain_detects_altered_line),
		env_test(test_verify_chain_detects_deleted_record),
		env_test(test_verify_chain_detects_consistent_forgery),
		env_test(test_disk_full_keeps_earlier_records),
		env_test(test_disk_full_on_first_submission),
		env_test(test_two_connections_share_the_chain),
		env_test(test_each_record_and_sync_state),
	};

	return cmocka_run_group_tests_name("store_write", tests, NULL, NULL);
}
