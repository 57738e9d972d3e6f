/*
 * Reading collect.ini: its table of keys and the checks of its own kinds
 * of value, read by src/conf as the kiosk's kiosk.ini is (the line rules,
 * the typed keys, the file:line reports, --help-config).
 */
#include "config.h"

#include <arpa/inet.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parvis-config.h"
#include "conf.h"
#include "proxies.h"

/* A numeric IPv4 or IPv6 address (conf_check_fn). */
static bool
check_address(struct conf_parse *p, const struct conf_key *k, const char *v)
{
	unsigned char buf[sizeof(struct in6_addr)];

	if (inet_pton(AF_INET, v, buf) == 1 ||
	    inet_pton(AF_INET6, v, buf) == 1) {
		return true;
	}
	conf_report(p,
	    "%s: '%s' is not a numeric IP address (expected e.g. "
	    "127.0.0.1, 0.0.0.0 or ::)",
	    k->key, v);
	return false;
}

/* Addresses or networks of trusted proxies (conf_check_fn). */
static bool
check_proxies(struct conf_parse *p, const struct conf_key *k, const char *v)
{
	struct proxies list;
	char bad[64];

	if (proxies_parse(v, &list, bad, sizeof bad)) {
		return true;
	}
	conf_report(p,
	    "%s: '%s' is not a numeric address or address/prefix, or is one "
	    "more than %d (expected e.g. 127.0.0.1, 10.0.0.0/24 or ::1, "
	    "separated by commas)",
	    k->key, bad, PROXIES_MAX);
	return false;
}

/* A file name must be given (conf_check_fn). */
static bool
check_file_name(struct conf_parse *p, const struct conf_key *k, const char *v)
{
	if (*v != '\0') {
		return true;
	}
	conf_report(p, "%s: empty (expected a file name)", k->key);
	return false;
}

#define AT(field) offsetof(struct collect_config, field)

static const struct conf_key keys[] = {
	{ "server", "listen", CONF_STRING, AT(listen), "127.0.0.1", 0, 0,
	    check_address, "address to listen on (IPv4 or IPv6, numeric)" },
	{ "server", "port", CONF_INT, AT(port), "8443", 0, 65535, NULL,
	    "TCP port; 0 picks a free one, printed on stderr at start" },
	{ "server", "tls_cert", CONF_PATH, AT(tls_cert), "collect-cert.pem", 0,
	    0, check_file_name, "server certificate chain (PEM)" },
	{ "server", "tls_key", CONF_PATH, AT(tls_key), "collect-key.pem", 0, 0,
	    check_file_name,
	    "private key of the certificate (PEM, unencrypted)" },
	{ "server", "database", CONF_PATH, AT(database), "collect.db", 0, 0,
	    check_file_name,
	    "the collector's SQLite database (created if "
	    "missing)" },
	{ "server", "max_body_bytes", CONF_INT, AT(max_body_bytes), "8388608",
	    1024, 1073741824, NULL,
	    "largest batch body, on the wire and after gunzip (413 above)" },
	{ "server", "max_connections_per_ip", CONF_INT,
	    AT(max_connections_per_ip), "8", 1, 10000, NULL,
	    "connections one client address may hold at once (behind a "
	    "trusted proxy: requests under way)" },
	{ "server", "connection_timeout_seconds", CONF_INT,
	    AT(connection_timeout_seconds), "30", 1, 3600, NULL,
	    "a connection idle this long is closed" },
	{ "server", "max_connections", CONF_INT, AT(max_connections), "64", 1,
	    10000, NULL,
	    "connections held at once, all clients together (one without "
	    "a valid token goes first when they run short)" },
	{ "server", "header_timeout_seconds", CONF_INT,
	    AT(header_timeout_seconds), "20", 1, 3600, NULL,
	    "TLS handshake, request line and headers of a request must all "
	    "be in within this time, however slowly they trickle" },
	{ "server", "body_timeout_seconds", CONF_INT, AT(body_timeout_seconds),
	    "30", 1, 3600, NULL,
	    "a body's time, plus one second per body_min_bytes_per_second "
	    "bytes received" },
	{ "server", "body_min_bytes_per_second", CONF_INT,
	    AT(body_min_bytes_per_second), "500", 1, 1073741824, NULL,
	    "slowest average a body may keep (see body_timeout_seconds)" },
	{ "server", "trusted_proxies", CONF_STRING, AT(trusted_proxies), "", 0,
	    0, check_proxies,
	    "front proxies whose X-Forwarded-For names the client: "
	    "addresses or address/prefix, separated by commas" },
	{ "server", "max_token_failures", CONF_INT, AT(max_token_failures),
	    "10", 1, 100000, NULL,
	    "wrong tokens one client address may send within a minute; "
	    "then it is answered 429" },
	{ "server", "token_block_seconds", CONF_INT, AT(token_block_seconds),
	    "60", 1, 86400, NULL,
	    "how long an address past max_token_failures is answered 429" },
	{ "retention", "days", CONF_INT, AT(retention_days), "730", 1, 36500,
	    NULL,
	    "days a record is kept (from its created_at) when its "
	    "consultation has no retention_days; `purge` erases it after" },
};

static const struct conf_table collect_ini = {
	.program = "parvis-collect",
	.sections = "server or retention",
	.keys = keys,
	.nkeys = sizeof keys / sizeof keys[0],
	.help_width = 27,
};

void
collect_config_init(struct collect_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	conf_init(&collect_ini, cfg);
}

bool
collect_config_load(
    struct collect_config *cfg, const char *path, FILE *diag, struct error *err)
{
	free(cfg->path);
	cfg->path = strdup(path);
	return conf_load(&collect_ini, cfg, path, diag, err);
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
	conf_finish(&collect_ini, cfg);
	free(cfg->path);
	memset(cfg, 0, sizeof *cfg);
}

void
collect_config_print_help(FILE *out)
{
	conf_print_help(&collect_ini, out);
}
