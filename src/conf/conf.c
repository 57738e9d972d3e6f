/*
 * Reading a configuration file through its table of keys (see conf.h).
 *
 * The INI reader (src/ini/ini_lines.h) hands over the file's logical
 * lines and problems in file order, each with its line.  take_line() is
 * called once per key line; it looks the key up in the table, notes where
 * it was given (a second time is a mistake), checks the value and stores
 * it in the field at the key's offset.  The reader's problems and the
 * unknown sections are worded here, as kiosk.ini's messages always were.
 */
#include "conf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "file.h"
#include "gettext.h"
#include "ini_lines.h"

/* The most keys a table may have (a bug to exceed, not a state a file
 * can put the program in). */
#define CONF_MAX_KEYS 64

/* The longest key line taken, its comment aside: what inih's 200-byte
 * line buffer held, less the newline and the NUL, when it read these
 * files itself, so that every file taken then is taken now.  The message
 * says 192 bytes, as it always has: a length sure to fit. */
#define CONF_MAX_LINE 198
#define CONF_MAX_LINE_SAID 192

/* What kiosk.ini and collect.ini take (see ini_lines.h and conf.h). */
static const struct ini_rules conf_rules = {
	.continuation = false,
	.text_only = false,
	.max_line = CONF_MAX_LINE,
};

struct conf_parse {
	const struct conf_table *table;
	void *cfg;
	const char *path;
	FILE *diag;
	int line;                     /* of the line being handled */
	int seen_line[CONF_MAX_KEYS]; /* where each key was given, or 0 */
	int nerrors;
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

/* True when name is a section of the table (one of its keys' or its free
 * section). */
static bool
known_section(const struct conf_table *t, const char *name)
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

/* True when the section line l (NULL: none) is one of the table's. */
static bool
section_known(const struct conf_table *t, const struct ini_line *l)
{
	return l != NULL && l->value == NULL && known_section(t, l->name);
}

/* A section line: reported when the table has no such section (its keys
 * are then left alone, not taken for keys of the section above). */
static void
check_section(struct conf_parse *p, const struct ini_line *l)
{
	char name[64];

	if (section_known(p->table, l)) {
		return;
	}
	snprintf(name, sizeof name, "%s%s%s", l->name,
	    l->value != NULL ? " " : "", l->value != NULL ? l->value : "");
	/* TRANSLATORS: a section, then the list of the known ones
	 * ("kiosk, screen or sites"). */
	conf_report(p, _("unknown section [%s] (expected %s)"), name,
	    _(p->table->sections));
}

/* A key line whose text the reader found sound. */
static void
take_line(struct conf_parse *p, const struct ini_line *l)
{
	const struct conf_free_section *free_section = p->table->free_section;

	if (l->section == NULL) {
		/* A key before any section header. */
		conf_report(p, _("unknown section [%s] (expected %s)"), "",
		    _(p->table->sections));
	} else if (!section_known(p->table, l->section)) {
		/* The section header was reported. */
	} else if (free_section != NULL &&
	    strcmp(l->section->name, free_section->name) == 0) {
		free_section->entry(p, p->cfg, l->name, l->value);
	} else {
		take_key(p, l->section->name, l->name, l->value);
	}
}

static void
on_line(void *user, const struct ini_line *l)
{
	struct conf_parse *p = user;

	p->line = l->line;
	if (l->kind == INI_SECTION) {
		check_section(p, l);
	} else if (!l->bad) {
		take_line(p, l);
	}
}

/* The reader's problems, in kiosk.ini's words. */
static void
on_problem(void *user, const struct ini_report *r)
{
	struct conf_parse *p = user;
	char name[64];

	p->line = r->line;
	switch (r->what) {
	case INI_CONTROL:
	case INI_INVALID_UTF8:
	case INI_CARRIAGE_RETURN: /* not under conf_rules */
	case INI_INVISIBLE:
		/* A NUL would cut the line short without a word. */
		conf_report(p,
		    r->what == INI_CONTROL && r->cp == 0
		        ? _("a NUL byte in the line (expected text: is the "
		            "file damaged?)")
		        : _("invalid UTF-8 (save the file as UTF-8)"));
		break;
	case INI_SECTION_UNCLOSED:
		conf_report(p,
		    _("section "
		      "header without ']' (expected [name])"));
		break;
	case INI_SECTION_TRAILING:
		snprintf(name, sizeof name, "%s", r->text);
		conf_report(p,
		    _("text after [%s] "
		      "(expected nothing else on the line)"),
		    name);
		break;
	case INI_TOO_LONG:
		conf_report(p,
		    _("line too long "
		      "(at most %d bytes)"),
		    CONF_MAX_LINE_SAID);
		break;
	case INI_NOT_A_KEY:
	case INI_NO_KEY:
	case INI_INDENTED:
	case INI_ORPHAN: /* not under conf_rules */
		conf_report(p,
		    _("expected key = "
		      "value on one line, starting at the beginning of the "
		      "line"));
		break;
	}
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

/* Reports a problem of the whole file ("path: message", already in
 * p->err) to diag. */
static bool
file_problem(struct conf_parse *p)
{
	if (p->diag != NULL) {
		fprintf(p->diag, "%s\n", p->err->msg);
	}
	return false;
}

/* Reads path whole, refusing a directory; reports and returns false if it
 * cannot be read. */
static bool
read_file(struct conf_parse *p, char **data, size_t *len)
{
	struct stat st;
	FILE *in = NULL;
	bool ok;

	if (stat(p->path, &st) == 0 && S_ISDIR(st.st_mode)) {
		errno = EISDIR;
	} else {
		in = fopen(p->path, "r");
	}
	if (in != NULL) {
		ok = file_read_stream(in, p->path, SIZE_MAX, data, len, p->err);
		fclose(in);
		return ok || file_problem(p);
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
	return file_problem(p);
}

/* Reports that memory ran out, as a problem of the whole file. */
static void
out_of_memory(struct conf_parse *p)
{
	struct error e;

	error_set(&e, "%s: %s", p->path, _("out of memory"));
	if (p->nerrors++ == 0) {
		*p->err = e;
	}
	if (p->diag != NULL) {
		fprintf(p->diag, "%s\n", e.msg);
	}
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
		.err = err != NULL ? err : &dummy,
	};
	const struct ini_sink sink = { on_line, on_problem, &p };
	char *data = NULL;
	size_t len = 0;

	if (t->nkeys > CONF_MAX_KEYS) {
		return error_set(p.err,
		    "internal error: %zu keys in the table "
		    "of %s (raise CONF_MAX_KEYS)",
		    t->nkeys, path);
	}
	if (!read_file(&p, &data, &len)) {
		return false;
	}
	resolve_defaults(t, cfg, path);
	if (!ini_lines_read(data, len, &conf_rules, &sink)) {
		out_of_memory(&p);
	}
	free(data);
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
