/*
 * Testimonies typed by porteurs de parole, and retractions (see
 * src/record/RECORDS.md).  Withdrawing a record appends a retraction:
 * nothing is ever erased.
 */
#ifndef PARVIS_STORE_TESTIMONY_H
#define PARVIS_STORE_TESTIMONY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "store.h"

/* More tags than this on one testimony are refused. */
#define STORE_TESTIMONY_MAX_TAGS FORM_MAX_TAGS

struct store_testimony {
	const char *question;   /* the question of the day, or NULL */
	const char *words;      /* verbatim (sanitised again here) */
	const char *quote;      /* "named", "anonymous" or "private" */
	const char *first_name; /* with "named" only, else NULL */
	const char *age;        /* an age band key, or NULL */
	const char *commune; /* an INSEE code or "hors-territoire", or NULL */
	const struct form *form; /* the consultation whose [testimony]
				  * section is in use, or NULL */
	const char *const *tags; /* keys of form's tags, ntags of them */
	size_t ntags;
	const char *site; /* the site of the day, or NULL */
};

/* Appends a testimony record (mode "volunteer") in one transaction; with
 * a form, the record names its version (whose text is kept) and only its
 * tags are accepted.  A commune that is no INSEE code, an unknown tag or
 * one given twice is refused: nothing is written. */
bool store_add_testimony(
    struct store *s, const struct store_testimony *t, struct error *err);

/* Appends a retraction of the record uuid, with a reason for people. */
bool store_retract(struct store *s, const char *uuid, const char *reason,
    const char *site, struct error *err);

/* Called for each testimony by store_each_testimony(). */
typedef void (*store_testimony_fn)(
    void *ctx, const char *uuid, const char *created_at, const char *words);

/* Calls fn for the testimonies created at or after since that are not
 * retracted, newest first, at most limit of them. */
bool store_each_testimony(struct store *s, const char *since, int limit,
    store_testimony_fn fn, void *ctx, struct error *err);

#endif
