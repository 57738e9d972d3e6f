/*
 * Trusted proxies and X-Forwarded-For (see proxies.h).
 *
 * Addresses are compared as bytes: IPv4 as its 4 bytes, IPv6 as its 16,
 * an IPv4-mapped IPv6 address (::ffff:a.b.c.d, what a socket listening
 * on :: reports for an IPv4 client) as the IPv4 address it maps.
 */
#include "proxies.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* address (numeric text) into family and bytes; false if it is not one. */
static bool
parse_address(const char *text, int *family, unsigned char addr[16])
{
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0xff, 0xff };
	unsigned char v6[16];

	if (inet_pton(AF_INET, text, addr) == 1) {
		*family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, text, v6) != 1) {
		return false;
	}
	if (memcmp(v6, mapped, sizeof mapped) == 0) {
		*family = AF_INET;
		memcpy(addr, v6 + 12, 4);
		return true;
	}
	*family = AF_INET6;
	memcpy(addr, v6, 16);
	return true;
}

/* One item, "ADDRESS" or "ADDRESS/BITS", of at most 63 bytes. */
static bool
parse_net(const char *item, struct proxies_net *net)
{
	char text[64];
	const char *slash = strchr(item, '/');
	size_t len = slash != NULL ? (size_t)(slash - item) : strlen(item);
	unsigned max;
	char *end = NULL;
	long bits;

	if (len == 0 || len >= sizeof text) {
		return false;
	}
	memcpy(text, item, len);
	text[len] = '\0';
	if (!parse_address(text, &net->family, net->addr)) {
		return false;
	}
	max = net->family == AF_INET ? 32 : 128;
	net->prefix = max;
	if (slash == NULL) {
		return true;
	}
	bits = strtol(slash + 1, &end, 10);
	if (slash[1] < '0' || slash[1] > '9' || *end != '\0' || bits < 0 ||
	    bits > (long)max) {
		return false;
	}
	net->prefix = (unsigned)bits;
	return true;
}

bool
proxies_parse(const char *list, struct proxies *out, char *bad, size_t bad_size)
{
	const char *p = list;

	memset(out, 0, sizeof *out);
	while (*p != '\0') {
		size_t len;
		char item[64];

		p += strspn(p, ", \t");
		len = strcspn(p, ", \t");
		if (len == 0) {
			break;
		}
		snprintf(item, sizeof item, "%.*s", (int)len, p);
		if (len >= sizeof item || out->n == PROXIES_MAX ||
		    !parse_net(item, &out->net[out->n])) {
			snprintf(bad, bad_size, "%.*s", (int)len, p);
			memset(out, 0, sizeof *out);
			return false;
		}
		out->n++;
		p += len;
	}
	return true;
}

static bool
in_net(const struct proxies_net *net, int family, const unsigned char *addr)
{
	unsigned full = net->prefix / 8, rest = net->prefix % 8;
	unsigned char mask = (unsigned char)(0xff << (8 - rest));

	if (net->family != family || memcmp(net->addr, addr, full) != 0) {
		return false;
	}
	return rest == 0 || ((net->addr[full] ^ addr[full]) & mask) == 0;
}

bool
proxies_contains(const struct proxies *p, const char *address)
{
	unsigned char addr[16];
	int family;

	if (!parse_address(address, &family, addr)) {
		return false;
	}
	for (size_t i = 0; i < p->n; i++) {
		if (in_net(&p->net[i], family, addr)) {
			return true;
		}
	}
	return false;
}

/* The hops a request went through, as its X-Forwarded-For fields list
 * them (left to right, trimmed); only the rightmost HOPS_MAX are kept,
 * in a ring: hop i of the total is at i % HOPS_MAX. */
#define HOPS_MAX 32
#define HOP_MAX 64

struct hops {
	size_t total;
	char hop[HOPS_MAX][HOP_MAX];
};

static void
split_hops(const char *const *fields, size_t n, struct hops *h)
{
	h->total = 0;
	for (size_t i = 0; i < n; i++) {
		const char *f = fields[i];

		while (*f != '\0') {
			size_t len;

			f += strspn(f, " \t,");
			len = strcspn(f, ",");
			while (len > 0 &&
			    (f[len - 1] == ' ' || f[len - 1] == '\t')) {
				len--;
			}
			if (len > 0) {
				snprintf(h->hop[h->total % HOPS_MAX], HOP_MAX,
				    "%.*s",
				    (int)(len < HOP_MAX ? len : HOP_MAX - 1),
				    f);
				h->total++;
			}
			f += strcspn(f, ",");
		}
	}
}

/* address in its canonical text into out; false if it is not one. */
static bool
canonical(const char *address, char out[INET6_ADDRSTRLEN])
{
	unsigned char addr[16];
	int family;

	return parse_address(address, &family, addr) &&
	    inet_ntop(family, addr, out, INET6_ADDRSTRLEN) != NULL;
}

void
proxies_client(const struct proxies *p, const char *peer,
    const char *const *forwarded, size_t n, char out[INET6_ADDRSTRLEN])
{
	struct hops h;
	size_t oldest;

	snprintf(out, INET6_ADDRSTRLEN, "%s", peer);
	if (!proxies_contains(p, peer)) {
		return;
	}
	split_hops(forwarded, n, &h);
	oldest = h.total > HOPS_MAX ? h.total - HOPS_MAX : 0;
	for (size_t i = h.total; i > oldest; i--) {
		char hop[INET6_ADDRSTRLEN];

		if (!canonical(h.hop[(i - 1) % HOPS_MAX], hop)) {
			snprintf(out, INET6_ADDRSTRLEN, "%s", peer);
			return; /* not an address: the peer stays */
		}
		snprintf(out, INET6_ADDRSTRLEN, "%s", hop);
		if (!proxies_contains(p, hop)) {
			return;
		}
	}
}
