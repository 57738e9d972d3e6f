/*
 * Whole-file reading for the small text files parvis works with (forms,
 * configuration files, CSV reference data).
 */
#ifndef PARVIS_CORE_FILE_H
#define PARVIS_CORE_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "error.h"

/* Reads path into a newly allocated NUL-terminated buffer (*data, freed by
 * the caller) of *len bytes.  Refuses files over max_bytes.  On failure
 * returns false with a message naming the file. */
bool file_read_all(const char *path, size_t max_bytes, char **data, size_t *len,
    struct error *err);

/* The same for a file already open as f (named path in the messages),
 * read from where it stands to its end; f stays open. */
bool file_read_stream(FILE *f, const char *path, size_t max_bytes, char **data,
    size_t *len, struct error *err);

#endif
