/*
 * parvis' table of commands (see commands.h): the rows in the order of
 * --help, looked up by name for main()'s dispatch.  A new command is a
 * row defined beside its code and one line here; parvis(1) gets it in
 * its SYNOPSIS and COMMANDS (tests/cli/options.sh checks it is there).
 */
#include "commands.h"

#include <string.h>

#include "purge_command.h"
#include "stats_command.h"
#include "sync_command.h"

/* The column of --help where the commands' descriptions start. */
#define HELP_COLUMN 32

const struct command *const command_table[] = {
	&command_check,
	&command_preview,
	&command_export,
	&command_sync,
	&command_stats,
	&command_purge,
	&command_set_pin,
};

const size_t command_count = sizeof command_table / sizeof command_table[0];

const struct command *
command_find(const char *name)
{
	for (size_t i = 0; i < command_count; i++) {
		if (strcmp(command_table[i]->entry.name, name) == 0) {
			return command_table[i];
		}
	}
	return NULL;
}

void
command_table_print(FILE *out)
{
	for (size_t i = 0; i < command_count; i++) {
		cmd_print_help(&command_table[i]->entry, HELP_COLUMN, out);
	}
}

int
command_options(const struct command *cmd, int argc, char **argv,
    cmd_take_fn *take, void *ctx, int *first)
{
	return cmd_parse("parvis", &cmd->entry, argc, argv, take, ctx, first);
}
