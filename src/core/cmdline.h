/*
 * A program's commands as rows of one table (tmux's cmd_entry): a row
 * names a command, says how it is called and what it does, and lists its
 * options and how many arguments it takes.  The same rows give the
 * dispatch (cmd_match), `--help` (cmd_print_help), the usage lines of a
 * usage error (cmd_print_usage) and the man page's synopsis (which the
 * tests compare with --help).
 *
 * Options are read with getopt_long(), as users of GNU tools expect:
 * --name=value and --name value, a unique prefix of a name, options
 * before or after the arguments, and "--" to end them.  getopt's own
 * messages are off: what went wrong is said in the program's words,
 * through gettext.  getopt.h stays inside cmdline.c: its struct option
 * would clash with the consultations' (form.h).
 */
#ifndef PARVIS_CORE_CMDLINE_H
#define PARVIS_CORE_CMDLINE_H

#include <stdbool.h>
#include <stdio.h>

/* The val of a long option without a short one starts here, so that only
 * the short options a program means to have are short options. */
#define CMD_LONG_ONLY 256

/* The most options a command may have (--help besides). */
#define CMD_MAX_OPTIONS 14

enum cmd_value {
	CMD_NO_VALUE,    /* --dry-run */
	CMD_VALUE,       /* --format json, --format=json */
	CMD_MAYBE_VALUE, /* --when-idle, --when-idle=60 (never two words) */
};

struct cmd_option {
	const char *name; /* without the dashes; NULL ends a list */
	enum cmd_value value;
	/* What take() receives; below CMD_LONG_ONLY, also the short
	 * option -val. */
	int val;
};

enum cmd_flags {
	/* Options only before the first argument: what follows it is free
	 * words (an admin's note), "-" or not. */
	CMD_IN_ORDER = 1 << 0,
};

struct cmd_entry {
	/* One word, or a group and a word: "kiosk add". */
	const char *name;
	/* What follows the name, one way of calling the command each (at
	 * most two; "" or NULL when there is nothing), marked with N_():
	 * the metavariables (FILE, DATE) are the reader's words. */
	const char *args[2];
	/* What each way does, in lines of at most 44 columns separated by
	 * '\n', marked with N_(). */
	const char *help[2];
	const struct cmd_option *options; /* NULL: none */
	int min_args, max_args; /* positional arguments; max -1: any number */
	unsigned flags;         /* enum cmd_flags */
};

/* Takes one option: opt is its val, arg its value or NULL.  Returns
 * false to stop reading (after printing on stderr why a value is
 * refused). */
typedef bool cmd_take_fn(void *ctx, int opt, const char *arg);

/* How many words of argv (1 or 2) name e: its name is the first words of
 * argv; 0 when it is not. */
int cmd_match(const struct cmd_entry *e, int argc, char **argv);

/* True when e's name is a group and a word, and word is the group. */
bool cmd_in_group(const struct cmd_entry *e, const char *word);

/* Prints e's lines of a program's --help: "  NAME ARGS", then its help
 * from column col, beside when it fits, else on the next lines. */
void cmd_print_help(const struct cmd_entry *e, int col, FILE *out);

/* Prints "usage: PROGRAM NAME ARGS", one line for each way to call e,
 * the later ones aligned under the first; with more, every line is
 * aligned so, going on from the usage lines of another row. */
void cmd_print_usage(
    const char *program, const struct cmd_entry *e, bool more, FILE *out);

/* Reads the options of argv from argv[1] with getopt_long() (argv may be
 * permuted; with CMD_IN_ORDER in flags, the options end at the first
 * argument), giving each to take.  Returns -1 with *first the index of
 * the first argument when all were read; 2 when take returned false, or
 * after saying on stderr, with who as the prefix ("parvis", "parvis
 * stats"), what is wrong: an unknown or ambiguous option, a value missing
 * or given to an option that takes none.  With who NULL nothing is said
 * and what is wrong is skipped (a first look for one option). */
int cmd_read_options(const char *who, const struct cmd_option *options,
    unsigned flags, int argc, char **argv, cmd_take_fn *take, void *ctx,
    int *first);

/* Reads the options of e in argv (argv[0] is the last word of e's name)
 * with cmd_read_options(), then counts the arguments left; -h and --help
 * print e's usage and help on stdout.  take may be NULL when e has no
 * options.  Returns -1 to go on, with *first the index of the first
 * argument (there are between min_args and max_args); 0 after --help; 2
 * after a usage error, said on stderr with e's usage lines ("PROGRAM
 * NAME: unknown option '--x'", "... unexpected 'x'"), or a value refused
 * by take (which said why). */
int cmd_parse(const char *program, const struct cmd_entry *e, int argc,
    char **argv, cmd_take_fn *take, void *ctx, int *first);

/* cmd_parse() with every value taken as it is: says whether argv is a
 * call of e, before the program reads anything (--help answered, the
 * usage errors said); the command parses argv again for its values. */
int cmd_check_call(
    const char *program, const struct cmd_entry *e, int argc, char **argv);

#endif
