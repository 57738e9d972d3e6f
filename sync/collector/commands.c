/*
 * The subcommands of parvis-collect and their rows of the table of
 * commands (see commands.h), but the kiosk ones (kiosk_commands.c) and
 * backup (backup.c).  Each reads its arguments, calls the module
 * that does the work, and says what happened in a sentence; none of them
 * decides to exit.
 */
#include "commands.h"

#include <stdlib.h>
#include <string.h>

#include "body.h"
#include "export.h"
#include "file.h"
#include "ingest.h"
#include "published.h"
#include "purge.h"
#include "quarantine.h"
#include "server.h"

/* A bundle of a week without network at 700 bytes a record fits many
 * times over; the whole file is held in memory while it is checked. */
#define BUNDLE_MAX_BYTES ((size_t)512 * 1024 * 1024)

static int
run_serve(const struct collect_env *env, int argc, char **argv)
{
	struct error err = { 0 };

	if (!server_run(env->cfg, env->db, stderr, &err)) {
		return collect_failed(&err);
	}
	return 0;
}

const struct collect_command collect_serve = {
	.entry = {
		.name = "serve",
		.help = { "serve HTTPS until SIGTERM or SIGINT" },
	},
	.run = run_serve,
};

/* Reads a bundle, gunzipping it when it starts with the gzip magic. */
static bool
read_bundle(const char *path, struct body *b, struct error *err)
{
	char *data = NULL;
	size_t len = 0;
	bool gzip, ok = false;

	if (!file_read_all(path, BUNDLE_MAX_BYTES, &data, &len, err)) {
		return false;
	}
	gzip = len >= 2 && (unsigned char)data[0] == 0x1f &&
	    (unsigned char)data[1] == 0x8b;
	if (!body_init(b, gzip, BUNDLE_MAX_BYTES, err)) {
		goto out;
	}
	ok = body_add(b, data, len, err) == BODY_OK &&
	    body_finish(b, err) == BODY_OK;
	if (!ok) {
		body_free(b);
	}
out:
	free(data);
	if (!ok) {
		error_prefix(err, "%s", path);
	}
	return ok;
}

static int
run_import(const struct collect_env *env, int argc, char **argv)
{
	struct ingest_result res;
	struct error err = { 0 };
	struct body b;
	enum ingest_status s;
	int first;
	int status = collect_arguments(&collect_import, argc, argv, &first);

	if (status >= 0) {
		return status;
	}
	if (!read_bundle(argv[first], &b, &err)) {
		return collect_failed(&err);
	}
	s = ingest_batch(env->db, NULL, b.data, b.len, stderr, &res, &err);
	body_free(&b);
	if (s != INGEST_OK) {
		error_prefix(&err, "%s", argv[first]);
		return collect_failed(&err);
	}
	printf("kiosk %s: records up to seq %lld: %lld stored, %lld already "
	       "there%s%s\n",
	    res.kiosk, (long long)res.acked_through, (long long)res.accepted,
	    (long long)res.duplicates,
	    res.gaps + res.mismatches > 0 ? "; CHAIN BREAK recorded (see "
	                                    "kiosk list)"
	                                  : "",
	    res.quarantined > 0 ? "; some in QUARANTINE (see parvis-collect "
	                          "quarantine list)"
	                        : "");
	return 0;
}

const struct collect_command collect_import = {
	.entry = {
		.name = "import",
		.args = { "BUNDLE" },
		.help = { "take a file written by\n`parvis export --bundle`" },
		.min_args = 1,
		.max_args = 1,
	},
	.run = run_import,
};

enum { OPT_FORMAT = CMD_LONG_ONLY, OPT_FORM, OPT_ALL, OPT_DRY_RUN };

static const struct cmd_option export_options[] = {
	{ "format", CMD_VALUE, OPT_FORMAT },
	{ "form", CMD_VALUE, OPT_FORM },
	{ NULL, CMD_NO_VALUE, 0 },
};

struct export_args {
	enum export_format format;
	const char *form_id;
};

static bool
take_export(void *ctx, int opt, const char *arg)
{
	struct export_args *a = ctx;

	if (opt == OPT_FORM) {
		a->form_id = arg;
	} else if (strcmp(arg, "csv") == 0 || strcmp(arg, "json") == 0) {
		a->format = strcmp(arg, "csv") == 0 ? EXPORT_CSV : EXPORT_JSON;
	} else {
		fprintf(stderr,
		    "parvis-collect export: unknown format '%s' (expected "
		    "csv or json)\n",
		    arg);
		return false;
	}
	return true;
}

static int
run_export(const struct collect_env *env, int argc, char **argv)
{
	struct export_args a = { .format = EXPORT_CSV };
	struct error err = { 0 };
	int first;
	int status = collect_options(
	    &collect_export, argc, argv, take_export, &a, &first);

	if (status >= 0) {
		return status;
	}
	if (!export_write(env->db, a.format, a.form_id, stdout, &err)) {
		return collect_failed(&err);
	}
	return 0;
}

const struct collect_command collect_export = {
	.entry = {
		.name = "export",
		.args = { "[--format csv|json] [--form ID]" },
		.help = { "write what was collected to stdout" },
		.options = export_options,
	},
	.run = run_export,
};

static int
run_forms_publish(const struct collect_env *env, int argc, char **argv)
{
	struct error err = { 0 };
	bool again = false;
	int first;
	int status =
	    collect_arguments(&collect_forms_publish, argc, argv, &first);

	if (status >= 0) {
		return status;
	}
	if (!published_add(env->db, argv[first], stderr, &again, &err)) {
		return collect_failed(&err);
	}
	fprintf(stderr, "parvis-collect: %s %s\n", argv[first],
	    again ? "was already published with these very bytes"
	          : "published");
	return 0;
}

static int
run_forms_list(const struct collect_env *env, int argc, char **argv)
{
	struct error err = { 0 };
	int first;
	int status = collect_arguments(&collect_forms_list, argc, argv, &first);

	if (status >= 0) {
		return status;
	}
	return published_list(env->db, stdout, &err) ? 0 : collect_failed(&err);
}

const struct collect_command collect_forms_publish = {
	.entry = {
		.name = "forms publish",
		.args = { "FILE" },
		.help = { "check a consultation file and hand it\n"
		          "out to the kiosks" },
		.min_args = 1,
		.max_args = 1,
	},
	.run = run_forms_publish,
};

const struct collect_command collect_forms_list = {
	.entry = {
		.name = "forms list",
		.help = { "the published consultation files" },
	},
	.run = run_forms_list,
};

/* The words after the record id, joined: the admin's note. */
static void
join_note(int argc, char **argv, char *note, size_t size)
{
	size_t used = 0;

	note[0] = '\0';
	for (int i = 0; i < argc && used < size; i++) {
		used += (size_t)snprintf(note + used, size - used, "%s%s",
		    i > 0 ? " " : "", argv[i]);
	}
}

static const struct cmd_option list_options[] = {
	{ "all", CMD_NO_VALUE, OPT_ALL },
	{ NULL, CMD_NO_VALUE, 0 },
};

/* Takes a flag (--all, --dry-run) into the bool of ctx. */
static bool
take_flag(void *ctx, int opt, const char *arg)
{
	*(bool *)ctx = true;
	return true;
}

static int
run_quarantine_list(const struct collect_env *env, int argc, char **argv)
{
	struct error err = { 0 };
	bool all = false;
	int first;
	int status = collect_options(
	    &collect_quarantine_list, argc, argv, take_flag, &all, &first);

	if (status >= 0) {
		return status;
	}
	return quarantine_list(env->db, all, stdout, &err)
	    ? 0
	    : collect_failed(&err);
}

static int
decide(const struct collect_command *cmd, const struct collect_env *env,
    int argc, char **argv)
{
	struct error err = { 0 };
	bool accept = cmd == &collect_quarantine_accept;
	char note[512], *end;
	long long id;
	int first;
	int status = collect_arguments(cmd, argc, argv, &first);

	if (status >= 0) {
		return status;
	}
	id = strtoll(argv[first], &end, 10);
	if (*argv[first] == '\0' || *end != '\0' || id < 1) {
		fprintf(stderr,
		    "parvis-collect: \"%s\" is not a record number (the "
		    "RECORD column of quarantine list)\n",
		    argv[first]);
		return 2;
	}
	join_note(argc - first - 1, argv + first + 1, note, sizeof note);
	if (!quarantine_decide(env->db, id, accept, note, &err)) {
		return collect_failed(&err);
	}
	printf("record %lld %s%s\n", id,
	    accept ? "accepted: it counts in results and exports from now on"
	           : "rejected: kept, and left out of results and exports",
	    *note ? "" : " (no note given)");
	return 0;
}

static int
run_quarantine_accept(const struct collect_env *env, int argc, char **argv)
{
	return decide(&collect_quarantine_accept, env, argc, argv);
}

static int
run_quarantine_reject(const struct collect_env *env, int argc, char **argv)
{
	return decide(&collect_quarantine_reject, env, argc, argv);
}

const struct collect_command collect_quarantine_list = {
	.entry = {
		.name = "quarantine list",
		.args = { "[--all]" },
		.help = { "records kept but counted nowhere\n"
		          "(conflict, impostor, broken chain)" },
		.options = list_options,
	},
	.run = run_quarantine_list,
};

/* The note is free words after RECORD: options only before it. */
const struct collect_command collect_quarantine_accept = {
	.entry = {
		.name = "quarantine accept",
		.args = { "RECORD [NOTE...]" },
		.help = { "count that record from now on (once\n"
		          "and for good)" },
		.min_args = 1,
		.max_args = -1,
		.flags = CMD_IN_ORDER,
	},
	.run = run_quarantine_accept,
};

const struct collect_command collect_quarantine_reject = {
	.entry = {
		.name = "quarantine reject",
		.args = { "RECORD [NOTE...]" },
		.help = { "keep that record out of every result\n"
		          "(once and for good)" },
		.min_args = 1,
		.max_args = -1,
		.flags = CMD_IN_ORDER,
	},
	.run = run_quarantine_reject,
};

static const struct cmd_option purge_options[] = {
	{ "dry-run", CMD_NO_VALUE, OPT_DRY_RUN },
	{ NULL, CMD_NO_VALUE, 0 },
};

static int
run_purge(const struct collect_env *env, int argc, char **argv)
{
	struct purge_result res;
	struct error err = { 0 };
	bool dry = false;
	int first;
	int status = collect_options(
	    &collect_purge, argc, argv, take_flag, &dry, &first);

	if (status >= 0) {
		return status;
	}
	if (!purge_run(env->db, env->cfg->retention_days, dry, &res, &err)) {
		return collect_failed(&err);
	}
	printf("%s %lld record%s past retention%s\n",
	    dry ? "would erase" : "erased", (long long)res.records,
	    res.records == 1 ? "" : "s", res.records > 0 ? ":" : "");
	for (size_t i = 0; i < res.nforms; i++) {
		printf("  %s: %lld (kept %lld days)\n",
		    res.forms[i].form_id != NULL ? res.forms[i].form_id
		                                 : "(no consultation)",
		    (long long)res.forms[i].records,
		    (long long)res.forms[i].days);
	}
	purge_result_finish(&res);
	return 0;
}

const struct collect_command collect_purge = {
	.entry = {
		.name = "purge",
		.args = { "[--dry-run]" },
		.help = { "erase the records past their\n"
		          "consultation's retention_days (or\n"
		          "[retention] days); daily by its timer" },
		.options = purge_options,
	},
	.run = run_purge,
};
