/*
 * Random identifiers and digests (see ids.h).
 */
#include "ids.h"

#include <sodium.h>
#include <stdio.h>

bool
ids_init(void)
{
	return sodium_init() >= 0;
}

void
ids_uuid(char out[IDS_UUID_LEN + 1])
{
	unsigned char b[16];

	randombytes_buf(b, sizeof b);
	b[6] = (unsigned char)((b[6] & 0x0F) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3F) | 0x80);
	snprintf(out, IDS_UUID_LEN + 1,
	    "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x",
	    b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10],
	    b[11], b[12], b[13], b[14], b[15]);
}

void
ids_receipt(char out[IDS_RECEIPT_LEN + 1])
{
	static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	int o = 0;

	for (int i = 0; i < 8; i++) {
		if (i == 4) {
			out[o++] = '-';
		}
		out[o++] = alphabet[randombytes_uniform(32)];
	}
	out[o] = '\0';
}

void
ids_sha256_hex(const void *data, size_t len, char out[IDS_SHA256_HEX + 1])
{
	unsigned char digest[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(digest, data, len);
	sodium_bin2hex(out, IDS_SHA256_HEX + 1, digest, sizeof digest);
}
