/*
 * Exports written to a file, for `parvis export --output` and the admin
 * screens' export to a USB stick: the CSV's byte-order mark, and a file
 * written beside its name, flushed to the disk, then renamed, so that a
 * missing folder, a read-only stick or a full disk leave nothing behind.
 */
#ifndef PARVIS_KIOSK_EXPORT_FILE_H
#define PARVIS_KIOSK_EXPORT_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "error.h"
#include "store.h"

/* Writes the export (store_export()) to out, a CSV behind a UTF-8
 * byte-order mark.  False, with a message, when it fails (out may then
 * hold part of it). */
bool export_write(struct store *s, enum store_format format,
    const char *form_id, FILE *out, struct error *err);

/* Writes the export to path atomically (PATH.part, fsync, rename).  False
 * with a message for a person, naming path and saying why (a folder that
 * does not exist, one that is read-only, a full disk); then nothing is
 * left at path or beside it. */
bool export_file(struct store *s, enum store_format format, const char *form_id,
    const char *path, struct error *err);

/* The file an animator is offered: in the first folder of a mounted USB
 * stick (/media/USER/LABEL or /run/media/USER/LABEL), else in the folder
 * of database, "parvis-KIOSK-YYYY-MM-DD.ndjson" of the day of now_ms. */
void export_suggest_path(const char *database, const char *kiosk_id,
    int64_t now_ms, char *out, size_t size);

#endif
