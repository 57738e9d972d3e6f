/*
 * Inside the form parser: what form_ini.c, form_parse.c, form_check.c and
 * when.c share.  Nothing outside src/form includes this header; the rest of
 * parvis sees only form.h.
 *
 * Parsing goes in three passes over one struct parser: the INI reader of
 * src/ini turns bytes into logical lines under the rules of forms, its
 * problems worded for authors (form_ini.c); the section parser fills a
 * struct form key by key from two tables as the lines come (form_parse.c,
 * checking each section as it ends in form_check.c); and the `when` lines
 * are resolved last, once every question id is known (when.c).  Every
 * problem goes to parser_error() with its line; they are sorted by line at
 * the end.
 */
#ifndef PARVIS_FORM_FORM_PARSE_H
#define PARVIS_FORM_FORM_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "form.h"
#include "ini_lines.h"

/* The most keys a section table holds. */
#define PARSER_MAX_KEYS 24

/* Room for a value quoted in a message (longer values are shortened). */
#define QUOTE_MAX 64

/* A problem found, kept until all are sorted by line. */
struct parser_diag {
	int line;
	size_t seq;
	char *text;
};

/* A line kept for later: an option.en until its question ends, a `when`
 * until every question is known. */
struct pending {
	size_t question;
	int line;
	char *text;
};

enum section {
	SECTION_NONE, /* before the first section */
	SECTION_FORM,
	SECTION_QUESTION,
	SECTION_TESTIMONY,
	SECTION_IGNORED, /* an unknown or repeated section: reported */
};

struct parser {
	const char *path;
	struct form *form;
	struct parser_diag *diags;
	size_t ndiags;
	size_t nerrors;
	bool oom;

	enum section section;
	int section_line;
	int form_line;                  /* line of [form], 0 if none yet */
	int seen[PARSER_MAX_KEYS];      /* line of each key, 0: not given */
	bool refused[PARSER_MAX_KEYS];  /* its value was reported */
	bool typed[FORM_MAX_QUESTIONS]; /* questions with a known type */
	bool too_many;             /* "too many ...", key outside: said once */
	struct pending *option_en; /* option.en or tag.en of the section */
	size_t noption_en;
	struct pending *whens; /* of the whole file */
	size_t nwhens;
};

#define KEY_REQUIRED (1u << 0)
#define KEY_REPEAT (1u << 1)

/* The bit of a question type in struct key_def's types. */
#define T(type) (1u << (type))

struct key_def;

/* Checks a value and stores it in obj (the form or the question). */
typedef void key_setter(struct parser *p, const struct key_def *k, void *obj,
    const struct ini_line *l);

struct key_def {
	const char *name;
	size_t offset; /* of its field in the form or question */
	key_setter *set;
	unsigned flags;       /* KEY_REQUIRED, KEY_REPEAT */
	unsigned types;       /* question types it fits; 0: all */
	const char *expected; /* what a good value looks like */
};

/* The key table of the current section ([form], [question] or
 * [testimony]). */
const struct key_def *parser_keys(const struct parser *p, size_t *n);

/* The question being parsed: the last one. */
struct question *parser_question(const struct parser *p);

/* Records a problem at line (0: the whole file).  The message is for a
 * person: "what is wrong (expected ...)". */
void parser_error(struct parser *p, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Adds advice on a form that stays valid (p->form->warnings): the
 * message starts with "warning: " or "note: ", and gets the path and
 * line in front like a problem's.  Warnings come in the order they are
 * given. */
void parser_warning(struct parser *p, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Records that memory ran out (once). */
void parser_oom(struct parser *p);

/* Copies s into buf for a message, shortened to fit QUOTE_MAX bytes. */
const char *parser_quote(const char *s, char buf[QUOTE_MAX]);

/* Appends a copy of text to a list of pending lines. */
bool parser_pending_add(struct pending **list, size_t *n, size_t question,
    int line, const char *text);
void parser_pending_free(struct pending **list, size_t *n);

/* Splits an option line's "key | label" into two new strings; false
 * (reported) when the line is not of that shape. */
bool parser_split_option(
    struct parser *p, const struct ini_line *l, char **key, char **label);

/* True when s is a non-empty [a-z0-9-]+ of at most max bytes. */
bool parser_valid_id(const char *s, size_t max);

/* Parses a whole decimal number (optional '-'), within +-10^15. */
bool parser_int(const char *s, int64_t *out);

/* Reads data through the INI reader, reporting the problems of its lines
 * and handing each logical line to form_parse_line(), then ends the last
 * section (form_ini.c).  False when memory ran out (reported). */
bool form_read(struct parser *p, const char *data, size_t len);

/* Fills p->form with one logical line: a section line ends the section
 * above and begins its own, a key line goes to its section's table
 * (form_parse.c). */
void form_parse_line(struct parser *p, const struct ini_line *l);

/* Ends the last section, once every line is read. */
void form_parse_end(struct parser *p);

/* The line of key in the current section, 0 if it was not given or its
 * value was refused (so that no check works on a value already reported,
 * and defaults apply). */
int parser_seen(const struct parser *p, const char *key);

/* True when key was given in the current section, even if refused. */
bool parser_given(const struct parser *p, const char *key);

/* Checks the section that just ended (form_check.c). */
void form_check_form(struct parser *p);

/* At the end of [form]: what retention_days and the privacy notice say
 * about how long the answers are kept, as warnings (form_retention.c). */
void form_check_retention(struct parser *p);
void form_check_question(struct parser *p);
void form_check_testimony(struct parser *p);

/* Checks what needs the whole file: a [form], some questions. */
void form_check_file(struct parser *p);

/* Resolves the pending `when` lines into conditions (when.c). */
void when_resolve(struct parser *p);

/* Frees what a question holds (form.c). */
void form_question_finish(struct question *q);

#endif
