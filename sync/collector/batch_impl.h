/*
 * What the two files of the batch parser share: batch.c (the lines, the
 * record lines, the whole) and batch_header.c (the header line, its
 * numbers and its declared holes).
 */
#ifndef PARVIS_COLLECT_BATCH_IMPL_H
#define PARVIS_COLLECT_BATCH_IMPL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "batch.h"
#include "error.h"

/* One reading of a body. */
struct parse {
	sqlite3 *db;
	sqlite3_stmt *object;
	sqlite3_stmt *header;
	sqlite3_stmt *keys;
	sqlite3_stmt *record;
	sqlite3_stmt *holes;
	const char *kiosk; /* expected, or NULL: the header's */
	struct batch *b;
	int line;
	int64_t next_seq; /* the seq the next record line must have */
	size_t next_hole; /* the first hole not passed yet */
	struct error *err;
};

/* The statements of the header line and of its holes (batch_header.c). */
extern const char batch_header_sql[];
extern const char batch_holes_sql[];

/* Fills p->err with "line N: message" and returns status. */
enum batch_status batch_fail(struct parse *p, enum batch_status status,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A short, printable copy of untrusted text for a message (out), and one
 * cut to fit size. */
const char *batch_quote(const char *s, char out[48]);
void batch_quote_into(const char *s, char *out, size_t size);

/* 64 lowercase hex digits. */
bool batch_is_hash(const char *s);

/* Binds text to st and steps it to its only row. */
enum batch_status batch_run(
    struct parse *p, sqlite3_stmt *st, const char *text, size_t len);

/* The line is UTF-8 with no byte below 0x20 and one JSON object. */
enum batch_status batch_check_object(
    struct parse *p, const char *text, size_t len);

/* Column col of st (a json_type) says type; field col (type, value pairs)
 * has type; the value of field col when it has that type, else NULL. */
bool batch_has_type_at(sqlite3_stmt *st, int col, const char *type);
bool batch_has_type(sqlite3_stmt *st, int col, const char *type);
const char *batch_typed(sqlite3_stmt *st, int col, const char *type);

/* Reads and checks the header line into p->b (batch_header.c). */
enum batch_status batch_parse_header(
    struct parse *p, const char *text, size_t len);

#endif
