/*
 * A test helper for the command-line tests of `parvis stats`: appends one
 * record (an event, a testimony or a retraction) to a kiosk database
 * through the real store API, at the time of PARVIS_CLOCK, and prints its
 * seq and uuid.  There is no parvis command for these records: the admin
 * and volunteer screens write them.
 *
 *   append_record DB KIOSK_ID TYPE SITE|- MODE PAYLOAD_JSON
 */
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "ids.h"
#include "store.h"

int
main(int argc, char **argv)
{
	struct error err = { 0 };
	struct store_written w;
	struct store *s;
	bool ok;

	if (argc != 7) {
		fprintf(stderr,
		    "usage: %s DB KIOSK_ID TYPE SITE|- MODE "
		    "PAYLOAD_JSON\n",
		    argv[0]);
		return 2;
	}
	if (!ids_init() || !clock_init_from_env()) {
		fprintf(stderr,
		    "%s: no random source, or a bad "
		    "PARVIS_CLOCK\n",
		    argv[0]);
		return 1;
	}
	s = store_open(argv[1], argv[2], &err);
	ok = s != NULL &&
	    store_append(s, argv[3], strcmp(argv[4], "-") == 0 ? NULL : argv[4],
	        argv[5], argv[6], &w, &err);
	store_destroy(s);
	if (!ok) {
		fprintf(stderr, "%s: %s\n", argv[0], err.msg);
		return 1;
	}
	printf("%lld %s\n", (long long)w.seq, w.uuid);
	return 0;
}
