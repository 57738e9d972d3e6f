/*
 * Reading small files whole (see file.h).
 */
#include "file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gettext.h"

bool
file_read_stream(FILE *f, const char *path, size_t max_bytes, char **data,
    size_t *len, struct error *err)
{
	char *buf = NULL;
	size_t n = 0;
	size_t cap = 0;
	bool ok = false;

	for (;;) {
		if (n == cap) {
			cap = cap == 0 ? 4096 : cap * 2;
			char *bigger = realloc(buf, cap + 1);
			if (bigger == NULL) {
				error_set(err, _("%s: out of memory"), path);
				goto out;
			}
			buf = bigger;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (n > max_bytes) {
			error_set(err,
			    _("%s: file too large (more than %zu "
			      "bytes)"),
			    path, max_bytes);
			goto out;
		}
		if (got == 0) {
			break;
		}
	}
	if (ferror(f)) {
		error_set(err, _("%s: read error"), path);
		goto out;
	}
	buf[n] = '\0';
	*data = buf;
	*len = n;
	buf = NULL;
	ok = true;
out:
	free(buf);
	return ok;
}

bool
file_read_all(const char *path, size_t max_bytes, char **data, size_t *len,
    struct error *err)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	bool ok;

	if (f == NULL) {
		return error_set(err, "%s: %s", path, strerror(errno));
	}
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		return error_set(err, "%s: %s", path, strerror(EISDIR));
	}
	ok = file_read_stream(f, path, max_bytes, data, len, err);
	fclose(f);
	return ok;
}
