/*
 * The session lock (see idle_lock.h): flock(2) on DATABASE.session-lock.
 * The kiosk holds LOCK_EX during a session; `parvis sync --when-idle`
 * takes LOCK_EX | LOCK_NB only to test it, and lets go at once.
 */
#include "idle_lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

/* How the kiosk retries while a sync tests the lock (microseconds): 5 x
 * 1 ms, so that a failing begin, called again at each event, costs little. */
#define BEGIN_TRIES 5
#define BEGIN_PAUSE_MS 1

/* How often --when-idle looks again while a session runs. */
#define WAIT_PAUSE_MS 250

struct idle_lock {
	int fd;
	bool held;
	char *path;
};

static void
pause_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000,
		.tv_nsec = (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/* DATABASE.session-lock, in a new string; NULL when out of memory. */
static char *
lock_path(const char *database_path)
{
	size_t n = strlen(database_path) + sizeof IDLE_LOCK_SUFFIX;
	char *path = malloc(n);

	if (path != NULL) {
		snprintf(path, n, "%s%s", database_path, IDLE_LOCK_SUFFIX);
	}
	return path;
}

struct idle_lock *
idle_lock_create(const char *database_path, struct error *err)
{
	struct idle_lock *l = calloc(1, sizeof *l);
	char *path = lock_path(database_path);

	if (l == NULL || path == NULL) {
		error_set(err, "out of memory");
		goto fail;
	}
	l->fd = open(path, O_RDONLY | O_CREAT | O_CLOEXEC | O_NOCTTY, 0644);
	if (l->fd < 0) {
		error_set(err,
		    "%s: %s (the timer's sync will not know when a "
		    "participant is answering)",
		    path, strerror(errno));
		goto fail;
	}
	l->path = path;
	return l;
fail:
	free(path);
	free(l);
	return NULL;
}

void
idle_lock_destroy(struct idle_lock *l)
{
	if (l == NULL) {
		return;
	}
	/* Removed before the lock is released: whoever opened it meanwhile
	 * still sees it held until then, and finds it free after.  A kiosk
	 * started again creates it anew. */
	unlink(l->path);
	close(l->fd);
	free(l->path);
	free(l);
}

bool
idle_lock_session_begin(struct idle_lock *l)
{
	if (l == NULL) {
		return false;
	}
	for (int i = 0; !l->held && i < BEGIN_TRIES; i++) {
		if (flock(l->fd, LOCK_EX | LOCK_NB) == 0) {
			l->held = true;
		} else if (errno == EWOULDBLOCK || errno == EINTR) {
			pause_ms(BEGIN_PAUSE_MS);
		} else {
			break;
		}
	}
	return l->held;
}

void
idle_lock_session_end(struct idle_lock *l)
{
	if (l == NULL || !l->held) {
		return;
	}
	flock(l->fd, LOCK_UN);
	l->held = false;
}

/* 1 when the lock is free, 0 when a session holds it, -1 on error. */
static int
probe(int fd)
{
	if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
		flock(fd, LOCK_UN);
		return 1;
	}
	return errno == EWOULDBLOCK || errno == EINTR ? 0 : -1;
}

/* Opens the lock file and tests it: 1 free (or no file), 0 held, -1 on
 * error (err says why).  Opened anew each time, so that a kiosk started
 * again (a new file) is seen. */
static int
probe_path(const char *path, struct error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	int free_now;

	if (fd < 0 && errno == ENOENT) {
		return 1; /* no kiosk is running on this database */
	}
	if (fd < 0) {
		error_set(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	free_now = probe(fd);
	if (free_now < 0) {
		error_set(err, "%s: %s", path, strerror(errno));
	}
	close(fd);
	return free_now;
}

enum idle_state
idle_lock_wait_idle(
    const char *database_path, int wait_seconds, struct error *err)
{
	char *path = lock_path(database_path);
	long waited = 0;
	int free_now;

	if (path == NULL) {
		error_set(err, "out of memory");
		return IDLE_LOCK_ERROR;
	}
	for (;;) {
		free_now = probe_path(path, err);
		if (free_now != 0 || waited >= (long)wait_seconds * 1000) {
			break;
		}
		pause_ms(WAIT_PAUSE_MS);
		waited += WAIT_PAUSE_MS;
	}
	free(path);
	return free_now > 0 ? IDLE_LOCK_IDLE
	    : free_now == 0 ? IDLE_LOCK_BUSY
	                    : IDLE_LOCK_ERROR;
}
