/*
 * `parvis purge`: retention on the kiosk, run by the sync timer after
 * each sync (systemd/parvis-sync.service).  A stolen kiosk must hold
 * days of answers, not years.
 */
#ifndef PARVIS_KIOSK_PURGE_COMMAND_H
#define PARVIS_KIOSK_PURGE_COMMAND_H

#include <stdint.h>

#include "commands.h"

/* The cutoff of a purge at now_ms: the local midnight that starts the day
 * keep_days days before today.  Records collected from it on stay, today
 * always among them (the animator's figures, the site and the question of
 * the day). */
int64_t purge_cutoff_ms(int64_t now_ms, int64_t keep_days);

/* purge [--dry-run]: removes the records the collection server
 * acknowledged and collected before purge_cutoff_ms() with [kiosk]
 * keep_acknowledged_days (store_purge()), and says on stdout what went
 * and what stays; with --dry-run, only what would go.  Returns 0 when it
 * is done, with nothing to remove too (no database yet, nothing
 * acknowledged), 1 when the database cannot be opened, read or written
 * (nothing was removed), 2 for bad arguments. */
extern const struct command command_purge;

#endif
