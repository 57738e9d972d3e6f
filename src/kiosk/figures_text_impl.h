/*
 * What the two files of the figures as text share: figures_text.c (the
 * overview and the consultations) and figures_tables.c (the tables by site,
 * day and hour, and the reach).
 */
#ifndef PARVIS_KIOSK_FIGURES_TEXT_IMPL_H
#define PARVIS_KIOSK_FIGURES_TEXT_IMPL_H

#include <stdint.h>
#include <stdio.h>

#include "config.h"
#include "stats.h"
#include "figures_text.h"

/* The largest count of v[0..n). */
int64_t figures_text_values_max(const struct stats_value *v, size_t n);

/* The label of site id in kiosk.ini's [sites], or id itself. */
const char *figures_text_site_label(const struct config *cfg, const char *id);

/* The tables by site and by day, the chart by hour, the reach. */
void figures_text_sites(
    const struct stats *st, const struct config *cfg, FILE *out);
void figures_text_days(const struct stats *st, FILE *out);
void figures_text_hours(const struct stats *st, FILE *out);
void figures_text_reach(const struct stats *st, FILE *out);

#endif
