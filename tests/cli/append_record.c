/*
 * A test helper for the command-line tests of `parvis stats`: appends one
 * record (an event, a testimony or a retraction) to a kiosk database
 * through the real store API, at the time of PARVIS_CLOCK, and prints its
 * seq and uuid.  There is no parvis command for these records: the admin
 * and volunteer screens write them.
 *
 *   append_record DB KIOSK_ID TYPE SITE|- MODE PAYLOAD_JSON
 *
 * For `parvis purge`, it also moves the sync state as an acknowledgement
 * of the collector would (store_sync_set_acked):
 *
 *   append_record DB KIOSK_ID --acked SEQ
 */
#include <stdio.h>
#include <stdlib.h>
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

	bool acked = argc == 5 && strcmp(argv[3], "--acked") == 0;

	if (argc != 7 && !acked) {
		fprintf(stderr,
		    "usage: %s DB KIOSK_ID TYPE SITE|- MODE "
		    "PAYLOAD_JSON\n       %s DB KIOSK_ID --acked SEQ\n",
		    argv[0], argv[0]);
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
	if (acked) {
		ok = s != NULL &&
		    store_sync_set_acked(s, strtoll(argv[4], NULL, 10), &err);
		w = (struct store_written){ .seq = strtoll(argv[4], NULL, 10),
			.uuid = "acked" };
	} else {
		ok = s != NULL &&
		    store_append(s, argv[3],
		        strcmp(argv[4], "-") == 0 ? NULL : argv[4], argv[5],
		        argv[6], &w, &err);
	}
	store_destroy(s);
	if (!ok) {
		fprintf(stderr, "%s: %s\n", argv[0], err.msg);
		return 1;
	}
	printf("%lld %s\n", (long long)w.seq, w.uuid);
	return 0;
}
