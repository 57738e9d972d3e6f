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

struct kiosk_forms {
	struct form **all; /* valid forms, by file name */
	bool *closed_here; /* closed on this kiosk by the animator */
	size_t nall;
	const struct form **open; /* those open on the day given */
	size_t nopen;
};

/* Loads every *.ini in dir.  A file with problems is left out and its
 * problems are written to diag; the others still load.  False only when
 * dir cannot be read. */
bool kiosk_forms_load(
    struct kiosk_forms *set, const char *dir, FILE *diag, struct error *err);

/* Recomputes set->open for the day (days since the epoch): the forms
 * within their dates and not closed here. */
void kiosk_forms_select_open(struct kiosk_forms *set, int64_t day);

/* The form with this id, or NULL. */
struct form *kiosk_forms_find(const struct kiosk_forms *set, const char *id);

void kiosk_forms_finish(struct kiosk_forms *set);

#endif
