/*
 * Configuration files (kiosk.ini, collect.ini) read through one table of
 * keys: {section, key, type, field offset, default, bounds, check, help}.
 * The same table fills the program's struct with the defaults, reads the
 * file over them, frees what it holds, and prints --help-config.
 *
 * The file is read by the INI reader of parvis (src/ini/ini_lines.h),
 * under the rules of consultation files less their continuation lines: a
 * line whose first non-blank character is ';' or '#' is a comment; an
 * inline comment needs a run of two blanks, or one holding a tab, before
 * ';' or '#', so a ';' after a single space stays in the value; key =
 * value starts at the beginning of its line (an indented key is refused,
 * never taken as more of the value above); a key line is at most 192
 * bytes, its comment aside (198 are taken, as always); a section header is
 * "[name]" alone on its line, an indented one too, and names a known
 * section; the key and the value must be UTF-8; tabs in a value become
 * spaces; a byte order mark at the start is skipped.  Every problem is
 * reported as "file:line: message", all of them, not only the first; a key
 * given twice is one.
 *
 * The program keeps its own table and the checks of its own types of
 * value (an identifier, an address...): a check reports with
 * conf_report() and refuses the value, which is then not stored.
 */
#ifndef PARVIS_CONF_CONF_H
#define PARVIS_CONF_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "error.h"

/* One reading of a file, for checks and free sections to report on. */
struct conf_parse;

enum conf_type {
	CONF_STRING,  /* text, in a char * field */
	CONF_INT,     /* a whole number within [min, max], in an int64_t */
	CONF_PATH,    /* a file name relative to the configuration file's
			 * directory, in a char * (the default too) */
	CONF_OPTPATH, /* like CONF_PATH, but empty means none */
};

struct conf_key;

/* Checks value before it is stored: true if it is good; otherwise reports
 * it with conf_report() and returns false. */
typedef bool conf_check_fn(
    struct conf_parse *p, const struct conf_key *k, const char *value);

struct conf_key {
	const char *section;
	const char *key;
	enum conf_type type;
	size_t offset;        /* of the field in the program's struct */
	const char *def;      /* the default, as written in the file */
	int64_t min, max;     /* CONF_INT */
	conf_check_fn *check; /* NULL: any value of the type */
	const char *help;     /* for --help-config (English) */
};

/* A section whose keys are the program's to take, one line each ([sites]
 * of kiosk.ini: ID = Name of the place). */
struct conf_free_section {
	const char *name;
	/* Takes key = value for cfg; reports with conf_report(). */
	void (*entry)(struct conf_parse *p, void *cfg, const char *key,
	    const char *value);
	const char *help_key; /* for --help-config: "ID = Name..." */
	const char *help;
};

struct conf_table {
	/* The program, in "see parvis --help-config". */
	const char *program;
	/* The kind of file, in "expected a kiosk.ini file" when it cannot
	 * be read; NULL says nothing more than why. */
	const char *file_kind;
	/* The known sections as a person reads them, in "unknown section
	 * [x] (expected ...)", marked with N_() where translated. */
	const char *sections;
	const struct conf_key *keys;
	size_t nkeys;
	const struct conf_free_section *free_section; /* or NULL */
	int help_width; /* of the key column of --help-config */
};

/* Fills the fields of cfg named by the table with their defaults (path
 * defaults are resolved by conf_load()). */
void conf_init(const struct conf_table *t, void *cfg);

/* Reads path over what cfg holds.  Every problem is reported as
 * "path:line: message"; the first one goes into err and the function
 * returns false (all are printed to diag when it is not NULL). */
bool conf_load(const struct conf_table *t, void *cfg, const char *path,
    FILE *diag, struct error *err);

/* Frees the strings of cfg named by the table, setting them to NULL. */
void conf_finish(const struct conf_table *t, void *cfg);

/* Prints every key with its help and default, section by section, then
 * the free section (for --help-config). */
void conf_print_help(const struct conf_table *t, FILE *out);

/* Reports a problem at the line being read. */
void conf_report(struct conf_parse *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
