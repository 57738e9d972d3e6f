/*
 * The sync engine: sends the kiosk's unsent records to the collector,
 * oldest first, in batches, then pulls the published consultation files.
 * A state machine driven step by step, so the same engine runs behind
 * `parvis sync` and behind a screen of the admin mode:
 *
 *     struct sync_engine *e = sync_engine_create(store, &settings, &err);
 *     const struct sync_progress *p;
 *     do {
 *             p = sync_engine_step(e);      // at most settings.slice_ms
 *             show(p);
 *     } while (!sync_progress_finished(p));
 *     sync_engine_destroy(e);
 *
 * A step never blocks longer than slice_ms: the network is polled, and
 * the waits between attempts are either slept through the caller's
 * sleep function or left to the caller (no sleep function: the step
 * returns at once and the caller comes back later).  Time comes from
 * clock_now_ms() (core/clock.h), so tests drive it.
 *
 * Records are marked synced (store_sync_set_acked) only after the
 * collector's 200 was read; a run that stops anywhere resumes at the
 * first unacknowledged record the next time.
 */
#ifndef PARVIS_SYNC_ENGINE_H
#define PARVIS_SYNC_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "store.h"
#include "sync_http.h"
#include "sync_policy.h"

struct sync_settings {
	const char *url; /* https://host[:port][/prefix] */
	const char *token_file;
	const char *ca_file;    /* NULL or "": system authorities */
	const char *pinned_key; /* NULL or "": none */
	const char *forms_dir;  /* NULL: do not pull forms */
	int64_t batch_size;     /* records per batch; 0: 500 */
	long connect_timeout_s; /* 0: 20 */
	long low_speed_s;       /* 0: 30 */
	int max_attempts;       /* failures in a row; 0: the default */
	int slice_ms;           /* longest step; 0: 100 ms */
	/* Sleeps ms milliseconds; NULL: steps never sleep. */
	void (*sleep_ms)(void *ctx, int64_t ms);
	/* A random jitter in 0..1000; NULL: libsodium's randomness. */
	uint32_t (*jitter)(void *ctx);
	void *ctx; /* for sleep_ms and jitter */
	/* NULL: HTTPS with libcurl, from the fields above.  Otherwise the
	 * engine uses this one and destroys it with itself (tests). */
	struct sync_transport *transport;
};

enum sync_state {
	SYNC_STARTING, /* nothing done yet */
	SYNC_SENDING,  /* a batch is on its way */
	SYNC_WAITING,  /* waiting before the next attempt */
	SYNC_FORMS,    /* fetching consultation files */
	SYNC_DONE,     /* every record acknowledged */
	SYNC_FAILED,   /* stopped: failure and message say why */
};

struct sync_progress {
	enum sync_state state;
	int64_t sent;        /* records acknowledged during this run */
	int64_t total;       /* records unsent when the run started */
	int64_t accepted;    /* of sent: new to the collector */
	int64_t duplicates;  /* of sent: the collector had them already */
	int64_t held_out;    /* records not sent: damaged on the kiosk, the
	                       collector told which (holes of the batches) */
	int64_t quarantined; /* records the collector set aside */
	int64_t batch_size;  /* records per batch now (halved by 413) */
	int failures;        /* failed attempts in a row */
	int64_t wait_ms;     /* SYNC_WAITING: time left */
	size_t forms_installed;
	size_t forms_refused;
	enum sync_failure failure; /* SYNC_FAILED: the kind */
	const char *message;       /* for people, in the current language */
	const char *detail;        /* the last failure, technically, or "" */
	const char *note;          /* something new to tell people, or NULL */
	uint64_t bytes_up;         /* HTTP bytes of this run */
	uint64_t bytes_down;
};

/* Creates an engine over store s (borrowed; it must outlive the engine)
 * with settings set (copied; its strings borrowed).  NULL, with a
 * message for a person, when the settings cannot work: no https:// URL,
 * a token file that is missing or readable by others, an unreadable
 * ca_file. */
struct sync_engine *sync_engine_create(
    struct store *s, const struct sync_settings *set, struct error *err);

/* Does the next bit of work (at most slice_ms of waiting) and returns the
 * progress, owned by the engine and valid until the next step.  Once
 * finished, further steps return the same final progress. */
const struct sync_progress *sync_engine_step(struct sync_engine *e);

/* True when p is final: SYNC_DONE or SYNC_FAILED with no note left. */
bool sync_progress_finished(const struct sync_progress *p);

/* One sentence for people on how the run ended (in the current language):
 * "123 answers sent, 4 already received, everything is up to date." */
void sync_progress_summary(
    const struct sync_progress *p, char *out, size_t size);

/* Stops any request under way and frees e; accepts NULL.  Records not
 * yet acknowledged stay unsent. */
void sync_engine_destroy(struct sync_engine *e);

#endif
