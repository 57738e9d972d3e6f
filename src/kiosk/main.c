/*
 * parvis: the kiosk of "aller vers" citizen participation.  main() reads
 * the global options and the configuration, then runs the touchscreen
 * kiosk or one of the command-line subcommands.  Only main decides to
 * exit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "commands.h"
#include "config.h"
#include "i18n.h"
#include "ids.h"
#include "kiosk.h"
#include "parvis-config.h"
#include "purge_command.h"
#include "stats_command.h"
#include "sync_command.h"

/* Prints the help; the default configuration path is an argument, so
 * that the text to translate holds no path of this machine. */
static void
print_usage(FILE *out)
{
	/* TRANSLATORS: keep the commands, options and variables as they
	 * are, and the descriptions aligned in their column; %s is the
	 * second default configuration file, e.g. /etc/parvis/kiosk.ini. */
	fprintf(out,
	    _("Usage: parvis [--config FILE] [COMMAND [ARGS]]\n"
	      "\n"
	      "Without a command, runs the kiosk on this terminal.\n"
	      "\n"
	      "Commands:\n"
	      "  check FORM.ini...             validate consultation files\n"
	      "  preview FORM.ini [--size 80x24] [--lang fr|en]\n"
	      "                                print every screen of a form\n"
	      "  export [--format csv|json] [--form ID] [--output FILE]\n"
	      "                                write the collected records\n"
	      "  export --bundle FILE          write the unsent records for\n"
	      "                                parvis-collect import (USB stick)\n"
	      "  sync                          send the records to the server and\n"
	      "                                fetch its consultations\n"
	      "  stats [--since DATE] [--site SITE] [--format text|json]\n"
	      "                                the figures: participation, answers,\n"
	      "                                reach, response rate\n"
	      "  purge [--dry-run]             remove the records the server holds,\n"
	      "                                after keep_acknowledged_days\n"
	      "  set-pin [admin|volunteer]     set the animator's PIN, or the\n"
	      "                                porteurs de parole's\n"
	      "\n"
	      "Options:\n"
	      "  --config FILE   configuration (default: ./kiosk.ini, then\n"
	      "                  %s)\n"
	      "  --help-config   list every kiosk.ini key\n"
	      "  -h, --help      show this help\n"
	      "  -V, --version   show the version\n"
	      "\n"
	      "Environment: PARVIS_SCRIPT, PARVIS_DUMP_DIR, PARVIS_SIZE and\n"
	      "PARVIS_CLOCK drive the kiosk from a test script (see tests/);\n"
	      "under PARVIS_CLOCK, sync's waits between attempts are virtual.\n"),
	    PARVIS_SYSCONFDIR "/kiosk.ini");
}

static int
run(const char *cmd, const char *config_path, int argc, char **argv)
{
	struct config cfg;
	struct error err = { 0 };
	int status;

	if (strcmp(cmd, "check") == 0) {
		return command_check(argc, argv);
	}
	if (strcmp(cmd, "set-pin") == 0) {
		return command_set_pin(config_path, argc, argv);
	}
	config_init(&cfg);
	if (!config_load(&cfg, config_path, stderr, &err)) {
		config_finish(&cfg);
		return 1; /* every problem is already on stderr */
	}
	if (strcmp(cmd, "") == 0) {
		status = kiosk_run(&cfg);
	} else if (strcmp(cmd, "preview") == 0) {
		status = command_preview(&cfg, argc, argv);
	} else if (strcmp(cmd, "export") == 0) {
		status = command_export(&cfg, argc, argv);
	} else if (strcmp(cmd, "sync") == 0) {
		status = command_sync(&cfg, argc, argv);
	} else if (strcmp(cmd, "stats") == 0) {
		status = command_stats(&cfg, argc, argv);
	} else if (strcmp(cmd, "purge") == 0) {
		status = command_purge(&cfg, argc, argv);
	} else {
		fprintf(stderr,
		    _("parvis: unknown command '%s' (see parvis "
		      "--help)\n"),
		    cmd);
		status = 2;
	}
	config_finish(&cfg);
	return status;
}

int
main(int argc, char **argv)
{
	const char *config_path = NULL;
	/* Before any message: the help and the option errors are
	 * translated too. */
	bool localised = i18n_init();
	int i = 1;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			print_usage(stdout);
			return 0;
		} else if (strcmp(argv[i], "-V") == 0 ||
		    strcmp(argv[i], "--version") == 0) {
			printf("parvis %s\n", PARVIS_VERSION);
			return 0;
		} else if (strcmp(argv[i], "--help-config") == 0) {
			config_print_help(stdout);
			return 0;
		} else if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
			config_path = argv[++i];
		} else {
			fprintf(stderr, _("parvis: unknown option '%s'\n"),
			    argv[i]);
			print_usage(stderr);
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
	if (config_path == NULL) {
		config_path = config_default_path();
	}
	return run(
	    i < argc ? argv[i] : "", config_path, argc - i - 1, argv + i + 1);
}
