/*
 * Consultation files pulled from the collector (GET /api/v1/forms, then
 * GET /api/v1/forms/{id}/{version}).  This file decides what to fetch and
 * installs what arrives; the engine does the HTTP.
 *
 * A bad form from the server never breaks the kiosk: a file is installed
 * only when its SHA-256 is the one listed, it parses without a single
 * problem (form_parse, as `parvis check`), and it says the id and version
 * it was listed under.  Anything else is left out, with a note.
 *
 * The forms directory belongs to the animator first.  A pulled form is
 * written as ID.ini (beside it, then renamed, so the kiosk never reads
 * half a file) and recorded, with its SHA-256, in the directory's
 * `.parvis-pulled` list.  A later version replaces it only while the file
 * is still byte for byte what was pulled; a file the server did not write
 * (or one edited since) is never overwritten, and no form is installed
 * under an id that a local file already uses.
 */
#ifndef PARVIS_SYNC_FORMS_H
#define PARVIS_SYNC_FORMS_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* The list, in the forms directory, of the files sync wrote. */
#define SYNC_FORMS_PULLED ".parvis-pulled"

/* The most entries of a list considered. */
#define SYNC_FORMS_MAX 200

struct sync_forms;

/* Starts a pull into dir (created if missing).  NULL, with a message,
 * when dir cannot be made or read. */
struct sync_forms *sync_forms_create(const char *dir, struct error *err);

/* Frees f; accepts NULL. */
void sync_forms_destroy(struct sync_forms *f);

/* Reads the answer to GET /api/v1/forms and decides which forms to fetch
 * (the highest version of each id, unless it is already here or a local
 * file keeps its id).  False, with a message, when the answer is not a
 * list of forms. */
bool sync_forms_plan(
    struct sync_forms *f, const char *body, size_t len, struct error *err);

/* The path of the next form to fetch ("/api/v1/forms/ID/VERSION") into
 * path; false when none is left. */
bool sync_forms_next(const struct sync_forms *f, char *path, size_t size);

/* Installs the bytes fetched for the form named by sync_forms_next(), or
 * refuses them, and moves on to the next one.  True when installed.  The
 * note says what happened, for people. */
bool sync_forms_install(struct sync_forms *f, const char *data, size_t len);

/* Moves on without installing the current form (it could not be
 * fetched), or, before the list was read, notes that no form could be
 * updated; why is a message for people. */
void sync_forms_skip(struct sync_forms *f, const char *why);

/* The notes written since the last call, one at a time, oldest first:
 * NULL when there are none.  Valid until the next call or destroy. */
const char *sync_forms_take_note(struct sync_forms *f);

/* Forms installed and refused so far. */
size_t sync_forms_installed(const struct sync_forms *f);
size_t sync_forms_refused(const struct sync_forms *f);

#endif
