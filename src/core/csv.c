/*
 * CSV cells that are safe to open in a spreadsheet.
 *
 * RFC 4180: fields are separated by commas, rows end with CRLF, and a
 * field holding a comma, a double quote, CR or LF is put in double quotes
 * with its quotes doubled.  Formula injection: text typed by the public
 * that starts with = + - @ TAB or CR would be run as a formula by Excel or
 * LibreOffice ("=HYPERLINK(...)"), so such a cell gets a leading
 * apostrophe, which spreadsheets read as "this is text"; a plain number
 * such as -3 or +2.5 is left alone.  The full-width forms of = + - @,
 * which some spreadsheets also accept, are treated the same way.
 */
#include "csv.h"

#include <stdbool.h>
#include <string.h>

/* UTF-8 of U+FF1D, U+FF0B, U+FF0D, U+FF20: full-width = + - @. */
static const char *const wide_triggers[] = {
	"\xef\xbc\x9d",
	"\xef\xbc\x8b",
	"\xef\xbc\x8d",
	"\xef\xbc\xa0",
};

/* An optional sign, digits, optionally a decimal point or comma and more
 * digits. */
static bool
plain_number(const char *v)
{
	size_t i = 0;
	size_t digits = 0;

	if (v[i] == '+' || v[i] == '-') {
		i++;
	}
	while (v[i] >= '0' && v[i] <= '9') {
		i++;
		digits++;
	}
	if (digits > 0 && (v[i] == '.' || v[i] == ',') && v[i + 1] >= '0' &&
	    v[i + 1] <= '9') {
		i++;
		while (v[i] >= '0' && v[i] <= '9') {
			i++;
		}
	}
	return digits > 0 && v[i] == '\0';
}

/* True when a spreadsheet could take v for a formula. */
static bool
formula_like(const char *v)
{
	if (v[0] != '\0' && strchr("=+-@\t\r", v[0]) != NULL) {
		return !plain_number(v);
	}
	for (size_t i = 0; i < sizeof wide_triggers / sizeof *wide_triggers;
	     i++) {
		if (strncmp(v, wide_triggers[i], 3) == 0) {
			return true;
		}
	}
	return false;
}

void
csv_cell(FILE *out, const char *v)
{
	bool quote;

	if (v == NULL) {
		return;
	}
	quote = strpbrk(v, ",\"\r\n") != NULL;
	if (quote) {
		fputc('"', out);
	}
	if (formula_like(v)) {
		fputc('\'', out);
	}
	for (const char *p = v; *p != '\0'; p++) {
		if (*p == '"') {
			fputc('"', out);
		}
		fputc(*p, out);
	}
	if (quote) {
		fputc('"', out);
	}
}

void
csv_row(FILE *out, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0) {
			fputc(',', out);
		}
		csv_cell(out, cells[i]);
	}
	fputs("\r\n", out);
}
