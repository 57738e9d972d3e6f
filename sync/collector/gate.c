/*
 * The front door (see gate.h).
 *
 * Connections are a doubly-linked list under one lock; the limits count
 * the connections the gate has not closed (`live`), since one it shut
 * down may take a moment to be cleaned up by libmicrohttpd, whose own
 * limit is therefore set above ours (server.c).  Closing is
 * shutdown(SHUT_RDWR) under the lock: libmicrohttpd closes the socket
 * only after its NOTIFY_CLOSED callback, which takes the same lock to
 * remove the connection, so the descriptor shut down is always the
 * connection's own, never a new one that got its number.
 *
 * The sweeping thread wakes every SWEEP_MS, so a deadline is kept within
 * that much.
 */
#include "gate.h"

#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "clock.h"

#define SWEEP_MS 200

struct gate {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct gate_limits lim;
	const struct proxies *trusted;
	struct peers *peers;
	FILE *log;
	struct gate_conn *head;
	int64_t live; /* connections not closed by the gate */
	pthread_t thread;
	bool running;
	bool stop;
};

int64_t
gate_clock_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

void
gate_address_text(const struct sockaddr *sa, char out[INET6_ADDRSTRLEN])
{
	snprintf(out, INET6_ADDRSTRLEN, "-");
	if (sa != NULL && sa->sa_family == AF_INET) {
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
		    out, INET6_ADDRSTRLEN);
	} else if (sa != NULL && sa->sa_family == AF_INET6) {
		inet_ntop(AF_INET6,
		    &((const struct sockaddr_in6 *)sa)->sin6_addr, out,
		    INET6_ADDRSTRLEN);
	}
}

struct gate *
gate_create(const struct gate_limits *l, const struct proxies *trusted,
    struct peers *peers, FILE *log, struct error *err)
{
	struct gate *g = calloc(1, sizeof *g);

	if (g == NULL) {
		error_set(err, "out of memory starting the front door");
		return NULL;
	}
	if (pthread_mutex_init(&g->lock, NULL) != 0) {
		free(g);
		error_set(err, "cannot start the front door (no lock)");
		return NULL;
	}
	if (pthread_cond_init(&g->wake, NULL) != 0) {
		pthread_mutex_destroy(&g->lock);
		free(g);
		error_set(err, "cannot start the front door (no condition)");
		return NULL;
	}
	g->lim = *l;
	g->trusted = trusted;
	g->peers = peers;
	g->log = log;
	return g;
}

static void *
sweeper(void *arg)
{
	struct gate *g = arg;
	struct timespec until;

	pthread_mutex_lock(&g->lock);
	while (!g->stop) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += SWEEP_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&g->wake, &g->lock, &until);
		if (g->stop) {
			break;
		}
		pthread_mutex_unlock(&g->lock);
		gate_sweep(g, gate_clock_ms());
		peers_report(g->peers, gate_clock_ms());
		pthread_mutex_lock(&g->lock);
	}
	pthread_mutex_unlock(&g->lock);
	return NULL;
}

bool
gate_start(struct gate *g, struct error *err)
{
	int rc = pthread_create(&g->thread, NULL, sweeper, g);

	if (rc != 0) {
		return error_set(
		    err, "cannot start the front door: %s", strerror(rc));
	}
	g->running = true;
	return true;
}

void
gate_destroy(struct gate *g)
{
	if (g == NULL) {
		return;
	}
	if (g->running) {
		pthread_mutex_lock(&g->lock);
		g->stop = true;
		pthread_cond_signal(&g->wake);
		pthread_mutex_unlock(&g->lock);
		pthread_join(g->thread, NULL);
	}
	while (g->head != NULL) {
		struct gate_conn *k = g->head;

		g->head = k->next;
		free(k);
	}
	pthread_cond_destroy(&g->wake);
	pthread_mutex_destroy(&g->lock);
	free(g);
}

void
gate_closed_words(
    const struct gate *g, enum gate_closed why, char *out, size_t size)
{
	switch (why) {
	case GATE_SLOW_HEADERS:
		snprintf(out, size,
		    "closed: request headers not in within %lld s",
		    (long long)(g->lim.header_ms / 1000));
		break;
	case GATE_SLOW_BODY:
		snprintf(out, size,
		    "closed: body slower than %lld bytes/s after %lld s",
		    (long long)g->lim.body_min_rate,
		    (long long)(g->lim.body_ms / 1000));
		break;
	case GATE_EVICTED:
		snprintf(out, size,
		    "closed: no valid token within %lld ms, slot given to a "
		    "new connection",
		    (long long)g->lim.grace_ms);
		break;
	case GATE_REFUSED:
		snprintf(out, size, "refused: every connection slot taken");
		break;
	case GATE_OPEN:
		snprintf(out, size, "open");
		break;
	}
}

static enum peers_event
event_of(enum gate_closed why)
{
	switch (why) {
	case GATE_SLOW_HEADERS:
		return PEERS_SLOW_HEADERS;
	case GATE_SLOW_BODY:
		return PEERS_SLOW_BODY;
	case GATE_EVICTED:
		return PEERS_EVICTED;
	case GATE_OPEN:
	case GATE_REFUSED:
		break;
	}
	return PEERS_REFUSED;
}

/* Shuts k down for why (g->lock held).  The first such event from its
 * client in a while is logged (here, or by its request's log line when a
 * request is under way); the others are counted. */
static void
close_conn(
    struct gate *g, struct gate_conn *k, enum gate_closed why, int64_t now)
{
	const char *who = k->client[0] != '\0' ? k->client : k->address;
	char words[160], when[25];

	k->closed = why;
	g->live--;
	shutdown(k->fd, SHUT_RDWR);
	k->quiet = !peers_event(g->peers, who, event_of(why), now);
	if (k->quiet || k->in_request) {
		return;
	}
	gate_closed_words(g, why, words, sizeof words);
	clock_format_iso(clock_now_ms(), when);
	fprintf(g->log, "%s %s - - - 0 in=0 out=0 %lldms %s\n", when, who,
	    (long long)(now - k->started), words);
}

/* The connections open on address that the gate has not closed, but k. */
static int64_t
live_from(const struct gate *g, const struct gate_conn *k)
{
	int64_t n = 0;

	for (const struct gate_conn *o = g->head; o != NULL; o = o->next) {
		n += o != k && o->closed == GATE_OPEN && !o->proxy &&
		    strcmp(o->address, k->address) == 0;
	}
	return n;
}

/* The connection that has waited longest for its headers without a
 * token, at least grace_ms, on k's address when same_address; or NULL. */
static struct gate_conn *
victim(
    struct gate *g, const struct gate_conn *k, bool same_address, int64_t now)
{
	struct gate_conn *best = NULL;

	for (struct gate_conn *o = g->head; o != NULL; o = o->next) {
		if (o == k || o->closed != GATE_OPEN || o->authenticated ||
		    o->phase != GATE_HEADERS ||
		    now - o->since < g->lim.grace_ms ||
		    (same_address && strcmp(o->address, k->address) != 0)) {
			continue;
		}
		if (best == NULL || o->since < best->since) {
			best = o;
		}
	}
	return best;
}

/* Makes room for k if the limits say there is none (g->lock held). */
static void
admit(struct gate *g, struct gate_conn *k, int64_t now)
{
	bool address_full =
	    !k->proxy && live_from(g, k) >= g->lim.max_per_address;
	bool all_full = g->live - 1 >= g->lim.max_connections;
	struct gate_conn *v;

	if (!address_full && !all_full) {
		return;
	}
	v = victim(g, k, address_full, now);
	close_conn(
	    g, v != NULL ? v : k, v != NULL ? GATE_EVICTED : GATE_REFUSED, now);
}

struct gate_conn *
gate_add(struct gate *g, int fd, const char *address, int64_t now)
{
	struct gate_conn *k = calloc(1, sizeof *k);

	if (k == NULL) {
		shutdown(fd, SHUT_RDWR);
		return NULL;
	}
	k->fd = fd;
	snprintf(k->address, sizeof k->address, "%s", address);
	k->proxy = proxies_contains(g->trusted, address);
	k->phase = GATE_HEADERS;
	k->started = now;
	k->since = now;
	pthread_mutex_lock(&g->lock);
	k->next = g->head;
	if (g->head != NULL) {
		g->head->prev = k;
	}
	g->head = k;
	g->live++;
	admit(g, k, now);
	pthread_mutex_unlock(&g->lock);
	return k;
}

void
gate_remove(struct gate *g, struct gate_conn *k)
{
	if (k == NULL) {
		return;
	}
	pthread_mutex_lock(&g->lock);
	if (k->prev != NULL) {
		k->prev->next = k->next;
	} else {
		g->head = k->next;
	}
	if (k->next != NULL) {
		k->next->prev = k->prev;
	}
	if (k->closed == GATE_OPEN) {
		g->live--;
	}
	pthread_mutex_unlock(&g->lock);
	free(k);
}

/* When k must have moved on, or INT64_MAX (g->lock held). */
static int64_t
deadline(const struct gate *g, const struct gate_conn *k)
{
	switch (k->phase) {
	case GATE_HEADERS:
		return k->since + g->lim.header_ms;
	case GATE_BODY:
		return k->since + g->lim.body_ms +
		    (int64_t)(k->body_bytes * 1000 /
		        (uint64_t)g->lim.body_min_rate);
	case GATE_SERVING:
		break;
	}
	return INT64_MAX;
}

int
gate_sweep(struct gate *g, int64_t now)
{
	int closed = 0;

	pthread_mutex_lock(&g->lock);
	for (struct gate_conn *k = g->head; k != NULL; k = k->next) {
		if (k->closed == GATE_OPEN && now >= deadline(g, k)) {
			close_conn(g, k,
			    k->phase == GATE_BODY ? GATE_SLOW_BODY
			                          : GATE_SLOW_HEADERS,
			    now);
			closed++;
		}
	}
	pthread_mutex_unlock(&g->lock);
	return closed;
}

void
gate_notify(void *cls, struct MHD_Connection *c, void **socket_context,
    enum MHD_ConnectionNotificationCode toe)
{
	struct gate *g = cls;
	const union MHD_ConnectionInfo *fd, *sa;
	char address[INET6_ADDRSTRLEN];

	if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
		gate_remove(g, *socket_context);
		*socket_context = NULL;
		return;
	}
	fd = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	sa = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (fd == NULL) {
		return; /* cannot happen: the gate cannot see it */
	}
	gate_address_text(sa != NULL ? sa->client_addr : NULL, address);
	*socket_context = gate_add(g, fd->connect_fd, address, gate_clock_ms());
}

struct gate_conn *
gate_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *info =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return info != NULL ? info->socket_context : NULL;
}

void
gate_request_begin(struct gate *g, struct gate_conn *k)
{
	if (k == NULL) {
		return;
	}
	pthread_mutex_lock(&g->lock);
	k->in_request = true;
	pthread_mutex_unlock(&g->lock);
}

void
gate_enter(
    struct gate *g, struct gate_conn *k, enum gate_phase phase, int64_t now)
{
	if (k == NULL) {
		return;
	}
	pthread_mutex_lock(&g->lock);
	k->phase = phase;
	k->since = now;
	k->body_bytes = 0;
	pthread_mutex_unlock(&g->lock);
}

void
gate_body_bytes(struct gate *g, struct gate_conn *k, uint64_t n)
{
	if (k == NULL) {
		return;
	}
	pthread_mutex_lock(&g->lock);
	k->body_bytes += n;
	pthread_mutex_unlock(&g->lock);
}

void
gate_authenticated(struct gate *g, struct gate_conn *k)
{
	if (k == NULL) {
		return;
	}
	pthread_mutex_lock(&g->lock);
	k->authenticated = true;
	pthread_mutex_unlock(&g->lock);
}

bool
gate_conn_authenticated(struct gate *g, struct gate_conn *k)
{
	bool yes;

	if (k == NULL) {
		return false;
	}
	pthread_mutex_lock(&g->lock);
	yes = k->authenticated;
	pthread_mutex_unlock(&g->lock);
	return yes;
}

int64_t
gate_client(struct gate *g, struct gate_conn *k, const char *client)
{
	int64_t n = 0;

	if (k == NULL) {
		return 1;
	}
	pthread_mutex_lock(&g->lock);
	snprintf(k->client, sizeof k->client, "%s", client);
	for (const struct gate_conn *o = g->head; o != NULL; o = o->next) {
		n += o->closed == GATE_OPEN && o->in_request &&
		    (o == k || o->phase != GATE_HEADERS) &&
		    strcmp(o->client, client) == 0;
	}
	pthread_mutex_unlock(&g->lock);
	return n;
}

enum gate_closed
gate_request_end(struct gate *g, struct gate_conn *k, int64_t now, bool *quiet)
{
	enum gate_closed why;

	*quiet = false;
	if (k == NULL) {
		return GATE_OPEN;
	}
	pthread_mutex_lock(&g->lock);
	k->in_request = false;
	k->phase = GATE_HEADERS;
	k->since = now;
	why = k->closed;
	*quiet = k->quiet;
	pthread_mutex_unlock(&g->lock);
	return why;
}
