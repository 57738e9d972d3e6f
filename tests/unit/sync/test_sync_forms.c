/*
 * Pulled consultation files: a valid one is installed atomically as
 * ID.ini and listed in .parvis-pulled; one with errors, one whose bytes
 * do not match the list, one that says another id, are refused with a
 * note and leave nothing behind; a local file is never overwritten nor
 * shadowed; a pulled file is replaced by a newer version only while
 * unchanged; a malformed list is refused.
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

#include "helpers.h"
#include "ids.h"
#include "sync_forms.h"

static const char good_v1[] = "[form]\n"
                              "id = velo-sisteron\n"
                              "version = 1\n"
                              "title = Le vélo à Sisteron\n"
                              "summary = Une minute.\n"
                              "level = consultation\n"
                              "owner = Sisteronais-Buëch\n"
                              "privacy = Réponses anonymes.\n"
                              "thanks = Merci !\n"
                              "\n"
                              "[question usage]\n"
                              "type = choice\n"
                              "prompt = Faites-vous du vélo ?\n"
                              "option = oui | Oui\n"
                              "option = non | Non\n";

/* good_v1 with another version number. */
static char *
good(int version)
{
	char *text = strdup(good_v1);
	char *v = strstr(text, "version = 1");

	v[10] = (char)('0' + version);
	return text;
}

/* A list of one entry for text under id and version. */
static void
list_of(const char *id, int version, const char *text, char *out, size_t size)
{
	char sha[65];

	ids_sha256_hex(text, strlen(text), sha);
	snprintf(out, size,
	    "{\"forms\":[{\"id\":\"%s\",\"version\":%d,"
	    "\"sha256\":\"%s\",\"bytes\":%zu}]}",
	    id, version, sha, strlen(text));
}

static struct sync_forms *
start(struct env *env, char *dir, size_t size)
{
	struct error err = { 0 };
	struct sync_forms *f;

	snprintf(dir, size, "%s/forms", env->dir);
	f = sync_forms_create(dir, &err);
	assert_non_null(f);
	return f;
}

/* The next note, which must contain want. */
static void
expect_note(struct sync_forms *f, const char *want)
{
	const char *note = sync_forms_take_note(f);

	assert_non_null(note);
	if (strstr(note, want) == NULL) {
		fail_msg("note \"%s\" lacks \"%s\"", note, want);
	}
}

static void
installs_a_valid_form(void **state)
{
	struct env *env = *state;
	char dir[400], path[500], list[512], fetch[160];
	struct error err = { 0 };
	struct sync_forms *f = start(env, dir, sizeof dir);
	char *got, *pulled;

	list_of("velo-sisteron", 1, good_v1, list, sizeof list);
	assert_true(sync_forms_plan(f, list, strlen(list), &err));
	assert_true(sync_forms_next(f, fetch, sizeof fetch));
	assert_string_equal(fetch, "/api/v1/forms/velo-sisteron/1");
	assert_true(sync_forms_install(f, good_v1, strlen(good_v1)));
	assert_false(sync_forms_next(f, fetch, sizeof fetch));
	expect_note(f, "Le vélo à Sisteron");
	snprintf(path, sizeof path, "%s/velo-sisteron.ini", dir);
	got = slurp(path, NULL);
	assert_string_equal(got, good_v1);
	snprintf(path, sizeof path, "%s/.parvis-pulled", dir);
	pulled = slurp(path, NULL);
	assert_non_null(strstr(pulled, "  velo-sisteron.ini\n"));
	assert_int_equal(sync_forms_installed(f), 1);
	free(got);
	free(pulled);
	sync_forms_destroy(f);

	/* The same list again: nothing to fetch. */
	f = start(env, dir, sizeof dir);
	assert_true(sync_forms_plan(f, list, strlen(list), &err));
	assert_false(sync_forms_next(f, fetch, sizeof fetch));
	assert_null(sync_forms_take_note(f));
	sync_forms_destroy(f);
}

static void
refuses_a_form_with_errors(void **state)
{
	struct env *env = *state;
	char dir[400], path[500], list[512], fetch[160];
	const char *bad =
	    "[form]\nid = velo-sisteron\nversion = 1\n"
	    "title = Sans questions\nlevel = réf\x1b[2Jérendum\x1b]0;x\a\n";
	struct error err = { 0 };
	struct sync_forms *f = start(env, dir, sizeof dir);
	const char *note;

	list_of("velo-sisteron", 1, bad, list, sizeof list);
	assert_true(sync_forms_plan(f, list, strlen(list), &err));
	assert_true(sync_forms_next(f, fetch, sizeof fetch));
	assert_false(sync_forms_install(f, bad, strlen(bad)));
	note = sync_forms_take_note(f);
	assert_non_null(strstr(note, "has errors"));
	assert_non_null(strstr(note, "velo-sisteron.ini:5:"));
	assert_null(strchr(note, '\x1b')); /* no escape reaches a terminal */
	assert_null(strchr(note, '\a'));
	assert_int_equal(sync_forms_refused(f), 1);
	snprintf(path, sizeof path, "%s/velo-sisteron.ini", dir);
	assert_int_not_equal(access(path, F_OK), 0);
	sync_forms_destroy(f);
}

static void
refuses_bytes_not_listed(void **state)
{
	struct env *env = *state;
	char dir[400], path[500], list[512], fetch[160];
	struct error err = { 0 };
	struct sync_forms *f = start(env, dir, sizeof dir);
	char *v2 = good(2);

	list_of("velo-sisteron", 1, good_v1, list, sizeof list);
	assert_true(sync_forms_plan(f, list, strlen(list), &err));
	assert_true(sync_forms_next(f, fetch, sizeof fetch));
	assert_false(sync_forms_install(f, v2, strlen(v2)));
	expect_note(f, "SHA-256");
	snprintf(path, sizeof path, "%s/velo-sisteron.ini", dir);
	assert_int_not_equal(access(path, F_OK), 0);
	free(v2);
	sync_forms_destroy(f);
}

static void
refuses_a_form_under_another_id(void **state)
{
	struct env *env = *state;
	char dir[400], list[512], fetch[160];
	struct error err = { 0 };
	struct sync_forms *f = start(env, dir, sizeof dir);

	list_of("autre-chose", 1, good_v1, list, sizeof list);
	assert_true(sync_forms_plan(f, list, strlen(list), &err));
	assert_true(sync_forms_next(f, fetch, sizeof fetch));
	assert_false(sync_forms_install(f, good_v1, strlen(good_v1)));
	expect_note(f, "velo-sisteron");
	sync_forms_destroy(f);
}

static void
never_overwrites_a_local_file(void **state)
{
	struct env *env = *state;
	char dir[400], path[500], list[512], fetch[160];
	struct error err = { 0 };
	struct sync_forms *f;
	char *v2 = good(2), *got;
	FILE *out;

	snprintf(dir, sizeof dir, "%s/forms", env->dir);
	assert_int_equal(mkdir(dir, 0755), 0);
	snprintf(path, sizeof path, "%s/velo-sisteron.ini", dir);
	out = fopen(path, "w");
	fputs(good_v1, out);
	fclose(out);
	f = start(env, dir, sizeof dir);
	list_of("velo-sisteron", 2, v2, list, sizeof list);
	assert_true(sync_forms_plan(f, list, strlen(list), &err));
	assert_false(sync_forms_next(f, fetch, sizeof fetch));
	expect_note(f, "local file");
	got = slurp(path, NULL);
	assert_string_equal(got, good_v1);
	free(got);
	free(v2);
	sync_forms_destroy(f);
}

static void
never_shadows_a_local_id(void **state)
{
	struct env *env = *state;
	char dir[400], path[500], list[512], fetch[160];
	struct error err = { 0 };
	struct sync_forms *f;
	char *v2 = good(2);
	FILE *out;

	snprintf(dir, sizeof dir, "%s/forms", env->dir);
	assert_int_equal(mkdir(dir, 0755), 0);
	snprintf(path, sizeof path, "%s/mon-velo.ini", dir);
	out = fopen(path, "w");
	fputs(good_v1, out);
	fclose(out);
	f = start(env, dir, sizeof dir);
	list_of("velo-sisteron", 2, v2, list, sizeof list);
	assert_true(sync_forms_plan(f, list, strlen(list), &err));
	assert_false(sync_forms_next(f, fetch, sizeof fetch));
	expect_note(f, "mon-velo.ini");
	free(v2);
	sync_forms_destroy(f);
}

/* Installs text as version v through a whole plan. */
static void
pull(struct env *env, const char *text, int v, bool want_fetch)
{
	char dir[400], list[512], fetch[160];
	struct error err = { 0 };
	struct sync_forms *f = start(env, dir, sizeof dir);

	list_of("velo-sisteron", v, text, list, sizeof list);
	assert_true(sync_forms_plan(f, list, strlen(list), &err));
	assert_int_equal(sync_forms_next(f, fetch, sizeof fetch), want_fetch);
	if (want_fetch) {
		assert_true(sync_forms_install(f, text, strlen(text)));
	}
	sync_forms_destroy(f);
}

static void
replaces_its_own_file_while_unchanged(void **state)
{
	struct env *env = *state;
	char path[500];
	char *v2 = good(2), *v3 = good(3), *got;
	FILE *out;

	pull(env, good_v1, 1, true);
	pull(env, v2, 2, true);
	snprintf(path, sizeof path, "%s/forms/velo-sisteron.ini", env->dir);
	got = slurp(path, NULL);
	assert_string_equal(got, v2);
	free(got);
	pull(env, good_v1, 1, false); /* never goes back */
	/* Edited by hand since: it is local now. */
	out = fopen(path, "a");
	fputs("; modifié\n", out);
	fclose(out);
	pull(env, v3, 3, false);
	free(v2);
	free(v3);
}

static void
refuses_a_malformed_list(void **state)
{
	struct env *env = *state;
	char dir[400], fetch[160];
	const char *bad_entries =
	    "{\"forms\":[{\"id\":\"../etc/passwd\","
	    "\"version\":1,\"sha256\":\""
	    "0000000000000000000000000000000000"
	    "000000000000000000000000000000\"},{\"id\":\"x\"}]}";
	struct error err = { 0 };
	struct sync_forms *f = start(env, dir, sizeof dir);

	assert_false(sync_forms_plan(f, "[1,2]", 5, &err));
	assert_false(sync_forms_plan(f, "{\"forms\":", 9, &err));
	assert_true(sync_forms_plan(f, bad_entries, strlen(bad_entries), &err));
	assert_false(sync_forms_next(f, fetch, sizeof fetch));
	expect_note(f, "2 entries");
	sync_forms_destroy(f);
}

#define T(f) cmocka_unit_test_setup_teardown(f, env_setup, env_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(installs_a_valid_form),
		T(refuses_a_form_with_errors),
		T(refuses_bytes_not_listed),
		T(refuses_a_form_under_another_id),
		T(never_overwrites_a_local_file),
		T(never_shadows_a_local_id),
		T(replaces_its_own_file_while_unchanged),
		T(refuses_a_malformed_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
