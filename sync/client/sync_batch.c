/*
 * Building batch and bundle bodies from the store (see sync_batch.h).
 *
 * The lines come from store_each_record() in seq order.  Each is checked
 * as the collector will check it, and as the kiosk's own chain check does
 * (src/store/chain.c): it must say its own seq, uuid and kiosk, hold no
 * byte below 0x20, and its stored hash must follow from the stored hash
 * of the record before.  One that does not, and a seq missing from the
 * database, is not sent but declared in the header ("missing", with the
 * kiosk's why), so that one broken record never holds back the others;
 * the line sent after a hole carries its stored hash (next_hash), from
 * which the collector chains on.  The header's hashes are the ones the
 * store kept when it froze the records: the collector recomputes the
 * chain over the lines and compares, so an alteration the kiosk could not
 * see (its hashes recomputed too) still shows there.
 */
#include "sync_batch.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "record.h"
#include "sync_json.h"

/* The kiosk's words for why a seq is not sent (in the collector's kiosk
 * list and alarms: English, like every message between machines). */
static const char why_deleted[] = "missing from the kiosk's database";
static const char why_altered[] =
    "altered on the kiosk: its chain hash no longer follows";
static const char why_mislabelled[] =
    "altered on the kiosk: the line no longer says its own seq, uuid and "
    "kiosk";
static const char why_hidden[] =
    "altered on the kiosk: the line holds a control character";

struct collect {
	struct sync_batch *b;
	int64_t next_seq; /* the seq expected next */
	char prev[65];    /* the stored hash of the record before it */
	bool prev_known;  /* false after a seq missing from the store */
	bool open_hole;   /* b->holes[b->nholes - 1] waits for a line */
	int64_t last_seq; /* the last line put in, and its hash */
	char last_hash[65];
	bool no_memory;
};

/* Why row cannot be sent as it is, or NULL when it can. */
static const char *
unsendable(const struct collect *c, const struct store_row *row)
{
	char hash[65];

	if (!row->labelled) {
		return why_mislabelled;
	}
	if (record_line_hidden_byte(row->line, row->len) >= 0) {
		return why_hidden;
	}
	if (c->prev_known) {
		record_chain_hash(c->prev, row->line, row->len, hash);
		if (strcmp(hash, row->hash) != 0) {
			return why_altered;
		}
	}
	return NULL;
}

/* Seqs from..to are not sent: the hole open before them grows, or a new
 * one opens.  False when the batch has no room for another hole. */
static bool
leave_out(struct collect *c, int64_t from, int64_t to, const char *why)
{
	struct sync_batch *b = c->b;

	if (c->open_hole && b->holes[b->nholes - 1].to + 1 == from) {
		b->holes[b->nholes - 1].to = to;
		return true;
	}
	if (b->nholes == SYNC_HOLES_MAX) {
		return false;
	}
	b->holes[b->nholes++] = (struct sync_hole){
		.from = from,
		.to = to,
		.why = why,
	};
	c->open_hole = true;
	return true;
}

static bool
collect_line(void *ctx, const struct store_row *row)
{
	struct collect *c = ctx;
	struct sync_batch *b = c->b;
	const char *why;

	/* No room for another hole ends the batch here. */
	if (row->seq != c->next_seq &&
	    !leave_out(c, c->next_seq, row->seq - 1, why_deleted)) {
		return false;
	}
	c->prev_known = c->prev_known && row->seq == c->next_seq;
	why = unsendable(c, row);
	if (why != NULL && !leave_out(c, row->seq, row->seq, why)) {
		return false;
	}
	c->next_seq = row->seq + 1;
	snprintf(c->prev, sizeof c->prev, "%s", row->hash);
	c->prev_known = strlen(row->hash) == 64;
	if (why != NULL) {
		return true;
	}
	if (!sync_buf_append(&b->body, row->line, row->len) ||
	    !sync_buf_append(&b->body, "\n", 1)) {
		c->no_memory = true;
		return false;
	}
	if (c->open_hole) {
		memcpy(b->holes[b->nholes - 1].next_hash, c->prev, 65);
		c->open_hole = false;
	}
	b->count++;
	c->last_seq = row->seq;
	memcpy(c->last_hash, c->prev, 65);
	return true;
}

/* Puts the header line of b in front of its lines. */
static bool
add_header(struct store *s, struct sync_batch *b, struct error *err)
{
	struct sync_header h = {
		.kiosk = store_kiosk_id(s),
		.first_seq = b->first_seq,
		.last_seq = b->last_seq,
		.count = b->count,
		.prev_hash = b->prev_hash,
		.last_hash = b->last_hash,
		.holes = b->holes,
		.nholes = b->nholes,
	};
	struct sync_buf line = { 0 };
	bool ok;

	ok = store_record_hash(s, b->first_seq - 1, b->prev_hash, err) &&
	    sync_json_header(&h, &line, err);
	if (ok && !sync_buf_prepend(&b->body, line.data, line.len)) {
		ok = error_set(err, "out of memory building a batch");
	}
	sync_buf_finish(&line);
	return ok;
}

bool
sync_batch_build(struct store *s, int64_t after_seq, int64_t max,
    struct sync_batch *b, struct error *err)
{
	struct collect c = {
		.b = b,
		.next_seq = after_seq + 1,
		.last_seq = after_seq,
	};

	sync_buf_clear(&b->body);
	b->first_seq = after_seq + 1;
	b->count = 0;
	b->nholes = 0;
	b->last_seq = after_seq;
	if (!store_record_hash(s, after_seq, c.prev, err)) {
		return false;
	}
	c.prev_known = true;
	if (!store_each_record(s, after_seq, max, collect_line, &c, err)) {
		return false;
	}
	if (c.no_memory) {
		return error_set(err, "out of memory building a batch");
	}
	if (c.open_hole) {
		b->nholes--; /* at the very end: it waits for a later line */
	}
	if (b->count == 0) {
		sync_buf_clear(&b->body);
		b->nholes = 0;
		return true;
	}
	b->last_seq = c.last_seq;
	memcpy(b->last_hash, c.last_hash, sizeof b->last_hash);
	return add_header(s, b, err);
}

void
sync_batch_finish(struct sync_batch *b)
{
	sync_buf_finish(&b->body);
}

/* Opens the temporary file beside path, readable by its owner only (the
 * answers are personal data). */
static FILE *
open_temp(const char *path, char *tmp, size_t size)
{
	int fd;

	snprintf(tmp, size, "%s.part", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	return fd >= 0 ? fdopen(fd, "w") : NULL;
}

/* Makes the rename of a file in path's directory durable. */
static void
sync_parent(const char *path)
{
	char dir[PATH_MAX];
	char *slash;
	int fd;

	snprintf(dir, sizeof dir, "%s", path);
	slash = strrchr(dir, '/');
	if (slash == dir) {
		slash[1] = '\0';
	} else if (slash != NULL) {
		*slash = '\0';
	} else {
		snprintf(dir, sizeof dir, ".");
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* Writes the body, closes and renames the temporary file into path. */
static bool
finish_bundle(FILE *f, const char *tmp, const char *path,
    const struct sync_buf *body, struct error *err)
{
	bool ok = fwrite(body->data, 1, body->len, f) == body->len &&
	    fflush(f) == 0 && fsync(fileno(f)) == 0;

	if (fclose(f) != 0) {
		ok = false;
	}
	if (ok && rename(tmp, path) != 0) {
		ok = false;
	}
	if (!ok) {
		error_set(
		    err, "%s cannot be written: %s", path, strerror(errno));
		unlink(tmp);
		return false;
	}
	sync_parent(path);
	return true;
}

bool
sync_bundle_write(
    struct store *s, const char *path, int64_t *count, struct error *err)
{
	struct sync_batch *b = calloc(1, sizeof *b);
	char tmp[PATH_MAX];
	int64_t acked;
	bool ok = false;
	FILE *f;

	*count = 0;
	if (b == NULL) {
		return error_set(err, "out of memory writing %s", path);
	}
	if (!store_sync_acked(s, &acked, err) ||
	    !sync_batch_build(s, acked, 0, b, err)) {
		goto out;
	}
	if (b->count == 0) {
		ok = true;
		goto out;
	}
	f = open_temp(path, tmp, sizeof tmp);
	if (f == NULL) {
		error_set(
		    err, "%s cannot be written: %s", path, strerror(errno));
		goto out;
	}
	ok = finish_bundle(f, tmp, path, &b->body, err);
	if (ok) {
		*count = b->count;
	}
out:
	sync_batch_finish(b);
	free(b);
	return ok;
}
