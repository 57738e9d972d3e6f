/*
 * The figures of the kiosk's log: what `parvis stats` prints, as text for
 * an animator or as JSON for programs, and what the admin screen will
 * draw.  stats_compute() reads the records once into a struct stats; the
 * text, the JSON (stats_json()) and the screens are all made from that
 * struct, so they can never disagree.
 *
 * Definitions (also written into the JSON, "definitions"):
 *   - Retracted records are left out everywhere: a record named by the
 *     `retracts` of any retraction is never counted, whatever the period
 *     or site of the retraction.
 *   - A participant is one person who took part: a submission, completed
 *     or abandoned (partial = keep), or a testimony.  A testimony taken
 *     with a consultation's [testimony] section counts with that
 *     consultation too, for its themes (tags).
 *   - The response rate is completed submissions / approaches x 100, both
 *     counted over the same period and site.  Approaches are the
 *     animator's `approach` events (people spoken to at the stall);
 *     refusals are counted apart and do not enter the rate.  People who
 *     came to the kiosk by themselves were not approached, so the rate
 *     can exceed 100 %.  When no approach was counted there is no rate
 *     (not 0 %): stats_response_rate() returns false, the JSON says null.
 *   - Days and hours are those of the record's created_at in the kiosk's
 *     local time (TZ, else /etc/localtime): the wall clock of the market;
 *     --since takes a local day.
 */
#ifndef PARVIS_STORE_STATS_H
#define PARVIS_STORE_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "communes.h"
#include "error.h"
#include "form.h"
#include "store.h"

/* Which records count: both bounds are optional (NULL). */
struct stats_filter {
	const char *since; /* "YYYY-MM-DD": created on that local day or
				 * later */
	const char *site;  /* a site id of kiosk.ini's [sites] */
};

/* What is counted in one slice: everything, a site, a day, an hour. */
struct stats_tally {
	int64_t completed; /* submissions finished */
	int64_t abandoned; /* submissions left mid-way and kept */
	int64_t testimonies;
	int64_t approaches; /* `approach` events */
	int64_t refusals;   /* `refusal` events */
};

struct stats_site {
	char *id; /* NULL: records made while no site was set */
	struct stats_tally tally;
};

struct stats_day {
	char day[11]; /* "YYYY-MM-DD", local */
	struct stats_tally tally;
};

/* One bar of a distribution. */
struct stats_value {
	char *key;        /* option key, "oui"/"non", a scale point, "other" */
	char *label;      /* the form's French label; NULL when the form has
			 * none (consent, scale, "other", a key of an older
			 * version): the caller words it */
	int64_t count;    /* people who gave it (rank: put it first) */
	int64_t ranked;   /* rank: people who placed it at all */
	double mean_rank; /* rank: its mean place, 1 = first (0 when
				 * nobody placed it) */
};

/* scale and number: over the integer answers. */
struct stats_numbers {
	int64_t count;
	int64_t min, max;
	double mean, median;
};

struct stats_question {
	char *id;
	char *prompt;            /* French; NULL when the latest text of the
				 * form has no such question (an older
				 * version's): only answered is known */
	enum question_type type; /* Q_INFO for such an unknown one */
	size_t position;         /* 1-based screen number; 0 if unknown */
	int64_t answered;        /* submissions with an answer to it */
	/* choice, choices, consent, scale, rank: in the form's order, then
	 * "other", then keys of older versions.  Never texts. */
	struct stats_value *values;
	size_t nvalues;
	struct stats_numbers numbers; /* scale and number */
};

/* Abandoned submissions that stopped on one question. */
struct stats_gave_up {
	char *question;  /* question id; NULL when the record names none */
	char *prompt;    /* French, NULL if the question is unknown */
	size_t position; /* 1-based screen number; 0 if unknown */
	int64_t count;
};

struct stats_form {
	char *id;
	char *title;     /* French title of the latest stored text; NULL
			 * when that text does not parse */
	int64_t version; /* of the latest stored text */
	size_t screens;  /* screens of that text, info screens included */
	int64_t completed;
	int64_t abandoned;
	struct stats_gave_up *gave_up; /* in screen order */
	size_t ngave_up;
	struct stats_question *questions; /* in screen order; no info */
	size_t nquestions;
	int64_t testimonies; /* testimonies taken with its [testimony] tags */
	struct stats_value *themes; /* their tags: those of the latest text,
				     * in its order, then older keys; count
				     * is testimonies with the tag */
	size_t nthemes;
};

struct stats_commune {
	char *insee;        /* as answered */
	char *name;         /* NULL when not in data/communes.csv */
	int64_t population; /* 0 when unknown */
	int64_t participants;
	double per_1000; /* participants per 1,000 inhabitants; 0 when
				 * the population is unknown */
};

/* Who was reached: every participant, by the commune they gave (the
 * first `commune` question of a submission's form, or a testimony's
 * commune) and by age band (a choice question called `age`, or a
 * testimony's age). */
struct stats_reach {
	int64_t participants;
	int64_t no_commune;             /* not asked or not answered */
	int64_t elsewhere;              /* "hors-territoire" */
	struct stats_commune *communes; /* most participants first */
	size_t ncommunes;
	int64_t territory_participants; /* in a commune of the list */
	int64_t territory_population;   /* of every commune of the list */
	double territory_per_1000;
	bool age_asked;           /* some form asks `age`, or a testimony
				 * gave one */
	struct stats_value *ages; /* moins-18 ... 75-plus, then others */
	size_t nages;
	int64_t no_age; /* participants who gave no age band */
};

struct stats {
	char generated_at[25]; /* clock_now_ms() when computed */
	char since[11];        /* "" when not filtered */
	char *site;            /* NULL when not filtered */
	struct stats_tally total;
	struct stats_form *forms; /* by form id */
	size_t nforms;
	struct stats_site *sites; /* by id, "no site" last */
	size_t nsites;
	struct stats_day *days; /* oldest first */
	size_t ndays;
	struct stats_tally hours[24]; /* local hour of day */
	struct stats_reach reach;
};

/* Computes the figures of the records that pass filter (NULL: all) in
 * one read transaction.  communes (may be NULL: no names, no
 * populations) gives the names and populations for reach.  Returns a new
 * struct stats (free with stats_destroy()), or NULL with a message when
 * the database cannot be read, filter->since is not a date, or memory
 * runs out.  Never writes to the database. */
struct stats *stats_compute(struct store *s, const struct stats_filter *filter,
    const struct communes *communes, struct error *err);

/* Frees st; accepts NULL. */
void stats_destroy(struct stats *st);

/* Writes st as one JSON object into *json (newly allocated, the caller
 * frees it), built by SQLite's JSON functions on s's connection.  False,
 * with a message, when memory runs out. */
bool stats_json(
    struct store *s, const struct stats *st, char **json, struct error *err);

/* completed + abandoned + testimonies. */
int64_t stats_participants(const struct stats_tally *t);

/* The response rate of t in percent (see the top of this file): false
 * when no approach was counted, and then there is no rate. */
bool stats_response_rate(const struct stats_tally *t, double *percent);

#endif
