/*
 * `parvis-collect serve`: the HTTPS server around the API (api.c), from
 * start to a clean stop on SIGTERM or SIGINT.
 */
#ifndef PARVIS_COLLECT_SERVER_H
#define PARVIS_COLLECT_SERVER_H

#include <stdbool.h>
#include <stdio.h>

#include "config.h"
#include "db.h"
#include "error.h"

/* Serves until SIGTERM or SIGINT, then stops accepting connections, lets
 * the requests under way finish (for up to connection_timeout_seconds)
 * and returns true.  Writes "listening on https://ADDRESS:PORT/" to log
 * once it listens (PORT is the real one when the configuration says 0),
 * and one line per request.  Fails, with a message, when the certificate
 * or key cannot be read or the address cannot be bound.  The caller
 * closes the database afterwards. */
bool server_run(const struct collect_config *cfg, struct db *db, FILE *log,
    struct error *err);

#endif
