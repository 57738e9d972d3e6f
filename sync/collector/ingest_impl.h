/*
 * What the two files of ingest share: ingest.c (the records, stored or
 * counted, their collisions, the transaction) and ingest_chain.c (the
 * hash chain: each line's hash, the links before and after the batch,
 * gaps and mismatches, the hashes kept, the alarms).
 */
#ifndef PARVIS_COLLECT_INGEST_IMPL_H
#define PARVIS_COLLECT_INGEST_IMPL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "batch.h"
#include "db.h"
#include "ingest.h"

#define NALARMS 16
#define HELD_MAX 8

struct ingest {
	struct db *d;
	struct batch *b;
	FILE *alarm;
	struct ingest_result *res;
	struct error *err;
	sqlite3_stmt *insert;
	sqlite3_stmt *held;
	sqlite3_stmt *quarantine;
	char now[25];
	char running[65];          /* the chain hash after the last line done */
	int64_t last_stored;       /* the kiosk's last seq before the batch */
	int64_t base_id;           /* the highest record id before the batch */
	size_t hole;               /* the next declared hole */
	char alarms[NALARMS][400]; /* written after COMMIT */
	size_t nalarms;
	size_t dropped; /* alarms beyond NALARMS */
};

/* A record the collector holds that shares the line's uuid or seq. */
struct held {
	int64_t id;
	char kiosk[BATCH_NAME_MAX + 1];
	int64_t seq;
	bool same; /* same kiosk, seq and bytes: the line is a duplicate */
	char sha256[65];
};

/* What every failure says: "the batch was not stored". */
extern const char ingest_lost[];

/* INGEST_BUSY or INGEST_FAILED, from the last database failure. */
enum ingest_status ingest_db_status(struct ingest *in);

/* Keeps an alarm line, written once the transaction is committed. */
void ingest_alarm_later(struct ingest *in, const char *line);

/* Records a chain event unless the same one is (*fresh: it was new). */
enum ingest_status ingest_chain_event(struct ingest *in, const char *kind,
    int64_t from, int64_t to, const char *expected, const char *got,
    const char *why, bool *fresh);

/* A gap or a mismatch: the event, and its alarm when it is new. */
enum ingest_status ingest_chain_break(struct ingest *in, const char *kind,
    int64_t from, int64_t to, const char *expected, const char *got,
    const char *why);

/* The batch's new records into quarantine (their chain does not hold). */
enum ingest_status ingest_quarantine_batch(
    struct ingest *in, const char *detail);

/* Keeps a hash the kiosk gave for one of its seqs. */
enum ingest_status ingest_keep_link(
    struct ingest *in, int64_t seq, const char *hash, const char *source);

/* The chain hash of l (recomputed, or after a hole the declared one). */
enum ingest_status ingest_line_hash(
    struct ingest *in, const struct batch_line *l, char hash[65]);

/* Before the records: the kiosk's last known seq, the highest id. */
enum ingest_status ingest_read_before(struct ingest *in);

/* After the records: the links before and after the batch. */
enum ingest_status ingest_check_before(struct ingest *in);
enum ingest_status ingest_check_after(struct ingest *in);

#endif
