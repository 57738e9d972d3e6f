/*
 * Consultation files (forms/NAME.ini) as the rest of parvis sees them.
 *
 * A form is parsed from an INI file written by animators: a [form] section,
 * then one [question ID] section per screen, in file order, and perhaps a
 * [testimony] section for the porteurs de parole.  Every text has
 * a French value and an optional English one (key.en).  The parser keeps the
 * exact bytes of the file and their SHA-256, so every answer can be tied to
 * the very text that was shown.  See forms/README.md for the authors' guide.
 */
#ifndef PARVIS_FORM_FORM_H
#define PARVIS_FORM_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Files larger than this are refused (a form is a few kilobytes). */
#define FORM_MAX_BYTES (1024 * 1024)

/* More questions than this are refused (a kiosk form takes two minutes). */
#define FORM_MAX_QUESTIONS 200

/* More options than this in one question are refused. */
#define FORM_MAX_OPTIONS 50

/* More tags than this in a [testimony] section are refused: a porteur de
 * parole picks them on one screen. */
#define FORM_MAX_TAGS 12

/* At most this many problems are listed per file; then one line says the
 * rest was left out. */
#define FORM_MAX_DIAGS 100

/* The longest retention_days a form may give: a hundred years. */
#define FORM_MAX_RETENTION_DAYS 36500

/* How long the collector keeps the answers of a form without
 * retention_days: its own [retention] days, 730 (two years) unless set
 * there.  For messages; the collector's configuration decides. */
#define FORM_COLLECTOR_RETENTION_DAYS 730

enum lang {
	LANG_FR,
	LANG_EN,
	LANG_COUNT,
};

/* A text shown to people: French always, English when given. */
struct text {
	char *fr;
	char *en; /* NULL when the file gives no .en value */
};

enum question_type {
	Q_INFO,    /* a text screen, no answer */
	Q_CHOICE,  /* one option */
	Q_CHOICES, /* several options, up to max; optional "other" */
	Q_SCALE,   /* an integer from min to max (default 1..5) */
	Q_RANK,    /* options put in order of preference */
	Q_TEXT,    /* free text, up to max_length code points */
	Q_NUMBER,  /* an integer from min to max */
	Q_COMMUNE, /* one of data/communes.csv, by INSEE code */
	Q_CONSENT, /* yes / no: "oui" or "non" */
};

struct option {
	char *key; /* stable identifier: [a-z0-9-]+ */
	struct text label;
	int line; /* line of its `option` line, 0 if none */
};

enum cond_op {
	COND_EQ,     /* =      */
	COND_NE,     /* !=     */
	COND_IN,     /* in     */
	COND_NOT_IN, /* not-in */
	COND_GE,     /* >=     */
	COND_LE,     /* <=     */
};

/* One `when` line: a test on the answer to an earlier question. */
struct condition {
	size_t question; /* index into form.questions, < this one */
	enum cond_op op;
	char **values; /* option keys, or one integer for >= and <= */
	size_t nvalues;
	int line;
};

struct question {
	char *id; /* [a-z0-9-]+, unique in the form */
	enum question_type type;
	struct text prompt;
	struct text help;       /* optional second line under the prompt */
	struct option *options; /* choice, choices, rank */
	size_t noptions;
	bool required;
	bool other;              /* choices/choice: adds "Autre : ..." */
	int64_t min, max;        /* scale and number bounds; choices: max picks
				 * (the "other" entry counts as one pick) */
	int64_t max_length;      /* text and the "other" entry: code points
				 * (default 500) */
	struct text min_label;   /* scale: what min means ("Pas du tout") */
	struct text max_label;   /* scale: what max means ("Tout à fait") */
	struct condition *conds; /* all must hold for the screen to show */
	size_t nconds;
	int line; /* line of the [question ...] header */
};

/* A form's [testimony] section: the question the porteurs de parole ask
 * beside their board for this consultation, and the tags (themes) they
 * may put on what people tell them. */
struct testimony {
	struct text question;
	struct option *tags; /* key | label, like a question's options */
	size_t ntags;
	int line; /* of the [testimony] line, 0 when the form has none */
};

/* One problem found in a file, as "file:line: message". */
struct form_diag {
	char *text;
};

struct form_diags {
	struct form_diag *items;
	size_t count;
};

enum partial_policy {
	PARTIAL_KEEP, /* an abandoned session is saved as "abandoned" */
	PARTIAL_DROP, /* an abandoned session is forgotten */
};

struct form {
	char *id;
	int64_t version;
	struct text title;
	struct text summary;
	struct text privacy;
	struct text thanks;
	char *level; /* information|consultation|concertation|coelaboration */
	char *owner;
	char opens[11]; /* YYYY-MM-DD, "" when not given */
	char closes[11];
	char *link; /* URL for the QR code, or NULL */
	enum partial_policy partial;
	int retention_days; /* days the collector keeps the answers, 1 to
			     * FORM_MAX_RETENTION_DAYS; 0 when not given:
			     * the collector's [retention] days applies */
	struct question *questions;
	size_t nquestions;
	struct testimony testimony; /* testimony.line is 0 when absent */

	char *path;   /* the file it was read from */
	char *source; /* the exact bytes of the file */
	size_t source_len;
	char hash[65]; /* SHA-256 of source, hex */

	/* Advice on a valid form, for `parvis check`: "file:line: warning:
	 * ..." when the privacy notice names no duration or another one
	 * than retention_days, "file:line: note: ..." when retention_days
	 * is absent.  Owned by the form. */
	struct form_diags warnings;
};

/* Parses and validates a form from the bytes of a file; path is used in
 * messages.  Returns a new form (free with form_destroy) or NULL when there
 * is any problem; every problem found is appended to diags (may be NULL),
 * each as "path:line: message (expected ...)".  A form is never returned
 * with a problem silently ignored. */
struct form *form_parse(
    const char *path, const char *data, size_t len, struct form_diags *diags);

/* Reads path and parses it like form_parse(). */
struct form *form_parse_file(const char *path, struct form_diags *diags);

void form_destroy(struct form *form);
void form_diags_finish(struct form_diags *diags);

/* The text in lang, falling back to French; "" when the text is absent
 * (an optional key not given).  Never NULL. */
const char *form_text(const struct text *t, enum lang lang);

/* Index of the question with this id, or -1. */
int form_find_question(const struct form *form, const char *id);

/* Index of the option with this key in q, or -1. */
int form_find_option(const struct question *q, const char *key);

/* Index of the option with this key among options[0..n), or -1 (for a
 * question's options and a [testimony] section's tags alike). */
int form_find_key(const struct option *options, size_t n, const char *key);

/* True when the form is open on the given day (days since the epoch):
 * opens <= day <= closes, a missing bound being open-ended. */
bool form_is_open(const struct form *form, int64_t day);

/* The name of a question type as written in files ("choice", ...). */
const char *form_type_name(enum question_type type);

/* The type called name in files; false if name is no type. */
bool form_type_from_name(const char *name, enum question_type *type);

#endif
