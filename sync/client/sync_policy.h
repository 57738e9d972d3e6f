/*
 * What the kiosk does with each answer of the collector (the table of
 * PROTOCOL.md, "Status codes and what the kiosk does"), and how long it
 * waits before trying again: capped, jittered exponential backoff.
 * And what the kiosk says when it stops, in words an animator can act on.
 * Pure functions, so the tests check the table and the schedule directly.
 */
#ifndef PARVIS_SYNC_POLICY_H
#define PARVIS_SYNC_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "sync_http.h"

/* The first wait, the cap, and the jitter range of PROTOCOL.md. */
#define SYNC_BACKOFF_FIRST_MS 1000
#define SYNC_BACKOFF_CAP_MS 60000

/* Consecutive failed attempts before a `parvis sync` run gives up; the
 * count starts again after every acknowledged batch. */
#define SYNC_MAX_ATTEMPTS 8

enum sync_action {
	SYNC_NEXT,  /* 200: acknowledged, go on */
	SYNC_RETRY, /* try the same request again after a wait */
	SYNC_HALVE, /* 413: send half as many records */
	SYNC_STOP,  /* stop the run and say why */
};

/* Why a run stopped; also what a screen shows. */
enum sync_failure {
	SYNC_FAIL_NONE,
	SYNC_FAIL_SETUP,      /* kiosk.ini [sync], the token file */
	SYNC_FAIL_STORE,      /* the kiosk's own database */
	SYNC_FAIL_NETWORK,    /* the server could not be reached in time */
	SYNC_FAIL_IDENTITY,   /* the server's certificate was refused */
	SYNC_FAIL_OLD_TLS,    /* the server only speaks TLS before 1.2 */
	SYNC_FAIL_NOT_TLS,    /* the server does not answer in TLS */
	SYNC_FAIL_AUTH,       /* 401: not enrolled, or token revoked */
	SYNC_FAIL_REFUSED,    /* 400, 403, 409, 413 for one record */
	SYNC_FAIL_SERVER,     /* 5xx, 429 after every attempt */
	SYNC_FAIL_NOT_PARVIS, /* 404, a redirect: not a collector */
};

/* The action for an HTTP status of an answer to a batch. */
enum sync_action sync_policy_action(long status);

/* The failure a stopping (or, after the last attempt, a retried) status
 * stands for. */
enum sync_failure sync_policy_failure(long status);

/* The wait before attempt `failures + 1`, after `failures` (>= 1) failed
 * in a row: min(1 s * 2^(failures-1), 60 s), times a factor in [0.5, 1.5]
 * given as jitter in 0..1000 (0 -> 0.5, 1000 -> 1.5). */
int64_t sync_backoff_ms(int failures, uint32_t jitter);

/* Batch size after a 413: half, but at least 1. */
int64_t sync_policy_halve(int64_t size);

/* Says in plain words, in the current language, why a run stopped and
 * what the animator can do: failure f, after the HTTP status (0 if none),
 * the certificate problem why (SYNC_FAIL_IDENTITY), and the number of
 * attempts made. */
void sync_policy_describe(enum sync_failure f, long status,
    enum sync_identity why, int attempts, char *out, size_t size);

#endif
