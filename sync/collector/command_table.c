/*
 * parvis-collect's table of commands (see commands.h): the rows in the
 * order of --help, looked up by their one or two words for main()'s
 * dispatch.  A new command is a row defined beside its code and one line
 * here; parvis-collect(8) gets it in its SYNOPSIS and COMMANDS
 * (tests/collector/commands.sh checks it is there).
 */
#include "commands.h"

#include <string.h>

/* The column of --help where the commands' descriptions start. */
#define HELP_COLUMN 28

const struct collect_command *const collect_table[] = {
	&collect_serve,
	&collect_kiosk_add,
	&collect_kiosk_list,
	&collect_kiosk_ack,
	&collect_kiosk_rotate,
	&collect_kiosk_revoke,
	&collect_import,
	&collect_export,
	&collect_forms_publish,
	&collect_forms_list,
	&collect_backup,
	&collect_quarantine_list,
	&collect_quarantine_accept,
	&collect_quarantine_reject,
	&collect_purge,
};

const size_t collect_count = sizeof collect_table / sizeof collect_table[0];

const struct collect_command *
collect_command_find(int argc, char **argv, int *words)
{
	for (size_t i = 0; i < collect_count; i++) {
		*words = cmd_match(&collect_table[i]->entry, argc, argv);
		if (*words > 0) {
			return collect_table[i];
		}
	}
	return NULL;
}

bool
collect_is_group(const char *word)
{
	for (size_t i = 0; i < collect_count; i++) {
		if (cmd_in_group(&collect_table[i]->entry, word)) {
			return true;
		}
	}
	return false;
}

size_t
collect_table_print(const char *group, FILE *out)
{
	size_t n = 0;

	for (size_t i = 0; i < collect_count; i++) {
		const struct cmd_entry *e = &collect_table[i]->entry;

		if (group == NULL) {
			cmd_print_help(e, HELP_COLUMN, out);
		} else if (cmd_in_group(e, group)) {
			cmd_print_usage("parvis-collect", e, n > 0, out);
		} else {
			continue;
		}
		n++;
	}
	return n;
}

int
collect_options(const struct collect_command *cmd, int argc, char **argv,
    cmd_take_fn *take, void *ctx, int *first)
{
	return cmd_parse(
	    "parvis-collect", &cmd->entry, argc, argv, take, ctx, first);
}

int
collect_arguments(
    const struct collect_command *cmd, int argc, char **argv, int *first)
{
	return collect_options(cmd, argc, argv, NULL, NULL, first);
}

int
collect_failed(const struct error *err)
{
	fprintf(stderr, "parvis-collect: %s\n", err->msg);
	return 1;
}
