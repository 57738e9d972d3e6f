/*
 * The rows of a program's table of commands, read and printed (see
 * cmdline.h): matching argv against a row, the lines of --help and of a
 * usage error, and the options of a command through getopt_long() with
 * messages in the program's words.
 */
#include "cmdline.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "gettext.h"
#include "utf8.h"

/* Translates s, which may be empty or NULL (gettext("") is the
 * catalogue's header, not nothing). */
static const char *
text(const char *s)
{
	return s == NULL || *s == '\0' ? "" : _(s);
}

static int
uses(const struct cmd_entry *e)
{
	return e->args[1] != NULL ? 2 : 1;
}

int
cmd_match(const struct cmd_entry *e, int argc, char **argv)
{
	const char *space = strchr(e->name, ' ');
	size_t first =
	    space != NULL ? (size_t)(space - e->name) : strlen(e->name);

	if (argc < 1 || strlen(argv[0]) != first ||
	    strncmp(argv[0], e->name, first) != 0) {
		return 0;
	}
	if (space == NULL) {
		return 1;
	}
	return argc >= 2 && strcmp(argv[1], space + 1) == 0 ? 2 : 0;
}

bool
cmd_in_group(const struct cmd_entry *e, const char *word)
{
	const char *space = strchr(e->name, ' ');

	return space != NULL && strlen(word) == (size_t)(space - e->name) &&
	    strncmp(word, e->name, strlen(word)) == 0;
}

/* Prints the lines of help (separated by '\n'), the first one after
 * column `at` on the current line, each later one from column col. */
static void
print_lines(const char *help, int at, int col, FILE *out)
{
	const char *line = help;

	for (;;) {
		const char *end = strchr(line, '\n');
		int len = end != NULL ? (int)(end - line) : (int)strlen(line);

		fprintf(out, "%*s%.*s\n", col - at, "", len, line);
		if (end == NULL || end[1] == '\0') {
			return;
		}
		line = end + 1;
		at = 0;
	}
}

void
cmd_print_help(const struct cmd_entry *e, int col, FILE *out)
{
	for (int i = 0; i < uses(e); i++) {
		const char *args = text(e->args[i]);
		char head[512];
		int width;

		snprintf(head, sizeof head, "  %s%s%s", e->name,
		    *args != '\0' ? " " : "", args);
		width = (int)utf8_length(head);
		if (width > col - 2) {
			fprintf(out, "%s\n", head);
			width = 0;
		} else {
			fputs(head, out);
		}
		print_lines(text(e->help[i]), width, col, out);
	}
}

void
cmd_print_usage(
    const char *program, const struct cmd_entry *e, bool more, FILE *out)
{
	/* TRANSLATORS: the start of a usage line, "usage: parvis stats
	 * [--since DATE]"; a second way of calling the command goes on the
	 * next line, under "parvis". */
	const char *prefix = _("usage: ");

	for (int i = 0; i < uses(e); i++) {
		const char *args = text(e->args[i]);
		bool first = i == 0 && !more;

		fprintf(out, "%*s%s %s%s%s\n",
		    first ? 0 : (int)utf8_length(prefix), first ? prefix : "",
		    program, e->name, *args != '\0' ? " " : "", args);
	}
}

/* getopt_long()'s options and optstring for options: ':' first (a
 * missing value is returned, not printed), after prefix ("+" or ""). */
struct getopt_table {
	struct option longs[CMD_MAX_OPTIONS + 2];
	char shorts[3 * CMD_MAX_OPTIONS + 8];
};

static void
getopt_table_init(struct getopt_table *t, const struct cmd_option *options,
    const char *prefix)
{
	static const int has_arg[] = {
		[CMD_NO_VALUE] = no_argument,
		[CMD_VALUE] = required_argument,
		[CMD_MAYBE_VALUE] = optional_argument,
	};
	size_t n = 0, len;

	snprintf(t->shorts, sizeof t->shorts, "%s:", prefix);
	len = strlen(t->shorts);
	for (; options != NULL && options[n].name != NULL; n++) {
		const struct cmd_option *o = &options[n];

		if (n == CMD_MAX_OPTIONS + 1) {
			abort(); /* a table with too many options: a bug */
		}
		t->longs[n] =
		    (struct option){ o->name, has_arg[o->value], NULL, o->val };
		if (o->val > ' ' && o->val < 127) {
			t->shorts[len++] = (char)o->val;
			for (int k = 0; k < (int)o->value; k++) {
				t->shorts[len++] = ':';
			}
		}
	}
	t->shorts[len] = '\0';
	t->longs[n] = (struct option){ NULL, 0, NULL, 0 };
}

/* How many options have a name that starts with the len bytes of name;
 * *exact tells whether one is exactly it. */
static int
prefixed(
    const struct cmd_option *options, const char *name, size_t len, bool *exact)
{
	int n = 0;

	*exact = false;
	for (size_t i = 0; options != NULL && options[i].name != NULL; i++) {
		if (strncmp(options[i].name, name, len) == 0) {
			n++;
			*exact = *exact || strlen(options[i].name) == len;
		}
	}
	return n;
}

/* True when the error is about the long option written in arg (not a
 * short option in a cluster): optopt is 0 or the val of an option whose
 * name arg abbreviates. */
static bool
about_long(const char *arg, const struct cmd_option *options)
{
	size_t len;

	if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0') {
		return false;
	}
	if (optopt == 0) {
		return true;
	}
	len = strcspn(arg + 2, "=");
	for (size_t i = 0; options != NULL && options[i].name != NULL; i++) {
		if (options[i].val == optopt &&
		    strncmp(options[i].name, arg + 2, len) == 0) {
			return true;
		}
	}
	return false;
}

/* Says what getopt_long() just found wrong, c being what it returned
 * ('?' or ':'); reads optind and optopt. */
static void
option_error(
    const char *who, int c, char **argv, const struct cmd_option *options)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "";
	bool is_long = about_long(arg, options);
	char name[128];
	bool exact;

	if (is_long) {
		snprintf(
		    name, sizeof name, "%.*s", (int)strcspn(arg, "="), arg);
	} else {
		snprintf(name, sizeof name, "-%c", optopt);
	}
	if (c == ':') {
		/* TRANSLATORS: "parvis stats: --since needs a value". */
		fprintf(stderr, _("%s: %s needs a value\n"), who, name);
	} else if (is_long && optopt != 0) {
		/* TRANSLATORS: "parvis purge: --dry-run takes no value". */
		fprintf(stderr, _("%s: %s takes no value\n"), who, name);
	} else if (is_long &&
	    prefixed(options, name + 2, strlen(name + 2), &exact) > 1 &&
	    !exact) {
		/* TRANSLATORS: "parvis export: ambiguous option '--for'"
		 * (--form or --format). */
		fprintf(stderr, _("%s: ambiguous option '%s'\n"), who, name);
	} else {
		fprintf(stderr, _("%s: unknown option '%s'\n"), who, name);
	}
}

int
cmd_read_options(const char *who, const struct cmd_option *options,
    unsigned flags, int argc, char **argv, cmd_take_fn *take, void *ctx,
    int *first)
{
	struct getopt_table t;

	getopt_table_init(&t, options, flags & CMD_IN_ORDER ? "+" : "");
	opterr = 0;
	/* glibc starts afresh at 0, not 1: with 1 it would keep the order
	 * ("+" or not) of the previous reading, the global options'. */
	optind = 0;
	for (;;) {
		int c = getopt_long(argc, argv, t.shorts, t.longs, NULL);

		if (c == -1) {
			break;
		}
		if ((c == '?' || c == ':') && who == NULL) {
			continue;
		}
		if (c == '?' || c == ':') {
			option_error(who, c, argv, options);
			return 2;
		}
		if (!take(ctx, c, optarg)) {
			return 2;
		}
	}
	*first = optind;
	return -1;
}

/* The options of e and --help, in opts (of CMD_MAX_OPTIONS + 2). */
static void
with_help(const struct cmd_entry *e, struct cmd_option *opts)
{
	size_t n = 0;

	for (; e->options != NULL && e->options[n].name != NULL; n++) {
		if (n == CMD_MAX_OPTIONS) {
			abort(); /* a row with too many options: a bug */
		}
		opts[n] = e->options[n];
	}
	opts[n++] = (struct cmd_option){ "help", CMD_NO_VALUE, 'h' };
	opts[n] = (struct cmd_option){ NULL, CMD_NO_VALUE, 0 };
}

/* Prints the usage lines and the help of e (`parvis stats --help`). */
static void
print_command_help(const char *program, const struct cmd_entry *e)
{
	cmd_print_usage(program, e, false, stdout);
	for (int i = 0; i < uses(e); i++) {
		fputc('\n', stdout);
		print_lines(text(e->help[i]), 0, 2, stdout);
	}
}

/* What cmd_parse() gives take(), to see --help first. */
struct parse {
	cmd_take_fn *take;
	void *ctx;
	bool help;
	bool refused; /* by take, which said why */
};

static bool
take_or_help(void *ctx, int opt, const char *arg)
{
	struct parse *p = ctx;

	if (opt == 'h') {
		p->help = true;
		return false;
	}
	p->refused = p->take == NULL || !p->take(p->ctx, opt, arg);
	return !p->refused;
}

int
cmd_parse(const char *program, const struct cmd_entry *e, int argc, char **argv,
    cmd_take_fn *take, void *ctx, int *first)
{
	struct cmd_option opts[CMD_MAX_OPTIONS + 2];
	struct parse p = { .take = take, .ctx = ctx };
	char who[128];
	int n;

	snprintf(who, sizeof who, "%s %s", program, e->name);
	with_help(e, opts);
	if (cmd_read_options(who, opts, e->flags, argc, argv, take_or_help, &p,
	        first) >= 0) {
		if (p.help) {
			print_command_help(program, e);
			return 0;
		}
		if (!p.refused) {
			cmd_print_usage(program, e, false, stderr);
		}
		return 2;
	}
	n = argc - *first;
	if (n >= e->min_args && (e->max_args < 0 || n <= e->max_args)) {
		return -1;
	}
	if (e->max_args >= 0 && n > e->max_args) {
		/* TRANSLATORS: "parvis purge: unexpected 'now'", an argument
		 * the command does not take. */
		fprintf(stderr, _("%s: unexpected '%s'\n"), who,
		    argv[*first + e->max_args]);
	}
	cmd_print_usage(program, e, false, stderr);
	return 2;
}

static bool
take_anything(void *ctx, int opt, const char *arg)
{
	return true;
}

int
cmd_check_call(
    const char *program, const struct cmd_entry *e, int argc, char **argv)
{
	int first;

	return cmd_parse(program, e, argc, argv, take_anything, NULL, &first);
}
