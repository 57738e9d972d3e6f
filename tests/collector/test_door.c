/*
 * The collector's front door, piece by piece: strict framing (every rule
 * of framing.h), trusted proxies and X-Forwarded-For read from the
 * right, the per-address memory (the slow-down after wrong tokens, a
 * token accepted before passing it, events logged once then summed up),
 * and the gate on socketpairs with its clock driven by hand (which
 * connection gives its slot up, which keeps it, the header and body
 * deadlines, a trusted proxy's connections, requests per client).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "framing.h"
#include "gate.h"
#include "peers.h"
#include "proxies.h"

/* --- framing */

struct field {
	const char *name, *value;
};

static bool
framed(const struct field *fields, bool http10, char *why, size_t size)
{
	struct framing f;

	framing_init(&f);
	for (; fields->name != NULL; fields++) {
		framing_field(&f, fields->name, fields->value);
	}
	return framing_ok(&f, http10, why, size);
}

static void
framing_rules(void **state)
{
	static const struct {
		struct field fields[4];
		bool http10;
		const char *refused; /* NULL: taken */
	} cases[] = {
		{ { { "Content-Length", "120" } }, false, NULL },
		{ { { "transfer-encoding", "Chunked" } }, false, NULL },
		{ { { "Host", "x" } }, true, NULL },
		{ { { "Content-Length", "0" } }, true, NULL },
		{ { { "Content-Length", "5" },
		      { "Transfer-Encoding", "chunked" } },
		    false, "both Content-Length and Transfer-Encoding" },
		{ { { "Content-Length", "3" }, { "content-length", "10" } },
		    false, "Content-Length is given more than once" },
		{ { { "Content-Length", "3" }, { "Content-Length", "3" } },
		    false, "more than once" },
		{ { { "Content-Length", "-1" } }, false, "not a number" },
		{ { { "Content-Length", "+5" } }, false, "not a number" },
		{ { { "Content-Length", "5, 5" } }, false, "not a number" },
		{ { { "Content-Length", "" } }, false, "not a number" },
		{ { { "Content-Length", "12345678901234567890" } }, false,
		    "not a number" },
		{ { { "Transfer-Encoding", "identity" } }, false,
		    "other than chunked" },
		{ { { "Transfer-Encoding", "xchunked" } }, false,
		    "other than chunked" },
		{ { { "Transfer-Encoding", "gzip, chunked" } }, false,
		    "other than chunked" },
		{ { { "Transfer-Encoding", "chunked" },
		      { "Transfer-Encoding", "chunked" } },
		    false, "Transfer-Encoding is given more than once" },
		{ { { "Transfer-Encoding", "chunked" } }, true, "HTTP/1.0" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char why[200] = "";
		bool ok =
		    framed(cases[i].fields, cases[i].http10, why, sizeof why);

		if (cases[i].refused == NULL) {
			assert_true(ok);
		} else {
			assert_false(ok);
			assert_non_null(strstr(why, cases[i].refused));
			assert_non_null(strstr(why, "RFC 9112"));
		}
	}
	(void)state;
}

/* --- proxies */

static void
proxies_lists(void **state)
{
	struct proxies p;
	char bad[64];

	assert_true(proxies_parse("", &p, bad, sizeof bad));
	assert_int_equal(p.n, 0);
	assert_false(proxies_contains(&p, "127.0.0.1"));
	assert_true(proxies_parse(
	    "127.0.0.3, 10.0.0.0/8 192.168.1.128/25,::1,2001:db8::/32", &p, bad,
	    sizeof bad));
	assert_int_equal(p.n, 5);
	assert_true(proxies_contains(&p, "127.0.0.3"));
	assert_false(proxies_contains(&p, "127.0.0.4"));
	assert_true(proxies_contains(&p, "10.200.3.4"));
	assert_false(proxies_contains(&p, "11.0.0.1"));
	assert_true(proxies_contains(&p, "192.168.1.200"));
	assert_false(proxies_contains(&p, "192.168.1.127"));
	assert_true(proxies_contains(&p, "::1"));
	assert_true(proxies_contains(&p, "2001:db8:5::7"));
	assert_false(proxies_contains(&p, "2001:db9::1"));
	/* what a socket on :: says of an IPv4 client */
	assert_true(proxies_contains(&p, "::ffff:127.0.0.3"));
	assert_false(proxies_contains(&p, "not an address"));
	for (size_t i = 0; i < 4; i++) {
		static const char *const wrong[] = { "10.0.0.0/33", "localhost",
			"10.0.0.1/", "::1/129" };

		assert_false(proxies_parse(wrong[i], &p, bad, sizeof bad));
		assert_string_equal(bad, wrong[i]);
		assert_int_equal(p.n, 0);
	}
	assert_false(proxies_parse("127.0.0.1, 1.2.3", &p, bad, sizeof bad));
	assert_string_equal(bad, "1.2.3");
	(void)state;
}

static void
forwarded_from_the_right(void **state)
{
	static const struct {
		const char *peer;
		const char *fields[3];
		const char *client;
	} cases[] = {
		/* not a trusted peer: its header means nothing */
		{ "198.51.100.1", { "192.0.2.7" }, "198.51.100.1" },
		/* a trusted peer without the header */
		{ "127.0.0.3", { NULL }, "127.0.0.3" },
		{ "127.0.0.3", { "192.0.2.7" }, "192.0.2.7" },
		/* a forged entry before the proxy's own */
		{ "127.0.0.3", { "6.6.6.6, 192.0.2.8" }, "192.0.2.8" },
		/* trusted hops skipped, across fields */
		{ "127.0.0.3", { "6.6.6.6,192.0.2.9", " 10.1.1.1 " },
		    "192.0.2.9" },
		/* all trusted: the leftmost */
		{ "127.0.0.3", { "10.0.0.9, 10.0.0.8" }, "10.0.0.9" },
		/* garbage where the walk stops: the peer */
		{ "127.0.0.3", { "192.0.2.7, not-an-address" }, "127.0.0.3" },
		{ "127.0.0.3", { "2001:DB8::0001" }, "2001:db8::1" },
		{ "127.0.0.3", { "" }, "127.0.0.3" },
	};
	struct proxies p;
	char bad[64];

	assert_true(proxies_parse("127.0.0.3,10.0.0.0/8", &p, bad, sizeof bad));
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[INET6_ADDRSTRLEN];
		size_t n = 0;

		while (n < 3 && cases[i].fields[n] != NULL) {
			n++;
		}
		proxies_client(&p, cases[i].peer, cases[i].fields, n, out);
		assert_string_equal(out, cases[i].client);
	}
	(void)state;
}

/* --- peers */

/* What was written to f since it was opened. */
static char *
written(FILE *f)
{
	static char text[8192];
	size_t n;

	fflush(f);
	rewind(f);
	n = fread(text, 1, sizeof text - 1, f);
	text[n] = '\0';
	fseek(f, 0, SEEK_END);
	return text;
}

static size_t
count(const char *text, const char *what)
{
	size_t n = 0;

	for (const char *p = strstr(text, what); p != NULL;
	     p = strstr(p + 1, what)) {
		n++;
	}
	return n;
}

static void
slowed_after_wrong_tokens(void **state)
{
	struct peers_limits l = { .max_failures = 3, .block_ms = 10000 };
	FILE *log = tmpfile();
	struct peers *p = peers_create(&l, log);
	int64_t t = 1000;

	assert_non_null(p);
	peers_token_accepted(p, "the-kiosk-token");
	peers_token_refused(p, "192.0.2.1", t);
	peers_token_refused(p, "192.0.2.1", t + 100);
	assert_int_equal(peers_slowed(p, "192.0.2.1", "guess", t + 200), 0);
	assert_null(strstr(written(log), "WARNING"));
	peers_token_refused(p, "192.0.2.1", t + 300);
	assert_int_equal(
	    count(written(log), "WARNING 192.0.2.1: 3 wrong tokens"), 1);
	assert_int_equal(
	    peers_slowed(p, "192.0.2.1", "guess", t + 400), 10000 - 100);
	assert_int_equal(peers_slowed(p, "192.0.2.1", NULL, t + 500), 9800);
	/* a token accepted before passes; another address is free */
	assert_int_equal(
	    peers_slowed(p, "192.0.2.1", "the-kiosk-token", t + 600), 0);
	assert_int_equal(peers_slowed(p, "192.0.2.2", "guess", t + 600), 0);
	peers_report(p, t + 5000);
	assert_null(strstr(written(log), "over"));
	assert_int_equal(peers_slowed(p, "192.0.2.1", "x", t + 10299), 1);
	assert_int_equal(peers_slowed(p, "192.0.2.1", "x", t + 10300), 0);
	peers_report(p, t + 10300);
	assert_int_equal(count(written(log),
	                     "WARNING 192.0.2.1: slow-down over; 3 requests"),
	    1);
	/* failures spread wider than the window never add up */
	for (int i = 0; i < 10; i++) {
		peers_token_refused(
		    p, "192.0.2.3", t + 20000 + i * PEERS_WINDOW_MS / 2);
	}
	assert_int_equal(count(written(log), "WARNING 192.0.2.3"), 0);
	peers_destroy(p);
	fclose(log);
	(void)state;
}

static void
events_logged_once_then_counted(void **state)
{
	struct peers_limits l = { .max_failures = 3, .block_ms = 1000 };
	FILE *log = tmpfile();
	struct peers *p = peers_create(&l, log);

	assert_true(peers_event(p, "192.0.2.1", PEERS_SLOW_HEADERS, 1000));
	for (int i = 0; i < 40; i++) {
		assert_false(
		    peers_event(p, "192.0.2.1", PEERS_SLOW_HEADERS, 1100 + i));
	}
	assert_true(peers_event(p, "192.0.2.1", PEERS_EVICTED, 1200));
	assert_true(peers_event(p, "192.0.2.2", PEERS_SLOW_HEADERS, 1200));
	peers_report(p, 1000 + PEERS_WINDOW_MS - 1);
	assert_null(strstr(written(log), "WARNING"));
	peers_report(p, 1000 + PEERS_WINDOW_MS);
	assert_int_equal(count(written(log),
	                     "WARNING 192.0.2.1: 40 more connections closed "
	                     "for slow request headers"),
	    1);
	assert_int_equal(count(written(log), "WARNING"), 1);
	/* a new window: the first is logged again */
	assert_true(peers_event(
	    p, "192.0.2.1", PEERS_SLOW_HEADERS, 2000 + PEERS_WINDOW_MS));
	peers_destroy(p);
	fclose(log);
	(void)state;
}

/* --- gate */

struct door {
	FILE *log;
	struct peers *peers;
	struct proxies trusted;
	struct gate *g;
	int peer_fd[16]; /* the other ends of the socketpairs */
	int n;
};

static int
setup_door(void **state)
{
	struct gate_limits gl = { .header_ms = 5000,
		.body_ms = 2000,
		.body_min_rate = 100,
		.grace_ms = 1000,
		.max_connections = 4,
		.max_per_address = 2 };
	struct peers_limits pl = { .max_failures = 3, .block_ms = 1000 };
	struct door *d = calloc(1, sizeof *d);
	struct error err = { 0 };
	char bad[64];

	assert_non_null(d);
	d->log = tmpfile();
	d->peers = peers_create(&pl, d->log);
	assert_true(proxies_parse("10.0.0.1", &d->trusted, bad, sizeof bad));
	d->g = gate_create(&gl, &d->trusted, d->peers, d->log, &err);
	assert_non_null(d->g);
	*state = d;
	return 0;
}

static int
teardown_door(void **state)
{
	struct door *d = *state;

	gate_destroy(d->g);
	peers_destroy(d->peers);
	fclose(d->log);
	for (int i = 0; i < d->n; i++) {
		close(d->peer_fd[i]);
	}
	free(d);
	return 0;
}

/* A connection from address at now, on a socketpair (closed at the end:
 * the gate only shuts sockets down). */
static struct gate_conn *
connect_at(struct door *d, const char *address, int64_t now)
{
	int sv[2];

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_true(d->n < 15);
	d->peer_fd[d->n++] = sv[1];
	d->peer_fd[d->n++] = sv[0];
	return gate_add(d->g, sv[0], address, now);
}

/* Whether k's socket was shut down: its other end reads the end. */
static bool
shut(struct door *d, const struct gate_conn *k)
{
	char c;

	for (int i = 0; i + 1 < d->n; i += 2) {
		if (d->peer_fd[i + 1] == k->fd) {
			return recv(d->peer_fd[i], &c, 1, MSG_DONTWAIT) == 0;
		}
	}
	fail_msg("no such connection");
	return false;
}

static void
newcomer_takes_the_oldest_slot_without_token(void **state)
{
	struct door *d = *state;
	struct gate_conn *a1 = connect_at(d, "192.0.2.1", 0);
	struct gate_conn *a2 = connect_at(d, "192.0.2.1", 500);
	struct gate_conn *a3;

	assert_int_equal(a1->closed, GATE_OPEN);
	assert_int_equal(a2->closed, GATE_OPEN);
	/* the address is full; a1 has waited past the grace */
	a3 = connect_at(d, "192.0.2.1", 1200);
	assert_int_equal(a1->closed, GATE_EVICTED);
	assert_true(shut(d, a1));
	assert_int_equal(a2->closed, GATE_OPEN);
	assert_false(shut(d, a2));
	assert_int_equal(a3->closed, GATE_OPEN);
	assert_non_null(strstr(written(d->log),
	    "192.0.2.1 - - - 0 in=0 out=0 1200ms closed: no valid token"));
	/* a2 is within its grace: the next newcomer is refused */
	gate_remove(d->g, a1);
	assert_int_equal(
	    connect_at(d, "192.0.2.1", 1300)->closed, GATE_REFUSED);
}

static void
a_kiosk_keeps_its_slot(void **state)
{
	struct door *d = *state;
	struct gate_conn *kiosk = connect_at(d, "192.0.2.1", 0);
	struct gate_conn *other = connect_at(d, "192.0.2.1", 0);
	struct gate_conn *late;

	gate_authenticated(d->g, kiosk);
	gate_enter(d->g, other, GATE_SERVING, 100); /* being answered */
	late = connect_at(d, "192.0.2.1", 60000);
	assert_int_equal(late->closed, GATE_REFUSED);
	assert_true(shut(d, late));
	assert_int_equal(kiosk->closed, GATE_OPEN);
	assert_int_equal(other->closed, GATE_OPEN);
	assert_true(gate_conn_authenticated(d->g, kiosk));
	assert_false(gate_conn_authenticated(d->g, other));
}

static void
all_slots_taken(void **state)
{
	struct door *d = *state;
	struct gate_conn *c[4];
	struct gate_conn *in;

	c[0] = connect_at(d, "192.0.2.1", 0);
	c[1] = connect_at(d, "192.0.2.2", 100);
	c[2] = connect_at(d, "192.0.2.3", 50); /* waited longest */
	c[3] = connect_at(d, "192.0.2.4", 200);
	gate_authenticated(d->g, c[0]);
	in = connect_at(d, "192.0.2.5", 5000 - 1);
	assert_int_equal(in->closed, GATE_OPEN);
	assert_int_equal(c[2]->closed, GATE_EVICTED);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(
		    c[i]->closed, i == 2 ? GATE_EVICTED : GATE_OPEN);
	}
}

static void
header_and_body_deadlines(void **state)
{
	struct door *d = *state;
	struct gate_conn *slow = connect_at(d, "192.0.2.1", 0);
	struct gate_conn *body = connect_at(d, "192.0.2.2", 0);
	struct gate_conn *busy = connect_at(d, "192.0.2.3", 0);
	bool quiet = true;

	gate_request_begin(d->g, slow);
	gate_enter(d->g, body, GATE_BODY, 2000);
	gate_body_bytes(d->g, body, 150); /* 1.5 s more */
	gate_enter(d->g, busy, GATE_SERVING, 1000);
	assert_int_equal(gate_sweep(d->g, 4999), 0);
	assert_int_equal(gate_sweep(d->g, 5000), 1);
	assert_int_equal(slow->closed, GATE_SLOW_HEADERS);
	assert_true(shut(d, slow));
	/* its request is under way: its log line says it, not the gate */
	assert_null(strstr(written(d->log), "closed: request headers"));
	assert_int_equal(
	    gate_request_end(d->g, slow, 5001, &quiet), GATE_SLOW_HEADERS);
	assert_false(quiet);
	assert_int_equal(gate_sweep(d->g, 2000 + 2000 + 1500 - 1), 0);
	gate_body_bytes(d->g, body, 100); /* 1 s more */
	assert_int_equal(gate_sweep(d->g, 2000 + 2000 + 2500 - 1), 0);
	assert_int_equal(gate_sweep(d->g, 2000 + 2000 + 2500), 1);
	assert_int_equal(body->closed, GATE_SLOW_BODY);
	/* the server's turn has no deadline but libmicrohttpd's idleness */
	assert_int_equal(gate_sweep(d->g, 1000000), 0);
	assert_int_equal(busy->closed, GATE_OPEN);
	/* once done, its next request's headers have header_ms again */
	gate_request_end(d->g, busy, 1000000, &quiet);
	assert_int_equal(gate_sweep(d->g, 1000000 + 4999), 0);
	assert_int_equal(gate_sweep(d->g, 1000000 + 5000), 1);
	assert_int_equal(busy->closed, GATE_SLOW_HEADERS);
	assert_non_null(strstr(written(d->log),
	    "192.0.2.3 - - - 0 in=0 out=0 1005000ms closed: request "
	    "headers not in within 5 s"));
}

static void
a_trusted_proxy_is_one_address_of_many(void **state)
{
	struct door *d = *state;
	struct gate_conn *c[4];

	for (int i = 0; i < 4; i++) {
		c[i] = connect_at(d, "10.0.0.1", i);
		assert_int_equal(c[i]->closed, GATE_OPEN); /* beyond 2 */
		gate_request_begin(d->g, c[i]);
	}
	/* requests under way per client: past their headers, on any
	 * connection */
	assert_int_equal(gate_client(d->g, c[0], "192.0.2.7"), 1);
	gate_enter(d->g, c[0], GATE_BODY, 10);
	assert_int_equal(gate_client(d->g, c[1], "192.0.2.7"), 2);
	gate_enter(d->g, c[1], GATE_SERVING, 10);
	assert_int_equal(gate_client(d->g, c[2], "192.0.2.8"), 1);
	assert_int_equal(gate_client(d->g, c[3], "192.0.2.7"), 3);
	/* all slots taken: a fifth is refused, none being evictable yet */
	assert_int_equal(connect_at(d, "10.0.0.1", 20)->closed, GATE_REFUSED);
}

int
main(void)
{
#define D(f) cmocka_unit_test_setup_teardown(f, setup_door, teardown_door)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(framing_rules),
		cmocka_unit_test(proxies_lists),
		cmocka_unit_test(forwarded_from_the_right),
		cmocka_unit_test(slowed_after_wrong_tokens),
		cmocka_unit_test(events_logged_once_then_counted),
		D(newcomer_takes_the_oldest_slot_without_token),
		D(a_kiosk_keeps_its_slot),
		D(all_slots_taken),
		D(header_and_body_deadlines),
		D(a_trusted_proxy_is_one_address_of_many),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
