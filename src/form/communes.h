/*
 * The communes of the territory, from data/communes.csv: for the `commune`
 * question (search by first letters) and for reach figures.
 */
#ifndef PARVIS_FORM_COMMUNES_H
#define PARVIS_FORM_COMMUNES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* The answer of someone who lives outside the territory. */
#define COMMUNES_ELSEWHERE "hors-territoire"

struct commune {
	char insee[6];
	char *name;
	char *folded; /* name in lowercase ASCII, no accents; spaces,
			 * hyphens and apostrophes as ' ' (for search) */
	char department[3];
	char postal_code[6];
	int64_t population;
	char epci[8];
};

struct communes {
	struct commune *items; /* sorted by name, French collation-ish */
	size_t count;
};

/* Loads the CSV (header: insee,name,department,postal_code,population,
 * population_year,epci).  Errors name the file and line. */
bool communes_load(struct communes *c, const char *path, struct error *err);
void communes_finish(struct communes *c);

/* True when s has the shape of an INSEE code: 5 characters, digits, with
 * 2A or 2B for Corsica ("04070", "2A004").  It may still be no commune of
 * the list: see communes_find(). */
bool communes_valid_insee(const char *s);

/* The commune with this INSEE code, or NULL. */
const struct commune *communes_find(
    const struct communes *c, const char *insee);

/* A new copy of s as names are compared: lowercase ASCII without accents
 * ("Château" -> "chateau", "œ" -> "oe"), spaces, hyphens and apostrophes
 * as ' '.  NULL when memory runs out; the caller frees it. */
char *communes_fold(const char *s);

/* Fills out (up to max entries) with the communes whose name, or one of
 * its words, starts with prefix, compared without case, accents, hyphens
 * or apostrophes ("st" finds "Saint-..." is NOT attempted; "chat" finds
 * "Château-Arnoux-Saint-Auban").  Returns how many match in total. */
size_t communes_search(const struct communes *c, const char *prefix,
    const struct commune **out, size_t max);

#endif
