/*
 * The results of the commune search as the commune screens list them
 * (a passer-by's `commune` question, a porteur de parole's testimony):
 * the communes matching what was typed, then "elsewhere" for people who
 * live outside the territory.
 */
#ifndef PARVIS_UI_COMMUNES_VIEW_H
#define PARVIS_UI_COMMUNES_VIEW_H

#include <stddef.h>

#include "communes.h"

/* Number of buttons for what was typed: the matches (none while nothing
 * is typed), plus "elsewhere".  communes may be NULL (no list loaded). */
size_t communes_view_count(const struct communes *communes, const char *typed);

/* The k-th button's value (INSEE code or COMMUNES_ELSEWHERE) and, if
 * commune is not NULL, the commune (NULL for "elsewhere"). */
const char *communes_view_item(const struct communes *communes,
    const char *typed, size_t k, const struct commune **commune);

#endif
