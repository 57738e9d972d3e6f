/*
 * Unit tests of the rows of a table of commands (src/core/cmdline.c):
 * matching argv, the lines of --help and of a usage error, and options
 * read as GNU tools read them (--name=value, --name value, prefixes,
 * options after the arguments, "--", CMD_IN_ORDER), with the program's
 * messages for what is wrong, and two readings in a row (the global
 * options, then the command's).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cmdline.h"

enum { OPT_FORMAT = CMD_LONG_ONLY, OPT_FORM, OPT_DRY_RUN, OPT_IDLE };

static const struct cmd_option options[] = {
	{ "format", CMD_VALUE, OPT_FORMAT },
	{ "form", CMD_VALUE, OPT_FORM },
	{ "dry-run", CMD_NO_VALUE, OPT_DRY_RUN },
	{ "when-idle", CMD_MAYBE_VALUE, OPT_IDLE },
	{ NULL, CMD_NO_VALUE, 0 },
};

static const struct cmd_entry row = {
	.name = "export",
	.args = { "[--format F] [--form ID] [--dry-run] [--when-idle[=S]] "
	          "FILE...",
	    "--dry-run" },
	.help = { "first line\nsecond line", "the other way" },
	.options = options,
	.min_args = 1,
	.max_args = 2,
};

/* What the options taken were. */
struct seen {
	const char *format, *form, *idle;
	int dry_run, idle_count;
	bool refuse; /* take refuses --format */
};

static bool
take(void *ctx, int opt, const char *arg)
{
	struct seen *s = ctx;

	if (opt == OPT_FORMAT && s->refuse) {
		fprintf(stderr, "refused %s\n", arg);
		return false;
	}
	if (opt == OPT_FORMAT) {
		s->format = arg;
	} else if (opt == OPT_FORM) {
		s->form = arg;
	} else if (opt == OPT_DRY_RUN) {
		s->dry_run++;
	} else {
		s->idle = arg;
		s->idle_count++;
	}
	return true;
}

/* The standard output and error of the last parse. */
static char out[4096], err[4096];

static void
slurp(FILE *f, char *buf, size_t size)
{
	size_t n;

	rewind(f);
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	fclose(f);
}

/* cmd_parse() of the words of args (after argv[0] = "export"), with
 * stdout and stderr caught in out and err. */
static int
parse(const char *const *args, struct seen *s, int *first, char ***argvp)
{
	static char *argv[16];
	static char words[16][64];
	FILE *fo = tmpfile(), *fe = tmpfile();
	int saved_out = dup(1), saved_err = dup(2), argc = 0, status;

	snprintf(words[argc], sizeof words[argc], "export");
	argv[argc] = words[argc];
	for (argc = 1; args[argc - 1] != NULL; argc++) {
		snprintf(words[argc], sizeof words[argc], "%s", args[argc - 1]);
		argv[argc] = words[argc];
	}
	argv[argc] = NULL;
	fflush(stdout);
	fflush(stderr);
	dup2(fileno(fo), 1);
	dup2(fileno(fe), 2);
	status = cmd_parse("prog", &row, argc, argv, take, s, first);
	fflush(stdout);
	fflush(stderr);
	dup2(saved_out, 1);
	dup2(saved_err, 2);
	close(saved_out);
	close(saved_err);
	slurp(fo, out, sizeof out);
	slurp(fe, err, sizeof err);
	*argvp = argv;
	return status;
}

static void
test_match(void **state)
{
	struct cmd_entry add = { .name = "kiosk add" };
	char k[] = "kiosk", a[] = "add", l[] = "list", e[] = "export",
	     x[] = "exp", longer[] = "exports", ks[] = "kiosks";
	char *one[] = { k, a, e }, *other[] = { k, l }, *alone[] = { k },
	     *exp[] = { e }, *prefix[] = { x }, *more[] = { longer },
	     *group[] = { ks, a };

	(void)state;
	assert_int_equal(cmd_match(&add, 3, one), 2);
	assert_int_equal(cmd_match(&add, 2, other), 0);
	assert_int_equal(cmd_match(&add, 1, alone), 0);
	assert_int_equal(cmd_match(&row, 1, exp), 1);
	assert_int_equal(cmd_match(&row, 1, prefix), 0);
	assert_int_equal(cmd_match(&row, 1, more), 0);
	assert_int_equal(cmd_match(&add, 2, group), 0);
	assert_int_equal(cmd_match(&row, 0, exp), 0);
	assert_true(cmd_in_group(&add, "kiosk"));
	assert_false(cmd_in_group(&add, "kio"));
	assert_false(cmd_in_group(&row, "export"));
}

static void
test_help_lines(void **state)
{
	static const struct cmd_entry shorter = {
		.name = "sync",
		.args = { "[--x]" },
		.help = { "one\ntwo" },
	};
	static const struct cmd_entry bare = {
		.name = "kiosk list",
		.help = { "the kiosks" },
	};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	cmd_print_help(&shorter, 16, f);
	/* Two spaces at least between a synopsis and its help. */
	cmd_print_help(&shorter, 13, f);
	cmd_print_help(&row, 12, f);
	cmd_print_help(&bare, 16, f);
	cmd_print_help(&bare, 12, f);
	cmd_print_usage("prog", &bare, false, f);
	fclose(f);
	assert_string_equal(buf,
	    "  sync [--x]    one\n"
	    "                two\n"
	    "  sync [--x]\n"
	    "             one\n"
	    "             two\n"
	    "  export [--format F] [--form ID] [--dry-run] [--when-idle[=S]] "
	    "FILE...\n"
	    "            first line\n"
	    "            second line\n"
	    "  export --dry-run\n"
	    "            the other way\n"
	    "  kiosk list    the kiosks\n"
	    "  kiosk list\n"
	    "            the kiosks\n"
	    "usage: prog kiosk list\n");
	free(buf);
}

static void
test_usage_lines(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	cmd_print_usage("prog", &row, false, f);
	cmd_print_usage("prog", &row, true, f);
	fclose(f);
	assert_string_equal(buf,
	    "usage: prog export [--format F] [--form ID] [--dry-run] "
	    "[--when-idle[=S]] FILE...\n"
	    "       prog export --dry-run\n"
	    "       prog export [--format F] [--form ID] [--dry-run] "
	    "[--when-idle[=S]] FILE...\n"
	    "       prog export --dry-run\n");
	free(buf);
}

/* --name=value, --name value, a prefix, options after the arguments. */
static void
test_values(void **state)
{
	static const char *const args[] = { "a.ini", "--format=json", "--for",
		"f1", "--dry-run", "b.ini", "--dry", NULL };
	struct seen s = { 0 };
	char **argv;
	int first;

	(void)state;
	/* "--for" is ambiguous (form, format): refused. */
	assert_int_equal(parse(args, &s, &first, &argv), 2);
	assert_string_equal(err,
	    "prog export: ambiguous option '--for'\n"
	    "usage: prog export [--format F] [--form ID] [--dry-run] "
	    "[--when-idle[=S]] FILE...\n"
	    "       prog export --dry-run\n");
	{
		static const char *const good[] = { "a.ini", "--format=json",
			"--form", "f1", "--dry-run", "b.ini", "--dry", NULL };
		struct seen t = { 0 };

		assert_int_equal(parse(good, &t, &first, &argv), -1);
		assert_string_equal(t.format, "json");
		assert_string_equal(t.form, "f1");
		assert_int_equal(t.dry_run, 2);
		assert_int_equal(first, 6);
		assert_string_equal(argv[first], "a.ini");
		assert_string_equal(argv[first + 1], "b.ini");
		assert_string_equal(out, "");
		assert_string_equal(err, "");
	}
}

/* "--" ends the options: what follows is an argument, dash or not. */
static void
test_double_dash(void **state)
{
	static const char *const args[] = { "--form", "x", "--", "-a.ini",
		"--format", NULL };
	struct seen s = { 0 };
	char **argv;
	int first;

	(void)state;
	assert_int_equal(parse(args, &s, &first, &argv), -1);
	assert_string_equal(s.form, "x");
	assert_null(s.format);
	assert_string_equal(argv[first], "-a.ini");
	assert_string_equal(argv[first + 1], "--format");
}

static void
test_maybe_value(void **state)
{
	static const char *const bare[] = { "--when-idle", "5", NULL };
	static const char *const given[] = { "--when-idle=5", "f", NULL };
	struct seen s = { 0 };
	char **argv;
	int first;

	(void)state;
	/* Never two words: "5" is an argument. */
	assert_int_equal(parse(bare, &s, &first, &argv), -1);
	assert_int_equal(s.idle_count, 1);
	assert_null(s.idle);
	assert_string_equal(argv[first], "5");
	memset(&s, 0, sizeof s);
	assert_int_equal(parse(given, &s, &first, &argv), -1);
	assert_string_equal(s.idle, "5");
	assert_string_equal(argv[first], "f");
}

/* check_error ARGS, MESSAGE: parse refuses with status 2 and MESSAGE as
 * the first line of stderr, then the usage. */
static void
check_error(const char *const *args, const char *message, bool usage)
{
	struct seen s = { .refuse = true };
	char **argv;
	int first;
	size_t n = strlen(message);

	assert_int_equal(parse(args, &s, &first, &argv), 2);
	assert_memory_equal(err, message, n);
	if (usage) {
		assert_string_equal(err + n,
		    "usage: prog export [--format F] [--form ID] "
		    "[--dry-run] [--when-idle[=S]] FILE...\n"
		    "       prog export --dry-run\n");
	} else {
		assert_string_equal(err + n, "");
	}
	assert_string_equal(out, "");
}

static void
test_errors(void **state)
{
	static const char *const unknown[] = { "a", "--bogus=1", NULL };
	static const char *const shorts[] = { "a", "-q", NULL };
	static const char *const missing[] = { "a", "--form", NULL };
	static const char *const flag[] = { "a", "--dry-run=yes", NULL };
	static const char *const many[] = { "a", "b", "c", NULL };
	static const char *const none[] = { "--dry-run", NULL };
	static const char *const refused[] = { "a", "--format=xml", NULL };

	(void)state;
	check_error(unknown, "prog export: unknown option '--bogus'\n", true);
	check_error(shorts, "prog export: unknown option '-q'\n", true);
	check_error(missing, "prog export: --form needs a value\n", true);
	check_error(flag, "prog export: --dry-run takes no value\n", true);
	check_error(many, "prog export: unexpected 'c'\n", true);
	check_error(none, "", true);
	/* take said why: no usage after it. */
	check_error(refused, "refused xml\n", false);
}

static void
test_help(void **state)
{
	static const char *const args[] = { "--form", "x", "--help", "y",
		NULL };
	static const char *const shorts[] = { "-h", NULL };
	static const char *const value[] = { "--form", "--help", "a", NULL };
	struct seen s = { 0 };
	char **argv;
	int first;

	(void)state;
	assert_int_equal(parse(args, &s, &first, &argv), 0);
	assert_string_equal(out,
	    "usage: prog export [--format F] [--form ID] [--dry-run] "
	    "[--when-idle[=S]] FILE...\n"
	    "       prog export --dry-run\n"
	    "\n"
	    "  first line\n"
	    "  second line\n"
	    "\n"
	    "  the other way\n");
	assert_string_equal(err, "");
	assert_int_equal(parse(shorts, &s, &first, &argv), 0);
	/* The value of --form, not a request for help. */
	memset(&s, 0, sizeof s);
	assert_int_equal(parse(value, &s, &first, &argv), -1);
	assert_string_equal(s.form, "--help");
}

static bool
take_global(void *ctx, int opt, const char *arg)
{
	*(const char **)ctx = arg;
	return true;
}

/* The global options in order ("+"), then a command's permuted: each
 * reading starts afresh. */
static void
test_two_readings(void **state)
{
	static const struct cmd_option globals[] = {
		{ "config", CMD_VALUE, 'c' },
		{ NULL, CMD_NO_VALUE, 0 },
	};
	char w[][16] = { "prog", "--config=k.ini", "export", "a", "--dry-run",
		"--format", "csv" };
	char *argv[] = { w[0], w[1], w[2], w[3], w[4], w[5], w[6], NULL };
	const char *config = NULL;
	struct seen s = { 0 };
	int first, sub;

	(void)state;
	assert_int_equal(cmd_read_options("prog", globals, CMD_IN_ORDER, 7,
	                     argv, take_global, &config, &first),
	    -1);
	assert_string_equal(config, "k.ini");
	assert_int_equal(first, 2);
	assert_int_equal(
	    cmd_parse("prog", &row, 5, argv + first, take, &s, &sub), -1);
	assert_int_equal(s.dry_run, 1);
	assert_string_equal(s.format, "csv");
	assert_string_equal(argv[first + sub], "a");
	/* In order: the options end at the first argument. */
	{
		struct cmd_entry ordered = row;
		struct seen t = { 0 };
		char v[][16] = { "accept", "12", "--dry-run" };
		char *args[] = { v[0], v[1], v[2], NULL };

		ordered.flags = CMD_IN_ORDER;
		assert_int_equal(
		    cmd_parse("prog", &ordered, 3, args, take, &t, &sub), -1);
		assert_int_equal(t.dry_run, 0);
		assert_int_equal(sub, 1);
		assert_string_equal(args[2], "--dry-run");
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_help_lines),
		cmocka_unit_test(test_usage_lines),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_double_dash),
		cmocka_unit_test(test_maybe_value),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_two_readings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
