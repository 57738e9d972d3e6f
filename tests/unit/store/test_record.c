/*
 * Unit tests of record.c: the exact bytes of a frozen line and the hash
 * chain.  The expected hashes were computed independently with coreutils:
 *   printf '%s\n%s' "$PREV" "$LINE" | sha256sum
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "record.h"

#define UUID "0b3e2a4c-5f61-4d2a-9c1e-7a8b9c0d1e2f"

static const char event_line[] =
    "{\"uuid\":\"" UUID "\",\"kiosk\":\"digne-1\",\"seq\":1,"
    "\"type\":\"event\",\"created_at\":\"2026-05-02T09:00:00.000Z\","
    "\"site\":null,\"mode\":\"self\","
    "\"payload\":{\"event\":\"site\",\"site\":\"Marché de Digne\"}}";

static int
open_db(void **state)
{
	sqlite3 *db = NULL;

	if (sqlite3_open(":memory:", &db) != SQLITE_OK) {
		return -1;
	}
	*state = db;
	return 0;
}

static int
close_db(void **state)
{
	sqlite3_close(*state);
	return 0;
}

static struct record_meta
event_meta(void)
{
	return (struct record_meta){
		.uuid = UUID,
		.kiosk = "digne-1",
		.seq = 1,
		.type = RECORD_EVENT,
		.created_at = "2026-05-02T09:00:00.000Z",
		.site = NULL,
		.mode = "self",
	};
}

static void
test_freeze_exact_bytes(void **state)
{
	struct record_meta meta = event_meta();
	struct error err = { 0 };
	char *line = NULL;

	/* Spaces and key order in the payload are the caller's; json()
	 * minifies, keys keep their order. */
	assert_true(record_freeze(*state, &meta,
	    " { \"event\" : \"site\", \"site\": \"Marché de Digne\" } ", &line,
	    &err));
	assert_string_equal(line, event_line);
	free(line);
}

static void
test_freeze_escapes_strings(void **state)
{
	struct record_meta meta = event_meta();
	struct error err = { 0 };
	char *line = NULL;

	meta.seq = 42;
	meta.type = RECORD_TESTIMONY;
	meta.mode = "volunteer";
	meta.site = "Le \"parvis\"\\ de la mairie\n";
	assert_true(record_freeze(*state, &meta, "{}", &line, &err));
	assert_string_equal(line,
	    "{\"uuid\":\"" UUID "\",\"kiosk\":"
	    "\"digne-1\",\"seq\":42,\"type\":\"testimony\",\"created_at\":"
	    "\"2026-05-02T09:00:00.000Z\",\"site\":\"Le \\\"parvis\\\"\\\\ "
	    "de la mairie\\n\",\"mode\":\"volunteer\",\"payload\":{}}");
	free(line);
}

static void
test_freeze_refuses_bad_payload(void **state)
{
	struct record_meta meta = event_meta();
	struct error err = { 0 };
	char *line = NULL;

	assert_false(record_freeze(*state, &meta, "{\"a\":", &line, &err));
	assert_null(line);
	assert_non_null(strstr(err.msg, "malformed JSON"));
	assert_false(record_freeze(*state, &meta, "[1,2]", &line, &err));
	assert_non_null(strstr(err.msg, "not an object"));
	assert_false(record_freeze(*state, &meta, NULL, &line, &err));
	meta.seq = 0;
	assert_false(record_freeze(*state, &meta, "{}", &line, &err));
	assert_non_null(strstr(err.msg, "seq"));
	assert_null(line);
}

static void
test_chain_hash_known_values(void **state)
{
	char h1[65], h2[65];

	(void)state;
	record_chain_hash(RECORD_GENESIS, event_line, strlen(event_line), h1);
	assert_string_equal(h1,
	    "d4f301e8f4a73da25643593945cf9edc"
	    "638ca04b1fbbba576a3335fedf9882e2");
	record_chain_hash(h1, "x", 1, h2);
	assert_string_equal(h2,
	    "b17317b2d7947ce3ce725c4d6c417422"
	    "1c0af32774fadf15786b913434ae36da");
}

static void
test_chain_hash_uses_len(void **state)
{
	char a[65], b[65];

	(void)state;
	record_chain_hash(RECORD_GENESIS, "xyz", 1, a);
	record_chain_hash(RECORD_GENESIS, "x", 1, b);
	assert_string_equal(a, b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_freeze_exact_bytes),
		cmocka_unit_test(test_freeze_escapes_strings),
		cmocka_unit_test(test_freeze_refuses_bad_payload),
		cmocka_unit_test(test_chain_hash_known_values),
		cmocka_unit_test(test_chain_hash_uses_len),
	};

	return cmocka_run_group_tests(tests, open_db, close_db);
}
