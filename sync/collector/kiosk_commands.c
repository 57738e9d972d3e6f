/*
 * The kiosk commands of parvis-collect, and their rows of the table of
 * commands (see commands.h): enrolling a kiosk, listing the kiosks and
 * what waits for an admin, acknowledging chain events, a new token, and
 * revoking one (kiosks.c does the work).
 */
#include "commands.h"

#include <stdio.h>

#include "kiosks.h"

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
kiosk_token(const struct collect_command *cmd, const struct collect_env *env,
    int argc, char **argv)
{
	char token[KIOSKS_TOKEN_LEN + 1];
	struct error err = { 0 };
	bool rotate = cmd == &collect_kiosk_rotate;
	int first;
	int status = collect_arguments(cmd, argc, argv, &first);
	const char *name;

	if (status >= 0) {
		return status;
	}
	name = argv[first];
	if (rotate ? !kiosks_rotate(env->db, name, token, &err)
	           : !kiosks_add(env->db, name, token, &err)) {
		return collect_failed(&err);
	}
	print_token(name, token,
	    rotate ? "has a new token; the old one is refused from now on"
	           : "enrolled");
	return 0;
}

static int
run_kiosk_add(const struct collect_env *env, int argc, char **argv)
{
	return kiosk_token(&collect_kiosk_add, env, argc, argv);
}

static int
run_kiosk_rotate(const struct collect_env *env, int argc, char **argv)
{
	return kiosk_token(&collect_kiosk_rotate, env, argc, argv);
}

static int
run_kiosk_list(const struct collect_env *env, int argc, char **argv)
{
	struct error err = { 0 };
	int first;
	int status = collect_arguments(&collect_kiosk_list, argc, argv, &first);

	if (status >= 0) {
		return status;
	}
	return kiosks_list(env->db, stdout, &err) ? 0 : collect_failed(&err);
}

static int
run_kiosk_ack(const struct collect_env *env, int argc, char **argv)
{
	struct error err = { 0 };
	int64_t n;
	int first;
	int status = collect_arguments(&collect_kiosk_ack, argc, argv, &first);
	const char *name;

	if (status >= 0) {
		return status;
	}
	name = argv[first];
	if (!kiosks_ack(env->db, name, &n, &err)) {
		return collect_failed(&err);
	}
	if (n == 0) {
		printf("kiosk %s: nothing to acknowledge\n", name);
	} else {
		printf("kiosk %s: %lld chain event%s acknowledged (kept; "
		       "kiosk list no longer shows %s)\n",
		    name, (long long)n, n > 1 ? "s" : "",
		    n > 1 ? "them" : "it");
	}
	return 0;
}

static int
run_kiosk_revoke(const struct collect_env *env, int argc, char **argv)
{
	struct error err = { 0 };
	int first;
	int status =
	    collect_arguments(&collect_kiosk_revoke, argc, argv, &first);

	if (status >= 0) {
		return status;
	}
	if (!kiosks_revoke(env->db, argv[first], &err)) {
		return collect_failed(&err);
	}
	fprintf(stderr,
	    "parvis-collect: kiosk \"%s\" revoked: "
	    "its token is refused from now on\n",
	    argv[first]);
	return 0;
}

const struct collect_command collect_kiosk_add = {
	.entry = {
		.name = "kiosk add",
		.args = { "NAME" },
		.help = { "enrol a kiosk (NAME: its [kiosk] id);\n"
		          "prints its token, once" },
		.min_args = 1,
		.max_args = 1,
	},
	.run = run_kiosk_add,
};

const struct collect_command collect_kiosk_list = {
	.entry = {
		.name = "kiosk list",
		.help = { "kiosks: last sync, records, and what\n"
		          "waits for an admin (chain events,\n"
		          "records in quarantine)" },
	},
	.run = run_kiosk_list,
};

const struct collect_command collect_kiosk_ack = {
	.entry = {
		.name = "kiosk ack",
		.args = { "NAME" },
		.help = { "acknowledge that kiosk's chain events" },
		.min_args = 1,
		.max_args = 1,
	},
	.run = run_kiosk_ack,
};

const struct collect_command collect_kiosk_rotate = {
	.entry = {
		.name = "kiosk rotate",
		.args = { "NAME" },
		.help = { "give that kiosk a new token (a lost or\n"
		          "exposed one); prints it, once" },
		.min_args = 1,
		.max_args = 1,
	},
	.run = run_kiosk_rotate,
};

const struct collect_command collect_kiosk_revoke = {
	.entry = {
		.name = "kiosk revoke",
		.args = { "NAME" },
		.help = { "refuse that kiosk's token from now on" },
		.min_args = 1,
		.max_args = 1,
	},
	.run = run_kiosk_revoke,
};
