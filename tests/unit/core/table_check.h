/*
 * A check of a program's table of commands, for the unit tests of
 * parvis' (tests/unit/kiosk) and parvis-collect's (tests/collector): each
 * row says the options it reads, as getopt_long() reads them, and only
 * those; its help fits the column; no two rows share a name.
 */
#ifndef PARVIS_TESTS_TABLE_CHECK_H
#define PARVIS_TESTS_TABLE_CHECK_H

#include <stdio.h>
#include <string.h>

#include "cmdline.h"

/* True when args (a synopsis) holds "--name" followed by what the kind of
 * value writes: " " (a value), "[=" (a value that may be given), "]" or
 * the end (none). */
static bool
table_check_written(const char *args, const struct cmd_option *o)
{
	size_t len = strlen(o->name);

	for (const char *p = strstr(args, "--"); p != NULL;
	     p = strstr(p + 2, "--")) {
		const char *after = p + 2 + len;

		if (strncmp(p + 2, o->name, len) != 0) {
			continue;
		}
		if (o->value == CMD_VALUE && *after == ' ') {
			return true;
		}
		if (o->value == CMD_MAYBE_VALUE &&
		    strncmp(after, "[=", 2) == 0) {
			return true;
		}
		if (o->value == CMD_NO_VALUE &&
		    (*after == ']' || *after == '\0')) {
			return true;
		}
	}
	return false;
}

/* True when the option written at p ("--name...") is one of e's. */
static bool
table_check_known(const struct cmd_entry *e, const char *p)
{
	size_t len = strspn(p + 2, "abcdefghijklmnopqrstuvwxyz-");

	for (size_t i = 0; e->options != NULL && e->options[i].name != NULL;
	     i++) {
		if (strlen(e->options[i].name) == len &&
		    strncmp(e->options[i].name, p + 2, len) == 0) {
			return true;
		}
	}
	return false;
}

/* Checks row e; writes what is wrong into why and returns false. */
static bool
table_check_row(const struct cmd_entry *e, int col, char *why, size_t size)
{
	for (size_t i = 0; e->options != NULL && e->options[i].name != NULL;
	     i++) {
		bool written = false;

		for (int u = 0; u < 2 && e->args[u] != NULL; u++) {
			written = written ||
			    table_check_written(e->args[u], &e->options[i]);
		}
		if (!written) {
			snprintf(why, size,
			    "%s: --%s is not in its synopsis as "
			    "it is read",
			    e->name, e->options[i].name);
			return false;
		}
	}
	for (int u = 0; u < 2 && e->args[u] != NULL; u++) {
		for (const char *p = strstr(e->args[u], "--"); p != NULL;
		     p = strstr(p + 2, "--")) {
			if (!table_check_known(e, p)) {
				snprintf(why, size,
				    "%s: %s is not an option of "
				    "its row",
				    e->name, p);
				return false;
			}
		}
		for (const char *l = e->help[u]; l != NULL && *l != '\0';) {
			size_t n = strcspn(l, "\n");

			if ((int)n > 78 - col) {
				snprintf(why, size,
				    "%s: a line of its help is "
				    "%zu columns wide",
				    e->name, n);
				return false;
			}
			l += n + (l[n] == '\n');
		}
	}
	return true;
}

#endif
