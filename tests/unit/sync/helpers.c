/*
 * The sync client tests' shared helpers (see helpers.h).
 */
#include "helpers.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "clock.h"
#include "ids.h"

int
env_setup(void **state)
{
	struct env *env = calloc(1, sizeof *env);
	const char *tmp = getenv("TMPDIR");
	struct error err = { 0 };
	int64_t t0;

	if (env == NULL || !ids_init() || !clock_parse_iso(T0_ISO, &t0)) {
		return -1;
	}
	snprintf(env->dir, sizeof env->dir, "%s/parvis-sync-XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(env->dir) == NULL) {
		return -1;
	}
	snprintf(env->db, sizeof env->db, "%s/parvis.db", env->dir);
	clock_set(t0);
	env->s = store_open(env->db, KIOSK, &err);
	if (env->s == NULL) {
		fprintf(stderr, "store_open: %s\n", err.msg);
		return -1;
	}
	*state = env;
	return 0;
}

static void
remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[700];
	struct stat st;

	if (d == NULL) {
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 ||
		    strcmp(e->d_name, "..") == 0) {
			continue;
		}
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			chmod(path, 0700);
			remove_tree(path);
		} else {
			unlink(path);
		}
	}
	closedir(d);
	rmdir(dir);
}

int
env_teardown(void **state)
{
	struct env *env = *state;

	store_destroy(env->s);
	remove_tree(env->dir);
	free(env);
	return 0;
}

void
env_add_records(struct env *env, int n)
{
	struct error err = { 0 };
	char payload[128];

	for (int i = 0; i < n; i++) {
		snprintf(payload, sizeof payload,
		    "{\"event\":\"approach\","
		    "\"note\":\"né à Digne n°%d\"}",
		    i);
		clock_advance(1000);
		if (!store_append(env->s, "event", "marche-digne", "self",
		        payload, NULL, &err)) {
			fail_msg("store_append: %s", err.msg);
		}
	}
}

static char *
column(struct env *env, const char *col, int64_t seq)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	char sql[128];
	char *text = NULL;

	snprintf(sql, sizeof sql, "SELECT %s FROM records WHERE seq = %lld",
	    col, (long long)seq);
	assert_int_equal(sqlite3_open(env->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW) {
		text = strdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return text;
}

char *
env_line(struct env *env, int64_t seq)
{
	return column(env, "line", seq);
}

char *
env_hash(struct env *env, int64_t seq)
{
	return column(env, "hash", seq);
}

const char *
env_write(struct env *env, const char *name, const char *text)
{
	static char path[600];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", env->dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	chmod(path, 0600);
	return path;
}

char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct sync_buf b = { 0 };
	char chunk[4096];
	size_t n;

	if (f == NULL) {
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		sync_buf_append(&b, chunk, n);
	}
	fclose(f);
	sync_buf_append(&b, "", 0);
	if (len != NULL) {
		*len = b.len;
	}
	return b.data;
}

/* Reads first_seq, last_seq and count from a batch's header line. */
static void
read_header(struct fake_seen *s)
{
	const char *p;

	p = strstr(s->body, "\"first_seq\":");
	s->first_seq = p != NULL ? strtoll(p + 12, NULL, 10) : 0;
	p = strstr(s->body, "\"last_seq\":");
	s->last_seq = p != NULL ? strtoll(p + 11, NULL, 10) : 0;
	p = strstr(s->body, "\"count\":");
	s->count = p != NULL ? strtoll(p + 8, NULL, 10) : 0;
}

static bool
fake_start(
    struct sync_transport *t, const struct sync_request *req, struct error *err)
{
	struct fake *f = (struct fake *)t;
	struct fake_seen *s = &f->seen[f->nseen];
	struct sync_buf plain = { 0 };

	assert_true(f->nseen < sizeof f->seen / sizeof f->seen[0]);
	memset(s, 0, sizeof *s);
	snprintf(s->method, sizeof s->method, "%s", req->method);
	snprintf(s->path, sizeof s->path, "%s", req->path);
	if (req->body != NULL) {
		assert_true(
		    sync_gunzip(req->body, req->len, 64 << 20, &plain, err));
		s->body = plain.data;
		s->len = plain.len;
		read_header(s);
	}
	f->nseen++;
	f->started = true;
	f->polls = 0;
	return true;
}

static bool
fake_poll(struct sync_transport *t, int timeout_ms, struct sync_response *resp)
{
	struct fake *f = (struct fake *)t;

	if (!f->started || f->polls++ < f->polls_per_request) {
		return false;
	}
	f->started = false;
	memset(resp, 0, sizeof *resp);
	sync_buf_clear(&f->answer);
	resp->net = SYNC_NET_OK;
	f->respond(f, &f->seen[f->nseen - 1], resp, &f->answer);
	resp->body = f->answer.data != NULL ? f->answer.data : "";
	resp->len = f->answer.len;
	return true;
}

static void
fake_destroy(struct sync_transport *t)
{
	struct fake *f = (struct fake *)t;

	for (size_t i = 0; i < f->nseen; i++) {
		free(f->seen[i].body);
	}
	sync_buf_finish(&f->answer);
	free(f);
}

struct fake *
fake_create(fake_fn fn, void *ctx)
{
	struct fake *f = calloc(1, sizeof *f);

	assert_non_null(f);
	f->base.start = fake_start;
	f->base.poll = fake_poll;
	f->base.destroy = fake_destroy;
	f->respond = fn;
	f->ctx = ctx;
	return f;
}

void
fake_ack(const struct fake_seen *req, struct sync_response *resp,
    struct sync_buf *body)
{
	char json[160];

	snprintf(json, sizeof json,
	    "{\"acked_through\":%lld,\"accepted\":"
	    "%lld,\"duplicates\":0}",
	    (long long)req->last_seq, (long long)req->count);
	resp->status = 200;
	sync_buf_append(body, json, strlen(json));
}
