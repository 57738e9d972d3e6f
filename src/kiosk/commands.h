/*
 * The command-line subcommands: everything that is not the touchscreen.
 * Each takes the arguments after its name and returns an exit status.
 */
#ifndef PARVIS_KIOSK_COMMANDS_H
#define PARVIS_KIOSK_COMMANDS_H

#include "config.h"
#include "store.h"

/* Checks the form files of argv: each valid one is "ok" on stdout, with
 * its warnings (struct form) on stderr; every problem goes to stderr as
 * "file:line: message".  Returns 1 when there is any problem, 0 when
 * there are only warnings or none, 2 without a file. */
int command_check(int argc, char **argv);
int command_preview(const struct config *cfg, int argc, char **argv);
int command_export(const struct config *cfg, int argc, char **argv);
int command_set_pin(const char *config_path, int argc, char **argv);

/* The language of a command's messages (sync, purge: often run by a
 * timer, where no locale says it): LANGUAGE when it names fr or en, else
 * the kiosk's ([kiosk] language). */
void command_language(const struct config *cfg);

/* Opens the kiosk's existing database for a command that reads it
 * (export, stats, a bundle): NULL, with the message printed on stderr,
 * when nothing was collected yet (the file is not created) or it cannot
 * be opened. */
struct store *command_open_store(const struct config *cfg);

/* True when pin is acceptable: 4 to 8 digits and not trivial (one digit
 * repeated, a straight run up or down, a repeated pair, a known favourite). */
bool pin_acceptable(const char *pin, const char **why);

#endif
