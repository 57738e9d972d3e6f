/*
 * Ingest: one batch of one kiosk into the collector's database, whole or
 * not at all.  The same function serves `POST /api/v1/batches` and
 * `parvis-collect import`, so a bundle and a sync obey the same rules
 * (PROTOCOL.md):
 *
 *   - everything is checked first (batch.c); a malformed batch stores
 *     nothing;
 *   - then, in one transaction, each record is new (stored), a duplicate
 *     (same kiosk, seq and bytes: counted) or a collision: the kiosk's
 *     seq or uuid held with other bytes (a conflict), or its uuid held
 *     under another kiosk (an impostor); a colliding record is stored all
 *     the same and both versions go into quarantine, out of every result
 *     until an admin decides;
 *   - the hash chain is recomputed; a gap (one the kiosk declared too) or
 *     a mismatch is recorded in chain_events and logged as an alarm, the
 *     records stored all the same (losing them would be worse), and those
 *     of a batch whose chain does not hold go into quarantine.
 * So a batch is refused only when it is malformed or not the kiosk's: a
 * broken record never stops the others from flowing.
 */
#ifndef PARVIS_COLLECT_INGEST_H
#define PARVIS_COLLECT_INGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "batch.h"
#include "db.h"
#include "error.h"

enum ingest_status {
	INGEST_OK,        /* committed: 200 */
	INGEST_BAD,       /* malformed batch: 400 */
	INGEST_FORBIDDEN, /* another kiosk's records, or a bundle of a
				 * kiosk not enrolled: 403 */
	INGEST_BUSY,      /* database busy: 503 */
	INGEST_FAILED,    /* database or memory failure: 500 */
};

struct ingest_result {
	char kiosk[BATCH_NAME_MAX + 1]; /* whose batch ("" if unknown) */
	int64_t first_seq;              /* the batch's first_seq */
	int64_t acked_through;          /* the batch's last_seq */
	int64_t accepted;               /* records stored now */
	int64_t duplicates;             /* records that were already there */
	int64_t gaps;                   /* chain events noticed now */
	int64_t mismatches;
	int64_t conflicts;   /* conflicts and impostors noticed now */
	int64_t quarantined; /* records put in quarantine now */
};

/* Ingests the batch data[0..len).  kiosk is the kiosk the token belongs
 * to, or NULL for a bundle: then the header's kiosk must be enrolled and
 * not revoked.  Alarms (collisions, chain breaks) are written to alarm (may
 * be NULL), one line each.  On anything but INGEST_OK nothing was stored
 * and err says why, naming the line of the body when it is about one. */
enum ingest_status ingest_batch(struct db *d, const char *kiosk,
    const char *data, size_t len, FILE *alarm, struct ingest_result *res,
    struct error *err);

#endif
