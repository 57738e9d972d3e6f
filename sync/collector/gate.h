/*
 * The front door of parvis-collect: every connection from the moment it
 * is accepted to the moment it is closed, the deadlines it must keep and
 * the slots it may hold.
 *
 * libmicrohttpd's own timeout only counts idle time, so a client that
 * sends one byte every few seconds (slowloris) holds its connection for
 * ever, and 8 of them from one address, or 64 from a few, lock every
 * kiosk out.  The gate adds what Apache's mod_reqtimeout and nginx's
 * client_header_timeout do:
 *
 *   - headers: the TLS handshake, request line and header fields of a
 *     request must all be in within header_ms of the moment the
 *     connection was ready for it (accepted, or done with its previous
 *     request), however the bytes trickle;
 *   - body: a body has body_ms, plus one second for every body_min_rate
 *     bytes received: a client slower than that on average is cut;
 *   - slots: max_connections in all, max_per_address from one address
 *     (a trusted proxy's own address excepted).  When a new connection
 *     finds no slot, the connection that has waited longest without
 *     showing a valid token, if it has waited grace_ms at least, gives
 *     its slot up; only when there is none is the newcomer refused.  A
 *     connection whose token was accepted keeps its slot.
 *
 * A connection is closed by shutting its socket down (shutdown(2)), which
 * wakes its libmicrohttpd thread at once; libmicrohttpd then closes it
 * as if the client had gone.  No answer can be sent in the middle of a
 * request: the client sees the connection closed (a kiosk retries).
 *
 * The gate follows libmicrohttpd's connections through its
 * MHD_OPTION_NOTIFY_CONNECTION callback (gate_notify); the API tells it
 * where each request stands (gate_enter...).  Its own thread sweeps the
 * deadlines a few times a second and has the peers table write its
 * summaries.  All times are milliseconds of gate_clock_ms().
 */
#ifndef PARVIS_COLLECT_GATE_H
#define PARVIS_COLLECT_GATE_H

#include <arpa/inet.h>
#include <microhttpd.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "error.h"
#include "peers.h"
#include "proxies.h"

struct gate_limits {
	int64_t header_ms;       /* handshake, request line and headers */
	int64_t body_ms;         /* a body's time before the rate counts */
	int64_t body_min_rate;   /* bytes that buy one more second */
	int64_t grace_ms;        /* without a token this long: evictable */
	int64_t max_connections; /* in all */
	int64_t max_per_address; /* from one address (not a trusted proxy) */
};

/* Where a connection's current request stands. */
enum gate_phase {
	GATE_HEADERS, /* waiting for (the rest of) a request's headers */
	GATE_BODY,    /* receiving a body */
	GATE_SERVING, /* the server's turn: no deadline but idleness */
};

/* Why the gate closed a connection. */
enum gate_closed {
	GATE_OPEN,         /* it did not */
	GATE_SLOW_HEADERS, /* headers not in within header_ms */
	GATE_SLOW_BODY,    /* body below the minimum rate */
	GATE_EVICTED,      /* no token yet: its slot went to a newcomer */
	GATE_REFUSED,      /* no slot for it, none to free */
};

/* One connection.  fd, address, proxy and started never change once
 * gate_add() returned; the other fields are the gate's, read and written
 * under its lock (use the functions below). */
struct gate_conn {
	struct gate_conn *prev, *next;
	int fd;
	char address[INET6_ADDRSTRLEN]; /* the TCP peer */
	char client[INET6_ADDRSTRLEN];  /* its client: address, or what a
	                                   trusted proxy forwarded */
	bool proxy;                     /* the peer is a trusted proxy */
	enum gate_phase phase;
	int64_t started; /* accepted at */
	int64_t since;   /* in this phase since */
	uint64_t body_bytes;
	bool authenticated; /* a request of it showed a valid token */
	bool in_request;    /* a request line came, its end did not */
	enum gate_closed closed;
	bool quiet; /* its closing is counted, not logged */
};

struct gate;

/* A gate with those limits, trusting trusted's X-Forwarded-For (kept by
 * the caller), counting events into peers (kept by the caller) and
 * logging to log.  Its thread is not started.  NULL with a message. */
struct gate *gate_create(const struct gate_limits *l,
    const struct proxies *trusted, struct peers *peers, FILE *log,
    struct error *err);

/* Starts the thread that sweeps the deadlines; false with a message. */
bool gate_start(struct gate *g, struct error *err);

/* Stops the thread, frees the gate and the connections it still holds
 * (call it after MHD_stop_daemon); accepts NULL. */
void gate_destroy(struct gate *g);

/* The clock of the gate: CLOCK_MONOTONIC, in milliseconds. */
int64_t gate_clock_ms(void);

/* A new connection on socket fd from address at now: admitted, or
 * refused (shut down at once: closed is GATE_REFUSED), possibly after
 * another connection was closed to make room.  NULL (and fd shut down)
 * when out of memory.  The gate owns the result until gate_remove(). */
struct gate_conn *gate_add(
    struct gate *g, int fd, const char *address, int64_t now);

/* The connection is gone (libmicrohttpd closed it): forgets and frees k
 * (NULL accepted).  Only now may its socket be closed. */
void gate_remove(struct gate *g, struct gate_conn *k);

/* Closes every connection past its deadline at now; returns how many. */
int gate_sweep(struct gate *g, int64_t now);

/* MHD_OPTION_NOTIFY_CONNECTION's callback (cls: the gate): gate_add on
 * MHD_CONNECTION_NOTIFY_STARTED, gate_remove on ..._CLOSED. */
void gate_notify(void *cls, struct MHD_Connection *c, void **socket_context,
    enum MHD_ConnectionNotificationCode toe);

/* The gate's record of libmicrohttpd's connection c, or NULL. */
struct gate_conn *gate_of(struct MHD_Connection *c);

/* A request line came on k. */
void gate_request_begin(struct gate *g, struct gate_conn *k);

/* k's request moves to phase at now (GATE_BODY starts the body's clock
 * and count). */
void gate_enter(
    struct gate *g, struct gate_conn *k, enum gate_phase phase, int64_t now);

/* n more bytes of k's body came. */
void gate_body_bytes(struct gate *g, struct gate_conn *k, uint64_t n);

/* k showed a valid token: it keeps its slot from now on. */
void gate_authenticated(struct gate *g, struct gate_conn *k);

/* Whether a request of k showed a valid token (false for NULL). */
bool gate_conn_authenticated(struct gate *g, struct gate_conn *k);

/* The headers of k's request named its client (see proxies.h): records
 * it and returns how many requests of that client are under way,
 * counting k's (past their headers, on any connection). */
int64_t gate_client(struct gate *g, struct gate_conn *k, const char *client);

/* k's request ended at now: k waits for the next one.  Returns why the
 * gate closed k (GATE_OPEN if it did not), and in *quiet whether that
 * closing is only counted (the request is then not logged). */
enum gate_closed gate_request_end(
    struct gate *g, struct gate_conn *k, int64_t now, bool *quiet);

/* Words for the log: why the gate closed a connection, with the limit
 * ("closed: request headers not in within 10 s"). */
void gate_closed_words(
    const struct gate *g, enum gate_closed why, char *out, size_t size);

/* The numeric text of a socket address ("-" if it is none). */
void gate_address_text(const struct sockaddr *sa, char out[INET6_ADDRSTRLEN]);

#endif
