/*
 * CSV cells that are safe to open in a spreadsheet: RFC 4180 quoting and
 * no formula injection.  Pure libc; the CSV exports of the kiosk and of
 * the collector write their cells with it (src/record/record_export.c).
 */
#ifndef PARVIS_CORE_CSV_H
#define PARVIS_CORE_CSV_H

#include <stddef.h>
#include <stdio.h>

/* Writes one cell, RFC 4180 quoted and never read as a formula (NULL: an
 * empty cell).  Write errors are left in out's error flag. */
void csv_cell(FILE *out, const char *v);

/* Writes one row of n cells, comma-separated, ending with CRLF. */
void csv_row(FILE *out, const char *const *cells, size_t n);

#endif
