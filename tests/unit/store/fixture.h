/*
 * A consultation built by hand for the store's tests and benchmark, as
 * form_parse() would return it, so the store can be exercised without the
 * form parser: one question of every type, a `when` condition, an "other"
 * entry.  Its source text is a real form file with the same content, so
 * exports that read the stored text back get the same questions.
 */
#ifndef PARVIS_TESTS_STORE_FIXTURE_H
#define PARVIS_TESTS_STORE_FIXTURE_H

#include "answer.h"
#include "form.h"
#include "store.h"

enum {
	FX_INTRO,     /* info */
	FX_FREQUENCE, /* choice: jamais hebdo quotidien */
	FX_FREINS,    /* choices, other = yes, when frequence != quotidien */
	FX_NOTE,      /* scale 1..5 */
	FX_AGE,       /* number 0..120 */
	FX_PRIORITES, /* rank: soir dimanche ecoles */
	FX_AVIS,      /* text */
	FX_COMMUNE,   /* commune */
	FX_ACCORD,    /* consent */
	FX_NQUESTIONS,
};

#define FX_FORM_ID "transport-dignois"

/* The form; version is 2 unless changed. */
struct fixture {
	struct form form;
	struct question questions[FX_NQUESTIONS];
	struct condition when_freins;
	struct answer answers[FX_NQUESTIONS];
	char source[2048];
};

/* Fills fx with the form (of the given version) and no answers. */
void fixture_init(struct fixture *fx, int64_t version);

/* Frees the answers. */
void fixture_finish(struct fixture *fx);

/* Sets question q's answer to the values (NULL-terminated list). */
void fixture_answer(struct fixture *fx, int q, ...);

/* A completed (or abandoned at last_question) submission of fx's answers,
 * in French, on site "Marché de Digne", mode self. */
struct store_submission fixture_submission(
    const struct fixture *fx, bool completed, size_t last_question);

#endif
