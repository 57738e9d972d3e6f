/*
 * What the files of src/conf share and its users never see: the reader
 * that applies the line rules before inih sees a line (lines.c).
 *
 * Debian's inih is built to cut a value at " ;" (French typography puts a
 * space before ';'), to split lines over 200 bytes, and to give its
 * handler no line number.  So this reader hands inih one line at a time,
 * knowing which line it is, and applies the rules of consultation files:
 * an inline comment needs two spaces or a tab before ';' or '#'; the ';'
 * that stay in a value are hidden from inih as a private-use character
 * and put back by conf_lines_restore().  Section headers, lines without
 * '=' and lines too long are checked here, at their own line.
 */
#ifndef PARVIS_CONF_CONF_IMPL_H
#define PARVIS_CONF_CONF_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "conf.h"

struct conf_lines {
	FILE *in;
	char *buf;
	size_t cap;
	int line;                       /* of the line last read */
	const struct conf_table *table; /* for the known sections */
	char problem[256];              /* set when the last line was refused */
};

/* An ini_reader for ini_parse_stream(): reads the next line into str
 * (num bytes).  A line that breaks a rule is replaced by an empty comment
 * and its problem is left in cl->problem.  Returns NULL at the end. */
char *conf_lines_read(char *str, int num, void *cl);

/* Puts back in place the ';' the reader hid, in place. */
void conf_lines_restore(char *value);

void conf_lines_finish(struct conf_lines *cl);

/* True when name is a section of the table (one of its keys' or its free
 * section). */
bool conf_known_section(const struct conf_table *t, const char *name);

#endif
