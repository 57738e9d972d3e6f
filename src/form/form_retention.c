/*
 * How long a consultation keeps its answers: the [form] key
 * retention_days against what the privacy notice tells people.  Neither
 * makes a form invalid; `parvis check` shows the warnings left in
 * form->warnings:
 *
 *   - the French privacy notice names no duration at all;
 *   - it names durations, and none is retention_days;
 *   - retention_days is absent (a note: the collector's [retention] days
 *     applies, 730 unless set there).
 *
 * A duration is a number followed by a unit, as people write them in a
 * notice: the number in digits or in words (un, une, deux ... douze,
 * quinze, dix-huit, vingt, vingt-quatre, trente, trente-six), the unit
 * jour, semaine, mois, an or année (plural or not).  "gardées 2 ans",
 * "pendant trois mois", "24 mois", "d'un an".  A month counts 28 to 31
 * days, a year 365 or 366: retention_days = 730 is "2 ans" and "24 mois".
 * Nothing cleverer: a notice that says "jusqu'à la fin de la
 * concertation" gets the warning, and its author the advice to name a
 * duration.
 */
#include "form_parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gettext.h"

/* A duration found in a text, as a range of days, and its words. */
struct duration {
	int64_t min_days, max_days;
	char words[QUOTE_MAX];
};

static const struct {
	const char *word;
	int value;
} number_words[] = {
	{ "un", 1 },
	{ "une", 1 },
	{ "deux", 2 },
	{ "trois", 3 },
	{ "quatre", 4 },
	{ "cinq", 5 },
	{ "six", 6 },
	{ "sept", 7 },
	{ "huit", 8 },
	{ "neuf", 9 },
	{ "dix", 10 },
	{ "onze", 11 },
	{ "douze", 12 },
	{ "quinze", 15 },
	{ "dix-huit", 18 },
	{ "vingt", 20 },
	{ "vingt-quatre", 24 },
	{ "trente", 30 },
	{ "trente-six", 36 },
};

static const struct {
	const char *word;
	int min_days, max_days; /* of one unit */
} units[] = {
	{ "jour", 1, 1 },
	{ "jours", 1, 1 },
	{ "semaine", 7, 7 },
	{ "semaines", 7, 7 },
	{ "mois", 28, 31 },
	{ "an", 365, 366 },
	{ "ans", 365, 366 },
	{ "année", 365, 366 },
	{ "années", 365, 366 },
};

#define NITEMS(a) (sizeof(a) / sizeof(a)[0])

/* The no-break spaces and the apostrophe of French typography separate
 * words too ("2 ans", "d’un an"): their width in bytes, else 0. */
static size_t
space_width(const unsigned char *s)
{
	if (s[0] == 0xc2 && s[1] == 0xa0) {
		return 2; /* U+00A0 */
	}
	if (s[0] == 0xe2 && s[1] == 0x80 && (s[2] == 0xaf || s[2] == 0x99)) {
		return 3; /* U+202F, U+2019 */
	}
	return 0;
}

static bool
is_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80 ||
	    c == '-';
}

/* The next word or number of *s, lowercased (ASCII letters) into buf;
 * false at the end of the text.  *s moves past it. */
static bool
next_token(const char **s, char *buf, size_t size)
{
	const unsigned char *p = (const unsigned char *)*s;
	size_t n = 0;
	bool digits;

	while (*p != '\0' && (space_width(p) > 0 || !is_letter(*p)) &&
	    !(*p >= '0' && *p <= '9')) {
		p += space_width(p) > 0 ? space_width(p) : 1;
	}
	if (*p == '\0') {
		*s = (const char *)p;
		return false;
	}
	digits = *p >= '0' && *p <= '9';
	while (*p != '\0' && space_width(p) == 0 &&
	    (digits ? (*p >= '0' && *p <= '9') : is_letter(*p))) {
		if (n + 1 < size) {
			buf[n++] =
			    (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
		}
		p++;
	}
	buf[n] = '\0';
	*s = (const char *)p;
	return true;
}

/* The number a token says (digits or a word), or -1. */
static int64_t
token_number(const char *t)
{
	if (t[0] >= '0' && t[0] <= '9') {
		return strlen(t) <= 6 ? strtoll(t, NULL, 10) : -1;
	}
	for (size_t i = 0; i < NITEMS(number_words); i++) {
		if (strcmp(t, number_words[i].word) == 0) {
			return number_words[i].value;
		}
	}
	return -1;
}

static int
token_unit(const char *t)
{
	for (size_t i = 0; i < NITEMS(units); i++) {
		if (strcmp(t, units[i].word) == 0) {
			return (int)i;
		}
	}
	return -1;
}

/* Calls found for each duration of text, until it returns true; true
 * when one did. */
static bool
each_duration(
    const char *text, bool (*found)(const struct duration *, void *), void *ctx)
{
	char prev[32] = "", tok[32];
	const char *s = text;

	while (next_token(&s, tok, sizeof tok)) {
		int64_t n = token_number(prev);
		int u = token_unit(tok);

		if (n > 0 && u >= 0) {
			struct duration d = {
				.min_days = n * units[u].min_days,
				.max_days = n * units[u].max_days,
			};
			snprintf(d.words, sizeof d.words, "%s %s", prev, tok);
			if (found(&d, ctx)) {
				return true;
			}
		}
		memcpy(prev, tok, sizeof prev);
	}
	return false;
}

/* What the look at a notice keeps: the first duration, and whether one
 * is retention_days. */
struct look {
	int days;
	bool any;
	bool matches;
	struct duration first;
};

static bool
look_at(const struct duration *d, void *ctx)
{
	struct look *l = ctx;

	if (!l->any) {
		l->first = *d;
		l->any = true;
	}
	l->matches = l->days >= d->min_days && l->days <= d->max_days;
	return l->matches;
}

void
form_check_retention(struct parser *p)
{
	const struct form *f = p->form;
	struct look l = { .days = f->retention_days };
	int privacy = parser_seen(p, "privacy");

	if (!parser_given(p, "retention_days")) {
		/* TRANSLATORS: retention_days and [retention] days are keys
		 * of the files, kept as they are. */
		parser_warning(p, p->form_line,
		    _("note: no retention_days: the answers are kept as long "
		      "as the collection server's [retention] days says (%d "
		      "days unless set there)"),
		    FORM_COLLECTOR_RETENTION_DAYS);
	}
	if (privacy == 0 || f->privacy.fr == NULL) {
		return;
	}
	each_duration(f->privacy.fr, look_at, &l);
	if (!l.any) {
		/* TRANSLATORS: the example stays in French: it is what the
		 * author writes in the file's French privacy text. */
		parser_warning(p, privacy,
		    _("warning: privacy names no duration (expected how long "
		      "the answers are kept, e.g. 'Elles sont gardées 2 ans, "
		      "puis effacées.')"));
	} else if (f->retention_days > 0 && !l.matches) {
		/* TRANSLATORS: the number of days, then the duration as the
		 * privacy text words it, e.g. "2 ans". */
		parser_warning(p, parser_seen(p, "retention_days"),
		    _("warning: retention_days is %d days, but privacy says "
		      "'%s' (expected the same duration in both)"),
		    f->retention_days, l.first.words);
	}
}
