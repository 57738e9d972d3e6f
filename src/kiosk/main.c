/*
 * parvis: the kiosk of "aller vers" citizen participation.  main() reads
 * the global options, picks the language of the messages, and runs the
 * touchscreen kiosk or one of the commands of the table (commands.h),
 * reading the configuration first for those that need it.  Only main
 * decides to exit.
 *
 * The language is the same rule for every command and for --help: the
 * environment's when it names one (i18n.h), else the [kiosk] language of
 * the configuration the command would use (--config, ./kiosk.ini, then
 * the system one), else French when none can be read: the kiosk's users
 * are French speakers, and check and --help need no configuration.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "cmdline.h"
#include "commands.h"
#include "config.h"
#include "i18n.h"
#include "ids.h"
#include "kiosk.h"
#include "parvis-config.h"

enum { OPT_CONFIG = CMD_LONG_ONLY, OPT_HELP_CONFIG };

static const struct cmd_option global_options[] = {
	{ "config", CMD_VALUE, OPT_CONFIG },
	{ "help-config", CMD_NO_VALUE, OPT_HELP_CONFIG },
	{ "help", CMD_NO_VALUE, 'h' },
	{ "version", CMD_NO_VALUE, 'V' },
	{ NULL, CMD_NO_VALUE, 0 },
};

/* What the global options said. */
struct globals {
	const char *config_path; /* NULL: config_default_path() */
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

/* Keeps the last --config, and reads on. */
static bool
take_config(void *ctx, int opt, const char *arg)
{
	if (opt == OPT_CONFIG) {
		*(const char **)ctx = arg;
	}
	return true;
}

/* Prints the help; the default configuration path is an argument, so
 * that the text to translate holds no path of this machine. */
static void
print_usage(FILE *out)
{
	/* TRANSLATORS: keep the options and variables as they are; the
	 * commands follow, one per line, from the table of commands. */
	fputs(_("Usage: parvis [--config FILE] [COMMAND [ARGS]]\n"
	        "\n"
	        "Without a command, runs the kiosk on this terminal.\n"
	        "\n"
	        "Commands:\n"),
	    out);
	command_table_print(out);
	/* TRANSLATORS: keep the options and variables as they are, and the
	 * descriptions aligned in their column; %s is the second default
	 * configuration file, e.g. /etc/parvis/kiosk.ini. */
	fprintf(out,
	    _("\n"
	      "Options (before the command; --name=value works too):\n"
	      "  --config FILE   configuration (default: ./kiosk.ini, then\n"
	      "                  %s)\n"
	      "  --help-config   list every kiosk.ini key\n"
	      "  -h, --help      show this help; parvis COMMAND --help,\n"
	      "                  that command's\n"
	      "  -V, --version   show the version\n"
	      "\n"
	      "Environment: PARVIS_SCRIPT, PARVIS_DUMP_DIR, PARVIS_SIZE and\n"
	      "PARVIS_CLOCK drive the kiosk from a test script (see tests/);\n"
	      "under PARVIS_CLOCK, sync's waits between attempts are virtual.\n"),
	    PARVIS_SYSCONFDIR "/kiosk.ini");
}

/* Speaks the language of the configuration at path, unless the
 * environment names one; French when it cannot be read.  Its problems are
 * said later, in that language, by the command that reads it. */
static void
choose_language(const char *path)
{
	struct config cfg;

	if (i18n_environment_language()) {
		return;
	}
	config_init(&cfg);
	(void)config_load(&cfg, path, NULL, NULL);
	i18n_set_lang(strcmp(cfg.language, "en") == 0 ? LANG_EN : LANG_FR);
	config_finish(&cfg);
}

/* Reads the global options into g; returns -1 to go on, with *first at
 * the command, or the status main should exit with at once (after
 * --help, --version, --help-config or a usage error). */
static int
read_options(int argc, char **argv, struct globals *g, int *first)
{
	int status = cmd_read_options("parvis", global_options, CMD_IN_ORDER,
	    argc, argv, take_global, g, first);

	if (g->action == 'h') {
		print_usage(stdout);
	} else if (g->action == 'V') {
		printf("parvis %s\n", PARVIS_VERSION);
	} else if (g->action == OPT_HELP_CONFIG) {
		config_print_help(stdout);
	} else if (status >= 0) {
		print_usage(stderr);
		return status;
	} else {
		return -1;
	}
	return 0;
}

/* Runs cmd (NULL: the kiosk) on argv, after reading the configuration
 * when it needs it. */
static int
run(const struct command *cmd, const char *config_path, int argc, char **argv)
{
	struct command_env env = { .config_path = config_path };
	struct config cfg;
	struct error err = { 0 };
	int status = cmd != NULL
	    ? cmd_check_call("parvis", &cmd->entry, argc, argv)
	    : -1;

	if (status >= 0) {
		return status; /* --help, or a usage error: nothing read */
	}
	if (cmd != NULL && !(cmd->flags & COMMAND_CONFIG)) {
		return cmd->run(&env, argc, argv);
	}
	config_init(&cfg);
	if (!config_load(&cfg, config_path, stderr, &err)) {
		config_finish(&cfg);
		return 1; /* every problem is already on stderr */
	}
	env.cfg = &cfg;
	status = cmd != NULL ? cmd->run(&env, argc, argv) : kiosk_run(&cfg);
	config_finish(&cfg);
	return status;
}

int
main(int argc, char **argv)
{
	/* Before any message: the help and the option errors are
	 * translated too. */
	bool localised = i18n_init();
	const char *config_path = NULL;
	struct globals g = { 0 };
	const struct command *cmd = NULL;
	int status, first;

	/* A first look for --config, which says the language of what the
	 * global options may have to say. */
	(void)cmd_read_options(NULL, global_options, CMD_IN_ORDER, argc, argv,
	    take_config, &config_path, &first);
	choose_language(
	    config_path != NULL ? config_path : config_default_path());
	status = read_options(argc, argv, &g, &first);
	if (status >= 0) {
		return status;
	}
	if (first < argc) {
		cmd = command_find(argv[first]);
		if (cmd == NULL) {
			fprintf(stderr,
			    _("parvis: unknown command '%s' (see parvis "
			      "--help)\n"),
			    argv[first]);
			return 2;
		}
	}
	if (!ids_init() || !localised) {
		fprintf(stderr,
		    _("parvis: cannot initialise (no random source "
		      "or no UTF-8 locale)\n"));
		return 1;
	}
	if (!clock_init_from_env()) {
		fprintf(stderr,
		    _("parvis: PARVIS_CLOCK is not a UTC time like "
		      "2026-05-02T09:00:00Z\n"));
		return 2;
	}
	return run(cmd,
	    g.config_path != NULL ? g.config_path : config_default_path(),
	    argc - first, argv + first);
}
