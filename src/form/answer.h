/*
 * A participant's answers while they go through a form, and the `when`
 * conditions evaluated on them.  The kiosk keeps one struct answer per
 * question; nothing here knows about screens or storage.
 */
#ifndef PARVIS_FORM_ANSWER_H
#define PARVIS_FORM_ANSWER_H

#include <stdbool.h>
#include <stddef.h>

#include "form.h"

/* What one question got.  The value's meaning depends on the type:
 * choice -> one option key ("other" when the other entry was picked);
 * choices -> option keys in the order picked; rank -> option keys in
 * order of preference; scale and number -> the integer in decimal;
 * text -> the sanitised text; commune -> the INSEE code; consent ->
 * "oui" or "non".  Every string is owned by the answer. */
struct answer {
	bool answered;
	char **values;
	size_t nvalues;
	char *other; /* text of "Autre : ..." when given, else NULL */
};

/* Frees what a holds and leaves it unanswered. */
void answer_clear(struct answer *a);

/* Replaces a's values by a copy of the one value v.  Picking anything but
 * "other" drops the "other" text.  False (a unchanged) without memory. */
bool answer_set(struct answer *a, const char *v);

/* Appends a copy of v (choices, rank); does nothing if v is there. */
bool answer_add(struct answer *a, const char *v);

/* Removes v if present (choices, rank); true if it was there.  Removing
 * "other" drops the "other" text; removing the last value leaves a
 * unanswered. */
bool answer_remove(struct answer *a, const char *v);

/* True if a holds v among its values. */
bool answer_has(const struct answer *a, const char *v);

/* Replaces the "other" text by a copy of text (NULL clears it). */
bool answer_set_other(struct answer *a, const char *text);

/* True when the question at index i is shown, given the answers so far
 * (answers has form->nquestions entries).  A condition on a question with
 * no answer is false for =, in, >=, <= and true for != and not-in. */
bool form_question_visible(
    const struct form *form, size_t i, const struct answer *answers);

/* True when answer a is acceptable for q (a required question must be
 * answered; values must be keys of q; counts and bounds respected).  The
 * "other" text must be given, not blank, when "other" is picked, and only
 * then; a text of blanks only counts as no answer; a commune is an INSEE
 * code or COMMUNES_ELSEWHERE. */
bool form_answer_valid(const struct question *q, const struct answer *a);

#endif
