/*
 * killer: runs a program and SIGKILLs it relative to what it does, not
 * after a fixed delay, so that the crash test kills at the same moments of
 * the kiosk's life on a fast machine, a loaded one or under ASan.
 *
 *   killer [-t TRACE] [-s MICROS] [-m PREFIX] [-n N] \
 *       [-u MICROS | -g FRACTION] -- PROGRAM ARGS...
 *
 * The program's PARVIS_TRACE is a pipe read here: each line it writes is
 * appended to TRACE (if given) and printed on stdout as "MICROS LINE",
 * MICROS counted from the start.  Once the N-th line starting with PREFIX
 * (or one of PREFIX's alternatives, "saved|abandoned") has arrived (N = 0: never), killer waits MICROS microseconds, or
 * FRACTION times the time between that line and the one before it of the
 * same kind (the start, for the first), then sends SIGKILL.  With -s, the
 * kill comes MICROS microseconds after the start, whatever the program
 * wrote by then (start-up before its first line).  It then reads
 * whatever was still in the pipe and exits with the program's status as a
 * shell gives it: 137 when our SIGKILL ended it, its own exit code when it
 * ended first.  Exit 125 is killer's own failure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct options {
	const char *trace;
	long start_kill; /* -s: µs after the start, or -1 */
	const char *prefix;
	long n;
	long micros;
	double fraction; /* < 0: use micros */
};

static long long
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void
sleep_us(long long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };

	while (us > 0 && nanosleep(&ts, &ts) == -1 && errno == EINTR) {
	}
}

/* Whether a line starts with one of the '|'-separated prefixes. */
static bool
matches(const char *prefixes, const char *line)
{
	for (const char *p = prefixes;; p++) {
		size_t len = strcspn(p, "|");
		if (strncmp(line, p, len) == 0) {
			return true;
		}
		p += len;
		if (*p == '\0') {
			return false;
		}
	}
}

/* Waits until fd can be read or the deadline (µs, monotonic) passed:
 * false at the deadline. */
static bool
wait_readable(int fd, long long deadline)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	long long left = deadline - now_us();

	if (left <= 0) {
		return false;
	}
	int n = poll(&p, 1, (int)((left + 999) / 1000));
	return n != 0;
}

static pid_t
spawn(char **argv, int pipe_fds[2])
{
	pid_t pid = fork();

	if (pid == 0) {
		close(pipe_fds[0]);
		/* dup2 onto itself would keep O_CLOEXEC: cleared by hand. */
		bool moved = pipe_fds[1] == 3 ? fcntl(3, F_SETFD, 0) == 0
		                              : dup2(pipe_fds[1], 3) == 3;
		if (!moved || setenv("PARVIS_TRACE", "/dev/fd/3", 1) == -1) {
			_exit(125);
		}
		execvp(argv[0], argv);
		perror(argv[0]);
		_exit(125);
	}
	close(pipe_fds[1]);
	return pid;
}

/* What follow() knows of the program's trace so far. */
struct follower {
	const struct options *o;
	FILE *trace;
	long long start, last_match; /* µs, monotonic */
	long matched;
};

/* Takes one whole trace line read at t (µs, monotonic).  Returns the µs
 * to wait before the kill when this line is the one to kill after, else
 * -1. */
static long long
take_line(struct follower *f, const char *line, long long t)
{
	const struct options *o = f->o;
	long long wait = -1;

	printf("%lld %s\n", t - f->start, line);
	if (f->trace != NULL) {
		fprintf(f->trace, "%s\n", line);
	}
	if (!matches(o->prefix, line)) {
		return -1;
	}
	if (o->n > 0 && ++f->matched == o->n) {
		wait = o->fraction < 0
		    ? o->micros
		    : (long long)(o->fraction * (t - f->last_match));
	}
	f->last_match = t;
	return wait;
}

/* Reads the trace until the program closes it (it ended), killing it when
 * the options say.  Returns the program's wait status. */
static int
follow(const struct options *o, pid_t pid, int fd, FILE *trace)
{
	struct follower f = { .o = o, .trace = trace, .start = now_us() };
	bool start_kill = o->start_kill >= 0;
	char buf[65536];
	size_t len = 0;
	int status = 0;

	f.last_match = f.start;
	for (;;) {
		if (start_kill && !wait_readable(fd, f.start + o->start_kill)) {
			kill(pid, SIGKILL);
			start_kill = false;
		}
		ssize_t got = read(fd, buf + len, sizeof buf - 1 - len);
		if (got == 0 || (got < 0 && errno != EINTR)) {
			break;
		}
		len += got > 0 ? (size_t)got : 0;
		long long t = now_us(), wait = -1;
		char *line = buf;
		char *eol = memchr(line, '\n', len);
		while (eol != NULL) {
			*eol = '\0';
			long long w = take_line(&f, line, t);
			wait = w >= 0 ? w : wait;
			line = eol + 1;
			eol = memchr(line, '\n', len - (size_t)(line - buf));
		}
		len -= (size_t)(line - buf);
		memmove(buf, line, len);
		len = len == sizeof buf - 1 ? 0 : len; /* an endless line */
		if (wait >= 0) {
			sleep_us(wait);
			kill(pid, SIGKILL);
		}
	}
	fflush(stdout);
	if (trace != NULL && len > 0) {
		fprintf(trace, "%.*s\n", (int)len, buf); /* a torn line */
	}
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR) {
	}
	return status;
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: killer [-t TRACE] [-s MICROS] [-m PREFIX] [-n N] "
	    "[-u MICROS | -g FRACTION] -- PROGRAM ARGS...\n");
	exit(125);
}

int
main(int argc, char **argv)
{
	struct options o = { .prefix = "", .fraction = -1, .start_kill = -1 };
	int pipe_fds[2], c, status;
	FILE *trace = NULL;

	while ((c = getopt(argc, argv, "t:s:m:n:u:g:")) != -1) {
		switch (c) {
		case 't':
			o.trace = optarg;
			break;
		case 's':
			o.start_kill = strtol(optarg, NULL, 10);
			break;
		case 'm':
			o.prefix = optarg;
			break;
		case 'n':
			o.n = strtol(optarg, NULL, 10);
			break;
		case 'u':
			o.micros = strtol(optarg, NULL, 10);
			break;
		case 'g':
			o.fraction = strtod(optarg, NULL);
			break;
		default:
			usage();
		}
	}
	if (optind >= argc) {
		usage();
	}
	if (o.trace != NULL && (trace = fopen(o.trace, "a")) == NULL) {
		perror(o.trace);
		return 125;
	}
	if (pipe2(pipe_fds, O_CLOEXEC) == -1) {
		perror("pipe");
		return 125;
	}
	status = follow(&o, spawn(argv + optind, pipe_fds), pipe_fds[0], trace);
	if (trace != NULL) {
		fclose(trace);
	}
	if (WIFSIGNALED(status)) {
		return 128 + WTERMSIG(status);
	}
	return WEXITSTATUS(status);
}
