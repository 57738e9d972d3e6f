/*
 * The groups of the store's test executable, and two shorthands they
 * share.  Include after <cmocka.h>.
 */
#ifndef PARVIS_TESTS_STORE_TESTS_H
#define PARVIS_TESTS_STORE_TESTS_H

#include <stdlib.h>

/* A test with its own temporary database directory (helpers.h). */
#define env_test(f) cmocka_unit_test_setup_teardown(f, env_setup, env_teardown)

/* Compares a newly allocated string (may be NULL) and frees it. */
#define assert_string_equal_free(got, expected) \
	do { \
		char *got_ = (got); \
		assert_non_null(got_); \
		assert_string_equal(got_, (expected)); \
		free(got_); \
	} while (0)

int run_open_tests(void);
int run_write_tests(void);
int run_export_tests(void);
int run_verbatims_tests(void);
int run_testimony_tests(void);
int run_chain_tests(void);
int run_reach_tests(void);

#endif
