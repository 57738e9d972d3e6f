/*
 * Reading collect.ini.  One table lists every key with its type, default,
 * bounds and help; inih calls handler() per key, which looks the key up in
 * the table and validates the value.  inih gives the handler no line
 * number, so the reader handed to ini_parse_stream() counts lines (as the
 * kiosk's src/kiosk/config.c does).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parvis-config.h"
#include "utf8.h"

enum config_type {
	CT_ADDRESS,	/* a numeric IPv4 or IPv6 address */
	CT_PATH,	/* relative to the configuration file */
	CT_INT,		/* integer within [min, max] */
};

struct config_key {
	const char *section;
	const char *key;
	enum config_type type;
	size_t offset;
	const char *def;
	int64_t min, max;
	const char *help;
};

#define AT(field) offsetof(struct collect_config, field)

static const struct config_key keys[] = {
	{"server", "listen", CT_ADDRESS, AT(listen), "127.0.0.1", 0, 0,
	    "address to listen on (IPv4 or IPv6, numeric)"},
	{"server", "port", CT_INT, AT(port), "8443", 0, 65535,
	    "TCP port; 0 picks a free one, printed on stderr at start"},
	{"server", "tls_cert", CT_PATH, AT(tls_cert), "collect-cert.pem", 0, 0,
	    "server certificate chain (PEM)"},
	{"server", "tls_key", CT_PATH, AT(tls_key), "collect-key.pem", 0, 0,
	    "private key of the certificate (PEM, unencrypted)"},
	{"server", "database", CT_PATH, AT(database), "collect.db", 0, 0,
	    "the collector's SQLite database (created if missing)"},
	{"server", "max_body_bytes", CT_INT, AT(max_body_bytes), "8388608",
	    1024, 1073741824,
	    "largest batch body, on the wire and after gunzip (413 above)"},
	{"server", "max_connections_per_ip", CT_INT,
	    AT(max_connections_per_ip), "8", 1, 10000,
	    "connections one client address may hold at once"},
	{"server", "connection_timeout_seconds", CT_INT,
	    AT(connection_timeout_seconds), "30", 1, 3600,
	    "a connection idle this long is closed"},
	{"server", "max_connections", CT_INT, AT(max_connections), "64", 1,
	    10000, "connections held at once, all clients together"},
};

#define NKEYS (sizeof keys / sizeof keys[0])

struct parse_state {
	struct collect_config *cfg;
	FILE *in;
	FILE *diag;
	int line;
	bool at_line_start;
	int nerrors;
	struct error *err;
};

static void report(struct parse_state *ps, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
report(struct parse_state *ps, const char *fmt, ...)
{
	struct error e;
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	error_set(&e, "%s:%d: %s", ps->cfg->path, ps->line, msg);
	if (ps->nerrors++ == 0) {
		*ps->err = e;
	}
	if (ps->diag != NULL) {
		fprintf(ps->diag, "%s\n", e.msg);
	}
}

static char *
reader(char *str, int num, void *stream)
{
	struct parse_state *ps = stream;
	char *got = fgets(str, num, ps->in);

	if (got != NULL) {
		if (ps->at_line_start) {
			ps->line++;
		}
		ps->at_line_start = strchr(str, '\n') != NULL;
	}
	return got;
}

/* Resolves a relative path against the configuration file's directory. */
static char *
resolve_path(const char *cfg_path, const char *v)
{
	const char *slash = strrchr(cfg_path, '/');
	size_t dirlen;
	char *out;

	if (v[0] == '/' || slash == NULL) {
		return strdup(v);
	}
	dirlen = (size_t)(slash - cfg_path);
	out = malloc(dirlen + strlen(v) + 2);
	if (out != NULL) {
		sprintf(out, "%.*s/%s", (int)dirlen, cfg_path, v);
	}
	return out;
}

static bool
set_string(struct collect_config *cfg, size_t offset, char *value)
{
	char **field = (char **)((char *)cfg + offset);

	if (value == NULL) {
		return false;
	}
	free(*field);
	*field = value;
	return true;
}

static bool
is_address(const char *v)
{
	unsigned char buf[sizeof(struct in6_addr)];

	return inet_pton(AF_INET, v, buf) == 1 ||
	    inet_pton(AF_INET6, v, buf) == 1;
}

static bool
apply_int(struct parse_state *ps, const struct config_key *k, const char *v)
{
	char *end = NULL;
	long long n;

	errno = 0;
	n = strtoll(v, &end, 10);
	if (errno != 0 || end == v || *end != '\0' || n < k->min ||
	    n > k->max) {
		report(ps, "%s: '%s' is not a whole number in range (expected "
		    "%lld..%lld)", k->key, v, (long long)k->min,
		    (long long)k->max);
		return false;
	}
	*(int64_t *)((char *)ps->cfg + k->offset) = n;
	return true;
}

/* Checks and stores one value; reports and returns false when it is bad. */
static bool
apply(struct parse_state *ps, const struct config_key *k, const char *v)
{
	switch (k->type) {
	case CT_INT:
		return apply_int(ps, k, v);
	case CT_PATH:
		if (*v == '\0') {
			report(ps, "%s: empty (expected a file name)", k->key);
			return false;
		}
		return set_string(ps->cfg, k->offset,
		    resolve_path(ps->cfg->path, v));
	case CT_ADDRESS:
		if (!is_address(v)) {
			report(ps, "%s: '%s' is not a numeric IP address "
			    "(expected e.g. 127.0.0.1, 0.0.0.0 or ::)", k->key,
			    v);
			return false;
		}
		break;
	}
	return set_string(ps->cfg, k->offset, strdup(v));
}

static int
handler(void *user, const char *section, const char *name, const char *value)
{
	struct parse_state *ps = user;

	if (!utf8_valid(value, strlen(value), NULL) ||
	    !utf8_valid(name, strlen(name), NULL)) {
		report(ps, "invalid UTF-8 (save the file as UTF-8)");
		return 1;
	}
	for (size_t i = 0; i < NKEYS; i++) {
		if (strcmp(keys[i].section, section) == 0 &&
		    strcmp(keys[i].key, name) == 0) {
			apply(ps, &keys[i], value);
			return 1;
		}
	}
	if (strcmp(section, "server") == 0) {
		report(ps, "unknown key '%s' in [server] (see parvis-collect "
		    "--help-config)", name);
	} else {
		report(ps, "unknown section [%s] (expected server)", section);
	}
	return 1;
}

void
collect_config_init(struct collect_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	for (size_t i = 0; i < NKEYS; i++) {
		if (keys[i].type == CT_INT) {
			*(int64_t *)((char *)cfg + keys[i].offset) =
			    strtoll(keys[i].def, NULL, 10);
		} else {
			set_string(cfg, keys[i].offset, strdup(keys[i].def));
		}
	}
}

/* Defaults of path keys are relative to the file too. */
static void
resolve_defaults(struct collect_config *cfg, const char *path)
{
	for (size_t i = 0; i < NKEYS; i++) {
		if (keys[i].type == CT_PATH) {
			set_string(cfg, keys[i].offset,
			    resolve_path(path, keys[i].def));
		}
	}
}

bool
collect_config_load(struct collect_config *cfg, const char *path,
    FILE *diag, struct error *err)
{
	struct error dummy;
	struct parse_state ps = {
		.cfg = cfg, .diag = diag, .at_line_start = true,
		.err = err != NULL ? err : &dummy,
	};
	int rc;

	free(cfg->path);
	cfg->path = strdup(path);
	ps.in = fopen(path, "r");
	if (ps.in == NULL || cfg->path == NULL) {
		error_set(ps.err, "%s: %s", path, strerror(errno));
		if (diag != NULL) {
			fprintf(diag, "%s\n", ps.err->msg);
		}
		if (ps.in != NULL) {
			fclose(ps.in);
		}
		return false;
	}
	resolve_defaults(cfg, path);
	rc = ini_parse_stream(reader, &ps, handler, &ps);
	fclose(ps.in);
	if (rc > 0 && ps.nerrors == 0) {
		ps.line = rc;
		report(&ps, "syntax error (expected [section] or key = value, "
		    "on one line of at most 200 bytes)");
	}
	return ps.nerrors == 0;
}

const char *
collect_config_default_path(void)
{
	if (access("collect.ini", F_OK) == 0) {
		return "collect.ini";
	}
	return PARVIS_SYSCONFDIR "/collect.ini";
}

void
collect_config_finish(struct collect_config *cfg)
{
	for (size_t i = 0; i < NKEYS; i++) {
		if (keys[i].type != CT_INT) {
			free(*(char **)((char *)cfg + keys[i].offset));
		}
	}
	free(cfg->path);
	memset(cfg, 0, sizeof *cfg);
}

void
collect_config_print_help(FILE *out)
{
	const char *section = "";

	for (size_t i = 0; i < NKEYS; i++) {
		if (strcmp(section, keys[i].section) != 0) {
			section = keys[i].section;
			fprintf(out, "%s[%s]\n", i > 0 ? "\n" : "", section);
		}
		fprintf(out, "%-27s ; %s (default: %s)\n", keys[i].key,
		    keys[i].help, keys[i].def);
	}
}
