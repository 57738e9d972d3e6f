/*
 * Reading kiosk.ini: its table of keys, the checks of its own kinds of
 * value, and the [sites] section, read by src/conf (the line rules, the
 * typed keys, the file:line reports, --help-config); and writing a PIN
 * hash into the file.
 */
#include "config.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parvis-config.h"
#include "conf.h"
#include "file.h"
#include "gettext.h"

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

/*
 * The checks of the table (conf_check_fn): true for a good value, else
 * the problem is reported.
 */

static bool
check_id(struct conf_parse *p, const struct conf_key *k, const char *v)
{
	if (is_id(v)) {
		return true;
	}
	/* TRANSLATORS: in the messages about a value of kiosk.ini, the
	 * first %s is its key (id, language, url...), written as it is in
	 * the file. */
	conf_report(p,
	    _("%s: '%s' is not an identifier (expected lowercase "
	      "letters, digits and '-')"),
	    k->key, v);
	return false;
}

static bool
check_lang(struct conf_parse *p, const struct conf_key *k, const char *v)
{
	if (strcmp(v, "fr") == 0 || strcmp(v, "en") == 0) {
		return true;
	}
	conf_report(
	    p, _("%s: unknown language '%s' (expected fr or en)"), k->key, v);
	return false;
}

static bool
check_langs(struct conf_parse *p, const struct conf_key *k, const char *v)
{
	if (langs_valid(v)) {
		return true;
	}
	conf_report(p, _("%s: '%s' (expected a list of fr, en)"), k->key, v);
	return false;
}

static bool
check_pin(struct conf_parse *p, const struct conf_key *k, const char *v)
{
	if (*v == '\0' || strncmp(v, "$argon2id$", 10) == 0) {
		return true;
	}
	conf_report(p,
	    _("%s: this is not a PIN hash (expected the line "
	      "written by `parvis set-pin`)"),
	    k->key);
	return false;
}

static bool
check_url(struct conf_parse *p, const struct conf_key *k, const char *v)
{
	if (*v == '\0' || url_valid(v)) {
		return true;
	}
	conf_report(p,
	    _("%s: '%s' is not an https:// address (the answers "
	      "must travel encrypted: http:// is refused)"),
	    k->key, v);
	return false;
}

static bool
check_pinned(struct conf_parse *p, const struct conf_key *k, const char *v)
{
	if (*v == '\0' || pinned_valid(v)) {
		return true;
	}
	conf_report(p,
	    _("%s: '%s' is not a pinned key (expected sha256// "
	      "and 44 characters of base64, as printed by openssl)"),
	    k->key, v);
	return false;
}

#define AT(field) offsetof(struct config, field)

static const struct conf_key keys[] = {
	{ "kiosk", "id", CONF_STRING, AT(id), "kiosk", 0, 0, check_id,
	    "identifier of this kiosk, unique in the programme ([a-z0-9-])" },
	{ "kiosk", "name", CONF_STRING, AT(name), "Kiosque parvis", 0, 0, NULL,
	    "name shown to the animator" },
	{ "kiosk", "language", CONF_STRING, AT(language), "fr", 0, 0,
	    check_lang, "language of the attract screen: fr or en" },
	{ "kiosk", "languages", CONF_STRING, AT(languages), "fr, en", 0, 0,
	    check_langs, "languages a participant can pick" },
	{ "kiosk", "forms", CONF_PATH, AT(forms), "forms", 0, 0, NULL,
	    "directory of consultation files (*.ini)" },
	{ "kiosk", "database", CONF_PATH, AT(database), "data/parvis.db", 0, 0,
	    NULL, "the kiosk's SQLite database (created if missing)" },
	{ "kiosk", "communes", CONF_PATH, AT(communes), "data/communes.csv", 0,
	    0, NULL, "communes of the territory (CSV)" },
	{ "touch", "device", CONF_OPTPATH, AT(touch_device), "", 0, 0, NULL,
	    "the touchscreen, read directly on the bare console "
	    "(/dev/input/by-id/...-event-touch); empty: taps come from the "
	    "terminal" },
	{ "touch", "min_x", CONF_INT, AT(touch_min_x), "0", 0, 1000000, NULL,
	    "calibration: the touchscreen's X at the left edge (0 and 0: the "
	    "device's own range)" },
	{ "touch", "max_x", CONF_INT, AT(touch_max_x), "0", 0, 1000000, NULL,
	    "calibration: X at the right edge" },
	{ "touch", "min_y", CONF_INT, AT(touch_min_y), "0", 0, 1000000, NULL,
	    "calibration: Y at the top edge" },
	{ "touch", "max_y", CONF_INT, AT(touch_max_y), "0", 0, 1000000, NULL,
	    "calibration: Y at the bottom edge" },
	{ "screen", "idle_seconds", CONF_INT, AT(idle_seconds), "90", 10, 3600,
	    NULL, "seconds without input before \"Vous êtes toujours là ?\"" },
	{ "screen", "still_there_seconds", CONF_INT, AT(still_there_seconds),
	    "20", 5, 600, NULL, "countdown before the session is reset" },
	{ "screen", "thanks_seconds", CONF_INT, AT(thanks_seconds), "15", 3,
	    600, NULL, "seconds the thank-you screen stays" },
	{ "screen", "min_seconds_between_sessions", CONF_INT,
	    AT(min_seconds_between_sessions), "3", 0, 600, NULL,
	    "pause after a submission before a new one can start" },
	{ "admin", "pin", CONF_STRING, AT(admin_pin), "", 0, 0, check_pin,
	    "admin PIN hash, written by `parvis set-pin`" },
	{ "admin", "volunteer_pin", CONF_STRING, AT(volunteer_pin), "", 0, 0,
	    check_pin,
	    "volunteers' PIN hash, written by `parvis set-pin volunteer`" },
	{ "volunteer", "question", CONF_STRING, AT(volunteer_question), "", 0,
	    0, NULL,
	    "the question of the day on the porteurs de parole's board, "
	    "unless the animator sets one; none: a consultation's "
	    "[testimony] question" },
	{ "sync", "url", CONF_STRING, AT(sync_url), "", 0, 0, check_url,
	    "the collection server, https:// only (parvis sync)" },
	{ "sync", "token_file", CONF_OPTPATH, AT(sync_token_file), "", 0, 0,
	    NULL,
	    "file holding this kiosk's token, readable by its owner only" },
	{ "sync", "ca_file", CONF_OPTPATH, AT(sync_ca_file), "", 0, 0, NULL,
	    "certificate authority of the server (default: the system's)" },
	{ "sync", "pinned_key", CONF_STRING, AT(sync_pinned_key), "", 0, 0,
	    check_pinned,
	    "the server's public key, sha256//BASE64 (optional)" },
	{ "sync", "batch_size", CONF_INT, AT(sync_batch_size), "500", 1, 5000,
	    NULL, "records per request" },
	{ "sync", "connect_timeout_seconds", CONF_INT,
	    AT(sync_connect_timeout_seconds), "20", 1, 300, NULL,
	    "seconds to wait for a connection" },
	{ "sync", "low_speed_seconds", CONF_INT, AT(sync_low_speed_seconds),
	    "30", 5, 600, NULL,
	    "a stalled link is dropped after this many seconds" },
};

/* [sites]: ID = Name of the place, one per line. */
static void
add_site(struct conf_parse *p, void *config, const char *id, const char *label)
{
	struct config *cfg = config;
	struct site *bigger;

	if (!is_id(id)) {
		conf_report(p,
		    _("site '%s' is not an identifier (expected "
		      "lowercase letters, digits and '-', then = and the place's "
		      "name)"),
		    id);
		return;
	}
	for (size_t i = 0; i < cfg->nsites; i++) {
		if (strcmp(cfg->sites[i].id, id) == 0) {
			conf_report(p, _("site '%s' is listed twice"), id);
			return;
		}
	}
	bigger = realloc(cfg->sites, (cfg->nsites + 1) * sizeof *bigger);
	if (bigger == NULL) {
		return;
	}
	cfg->sites = bigger;
	cfg->sites[cfg->nsites].id = strdup(id);
	cfg->sites[cfg->nsites].label = strdup(label);
	cfg->nsites++;
}

static const struct conf_free_section sites = {
	.name = "sites",
	.entry = add_site,
	.help_key = "ID = Name of the place",
	.help = "the places this kiosk goes to, one per line",
};

static const struct conf_table kiosk_ini = {
	.program = "parvis",
	.file_kind = "kiosk.ini",
	.sections = N_("kiosk, screen, sites, admin, sync, volunteer or touch"),
	.keys = keys,
	.nkeys = sizeof keys / sizeof keys[0],
	.free_section = &sites,
	.help_width = 30,
};

/* calibration.ini, beside the database: the four keys of [touch] that the
 * calibration screen writes, over kiosk.ini's. */
static const struct conf_key calibration_keys[] = {
	{ "touch", "min_x", CONF_INT, AT(touch_min_x), "0", 0, 1000000, NULL,
	    "X at the left edge" },
	{ "touch", "max_x", CONF_INT, AT(touch_max_x), "0", 0, 1000000, NULL,
	    "X at the right edge" },
	{ "touch", "min_y", CONF_INT, AT(touch_min_y), "0", 0, 1000000, NULL,
	    "Y at the top edge" },
	{ "touch", "max_y", CONF_INT, AT(touch_max_y), "0", 0, 1000000, NULL,
	    "Y at the bottom edge" },
};

static const struct conf_table calibration_ini = {
	.program = "parvis",
	.file_kind = "calibration.ini",
	.sections = "touch",
	.keys = calibration_keys,
	.nkeys = sizeof calibration_keys / sizeof calibration_keys[0],
	.help_width = 30,
};

void
config_init(struct config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	conf_init(&kiosk_ini, cfg);
}

void
config_calibration_path(const struct config *cfg, char *out, size_t size)
{
	char copy[PATH_MAX];

	snprintf(copy, sizeof copy, "%s", cfg->database);
	snprintf(out, size, "%s/calibration.ini", dirname(copy));
}

bool
config_load(struct config *cfg, const char *path, FILE *diag, struct error *err)
{
	char calibration[PATH_MAX];
	struct error ignored = { 0 };

	free(cfg->path);
	cfg->path = strdup(path);
	if (!conf_load(&kiosk_ini, cfg, path, diag, err)) {
		return false;
	}
	/* A damaged calibration is said, and the kiosk still starts: its
	 * good lines count, kiosk.ini's values stand for the others. */
	config_calibration_path(cfg, calibration, sizeof calibration);
	if (access(calibration, F_OK) == 0) {
		conf_load(&calibration_ini, cfg, calibration, diag, &ignored);
	}
	return true;
}

bool
config_save_calibration(const struct config *cfg, int64_t min_x, int64_t max_x,
    int64_t min_y, int64_t max_y, struct error *err)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8];
	FILE *out;
	bool ok;

	config_calibration_path(cfg, path, sizeof path);
	snprintf(tmp, sizeof tmp, "%s.new", path);
	out = fopen(tmp, "w");
	if (out == NULL) {
		return error_set(err, "%s: %s", tmp, strerror(errno));
	}
	fprintf(out,
	    "; The touchscreen's calibration, written by the animator's "
	    "screen\n; \"Calibrer l'écran tactile\"; read after %s.\n"
	    "[touch]\nmin_x = %lld\nmax_x = %lld\nmin_y = %lld\n"
	    "max_y = %lld\n",
	    cfg->path, (long long)min_x, (long long)max_x, (long long)min_y,
	    (long long)max_y);
	ok = fflush(out) == 0 && fsync(fileno(out)) == 0;
	ok = fclose(out) == 0 && ok;
	if (ok && rename(tmp, path) == 0) {
		return true;
	}
	error_set(err, "%s: %s", path, strerror(errno));
	unlink(tmp);
	return false;
}

void
config_finish(struct config *cfg)
{
	conf_finish(&kiosk_ini, cfg);
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
	conf_print_help(&kiosk_ini, out);
}

const char *
config_default_path(void)
{
	if (access("kiosk.ini", F_OK) == 0) {
		return "kiosk.ini";
	}
	return PARVIS_SYSCONFDIR "/kiosk.ini";
}

/* Splices `key = value` into text: replaces the key's line in [section],
 * or adds one at the end of the section, or appends the section. */
static bool
splice_key(const char *text, const char *section, const char *key,
    const char *value, FILE *out)
{
	char header[64];
	size_t klen = strlen(key);
	const char *p = text;
	bool inside = false;
	bool done = false;

	snprintf(header, sizeof header, "[%s]", section);
	while (*p != '\0') {
		const char *eol = strchr(p, '\n');
		size_t len = eol != NULL ? (size_t)(eol - p) + 1 : strlen(p);
		const char *s = p + strspn(p, " \t");

		if (*s == '[') {
			if (inside && !done) {
				fprintf(out, "%s = %s\n", key, value);
				done = true;
			}
			inside = strncmp(s, header, strlen(header)) == 0;
		} else if (inside && !done && strncmp(s, key, klen) == 0 &&
		    strchr(" \t=", s[klen]) != NULL) {
			fprintf(out, "%s = %s\n", key, value);
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
		fprintf(out, "%s%s%s%s = %s\n", inside ? "" : "\n",
		    inside ? "" : header, inside ? "" : "\n", key, value);
	}
	return !ferror(out);
}

bool
config_write_key(const char *path, const char *section, const char *key,
    const char *value, struct error *err)
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
	/* The new file keeps the old one's owner, group and mode: a PIN hash
	 * must not become readable by others, and the kiosk's group must
	 * still read it when root runs set-pin. */
	if (out != NULL &&
	    (stat(path, &st) != 0 ||
	        (fchown(fileno(out), st.st_uid, st.st_gid) != 0 &&
	            geteuid() == 0) ||
	        fchmod(fileno(out), st.st_mode & 07777) != 0)) {
		error_set(err, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (out == NULL) {
		error_set(err, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	if (!splice_key(text, section, key, value, out) || fflush(out) != 0 ||
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
