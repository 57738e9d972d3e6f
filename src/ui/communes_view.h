/*
 * The results of the commune search as the commune screen lists them:
 * the communes matching what was typed, then "elsewhere" for people who
 * live outside the territory.
 */
#ifndef PARVIS_UI_COMMUNES_VIEW_H
#define PARVIS_UI_COMMUNES_VIEW_H

#include <stddef.h>

#include "journey.h"

/* Number of buttons: the matches, plus "elsewhere". */
size_t communes_view_count(const struct journey *j);

/* The k-th button's value (INSEE code or COMMUNES_ELSEWHERE) and, if
 * commune is not NULL, the commune (NULL for "elsewhere"). */
const char *communes_view_item(
    const struct journey *j, size_t k, const struct commune **commune);

#endif
