/*
 * parvis-collect: the collection server of parvis.  main() reads the
 * global options, finds the command in the table (commands.h) and checks
 * its arguments, then reads collect.ini, opens the database, and runs
 * it.  Only main decides to exit; the database is closed on every path,
 * after the server (if any) has stopped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "cmdline.h"
#include "commands.h"
#include "config.h"
#include "db.h"
#include "ids.h"
#include "parvis-config.h"

enum { OPT_CONFIG = CMD_LONG_ONLY, OPT_HELP_CONFIG };

static const struct cmd_option global_options[] = {
	{ "config", CMD_VALUE, OPT_CONFIG },
	{ "help-config", CMD_NO_VALUE, OPT_HELP_CONFIG },
	{ "help", CMD_NO_VALUE, 'h' },
	{ "version", CMD_NO_VALUE, 'V' },
	{ NULL, CMD_NO_VALUE, 0 },
};

static void
print_usage(FILE *out)
{
	fputs(
	    "Usage: parvis-collect [--config FILE] COMMAND [ARGS]\n"
	    "\n"
	    "The collection server of parvis: kiosks send their records to it\n"
	    "over HTTPS at the end of the day (see sync/PROTOCOL.md).\n"
	    "\n"
	    "Commands:\n",
	    out);
	collect_table_print(NULL, out);
	fputs(
	    "\n"
	    "Options (before the command; --name=value works too):\n"
	    "  --config FILE   configuration (default: ./collect.ini, then\n"
	    "                  " PARVIS_SYSCONFDIR "/collect.ini)\n"
	    "  --help-config   list every collect.ini key\n"
	    "  -h, --help      show this help; parvis-collect COMMAND --help,\n"
	    "                  that command's\n"
	    "  -V, --version   show the version\n"
	    "\n"
	    "With port = 0 in collect.ini, serve picks a free port and says\n"
	    "which on stderr (\"listening on https://127.0.0.1:PORT/\").\n"
	    "Environment: PARVIS_CLOCK fixes the clock (tests).\n",
	    out);
}

/* What the global options said. */
struct globals {
	const char *config_path; /* NULL: collect_config_default_path() */
	int action;              /* 'h', 'V', OPT_HELP_CONFIG or 0 */
};

/* --config goes on; --help, --version and --help-config stop the reading
 * at once, the first one given. */
static bool
take_global(void *ctx, int opt, const char *arg)
{
	struct globals *g = ctx;

	if (opt == OPT_CONFIG) {
		g->config_path = arg;
		return true;
	}
	g->action = opt;
	return false;
}

/* Reads the global options into g; returns -1 to go on, with *first at
 * the command, or the status main should exit with at once. */
static int
read_options(int argc, char **argv, struct globals *g, int *first)
{
	int status = cmd_read_options("parvis-collect", global_options,
	    CMD_IN_ORDER, argc, argv, take_global, g, first);

	if (g->action == 'h') {
		print_usage(stdout);
	} else if (g->action == 'V') {
		printf("parvis-collect %s\n", PARVIS_VERSION);
	} else if (g->action == OPT_HELP_CONFIG) {
		collect_config_print_help(stdout);
	} else if (status >= 0) {
		print_usage(stderr);
		return status;
	} else {
		return -1;
	}
	return 0;
}

/* The row argv names; NULL after saying why there is none (no command,
 * an unknown one, a group without one of its words). */
static const struct collect_command *
find_command(int argc, char **argv, int *words)
{
	const struct collect_command *cmd = NULL;

	if (argc == 0) {
		fputs("parvis-collect: no command\n", stderr);
		print_usage(stderr);
		return NULL;
	}
	cmd = collect_command_find(argc, argv, words);
	if (cmd != NULL) {
		return cmd;
	}
	/* A group alone ("kiosk") gets the usage of its commands. */
	if (argc > 1 || !collect_is_group(argv[0])) {
		fprintf(stderr, "parvis-collect: unknown command '%s%s%s'\n",
		    argv[0], argc > 1 ? " " : "", argc > 1 ? argv[1] : "");
	}
	if (collect_table_print(argv[0], stderr) == 0) {
		print_usage(stderr);
	}
	return NULL;
}

static int
run(const char *config_path, const struct collect_command *cmd, int argc,
    char **argv)
{
	struct collect_config cfg;
	struct error err = { 0 };
	struct collect_env env = { .cfg = &cfg };
	int status = 1;

	collect_config_init(&cfg);
	if (!collect_config_load(&cfg, config_path, stderr, &err)) {
		goto out; /* every problem is already on stderr */
	}
	env.db = db_open(cfg.database, &err);
	if (env.db == NULL) {
		fprintf(stderr, "parvis-collect: %s\n", err.msg);
		goto out;
	}
	status = cmd->run(&env, argc, argv);
out:
	db_destroy(env.db);
	collect_config_finish(&cfg);
	return status;
}

int
main(int argc, char **argv)
{
	struct globals g = { 0 };
	const struct collect_command *cmd;
	int first, words;
	int status = read_options(argc, argv, &g, &first);

	if (status >= 0) {
		return status;
	}
	cmd = find_command(argc - first, argv + first, &words);
	if (cmd == NULL) {
		return 2;
	}
	/* argv[0] of the command is the last word of its name. */
	first += words - 1;
	status = cmd_check_call(
	    "parvis-collect", &cmd->entry, argc - first, argv + first);
	if (status >= 0) {
		return status; /* --help, or a usage error: nothing opened */
	}
	if (!ids_init()) {
		fprintf(stderr,
		    "parvis-collect: cannot initialise libsodium "
		    "(no random source)\n");
		return 1;
	}
	if (!clock_init_from_env()) {
		fprintf(stderr,
		    "parvis-collect: PARVIS_CLOCK is not a UTC "
		    "time like 2026-05-02T09:00:00Z\n");
		return 1;
	}
	return run(g.config_path != NULL ? g.config_path
	                                 : collect_config_default_path(),
	    cmd, argc - first, argv + first);
}
