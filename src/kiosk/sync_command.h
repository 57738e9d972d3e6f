/*
 * `parvis sync`: the day-end synchronisation from the command line (or a
 * timer), and `parvis export --bundle`'s writer, over sync/client.
 */
#ifndef PARVIS_KIOSK_SYNC_COMMAND_H
#define PARVIS_KIOSK_SYNC_COMMAND_H

#include "commands.h"

/* sync [--when-idle[=SECONDS]]: runs the sync engine to the end, with
 * progress on stderr and a summary on stdout.  Status 0 when every record
 * is acknowledged, 3 when the server could not be reached or was busy
 * (try again later), 1 for any other failure, 2 for bad arguments.  With
 * --when-idle (the timer's way), it first waits up to SECONDS (default 0)
 * for no participant to be answering (idle_lock.h), and returns 3 without
 * syncing if one still is. */
extern const struct command command_sync;

struct sync_settings;

/* The sync engine's settings from kiosk.ini (waits sleep for real; the
 * admin screen, which steps the engine on its ticks, sets sleep_ms to
 * NULL). */
void sync_command_settings(const struct config *cfg, struct sync_settings *s);

/* Writes the unsent records to path as a bundle (sync/PROTOCOL.md).
 * Returns an exit status; messages go to stderr. */
int command_export_bundle(const struct config *cfg, const char *path);

#endif
