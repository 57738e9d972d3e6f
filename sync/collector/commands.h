/*
 * The subcommands of parvis-collect: each is one row of its table of
 * commands (command_table.c, after tmux's cmd_entry), defined beside the
 * function that runs it on an open database.  The table gives main()'s
 * dispatch, `parvis-collect --help` and the usage lines of every usage
 * error; parvis-collect(8) says the same (a test compares them).
 * Messages go to stderr; what a command produces (a token, a list, an
 * export) goes to stdout.  The collector speaks English only.
 */
#ifndef PARVIS_COLLECT_COMMANDS_H
#define PARVIS_COLLECT_COMMANDS_H

#include <stdio.h>

#include "cmdline.h"
#include "config.h"
#include "db.h"

/* What a command runs with: the configuration read and the database
 * open. */
struct collect_env {
	struct db *db;
	const struct collect_config *cfg;
};

struct collect_command {
	struct cmd_entry entry;
	/* Runs the command on argv (argv[0]: the last word of its name)
	 * and returns the exit status: 0 done, 1 failed, 2 wrong usage. */
	int (*run)(const struct collect_env *env, int argc, char **argv);
};

/* The rows, in the order of --help (command_table.c). */
extern const struct collect_command *const collect_table[];
extern const size_t collect_count;

/* The row whose name argv starts with, or NULL; *words (1 or 2) is how
 * many words of argv name it. */
const struct collect_command *collect_command_find(
    int argc, char **argv, int *words);

/* Prints the "Commands:" lines of --help, one row after the other; with
 * group not NULL, only the usage lines of that group's rows ("kiosk"),
 * for a group named without a known word.  Returns how many rows it
 * printed. */
size_t collect_table_print(const char *group, FILE *out);

/* True when word is a group of commands ("kiosk", "forms"). */
bool collect_is_group(const char *word);

/* Reads the options of cmd's row in argv (cmd_parse(), with
 * "parvis-collect" as the program): -1 to go on, *first at the first
 * argument; otherwise the exit status (0 after --help, 2 after a usage
 * error said on stderr). */
int collect_options(const struct collect_command *cmd, int argc, char **argv,
    cmd_take_fn *take, void *ctx, int *first);

/* collect_options() for a row without options: its arguments only. */
int collect_arguments(
    const struct collect_command *cmd, int argc, char **argv, int *first);

/* Says err's message on stderr; returns 1, the status of a failed
 * command. */
int collect_failed(const struct error *err);

extern const struct collect_command collect_serve; /* serve */
/* kiosk_commands.c */
extern const struct collect_command collect_kiosk_add;    /* kiosk add NAME */
extern const struct collect_command collect_kiosk_list;   /* kiosk list */
extern const struct collect_command collect_kiosk_ack;    /* kiosk ack NAME */
extern const struct collect_command collect_kiosk_rotate; /* kiosk rotate */
extern const struct collect_command collect_kiosk_revoke; /* kiosk revoke */
/* import BUNDLE (plain or gzip NDJSON) */
extern const struct collect_command collect_import;
/* export [--format csv|json] [--form ID] */
extern const struct collect_command collect_export;
extern const struct collect_command collect_forms_publish; /* FILE */
extern const struct collect_command collect_forms_list;
/* backup FILE (backup.c) */
extern const struct collect_command collect_backup;
/* quarantine list [--all] | accept RECORD [NOTE...] | reject RECORD
 * [NOTE...]: what the collector keeps but counts nowhere, and deciding
 * on it. */
extern const struct collect_command collect_quarantine_list;
extern const struct collect_command collect_quarantine_accept;
extern const struct collect_command collect_quarantine_reject;
/* purge [--dry-run]: erases (or counts) the records past their
 * consultation's retention, [retention] days by default. */
extern const struct collect_command collect_purge;

#endif
