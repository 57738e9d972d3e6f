/*
 * The verbatims: every piece of public text the kiosk holds — the words
 * of testimonies, the free-text answers and the "other" texts of
 * submissions — newest first, searchable with SQLite FTS5 (the table
 * `verbatims`, filled in the very transaction that appends a record, see
 * store_verbatims_index_in_tx() in store_impl.h).  Retracted records are
 * left out, and every text is sanitised again before it is handed out.
 */
#ifndef PARVIS_STORE_VERBATIMS_H
#define PARVIS_STORE_VERBATIMS_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "store.h"

enum store_verbatim_kind {
	VERBATIM_TESTIMONY, /* what a passer-by told a porteur de parole */
	VERBATIM_ANSWER,    /* the answer to a free-text question */
	VERBATIM_OTHER,     /* the "Autre : ..." text of a choice */
};

/* One verbatim; every string is sanitised and lives until fn returns. */
struct store_verbatim {
	int64_t seq; /* of its record */
	const char *created_at;
	enum store_verbatim_kind kind;
	const char *text;
	const char *quote;      /* testimonies: named, anonymous, private */
	const char *first_name; /* named testimonies, else NULL */
	const char *commune;    /* testimonies: INSEE code or
				 * "hors-territoire", when given, else NULL */
	const char *form_id;    /* submissions (and testimonies taken with a
				 * [testimony] section), else NULL */
};

typedef void (*store_verbatim_fn)(void *ctx, const struct store_verbatim *v);

/* Calls fn for at most limit verbatims, newest first, that match query
 * (words as a person types them, each a prefix, all of them required,
 * accents ignored: "ecole" finds "école"), or for all of them when query
 * is NULL or blank.  False, with err filled, when the store cannot be
 * read. */
bool store_each_verbatim(struct store *s, const char *query, int limit,
    store_verbatim_fn fn, void *ctx, struct error *err);

#endif
