/*
 * Reading a configuration file through its table of keys (see conf.h).
 *
 * inih calls handler() once per key; it looks the key up in the table,
 * notes where it was given (a second time is a mistake), checks the value
 * and stores it in the field at the key's offset.  inih gives the handler
 * no line number, so the reader handed to ini_parse_stream() (lines.c)
 * counts lines, and reports at the line being read.
 */
#include "conf.h"

#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "conf_impl.h"
#include "gettext.h"
#include "utf8.h"

/* The most keys a table may have (a bug to exceed, not a state a file
 * can put the program in). */
#define CONF_MAX_KEYS 64

struct conf_parse {
	const struct conf_table *table;
	void *cfg;
	const char *path;
	struct conf_lines lines;
	FILE *diag;
	int line;                     /* of the key being handled */
	int seen_line[CONF_MAX_KEYS]; /* where each key was given, or 0 */
	int nerrors;
	int last_error_line;
	struct error *err;
};

void
conf_report(struct conf_parse *p, const char *fmt, ...)
{
	struct error e;
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	error_set(&e, "%s:%d: %s", p->path, p->line, msg);
	p->last_error_line = p->line;
	if (p->nerrors++ == 0) {
		*p->err = e;
	}
	if (p->diag != NULL) {
		fprintf(p->diag, "%s\n", e.msg);
	}
}

static char **
string_field(void *cfg, const struct conf_key *k)
{
	return (char **)((char *)cfg + k->offset);
}

static int64_t *
int_field(void *cfg, const struct conf_key *k)
{
	return (int64_t *)((char *)cfg + k->offset);
}

/* Stores value (newly allocated, may be NULL: out of memory). */
static bool
set_string(void *cfg, const struct conf_key *k, char *value)
{
	char **field = string_field(cfg, k);

	if (value == NULL) {
		return false;
	}
	free(*field);
	*field = value;
	return true;
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

bool
conf_known_section(const struct conf_table *t, const char *name)
{
	if (t->free_section != NULL &&
	    strcmp(t->free_section->name, name) == 0) {
		return true;
	}
	for (size_t i = 0; i < t->nkeys; i++) {
		if (strcmp(t->keys[i].section, name) == 0) {
			return true;
		}
	}
	return false;
}

/* inih's reader: the line rules of lines.c, reported here. */
static char *
reader(char *str, int num, void *stream)
{
	struct conf_parse *p = stream;
	char *got = conf_lines_read(str, num, &p->lines);

	p->line = p->lines.line;
	if (got != NULL && p->lines.problem[0] != '\0') {
		conf_report(p, "%s", p->lines.problem);
	}
	return got;
}

static bool
apply_int(struct conf_parse *p, const struct conf_key *k, const char *v)
{
	char *end = NULL;
	long long n;
	char range[64];

	errno = 0;
	n = strtoll(v, &end, 10);
	if (errno == 0 && end != v && *end == '\0' && n >= k->min &&
	    n <= k->max) {
		*int_field(p->cfg, k) = n;
		return true;
	}
	snprintf(range, sizeof range, "%lld..%lld", (long long)k->min,
	    (long long)k->max);
	/* TRANSLATORS: the key, the value, then the range, e.g. 10..3600. */
	conf_report(p,
	    _("%s: '%s' is not a whole number in range (expected "
	      "%s)"),
	    k->key, v, range);
	return false;
}

/* Checks and stores one value; reports and returns false when it is bad. */
static bool
apply(struct conf_parse *p, const struct conf_key *k, const char *v)
{
	if (k->check != NULL && !k->check(p, k, v)) {
		return false;
	}
	switch (k->type) {
	case CONF_INT:
		return apply_int(p, k, v);
	case CONF_OPTPATH:
		if (*v == '\0') {
			break;
		}
		/* fall through */
	case CONF_PATH:
		return set_string(p->cfg, k, resolve_path(p->path, v));
	case CONF_STRING:
		break;
	}
	return set_string(p->cfg, k, strdup(v));
}

/* Reports key k when it was given before (its value is still checked). */
static void
check_once(struct conf_parse *p, size_t k)
{
	const struct conf_key *key = &p->table->keys[k];

	if (p->seen_line[k] != 0) {
		/* TRANSLATORS: a key, then its section. */
		conf_report(p,
		    _("'%s' is given twice in [%s] (first on line "
		      "%d)"),
		    key->key, key->section, p->seen_line[k]);
	} else {
		p->seen_line[k] = p->line;
	}
}

static void
take_key(struct conf_parse *p, const char *section, const char *name,
    const char *value)
{
	const struct conf_table *t = p->table;

	for (size_t i = 0; i < t->nkeys; i++) {
		if (strcmp(t->keys[i].section, section) == 0 &&
		    strcmp(t->keys[i].key, name) == 0) {
			check_once(p, i);
			apply(p, &t->keys[i], value);
			return;
		}
	}
	conf_report(p, _("unknown key '%s' in [%s] (see %s --help-config)"),
	    name, section, t->program);
}

static int
handler(void *user, const char *section, const char *name, const char *raw)
{
	struct conf_parse *p = user;
	const struct conf_free_section *free_section = p->table->free_section;
	char value[INI_MAX_LINE];

	snprintf(value, sizeof value, "%s", raw);
	conf_lines_restore(value);
	if (!utf8_valid(value, strlen(value), NULL) ||
	    !utf8_valid(name, strlen(name), NULL)) {
		conf_report(p, _("invalid UTF-8 (save the file as UTF-8)"));
	} else if (*section == '\0') {
		/* A key before any section header. */
		conf_report(p, _("unknown section [%s] (expected %s)"), section,
		    _(p->table->sections));
	} else if (!conf_known_section(p->table, section)) {
		/* The section header was reported. */
	} else if (free_section != NULL &&
	    strcmp(section, free_section->name) == 0) {
		free_section->entry(p, p->cfg, name, value);
	} else {
		take_key(p, section, name, value);
	}
	return 1;
}

void
conf_init(const struct conf_table *t, void *cfg)
{
	for (size_t i = 0; i < t->nkeys; i++) {
		const struct conf_key *k = &t->keys[i];

		if (k->type == CONF_INT) {
			*int_field(cfg, k) = strtoll(k->def, NULL, 10);
		} else {
			set_string(cfg, k, strdup(k->def));
		}
	}
}

/* Opens path, refusing a directory; reports and returns NULL if it cannot
 * be read. */
static FILE *
open_file(struct conf_parse *p)
{
	struct stat st;
	FILE *in = NULL;

	if (stat(p->path, &st) == 0 && S_ISDIR(st.st_mode)) {
		errno = EISDIR;
	} else {
		in = fopen(p->path, "r");
	}
	if (in != NULL) {
		return in;
	}
	if (p->table->file_kind != NULL) {
		/* TRANSLATORS: the file, why it cannot be read (from the
		 * system, e.g. "No such file or directory"), then the kind
		 * of file, e.g. kiosk.ini. */
		error_set(p->err, _("%s: %s (expected a %s file)"), p->path,
		    strerror(errno), p->table->file_kind);
	} else {
		error_set(p->err, "%s: %s", p->path, strerror(errno));
	}
	if (p->diag != NULL) {
		fprintf(p->diag, "%s\n", p->err->msg);
	}
	return NULL;
}

/* Defaults of path keys are relative to the file too. */
static void
resolve_defaults(const struct conf_table *t, void *cfg, const char *path)
{
	for (size_t i = 0; i < t->nkeys; i++) {
		if (t->keys[i].type == CONF_PATH) {
			set_string(cfg, &t->keys[i],
			    resolve_path(path, t->keys[i].def));
		}
	}
}

bool
conf_load(const struct conf_table *t, void *cfg, const char *path, FILE *diag,
    struct error *err)
{
	struct error dummy;
	struct conf_parse p = {
		.table = t,
		.cfg = cfg,
		.path = path,
		.diag = diag,
		.lines = { .table = t },
		.err = err != NULL ? err : &dummy,
	};
	int rc;

	if (t->nkeys > CONF_MAX_KEYS) {
		return error_set(p.err,
		    "internal error: %zu keys in the table "
		    "of %s (raise CONF_MAX_KEYS)",
		    t->nkeys, path);
	}
	p.lines.in = open_file(&p);
	if (p.lines.in == NULL) {
		return false;
	}
	resolve_defaults(t, cfg, path);
	rc = ini_parse_stream(reader, &p, handler, &p);
	fclose(p.lines.in);
	conf_lines_finish(&p.lines);
	if (rc > 0 && rc != p.last_error_line) {
		p.line = rc;
		conf_report(&p,
		    _("syntax error (expected [section] or key = "
		      "value)"));
	}
	return p.nerrors == 0;
}

void
conf_finish(const struct conf_table *t, void *cfg)
{
	for (size_t i = 0; i < t->nkeys; i++) {
		if (t->keys[i].type != CONF_INT) {
			char **field = string_field(cfg, &t->keys[i]);

			free(*field);
			*field = NULL;
		}
	}
}

void
conf_print_help(const struct conf_table *t, FILE *out)
{
	const struct conf_free_section *free_section = t->free_section;
	const char *section = "";

	for (size_t i = 0; i < t->nkeys; i++) {
		const struct conf_key *k = &t->keys[i];

		if (strcmp(section, k->section) != 0) {
			section = k->section;
			fprintf(out, "%s[%s]\n", i > 0 ? "\n" : "", section);
		}
		fprintf(out, "%-*s ; %s (default: %s)\n", t->help_width, k->key,
		    k->help, *k->def != '\0' ? k->def : "none");
	}
	if (free_section != NULL) {
		fprintf(out, "\n[%s]\n%-*s ; %s\n", free_section->name,
		    t->help_width, free_section->help_key, free_section->help);
	}
}
