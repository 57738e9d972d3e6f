/*
 * Building batch and bundle bodies from the store (see sync_batch.h).
 *
 * The lines come from store_each_record() in seq order; each seq must
 * follow the previous one, so a body never has a hole the collector would
 * have to guess about.  The hashes in the header are the ones the store
 * kept when it froze the records: the collector recomputes the chain over
 * the lines and compares, so an alteration anywhere in between shows.
 */
#include "sync_batch.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sync_json.h"

struct collect {
	struct sync_buf *lines;
	int64_t next_seq; /* the seq expected next */
	bool hole;
	bool no_memory;
};

static bool
collect_line(void *ctx, int64_t seq, const char *line, size_t len)
{
	struct collect *c = ctx;

	if (seq != c->next_seq) {
		c->hole = true;
		return false;
	}
	if (!sync_buf_append(c->lines, line, len) ||
	    !sync_buf_append(c->lines, "\n", 1)) {
		c->no_memory = true;
		return false;
	}
	c->next_seq++;
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
	};
	struct sync_buf line = { 0 };
	bool ok;

	ok = store_record_hash(s, b->first_seq - 1, b->prev_hash, err) &&
	    store_record_hash(s, b->last_seq, b->last_hash, err) &&
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
	struct collect c = { .lines = &b->body, .next_seq = after_seq + 1 };

	sync_buf_clear(&b->body);
	b->first_seq = after_seq + 1;
	b->count = 0;
	b->last_seq = after_seq;
	if (!store_each_record(s, after_seq, max, collect_line, &c, err)) {
		return false;
	}
	if (c.hole) {
		return error_set(err,
		    "record %lld is missing from the "
		    "database: nothing can be sent past it",
		    (long long)c.next_seq);
	}
	if (c.no_memory) {
		return error_set(err, "out of memory building a batch");
	}
	b->count = c.next_seq - b->first_seq;
	b->last_seq = c.next_seq - 1;
	if (b->count == 0) {
		return true;
	}
	return add_header(s, b, err);
}

void
sync_batch_finish(struct sync_batch *b)
{
	sync_buf_finish(&b->body);
}

/* What a bundle is written through: a FILE and what is expected next. */
struct bundle_out {
	FILE *f;
	int64_t next_seq;
	bool hole;
};

static bool
write_line(void *ctx, int64_t seq, const char *line, size_t len)
{
	struct bundle_out *o = ctx;

	if (seq != o->next_seq) {
		o->hole = true;
		return false;
	}
	o->next_seq++;
	return fwrite(line, 1, len, o->f) == len && putc('\n', o->f) != EOF;
}

/* Writes the header line of the records after acked through last. */
static bool
write_header(
    struct store *s, FILE *f, int64_t acked, int64_t last, struct error *err)
{
	char prev[65], final[65];
	struct sync_header h = {
		.kiosk = store_kiosk_id(s),
		.first_seq = acked + 1,
		.last_seq = last,
		.count = last - acked,
		.prev_hash = prev,
		.last_hash = final,
	};
	struct sync_buf line = { 0 };
	bool ok;

	ok = store_record_hash(s, acked, prev, err) &&
	    store_record_hash(s, last, final, err) &&
	    sync_json_header(&h, &line, err);
	if (ok && fwrite(line.data, 1, line.len, f) != line.len) {
		ok = false;
	}
	sync_buf_finish(&line);
	return ok;
}

/* Writes the whole bundle to f; false with err set, or with errno. */
static bool
write_bundle(
    struct store *s, FILE *f, int64_t acked, int64_t last, struct error *err)
{
	struct bundle_out o = { .f = f, .next_seq = acked + 1 };

	if (!write_header(s, f, acked, last, err) ||
	    !store_each_record(s, acked, last - acked, write_line, &o, err)) {
		return false;
	}
	if (o.hole || o.next_seq != last + 1) {
		return error_set(err,
		    "record %lld is missing from the "
		    "database",
		    (long long)o.next_seq);
	}
	return fflush(f) == 0 && fsync(fileno(f)) == 0;
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

/* The unsent range: acked+1 .. *last; false with a message. */
static bool
unsent_range(struct store *s, int64_t *acked, int64_t *last, struct error *err)
{
	/* The last seq, not the count: purged records left their seqs. */
	return store_sync_acked(s, acked, err) && store_last_seq(s, last, err);
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

/* Writes, closes and renames the temporary file into path. */
static bool
finish_bundle(struct store *s, FILE *f, const char *tmp, const char *path,
    int64_t acked, int64_t last, struct error *err)
{
	struct error e = { 0 };
	bool ok = write_bundle(s, f, acked, last, &e);

	if (!ok && e.msg[0] == '\0') {
		error_set(
		    &e, "%s cannot be written: %s", path, strerror(errno));
	}
	if (fclose(f) != 0 && ok) {
		ok = error_set(
		    &e, "%s cannot be written: %s", path, strerror(errno));
	}
	if (ok && rename(tmp, path) != 0) {
		ok = error_set(
		    &e, "%s cannot be written: %s", path, strerror(errno));
	}
	if (!ok) {
		unlink(tmp);
		error_set(err, "%s", e.msg);
		return false;
	}
	sync_parent(path);
	return true;
}

bool
sync_bundle_write(
    struct store *s, const char *path, int64_t *count, struct error *err)
{
	char tmp[PATH_MAX];
	int64_t acked, last;
	FILE *f;

	*count = 0;
	if (!unsent_range(s, &acked, &last, err)) {
		return false;
	}
	if (last <= acked) {
		return true;
	}
	f = open_temp(path, tmp, sizeof tmp);
	if (f == NULL) {
		return error_set(
		    err, "%s cannot be written: %s", path, strerror(errno));
	}
	if (!finish_bundle(s, f, tmp, path, acked, last, err)) {
		return false;
	}
	*count = last - acked;
	return true;
}
