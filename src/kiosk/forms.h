/*
 * The kiosk's consultations: every *.ini of the forms directory, parsed,
 * and the subset open today.
 */
#ifndef PARVIS_KIOSK_FORMS_H
#define PARVIS_KIOSK_FORMS_H

#include <stdbool.h>
#include <stdio.h>

#include "error.h"
#include "form.h"

struct form_set {
	struct form **all; /* valid forms, by file name */
	bool *closed_here; /* closed on this kiosk by the animator */
	size_t nall;
	const struct form **open; /* those open on the day given */
	size_t nopen;
};

/* Loads every *.ini in dir.  A file with problems is left out and its
 * problems are written to diag; the others still load.  False only when
 * dir cannot be read. */
bool form_set_load(
    struct form_set *set, const char *dir, FILE *diag, struct error *err);

/* Recomputes set->open for the day (days since the epoch): the forms
 * within their dates and not closed here. */
void form_set_select_open(struct form_set *set, int64_t day);

/* The form with this id, or NULL. */
struct form *form_set_find(const struct form_set *set, const char *id);

void form_set_finish(struct form_set *set);

#endif
