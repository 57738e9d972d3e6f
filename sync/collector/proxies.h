/*
 * Trusted front proxies ([server] trusted_proxies of collect.ini) and the
 * client address of a request that came through them.
 *
 * Behind a proxy every kiosk arrives from the proxy's address, so the
 * limits per address (connections, wrong tokens) would count all kiosks
 * as one.  A proxy names the address it received the request from at the
 * end of X-Forwarded-For; any entry before that was written by whoever
 * sent the request, and is believed only when the hop that appended it
 * is trusted too.  So the client is found from the right: skip the
 * entries that are trusted proxies, the first one that is not is the
 * client.  X-Forwarded-For is read only from a peer in the list; from
 * anyone else it means nothing.
 */
#ifndef PARVIS_COLLECT_PROXIES_H
#define PARVIS_COLLECT_PROXIES_H

#include <arpa/inet.h>
#include <stdbool.h>
#include <stddef.h>

#define PROXIES_MAX 32

/* A list of networks: addresses, or address/prefix-length. */
struct proxies {
	size_t n;
	struct proxies_net {
		int family; /* AF_INET or AF_INET6 */
		unsigned char addr[16];
		unsigned prefix; /* bits */
	} net[PROXIES_MAX];
};

/* Parses a list of IPv4 or IPv6 addresses, each optionally with a
 * /prefix, separated by commas and/or spaces ("" is the empty list).
 * Returns false, with the first item that is not one copied into bad
 * (bad_size bytes), when an item is malformed or there are more than
 * PROXIES_MAX; out is then empty. */
bool proxies_parse(
    const char *list, struct proxies *out, char *bad, size_t bad_size);

/* True when address (numeric text; an IPv4-mapped IPv6 address counts as
 * its IPv4 address) is in one of the networks of p. */
bool proxies_contains(const struct proxies *p, const char *address);

/* The client of a request whose TCP peer is peer, given the values of
 * its X-Forwarded-For header fields in the order they came (n of them,
 * each a comma-separated list).  Writes peer itself when peer is not
 * trusted, when there is no X-Forwarded-For, or when the entry where the
 * walk stops is not a numeric address; otherwise the rightmost entry
 * that is not a trusted proxy (or the leftmost, when all are), in its
 * canonical text. */
void proxies_client(const struct proxies *p, const char *peer,
    const char *const *forwarded, size_t n, char out[INET6_ADDRSTRLEN]);

#endif
