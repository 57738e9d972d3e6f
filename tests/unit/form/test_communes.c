/*
 * Unit tests of the communes list (communes.h) on the real
 * data/communes.csv, whose path meson passes as the first argument: the
 * count, the order by name, search by first letters without case or
 * accents, lookup by INSEE code; and broken CSV files written to temporary
 * files, each refused with its line.
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

#include "communes.h"

static const char *csv_path = "data/communes.csv";

#define HEADER \
	"insee,name,department,postal_code,population," \
	"population_year,epci\n"

static int
setup(void **state)
{
	struct communes *c = calloc(1, sizeof *c);
	struct error err = { 0 };

	if (c == NULL || !communes_load(c, csv_path, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		free(c);
		return -1;
	}
	*state = c;
	return 0;
}

static int
teardown(void **state)
{
	communes_finish(*state);
	free(*state);
	return 0;
}

/* The names found for prefix, "; "-separated, in order. */
static size_t
search(void **state, const char *prefix, char *names, size_t size)
{
	const struct commune *found[200];
	size_t n = communes_search(*state, prefix, found, 200);

	names[0] = '\0';
	for (size_t i = 0; i < n && i < 200; i++) {
		size_t used = strlen(names);

		snprintf(names + used, size - used, "%s%s", i > 0 ? "; " : "",
		    found[i]->name);
	}
	return n;
}

static void
test_count(void **state)
{
	const struct communes *c = *state;

	assert_int_equal(c->count, 106);
}

static void
test_sorted_by_name(void **state)
{
	const struct communes *c = *state;

	for (size_t i = 1; i < c->count; i++) {
		assert_true(
		    strcmp(c->items[i - 1].folded, c->items[i].folded) <= 0);
	}
	assert_string_equal(c->items[0].name, "Aiglun");
}

static void
test_find(void **state)
{
	const struct commune *m = communes_find(*state, "04070");

	assert_non_null(m);
	assert_string_equal(m->name, "Digne-les-Bains");
	assert_string_equal(m->department, "04");
	assert_string_equal(m->postal_code, "04000");
	assert_string_equal(m->epci, "P2A");
	assert_true(m->population > 10000);
	m = communes_find(*state, "05118");
	assert_non_null(m);
	assert_string_equal(m->name, "Val Buëch-Méouge");
	assert_string_equal(m->epci, "CCSB");
	assert_null(communes_find(*state, "75056"));
	assert_true(communes_valid_insee("75056"));
	assert_true(communes_valid_insee("2B033"));
	assert_false(communes_valid_insee("1A033"));
	assert_false(communes_valid_insee("0407"));
	assert_false(communes_valid_insee("040700"));
	assert_false(communes_valid_insee("O4070"));
}

static void
test_search_first_letters(void **state)
{
	char names[4096];

	assert_int_equal(search(state, "dig", names, sizeof names), 1);
	assert_string_equal(names, "Digne-les-Bains");
	assert_int_equal(search(state, "DIG", names, sizeof names), 1);
	search(state, "chat", names, sizeof names);
	assert_non_null(strstr(names, "Château-Arnoux-Saint-Auban"));
	assert_non_null(strstr(names, "Châteauredon"));
	search(state, "Chât", names, sizeof names);
	assert_non_null(strstr(names, "Château-Arnoux-Saint-Auban"));
}

static void
test_search_words(void **state)
{
	char names[4096];

	assert_int_equal(search(state, "buech", names, sizeof names), 1);
	assert_string_equal(names, "Val Buëch-Méouge");
	assert_int_equal(search(state, "BUËCH", names, sizeof names), 1);
	assert_int_equal(search(state, "meouge", names, sizeof names), 2);
	assert_string_equal(names, "Barret-sur-Méouge; Val Buëch-Méouge");
	search(state, "arnoux", names, sizeof names);
	assert_string_equal(names, "Château-Arnoux-Saint-Auban");
	search(state, "saint auban", names, sizeof names);
	assert_string_equal(names, "Château-Arnoux-Saint-Auban");
	search(state, "saint-auban", names, sizeof names);
	assert_string_equal(names, "Château-Arnoux-Saint-Auban");
	search(state, "escale", names, sizeof names);
	assert_string_equal(names, "L'Escale");
	search(state, "lesc", names, sizeof names);
	assert_string_equal(names, "L'Escale");
	search(state, "L’Esc", names, sizeof names); /* U+2019 */
	assert_string_equal(names, "L'Escale");
	search(state, "epine", names, sizeof names);
	assert_string_equal(names, "L'Épine");
	assert_int_equal(search(state, "ains", names, sizeof names), 0);
	assert_int_equal(search(state, "zzz", names, sizeof names), 0);
}

static void
test_search_limit(void **state)
{
	const struct communes *c = *state;
	const struct commune *found[3];
	size_t total = communes_search(c, "", found, 3);

	assert_int_equal(total, 106); /* every name starts with "" */
	assert_ptr_equal(found[0], &c->items[0]);
	total = communes_search(c, "saint", found, 3);
	assert_true(total > 3);
	assert_int_equal(communes_search(c, "saint", NULL, 0), total);
}

static void
test_fold(void **state)
{
	char *f = communes_fold("Œuvre Château-d’Ÿ ÉÀÇÎÔÛ æß");

	assert_string_equal(f, "oeuvre chateau d y eaciou aess");
	free(f);
}

/* ---- broken files --------------------------------------------------- */

/* Loads content from a temporary file; the message goes to err. */
static bool
load_text(const char *content, struct error *err, char *path, size_t size)
{
	const char *dir = getenv("TMPDIR");
	struct communes c;
	bool ok;
	int fd;

	snprintf(path, size, "%s/communes-XXXXXX", dir != NULL ? dir : "/tmp");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(
	    write(fd, content, strlen(content)), (ssize_t)strlen(content));
	close(fd);
	ok = communes_load(&c, path, err);
	if (ok) {
		communes_finish(&c);
	}
	unlink(path);
	return ok;
}

static void
expect_refused(const char *content, const char *where, const char *message)
{
	struct error err = { 0 };
	char path[4096];
	char expected[5000];

	assert_false(load_text(content, &err, path, sizeof path));
	snprintf(expected, sizeof expected, "%s%s: %s", path, where, message);
	assert_string_equal(err.msg, expected);
}

static void
test_quoted_fields(void **state)
{
	struct communes c;
	struct error err = { 0 };
	char path[4096];
	const char *dir = getenv("TMPDIR");
	const char *content =
	    "\xEF\xBB\xBF" HEADER
	    "04070,\"Digne-les-Bains\",04,04000,17979,2023,P2A\r\n"
	    "\"04001\",\"Aig\"\"lun\",04,04510,1399,2023,P2A\r\n";
	FILE *f;

	snprintf(path, sizeof path, "%s/communes-q-%ld.csv",
	    dir != NULL ? dir : "/tmp", (long)getpid());
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
	/* A quote inside a name is not a name: reported, not kept. */
	assert_false(communes_load(&c, path, &err));
	assert_non_null(strstr(err.msg, ":3: bad name"));
	f = fopen(path, "w");
	fputs(
	    HEADER "04070,\"Digne-les-Bains\",04,04000,17979,2023,P2A\r\n", f);
	fclose(f);
	assert_true(communes_load(&c, path, &err));
	assert_int_equal(c.count, 1);
	assert_string_equal(c.items[0].name, "Digne-les-Bains");
	communes_finish(&c);
	unlink(path);
}

static void
test_broken_files(void **state)
{
	expect_refused("insee;name\n", ":1",
	    "unexpected header (expected "
	    "insee,name,department,postal_code,population,population_year,"
	    "epci)");
	expect_refused(HEADER "04070,Digne,04,04000,1,2023\n", ":2",
	    "wrong "
	    "number of fields (expected 7 fields: insee,name,department,"
	    "postal_code,population,population_year,epci)");
	expect_refused(HEADER "04070,Digne,04,04000,1,2023,P2A\n"
	                      "04001,\"Aiglun,04,04510,1,2023,P2A\n",
	    ":3",
	    "unbalanced quote "
	    "(expected 7 fields: insee,name,department,postal_code,"
	    "population,population_year,epci)");
	expect_refused(HEADER "04070,Digne,04,04000,beaucoup,2023,P2A\n", ":2",
	    "bad population (expected a whole number)");
	expect_refused(HEADER "4070,Digne,04,04000,1,2023,P2A\n", ":2",
	    "bad INSEE code (expected 5 characters, e.g. 04070)");
	expect_refused(HEADER "04070,Digne,04,04000,1,2023,P2A\n"
	                      "04070,Digne,04,04000,1,2023,P2A\n",
	    ":3",
	    "INSEE code 04070 "
	    "given twice (expected each commune once)");
	expect_refused(HEADER "04070,Digne-les-Bains,04,04000,1,2023,P2A\n"
	                      "04001,Aiglun\xff,04,04510,1,2023,P2A\n",
	    ":3",
	    "invalid UTF-8 "
	    "(the file must be saved as UTF-8)");
	expect_refused(HEADER, "",
	    "no communes (expected one per line after "
	    "the header)");
}

static void
test_missing_file(void **state)
{
	struct communes c;
	struct error err = { 0 };

	assert_false(communes_load(&c, "/nonexistent/communes.csv", &err));
	assert_string_equal(
	    err.msg, "/nonexistent/communes.csv: No such file or directory");
	assert_int_equal(c.count, 0);
	communes_finish(&c);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_sorted_by_name),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_search_first_letters),
		cmocka_unit_test(test_search_words),
		cmocka_unit_test(test_search_limit),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_quoted_fields),
		cmocka_unit_test(test_broken_files),
		cmocka_unit_test(test_missing_file),
	};

	if (argc > 1) {
		csv_path = argv[1];
	}
	return cmocka_run_group_tests(tests, setup, teardown);
}
