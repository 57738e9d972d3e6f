/*
 * Unit tests of the session lock (src/kiosk/idle_lock.c): the kiosk's
 * side (begin and end of a participant's session, never blocking) and
 * the timer's side (`parvis sync --when-idle`).  flock(2) locks belong to
 * an open file, so two descriptors in this one process contend like the
 * kiosk and the sync do.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "idle_lock.h"

struct fixture {
	char dir[64];
	char db[128];
	char lock[160];
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	snprintf(f->dir, sizeof f->dir, "/tmp/parvis-idle.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db, sizeof f->db, "%s/parvis.db", f->dir);
	snprintf(f->lock, sizeof f->lock, "%s%s", f->db, IDLE_LOCK_SUFFIX);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	unlink(f->lock);
	rmdir(f->dir);
	free(f);
	return 0;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
test_no_lock_file_is_idle(void **state)
{
	struct fixture *f = *state;
	struct error err = { 0 };

	assert_int_equal(idle_lock_wait_idle(f->db, 0, &err), IDLE_LOCK_IDLE);
	assert_int_equal(access(f->lock, F_OK), -1); /* not created */
}

static void
test_session_makes_busy(void **state)
{
	struct fixture *f = *state;
	struct error err = { 0 };
	struct idle_lock *l = idle_lock_create(f->db, &err);
	struct stat st;

	assert_non_null(l);
	assert_int_equal(stat(f->lock, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	assert_int_equal(idle_lock_wait_idle(f->db, 0, &err), IDLE_LOCK_IDLE);
	assert_true(idle_lock_session_begin(l));
	assert_true(idle_lock_session_begin(l)); /* again: no-op */
	assert_int_equal(idle_lock_wait_idle(f->db, 0, &err), IDLE_LOCK_BUSY);
	idle_lock_session_end(l);
	assert_int_equal(idle_lock_wait_idle(f->db, 0, &err), IDLE_LOCK_IDLE);
	idle_lock_session_end(l); /* again: no-op */
	idle_lock_destroy(l);
}

static void
test_wait_gives_up_at_deadline(void **state)
{
	struct fixture *f = *state;
	struct error err = { 0 };
	struct idle_lock *l = idle_lock_create(f->db, &err);
	double t0;

	assert_true(idle_lock_session_begin(l));
	t0 = now_s();
	assert_int_equal(idle_lock_wait_idle(f->db, 1, &err), IDLE_LOCK_BUSY);
	assert_true(now_s() - t0 >= 1.0);
	assert_true(now_s() - t0 < 5.0);
	idle_lock_destroy(l);
}

static void
test_destroy_releases(void **state)
{
	struct fixture *f = *state;
	struct error err = { 0 };
	struct idle_lock *l = idle_lock_create(f->db, &err);

	assert_true(idle_lock_session_begin(l));
	idle_lock_destroy(l); /* a kiosk that ends lets go */
	assert_int_equal(idle_lock_wait_idle(f->db, 0, &err), IDLE_LOCK_IDLE);
	assert_int_equal(access(f->lock, F_OK), -1); /* and tidies up */
}

static void
test_kiosk_started_again_is_seen(void **state)
{
	struct fixture *f = *state;
	struct error err = { 0 };
	struct idle_lock *old = idle_lock_create(f->db, &err);
	struct idle_lock *new;

	idle_lock_destroy(old);              /* the kiosk ended... */
	new = idle_lock_create(f->db, &err); /* ...and started again */
	assert_true(idle_lock_session_begin(new));
	assert_int_equal(idle_lock_wait_idle(f->db, 0, &err), IDLE_LOCK_BUSY);
	idle_lock_destroy(new);
}

static void
test_begin_never_blocks(void **state)
{
	struct fixture *f = *state;
	struct error err = { 0 };
	struct idle_lock *a = idle_lock_create(f->db, &err);
	struct idle_lock *b = idle_lock_create(f->db, &err);
	double t0;

	assert_true(idle_lock_session_begin(a));
	t0 = now_s();
	assert_false(idle_lock_session_begin(b)); /* held elsewhere */
	assert_true(now_s() - t0 < 1.0);
	idle_lock_session_end(a);
	assert_true(idle_lock_session_begin(b));
	idle_lock_destroy(a);
	idle_lock_destroy(b);
}

static void
test_null_is_harmless(void **state)
{
	(void)state;
	assert_false(idle_lock_session_begin(NULL));
	idle_lock_session_end(NULL);
	idle_lock_destroy(NULL);
}

static void
test_unopenable_lock_says_so(void **state)
{
	struct error err = { 0 };

	(void)state;
	assert_null(idle_lock_create("/nonexistent-dir/parvis.db", &err));
	assert_non_null(
	    strstr(err.msg, "/nonexistent-dir/parvis.db" IDLE_LOCK_SUFFIX));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_no_lock_file_is_idle, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_session_makes_busy, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_wait_gives_up_at_deadline, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_destroy_releases, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_begin_never_blocks, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_kiosk_started_again_is_seen, setup, teardown),
		cmocka_unit_test(test_null_is_harmless),
		cmocka_unit_test(test_unopenable_lock_says_so),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
