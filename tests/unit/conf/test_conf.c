/*
 * src/conf on its own, with a table made up for the test: defaults and
 * paths, every type, a check of the program's own, a free section, the
 * line rules (comments, ';' in values, indentation, long lines, section
 * headers, a NUL byte), every problem as file:line (a key twice, a key
 * before any section, an unknown key or section), a file that cannot be
 * read, and --help-config.  kiosk.ini and collect.ini are tested through their
 * programs (tests/cli/config.sh, test_sync_config, test_collect).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "conf.h"

struct toy {
	char *name;
	char *colour;
	int64_t size;
	char *data;
	char *spare;
	char *places[4];
	size_t nplaces;
};

static bool
check_colour(struct conf_parse *p, const struct conf_key *k, const char *v)
{
	if (strcmp(v, "red") == 0 || strcmp(v, "blue") == 0) {
		return true;
	}
	conf_report(p, "%s: '%s' is not red or blue", k->key, v);
	return false;
}

static void
add_place(struct conf_parse *p, void *cfg, const char *key, const char *value)
{
	struct toy *t = cfg;

	if (t->nplaces == 4) {
		conf_report(p, "too many places (%s = %s)", key, value);
		return;
	}
	t->places[t->nplaces++] = strdup(value);
}

#define AT(field) offsetof(struct toy, field)

static const struct conf_key keys[] = {
	{ "toy", "name", CONF_STRING, AT(name), "Toy", 0, 0, NULL,
	    "what it is called" },
	{ "toy", "colour", CONF_STRING, AT(colour), "red", 0, 0, check_colour,
	    "red or blue" },
	{ "toy", "size", CONF_INT, AT(size), "3", 1, 9, NULL, "how big" },
	{ "files", "data", CONF_PATH, AT(data), "toy.db", 0, 0, NULL,
	    "where it keeps things" },
	{ "files", "spare", CONF_OPTPATH, AT(spare), "", 0, 0, NULL,
	    "a spare copy" },
};

static const struct conf_free_section places = {
	.name = "places",
	.entry = add_place,
	.help_key = "ID = Place",
	.help = "where it goes",
};

static const struct conf_table toy_ini = {
	.program = "toy",
	.file_kind = "toy.ini",
	.sections = "toy, files or places",
	.keys = keys,
	.nkeys = sizeof keys / sizeof keys[0],
	.free_section = &places,
	.help_width = 12,
};

struct env {
	char dir[64];
	char path[96];
	struct toy toy;
	char *diag;
	size_t len;
};

static int
setup(void **state)
{
	struct env *e = calloc(1, sizeof *e);

	assert_non_null(e);
	snprintf(e->dir, sizeof e->dir, "/tmp/test_conf.XXXXXX");
	assert_non_null(mkdtemp(e->dir));
	snprintf(e->path, sizeof e->path, "%s/toy.ini", e->dir);
	conf_init(&toy_ini, &e->toy);
	*state = e;
	return 0;
}

static int
teardown(void **state)
{
	struct env *e = *state;
	char cmd[128];

	conf_finish(&toy_ini, &e->toy);
	for (size_t i = 0; i < e->toy.nplaces; i++) {
		free(e->toy.places[i]);
	}
	free(e->diag);
	snprintf(cmd, sizeof cmd, "rm -rf %s", e->dir);
	assert_int_equal(system(cmd), 0);
	free(e);
	return 0;
}

/* Writes text[0..len) as the file and reads it; every report lands in
 * e->diag. */
static bool
load_bytes(struct env *e, const char *text, size_t len, struct error *err)
{
	FILE *f = fopen(e->path, "w");
	FILE *diag;
	bool ok;

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	fclose(f);
	free(e->diag);
	diag = open_memstream(&e->diag, &e->len);
	assert_non_null(diag);
	ok = conf_load(&toy_ini, &e->toy, e->path, diag, err);
	fclose(diag);
	return ok;
}

static bool
load(struct env *e, const char *text, struct error *err)
{
	return load_bytes(e, text, strlen(text), err);
}

/* The reports, with the directory of the file taken out. */
static const char *
reports(struct env *e)
{
	static char out[2048];
	size_t dlen = strlen(e->dir) + 1;
	char *o = out;

	for (const char *p = e->diag; *p != '\0'; p++) {
		if (strncmp(p, e->dir, dlen - 1) == 0 && p[dlen - 1] == '/') {
			p += dlen - 1;
			continue;
		}
		*o++ = *p;
	}
	*o = '\0';
	return out;
}

static void
test_defaults_and_values(void **state)
{
	struct env *e = *state;
	struct error err = { 0 };
	char want[160];

	assert_string_equal(e->toy.name, "Toy");
	assert_int_equal(e->toy.size, 3);
	assert_true(load(e,
	    "; a toy\n[toy]\nname = Bus ; ligne 4\n"
	    "size = 9  ; the most\n\n[files]\nspare = old/toy.db\n"
	    "[places]\ndigne = Place du marché\n",
	    &err));
	assert_string_equal(e->toy.name, "Bus ; ligne 4");
	assert_int_equal(e->toy.size, 9);
	assert_string_equal(e->toy.colour, "red");
	snprintf(want, sizeof want, "%s/toy.db", e->dir);
	assert_string_equal(e->toy.data, want);
	snprintf(want, sizeof want, "%s/old/toy.db", e->dir);
	assert_string_equal(e->toy.spare, want);
	assert_int_equal(e->toy.nplaces, 1);
	assert_string_equal(e->toy.places[0], "Place du marché");
	assert_string_equal(e->diag, "");
}

static void
test_every_problem_at_its_line(void **state)
{
	struct env *e = *state;
	struct error err = { 0 };

	assert_false(load(e,
	    "size = 2\n"
	    "[toy]\n"
	    "colour = green\n"
	    "size = 10\n"
	    "size = 4\n"
	    "  name = indented\n"
	    "shape = round\n"
	    "[garden]\n"
	    "gnome = yes\n"
	    "[toy] extra\n"
	    "[files\n"
	    "no equals sign\n",
	    &err));
	assert_string_equal(reports(e),
	    "toy.ini:1: unknown section [] (expected toy, files or places)\n"
	    "toy.ini:3: colour: 'green' is not red or blue\n"
	    "toy.ini:4: size: '10' is not a whole number in range "
	    "(expected 1..9)\n"
	    "toy.ini:5: 'size' is given twice in [toy] (first on line 4)\n"
	    "toy.ini:6: expected key = value on one line, starting at the "
	    "beginning of the line\n"
	    "toy.ini:7: unknown key 'shape' in [toy] (see toy "
	    "--help-config)\n"
	    "toy.ini:8: unknown section [garden] (expected toy, files or "
	    "places)\n"
	    "toy.ini:10: text after [toy] (expected nothing else on the "
	    "line)\n"
	    "toy.ini:11: section header without ']' (expected [name])\n"
	    "toy.ini:12: expected key = value on one line, starting at the "
	    "beginning of the line\n");
	assert_non_null(strstr(err.msg, "toy.ini:1: unknown section []"));
	assert_int_equal(e->toy.size, 4); /* the last good value */
	assert_string_equal(e->toy.colour, "red");
}

static void
test_long_line_and_bad_utf8(void **state)
{
	struct env *e = *state;
	struct error err = { 0 };
	char text[512];

	snprintf(text, sizeof text, "[toy]\nname = %0200d\nname = \xff\n", 0);
	assert_false(load(e, text, &err));
	assert_string_equal(reports(e),
	    "toy.ini:2: line too long (at most 192 bytes)\n"
	    "toy.ini:3: invalid UTF-8 (save the file as UTF-8)\n");
	assert_string_equal(e->toy.name, "Toy"); /* neither was taken */
}

/* A section line names a section, no more: "[toy x]" is none of the
 * table's, and its keys are left alone. */
static void
test_section_with_argument(void **state)
{
	struct env *e = *state;
	struct error err = { 0 };

	assert_false(load(e, "[toy x]\nname = X\n[toy]\nsize = 5\n", &err));
	assert_string_equal(reports(e),
	    "toy.ini:1: unknown section [toy x] (expected toy, files or "
	    "places)\n");
	assert_string_equal(e->toy.name, "Toy");
	assert_int_equal(e->toy.size, 5);
}

/* The longest key line is the one inih's buffer took: 198 bytes, its
 * comment aside; a ';' counts for one byte (it counted for three when
 * inih read the file itself). */
static void
test_longest_line(void **state)
{
	struct env *e = *state;
	struct error err = { 0 };
	char text[1024];
	char want[256];
	size_t n;

	snprintf(text, sizeof text,
	    "[toy]\nname = %0191d\nname = %0191d;\n"
	    "[places]\nx = %0185d  ; %0180d\n",
	    0, 0, 0, 0);
	assert_false(load(e, text, &err));
	assert_string_equal(
	    reports(e), "toy.ini:3: line too long (at most 192 bytes)\n");
	snprintf(want, sizeof want, "%0191d", 0);
	assert_string_equal(e->toy.name, want);
	assert_int_equal(e->toy.nplaces, 1);
	n = (size_t)snprintf(text, sizeof text, "[toy]\nname = a ");
	memset(text + n, ';', 150);
	snprintf(text + n + 150, sizeof text - n - 150, "  ; %0300d\n", 0);
	assert_true(load(e, text, &err));
	assert_int_equal(strlen(e->toy.name), 152);
}

/* A NUL byte would cut its line short without a word (found by the
 * libFuzzer target of kiosk.ini): the line is refused, the next ones are
 * read. */
static void
test_nul_byte(void **state)
{
	static const char text[] = "[toy]\nname = Bus\0 ligne 4\nsize = 5\n";
	struct env *e = *state;
	struct error err = { 0 };

	assert_false(load_bytes(e, text, sizeof text - 1, &err));
	assert_string_equal(reports(e),
	    "toy.ini:2: a NUL byte in the line (expected text: is the file "
	    "damaged?)\n");
	assert_string_equal(e->toy.name, "Toy");
	assert_int_equal(e->toy.size, 5);
}

static void
test_files_that_cannot_be_read(void **state)
{
	struct env *e = *state;
	struct error err = { 0 };
	char want[160];

	assert_false(conf_load(&toy_ini, &e->toy, e->dir, NULL, &err));
	snprintf(want, sizeof want,
	    "%s: Is a directory (expected a toy.ini "
	    "file)",
	    e->dir);
	assert_string_equal(err.msg, want);
	assert_false(conf_load(&toy_ini, &e->toy, e->path, NULL, &err));
	snprintf(want, sizeof want,
	    "%s: No such file or directory (expected "
	    "a toy.ini file)",
	    e->path);
	assert_string_equal(err.msg, want);
}

static void
test_help(void **state)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	(void)state;
	assert_non_null(out);
	conf_print_help(&toy_ini, out);
	fclose(out);
	assert_string_equal(text,
	    "[toy]\n"
	    "name         ; what it is called (default: Toy)\n"
	    "colour       ; red or blue (default: red)\n"
	    "size         ; how big (default: 3)\n"
	    "\n[files]\n"
	    "data         ; where it keeps things (default: toy.db)\n"
	    "spare        ; a spare copy (default: none)\n"
	    "\n[places]\n"
	    "ID = Place   ; where it goes\n");
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_defaults_and_values),
		T(test_every_problem_at_its_line),
		T(test_long_line_and_bad_utf8),
		T(test_nul_byte),
		T(test_longest_line),
		T(test_section_with_argument),
		T(test_files_that_cannot_be_read),
		T(test_help),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
