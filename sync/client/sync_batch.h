/*
 * Batches and bundles: the NDJSON bodies of PROTOCOL.md, built from the
 * kiosk's store.  A header line (kiosk, first and last seq, count, the
 * stored hashes before the first and of the last record), then the record
 * lines exactly as they were frozen, each ending with "\n".  A batch goes
 * over the network; a bundle is the same body written to a file (a USB
 * stick, when the market has no network).
 */
#ifndef PARVIS_SYNC_BATCH_H
#define PARVIS_SYNC_BATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "store.h"
#include "sync_body.h"
#include "sync_json.h"

/* Most holes one batch declares (the collector takes up to 256). */
#define SYNC_HOLES_MAX 64

struct sync_batch {
	int64_t first_seq;
	int64_t last_seq;
	int64_t count; /* lines in the body; 0: nothing left to send */
	char prev_hash[65];
	char last_hash[65];
	struct sync_hole holes[SYNC_HOLES_MAX]; /* seqs not sent, and why */
	size_t nholes;
	struct sync_buf body; /* header and record lines, not gzipped */
};

/* Fills b (all zeros, or used before) with the records after after_seq,
 * at most max of them, oldest first.  A record that cannot be sent as it
 * is leaves a hole the header declares (PROTOCOL.md, "missing"), with
 * why: a seq missing from the database, a line whose chain hash no longer
 * follows from the one before (altered), a line that does not say its own
 * seq, uuid and kiosk, or one holding a byte below 0x20; the chain goes
 * on from the stored hash of the next line sent.  A batch ends on a line
 * sent: holes at the very end wait for a later record.  With nothing to
 * send after after_seq, b->count is 0 and the body empty.  False, with a
 * message, when the store cannot be read or memory runs out. */
bool sync_batch_build(struct store *s, int64_t after_seq, int64_t max,
    struct sync_batch *b, struct error *err);

/* Frees b's body; b can be built again. */
void sync_batch_finish(struct sync_batch *b);

/* Writes the unsent records (seq above the acknowledged one) to path as a
 * bundle: the same body as one batch holding them all (holes declared as
 * in sync_batch_build()), uncompressed.  The
 * file is written beside path and renamed into place, so path is either
 * the whole bundle or untouched.  Nothing is marked as sent: a later sync
 * sends the records again and the collector counts them as duplicates.
 * *count gets the number of records written; with none unsent, nothing
 * is written and *count is 0.  False, with a message naming path, when it
 * cannot be written. */
bool sync_bundle_write(
    struct store *s, const char *path, int64_t *count, struct error *err);

#endif
