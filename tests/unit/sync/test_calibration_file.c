/*
 * The touchscreen's calibration file (config.c): written beside the
 * database, never into kiosk.ini (read-only to the kiosk's service), and
 * read after kiosk.ini, over its [touch] values; a damaged one does not
 * stop the kiosk.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "config.h"
#include "helpers.h"

/* kiosk.ini with its database in DIR/state, into ini. */
static void
write_ini(struct env *env, char *ini, size_t size)
{
	char text[1024];

	snprintf(text, sizeof text,
	    "[kiosk]\nid = digne-1\ndatabase = %s/state/parvis.db\n\n"
	    "[touch]\nmin_x = 10\nmax_x = 4000\nmin_y = 20\nmax_y = 3000\n",
	    env->dir);
	snprintf(ini, size, "%s", env_write(env, "kiosk.ini", text));
}

static void
make_state_dir(struct env *env)
{
	char dir[300];

	snprintf(dir, sizeof dir, "%s/state", env->dir);
	assert_int_equal(mkdir(dir, 0700), 0);
}

static void
load(const char *ini, struct config *cfg)
{
	struct error err = { 0 };

	config_init(cfg);
	assert_true(config_load(cfg, ini, NULL, &err));
}

static void
written_beside_the_database(void **state)
{
	struct env *env = *state;
	char ini[600], path[512], *before, *text;
	struct error err = { 0 };
	struct config cfg;

	write_ini(env, ini, sizeof ini);
	before = slurp(ini, NULL);
	load(ini, &cfg);
	config_calibration_path(&cfg, path, sizeof path);
	assert_non_null(strstr(path, "/state/calibration.ini"));
	assert_int_equal(cfg.touch_max_x, 4000);
	assert_false(config_save_calibration(&cfg, 1, 2, 3, 4, &err));
	make_state_dir(env);
	assert_true(config_save_calibration(&cfg, 230, 3866, 427, 3669, &err));
	config_finish(&cfg);

	text = slurp(ini, NULL);
	assert_string_equal(text, before);
	free(text);
	free(before);
	load(ini, &cfg);
	assert_int_equal(cfg.touch_min_x, 230);
	assert_int_equal(cfg.touch_max_x, 3866);
	assert_int_equal(cfg.touch_min_y, 427);
	assert_int_equal(cfg.touch_max_y, 3669);
	config_finish(&cfg);
}

static void
damaged_file_keeps_the_rest(void **state)
{
	struct env *env = *state;
	char ini[600];
	struct config cfg;

	write_ini(env, ini, sizeof ini);
	make_state_dir(env);
	env_write(env, "state/calibration.ini",
	    "[touch]\nmin_x = lots\nmax_x = 3900\n");
	load(ini, &cfg);
	assert_int_equal(cfg.touch_min_x, 10);
	assert_int_equal(cfg.touch_max_x, 3900);
	assert_int_equal(cfg.touch_max_y, 3000);
	config_finish(&cfg);
}

#define T(f) cmocka_unit_test_setup_teardown(f, env_setup, env_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(written_beside_the_database),
		T(damaged_file_keeps_the_rest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
