/*
 * The sync engine against a scripted collector (helpers.h): batches in
 * order and acknowledged only after a 200, resumption, 413 halving,
 * retries with the backoff on a virtual clock (no test waits), giving up,
 * and the stopping answers (401, certificate refused, odd acks).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "clock.h"
#include "helpers.h"
#include "sync_engine.h"

/* What a test scripts and what it observes. */
struct script {
	int fail_first;         /* this many requests are cut first */
	int busy_first;         /* then this many get 503 */
	int64_t retry_after_ms; /* with this Retry-After */
	int64_t max_count;      /* 413 above this many records (0: none) */
	long status;            /* answer this status instead (0: ack) */
	enum sync_net net;      /* or fail below HTTP like this */
	int64_t ack_shift;      /* acknowledge last_seq + ack_shift */
	int64_t quarantined;    /* say this many were set aside */
	int64_t acked_at_request[512]; /* store's acked when asked */
	struct env *env;
	int64_t sleeps[64];
	int nsleeps;
};

static void
respond(struct fake *f, const struct fake_seen *req, struct sync_response *resp,
    struct sync_buf *body)
{
	struct script *sc = f->ctx;
	struct error err = { 0 };
	char json[160];

	store_sync_acked(sc->env->s, &sc->acked_at_request[f->nseen - 1], &err);
	if ((int)f->nseen <= sc->fail_first) {
		resp->net = SYNC_NET_DOWN;
		snprintf(resp->detail, sizeof resp->detail, "connection cut");
	} else if ((int)f->nseen <= sc->fail_first + sc->busy_first) {
		resp->status = 503;
		resp->retry_after_ms = sc->retry_after_ms;
	} else if (sc->net != SYNC_NET_OK) {
		resp->net = sc->net;
		resp->identity = SYNC_ID_EXPIRED;
		resp->protocol = SYNC_PROTO_NOT_TLS;
	} else if (sc->max_count > 0 && req->count > sc->max_count) {
		resp->status = 413;
	} else if (sc->status != 0) {
		resp->status = sc->status;
		sync_buf_append(body, "{\"error\":\"no\"}", 14);
	} else if (strcmp(req->path, "/api/v1/forms") == 0) {
		resp->status = 200;
		sync_buf_append(body, "{\"forms\":[]}", 12);
	} else {
		snprintf(json, sizeof json,
		    "{\"acked_through\":%lld,"
		    "\"accepted\":%lld,\"duplicates\":0,\"quarantined\":%lld}",
		    (long long)(req->last_seq + sc->ack_shift),
		    (long long)req->count, (long long)sc->quarantined);
		resp->status = 200;
		sync_buf_append(body, json, strlen(json));
	}
}

static void
virtual_sleep(void *ctx, int64_t ms)
{
	struct script *sc = ctx;

	if (sc->nsleeps < 64) {
		sc->sleeps[sc->nsleeps++] = ms;
	}
	clock_advance(ms);
}

/* Sum of the sleeps a run asked for. */
static int64_t
slept(const struct script *sc)
{
	int64_t total = 0;

	for (int i = 0; i < sc->nsleeps; i++) {
		total += sc->sleeps[i];
	}
	return total;
}

static uint32_t
middle_jitter(void *ctx)
{
	return 500; /* factor 1.0: the bare schedule */
}

/* Runs an engine over env with the script to the end; returns the final
 * progress (copied) and leaves the fake in *fake (valid until destroy). */
static struct sync_engine *
run(struct env *env, struct script *sc, int64_t batch,
    struct sync_progress *final, struct fake **fake)
{
	struct sync_settings set = {
		.batch_size = batch,
		.sleep_ms = virtual_sleep,
		.jitter = middle_jitter,
		.ctx = sc,
		.slice_ms = 1000,
	};
	struct error err = { 0 };
	const struct sync_progress *p;
	struct sync_engine *e;
	int steps = 0;
	static char forms[400];

	snprintf(forms, sizeof forms, "%s/forms", env->dir);
	set.forms_dir = forms;
	sc->env = env;
	*fake = fake_create(respond, sc);
	set.transport = &(*fake)->base;
	e = sync_engine_create(env->s, &set, &err);
	assert_non_null(e);
	do {
		p = sync_engine_step(e);
		assert_true(++steps < 100000);
	} while (!sync_progress_finished(p));
	*final = *p;
	return e;
}

static int64_t
acked(struct env *env)
{
	struct error err = { 0 };
	int64_t n = -1;

	assert_true(store_sync_acked(env->s, &n, &err));
	return n;
}

static void
sends_in_batches_and_acks_after_each(void **state)
{
	struct env *env = *state;
	struct script sc = { 0 };
	struct sync_progress p;
	struct fake *f;
	struct sync_engine *e;
	char summary[256];

	env_add_records(env, 1200);
	e = run(env, &sc, 500, &p, &f);
	assert_int_equal(p.state, SYNC_DONE);
	assert_int_equal(p.total, 1200);
	assert_int_equal(p.sent, 1200);
	assert_int_equal(p.accepted, 1200);
	assert_int_equal(f->nseen, 4); /* three batches, the forms */
	assert_string_equal(f->seen[3].path, "/api/v1/forms");
	assert_int_equal(f->seen[0].first_seq, 1);
	assert_int_equal(f->seen[0].count, 500);
	assert_int_equal(f->seen[1].first_seq, 501);
	assert_int_equal(f->seen[2].last_seq, 1200);
	assert_int_equal(f->seen[2].count, 200);
	/* Acknowledged only after each answer. */
	assert_int_equal(sc.acked_at_request[0], 0);
	assert_int_equal(sc.acked_at_request[1], 500);
	assert_int_equal(sc.acked_at_request[2], 1000);
	assert_int_equal(acked(env), 1200);
	assert_int_equal(sc.nsleeps, 0);
	sync_progress_summary(&p, summary, sizeof summary);
	assert_string_equal(summary,
	    "1200 answers sent, everything is up "
	    "to date.");
	sync_engine_destroy(e);
}

/* The collector set records aside (quarantine): the run still ends
 * well, and the animator is told to warn IT. */
static void
quarantined_records_are_said(void **state)
{
	struct env *env = *state;
	struct script sc = { .quarantined = 2 };
	struct sync_progress p;
	struct fake *f;
	struct sync_engine *e;
	char summary[256];

	env_add_records(env, 3);
	e = run(env, &sc, 500, &p, &f);
	assert_int_equal(p.state, SYNC_DONE);
	assert_int_equal(p.quarantined, 2);
	sync_progress_summary(&p, summary, sizeof summary);
	assert_string_equal(summary,
	    "3 answers sent, everything is up to date. The collector set 2 "
	    "records aside to be checked: warn IT.");
	sync_engine_destroy(e);
}

static void
resumes_after_the_acknowledged(void **state)
{
	struct env *env = *state;
	struct script sc = { 0 };
	struct error err = { 0 };
	struct sync_progress p;
	struct fake *f;
	struct sync_engine *e;

	env_add_records(env, 30);
	assert_true(store_sync_set_acked(env->s, 12, &err));
	e = run(env, &sc, 500, &p, &f);
	assert_int_equal(p.state, SYNC_DONE);
	assert_int_equal(p.total, 18);
	assert_int_equal(f->nseen, 2);
	assert_int_equal(f->seen[0].first_seq, 13);
	assert_int_equal(acked(env), 30);
	sync_engine_destroy(e);
}

static void
too_large_halves_the_batch(void **state)
{
	struct env *env = *state;
	struct script sc = { .max_count = 100 };
	struct sync_progress p;
	struct fake *f;
	struct sync_engine *e;

	env_add_records(env, 300);
	e = run(env, &sc, 500, &p, &f);
	assert_int_equal(p.state, SYNC_DONE);
	assert_int_equal(p.batch_size, 75);
	/* 300 refused, 150 refused, 75 taken ... four batches of 75. */
	assert_int_equal(f->seen[0].count, 300);
	assert_int_equal(f->seen[1].count, 150);
	assert_int_equal(f->seen[2].count, 75);
	assert_int_equal(f->nseen, 7);
	assert_int_equal(f->seen[5].last_seq, 300);
	assert_int_equal(sc.nsleeps, 0); /* no wait for a 413 */
	assert_int_equal(acked(env), 300);
	sync_engine_destroy(e);
}

static void
too_large_single_record_stops(void **state)
{
	struct env *env = *state;
	struct script sc = { .status = 413 };
	struct sync_progress p;
	struct fake *f;
	struct sync_engine *e;

	env_add_records(env, 4);
	e = run(env, &sc, 4, &p, &f);
	assert_int_equal(p.state, SYNC_FAILED);
	assert_int_equal(p.failure, SYNC_FAIL_REFUSED);
	assert_int_equal(f->nseen, 3); /* 4, 2, 1 */
	assert_int_equal(f->seen[2].count, 1);
	assert_non_null(strstr(p.message, "single record"));
	assert_int_equal(acked(env), 0);
	sync_engine_destroy(e);
}

static void
retries_with_backoff_then_completes(void **state)
{
	struct env *env = *state;
	struct script sc = { .fail_first = 4 };
	struct sync_progress p;
	struct fake *f;
	struct sync_engine *e;
	int64_t t0;

	env_add_records(env, 10);
	t0 = clock_now_ms();
	e = run(env, &sc, 500, &p, &f);
	assert_int_equal(p.state, SYNC_DONE);
	assert_int_equal(f->nseen, 6); /* 4 cut, the batch, the forms */
	assert_int_equal(slept(&sc), 1000 + 2000 + 4000 + 8000);
	assert_int_equal(clock_now_ms() - t0, slept(&sc));
	assert_int_equal(acked(env), 10);
	sync_engine_destroy(e);
}

/* A busy server's Retry-After is a floor under the backoff, capped. */
static void
retry_after_is_a_floor(void **state)
{
	struct env *env = *state;
	struct script sc = { .busy_first = 3, .retry_after_ms = 5000 };
	struct sync_progress p;
	struct fake *f;
	struct sync_engine *e;

	env_add_records(env, 4);
	e = run(env, &sc, 500, &p, &f);
	assert_int_equal(p.state, SYNC_DONE);
	assert_int_equal(slept(&sc), 5000 + 5000 + 5000);
	sync_engine_destroy(e);
	sc = (struct script){ .busy_first = 1, .retry_after_ms = 3599000 };
	e = run(env, &sc, 500, &p, &f);
	assert_int_equal(p.state, SYNC_DONE);
	assert_int_equal(slept(&sc), 60000);
	sync_engine_destroy(e);
}

/* How a sync that cannot finish must end; nothing is acknowledged. */
struct failing {
	struct script sc;       /* what the server (or the network) does */
	int records;            /* waiting on the kiosk */
	enum sync_failure kind; /* SYNC_FAIL_NONE: not checked */
	int requests;           /* made before giving up; 0: not checked */
	const char *says[2];    /* in the message for people */
	const char *detail;     /* the technical detail; NULL: not checked */
};

static void
expect_failure(struct env *env, const struct failing *w)
{
	struct script sc = w->sc;
	struct sync_progress p;
	struct fake *f;
	struct sync_engine *e;

	env_add_records(env, w->records);
	e = run(env, &sc, 500, &p, &f);
	assert_int_equal(p.state, SYNC_FAILED);
	if (w->kind != SYNC_FAIL_NONE) {
		assert_int_equal(p.failure, w->kind);
	}
	if (w->requests > 0) {
		assert_int_equal(f->nseen, w->requests);
	}
	for (size_t i = 0; i < 2 && w->says[i] != NULL; i++) {
		assert_non_null(strstr(p.message, w->says[i]));
	}
	if (w->detail != NULL) {
		assert_string_equal(p.detail, w->detail);
	}
	assert_int_equal(acked(env), 0);
	sync_engine_destroy(e);
}

static void
gives_up_after_max_attempts(void **state)
{
	expect_failure(*state,
	    &(struct failing){ .sc = { .fail_first = 1000 },
	        .records = 10,
	        .kind = SYNC_FAIL_NETWORK,
	        .requests = SYNC_MAX_ATTEMPTS,
	        .says = { "No network" },
	        .detail = "connection cut" });
}

static void
busy_server_is_retried(void **state)
{
	expect_failure(*state,
	    &(struct failing){ .sc = { .status = 503 },
	        .records = 3,
	        .kind = SYNC_FAIL_SERVER,
	        .requests = SYNC_MAX_ATTEMPTS });
}

static void
revoked_token_stops_at_once(void **state)
{
	expect_failure(*state,
	    &(struct failing){ .sc = { .status = 401 },
	        .records = 3,
	        .kind = SYNC_FAIL_AUTH,
	        .requests = 1,
	        .says = { "not enrolled" } });
}

static void
refused_identity_stops_at_once(void **state)
{
	expect_failure(*state,
	    &(struct failing){ .sc = { .net = SYNC_NET_IDENTITY },
	        .records = 3,
	        .kind = SYNC_FAIL_IDENTITY,
	        .requests = 1,
	        .says = { "identity could not be verified", "expired" } });
}

/* A server that answers, but not in TLS 1.2 or 1.3, is not "no
 * network": one attempt, and words about the protocol. */
static void
protocol_mismatch_stops_at_once(void **state)
{
	expect_failure(*state,
	    &(struct failing){ .sc = { .net = SYNC_NET_PROTOCOL },
	        .records = 3,
	        .kind = SYNC_FAIL_NOT_TLS,
	        .requests = 1,
	        .says = { "does not speak the protocol",
	            "does not answer in HTTPS" } });
}

static void
wrong_ack_is_not_trusted(void **state)
{
	expect_failure(*state,
	    &(struct failing){ .sc = { .ack_shift = 5 }, .records = 3 });
}

/* An acknowledgement short of the batch's last record is not marked
 * either (the store alone would take it: it only refuses to go past the
 * last record or back). */
static void
short_ack_is_not_trusted(void **state)
{
	expect_failure(*state,
	    &(struct failing){ .sc = { .ack_shift = -1 },
	        .records = 3,
	        .kind = SYNC_FAIL_NOT_PARVIS,
	        .requests = 1,
	        .detail = "the server acknowledged up to record 2, but the "
	                  "batch ended at 3" });
}

/* Without a sleep function a step never waits: the caller (a screen)
 * comes back when it likes, and the clock decides. */
static void
steps_never_block(void **state)
{
	struct env *env = *state;
	struct script sc = { .fail_first = 1 };
	struct sync_settings set = { .ctx = &sc, .jitter = middle_jitter };
	struct error err = { 0 };
	const struct sync_progress *p;
	struct sync_engine *e;
	struct fake *f;
	int64_t t0;

	env_add_records(env, 2);
	sc.env = env;
	f = fake_create(respond, &sc);
	f->polls_per_request = 3;
	set.transport = &f->base;
	e = sync_engine_create(env->s, &set, &err);
	p = sync_engine_step(e);
	assert_int_equal(p->state, SYNC_SENDING);
	assert_int_equal(p->total, 2);
	for (int i = 0; i < 4; i++) {
		p = sync_engine_step(e);
	}
	assert_int_equal(p->state, SYNC_WAITING);
	t0 = clock_now_ms();
	for (int i = 0; i < 10; i++) {
		p = sync_engine_step(e);
		assert_int_equal(p->state, SYNC_WAITING);
	}
	assert_int_equal(clock_now_ms(), t0);
	assert_int_equal(p->wait_ms, 1000);
	clock_advance(1000);
	p = sync_engine_step(e);
	assert_int_equal(p->state, SYNC_SENDING);
	do {
		p = sync_engine_step(e);
	} while (!sync_progress_finished(p));
	assert_int_equal(p->state, SYNC_DONE);
	assert_int_equal(acked(env), 2);
	sync_engine_destroy(e);
}

static void
nothing_to_send_still_asks_the_server(void **state)
{
	struct env *env = *state;
	struct script sc = { .fail_first = 1000 };
	struct sync_progress p;
	struct fake *f;
	struct sync_engine *e;
	char summary[256];

	e = run(env, &sc, 500, &p, &f);
	assert_int_equal(p.state, SYNC_FAILED);
	assert_int_equal(p.failure, SYNC_FAIL_NETWORK);
	sync_engine_destroy(e);
	sc.fail_first = 0;
	e = run(env, &sc, 500, &p, &f);
	assert_int_equal(p.state, SYNC_DONE);
	assert_string_equal(f->seen[0].path, "/api/v1/forms");
	sync_progress_summary(&p, summary, sizeof summary);
	assert_string_equal(summary,
	    "Nothing to send, everything is up to "
	    "date.");
	sync_engine_destroy(e);
}

#define T(f) cmocka_unit_test_setup_teardown(f, env_setup, env_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(sends_in_batches_and_acks_after_each),
		T(resumes_after_the_acknowledged),
		T(quarantined_records_are_said),
		T(too_large_halves_the_batch),
		T(too_large_single_record_stops),
		T(retries_with_backoff_then_completes),
		T(retry_after_is_a_floor),
		T(gives_up_after_max_attempts),
		T(busy_server_is_retried),
		T(revoked_token_stops_at_once),
		T(refused_identity_stops_at_once),
		T(protocol_mismatch_stops_at_once),
		T(wrong_ack_is_not_trusted),
		T(short_ack_is_not_trusted),
		T(steps_never_block),
		T(nothing_to_send_still_asks_the_server),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
