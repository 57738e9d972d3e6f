/*
 * The subcommands of parvis-collect, each run on an open database and
 * returning the exit status (0 done, 1 failed, 2 wrong usage).  Messages
 * go to stderr; what a command produces (a token, a list, an export) goes
 * to stdout.
 */
#ifndef PARVIS_COLLECT_COMMANDS_H
#define PARVIS_COLLECT_COMMANDS_H

#include "config.h"
#include "db.h"

/* serve */
int command_serve(struct db *d, const struct collect_config *cfg);

/* kiosk add NAME | kiosk list | kiosk revoke NAME */
int command_kiosk(struct db *d, int argc, char **argv);

/* import BUNDLE (plain or gzip NDJSON) */
int command_import(struct db *d, int argc, char **argv);

/* export [--format csv|json] [--form ID] */
int command_export(struct db *d, int argc, char **argv);

/* forms publish FILE | forms list */
int command_forms(struct db *d, int argc, char **argv);

/* quarantine list [--all] | accept RECORD [NOTE...] | reject RECORD
 * [NOTE...]: what the collector keeps but counts nowhere, and deciding
 * on it. */
int command_quarantine(struct db *d, int argc, char **argv);

/* purge [--dry-run]: erases (or counts) the records past their
 * consultation's retention, [retention] days by default. */
int command_purge(
    struct db *d, const struct collect_config *cfg, int argc, char **argv);

#endif
