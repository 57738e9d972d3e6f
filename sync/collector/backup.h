/*
 * `parvis-collect backup FILE`: a consistent copy of the collector's
 * database, taken with SQLite's online backup API while the server keeps
 * running (WAL readers do not block writers).  The copy is written as
 * FILE.part, checked, synced, then renamed to FILE, so FILE is always
 * either the previous backup or a complete new one.  The restore
 * procedure is in man/parvis-collect.8.scd and docs/deployment.md.
 */
#ifndef PARVIS_COLLECT_BACKUP_H
#define PARVIS_COLLECT_BACKUP_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"
#include "error.h"

/* Copies d to path (mode 0600, a single file in rollback-journal mode,
 * ready to be put back as the database).  Refuses to write over the
 * database itself.  Returns false, leaving path as it was and no .part
 * behind, with a message naming the file on failure; *bytes (may be
 * NULL) gets the size of the copy. */
bool backup_write(
    struct db *d, const char *path, int64_t *bytes, struct error *err);

#endif
