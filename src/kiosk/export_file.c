/*
 * Exports written to a file (see export_file.h).
 */
#define _GNU_SOURCE /* fopencookie(), glob() */
#include "export_file.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chain_check.h"
#include "clock.h"
#include "i18n.h"

/* A stream that writes a UTF-8 byte-order mark before its first byte, so
 * that spreadsheets read the accents of a double-clicked CSV right, and a
 * failed export (nothing written) leaves nothing at all. */
struct bom_stream {
	FILE *out;
	bool started;
};

static ssize_t
bom_write(void *cookie, const char *buf, size_t size)
{
	struct bom_stream *b = cookie;

	if (!b->started && size > 0) {
		b->started = true;
		if (fputs("\xEF\xBB\xBF", b->out) == EOF) {
			return -1;
		}
	}
	return fwrite(buf, 1, size, b->out) == size ? (ssize_t)size : -1;
}

bool
export_write(struct store *s, enum store_format format, const char *form_id,
    FILE *out, struct error *err)
{
	cookie_io_functions_t io = { .write = bom_write };
	struct bom_stream bom = { .out = out };
	FILE *csv;
	bool ok;

	/* Nothing altered leaves silently: a break found now is in the log
	 * book, and so in a JSON export, before the lines are written. */
	chain_check_run(s, true);
	if (format != STORE_CSV) {
		return store_export(s, format, form_id, out, err);
	}
	csv = fopencookie(&bom, "w", io);
	if (csv == NULL) {
		return error_set(err, "%s", strerror(errno));
	}
	ok = store_export(s, format, form_id, csv, err);
	if (fclose(csv) != 0 && ok) {
		ok = error_set(err, "%s", strerror(errno));
	}
	return ok;
}

/* Why path could not be written, in words an animator can act on. */
static bool
explain(const char *path, int e, struct error *err)
{
	char copy[4096];
	const char *dir;

	snprintf(copy, sizeof copy, "%s", path);
	dir = dirname(copy);
	switch (e) {
	case ENOENT:
	case ENOTDIR:
		return error_set(err,
		    _("%s: the folder %s does not exist (is the USB stick "
		      "plugged in?); nothing was written"),
		    path, dir);
	case EROFS:
	case EACCES:
	case EPERM:
		return error_set(err,
		    _("%s: the folder %s is read-only; nothing was written"),
		    path, dir);
	case ENOSPC:
	case EDQUOT:
		return error_set(
		    err, _("%s: the disk is full; nothing was written"), path);
	default:
		return error_set(
		    err, _("%s: %s; nothing was written"), path, strerror(e));
	}
}

/* Flushes the rename to the disk too: the folder's entry. */
static void
sync_dir(const char *path)
{
	char copy[4096];
	int fd;

	snprintf(copy, sizeof copy, "%s", path);
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

bool
export_file(struct store *s, enum store_format format, const char *form_id,
    const char *path, struct error *err)
{
	char tmp[4096];
	struct error why = { 0 };
	FILE *out;
	bool ok;
	int e = 0;

	if (snprintf(tmp, sizeof tmp, "%s.part", path) >= (int)sizeof tmp) {
		return explain(path, ENAMETOOLONG, err);
	}
	out = fopen(tmp, "w");
	if (out == NULL) {
		return explain(path, errno, err);
	}
	ok = export_write(s, format, form_id, out, &why);
	e = ok ? 0 : errno;
	if (ok && (fflush(out) != 0 || fsync(fileno(out)) != 0)) {
		ok = false;
		e = errno;
	}
	if (fclose(out) != 0 && ok) {
		ok = false;
		e = errno;
	}
	if (ok && rename(tmp, path) != 0) {
		ok = false;
		e = errno;
	}
	if (!ok) {
		unlink(tmp);
		/* A store that could not be read says so; a disk that could
		 * not be written is told in the animator's words. */
		if (e == ENOSPC || e == EDQUOT || e == EROFS || e == EIO ||
		    why.msg[0] == '\0') {
			return explain(path, e != 0 ? e : EIO, err);
		}
		return error_set(err, "%s", why.msg);
	}
	sync_dir(path);
	return true;
}

/* True when dir is a mounted file system of its own, not a folder left
 * behind on the root one by a stick since unplugged. */
static bool
mounted(const char *dir, const struct stat *st)
{
	char parent[4096];
	struct stat up;

	snprintf(parent, sizeof parent, "%s/..", dir);
	return stat(parent, &up) == 0 && up.st_dev != st->st_dev;
}

/* The first mounted folder matching pattern, into out; false when none. */
static bool
first_dir(const char *pattern, char *out, size_t size)
{
	glob_t g;
	bool found = false;

	if (glob(pattern, GLOB_ONLYDIR, NULL, &g) != 0) {
		return false;
	}
	for (size_t i = 0; i < g.gl_pathc && !found; i++) {
		struct stat st;
		if (stat(g.gl_pathv[i], &st) == 0 && S_ISDIR(st.st_mode) &&
		    mounted(g.gl_pathv[i], &st)) {
			snprintf(out, size, "%s", g.gl_pathv[i]);
			found = true;
		}
	}
	globfree(&g);
	return found;
}

void
export_suggest_path(const char *database, const char *kiosk_id, int64_t now_ms,
    char *out, size_t size)
{
	char dir[4096], copy[4096], day[11];

	if (!first_dir("/media/*/*", dir, sizeof dir) &&
	    !first_dir("/run/media/*/*", dir, sizeof dir)) {
		snprintf(copy, sizeof copy, "%s", database);
		snprintf(dir, sizeof dir, "%s", dirname(copy));
	}
	clock_format_local(now_ms, "%Y-%m-%d", day, sizeof day);
	snprintf(out, size, "%s/parvis-%s-%s.ndjson",
	    strcmp(dir, "/") == 0 ? "" : dir, kiosk_id, day);
}
