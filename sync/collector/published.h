/*
 * Published forms: the consultation files the collector hands out to the
 * kiosks (`forms publish`, `forms list`, GET /api/v1/forms...).  A file is
 * published only if the kiosk's own parser (src/form) accepts it, and an
 * id and version, once published, always mean the same bytes.
 */
#ifndef PARVIS_COLLECT_PUBLISHED_H
#define PARVIS_COLLECT_PUBLISHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "db.h"
#include "error.h"
#include "form.h"

enum published_status {
	PUBLISHED_OK,
	PUBLISHED_NOT_FOUND,
	PUBLISHED_FAILED,
};

/* Validates the form file at path with form_parse() and stores its exact
 * bytes under its id and version.  Every problem of an invalid file is
 * written to diag as "path:line: message" and nothing is stored.  The
 * same id and version with the same bytes again is accepted (*again set);
 * with other bytes it is refused. */
bool published_add(
    struct db *d, const char *path, FILE *diag, bool *again, struct error *err);

/* Writes one line per published form: id, version, sha256, bytes, date. */
bool published_list(struct db *d, FILE *out, struct error *err);

/* The answer of GET /api/v1/forms: {"forms":[...]}, the latest version of
 * each id.  *json is newly allocated (the caller frees it). */
bool published_index(struct db *d, char **json, size_t *len, struct error *err);

/* The latest published version of form_id, parsed; NULL when there is
 * none or it cannot be parsed any more.  Free with form_destroy(). */
struct form *published_latest(struct db *d, const char *form_id);

/* The exact bytes of form id at version, newly allocated in *data. */
enum published_status published_get(struct db *d, const char *id,
    int64_t version, char **data, size_t *len, struct error *err);

#endif
