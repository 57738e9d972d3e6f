/*
 * What the collector checks of a request once its headers are in, before
 * routing it (api.c answers): that its framing is beyond doubt
 * (framing.h), who its client is (its address, or what a trusted proxy
 * forwarded: proxies.h), and behind a proxy that the client has no more
 * than its share of requests under way (the gate counts them).
 */
#ifndef PARVIS_COLLECT_DOOR_H
#define PARVIS_COLLECT_DOOR_H

#include <arpa/inet.h>
#include <microhttpd.h>
#include <stdint.h>

#include "gate.h"
#include "proxies.h"

enum door_verdict {
	DOOR_PASS,        /* route it */
	DOOR_BAD_FRAMING, /* answer 400 and close the connection */
	DOOR_BUSY_CLIENT, /* answer 429: its client has too many under way */
};

struct door_request {
	char client[INET6_ADDRSTRLEN]; /* who the request is from */
	char via[INET6_ADDRSTRLEN];    /* the trusted proxy, or "" */
	char why[200];                 /* with DOOR_BAD_FRAMING */
};

/* The verdict on c's request, whose TCP peer is peer and whose request
 * line said version; out gets its client (and proxy), and why the
 * framing is refused.  trusted may be NULL (no proxy trusted), gate and
 * conn too (no count); max_per_client 0 is no limit. */
enum door_verdict door_check(struct MHD_Connection *c, const char *peer,
    const char *version, const struct proxies *trusted, struct gate *gate,
    struct gate_conn *conn, int64_t max_per_client, struct door_request *out);

#endif
