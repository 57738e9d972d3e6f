/*
 * What the collector remembers of each client address: its wrong tokens
 * (after too many, it is slowed down), and what the front door did to
 * its connections, so that an attack is told in the log in a few lines
 * instead of one per connection.
 *
 * Wrong tokens: after max_failures wrong tokens from one address within
 * PEERS_WINDOW_MS, its requests are answered 429 with Retry-After for
 * block_ms, before their token is looked up, and they are not logged one
 * by one: a WARNING line says when the slow-down starts, another how
 * many requests it refused when it ends.  A token that was accepted
 * before (from anywhere, since the server started) is still let
 * through, so kiosks behind the same NAT as the guesser keep syncing.
 *
 * The front door's events (a connection closed for slow headers or a
 * slow body, given up for a newcomer, refused for want of a slot) are
 * logged in full the first time for an address, then only counted for
 * PEERS_WINDOW_MS, and one WARNING line gives the count.
 *
 * Thread-safe: every function takes the table's own lock.  The table
 * holds PEERS_MAX addresses; when full, the one seen longest ago goes
 * (its pending summary written first).
 */
#ifndef PARVIS_COLLECT_PEERS_H
#define PARVIS_COLLECT_PEERS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define PEERS_WINDOW_MS 60000
#define PEERS_MAX 512

struct peers_limits {
	int64_t max_failures; /* wrong tokens in a window; then slowed */
	int64_t block_ms;     /* how long a slow-down lasts */
};

/* What the front door did to a connection (gate.h). */
enum peers_event {
	PEERS_SLOW_HEADERS, /* headers not in within the deadline */
	PEERS_SLOW_BODY,    /* body slower than the minimum rate */
	PEERS_EVICTED,      /* no token yet: its slot given to a newcomer */
	PEERS_REFUSED,      /* no slot for it, none to free */
	PEERS_EVENTS
};

struct peers;

/* A new table writing its WARNING lines to log; NULL if out of memory. */
struct peers *peers_create(const struct peers_limits *l, FILE *log);

/* Writes the summaries still pending, frees p; accepts NULL. */
void peers_destroy(struct peers *p);

/* Counts an event of address's at now (ms, any monotonic clock).  True
 * when it is to be logged in full (the first of its kind from address
 * in PEERS_WINDOW_MS); false when it is only counted, for the summary. */
bool peers_event(
    struct peers *p, const char *address, enum peers_event ev, int64_t now);

/* Before looking up a token from address: 0 when it may be checked;
 * otherwise the milliseconds the slow-down of address has still to run
 * (answer 429 with that Retry-After), the request being counted.  token
 * (NULL: none given) is let through when it was accepted before. */
int64_t peers_slowed(
    struct peers *p, const char *address, const char *token, int64_t now);

/* A token from address was refused (401).  The max_failures-th within
 * the window starts a slow-down, said by one WARNING line. */
void peers_token_refused(struct peers *p, const char *address, int64_t now);

/* A token was accepted: remembered (its SHA-256) to pass slow-downs. */
void peers_token_accepted(struct peers *p, const char *token);

/* Writes the WARNING lines that are due at now: the counts of events
 * whose window has passed, the end of slow-downs.  Called by the front
 * door's clock, a few times a second. */
void peers_report(struct peers *p, int64_t now);

#endif
