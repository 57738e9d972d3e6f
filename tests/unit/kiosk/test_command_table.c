/*
 * Unit test of parvis' table of commands (src/kiosk/command_table.c): each
 * row is found by its name, says in its synopsis every option it reads
 * and how (tests/unit/core/table_check.h), only those, and its help fits
 * --help's column; a command's --help answers without running it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "commands.h"
#include "table_check.h"

static void
test_rows(void **state)
{
	char why[256];

	(void)state;
	assert_true(command_count >= 7);
	for (size_t i = 0; i < command_count; i++) {
		const struct command *c = command_table[i];

		assert_ptr_equal(command_find(c->entry.name), c);
		assert_non_null(c->run);
		if (!table_check_row(&c->entry, 32, why, sizeof why)) {
			fail_msg("%s", why);
		}
	}
	assert_null(command_find("frobnicate"));
	assert_null(command_find(""));
}

/* --help of every row: status 0, before anything is done (a command
 * that went on would fail: no database, no [sync], no file to check). */
static void
test_help_of_each(void **state)
{
	struct config cfg;
	struct command_env env = { .config_path = "missing.ini", .cfg = &cfg };

	(void)state;
	config_init(&cfg);
	for (size_t i = 0; i < command_count; i++) {
		const struct command *c = command_table[i];
		char name[32], help[] = "--help";
		char *argv[] = { name, help, NULL };

		snprintf(name, sizeof name, "%s", c->entry.name);
		assert_int_equal(c->run(&env, 2, argv), 0);
	}
	config_finish(&cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_help_of_each),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
