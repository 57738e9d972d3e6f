/*
 * cutproxy: a TCP relay for the sync tests that breaks connections the
 * way a 3G link does.  It forwards 127.0.0.1:LISTEN to 127.0.0.1:TARGET
 * and, for the first K connections, closes both sides after N bytes in a
 * given direction, N drawn per connection from a seeded generator (so a
 * failing run can be replayed).  It can also hold the server's answers
 * (to kill the kiosk after the server committed but before the kiosk
 * read the acknowledgement), and counts the bytes it relays (bytes on
 * the wire, TLS included, for the benchmark).
 *
 * usage: cutproxy [--listen PORT] [--port-file F] [--seed S]
 *                 [--cut up|down|both] [--cuts K] [--max-bytes M]
 *                 [--hold-after BYTES] [--held-file F]
 *                 [--count-file F] TARGET_PORT
 *
 *   --cut DIR        which direction is cut: up (kiosk to server), down
 *                    (server to kiosk), both (drawn per connection)
 *   --cuts K         cut the first K connections, then relay faithfully
 *   --max-bytes M    N is uniform in 1..M (default 20000)
 *   --hold-after B   once a connection has relayed B bytes up, relay
 *                    nothing more down; create --held-file when answer
 *                    bytes arrive and are held
 *   --count-file F   on SIGTERM, write "UP DOWN CONNECTIONS" to F
 *
 * The listening port is printed on stdout ("listening on PORT") and in
 * --port-file.  Single-threaded, poll(2), up to 256 connections at once.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_PAIRS 256

enum dir { UP, DOWN };

struct pair {
	int fd[2];         /* [UP] the kiosk side, [DOWN] the server */
	uint64_t moved[2]; /* bytes relayed each way */
	int cut_dir;       /* -1: never */
	uint64_t cut_at;
	bool holding;
	uint64_t number; /* 1 for the first connection */
};

struct opts {
	int listen_port;
	int target_port;
	const char *port_file;
	uint64_t seed;
	const char *cut;
	int cuts;
	uint64_t max_bytes;
	uint64_t hold_after;
	const char *held_file;
	const char *count_file;
};

static volatile sig_atomic_t stop;
static uint64_t total[2];
static uint64_t connections;

static void
on_term(int sig)
{
	stop = 1;
}

/* xorshift64*: small, seedable, the same everywhere. */
static uint64_t
next_random(uint64_t *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return *state * 2685821657736338717ULL;
}

static int
usage(void)
{
	fprintf(stderr,
	    "usage: cutproxy [--listen PORT] [--port-file F] "
	    "[--seed S] [--cut up|down|both] [--cuts K] [--max-bytes M] "
	    "[--hold-after B] [--held-file F] [--count-file F] "
	    "TARGET_PORT\n");
	return 2;
}

static bool
parse(int argc, char **argv, struct opts *o)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (a[0] != '-') {
			o->target_port = atoi(a);
			continue;
		}
		if (v == NULL) {
			return false;
		}
		i++;
		if (strcmp(a, "--listen") == 0) {
			o->listen_port = atoi(v);
		} else if (strcmp(a, "--port-file") == 0) {
			o->port_file = v;
		} else if (strcmp(a, "--seed") == 0) {
			o->seed = strtoull(v, NULL, 10);
		} else if (strcmp(a, "--cut") == 0) {
			o->cut = v;
		} else if (strcmp(a, "--cuts") == 0) {
			o->cuts = atoi(v);
		} else if (strcmp(a, "--max-bytes") == 0) {
			o->max_bytes = strtoull(v, NULL, 10);
		} else if (strcmp(a, "--hold-after") == 0) {
			o->hold_after = strtoull(v, NULL, 10);
		} else if (strcmp(a, "--held-file") == 0) {
			o->held_file = v;
		} else if (strcmp(a, "--count-file") == 0) {
			o->count_file = v;
		} else {
			return false;
		}
	}
	return o->target_port > 0 && o->max_bytes > 0;
}

static int
listen_on(int port, int *bound)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
		.sin_port = htons((uint16_t)port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof a;
	int one = 1;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0) {
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 ||
	    listen(fd, 128) != 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
		close(fd);
		return -1;
	}
	*bound = ntohs(a.sin_port);
	return fd;
}

static int
connect_to(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
		.sin_port = htons((uint16_t)port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void
touch(const char *path)
{
	FILE *f = path != NULL ? fopen(path, "w") : NULL;

	if (f != NULL) {
		fclose(f);
	}
}

static void
close_pair(struct pair *p)
{
	close(p->fd[UP]);
	close(p->fd[DOWN]);
	p->fd[UP] = p->fd[DOWN] = -1;
}

/* Decides how a new connection will be cut, if at all. */
static void
plan_cut(const struct opts *o, uint64_t *rng, struct pair *p)
{
	p->cut_dir = -1;
	if (o->cut == NULL || connections > (uint64_t)o->cuts) {
		return;
	}
	if (strcmp(o->cut, "up") == 0) {
		p->cut_dir = UP;
	} else if (strcmp(o->cut, "down") == 0) {
		p->cut_dir = DOWN;
	} else {
		p->cut_dir = (int)(next_random(rng) % 2);
	}
	p->cut_at = 1 + next_random(rng) % o->max_bytes;
	p->number = connections;
}

static void
accept_one(int lfd, const struct opts *o, uint64_t *rng, struct pair *pairs)
{
	int c = accept(lfd, NULL, NULL);
	int s;

	if (c < 0) {
		return;
	}
	s = connect_to(o->target_port);
	for (int i = 0; s >= 0 && i < MAX_PAIRS; i++) {
		if (pairs[i].fd[UP] < 0) {
			memset(&pairs[i], 0, sizeof pairs[i]);
			pairs[i].fd[UP] = c;
			pairs[i].fd[DOWN] = s;
			connections++;
			plan_cut(o, rng, &pairs[i]);
			return;
		}
	}
	close(c);
	if (s >= 0) {
		close(s);
	}
}

/* Relays what is readable on side d of p; false when p is finished. */
static bool
relay(const struct opts *o, struct pair *p, enum dir d)
{
	char buf[65536];
	int from = p->fd[d == UP ? UP : DOWN];
	int to = p->fd[d == UP ? DOWN : UP];
	ssize_t n = read(from, buf, sizeof buf);
	size_t send;

	if (n <= 0) {
		return false;
	}
	if (d == DOWN && o->hold_after > 0 && p->moved[UP] >= o->hold_after) {
		p->holding = true;
		touch(o->held_file);
		return true; /* the answer is swallowed */
	}
	send = (size_t)n;
	if (p->cut_dir == (int)d && p->moved[d] + send >= p->cut_at) {
		send = (size_t)(p->cut_at - p->moved[d]);
	}
	if (send > 0 && write(to, buf, send) != (ssize_t)send) {
		return false;
	}
	p->moved[d] += send;
	total[d] += send;
	if (p->cut_dir == (int)d && p->moved[d] >= p->cut_at) {
		fprintf(stderr,
		    "cutproxy: connection %llu: cut %s after %llu "
		    "bytes\n",
		    (unsigned long long)p->number, d == UP ? "up" : "down",
		    (unsigned long long)p->cut_at);
		return false;
	}
	return true;
}

static void
write_counts(const char *path)
{
	FILE *f = path != NULL ? fopen(path, "w") : NULL;

	if (f != NULL) {
		fprintf(f, "%llu %llu %llu\n", (unsigned long long)total[UP],
		    (unsigned long long)total[DOWN],
		    (unsigned long long)connections);
		fclose(f);
	}
}

static void
announce(const struct opts *o, int port)
{
	FILE *f;

	printf("listening on %d\n", port);
	fflush(stdout);
	if (o->port_file != NULL) {
		f = fopen(o->port_file, "w");
		if (f != NULL) {
			fprintf(f, "%d\n", port);
			fclose(f);
		}
	}
}

/* One round of poll over the listener and every pair. */
static void
serve_once(int lfd, const struct opts *o, uint64_t *rng, struct pair *pairs)
{
	struct pollfd fds[1 + 2 * MAX_PAIRS];
	int n = 1;

	fds[0] = (struct pollfd){ .fd = lfd, .events = POLLIN };
	for (int i = 0; i < MAX_PAIRS; i++) {
		fds[n++] =
		    (struct pollfd){ .fd = pairs[i].fd[UP], .events = POLLIN };
		fds[n++] = (struct pollfd){ .fd = pairs[i].fd[DOWN],
			.events = POLLIN };
	}
	if (poll(fds, (nfds_t)n, 200) <= 0) {
		return;
	}
	if (fds[0].revents & POLLIN) {
		accept_one(lfd, o, rng, pairs);
	}
	for (int i = 0; i < MAX_PAIRS; i++) {
		for (int d = UP; d <= DOWN; d++) {
			short r = fds[1 + 2 * i + d].revents;
			if (pairs[i].fd[d] >= 0 &&
			    (r & (POLLIN | POLLHUP | POLLERR)) &&
			    !relay(o, &pairs[i], (enum dir)d)) {
				close_pair(&pairs[i]);
			}
		}
	}
}

int
main(int argc, char **argv)
{
	struct opts o = { .max_bytes = 20000, .seed = 1 };
	static struct pair pairs[MAX_PAIRS];
	uint64_t rng;
	int lfd, port;

	if (!parse(argc, argv, &o)) {
		return usage();
	}
	rng = o.seed * 0x9E3779B97F4A7C15ULL + 1;
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	for (int i = 0; i < MAX_PAIRS; i++) {
		pairs[i].fd[UP] = pairs[i].fd[DOWN] = -1;
	}
	lfd = listen_on(o.listen_port, &port);
	if (lfd < 0) {
		fprintf(
		    stderr, "cutproxy: cannot listen: %s\n", strerror(errno));
		return 1;
	}
	announce(&o, port);
	while (!stop) {
		serve_once(lfd, &o, &rng, pairs);
	}
	write_counts(o.count_file);
	return 0;
}
