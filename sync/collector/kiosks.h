/*
 * Enrolled kiosks: `kiosk add` makes a token and keeps only its SHA-256,
 * `kiosk rotate` replaces it (a lost or exposed token), `kiosk revoke`
 * ends the kiosk for good, `kiosk list` shows each kiosk's last
 * sync, record count and chain status, and the server turns a bearer
 * token back into a kiosk name.
 */
#ifndef PARVIS_COLLECT_KIOSKS_H
#define PARVIS_COLLECT_KIOSKS_H

#include <stdbool.h>
#include <stdio.h>

#include "batch.h"
#include "db.h"
#include "error.h"

/* A token: 32 random bytes as base64url without padding. */
#define KIOSKS_TOKEN_LEN 43

enum kiosks_auth {
	KIOSKS_AUTH_OK,
	KIOSKS_AUTH_DENIED, /* unknown, malformed or revoked: 401 */
	KIOSKS_AUTH_FAILED, /* the database failed: 500 */
};

/* Enrols kiosk name ([a-z0-9-]+, the kiosk's [kiosk] id) and writes its
 * new token into token; the token is stored nowhere.  Refuses a name
 * already enrolled, even revoked. */
bool kiosks_add(struct db *d, const char *name,
    char token[KIOSKS_TOKEN_LEN + 1], struct error *err);

/* Gives kiosk name a new token, written into token: the old one is
 * refused from now on; its records, chain and name stay.  Refuses an
 * unknown or revoked name. */
bool kiosks_rotate(struct db *d, const char *name,
    char token[KIOSKS_TOKEN_LEN + 1], struct error *err);

/* Revokes name: its token is refused from now on.  Refuses an unknown or
 * already revoked name. */
bool kiosks_revoke(struct db *d, const char *name, struct error *err);

/* Writes one line per kiosk: name, enrolled at, revoked, last sync,
 * record count, and what waits for an admin: "ok", or each chain event
 * since the last acknowledgement ("gap at seq N[-M] (kiosk: why)",
 * "mismatch at seq N", "mismatch in seq A-B", "conflict at seq N",
 * "impostor at seq N") and "K in quarantine", joined with "; ". */
bool kiosks_list(struct db *d, FILE *out, struct error *err);

/* Acknowledges every chain event of kiosk name noticed so far: `kiosk
 * list` stops showing them (they are kept).  *acked gets how many were
 * open (0: nothing to acknowledge, nothing written).  Records in
 * quarantine still wait for a decision. */
bool kiosks_ack(
    struct db *d, const char *name, int64_t *acked, struct error *err);

/* The kiosk whose token this is, in name; err says why it is denied. */
enum kiosks_auth kiosks_authenticate(struct db *d, const char *token,
    char name[BATCH_NAME_MAX + 1], struct error *err);

#endif
