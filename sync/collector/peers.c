/*
 * Per-address memory (see peers.h).
 *
 * A fixed table searched linearly: PEERS_MAX is small and a lookup is a
 * few hundred string comparisons, far below one TLS record.  Accepted
 * tokens are kept as SHA-256 digests in a ring of PEERS_GOOD_MAX.
 */
#include "peers.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define PEERS_GOOD_MAX 1024

struct peer {
	char address[INET6_ADDRSTRLEN];
	int64_t seen;
	/* wrong tokens */
	int64_t window_start;
	int64_t failures;
	int64_t blocked_since; /* 0: not slowed down */
	int64_t blocked_until;
	uint64_t refused; /* 429s of the slow-down */
	/* the front door's events */
	int64_t event_since[PEERS_EVENTS]; /* 0: none in the window */
	uint64_t event_quiet[PEERS_EVENTS];
};

struct peers {
	pthread_mutex_t lock;
	struct peers_limits lim;
	FILE *log;
	struct peer peer[PEERS_MAX];
	size_t n;
	unsigned char good[PEERS_GOOD_MAX][crypto_hash_sha256_BYTES];
	size_t ngood, next_good;
};

static const char *const event_words[PEERS_EVENTS] = {
	[PEERS_SLOW_HEADERS] = "closed for slow request headers",
	[PEERS_SLOW_BODY] = "closed for a slow body",
	[PEERS_EVICTED] = "closed without a token to make room",
	[PEERS_REFUSED] = "refused: every slot taken",
};

struct peers *
peers_create(const struct peers_limits *l, FILE *log)
{
	struct peers *p = calloc(1, sizeof *p);

	if (p == NULL) {
		return NULL;
	}
	if (pthread_mutex_init(&p->lock, NULL) != 0) {
		free(p);
		return NULL;
	}
	p->lim = *l;
	p->log = log;
	return p;
}

/* Writes e's pending event counts and the end of its slow-down, if any
 * is due at now (all of them when now is INT64_MAX). */
static void
report_one(struct peers *p, struct peer *e, int64_t now)
{
	for (int ev = 0; ev < PEERS_EVENTS; ev++) {
		int64_t since = e->event_since[ev];

		if (since == 0 || now - since < PEERS_WINDOW_MS) {
			continue;
		}
		if (e->event_quiet[ev] > 0) {
			fprintf(p->log,
			    "WARNING %s: %llu more connections %s within "
			    "%d s of the first (not logged one by one)\n",
			    e->address, (unsigned long long)e->event_quiet[ev],
			    event_words[ev], PEERS_WINDOW_MS / 1000);
		}
		e->event_since[ev] = 0;
		e->event_quiet[ev] = 0;
	}
	if (e->blocked_since != 0 && now >= e->blocked_until) {
		fprintf(p->log,
		    "WARNING %s: slow-down over; %llu requests were answered "
		    "429 without their token being looked up\n",
		    e->address, (unsigned long long)e->refused);
		e->blocked_since = 0;
		e->refused = 0;
	}
}

void
peers_destroy(struct peers *p)
{
	if (p == NULL) {
		return;
	}
	for (size_t i = 0; i < p->n; i++) {
		report_one(p, &p->peer[i], INT64_MAX);
	}
	pthread_mutex_destroy(&p->lock);
	sodium_memzero(p->good, sizeof p->good);
	free(p);
}

/* The entry of address, made when missing (p->lock held). */
static struct peer *
find(struct peers *p, const char *address, int64_t now)
{
	size_t oldest = 0;
	struct peer *e;

	for (size_t i = 0; i < p->n; i++) {
		if (strcmp(p->peer[i].address, address) == 0) {
			p->peer[i].seen = now;
			return &p->peer[i];
		}
		if (p->peer[i].seen < p->peer[oldest].seen) {
			oldest = i;
		}
	}
	if (p->n < PEERS_MAX) {
		e = &p->peer[p->n++];
	} else {
		e = &p->peer[oldest];
		report_one(p, e, INT64_MAX);
	}
	memset(e, 0, sizeof *e);
	snprintf(e->address, sizeof e->address, "%s", address);
	e->seen = now;
	return e;
}

bool
peers_event(
    struct peers *p, const char *address, enum peers_event ev, int64_t now)
{
	struct peer *e;
	bool first;

	pthread_mutex_lock(&p->lock);
	e = find(p, address, now);
	first = e->event_since[ev] == 0;
	if (first) {
		e->event_since[ev] = now != 0 ? now : 1;
	} else {
		e->event_quiet[ev]++;
	}
	pthread_mutex_unlock(&p->lock);
	return first;
}

static bool
token_known(const struct peers *p, const char *token)
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	for (size_t i = 0; i < p->ngood; i++) {
		if (sodium_memcmp(p->good[i], h, sizeof h) == 0) {
			return true;
		}
	}
	return false;
}

int64_t
peers_slowed(
    struct peers *p, const char *address, const char *token, int64_t now)
{
	int64_t left = 0;
	struct peer *e;

	pthread_mutex_lock(&p->lock);
	e = find(p, address, now);
	if (e->blocked_since != 0 && now < e->blocked_until &&
	    (token == NULL || !token_known(p, token))) {
		left = e->blocked_until - now;
		e->refused++;
	}
	pthread_mutex_unlock(&p->lock);
	return left;
}

void
peers_token_refused(struct peers *p, const char *address, int64_t now)
{
	struct peer *e;

	pthread_mutex_lock(&p->lock);
	e = find(p, address, now);
	if (e->failures == 0 || now - e->window_start >= PEERS_WINDOW_MS) {
		e->window_start = now;
		e->failures = 0;
	}
	e->failures++;
	if (e->failures >= p->lim.max_failures && e->blocked_since == 0) {
		fprintf(p->log,
		    "WARNING %s: %lld wrong tokens within %lld s; its "
		    "requests are answered 429 for %lld s, without looking "
		    "their token up (tokens accepted before still pass), "
		    "and not logged one by one\n",
		    e->address, (long long)e->failures,
		    (long long)((now - e->window_start) / 1000 + 1),
		    (long long)(p->lim.block_ms / 1000));
		e->blocked_since = now != 0 ? now : 1;
		e->blocked_until = now + p->lim.block_ms;
		e->refused = 0;
		e->failures = 0;
	}
	pthread_mutex_unlock(&p->lock);
}

void
peers_token_accepted(struct peers *p, const char *token)
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	pthread_mutex_lock(&p->lock);
	if (!token_known(p, token)) {
		memcpy(p->good[p->next_good], h, sizeof h);
		p->next_good = (p->next_good + 1) % PEERS_GOOD_MAX;
		if (p->ngood < PEERS_GOOD_MAX) {
			p->ngood++;
		}
	}
	pthread_mutex_unlock(&p->lock);
	sodium_memzero(h, sizeof h);
}

void
peers_report(struct peers *p, int64_t now)
{
	pthread_mutex_lock(&p->lock);
	for (size_t i = 0; i < p->n; i++) {
		report_one(p, &p->peer[i], now);
	}
	pthread_mutex_unlock(&p->lock);
}
