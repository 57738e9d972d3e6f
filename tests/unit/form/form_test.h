/*
 * What the two test programs of the form parser share (test_form.c for
 * what is accepted, test_form_errors.c for what is refused): a small head
 * of valid lines, and helpers that parse a string and check the result.
 * The fixture directory (tests/data/forms) comes from meson as argv[1].
 */
#ifndef PARVIS_TEST_FORM_TEST_H
#define PARVIS_TEST_FORM_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "form.h"

static const char *fixtures = "tests/data/forms";

/* Lines 1 to 5 of most test files. */
#define HEAD "[form]\nid = t\nversion = 1\ntitle = T\nprivacy = P\n"

/* A question on lines 6 to 8, after HEAD. */
#define CONSENT "[question ok]\ntype = consent\nprompt = D'accord ?\n"

static inline struct form *
parse(const char *text, struct form_diags *d)
{
	return form_parse("t.ini", text, strlen(text), d);
}

static inline void
print_diags(const struct form_diags *d)
{
	for (size_t i = 0; i < d->count; i++) {
		print_message("  %s\n", d->items[i].text);
	}
}

/* The text must be refused with exactly this one problem. */
static inline void
expect_only(const char *text, const char *expected)
{
	struct form_diags d = { 0 };
	struct form *f = parse(text, &d);

	assert_null(f);
	if (d.count != 1) {
		print_diags(&d);
	}
	assert_int_equal(d.count, 1);
	assert_string_equal(d.items[0].text, expected);
	form_diags_finish(&d);
}

/* The text must be accepted; the caller destroys the form. */
static inline struct form *
expect_form(const char *text)
{
	struct form_diags d = { 0 };
	struct form *f = parse(text, &d);

	if (f == NULL || d.count != 0) {
		print_diags(&d);
	}
	assert_non_null(f);
	assert_int_equal(d.count, 0);
	form_diags_finish(&d);
	return f;
}

static inline char *
fixture(const char *name)
{
	static char path[4096];

	snprintf(path, sizeof path, "%s/%s", fixtures, name);
	return path;
}

#endif
