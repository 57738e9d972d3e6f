/*
 * `parvis stats [--since DATE] [--site SITE] [--format text|json]`: the
 * figures of the kiosk's database (src/store/stats.h), as text for an
 * animator (figures_text.h) or as JSON for programs.
 */
#ifndef PARVIS_KIOSK_STATS_COMMAND_H
#define PARVIS_KIOSK_STATS_COMMAND_H

#include "commands.h"

/* stats [--since DATE] [--site SITE] [--format text|json]: the figures,
 * text by default.  Status 0; 2 for bad arguments (an unknown option or
 * format, a date that is not one, a site that is not in kiosk.ini's
 * [sites], which are then listed); 1 when there is no database yet, it
 * cannot be read, or the output cannot be written.  A missing
 * data/communes.csv is only a warning: the reach then has no names or
 * populations. */
extern const struct command command_stats;

#endif
