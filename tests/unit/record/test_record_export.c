/*
 * src/record/record_export.c on its own: a records table of the shape
 * both databases share, filled with hand-written lines, read with fixed
 * columns and an order chosen by the test (as the collector's, by kiosk
 * then seq).  The kiosk's and the collector's own exports are tested
 * through store_export() (test_store) and `parvis-collect export`.
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

#include "form.h"
#include "record_export.h"
#include "sqlfile.h"

static const char *const migrations[] = {
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
	"CREATE TABLE records (kiosk TEXT, seq INTEGER, type TEXT,"
	" form_id TEXT, line TEXT);",
};

static const struct sqlfile_kind kind = {
	.program = "test",
	.application_id = 0x54455354,
	.version = 1,
	.migrations = migrations,
	.busy_timeout_ms = 100,
	.damaged_advice = "restore it",
	.locked_advice = "wait",
	.update_advice = "update",
};

static const char *const fixed[] = { "kiosk", "seq", "status" };

static const struct record_csv by_kiosk = {
	.fixed = fixed,
	.nfixed = 3,
	.rows_sql =
	    "SELECT kiosk, seq, json_extract(line, '$.payload.status'),"
	    " rowid FROM records WHERE type = 'submission' AND form_id = ?1"
	    " ORDER BY kiosk, seq",
};

/* Inserted in this order: rowids 1..6; b's record comes first. */
static const char fill_sql[] =
    "INSERT INTO records VALUES"
    " ('b', 1, 'submission', 'bus', '{\"payload\":{\"status\":\"completed\","
    "\"answers\":{\"old\":\"gone\",\"note\":4}}}'),"
    " ('a', 2, 'submission', 'bus', '{\"payload\":{\"status\":\"abandoned\","
    "\"answers\":{\"why\":[\"work\",\"shops\"],\"note\":2},"
    "\"other\":{\"why\":\"=cmd\"}}}'),"
    " ('a', 1, 'submission', 'bus', '{\"payload\":{\"status\":\"completed\","
    "\"answers\":{\"note\":5}}}'),"
    " ('a', 3, 'event', NULL, '{\"payload\":{\"name\":\"open\"}}'),"
    " ('a', 4, 'submission', 'velo', '{\"payload\":{}}'),"
    " ('c', 1, 'submission', 'bus', '{\"payload\":{\"status\":\"completed\","
    "\"answers\":{\"late\":\"yes\"}}}');";

struct env {
	char dir[64];
	char path[96];
	struct sqlfile *f;
	char *text;
	size_t len;
	FILE *out;
};

static int
setup(void **state)
{
	struct env *e = calloc(1, sizeof *e);
	struct error err = { 0 };

	assert_non_null(e);
	snprintf(e->dir, sizeof e->dir, "/tmp/test_record_export.XXXXXX");
	assert_non_null(mkdtemp(e->dir));
	snprintf(e->path, sizeof e->path, "%s/records.db", e->dir);
	e->f = sqlfile_open(e->path, &kind, NULL, &err);
	assert_non_null(e->f);
	assert_int_equal(
	    sqlite3_exec(e->f->db, fill_sql, NULL, NULL, NULL), SQLITE_OK);
	e->out = open_memstream(&e->text, &e->len);
	assert_non_null(e->out);
	*state = e;
	return 0;
}

static int
teardown(void **state)
{
	struct env *e = *state;
	char cmd[128];

	fclose(e->out);
	free(e->text);
	sqlfile_destroy(e->f);
	snprintf(cmd, sizeof cmd, "rm -rf %s", e->dir);
	assert_int_equal(system(cmd), 0);
	free(e);
	return 0;
}

static const char *
output(struct env *e)
{
	assert_int_equal(fflush(e->out), 0);
	return e->text;
}

static void
test_columns_of_form_then_data(void **state)
{
	struct env *e = *state;
	struct question q[] = {
		{ .id = "intro", .type = Q_INFO },
		{ .id = "note", .type = Q_SCALE },
		{ .id = "why", .type = Q_CHOICES, .other = true },
	};
	struct form form = { .id = "bus", .questions = q, .nquestions = 3 };
	struct error err = { 0 };

	assert_true(
	    record_export_csv(e->f, &by_kiosk, &form, "bus", e->out, &err));
	assert_string_equal(output(e),
	    "kiosk,seq,status,note,why,why.other,old,late\r\n"
	    "a,1,completed,5,,,,\r\n"
	    "a,2,abandoned,2,work;shops,'=cmd,,\r\n"
	    "b,1,completed,4,,,gone,\r\n"
	    "c,1,completed,,,,,yes\r\n");
}

static void
test_columns_of_data_alone(void **state)
{
	struct env *e = *state;
	struct error err = { 0 };

	/* In order of first use (rowid), then by name. */
	assert_true(
	    record_export_csv(e->f, &by_kiosk, NULL, "bus", e->out, &err));
	assert_string_equal(output(e),
	    "kiosk,seq,status,note,old,why,why.other,late\r\n"
	    "a,1,completed,5,,,,\r\n"
	    "a,2,abandoned,2,,work;shops,'=cmd,\r\n"
	    "b,1,completed,4,gone,,,\r\n"
	    "c,1,completed,,,,,yes\r\n");
}

static void
test_only_form(void **state)
{
	struct env *e = *state;
	struct error err = { 0 };
	char *id = NULL;

	assert_false(record_export_only_form(e->f, "the test", &id, &err));
	assert_null(id);
	assert_string_equal(err.msg,
	    "the test holds answers to 2 "
	    "consultations (bus, velo): choose one with --form ID");
	assert_int_equal(sqlite3_exec(e->f->db,
	                     "DELETE FROM records WHERE "
	                     "form_id = 'velo'",
	                     NULL, NULL, NULL),
	    SQLITE_OK);
	assert_true(record_export_only_form(e->f, "the test", &id, &err));
	assert_string_equal(id, "bus");
	free(id);
	assert_int_equal(
	    sqlite3_exec(e->f->db, "DELETE FROM records", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_true(record_export_only_form(e->f, "the test", &id, &err));
	assert_null(id);
}

static void
test_lines(void **state)
{
	struct env *e = *state;
	struct error err = { 0 };
	const char *sql =
	    "SELECT line FROM records WHERE ?1 IS NULL OR "
	    "(type = 'submission' AND form_id = ?1) ORDER BY kiosk, seq";

	assert_true(record_export_lines(e->f, sql, NULL, e->out, &err));
	assert_true(record_export_lines(e->f, sql, "velo", e->out, &err));
	assert_string_equal(output(e),
	    "{\"payload\":{\"status\":\"completed\",\"answers\":"
	    "{\"note\":5}}}\n"
	    "{\"payload\":{\"status\":\"abandoned\",\"answers\":{\"why\":"
	    "[\"work\",\"shops\"],\"note\":2},\"other\":{\"why\":"
	    "\"=cmd\"}}}\n"
	    "{\"payload\":{\"name\":\"open\"}}\n"
	    "{\"payload\":{}}\n"
	    "{\"payload\":{\"status\":\"completed\",\"answers\":{\"old\":"
	    "\"gone\",\"note\":4}}}\n"
	    "{\"payload\":{\"status\":\"completed\",\"answers\":"
	    "{\"late\":\"yes\"}}}\n"
	    "{\"payload\":{}}\n");
	assert_false(record_export_lines(e->f,
	    "SELECT json_extract(line, "
	    "'$[') FROM records",
	    NULL, e->out, &err));
	assert_non_null(strstr(err.msg, "the export was not written"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_columns_of_form_then_data, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_columns_of_data_alone, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_only_form, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lines, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
