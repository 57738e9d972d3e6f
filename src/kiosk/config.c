/*
 * Reading kiosk.ini.  One table lists every key with its type, default,
 * bounds and help; inih calls handler() per key, which looks the key up in
 * the table and validates the value.  inih gives the handler no line
 * number, so the reader we hand to ini_parse_stream() counts lines.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <ini.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parvis-config.h"
#include "config_lines.h"
#include "file.h"
#include "gettext.h"
#include "utf8.h"

enum config_type {
	CT_STRING,	/* any text */
	CT_ID,		/* [a-z0-9-]+ */
	CT_PATH,	/* relative to the configuration file */
	CT_INT,		/* integer within [min, max] */
	CT_LANG,	/* fr | en */
	CT_LANGS,	/* comma-separated list of fr, en */
	CT_PIN,		/* an Argon2id hash */
	CT_URL,		/* https://..., or empty */
	CT_OPTPATH,	/* like CT_PATH, but empty means none */
	CT_PINNED,	/* sha256//BASE64 (;-separated), or empty */
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

#define STR(field) offsetof(struct config, field)

static const struct config_key keys[] = {
	{"kiosk", "id", CT_ID, STR(id), "kiosk", 0, 0,
	    "identifier of this kiosk, unique in the programme ([a-z0-9-])"},
	{"kiosk", "name", CT_STRING, STR(name), "Kiosque parvis", 0, 0,
	    "name shown to the animator"},
	{"kiosk", "language", CT_LANG, STR(language), "fr", 0, 0,
	    "language of the attract screen: fr or en"},
	{"kiosk", "languages", CT_LANGS, STR(languages), "fr, en", 0, 0,
	    "languages a participant can pick"},
	{"kiosk", "forms", CT_PATH, STR(forms), "forms", 0, 0,
	    "directory of consultation files (*.ini)"},
	{"kiosk", "database", CT_PATH, STR(database), "data/parvis.db", 0, 0,
	    "the kiosk's SQLite database (created if missing)"},
	{"kiosk", "communes", CT_PATH, STR(communes), "data/communes.csv", 0,
	    0, "communes of the territory (CSV)"},
	{"screen", "idle_seconds", CT_INT, STR(idle_seconds), "90", 10, 3600,
	    "seconds without input before \"Vous êtes toujours là ?\""},
	{"screen", "still_there_seconds", CT_INT, STR(still_there_seconds),
	    "20", 5, 600, "countdown before the session is reset"},
	{"screen", "thanks_seconds", CT_INT, STR(thanks_seconds), "15", 3,
	    600, "seconds the thank-you screen stays"},
	{"screen", "min_seconds_between_sessions", CT_INT,
	    STR(min_seconds_between_sessions), "3", 0, 600,
	    "pause after a submission before a new one can start"},
	{"admin", "pin", CT_PIN, STR(admin_pin), "", 0, 0,
	    "admin PIN hash, written by `parvis set-pin`"},
	{"admin", "volunteer_pin", CT_PIN, STR(volunteer_pin), "", 0, 0,
	    "volunteers' PIN hash, written by `parvis set-pin volunteer`"},
	{"volunteer", "question", CT_STRING, STR(volunteer_question), "", 0,
	    0, "the question of the day on the porteurs de parole's board"},
	{"sync", "url", CT_URL, STR(sync_url), "", 0, 0,
	    "the collection server, https:// only (parvis sync)"},
	{"sync", "token_file", CT_OPTPATH, STR(sync_token_file), "", 0, 0,
	    "file holding this kiosk's token, readable by its owner only"},
	{"sync", "ca_file", CT_OPTPATH, STR(sync_ca_file), "", 0, 0,
	    "certificate authority of the server (default: the system's)"},
	{"sync", "pinned_key", CT_PINNED, STR(sync_pinned_key), "", 0, 0,
	    "the server's public key, sha256//BASE64 (optional)"},
	{"sync", "batch_size", CT_INT, STR(sync_batch_size), "500", 1, 5000,
	    "records per request"},
	{"sync", "connect_timeout_seconds", CT_INT,
	    STR(sync_connect_timeout_seconds), "20", 1, 300,
	    "seconds to wait for a connection"},
	{"sync", "low_speed_seconds", CT_INT, STR(sync_low_speed_seconds),
	    "30", 5, 600, "a stalled link is dropped after this many seconds"},
};

#define NKEYS (sizeof keys / sizeof keys[0])

struct parse_state {
	struct config *cfg;
	struct config_lines lines;
	FILE *diag;
	int line;			/* of the key being handled */
	int seen_line[NKEYS];		/* where each key was given, or 0 */
	int nerrors;
	int last_error_line;
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
	ps->last_error_line = ps->line;
	if (ps->nerrors++ == 0) {
		*ps->err = e;
	}
	if (ps->diag != NULL) {
		fprintf(ps->diag, "%s\n", e.msg);
	}
}

static bool
known_section(const char *name)
{
	if (strcmp(name, "sites") == 0) {
		return true;
	}
	for (size_t i = 0; i < NKEYS; i++) {
		if (strcmp(keys[i].section, name) == 0) {
			return true;
		}
	}
	return false;
}

/* inih's reader: the line rules of config_lines.c, reported here. */
static char *
reader(char *str, int num, void *stream)
{
	struct parse_state *ps = stream;
	char *got = config_lines_read(str, num, &ps->lines);

	ps->line = ps->lines.line;
	if (got != NULL && ps->lines.problem[0] != '\0') {
		report(ps, "%s", ps->lines.problem);
	}
	return got;
}

static bool
is_id(const char *v)
{
	if (*v == '\0' || strlen(v) > 64) {
		return false;
	}
	return strspn(v, "abcdefghijklmnopqrstuvwxyz0123456789-") == strlen(v);
}

static bool
langs_valid(const char *v)
{
	char buf[128];
	char *save = NULL;
	int n = 0;

	snprintf(buf, sizeof buf, "%s", v);
	for (char *t = strtok_r(buf, ", ", &save); t != NULL;
	    t = strtok_r(NULL, ", ", &save)) {
		if (strcmp(t, "fr") != 0 && strcmp(t, "en") != 0) {
			return false;
		}
		n++;
	}
	return n > 0;
}

/* True for "https://HOST..." with nothing a URL cannot hold. */
static bool
url_valid(const char *v)
{
	if (strncmp(v, "https://", 8) != 0 || v[8] == '\0' || v[8] == '/') {
		return false;
	}
	for (const char *p = v; *p != '\0'; p++) {
		if ((unsigned char)*p <= ' ' || *p == '#' || *p == '?' ||
		    (unsigned char)*p >= 0x7f) {
			return false;
		}
	}
	return true;
}

/* True for sha256//BASE64 hashes (44 characters), ;-separated. */
static bool
pinned_valid(const char *v)
{
	const char *b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789+/=";

	for (;;) {
		if (strncmp(v, "sha256//", 8) != 0 ||
		    strspn(v + 8, b64) != 44) {
			return false;
		}
		v += 52;
		if (*v != ';') {
			return *v == '\0';
		}
		v++;
	}
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
set_string(struct config *cfg, size_t offset, char *value)
{
	char **field = (char **)((char *)cfg + offset);

	if (value == NULL) {
		return false;
	}
	free(*field);
	*field = value;
	return true;
}

/* Checks and stores one value; reports and returns false when it is bad. */
static bool
apply(struct parse_state *ps, const struct config_key *k, const char *v)
{
	char *end = NULL;
	long long n;

	switch (k->type) {
	case CT_ID:
		if (!is_id(v)) {
			/* TRANSLATORS: in the messages about a value of
			 * kiosk.ini, the first %s is its key (id, language,
			 * url...), written as it is in the file. */
			report(ps, _("%s: '%s' is not an identifier (expected "
			    "lowercase letters, digits and '-')"), k->key, v);
			return false;
		}
		break;
	case CT_INT:
		errno = 0;
		n = strtoll(v, &end, 10);
		if (errno != 0 || end == v || *end != '\0' || n < k->min ||
		    n > k->max) {
			char range[64];
			snprintf(range, sizeof range, "%lld..%lld",
			    (long long)k->min, (long long)k->max);
			/* TRANSLATORS: the key, the value, then the range,
			 * e.g. 10..3600. */
			report(ps, _("%s: '%s' is not a whole number in range "
			    "(expected %s)"), k->key, v, range);
			return false;
		}
		*(int64_t *)((char *)ps->cfg + k->offset) = n;
		return true;
	case CT_LANG:
		if (strcmp(v, "fr") != 0 && strcmp(v, "en") != 0) {
			report(ps, _("%s: unknown language '%s' (expected fr "
			    "or en)"), k->key, v);
			return false;
		}
		break;
	case CT_LANGS:
		if (!langs_valid(v)) {
			report(ps, _("%s: '%s' (expected a list of fr, en)"),
			    k->key, v);
			return false;
		}
		break;
	case CT_PIN:
		if (*v != '\0' && strncmp(v, "$argon2id$", 10) != 0) {
			report(ps, _("%s: this is not a PIN hash (expected the "
			    "line written by `parvis set-pin`)"), k->key);
			return false;
		}
		break;
	case CT_URL:
		if (*v != '\0' && !url_valid(v)) {
			report(ps, _("%s: '%s' is not an https:// address (the "
			    "answers must travel encrypted: http:// is "
			    "refused)"), k->key, v);
			return false;
		}
		break;
	case CT_PINNED:
		if (*v != '\0' && !pinned_valid(v)) {
			report(ps, _("%s: '%s' is not a pinned key (expected "
			    "sha256// and 44 characters of base64, as printed "
			    "by openssl)"), k->key, v);
			return false;
		}
		break;
	case CT_OPTPATH:
		if (*v == '\0') {
			break;
		}
		/* fall through */
	case CT_PATH:
		return set_string(ps->cfg, k->offset,
		    resolve_path(ps->cfg->path, v));
	case CT_STRING:
		break;
	}
	return set_string(ps->cfg, k->offset, strdup(v));
}

static bool
add_site(struct parse_state *ps, const char *id, const char *label)
{
	struct config *cfg = ps->cfg;
	struct site *bigger;

	if (!is_id(id)) {
		report(ps, _("site '%s' is not an identifier (expected "
		    "lowercase letters, digits and '-', then = and the place's "
		    "name)"), id);
		return false;
	}
	for (size_t i = 0; i < cfg->nsites; i++) {
		if (strcmp(cfg->sites[i].id, id) == 0) {
			report(ps, _("site '%s' is listed twice"), id);
			return false;
		}
	}
	bigger = realloc(cfg->sites, (cfg->nsites + 1) * sizeof *bigger);
	if (bigger == NULL) {
		return false;
	}
	cfg->sites = bigger;
	cfg->sites[cfg->nsites].id = strdup(id);
	cfg->sites[cfg->nsites].label = strdup(label);
	cfg->nsites++;
	return true;
}

/* Reports key k when it was given before (its value is still checked). */
static void
check_once(struct parse_state *ps, size_t k)
{
	if (ps->seen_line[k] != 0) {
		/* TRANSLATORS: a key, then its section. */
		report(ps, _("'%s' is given twice in [%s] (first on line "
		    "%d)"), keys[k].key, keys[k].section, ps->seen_line[k]);
	} else {
		ps->seen_line[k] = ps->line;
	}
}

static int
handler(void *user, const char *section, const char *name, const char *raw)
{
	struct parse_state *ps = user;
	char value[INI_MAX_LINE];

	snprintf(value, sizeof value, "%s", raw);
	config_lines_restore(value);
	if (!utf8_valid(value, strlen(value), NULL) ||
	    !utf8_valid(name, strlen(name), NULL)) {
		report(ps, _("invalid UTF-8 (save the file as UTF-8)"));
		return 1;
	}
	if (!known_section(section)) {
		return 1;	/* the section header was reported */
	}
	if (strcmp(section, "sites") == 0) {
		add_site(ps, name, value);
		return 1;
	}
	for (size_t i = 0; i < NKEYS; i++) {
		if (strcmp(keys[i].section, section) == 0 &&
		    strcmp(keys[i].key, name) == 0) {
			check_once(ps, i);
			apply(ps, &keys[i], value);
			return 1;
		}
	}
	report(ps, _("unknown key '%s' in [%s] (see parvis --help-config)"),
	    name, section);
	return 1;
}

void
config_init(struct config *cfg)
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

bool
config_load(struct config *cfg, const char *path, FILE *diag,
	struct error *err)
{
	struct error dummy;
	struct parse_state ps = {
		.cfg = cfg, .diag = diag,
		.lines = {.known_section = known_section},
		.err = err != NULL ? err : &dummy,
	};
	struct stat st;
	int rc;

	free(cfg->path);
	cfg->path = strdup(path);
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		errno = EISDIR;
	} else {
		ps.lines.in = fopen(path, "r");
	}
	if (ps.lines.in == NULL) {
		/* TRANSLATORS: the file, then why it cannot be read (from
		 * the system, e.g. "No such file or directory"). */
		error_set(ps.err, _("%s: %s (expected a kiosk.ini file)"),
		    path, strerror(errno));
		if (diag != NULL) {
			fprintf(diag, "%s\n", ps.err->msg);
		}
		return false;
	}
	/* Defaults of path keys are relative to the file too. */
	for (size_t i = 0; i < NKEYS; i++) {
		if (keys[i].type == CT_PATH) {
			set_string(cfg, keys[i].offset,
			    resolve_path(path, keys[i].def));
		}
	}
	rc = ini_parse_stream(reader, &ps, handler, &ps);
	fclose(ps.lines.in);
	config_lines_finish(&ps.lines);
	if (rc > 0 && rc != ps.last_error_line) {
		ps.line = rc;
		report(&ps, _("syntax error (expected [section] or key = "
		    "value)"));
	}
	return ps.nerrors == 0;
}

const char *
config_default_path(void)
{
	if (access("kiosk.ini", F_OK) == 0) {
		return "kiosk.ini";
	}
	return PARVIS_SYSCONFDIR "/kiosk.ini";
}

void
config_finish(struct config *cfg)
{
	for (size_t i = 0; i < NKEYS; i++) {
		if (keys[i].type != CT_INT) {
			free(*(char **)((char *)cfg + keys[i].offset));
		}
	}
	for (size_t i = 0; i < cfg->nsites; i++) {
		free(cfg->sites[i].id);
		free(cfg->sites[i].label);
	}
	free(cfg->sites);
	free(cfg->path);
	memset(cfg, 0, sizeof *cfg);
}

void
config_print_help(FILE *out)
{
	const char *section = "";

	for (size_t i = 0; i < NKEYS; i++) {
		if (strcmp(section, keys[i].section) != 0) {
			section = keys[i].section;
			fprintf(out, "%s[%s]\n", i > 0 ? "\n" : "", section);
		}
		fprintf(out, "%-30s ; %s (default: %s)\n", keys[i].key,
		    keys[i].help, *keys[i].def ? keys[i].def : "none");
	}
	fprintf(out, "\n[sites]\n%-30s ; %s\n", "ID = Name of the place",
	    "the places this kiosk goes to, one per line");
}

/* Splices `pin = hash` into text: replaces the pin line of [admin], or adds
 * one under its header, or appends the section. */
static bool
splice_pin(const char *text, const char *key, const char *hash, FILE *out)
{
	size_t klen = strlen(key);
	const char *p = text;
	bool in_admin = false;
	bool done = false;

	while (*p != '\0') {
		const char *eol = strchr(p, '\n');
		size_t len = eol != NULL ? (size_t)(eol - p) + 1 : strlen(p);
		const char *s = p + strspn(p, " \t");

		if (*s == '[') {
			if (in_admin && !done) {
				fprintf(out, "%s = %s\n", key, hash);
				done = true;
			}
			in_admin = strncmp(s, "[admin]", 7) == 0;
		} else if (in_admin && !done && strncmp(s, key, klen) == 0 &&
		    strchr(" \t=", s[klen]) != NULL) {
			fprintf(out, "%s = %s\n", key, hash);
			done = true;
			p += len;
			continue;
		}
		fwrite(p, 1, len, out);
		if (eol == NULL && len > 0) {
			fputc('\n', out);
		}
		p += len;
	}
	if (!done) {
		fprintf(out, "%s%s = %s\n", in_admin ? "" : "\n[admin]\n", key,
		    hash);
	}
	return !ferror(out);
}

bool
config_write_pin(const char *path, const char *key, const char *hash,
	struct error *err)
{
	char tmp[PATH_MAX];
	struct stat st;
	char *text = NULL;
	size_t len = 0;
	FILE *out = NULL;
	bool ok = false;

	if (!file_read_all(path, 1 << 20, &text, &len, err)) {
		return false;
	}
	snprintf(tmp, sizeof tmp, "%s.new", path);
	out = fopen(tmp, "w");
	/* The new file keeps the old one's mode: a PIN hash must not become
	 * readable by others. */
	if (out != NULL && (stat(path, &st) != 0 ||
	    fchmod(fileno(out), st.st_mode & 07777) != 0)) {
		error_set(err, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (out == NULL) {
		error_set(err, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	if (!splice_pin(text, key, hash, out) || fflush(out) != 0 ||
	    fsync(fileno(out)) != 0) {
		error_set(err, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	if (fclose(out) != 0 || rename(tmp, path) != 0) {
		out = NULL;
		error_set(err, "%s: %s", path, strerror(errno));
		goto out;
	}
	out = NULL;
	ok = true;
out:
	if (out != NULL) {
		fclose(out);
	}
	if (!ok) {
		unlink(tmp);
	}
	free(text);
	return ok;
}
