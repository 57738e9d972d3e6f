/*
 * The command-line subcommands: everything that is not the touchscreen.
 * Each takes the arguments after its name and returns an exit status.
 */
#ifndef PARVIS_KIOSK_COMMANDS_H
#define PARVIS_KIOSK_COMMANDS_H

#include "config.h"

int command_check(int argc, char **argv);
int command_preview(const struct config *cfg, int argc, char **argv);
int command_export(const struct config *cfg, int argc, char **argv);
int command_set_pin(const char *config_path, int argc, char **argv);

/* True when pin is acceptable: 4 to 8 digits and not trivial (one digit
 * repeated, a straight run up or down, a repeated pair, a known favourite). */
bool pin_acceptable(const char *pin, const char **why);

#endif
