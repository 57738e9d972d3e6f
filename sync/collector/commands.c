/*
 * The subcommands of parvis-collect (see commands.h).  Each checks its
 * arguments, calls the module that does the work, and says what happened
 * in a sentence; none of them decides to exit.
 */
#include "commands.h"

#include <stdlib.h>
#include <string.h>

#include "body.h"
#include "export.h"
#include "file.h"
#include "ingest.h"
#include "kiosks.h"
#include "published.h"
#include "purge.h"
#include "quarantine.h"
#include "server.h"

/* A bundle of a week without network at 700 bytes a record fits many
 * times over; the whole file is held in memory while it is checked. */
#define BUNDLE_MAX_BYTES ((size_t)512 * 1024 * 1024)

int
command_serve(struct db *d, const struct collect_config *cfg)
{
	struct error err = { 0 };

	if (!server_run(cfg, d, stderr, &err)) {
		fprintf(stderr, "parvis-collect: %s\n", err.msg);
		return 1;
	}
	return 0;
}

/* Prints the new token of kiosk name, shown this once. */
static void
print_token(const char *name, const char *token, const char *what)
{
	printf("%s\n", token);
	fprintf(stderr,
	    "parvis-collect: kiosk \"%s\" %s.  The line above is its "
	    "token, shown this once: put it in the file named by [sync] "
	    "token_file in the kiosk's kiosk.ini (readable by the kiosk's "
	    "user only).\n",
	    name, what);
}

static int
kiosk_token(struct db *d, const char *name, bool rotate)
{
	char token[KIOSKS_TOKEN_LEN + 1];
	struct error err = { 0 };
	bool ok = rotate ? kiosks_rotate(d, name, token, &err)
	                 : kiosks_add(d, name, token, &err);

	if (!ok) {
		fprintf(stderr, "parvis-collect: %s\n", err.msg);
		return 1;
	}
	print_token(name, token,
	    rotate ? "has a new token; the old one is refused from now on"
	           : "enrolled");
	return 0;
}

static bool
kiosk_ack(struct db *d, const char *name, struct error *err)
{
	int64_t n;

	if (!kiosks_ack(d, name, &n, err)) {
		return false;
	}
	if (n == 0) {
		printf("kiosk %s: nothing to acknowledge\n", name);
	} else {
		printf("kiosk %s: %lld chain event%s acknowledged (kept; "
		       "kiosk list no longer shows %s)\n",
		    name, (long long)n, n > 1 ? "s" : "",
		    n > 1 ? "them" : "it");
	}
	return true;
}

int
command_kiosk(struct db *d, int argc, char **argv)
{
	struct error err = { 0 };
	const char *sub = argc > 0 ? argv[0] : "";
	bool ok;

	if (strcmp(sub, "add") == 0 && argc == 2) {
		return kiosk_token(d, argv[1], false);
	}
	if (strcmp(sub, "rotate") == 0 && argc == 2) {
		return kiosk_token(d, argv[1], true);
	}
	if (strcmp(sub, "list") == 0 && argc == 1) {
		ok = kiosks_list(d, stdout, &err);
	} else if (strcmp(sub, "ack") == 0 && argc == 2) {
		ok = kiosk_ack(d, argv[1], &err);
	} else if (strcmp(sub, "revoke") == 0 && argc == 2) {
		ok = kiosks_revoke(d, argv[1], &err);
		if (ok) {
			fprintf(stderr,
			    "parvis-collect: kiosk \"%s\" revoked: "
			    "its token is refused from now on\n",
			    argv[1]);
		}
	} else {
		fprintf(stderr,
		    "usage: parvis-collect kiosk add NAME | kiosk "
		    "list | kiosk ack NAME | kiosk rotate NAME | kiosk revoke "
		    "NAME\n");
		return 2;
	}
	if (!ok) {
		fprintf(stderr, "parvis-collect: %s\n", err.msg);
		return 1;
	}
	return 0;
}

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

int
command_import(struct db *d, int argc, char **argv)
{
	struct ingest_result res;
	struct error err = { 0 };
	struct body b;
	enum ingest_status s;

	if (argc != 1) {
		fprintf(stderr, "usage: parvis-collect import BUNDLE\n");
		return 2;
	}
	if (!read_bundle(argv[0], &b, &err)) {
		fprintf(stderr, "parvis-collect: %s\n", err.msg);
		return 1;
	}
	s = ingest_batch(d, NULL, b.data, b.len, stderr, &res, &err);
	body_free(&b);
	if (s != INGEST_OK) {
		fprintf(stderr, "parvis-collect: %s: %s\n", argv[0], err.msg);
		return 1;
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

int
command_export(struct db *d, int argc, char **argv)
{
	enum export_format format = EXPORT_CSV;
	const char *form_id = NULL;
	struct error err = { 0 };

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--format") == 0 && i + 1 < argc &&
		    (strcmp(argv[i + 1], "csv") == 0 ||
		        strcmp(argv[i + 1], "json") == 0)) {
			format = strcmp(argv[++i], "csv") == 0 ? EXPORT_CSV
			                                       : EXPORT_JSON;
		} else if (strcmp(argv[i], "--form") == 0 && i + 1 < argc) {
			form_id = argv[++i];
		} else {
			fprintf(stderr,
			    "usage: parvis-collect export "
			    "[--format csv|json] [--form ID]\n");
			return 2;
		}
	}
	if (!export_write(d, format, form_id, stdout, &err)) {
		fprintf(stderr, "parvis-collect: %s\n", err.msg);
		return 1;
	}
	return 0;
}

int
command_forms(struct db *d, int argc, char **argv)
{
	struct error err = { 0 };
	const char *sub = argc > 0 ? argv[0] : "";
	bool again = false;
	bool ok;

	if (strcmp(sub, "publish") == 0 && argc == 2) {
		ok = published_add(d, argv[1], stderr, &again, &err);
		if (ok) {
			fprintf(stderr, "parvis-collect: %s %s\n", argv[1],
			    again ? "was already published with these very "
			            "bytes"
			          : "published");
		}
	} else if (strcmp(sub, "list") == 0 && argc == 1) {
		ok = published_list(d, stdout, &err);
	} else {
		fprintf(stderr,
		    "usage: parvis-collect forms publish FILE | "
		    "forms list\n");
		return 2;
	}
	if (!ok) {
		fprintf(stderr, "parvis-collect: %s\n", err.msg);
		return 1;
	}
	return 0;
}

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

int
command_quarantine(struct db *d, int argc, char **argv)
{
	struct error err = { 0 };
	const char *sub = argc > 0 ? argv[0] : "";
	bool accept = strcmp(sub, "accept") == 0;
	char note[512], *end;
	long long id;

	if (strcmp(sub, "list") == 0 &&
	    (argc == 1 || (argc == 2 && strcmp(argv[1], "--all") == 0))) {
		if (!quarantine_list(d, argc == 2, stdout, &err)) {
			fprintf(stderr, "parvis-collect: %s\n", err.msg);
			return 1;
		}
		return 0;
	}
	if ((!accept && strcmp(sub, "reject") != 0) || argc < 2) {
		fprintf(stderr,
		    "usage: parvis-collect quarantine list [--all] | "
		    "quarantine accept RECORD [NOTE...] | quarantine reject "
		    "RECORD [NOTE...]\n");
		return 2;
	}
	id = strtoll(argv[1], &end, 10);
	if (*argv[1] == '\0' || *end != '\0' || id < 1) {
		fprintf(stderr,
		    "parvis-collect: \"%s\" is not a record number (the "
		    "RECORD column of quarantine list)\n",
		    argv[1]);
		return 2;
	}
	join_note(argc - 2, argv + 2, note, sizeof note);
	if (!quarantine_decide(d, id, accept, note, &err)) {
		fprintf(stderr, "parvis-collect: %s\n", err.msg);
		return 1;
	}
	printf("record %lld %s%s\n", id,
	    accept ? "accepted: it counts in results and exports from now on"
	           : "rejected: kept, and left out of results and exports",
	    *note ? "" : " (no note given)");
	return 0;
}

int
command_purge(
    struct db *d, const struct collect_config *cfg, int argc, char **argv)
{
	struct purge_result res;
	struct error err = { 0 };
	bool dry = argc == 1 && strcmp(argv[0], "--dry-run") == 0;

	if (argc > 1 || (argc == 1 && !dry)) {
		fprintf(stderr, "usage: parvis-collect purge [--dry-run]\n");
		return 2;
	}
	if (!purge_run(d, cfg->retention_days, dry, &res, &err)) {
		fprintf(stderr, "parvis-collect: %s\n", err.msg);
		return 1;
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
