/*
 * The figures as text for an animator in a terminal (`parvis stats`):
 * titled sections, horizontal bar charts drawn with block characters
 * within 80 columns, counts and percentages, in the language of the
 * messages (gettext).
 */
#ifndef PARVIS_KIOSK_FIGURES_TEXT_H
#define PARVIS_KIOSK_FIGURES_TEXT_H

#include <stdio.h>

#include "config.h"
#include "stats.h"

/* Writes st to out; cfg gives the kiosk's name and the labels of the
 * sites.  Needs a UTF-8 locale (i18n_init()) to measure the text.
 * Public text read from the database is drawn without its control
 * characters. */
void figures_text_print(
    const struct stats *st, const struct config *cfg, FILE *out);

#endif
