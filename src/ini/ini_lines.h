/*
 * The one INI reader of parvis: consultation files (forms/), kiosk.ini and
 * collect.ini.  Bytes in; logical lines out, each with the line it starts
 * on; every problem with its line.  The reader knows the syntax, never
 * what a section or a key means, and never words a problem: each kind of
 * file says it in its own messages (src/form/form_ini.c, src/conf/conf.c)
 * and gives the lines their meaning.
 *
 * The rules (forms/README.md and parvis-forms(5) tell authors; kiosk.ini(5)
 * tells administrators):
 *   - UTF-8; a byte order mark at the start is skipped; lines end with LF
 *     or CRLF;
 *   - a line whose first non-blank character is ';' or '#' is a comment;
 *   - elsewhere ';' or '#' starts a comment only after a run of blanks two
 *     long or holding a tab ("id = bus   ; stable"); after one space it is
 *     text, as French typography writes it ("Responsable : X ; durée");
 *   - "[name argument]" is a section line: ']' is its last character
 *     (blanks and a comment aside), the name runs to the first blank, the
 *     argument, if any, is the rest;
 *   - "key = value": the key is what comes before the first '=', the value
 *     what follows; blanks around both are dropped, tabs inside become
 *     spaces;
 *   - with continuation lines (forms), a non-blank line that starts with a
 *     blank continues the value of the key line above it as a new
 *     paragraph ("\n" between them); a blank line ends the value, a comment
 *     line does not; an indented line with no value above it, or after a
 *     line refused, is a problem;
 *   - with text_only (forms), every line, comments included, must be UTF-8
 *     without control or invisible characters (tabs aside).
 *
 * What kiosk.ini and collect.ini keep of their own, so that they take
 * every file they took when inih read them line by line (struct
 * ini_rules):
 *   - no continuation lines: an indented key line is a problem (a key
 *     indented by mistake must not vanish into the value above), while an
 *     indented section line is still one;
 *   - not text_only: a line ends at its first CR (a CR before LF is a line
 *     ending, even doubled, and what followed a lone CR was never read);
 *     a line holding a NUL byte is refused as INI_INVALID_UTF8; only the
 *     key and the value of a key line must be UTF-8, and control or
 *     invisible characters are taken;
 *   - a key line has at most max_line bytes, its comment aside.
 *
 * Why inih sees only a skeleton.  inih is the INI parser the project
 * chose, and it keeps the structure: which section each key line falls
 * in.  But Debian builds it to cut a value at " ;" (French typography puts
 * a space before ';'), to cut lines at 200 bytes (a privacy notice is
 * longer), to split a key at ':' as well as '=', to keep 50 bytes of a
 * section name ("[question ID]" takes up to 74), and to give its handler
 * no line number, while every problem here must name one.  So the reader
 * applies the rules above itself, in a first pass, and keeps every line's
 * text and line number on its side; then it hands inih, through
 * ini_parse_stream()'s reader, one short line per logical line, "[N]" for
 * a section line and "N=" for a key line, N its index, which no build of
 * inih can misread.  inih's handler gets the key's index and the index of
 * its section, and the lines reach the caller from there, in file order,
 * with the problems between them.
 */
#ifndef PARVIS_INI_INI_LINES_H
#define PARVIS_INI_INI_LINES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What one kind of file takes (see above). */
struct ini_rules {
	bool continuation; /* indented lines continue the value above */
	bool text_only;    /* every line is UTF-8 without control characters */
	size_t max_line;   /* bytes of a key line, its comment aside; 0: any */
};

enum ini_kind {
	INI_SECTION, /* [name argument] */
	INI_KEY,     /* key = value, continuation lines joined */
};

/* One logical line, valid during the callback that hands it out. */
struct ini_line {
	enum ini_kind kind;
	int line; /* where it starts, from 1 */
	/* A problem was reported on one of its lines (invalid UTF-8, a
	 * control character): its text is not to be used, nor reported
	 * again. */
	bool bad;
	const char *name;  /* the section's name, or the key */
	const char *value; /* the section's argument (NULL if none), or the
			    * value ("" if none) */
	/* For a key line: the section line it falls in, NULL before any. */
	const struct ini_line *section;
};

enum ini_problem {
	INI_INVALID_UTF8,     /* the line is not UTF-8 */
	INI_CARRIAGE_RETURN,  /* a CR that does not end the line */
	INI_CONTROL,          /* a control character, in cp */
	INI_INVISIBLE,        /* an invisible character (bidi...), in cp */
	INI_SECTION_UNCLOSED, /* "[name" with no ']' at all */
	INI_SECTION_TRAILING, /* "[name] text": text is "name" */
	INI_NOT_A_KEY,        /* neither a section nor a key: no '=' */
	INI_NO_KEY,           /* "= value": nothing before '=' */
	INI_ORPHAN,           /* an indented line with nothing to continue */
	INI_INDENTED,         /* an indented key line (no continuation) */
	INI_TOO_LONG,         /* a key line over max_line bytes */
};

struct ini_report {
	enum ini_problem what;
	int line;
	uint32_t cp;      /* INI_CONTROL, INI_INVISIBLE */
	const char *text; /* INI_SECTION_TRAILING; NULL otherwise */
};

/* Where the lines and problems go, in file order.  A problem comes before
 * the logical line of the physical line it is on, or after the key line a
 * continuation line it is on joins. */
struct ini_sink {
	void (*line)(void *user, const struct ini_line *l);
	void (*problem)(void *user, const struct ini_report *r);
	void *user;
};

/* Reads data[0..len) under rules, handing every logical line and problem
 * to sink.  The text of the lines belongs to the reader: copy what is
 * kept.  Returns true once everything is handed out; false when memory
 * ran out (or, a bug, inih did not read back the lines it was given),
 * possibly after part of the file was handed out. */
bool ini_lines_read(const char *data, size_t len, const struct ini_rules *rules,
    const struct ini_sink *sink);

/* A newly allocated copy of s[0..len) without blanks around it, tabs made
 * spaces, as the reader makes keys and values (for the parts of a value
 * its reader splits further: "key | label").  NULL when memory runs out;
 * the caller frees it. */
char *ini_trim_copy(const char *s, size_t len);

#endif
