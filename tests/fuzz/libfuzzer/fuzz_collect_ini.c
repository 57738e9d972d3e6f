/*
 * libFuzzer target: collect.ini, the collector's configuration, read by
 * collect_config_load() (sync/collector/config.c over src/conf) from a
 * file holding the input.
 *
 * The promises: the file is accepted without a word, or refused with
 * "file:line: message" lines naming lines that exist (or "file: message"
 * for the whole file), the first of them in the error; an accepted file
 * gives values within the table's bounds (a port, limits the server can
 * live with, a numeric address, file names that are not empty).
 */
#include <arpa/inet.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "harness.h"
#include "mutate.h"

static char path[PATH_MAX];

/* What is out of bounds in an accepted configuration, or NULL. */
static const char *
out_of_bounds(const struct collect_config *c)
{
	unsigned char addr[sizeof(struct in6_addr)];

	if (c->listen == NULL ||
	    (inet_pton(AF_INET, c->listen, addr) != 1 &&
	        inet_pton(AF_INET6, c->listen, addr) != 1)) {
		return "listen";
	}
	if (c->port < 0 || c->port > 65535) {
		return "port";
	}
	if (c->tls_cert == NULL || c->tls_cert[0] == '\0' ||
	    c->tls_key == NULL || c->tls_key[0] == '\0' ||
	    c->database == NULL || c->database[0] == '\0') {
		return "a file name";
	}
	if (c->max_body_bytes < 1024 || c->max_body_bytes > 1073741824 ||
	    c->max_connections_per_ip < 1 || c->max_connections < 1 ||
	    c->connection_timeout_seconds < 1) {
		return "a limit";
	}
	return NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf b = { (char *)data, size, size };
	size_t lines = buf_lines(&b);
	char *said = NULL;
	size_t said_len = 0;
	struct collect_config cfg;
	struct error err = { 0 };
	FILE *diag;
	bool ok;

	fuzz_write_file(path, data, size);
	diag = open_memstream(&said, &said_len);
	fuzz_expect(diag != NULL, "memory", NULL);
	collect_config_init(&cfg);
	ok = collect_config_load(&cfg, path, diag, &err);
	fclose(diag);
	if (ok) {
		fuzz_expect(said_len == 0,
		    "an accepted collect.ini says nothing", said);
		fuzz_expect(out_of_bounds(&cfg) == NULL,
		    "an accepted collect.ini is within bounds",
		    out_of_bounds(&cfg));
	} else {
		fuzz_expect(names_a_line(err.msg, path, lines),
		    "a refusal names its line", err.msg);
		for (char *s = said, *nl; *s != '\0'; s = nl + 1) {
			nl = strchr(s, '\n');
			fuzz_expect(nl != NULL, "every problem is a line", s);
			*nl = '\0';
			fuzz_expect(names_a_line(s, path, lines),
			    "every problem names its line", s);
		}
	}
	collect_config_finish(&cfg);
	free(said);
	return 0;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	snprintf(path, sizeof path, "%s/collect.ini", fuzz_dir());
	return 0;
}
