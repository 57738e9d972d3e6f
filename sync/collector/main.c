/*
 * parvis-collect: the collection server of parvis.  main() reads the
 * global options and collect.ini, opens the database, and runs one
 * command.  Only main decides to exit; the database is closed on every
 * path, after the server (if any) has stopped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backup.h"
#include "clock.h"
#include "commands.h"
#include "config.h"
#include "db.h"
#include "ids.h"
#include "parvis-config.h"

static const char usage[] =
    "Usage: parvis-collect [--config FILE] COMMAND [ARGS]\n"
    "\n"
    "The collection server of parvis: kiosks send their records to it\n"
    "over HTTPS at the end of the day (see sync/PROTOCOL.md).\n"
    "\n"
    "Commands:\n"
    "  serve                     serve HTTPS until SIGTERM or SIGINT\n"
    "  kiosk add NAME            enrol a kiosk (NAME: its [kiosk] id);\n"
    "                            prints its token, once\n"
    "  kiosk list                kiosks: last sync, records, and what\n"
    "                            waits for an admin (chain events,\n"
    "                            records in quarantine)\n"
    "  kiosk ack NAME            acknowledge that kiosk's chain events\n"
    "  kiosk rotate NAME         give that kiosk a new token (a lost or\n"
    "                            exposed one); prints it, once\n"
    "  kiosk revoke NAME         refuse that kiosk's token from now on\n"
    "  import BUNDLE             take a file written by\n"
    "                            `parvis export --bundle`\n"
    "  export [--format csv|json] [--form ID]\n"
    "                            write what was collected to stdout\n"
    "  forms publish FILE        check a consultation file and hand it\n"
    "                            out to the kiosks\n"
    "  forms list                the published consultation files\n"
    "  backup FILE               copy the database to FILE while the\n"
    "                            server runs (SQLite online backup)\n"
    "  quarantine list [--all]   records kept but counted nowhere\n"
    "                            (conflict, impostor, broken chain)\n"
    "  quarantine accept|reject RECORD [NOTE...]\n"
    "                            decide on one of them, once\n"
    "  purge [--dry-run]         erase the records past their\n"
    "                            consultation's retention_days (or\n"
    "                            [retention] days); daily by its timer\n"
    "\n"
    "Options:\n"
    "  --config FILE   configuration (default: ./collect.ini, then\n"
    "                  " PARVIS_SYSCONFDIR "/collect.ini)\n"
    "  --help-config   list every collect.ini key\n"
    "  -h, --help      show this help\n"
    "  -V, --version   show the version\n"
    "\n"
    "With port = 0 in collect.ini, serve picks a free port and says\n"
    "which on stderr (\"listening on https://127.0.0.1:PORT/\").\n"
    "Environment: PARVIS_CLOCK fixes the clock (tests).\n";

static int
dispatch(struct db *d, const struct collect_config *cfg, const char *cmd,
    int argc, char **argv)
{
	if (strcmp(cmd, "serve") == 0 && argc == 0) {
		return command_serve(d, cfg);
	}
	if (strcmp(cmd, "kiosk") == 0) {
		return command_kiosk(d, argc, argv);
	}
	if (strcmp(cmd, "import") == 0) {
		return command_import(d, argc, argv);
	}
	if (strcmp(cmd, "export") == 0) {
		return command_export(d, argc, argv);
	}
	if (strcmp(cmd, "forms") == 0) {
		return command_forms(d, argc, argv);
	}
	if (strcmp(cmd, "backup") == 0) {
		return command_backup(d, argc, argv);
	}
	if (strcmp(cmd, "quarantine") == 0) {
		return command_quarantine(d, argc, argv);
	}
	if (strcmp(cmd, "purge") == 0) {
		return command_purge(d, cfg, argc, argv);
	}
	fprintf(stderr,
	    "parvis-collect: unknown command '%s' (see "
	    "parvis-collect --help)\n",
	    cmd);
	return 2;
}

static bool
known_command(const char *cmd)
{
	static const char *const commands[] = {
		"serve",
		"kiosk",
		"import",
		"export",
		"forms",
		"backup",
		"quarantine",
		"purge",
	};

	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
		if (strcmp(cmd, commands[i]) == 0) {
			return true;
		}
	}
	return false;
}

static int
run(const char *config_path, const char *cmd, int argc, char **argv)
{
	struct collect_config cfg;
	struct error err = { 0 };
	struct db *d = NULL;
	int status = 1;

	collect_config_init(&cfg);
	if (!collect_config_load(&cfg, config_path, stderr, &err)) {
		goto out; /* every problem is already on stderr */
	}
	d = db_open(cfg.database, &err);
	if (d == NULL) {
		fprintf(stderr, "parvis-collect: %s\n", err.msg);
		goto out;
	}
	status = dispatch(d, &cfg, cmd, argc, argv);
out:
	db_destroy(d);
	collect_config_finish(&cfg);
	return status;
}

/* Reads the global options; returns the index of the command, or -1
 * with *status set when main should exit at once. */
static int
options(int argc, char **argv, const char **config_path, int *status)
{
	int i = 1;

	*status = 0;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			fputs(usage, stdout);
			return -1;
		} else if (strcmp(argv[i], "-V") == 0 ||
		    strcmp(argv[i], "--version") == 0) {
			printf("parvis-collect %s\n", PARVIS_VERSION);
			return -1;
		} else if (strcmp(argv[i], "--help-config") == 0) {
			collect_config_print_help(stdout);
			return -1;
		} else if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
			*config_path = argv[++i];
		} else {
			fprintf(stderr,
			    "parvis-collect: unknown option "
			    "'%s'\n%s",
			    argv[i], usage);
			*status = 2;
			return -1;
		}
	}
	if (i == argc || !known_command(argv[i])) {
		fprintf(stderr,
		    i == argc ? "parvis-collect: no command\n%s"
		              : "parvis-collect: unknown command\n%s",
		    usage);
		*status = 2;
		return -1;
	}
	return i;
}

int
main(int argc, char **argv)
{
	const char *config_path = NULL;
	int status = 0;
	int cmd = options(argc, argv, &config_path, &status);

	if (cmd < 0) {
		return status;
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
	if (config_path == NULL) {
		config_path = collect_config_default_path();
	}
	return run(config_path, argv[cmd], argc - cmd - 1, argv + cmd + 1);
}
