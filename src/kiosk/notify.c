/*
 * The notify protocol by hand (see notify.h): it is a single sendto(), and
 * linking libsystemd for it would tie the kiosk to systemd's library on
 * boards that boot without it.
 */
#include "notify.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

bool
notify_send(const char *state)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	size_t len;
	bool ok;
	int fd;

	if (path == NULL || (path[0] != '/' && path[0] != '@') ||
	    strlen(path) >= sizeof addr.sun_path) {
		return false;
	}
	len = strlen(path);
	memcpy(addr.sun_path, path, len);
	if (path[0] == '@') {
		addr.sun_path[0] = '\0'; /* the abstract namespace */
	}
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		return false;
	}
	ok =
	    sendto(fd, state, strlen(state), MSG_NOSIGNAL,
	        (struct sockaddr *)&addr,
	        (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len)) >= 0;
	close(fd);
	return ok;
}

int64_t
notify_watchdog_interval_ms(void)
{
	const char *usec = getenv("WATCHDOG_USEC");
	const char *pid = getenv("WATCHDOG_PID");
	long long n;

	if (usec == NULL || getenv("NOTIFY_SOCKET") == NULL) {
		return 0;
	}
	if (pid != NULL && atoll(pid) != (long long)getpid()) {
		return 0; /* meant for another process */
	}
	n = atoll(usec);
	return n > 0 ? n / 2000 : 0;
}

/* Real time, not the kiosk's clock: the watchdog measures the process. */
static int64_t
monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
notify_watchdog_tick(void)
{
	static int64_t interval = -1;
	static int64_t last;
	int64_t now;

	if (interval < 0) {
		interval = notify_watchdog_interval_ms();
	}
	if (interval == 0) {
		return;
	}
	now = monotonic_ms();
	if (now - last >= interval) {
		notify_send("WATCHDOG=1");
		last = now;
	}
}
