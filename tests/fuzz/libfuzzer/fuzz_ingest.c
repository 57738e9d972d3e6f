/*
 * libFuzzer target: batches reaching the collector, checked by
 * batch_parse() (sync/collector/batch.c, the NDJSON of PROTOCOL.md) and
 * stored by ingest_batch() (sync/collector/ingest.c) into a real
 * collector database, the file on /dev/shm that db_open() makes.
 *
 * The input is up to four batches, separated by a byte 0x1E (the ASCII
 * record separator), ingested one after the other as the collector
 * would take them: the first and the third from kiosk-a's token (a
 * sync), the second with no token (a bundle: `parvis-collect import`),
 * the fourth from kiosk-b's token.  kiosk-a and kiosk-b are enrolled;
 * kiosk-r is enrolled and revoked.  So a batch meets what the ones
 * before it stored: duplicates, conflicts, gaps and broken chains.
 * Before each input the database is put back as it was after the
 * enrolments (SQLite's backup API, from a copy in memory) when the input
 * before changed it, so an input does the same thing however many ran
 * before it.
 *
 * The promises, for every batch: batch_parse() says OK with a batch
 * whose numbers, lines and seqs agree, or refuses it with "line N: ...";
 * ingest_batch() refuses what batch_parse() refuses, for the same
 * reason; when it stores, exactly `accepted` records more are held and
 * every line of the batch is accepted or a duplicate; when it refuses,
 * nothing more is held and err says why.  After each input the database
 * passes quick_check and every line held is a JSON record.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "clock.h"
#include "db.h"
#include "harness.h"
#include "ids.h"
#include "ingest.h"
#include "kiosks.h"

#define MAX_BATCHES 4

/* The token each batch comes with; NULL: a bundle. */
static const char *const senders[MAX_BATCHES] = {
	"kiosk-a",
	NULL,
	"kiosk-a",
	"kiosk-b",
};

static struct db *db;
static sqlite3 *enrolled; /* the database after the enrolments */
static int64_t restored;  /* sqlite3_total_changes() then */
static FILE *alarms;

static int64_t
held(void)
{
	int64_t n = -1;
	struct error err;

	fuzz_expect(db_int(db, "SELECT count(*) FROM records", &n, &err),
	    "the records can be counted", err.msg);
	return n;
}

/* Copies the database from to the database to (SQLite's backup API). */
static void
copy_database(sqlite3 *to, sqlite3 *from)
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	int rc;

	fuzz_expect(b != NULL, "a backup starts", sqlite3_errmsg(to));
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	fuzz_expect(rc == SQLITE_DONE, "a backup ends", sqlite3_errstr(rc));
}

/* What batch_parse() promises of a batch it accepted. */
static void
check_batch(
    const struct batch *b, const char *kiosk, const char *data, size_t len)
{
	fuzz_expect(batch_valid_name(b->kiosk) &&
	        (kiosk == NULL || strcmp(b->kiosk, kiosk) == 0),
	    "the batch is the token's kiosk's", b->kiosk);
	fuzz_expect(b->first_seq >= 1 && b->last_seq >= b->first_seq &&
	        b->count == b->last_seq - b->first_seq + 1 &&
	        (int64_t)b->nlines == b->count,
	    "the header's numbers agree with the lines", NULL);
	for (size_t i = 0; i < b->nlines; i++) {
		const struct batch_line *l = &b->lines[i];

		fuzz_expect(l->seq == b->first_seq + (int64_t)i &&
		        l->text > data && l->text + l->len < data + len &&
		        l->text[l->len] == '\n' && strlen(l->uuid) == 36,
		    "a record line follows the one before", l->uuid);
	}
}

/* One batch, parsed then ingested, and the promises of both. */
static void
one_batch(const char *kiosk, const char *data, size_t len)
{
	struct error perr = { 0 }, err = { 0 };
	struct ingest_result res;
	struct batch b;
	enum batch_status parsed;
	enum ingest_status st;
	int64_t before = -1, after = -1;
	int64_t changes = sqlite3_total_changes(db->h);

	parsed = batch_parse(db->h, kiosk, data, len, &b, &perr);
	if (parsed == BATCH_OK) {
		check_batch(&b, kiosk, data, len);
		batch_finish(&b);
		before = held();
	} else {
		fuzz_expect(strncmp(perr.msg, "line ", 5) == 0 ||
		        parsed == BATCH_FAILED,
		    "a batch refused names its line", perr.msg);
	}
	st = ingest_batch(db, kiosk, data, len, alarms, &res, &err);
	if (parsed == BATCH_OK) {
		after = held();
	} else {
		fuzz_expect(sqlite3_total_changes(db->h) == changes,
		    "a batch refused before ingest writes nothing", err.msg);
	}
	fuzz_expect(parsed != BATCH_BAD ||
	        (st == INGEST_BAD && strcmp(err.msg, perr.msg) == 0),
	    "ingest refuses what batch_parse refuses", err.msg);
	fuzz_expect(parsed != BATCH_FORBIDDEN || st == INGEST_FORBIDDEN,
	    "ingest refuses another kiosk's batch", err.msg);
	if (st == INGEST_OK) {
		fuzz_expect(
		    parsed == BATCH_OK, "ingest stores a good batch", perr.msg);
		fuzz_expect(after == before + res.accepted &&
		        res.accepted + res.duplicates == b.count &&
		        res.acked_through == b.last_seq,
		    "what ingest stores is what it says", NULL);
	} else {
		fuzz_expect(after == before && err.msg[0] != '\0',
		    "a refused batch stores nothing and says why", err.msg);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *end = s + size;
	struct error err;
	int64_t n = -1;

	if (sqlite3_total_changes(db->h) != restored) {
		copy_database(db->h, enrolled);
		restored = sqlite3_total_changes(db->h);
	}
	for (int i = 0; i < MAX_BATCHES && s <= end; i++) {
		const char *rs = memchr(s, 0x1e, (size_t)(end - s));
		size_t len = rs != NULL ? (size_t)(rs - s) : (size_t)(end - s);

		one_batch(senders[i], s, len);
		s += len + 1;
	}
	if (sqlite3_total_changes(db->h) == restored) {
		return 0; /* nothing written: the checks below held before */
	}
	fuzz_expect(
	    db_int(db, "SELECT quick_check = 'ok' FROM pragma_quick_check", &n,
	        &err) &&
	        n == 1,
	    "the database stays whole", err.msg);
	fuzz_expect(db_int(db,
	                "SELECT count(*) FROM records WHERE NOT "
	                "json_valid(line) OR json_type(line, '$.payload') "
	                "IS NOT 'object'",
	                &n, &err) &&
	        n == 0,
	    "every line held is a record", err.msg);
	return 0;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char path[128], token[KIOSKS_TOKEN_LEN + 1];
	struct error err = { 0 };

	fuzz_expect(ids_init(), "libsodium starts", NULL);
	clock_set(1795000000000); /* 2026-11-18 */
	snprintf(path, sizeof path, "%s/collect.db", fuzz_dir());
	db = db_open(path, &err);
	fuzz_expect(db != NULL && kiosks_add(db, "kiosk-a", token, &err) &&
	        kiosks_add(db, "kiosk-b", token, &err) &&
	        kiosks_add(db, "kiosk-r", token, &err) &&
	        kiosks_revoke(db, "kiosk-r", &err),
	    "the collector's database is made", err.msg);
	fuzz_expect(sqlite3_open(":memory:", &enrolled) == SQLITE_OK,
	    "a database in memory", NULL);
	copy_database(enrolled, db->h);
	restored = sqlite3_total_changes(db->h);
	alarms = fopen("/dev/null", "w");
	fuzz_expect(alarms != NULL, "/dev/null opens", NULL);
	return 0;
}
