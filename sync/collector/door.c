/*
 * The checks before routing (see door.h).  The header fields are read in
 * one pass of MHD_get_connection_values(): the framing facts, and the
 * X-Forwarded-For fields in the order they came (proxies.c reads them
 * from the right).
 */
#include "door.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "framing.h"

#define FORWARDED_MAX 8 /* X-Forwarded-For fields read */

struct fields {
	struct framing framing;
	const char *forwarded[FORWARDED_MAX];
	size_t nforwarded;
};

static enum MHD_Result
read_field(
    void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct fields *f = cls;

	(void)kind;
	framing_field(&f->framing, key, value != NULL ? value : "");
	if (value != NULL && strcasecmp(key, "X-Forwarded-For") == 0 &&
	    f->nforwarded < FORWARDED_MAX) {
		f->forwarded[f->nforwarded++] = value;
	}
	return MHD_YES;
}

enum door_verdict
door_check(struct MHD_Connection *c, const char *peer, const char *version,
    const struct proxies *trusted, struct gate *gate, struct gate_conn *conn,
    int64_t max_per_client, struct door_request *out)
{
	struct fields f = { .nforwarded = 0 };

	memset(out, 0, sizeof *out);
	snprintf(out->client, sizeof out->client, "%s", peer);
	framing_init(&f.framing);
	MHD_get_connection_values(c, MHD_HEADER_KIND, read_field, &f);
	if (!framing_ok(&f.framing,
	        version != NULL && strcmp(version, MHD_HTTP_VERSION_1_0) == 0,
	        out->why, sizeof out->why)) {
		return DOOR_BAD_FRAMING;
	}
	if (trusted == NULL || !proxies_contains(trusted, peer)) {
		gate_client(gate, conn, peer);
		return DOOR_PASS;
	}
	proxies_client(trusted, peer, f.forwarded, f.nforwarded, out->client);
	snprintf(out->via, sizeof out->via, "%s", peer);
	if (max_per_client > 0 &&
	    gate_client(gate, conn, out->client) > max_per_client) {
		return DOOR_BUSY_CLIENT;
	}
	return DOOR_PASS;
}
