/*
 * The HTTPS server (see server.h).
 *
 * Threading: libmicrohttpd's thread per connection (with its internal
 * thread accepting).  A kiosk on a 3G link may take minutes to upload a
 * batch; in its own thread it holds up no one else, and TLS and gunzip of
 * several uploads run side by side.  The database is still written by
 * one request at a time (api.c holds a lock around it), which costs
 * nothing since SQLite has a single writer anyway.  The number of threads
 * is bounded by max_connections.
 *
 * TLS 1.2 and 1.3 only (GnuTLS priorities); the certificate and key are
 * read from their PEM files and handed to libmicrohttpd in memory.
 *
 * The front door (gate.c) follows every connection and keeps the limits
 * of connections in all and per address itself, since it frees a slot
 * when one is wanted; libmicrohttpd's own limit is set above ours by
 * HEADROOM, for the connections the gate has closed and libmicrohttpd
 * not cleaned up yet.  With libmicrohttpd 1.0 or later, its client
 * discipline level 1 refuses a bare LF in the request's header (0.9.75
 * takes it and cannot be told not to).
 *
 * Stopping: SIGTERM and SIGINT are blocked in every thread and taken by
 * sigwait() here, so no handler runs in the middle of a request.  Then
 * the listening socket is closed (MHD_quiesce_daemon), the requests under
 * way are left to finish, and only then is the daemon stopped.  A batch
 * is answered 200 only after its COMMIT, so whatever a kiosk was told is
 * stored; a batch cut by the stop was not acknowledged and is sent again.
 */
#include "server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api.h"
#include "file.h"
#include "gate.h"
#include "peers.h"
#include "proxies.h"

#define TLS_PRIORITIES "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"
#define PEM_MAX_BYTES (1024 * 1024)

/* How long a connection may go without a valid token before it is the
 * first to give its slot up when slots run short: a kiosk's TLS handshake
 * and headers take a fraction of that even on a slow link. */
#define GRACE_MS 2000

/* libmicrohttpd's own messages, to the log, but those it writes when a
 * client goes in the middle of a request: the request's own line says
 * so already (with the front door's reason when it closed it), and a
 * slowloris would otherwise add a line per connection closed. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	static const char *const said[] = {
		"Socket has been disconnected when reading request",
		"Connection socket is closed when reading request",
	};

	for (size_t i = 0; i < sizeof said / sizeof said[0]; i++) {
		if (strncmp(fmt, said[i], strlen(said[i])) == 0) {
			return;
		}
	}
	vfprintf(cls, fmt, ap);
}

/* Connections libmicrohttpd may hold beyond max_connections. */
static unsigned
headroom(const struct collect_config *cfg)
{
	return cfg->max_connections / 2 > 16
	    ? (unsigned)cfg->max_connections / 2
	    : 16;
}

union address {
	struct sockaddr sa;
	struct sockaddr_in v4;
	struct sockaddr_in6 v6;
};

struct tls_files {
	char *cert;
	char *key;
	size_t key_len;
};

static bool
read_tls(
    const struct collect_config *cfg, struct tls_files *tls, struct error *err)
{
	size_t len = 0;

	if (!file_read_all(
	        cfg->tls_cert, PEM_MAX_BYTES, &tls->cert, &len, err) ||
	    !file_read_all(
	        cfg->tls_key, PEM_MAX_BYTES, &tls->key, &tls->key_len, err)) {
		error_prefix(err, "cannot start TLS (tls_cert, tls_key in %s)",
		    cfg->path);
		return false;
	}
	return true;
}

static void
free_tls(struct tls_files *tls)
{
	free(tls->cert);
	if (tls->key != NULL) {
		sodium_memzero(tls->key, tls->key_len);
	}
	free(tls->key);
}

/* cfg's listen address and port; *v6 says which family. */
static void
make_address(const struct collect_config *cfg, union address *a, bool *v6)
{
	memset(a, 0, sizeof *a);
	*v6 = strchr(cfg->listen, ':') != NULL;
	if (*v6) {
		a->v6.sin6_family = AF_INET6;
		a->v6.sin6_port = htons((uint16_t)cfg->port);
		inet_pton(AF_INET6, cfg->listen, &a->v6.sin6_addr);
	} else {
		a->v4.sin_family = AF_INET;
		a->v4.sin_port = htons((uint16_t)cfg->port);
		inet_pton(AF_INET, cfg->listen, &a->v4.sin_addr);
	}
}

static struct MHD_Daemon *
start(const struct collect_config *cfg, struct api *api,
    const struct tls_files *tls, union address *a, struct gate *gate)
{
	bool v6 = false;
	unsigned flags = MHD_USE_TLS | MHD_USE_THREAD_PER_CONNECTION |
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;

	make_address(cfg, a, &v6);
	if (v6) {
		flags |= MHD_USE_IPv6;
	}
	return MHD_start_daemon(flags, (uint16_t)cfg->port, NULL, NULL,
	    api_handle, api, MHD_OPTION_SOCK_ADDR, &a->sa,
	    MHD_OPTION_HTTPS_MEM_CERT, tls->cert, MHD_OPTION_HTTPS_MEM_KEY,
	    tls->key, MHD_OPTION_HTTPS_PRIORITIES, TLS_PRIORITIES,
	    MHD_OPTION_CONNECTION_LIMIT,
	    (unsigned)cfg->max_connections + headroom(cfg),
	    MHD_OPTION_CONNECTION_TIMEOUT,
	    (unsigned)cfg->connection_timeout_seconds,
	    MHD_OPTION_NOTIFY_CONNECTION, gate_notify, gate,
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, api->log,
	    MHD_OPTION_URI_LOG_CALLBACK, api_request_begin, api,
	    MHD_OPTION_NOTIFY_COMPLETED, api_request_end, api,
#if MHD_VERSION >= 0x01000000
	    MHD_OPTION_CLIENT_DISCIPLINE_LVL, (int)1,
#endif
	    MHD_OPTION_END);
}

static void
say_listening(struct MHD_Daemon *d, const struct collect_config *cfg, FILE *log)
{
	const union MHD_DaemonInfo *info =
	    MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	bool v6 = strchr(cfg->listen, ':') != NULL;

	fprintf(log,
	    "parvis-collect: listening on https://%s%s%s:%u/ "
	    "(database %s, libmicrohttpd %s)\n",
	    v6 ? "[" : "", cfg->listen, v6 ? "]" : "",
	    info != NULL ? (unsigned)info->port : (unsigned)cfg->port,
	    cfg->database, MHD_get_version());
}

/* Blocks SIGTERM and SIGINT in this thread and every thread started
 * after, so that only sigwait() takes them. */
static void
block_stop_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGINT);
	pthread_sigmask(SIG_BLOCK, set, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* Closes the listening socket, then waits for the requests under way. */
static void
drain(struct MHD_Daemon *d, struct api *api, int64_t timeout_s)
{
	MHD_socket fd = MHD_quiesce_daemon(d);
	struct timespec tick = { .tv_sec = 0, .tv_nsec = 20 * 1000 * 1000 };
	int64_t waited_ms = 0;

	if (fd != MHD_INVALID_SOCKET) {
		close(fd);
	}
	while (
	    atomic_load(&api->in_flight) > 0 && waited_ms < timeout_s * 1000) {
		nanosleep(&tick, NULL);
		waited_ms += 20;
	}
}

/* The limits of the gate and the peers, from cfg. */
static void
door_limits(const struct collect_config *cfg, struct gate_limits *g,
    struct peers_limits *p)
{
	*g = (struct gate_limits){
		.header_ms = cfg->header_timeout_seconds * 1000,
		.body_ms = cfg->body_timeout_seconds * 1000,
		.body_min_rate = cfg->body_min_bytes_per_second,
		.max_connections = cfg->max_connections,
		.max_per_address = cfg->max_connections_per_ip,
	};
	/* "within a few seconds": 2 s, or half the header time if shorter */
	g->grace_ms = g->header_ms / 2 < GRACE_MS ? g->header_ms / 2 : GRACE_MS;
	*p = (struct peers_limits){
		.max_failures = cfg->max_token_failures,
		.block_ms = cfg->token_block_seconds * 1000,
	};
}

/* The front door of api: its gate (started) and its peers. */
static bool
open_door(const struct collect_config *cfg, struct api *api,
    struct proxies *trusted, FILE *log, struct error *err)
{
	struct gate_limits gl;
	struct peers_limits pl;
	char bad[64];

	door_limits(cfg, &gl, &pl);
	if (!proxies_parse(cfg->trusted_proxies, trusted, bad, sizeof bad)) {
		return error_set(err, "trusted_proxies: '%s' is not an address",
		    bad); /* collect.ini was checked: cannot happen */
	}
	api->trusted = trusted;
	api->max_per_client = cfg->max_connections_per_ip;
	api->peers = peers_create(&pl, log);
	if (api->peers == NULL) {
		return error_set(err, "out of memory starting the front door");
	}
	api->gate = gate_create(&gl, trusted, api->peers, log, err);
	return api->gate != NULL && gate_start(api->gate, err);
}

static void
close_door(struct api *api)
{
	gate_destroy(api->gate);
	peers_destroy(api->peers);
	api->gate = NULL;
	api->peers = NULL;
}

bool
server_run(const struct collect_config *cfg, struct db *db, FILE *log,
    struct error *err)
{
	struct tls_files tls = { 0 };
	struct MHD_Daemon *d = NULL;
	struct proxies trusted;
	union address addr;
	struct api api;
	sigset_t stop;
	int sig = 0;
	bool ok = false;

	block_stop_signals(&stop);
	if (!api_init(&api, db, (size_t)cfg->max_body_bytes, log)) {
		return error_set(err, "cannot start the server (no lock)");
	}
	if (!open_door(cfg, &api, &trusted, log, err) ||
	    !read_tls(cfg, &tls, err)) {
		goto out;
	}
	d = start(cfg, &api, &tls, &addr, api.gate);
	if (d == NULL) {
		error_set(err,
		    "cannot serve on %s port %lld (address in use, "
		    "or a certificate and key that do not match? see the "
		    "message above)",
		    cfg->listen, (long long)cfg->port);
		goto out;
	}
	say_listening(d, cfg, log);
	sigwait(&stop, &sig);
	fprintf(log, "parvis-collect: %s received, stopping\n",
	    sig == SIGINT ? "SIGINT" : "SIGTERM");
	drain(d, &api, cfg->connection_timeout_seconds);
	MHD_stop_daemon(d);
	fprintf(log, "parvis-collect: stopped\n");
	ok = true;
out:
	close_door(&api);
	free_tls(&tls);
	api_finish(&api);
	return ok;
}
