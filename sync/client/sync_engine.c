/*
 * The sync engine (see sync_engine.h).
 *
 * Phases, in order: START (how much is unsent), BATCH (one request per
 * batch until nothing is left), LIST and FORM (the published forms, when
 * a forms directory is given), then END or FAILED.  Orthogonal to the
 * phase, `waiting` means the last attempt failed and the same request
 * goes again at retry_at.  Every answer goes through handle(), which
 * asks sync_policy.c what to do with its status.
 *
 * Forms come after records on purpose: the answers of the day matter
 * most, and a forms failure must never keep them from being sent.  Once
 * the server has answered 200 in this run, a link that drops while
 * fetching forms ends the run as DONE with a note (they come next time);
 * a run that never reached the server fails, even with nothing to send,
 * so "up to date" is never said without the server's word; a refused
 * identity or token, or a server that does not speak TLS 1.2 or 1.3,
 * fails it too, at once.
 */
#include "sync_engine.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "sync_batch.h"
#include "sync_forms.h"
#include "sync_i18n.h"
#include "sync_json.h"
#include "utf8.h"

#define DEFAULT_BATCH 500
#define DEFAULT_CONNECT_S 20
#define DEFAULT_LOW_SPEED_S 30
#define DEFAULT_SLICE_MS 100

enum phase {
	PH_START,
	PH_BATCH,
	PH_LIST,
	PH_FORM,
	PH_END,
	PH_FAILED,
};

struct sync_engine {
	struct sync_settings set;
	struct store *store;
	struct sync_transport *http;
	struct sync_forms *forms;
	enum phase phase;
	bool waiting;
	int64_t retry_at;
	int64_t acked; /* highest seq acknowledged */
	struct sync_batch batch;
	struct sync_buf gz; /* the batch, gzipped */
	struct sync_request req;
	char path[160]; /* of req */
	bool reached;   /* the server said 200 this run */
	struct sync_progress p;
	char note[1536]; /* the engine's own note */
	bool note_pending;
	char message[1024];
	char detail[1024];
};

static uint32_t
default_jitter(void *ctx)
{
	return randombytes_uniform(1001);
}

static void
apply_defaults(struct sync_settings *s)
{
	if (s->batch_size <= 0) {
		s->batch_size = DEFAULT_BATCH;
	}
	if (s->connect_timeout_s <= 0) {
		s->connect_timeout_s = DEFAULT_CONNECT_S;
	}
	if (s->low_speed_s <= 0) {
		s->low_speed_s = DEFAULT_LOW_SPEED_S;
	}
	if (s->max_attempts <= 0) {
		s->max_attempts = SYNC_MAX_ATTEMPTS;
	}
	if (s->slice_ms <= 0) {
		s->slice_ms = DEFAULT_SLICE_MS;
	}
	if (s->jitter == NULL) {
		s->jitter = default_jitter;
	}
}

static struct sync_transport *
make_transport(const struct sync_settings *s, struct error *err)
{
	struct sync_http_options o = {
		.url = s->url,
		.token_file = s->token_file,
		.ca_file = s->ca_file,
		.pinned_key = s->pinned_key,
		.connect_timeout_s = s->connect_timeout_s,
		.low_speed_s = s->low_speed_s,
	};

	return sync_http_create(&o, err);
}

struct sync_engine *
sync_engine_create(
    struct store *s, const struct sync_settings *set, struct error *err)
{
	struct sync_engine *e = calloc(1, sizeof *e);

	if (e == NULL) {
		sync_transport_destroy(set->transport);
		error_set(err, "out of memory");
		return NULL;
	}
	e->set = *set;
	e->store = s;
	apply_defaults(&e->set);
	e->http = set->transport != NULL ? set->transport
	                                 : make_transport(&e->set, err);
	if (e->http == NULL) {
		free(e);
		return NULL;
	}
	e->p.batch_size = e->set.batch_size;
	e->p.message = e->message;
	e->p.detail = e->detail;
	snprintf(e->message, sizeof e->message, "%s",
	    _("Connecting to the server…"));
	return e;
}

void
sync_engine_destroy(struct sync_engine *e)
{
	if (e == NULL) {
		return;
	}
	sync_transport_destroy(e->http);
	sync_forms_destroy(e->forms);
	sync_batch_finish(&e->batch);
	sync_buf_finish(&e->gz);
	free(e);
}

/* Stops the run with failure f and the message for it. */
static void
fail(struct sync_engine *e, enum sync_failure f, long status,
    enum sync_identity why)
{
	e->phase = PH_FAILED;
	e->waiting = false;
	e->p.state = SYNC_FAILED;
	e->p.failure = f;
	/* attempts: those failed so far and this last one */
	sync_policy_describe(
	    f, status, why, e->p.failures + 1, e->message, sizeof e->message);
}

/* Stops the run because of the kiosk's own database. */
static void
fail_store(struct sync_engine *e, const struct error *err)
{
	snprintf(e->detail, sizeof e->detail, "%s", err->msg);
	fail(e, SYNC_FAIL_STORE, 0, SYNC_ID_UNTRUSTED);
}

static void
send_request(struct sync_engine *e)
{
	struct error err = { 0 };

	if (!e->http->start(e->http, &e->req, &err)) {
		snprintf(e->detail, sizeof e->detail, "%s", err.msg);
		fail(e, SYNC_FAIL_SETUP, 0, SYNC_ID_UNTRUSTED);
	}
}

static void
show_sending(struct sync_engine *e)
{
	e->p.state = SYNC_SENDING;
	snprintf(e->message, sizeof e->message,
	    ngettext("Sending: %lld of "
	             "%lld answer acknowledged…",
	        "Sending: %lld of %lld answers "
	        "acknowledged…",
	        (unsigned long)e->p.total),
	    (long long)e->p.sent, (long long)e->p.total);
}

static void start_forms(struct sync_engine *e);
static void end_run(struct sync_engine *e);

/* Builds and sends the batch after e->acked, or moves on to the forms
 * when nothing is left. */
static void
next_batch(struct sync_engine *e)
{
	struct error err = { 0 };

	if (!sync_batch_build(
	        e->store, e->acked, e->p.batch_size, &e->batch, &err)) {
		fail_store(e, &err);
		return;
	}
	if (e->batch.count == 0) {
		start_forms(e);
		return;
	}
	if (!sync_gzip(e->batch.body.data, e->batch.body.len, &e->gz, &err)) {
		fail_store(e, &err);
		return;
	}
	e->phase = PH_BATCH;
	e->req = (struct sync_request){ .method = "POST",
		.path = "/api/v1/batches",
		.body = e->gz.data,
		.len = e->gz.len };
	show_sending(e);
	send_request(e);
}

static void
start_run(struct sync_engine *e)
{
	struct error err = { 0 };
	int64_t last = 0;

	/* The last seq, not the count: purged records left their seqs. */
	if (!store_sync_acked(e->store, &e->acked, &err) ||
	    !store_last_seq(e->store, &last, &err)) {
		fail_store(e, &err);
		return;
	}
	e->p.total = last > e->acked ? last - e->acked : 0;
	next_batch(e);
}

static void
end_run(struct sync_engine *e)
{
	e->phase = PH_END;
	e->waiting = false;
	e->p.state = SYNC_DONE;
	e->p.failure = SYNC_FAIL_NONE;
	snprintf(e->message, sizeof e->message, "%s", _("Done."));
}

/* Asks for the next form to fetch, or ends the run. */
static void
next_form(struct sync_engine *e)
{
	if (!sync_forms_next(e->forms, e->path, sizeof e->path)) {
		end_run(e);
		return;
	}
	e->phase = PH_FORM;
	e->req = (struct sync_request){ .method = "GET", .path = e->path };
	send_request(e);
}

static void
start_forms(struct sync_engine *e)
{
	struct error err = { 0 };

	if (e->set.forms_dir == NULL) {
		end_run(e);
		return;
	}
	e->forms = sync_forms_create(e->set.forms_dir, &err);
	if (e->forms == NULL) {
		snprintf(e->note, sizeof e->note,
		    _("The consultations could "
		      "not be updated: %s"),
		    err.msg);
		e->note_pending = true;
		end_run(e);
		return;
	}
	e->phase = PH_LIST;
	e->p.state = SYNC_FORMS;
	snprintf(e->message, sizeof e->message, "%s",
	    _("Fetching the consultations…"));
	e->req =
	    (struct sync_request){ .method = "GET", .path = "/api/v1/forms" };
	send_request(e);
}

/* Gives up on the forms (records are all sent): a note, then the end. */
static void
forms_give_up(struct sync_engine *e, const char *why)
{
	sync_forms_skip(e->forms, why);
	if (e->phase == PH_LIST) {
		snprintf(e->detail, sizeof e->detail, "%s", why);
		end_run(e);
		return;
	}
	next_form(e);
}

/* The last attempt failed (a link, a busy server): wait, or give up.
 * A server's Retry-After (floor, capped like the backoff) is honoured. */
static void
retry(struct sync_engine *e, enum sync_failure f, long status,
    int64_t retry_after_ms)
{
	int64_t wait;

	if (e->p.failures + 1 >= e->set.max_attempts) {
		if (e->reached &&
		    (e->phase == PH_LIST || e->phase == PH_FORM)) {
			e->p.failures = 0;
			forms_give_up(e,
			    f == SYNC_FAIL_NETWORK ? _("no network")
			                           : _("the server is having "
			                               "trouble"));
			return;
		}
		fail(e, f, status, SYNC_ID_UNTRUSTED);
		return;
	}
	e->p.failures++;
	wait = sync_backoff_ms(e->p.failures, e->set.jitter(e->set.ctx));
	if (retry_after_ms > wait) {
		wait = retry_after_ms < SYNC_BACKOFF_CAP_MS
		    ? retry_after_ms
		    : SYNC_BACKOFF_CAP_MS;
	}
	e->waiting = true;
	e->retry_at = clock_now_ms() + wait;
	e->p.wait_ms = wait;
	e->p.state = SYNC_WAITING;
	snprintf(e->message, sizeof e->message,
	    _("The connection failed; "
	      "trying again in %lld s (attempt %d of %d)."),
	    (long long)((wait + 999) / 1000), e->p.failures + 1,
	    e->set.max_attempts);
}

/* A 200 to a batch: mark the records synced and go on. */
static void
batch_acknowledged(struct sync_engine *e, const struct sync_response *r)
{
	struct sync_ack ack;
	struct error err = { 0 };

	if (!sync_json_ack(r->body, r->len, &ack, &err)) {
		snprintf(e->detail, sizeof e->detail, "%s", err.msg);
		retry(e, SYNC_FAIL_SERVER, r->status, 0);
		return;
	}
	if (ack.acked_through != e->batch.last_seq) {
		snprintf(e->detail, sizeof e->detail,
		    "the server acknowledged "
		    "up to record %lld, but the batch ended at %lld",
		    (long long)ack.acked_through, (long long)e->batch.last_seq);
		fail(e, SYNC_FAIL_NOT_PARVIS, r->status, SYNC_ID_UNTRUSTED);
		return;
	}
	if (!store_sync_set_acked(e->store, ack.acked_through, &err)) {
		fail_store(e, &err);
		return;
	}
	e->acked = ack.acked_through;
	e->p.sent += e->batch.count;
	e->p.accepted += ack.accepted;
	e->p.duplicates += ack.duplicates;
	e->p.quarantined += ack.quarantined;
	for (size_t i = 0; i < e->batch.nholes; i++) {
		e->p.held_out +=
		    e->batch.holes[i].to - e->batch.holes[i].from + 1;
	}
	e->p.failures = 0;
	next_batch(e);
}

/* An answer to a batch. */
static void
batch_answered(struct sync_engine *e, const struct sync_response *r)
{
	switch (sync_policy_action(r->status)) {
	case SYNC_NEXT:
		batch_acknowledged(e, r);
		break;
	case SYNC_RETRY:
		retry(e, SYNC_FAIL_SERVER, r->status, r->retry_after_ms);
		break;
	case SYNC_HALVE:
		if (e->batch.count <= 1) {
			fail(
			    e, SYNC_FAIL_REFUSED, r->status, SYNC_ID_UNTRUSTED);
			break;
		}
		e->p.batch_size = sync_policy_halve(e->batch.count);
		next_batch(e);
		break;
	case SYNC_STOP:
		fail(e, sync_policy_failure(r->status), r->status,
		    SYNC_ID_UNTRUSTED);
		break;
	}
}

/* An answer about forms: only a 401 stops the run; the rest is a note. */
static void
forms_answered(struct sync_engine *e, const struct sync_response *r)
{
	struct error err = { 0 };
	char why[320];

	if (r->status == 200) {
		e->p.failures = 0;
	}
	if (r->status == 401) {
		fail(e, SYNC_FAIL_AUTH, r->status, SYNC_ID_UNTRUSTED);
	} else if (sync_policy_action(r->status) == SYNC_RETRY) {
		retry(e, SYNC_FAIL_SERVER, r->status, r->retry_after_ms);
	} else if (r->status != 200) {
		snprintf(why, sizeof why, _("the server answered HTTP %ld"),
		    r->status);
		forms_give_up(e, why);
	} else if (e->phase == PH_FORM) {
		sync_forms_install(e->forms, r->body, r->len);
		next_form(e);
	} else if (!sync_forms_plan(e->forms, r->body, r->len, &err)) {
		forms_give_up(e, err.msg);
	} else {
		next_form(e);
	}
}

/* Keeps the library's words about a failure, made safe to print. */
static void
set_detail(struct sync_engine *e, const char *text)
{
	char *clean = utf8_sanitize(text, strlen(text), 0);

	snprintf(e->detail, sizeof e->detail, "%s", clean != NULL ? clean : "");
	free(clean);
}

/* Every finished request comes here. */
static void
handle(struct sync_engine *e, const struct sync_response *r)
{
	e->p.bytes_up += r->bytes_up;
	e->p.bytes_down += r->bytes_down;
	if (r->net == SYNC_NET_OK && r->status == 200) {
		e->reached = true;
	}
	if (r->net != SYNC_NET_OK) {
		set_detail(e, r->detail);
	} else if (r->status != 200) {
		sync_json_error_text(
		    r->body, r->len, e->detail, sizeof e->detail);
	}
	if (r->net == SYNC_NET_IDENTITY) {
		fail(e, SYNC_FAIL_IDENTITY, 0, r->identity);
	} else if (r->net == SYNC_NET_PROTOCOL) {
		fail(e,
		    r->protocol == SYNC_PROTO_OLD_TLS ? SYNC_FAIL_OLD_TLS
		                                      : SYNC_FAIL_NOT_TLS,
		    0, SYNC_ID_UNTRUSTED);
	} else if (r->net == SYNC_NET_LOCAL) {
		fail(e, SYNC_FAIL_SETUP, 0, SYNC_ID_UNTRUSTED);
	} else if (r->net == SYNC_NET_DOWN) {
		retry(e, SYNC_FAIL_NETWORK, 0, 0);
	} else if (e->phase == PH_BATCH) {
		batch_answered(e, r);
	} else {
		forms_answered(e, r);
	}
}

/* Waits (through the caller's sleep) until the next attempt is due. */
static void
wait_step(struct sync_engine *e)
{
	int64_t left = e->retry_at - clock_now_ms();

	if (left > 0 && e->set.sleep_ms != NULL) {
		e->set.sleep_ms(e->set.ctx,
		    left < e->set.slice_ms ? left : e->set.slice_ms);
		left = e->retry_at - clock_now_ms();
	}
	e->p.wait_ms = left > 0 ? left : 0;
	if (left > 0) {
		return;
	}
	e->waiting = false;
	if (e->phase == PH_BATCH) {
		show_sending(e);
	} else {
		e->p.state = SYNC_FORMS;
		snprintf(e->message, sizeof e->message, "%s",
		    _("Fetching the consultations…"));
	}
	send_request(e);
}

static void
poll_step(struct sync_engine *e)
{
	struct sync_response r;

	if (e->http->poll(e->http, e->set.slice_ms, &r)) {
		handle(e, &r);
	}
}

const struct sync_progress *
sync_engine_step(struct sync_engine *e)
{
	e->p.note = NULL;
	if (e->phase == PH_START) {
		start_run(e);
	} else if (e->phase == PH_END || e->phase == PH_FAILED) {
		/* finished: only notes left to hand out */
	} else if (e->waiting) {
		wait_step(e);
	} else {
		poll_step(e);
	}
	if (e->note_pending) {
		e->p.note = e->note;
		e->note_pending = false;
	} else if (e->forms != NULL) {
		e->p.note = sync_forms_take_note(e->forms);
	}
	if (e->forms != NULL) {
		e->p.forms_installed = sync_forms_installed(e->forms);
		e->p.forms_refused = sync_forms_refused(e->forms);
	}
	return &e->p;
}
