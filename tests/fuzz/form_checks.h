/*
 * What the screens, the store and the figures rely on in a form that
 * form_parse() accepted, checked by the form mutation test (fuzz_form.c)
 * and the form's libFuzzer targets alike: an accepted form is never
 * broken in one of these ways, whatever file it came from.
 */
#ifndef PARVIS_TESTS_FUZZ_FORM_CHECKS_H
#define PARVIS_TESTS_FUZZ_FORM_CHECKS_H

#include <stdbool.h>
#include <string.h>

#include "form.h"

static inline bool
form_checks_valid_id(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-");

	return n > 0 && s[n] == '\0';
}

/* What is broken in f, or NULL when nothing is. */
static inline const char *
form_broken(const struct form *f)
{
	if (!form_checks_valid_id(f->id) || f->version < 1 ||
	    f->title.fr == NULL || f->privacy.fr == NULL) {
		return "a [form] key is missing or invalid";
	}
	if (f->nquestions == 0 || f->nquestions > FORM_MAX_QUESTIONS) {
		return "no questions, or too many";
	}
	for (size_t i = 0; i < f->nquestions; i++) {
		const struct question *q = &f->questions[i];

		if (!form_checks_valid_id(q->id) || q->prompt.fr == NULL ||
		    q->noptions > FORM_MAX_OPTIONS) {
			return "a question without id, prompt or sane options";
		}
		for (size_t c = 0; c < q->nconds; c++) {
			if (q->conds[c].question >= i) {
				return "a condition on a later question";
			}
		}
		if ((q->type == Q_SCALE || q->type == Q_NUMBER) &&
		    q->min >= q->max) {
			return "bounds out of order";
		}
	}
	if (f->testimony.line != 0 &&
	    (f->testimony.question.fr == NULL ||
	        f->testimony.ntags > FORM_MAX_TAGS)) {
		return "a [testimony] without question, or too many tags";
	}
	for (size_t i = 0; i < f->testimony.ntags; i++) {
		if (!form_checks_valid_id(f->testimony.tags[i].key) ||
		    form_find_key(
		        f->testimony.tags, i, f->testimony.tags[i].key) >= 0) {
			return "a tag key invalid or given twice";
		}
	}
	return NULL;
}

#endif
