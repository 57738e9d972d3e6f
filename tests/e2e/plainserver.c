/*
 * plainserver: a TCP listener on 127.0.0.1 that does not speak TLS, for
 * the sync tests of a kiosk whose [sync] url leads to the wrong service
 * (a plain HTTP server on the port, as a web server without TLS or a
 * network asking to log in first would answer).  Each connection is read
 * once (the kiosk's TLS ClientHello), answered with a plain
 * "HTTP/1.1 400 Bad Request" and closed.  The number of connections so
 * far is rewritten into --count-file as each one is taken, so a test can tell
 * how many times the kiosk tried.
 *
 * usage: plainserver --port-file F [--count-file F]
 *
 * The listening port is printed on stdout ("listening on PORT") and in
 * --port-file.  One connection at a time; ends on SIGTERM.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const char answer[] = "HTTP/1.1 400 Bad Request\r\n"
                             "Content-Type: text/html\r\n"
                             "Content-Length: 24\r\n"
                             "Connection: close\r\n"
                             "\r\n"
                             "<html>plain HTTP</html>\n";

static volatile sig_atomic_t stop;

static void
on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static int
listen_on(int *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0) {
		return -1;
	}
	if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 ||
	    listen(fd, 16) != 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
		close(fd);
		return -1;
	}
	*port = ntohs(a.sin_port);
	return fd;
}

static void
write_number(const char *path, unsigned long n)
{
	FILE *f = path != NULL ? fopen(path, "w") : NULL;

	if (f != NULL) {
		fprintf(f, "%lu\n", n);
		fclose(f);
	}
}

/* Reads what the client sends first (at most 2 s), answers, closes. */
static void
answer_one(int c)
{
	struct pollfd p = { .fd = c, .events = POLLIN };
	char buf[4096];

	if (poll(&p, 1, 2000) > 0 && read(c, buf, sizeof buf) < 0) {
		perror("plainserver: read");
	}
	if (write(c, answer, sizeof answer - 1) < 0) {
		perror("plainserver: write");
	}
	close(c);
}

int
main(int argc, char **argv)
{
	const char *port_file = NULL, *count_file = NULL;
	unsigned long connections = 0;
	struct pollfd p;
	int lfd, port = 0;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--port-file") == 0) {
			port_file = argv[i + 1];
		} else if (strcmp(argv[i], "--count-file") == 0) {
			count_file = argv[i + 1];
		}
	}
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, on_term);
	lfd = listen_on(&port);
	if (lfd < 0) {
		fprintf(stderr, "plainserver: cannot listen: %s\n",
		    strerror(errno));
		return 1;
	}
	write_number(count_file, 0);
	printf("listening on %d\n", port);
	fflush(stdout);
	write_number(port_file, (unsigned long)port);
	p = (struct pollfd){ .fd = lfd, .events = POLLIN };
	while (!stop) {
		int c;

		if (poll(&p, 1, 200) <= 0) {
			continue;
		}
		c = accept(lfd, NULL, NULL);
		if (c >= 0) {
			write_number(count_file, ++connections);
			answer_one(c);
		}
	}
	return 0;
}
