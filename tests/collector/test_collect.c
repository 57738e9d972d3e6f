/*
 * The collector's other modules: bodies under a limit (gzip bombs, cut
 * gzip), the database refusing files that are not its own, tokens,
 * published forms, collect.ini's file:line messages, and the table of
 * commands (each row says the options it reads, and is found by its
 * words).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include <cmocka.h>

#include "body.h"
#include "clock.h"
#include "commands.h"
#include "config.h"
#include "db.h"
#include "ids.h"
#include "kiosks.h"
#include "published.h"
#include "table_check.h"

struct env {
	char dir[64];
	char path[96];
};

static int
setup(void **state)
{
	struct env *e = calloc(1, sizeof *e);

	assert_non_null(e);
	assert_true(ids_init());
	clock_set(1795000000000);
	snprintf(e->dir, sizeof e->dir, "/tmp/test_collect.XXXXXX");
	assert_non_null(mkdtemp(e->dir));
	snprintf(e->path, sizeof e->path, "%s/collect.db", e->dir);
	*state = e;
	return 0;
}

static int
teardown(void **state)
{
	struct env *e = *state;
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf %s", e->dir);
	assert_int_equal(system(cmd), 0);
	free(e);
	return 0;
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* gzip of len bytes of c, in a new buffer. */
static unsigned char *
gzip_of(char c, size_t len, size_t *zlen)
{
	z_stream z = { 0 };
	size_t cap = len / 100 + 4096;
	unsigned char *out = malloc(cap);
	unsigned char *in = malloc(len);

	assert_non_null(out);
	assert_non_null(in);
	memset(in, c, len);
	assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 9,
	                     Z_DEFAULT_STRATEGY),
	    Z_OK);
	z.next_in = in;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	*zlen = cap - z.avail_out;
	deflateEnd(&z);
	free(in);
	return out;
}

static void
test_gzip_body_is_decoded(void **state)
{
	struct body b;
	size_t zlen;
	unsigned char *z = gzip_of('a', 5000, &zlen);

	(void)state;
	assert_true(body_init(&b, true, 10000, NULL));
	/* Two members one after the other, fed in small pieces. */
	for (size_t i = 0; i < zlen; i += 7) {
		assert_int_equal(
		    body_add(&b, z + i, zlen - i < 7 ? zlen - i : 7, NULL),
		    BODY_OK);
	}
	assert_int_equal(body_add(&b, z, zlen, NULL), BODY_OK);
	assert_int_equal(body_finish(&b, NULL), BODY_OK);
	assert_int_equal(b.len, 10000);
	assert_int_equal(b.data[9999], 'a');
	body_free(&b);
	free(z);
}

/* 64 MiB of zeros in some 64 KiB of gzip: refused, memory capped. */
static void
test_gzip_bomb_is_refused(void **state)
{
	struct error err;
	struct body b;
	size_t zlen;
	unsigned char *z = gzip_of('\0', (size_t)64 << 20, &zlen);

	(void)state;
	assert_true(zlen < 100000);
	assert_true(body_init(&b, true, 1 << 20, NULL));
	assert_int_equal(body_add(&b, z, zlen, &err), BODY_TOO_BIG);
	assert_non_null(strstr(err.msg, "over the limit of 1048576 bytes"));
	assert_true(b.cap <= (1 << 20) + 1);
	assert_int_equal(body_finish(&b, NULL), BODY_TOO_BIG);
	body_free(&b);
	free(z);
}

static void
test_cut_or_false_gzip_is_bad(void **state)
{
	struct error err;
	struct body b;
	size_t zlen;
	unsigned char *z = gzip_of('a', 5000, &zlen);

	(void)state;
	assert_true(body_init(&b, true, 10000, NULL));
	assert_int_equal(body_add(&b, z, zlen - 6, NULL), BODY_OK);
	assert_int_equal(body_finish(&b, &err), BODY_BAD);
	assert_non_null(strstr(err.msg, "cut short"));
	body_free(&b);
	assert_true(body_init(&b, true, 10000, NULL));
	assert_int_equal(body_add(&b, "plain text\n", 11, &err), BODY_BAD);
	body_free(&b);
	free(z);
}

static void
test_plain_body_over_the_wire_limit(void **state)
{
	char chunk[600];
	struct body b;

	(void)state;
	memset(chunk, 'x', sizeof chunk);
	assert_true(body_init(&b, false, 1000, NULL));
	assert_int_equal(body_add(&b, chunk, sizeof chunk, NULL), BODY_OK);
	assert_int_equal(body_add(&b, chunk, sizeof chunk, NULL), BODY_TOO_BIG);
	body_free(&b);
}

static void
test_database_refuses_foreign_files(void **state)
{
	struct env *e = *state;
	struct error err;
	sqlite3 *h;
	struct db *d;

	write_file(e->path, "not a database at all, but long enough\n");
	assert_null(db_open(e->path, &err));
	assert_non_null(strstr(err.msg, "not a parvis-collect database"));
	unlink(e->path);
	/* A kiosk's database (application_id 'PRVS'). */
	assert_int_equal(sqlite3_open(e->path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h,
	                     "PRAGMA application_id = 1347573331;"
	                     "CREATE TABLE t (x);",
	                     NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(h);
	assert_null(db_open(e->path, &err));
	assert_non_null(strstr(err.msg, "a kiosk's"));
	unlink(e->path);
	d = db_open(e->path, &err);
	assert_non_null(d);
	db_destroy(d);
	d = db_open(e->path, &err); /* reopened: ours */
	assert_non_null(d);
	db_destroy(d);
}

static void
test_tokens(void **state)
{
	struct env *e = *state;
	char token[KIOSKS_TOKEN_LEN + 1], old[KIOSKS_TOKEN_LEN + 1], name[65];
	struct error err;
	struct db *d = db_open(e->path, &err);
	int64_t stored = 0;
	char first;

	assert_non_null(d);
	assert_false(kiosks_add(d, "Bad Name", token, &err));
	assert_true(kiosks_add(d, "demo-digne-01", token, &err));
	assert_int_equal(strlen(token), KIOSKS_TOKEN_LEN);
	assert_false(kiosks_add(d, "demo-digne-01", token, &err));
	assert_non_null(strstr(err.msg, "already enrolled"));
	assert_true(kiosks_add(d, "demo-digne-02", token, &err));
	assert_int_equal(
	    kiosks_authenticate(d, token, name, &err), KIOSKS_AUTH_OK);
	assert_string_equal(name, "demo-digne-02");
	/* Only the hash is stored. */
	assert_true(db_int(d,
	    "SELECT count(*) FROM kiosks WHERE token_sha256 "
	    "GLOB '[0-9a-f]*' AND length(token_sha256) = 64",
	    &stored, NULL));
	assert_int_equal(stored, 2);
	first = token[0];
	token[0] = first == 'A' ? 'B' : 'A';
	assert_int_equal(
	    kiosks_authenticate(d, token, name, &err), KIOSKS_AUTH_DENIED);
	assert_int_equal(
	    kiosks_authenticate(d, "short", name, &err), KIOSKS_AUTH_DENIED);
	token[0] = first;
	/* A new token: the old one is refused, the name and its records
	 * stay; a revoked kiosk gets none. */
	memcpy(old, token, sizeof old);
	assert_true(kiosks_rotate(d, "demo-digne-02", token, &err));
	assert_string_not_equal(token, old);
	assert_int_equal(
	    kiosks_authenticate(d, old, name, &err), KIOSKS_AUTH_DENIED);
	assert_int_equal(
	    kiosks_authenticate(d, token, name, &err), KIOSKS_AUTH_OK);
	assert_string_equal(name, "demo-digne-02");
	assert_true(db_int(d,
	    "SELECT count(*) FROM kiosks WHERE name = 'demo-digne-02' AND "
	    "token_rotated_at IS NOT NULL",
	    &stored, NULL));
	assert_int_equal(stored, 1);
	assert_false(kiosks_rotate(d, "nobody", old, &err));
	assert_non_null(strstr(err.msg, "no enrolled kiosk"));
	assert_true(kiosks_revoke(d, "demo-digne-02", &err));
	assert_false(kiosks_rotate(d, "demo-digne-02", old, &err));
	assert_non_null(strstr(err.msg, "stays revoked"));
	/* Nor can a revoked kiosk's token be changed behind the command. */
	assert_int_not_equal(sqlite3_exec(d->h,
	                         "UPDATE kiosks SET token_sha256 = "
	                         "hex(zeroblob(32)) WHERE name = "
	                         "'demo-digne-02'",
	                         NULL, NULL, NULL),
	    SQLITE_OK);
	assert_false(kiosks_revoke(d, "demo-digne-02", &err));
	assert_int_equal(
	    kiosks_authenticate(d, token, name, &err), KIOSKS_AUTH_DENIED);
	assert_non_null(strstr(err.msg, "revoked"));
	db_destroy(d);
}

static const char good_form[] =
    "[form]\nid = velo\nversion = 1\ntitle = Le vélo\n"
    "summary = Deux questions.\nlevel = consultation\nowner = Mairie\n"
    "privacy = Anonyme.\nthanks = Merci !\n\n"
    "[question usage]\ntype = choice\nprompt = Vous roulez ?\n"
    "option = oui | Oui\noption = non | Non\n";

static void
test_publishing_forms(void **state)
{
	struct env *e = *state;
	char file[128], *data = NULL, *diag = NULL;
	size_t len = 0, dlen = 0;
	struct error err;
	struct db *d = db_open(e->path, &err);
	FILE *f = open_memstream(&diag, &dlen);
	bool again;

	snprintf(file, sizeof file, "%s/velo.ini", e->dir);
	write_file(file, "[form]\nid = velo\nversion = x\n");
	assert_false(published_add(d, file, f, &again, &err));
	fclose(f);
	assert_non_null(strstr(diag, "velo.ini:3: "));
	free(diag);
	write_file(file, good_form);
	assert_true(published_add(d, file, NULL, &again, &err));
	assert_false(again);
	assert_true(published_add(d, file, NULL, &again, &err));
	assert_true(again);
	assert_int_equal(
	    published_get(d, "velo", 1, &data, &len, &err), PUBLISHED_OK);
	assert_int_equal(len, strlen(good_form));
	assert_memory_equal(data, good_form, len);
	free(data);
	assert_int_equal(published_get(d, "velo", 2, &data, &len, &err),
	    PUBLISHED_NOT_FOUND);
	write_file(file, "; changed\n");
	f = fopen(file, "a");
	fputs(good_form, f);
	fclose(f);
	assert_false(published_add(d, file, NULL, &again, &err));
	assert_non_null(strstr(err.msg, "already published with other"));
	assert_true(published_index(d, &data, &len, &err));
	assert_non_null(strstr(data,
	    "{\"forms\":[{\"id\":\"velo\","
	    "\"version\":1,\"sha256\":\""));
	free(data);
	db_destroy(d);
}

static void
test_config_errors_name_file_and_line(void **state)
{
	struct env *e = *state;
	struct collect_config cfg;
	char file[128], *diag = NULL;
	size_t dlen = 0;
	struct error err;
	FILE *f = open_memstream(&diag, &dlen);

	snprintf(file, sizeof file, "%s/collect.ini", e->dir);
	write_file(file,
	    "; demo\n[server]\nport = 0\nlisten = localhost\n"
	    "max_body_bytes = 12\ncolour = blue\ndatabase = c.db\n");
	collect_config_init(&cfg);
	assert_false(collect_config_load(&cfg, file, f, &err));
	fclose(f);
	assert_non_null(strstr(diag,
	    "collect.ini:4: listen: 'localhost' is "
	    "not a numeric IP address"));
	assert_non_null(strstr(diag, "collect.ini:5: max_body_bytes"));
	assert_non_null(strstr(diag, "collect.ini:6: unknown key 'colour'"));
	assert_int_equal(cfg.port, 0);
	assert_non_null(strstr(cfg.database, "/c.db"));
	assert_non_null(strstr(cfg.tls_cert, "/collect-cert.pem"));
	collect_config_finish(&cfg);
	free(diag);
}

static void
test_table_of_commands(void **state)
{
	char why[256], words[2][32], *argv[2] = { words[0], words[1] };
	int n;

	(void)state;
	assert_true(collect_count >= 15);
	for (size_t i = 0; i < collect_count; i++) {
		const struct cmd_entry *e = &collect_table[i]->entry;
		const char *space = strchr(e->name, ' ');

		if (!table_check_row(e, 28, why, sizeof why)) {
			fail_msg("%s", why);
		}
		snprintf(words[0], sizeof words[0], "%.*s",
		    space != NULL ? (int)(space - e->name) : 31, e->name);
		snprintf(words[1], sizeof words[1], "%s",
		    space != NULL ? space + 1 : "x");
		assert_ptr_equal(
		    collect_command_find(2, argv, &n), collect_table[i]);
		assert_int_equal(n, space != NULL ? 2 : 1);
		assert_int_equal(collect_is_group(words[0]), space != NULL);
	}
	snprintf(words[0], sizeof words[0], "kiosk");
	assert_null(collect_command_find(1, argv, &n));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_gzip_body_is_decoded),
		T(test_gzip_bomb_is_refused),
		T(test_cut_or_false_gzip_is_bad),
		T(test_plain_body_over_the_wire_limit),
		T(test_database_refuses_foreign_files),
		T(test_tokens),
		T(test_publishing_forms),
		T(test_config_errors_name_file_and_line),
		cmocka_unit_test(test_table_of_commands),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
