/*
 * collect.ini, the collector's configuration: where it listens, its TLS
 * certificate and key, its database, the limits it puts on clients, and
 * how long it keeps records by default.
 * Every key is in one table (config.c) that also prints --help-config.
 */
#ifndef PARVIS_COLLECT_CONFIG_H
#define PARVIS_COLLECT_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "error.h"

struct collect_config {
	char *path;     /* the file read */
	char *listen;   /* an IPv4 or IPv6 address */
	int64_t port;   /* 0: any free port (printed at start) */
	char *tls_cert; /* PEM files, relative to the file */
	char *tls_key;
	char *database;
	int64_t max_body_bytes; /* on the wire and after gunzip */
	int64_t max_connections_per_ip;
	int64_t connection_timeout_seconds;
	int64_t max_connections;
	int64_t header_timeout_seconds; /* handshake + headers, in all */
	int64_t body_timeout_seconds;   /* a body's time, plus: */
	int64_t body_min_bytes_per_second;
	char *trusted_proxies;      /* whose X-Forwarded-For is believed */
	int64_t max_token_failures; /* per address in a minute */
	int64_t token_block_seconds;
	int64_t retention_days; /* [retention] days: for records whose
	                           consultation says no retention_days */
};

/* Fills cfg with the defaults (paths not yet resolved). */
void collect_config_init(struct collect_config *cfg);

/* Reads path over the defaults.  Every problem is written to diag (may be
 * NULL) as "file:line: message"; err gets the first.  Returns false if
 * there was any. */
bool collect_config_load(struct collect_config *cfg, const char *path,
    FILE *diag, struct error *err);

/* ./collect.ini if it exists, else the system-wide file. */
const char *collect_config_default_path(void);

/* Frees what cfg holds. */
void collect_config_finish(struct collect_config *cfg);

/* Prints every key with its help and default (--help-config). */
void collect_config_print_help(FILE *out);

#endif
