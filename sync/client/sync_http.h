/*
 * The kiosk's HTTPS transport to the collector, and the small interface
 * the sync engine drives it through (so the engine's tests can put a
 * scripted server in its place).
 *
 * The real transport is libcurl's multi interface: a request is started,
 * then polled for at most a few milliseconds at a time, so a screen that
 * runs the sync never freezes while a 3G link thinks.  HTTPS only; the
 * certificate and host name are always verified (system CAs, or ca_file;
 * optionally a pinned public key); redirects are never followed; a stalled
 * link is dropped by a low-speed limit instead of a fixed total timeout,
 * so a slow but working link still gets a big batch through.
 */
#ifndef PARVIS_SYNC_HTTP_H
#define PARVIS_SYNC_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* How a request ended, below HTTP. */
enum sync_net {
	SYNC_NET_OK,       /* an HTTP answer arrived (any status) */
	SYNC_NET_DOWN,     /* no link, cut, stalled: try again */
	SYNC_NET_IDENTITY, /* the server's certificate was refused */
	SYNC_NET_PROTOCOL, /* the server does not speak TLS 1.2 or 1.3 */
	SYNC_NET_LOCAL,    /* on the kiosk itself (memory, ca_file) */
};

/* How the server failed to speak the kiosk's protocol: never a passing
 * fault of the link, so the kiosk stops at once. */
enum sync_protocol {
	SYNC_PROTO_OLD_TLS, /* only TLS older than 1.2 (1.0, 1.1, SSL) */
	SYNC_PROTO_NOT_TLS, /* an answer that is not TLS (plain HTTP...) */
};

/* Why the server's identity was refused, in words an animator can use. */
enum sync_identity {
	SYNC_ID_UNTRUSTED, /* not signed by a trusted authority */
	SYNC_ID_NAME,      /* issued for another name */
	SYNC_ID_EXPIRED,   /* expired (or the kiosk's clock is wrong) */
	SYNC_ID_NOT_YET,   /* not valid yet (or the kiosk's clock) */
	SYNC_ID_PINNED,    /* not the key pinned in kiosk.ini */
};

struct sync_request {
	const char *method; /* "GET" or "POST" */
	const char *path;   /* "/api/v1/batches", appended to the URL */
	const void *body;   /* POST: gzip NDJSON, kept until finished */
	size_t len;
};

struct sync_response {
	enum sync_net net;
	long status;      /* with SYNC_NET_OK */
	const char *body; /* ends with a NUL; valid until next start */
	size_t len;
	enum sync_identity identity; /* with SYNC_NET_IDENTITY */
	enum sync_protocol protocol; /* with SYNC_NET_PROTOCOL */
	int64_t retry_after_ms;      /* a Retry-After header, or 0 */
	char detail[256];            /* the library's own words, for the log */
	uint64_t bytes_up;           /* HTTP bytes sent and received */
	uint64_t bytes_down;
};

struct sync_transport {
	/* Starts req; false, with a message, when it cannot even start. */
	bool (*start)(struct sync_transport *t, const struct sync_request *req,
	    struct error *err);
	/* Works on the request for at most timeout_ms; true when it ended,
	 * with *resp filled. */
	bool (*poll)(struct sync_transport *t, int timeout_ms,
	    struct sync_response *resp);
	/* Drops any request under way and frees t; accepts NULL. */
	void (*destroy)(struct sync_transport *t);
};

struct sync_http_options {
	const char *url; /* https://host[:port][/prefix] */
	const char *token_file;
	const char *ca_file;    /* NULL or "": the system's authorities */
	const char *pinned_key; /* NULL or "": none; "sha256//BASE64" */
	long connect_timeout_s;
	long low_speed_s; /* drop a link under 10 bytes/s this long */
};

/* Creates the libcurl transport.  Refuses, with a message for a person,
 * a URL that is not https://, a token file that is missing, empty, or
 * readable by other users, and a ca_file that cannot be read.  The token
 * is read once, here.  Returns NULL on failure; free with its destroy. */
struct sync_transport *sync_http_create(
    const struct sync_http_options *o, struct error *err);

/* Reads the kiosk's token from path into out (size bytes): the first line,
 * without spaces.  Refuses a file that group or others can read (the
 * token is the kiosk's password), a missing or empty one, and characters
 * that cannot be in a bearer token. */
bool sync_http_read_token(
    const char *path, char *out, size_t size, struct error *err);

/* Reads the words libcurl (OpenSSL) gave for a failed TLS handshake
 * (its error buffer): true, with *why, when they say the server speaks
 * no TLS at all or only a version older than 1.2; false for anything
 * else (a connection cut during the handshake, a reset: the link, to
 * be tried again). */
bool sync_http_protocol_mismatch(const char *words, enum sync_protocol *why);

/* Destroys t (any transport); accepts NULL. */
void sync_transport_destroy(struct sync_transport *t);

#endif
