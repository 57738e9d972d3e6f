/*
 * Identifiers and digests, all from libsodium: random UUIDs for records,
 * short receipt codes a passer-by can read and type, SHA-256 in hex.
 */
#ifndef PARVIS_CORE_IDS_H
#define PARVIS_CORE_IDS_H

#include <stdbool.h>
#include <stddef.h>

#define IDS_UUID_LEN 36   /* "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx" */
#define IDS_RECEIPT_LEN 9 /* "K7QF-3MZP": Crockford base32, 40 bits */
#define IDS_SHA256_HEX 64

/* Initialises libsodium; false if it cannot (no entropy source). */
bool ids_init(void);

/* Writes a random version-4 UUID and its NUL into out. */
void ids_uuid(char out[IDS_UUID_LEN + 1]);

/* Writes a random receipt code and its NUL into out.  The alphabet has no
 * I, L, O or U, so nothing reads as another letter or a word. */
void ids_receipt(char out[IDS_RECEIPT_LEN + 1]);

/* SHA-256 of data[0..len) as 64 lowercase hex digits and a NUL. */
void ids_sha256_hex(const void *data, size_t len, char out[IDS_SHA256_HEX + 1]);

#endif
