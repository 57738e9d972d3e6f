/*
 * The command-line subcommands: everything that is not the touchscreen.
 * Each is one row of parvis' table of commands (command_table.c, after
 * tmux's cmd_entry): its name, synopsis, help and options, what it needs,
 * and the function that runs it, defined beside that function.  The
 * table gives main()'s dispatch, `parvis --help` and the usage lines of
 * every usage error; parvis(1) says the same (a test compares them).
 */
#ifndef PARVIS_KIOSK_COMMANDS_H
#define PARVIS_KIOSK_COMMANDS_H

#include <stdio.h>

#include "cmdline.h"
#include "config.h"
#include "store.h"

/* What a command runs with. */
struct command_env {
	const char *config_path;  /* --config, or config_default_path() */
	const struct config *cfg; /* read, when the row says COMMAND_CONFIG;
	                           * else NULL */
};

enum command_flags {
	/* The configuration is read first; a problem in it stops the
	 * command with status 1. */
	COMMAND_CONFIG = 1 << 0,
};

struct command {
	struct cmd_entry entry;
	unsigned flags; /* enum command_flags */
	/* Runs the command on argv (argv[0]: its name) and returns the exit
	 * status: 0 done, 1 failed, 2 wrong usage, 3 (sync) try later. */
	int (*run)(const struct command_env *env, int argc, char **argv);
};

/* The rows, in the order of --help (command_table.c). */
extern const struct command *const command_table[];
extern const size_t command_count;

/* The row argv[0] names, or NULL. */
const struct command *command_find(const char *name);

/* Prints the "Commands:" lines of --help, one row after the other. */
void command_table_print(FILE *out);

/* Reads the options of cmd's row in argv (cmd_parse(), with "parvis" as
 * the program): -1 to go on, *first at the first argument; otherwise the
 * exit status (0 after --help, 2 after a usage error said on stderr). */
int command_options(const struct command *cmd, int argc, char **argv,
    cmd_take_fn *take, void *ctx, int *first);

/* check FORM.ini...: each valid file is "ok" on stdout, with its warnings
 * (struct form) on stderr; every problem goes to stderr as
 * "file:line: message".  Status 1 when there is any problem, 0 when there
 * are only warnings or none, 2 without a file. */
extern const struct command command_check;

/* preview FORM.ini [--size COLSxLINES] [--lang fr|en]: every screen of a
 * form as text on stdout. */
extern const struct command command_preview;

/* export [--format csv|json] [--form ID] [--output FILE], export --bundle
 * FILE (sync_command.c writes the bundle). */
extern const struct command command_export;

/* set-pin [admin|volunteer] (set_pin_command.c). */
extern const struct command command_set_pin;

/* Opens the kiosk's existing database for a command that reads it
 * (export, stats, a bundle): NULL, with the message printed on stderr,
 * when nothing was collected yet (the file is not created) or it cannot
 * be opened. */
struct store *command_open_store(const struct config *cfg);

/* True when pin is acceptable: 4 to 8 digits and not trivial (one digit
 * repeated, a straight run up or down, a repeated pair, a known favourite);
 * otherwise *why says why, in the reader's language. */
bool pin_acceptable(const char *pin, const char **why);

#endif
