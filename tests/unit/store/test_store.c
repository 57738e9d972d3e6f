/*
 * The store's unit tests: opening and refusing files (test_open.c),
 * writing records (test_write.c), exports (test_export.c), the verbatims
 * search (test_verbatims.c), the kiosk's own chain check (test_chain.c),
 * files deleted under the kiosk (test_reach.c).
 * Every test works on a real file in its own temporary directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ids.h"
#include "tests.h"

int
main(void)
{
	int failed = 0;

	if (!ids_init()) {
		return 1;
	}
	failed += run_open_tests();
	failed += run_write_tests();
	failed += run_export_tests();
	failed += run_verbatims_tests();
	failed += run_testimony_tests();
	failed += run_chain_tests();
	failed += run_reach_tests();
	return failed > 0 ? 1 : 0;
}
