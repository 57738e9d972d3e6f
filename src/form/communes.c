/*
 * The communes of data/communes.csv (see communes.h): loading the CSV,
 * sorting by name the way a French reader expects (case and accents do
 * not count), and the search by first letters of the `commune` question.
 *
 * The file is ours and simple (no commas or quotes in names), but it is
 * edited by hand: a quoted field is still read as CSV says, and anything
 * else that is wrong is reported with its line.
 */
#include "communes.h"

#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "gettext.h"
#include "utf8.h"

#define COMMUNES_MAX_BYTES (4 * 1024 * 1024)
#define NFIELDS 7
#define EPCI_MAX (sizeof((struct commune *)NULL)->epci - 1)

static const char header[] =
    "insee,name,department,postal_code,population,population_year,epci";

/* U+00C0..U+00FF without their accents; NULL: kept as it is. */
static const char *const latin1[64] = {
	"a", "a", "a", "a", "a", "a", "ae", "c",  /* À..Ç */
	"e", "e", "e", "e", "i", "i", "i", "i",   /* È..Ï */
	"d", "n", "o", "o", "o", "o", "o", NULL,  /* Ð..× */
	"o", "u", "u", "u", "u", "y", "th", "ss", /* Ø..ß */
	"a", "a", "a", "a", "a", "a", "ae", "c",  /* à..ç */
	"e", "e", "e", "e", "i", "i", "i", "i",   /* è..ï */
	"d", "n", "o", "o", "o", "o", "o", NULL,  /* ð..÷ */
	"o", "u", "u", "u", "u", "y", "th", "y",  /* ø..ÿ */
};

/* What code point cp becomes in a folded name; NULL: kept as it is. */
static const char *
fold_one(uint32_t cp, char ascii[2])
{
	if (cp >= 'A' && cp <= 'Z') {
		ascii[0] = (char)(cp - 'A' + 'a');
		ascii[1] = '\0';
		return ascii;
	}
	if (cp == '-' || cp == '\'' || cp == 0x2019 || cp == 0x02BC ||
	    cp == 0xA0 || cp == 0x202F) {
		return " "; /* hyphen, apostrophes, spaces: word breaks */
	}
	if (cp >= 0xC0 && cp <= 0xFF) {
		return latin1[cp - 0xC0];
	}
	if (cp == 0x152 || cp == 0x153) {
		return "oe";
	}
	return cp == 0x178 ? "y" : NULL;
}

char *
communes_fold(const char *s)
{
	size_t len = strlen(s);
	char *out = malloc(len + 1);
	size_t i = 0;
	size_t o = 0;

	while (out != NULL && i < len) {
		char ascii[2];
		uint32_t cp = 0;
		size_t n = utf8_decode(s + i, len - i, &cp);
		const char *f = n > 0 ? fold_one(cp, ascii) : NULL;

		n = n > 0 ? n : 1;
		if (f == NULL) {
			memcpy(out + o, s + i, n);
			o += n;
		} else {
			/* never longer: "oe" replaces two bytes */
			memcpy(out + o, f, strlen(f));
			o += strlen(f);
		}
		i += n;
	}
	if (out != NULL) {
		out[o] = '\0';
	}
	return out;
}

/* Splits line into fields in place, CSV-style: a field may be quoted,
 * with "" for a quote inside.  Returns the number of fields (up to max + 1
 * to say "too many"), or -1 for an unbalanced quote. */
static int
split_fields(char *line, char *fields[], int max)
{
	char *r = line;
	char *w = line;
	int n = 0;

	for (;;) {
		bool quoted = *r == '"';

		if (n <= max - 1) {
			fields[n] = w;
		}
		n++;
		r += quoted;
		while (*r != '\0' && (quoted || *r != ',')) {
			if (quoted && *r == '"' && r[1] != '"') {
				quoted = false;
				r++;
				continue;
			}
			r += quoted && *r == '"'; /* "" is one quote */
			*w++ = *r++;
		}
		if (quoted) {
			return -1;
		}
		if (*r == '\0' || n > max) {
			*w = '\0';
			return n;
		}
		*w++ = '\0';
		r++;
	}
}

static bool
all_digits(const char *s, size_t len)
{
	return strlen(s) == len && strspn(s, "0123456789") == len;
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

bool
communes_valid_insee(const char *v)
{
	bool corsica = v[0] == '2' && (v[1] == 'A' || v[1] == 'B');

	return strlen(v) == 5 && is_digit(v[0]) &&
	    (is_digit(v[1]) || corsica) && is_digit(v[2]) && is_digit(v[3]) &&
	    is_digit(v[4]);
}

/* A name to show: not empty, no quote, nothing invisible. */
static bool
name_ok(const char *s)
{
	size_t len = strlen(s);
	size_t i = 0;
	uint32_t cp = 0;

	while (i < len) {
		size_t n = utf8_decode(s + i, len - i, &cp);

		if (n == 0 || utf8_is_unsafe(cp) || cp == '"') {
			return false;
		}
		i += n;
	}
	return len > 0;
}

/* Checks the fields of one row: NULL, or what is wrong. */
static const char *
check_row(char *fields[])
{
	size_t pop = strlen(fields[4]);

	if (!communes_valid_insee(fields[0])) {
		/* TRANSLATORS: the problems of a line of the communes file
		 * (data/communes.csv), after "file:line: ". */
		return _("bad INSEE code (expected 5 characters, e.g. 04070)");
	}
	if (!name_ok(fields[1])) {
		return _("bad name (expected the name of the commune)");
	}
	if (strlen(fields[2]) != 2) {
		return _("bad department (expected 2 characters, e.g. 04)");
	}
	if (!all_digits(fields[3], 5)) {
		return _("bad postal code (expected 5 digits)");
	}
	if (pop == 0 || pop > 9 || !all_digits(fields[4], pop)) {
		return _("bad population (expected a whole number)");
	}
	if (!all_digits(fields[5], 4)) {
		return _("bad population year (expected 4 digits)");
	}
	if (strlen(fields[6]) == 0 || strlen(fields[6]) > EPCI_MAX) {
		return _("bad epci (expected a short code, e.g. P2A)");
	}
	return NULL;
}

static bool
add_row(struct communes *c, char *fields[])
{
	struct commune *bigger;
	struct commune *m;

	bigger = realloc(c->items, (c->count + 1) * sizeof *bigger);
	if (bigger == NULL) {
		return false;
	}
	c->items = bigger;
	m = &c->items[c->count];
	memset(m, 0, sizeof *m);
	memcpy(m->insee, fields[0], 6);
	memcpy(m->department, fields[2], 3);
	memcpy(m->postal_code, fields[3], 6);
	m->population = strtoll(fields[4], NULL, 10);
	strcpy(m->epci, fields[6]);
	m->name = strdup(fields[1]);
	m->folded = m->name != NULL ? communes_fold(m->name) : NULL;
	c->count++;
	return m->folded != NULL;
}

/* Reads one line of data (without its line ending). */
static bool
load_line(struct communes *c, char *line, const char *path, int lineno,
    struct error *err)
{
	char *fields[NFIELDS];
	const char *problem;
	int n;

	if (!utf8_valid(line, strlen(line), NULL)) {
		return error_set(err,
		    _("%s:%d: invalid UTF-8 (the file must "
		      "be saved as UTF-8)"),
		    path, lineno);
	}
	n = split_fields(line, fields, NFIELDS);
	if (n != NFIELDS) {
		/* TRANSLATORS: file:line: what is wrong ("unbalanced quote"
		 * or "wrong number of fields"), the number of fields and the
		 * header line of the file, which stays as it is. */
		return error_set(err, _("%s:%d: %s (expected %d fields: %s)"),
		    path, lineno,
		    n < 0 ? _("unbalanced quote") : _("wrong number of fields"),
		    NFIELDS, header);
	}
	problem = check_row(fields);
	if (problem != NULL) {
		return error_set(err, "%s:%d: %s", path, lineno, problem);
	}
	if (communes_find(c, fields[0]) != NULL) {
		return error_set(err,
		    _("%s:%d: INSEE code %s given twice "
		      "(expected each commune once)"),
		    path, lineno, fields[0]);
	}
	if (!add_row(c, fields)) {
		return error_set(err, _("%s: out of memory"), path);
	}
	return true;
}

/* Goes through the lines of data; the first one is the header. */
static bool
load_lines(struct communes *c, char *data, const char *path, struct error *err)
{
	char *line = data;
	int lineno = 1;

	if (strncmp(line, "\xEF\xBB\xBF", 3) == 0) {
		line += 3;
	}
	for (; line != NULL; lineno++) {
		char *nl = strchr(line, '\n');
		size_t len = nl != NULL ? (size_t)(nl - line) : strlen(line);

		if (nl != NULL) {
			*nl = '\0';
		}
		if (len > 0 && line[len - 1] == '\r') {
			line[--len] = '\0';
		}
		if (lineno == 1 && strcmp(line, header) != 0) {
			return error_set(err,
			    _("%s:1: unexpected header "
			      "(expected %s)"),
			    path, header);
		}
		if (lineno > 1 && len > 0 &&
		    !load_line(c, line, path, lineno, err)) {
			return false;
		}
		line = nl != NULL ? nl + 1 : NULL;
	}
	return true;
}

static int
by_name(const void *a, const void *b)
{
	const struct commune *x = a;
	const struct commune *y = b;
	int order = strcmp(x->folded, y->folded);

	return order != 0 ? order : strcmp(x->name, y->name);
}

bool
communes_load(struct communes *c, const char *path, struct error *err)
{
	char *data = NULL;
	size_t len = 0;
	bool ok = false;

	c->items = NULL;
	c->count = 0;
	if (!file_read_all(path, COMMUNES_MAX_BYTES, &data, &len, err)) {
		goto out;
	}
	if (strlen(data) != len) {
		error_set(
		    err, _("%s: a NUL byte in the file (expected text)"), path);
		goto out;
	}
	ok = load_lines(c, data, path, err);
	if (ok && c->count == 0) {
		ok = error_set(err,
		    _("%s: no communes (expected one per line "
		      "after the header)"),
		    path);
	}
	if (ok) {
		qsort(c->items, c->count, sizeof *c->items, by_name);
	}
out:
	if (!ok) {
		communes_finish(c);
	}
	free(data);
	return ok;
}

void
communes_finish(struct communes *c)
{
	if (c == NULL) {
		return;
	}
	for (size_t i = 0; i < c->count; i++) {
		free(c->items[i].name);
		free(c->items[i].folded);
	}
	free(c->items);
	c->items = NULL;
	c->count = 0;
}

const struct commune *
communes_find(const struct communes *c, const char *insee)
{
	for (size_t i = 0; i < c->count; i++) {
		if (strcmp(c->items[i].insee, insee) == 0) {
			return &c->items[i];
		}
	}
	return NULL;
}

/* True when s, from its start, reads prefix once separators are left
 * out of both ("saint auban" and "saintauban" both start "Saint-Auban"). */
static bool
starts_with(const char *s, const char *prefix)
{
	for (; *prefix != '\0'; prefix++) {
		if (*prefix == ' ') {
			continue;
		}
		while (*s == ' ') {
			s++;
		}
		if (*s != *prefix) {
			return false;
		}
		s++;
	}
	return true;
}

/* True when the folded name, or one of its words, starts with prefix. */
static bool
name_matches(const char *folded, const char *prefix)
{
	const char *word = folded;

	while (word != NULL) {
		while (*word == ' ') {
			word++;
		}
		if (starts_with(word, prefix)) {
			return true;
		}
		word = strchr(word, ' ');
	}
	return false;
}

size_t
communes_search(const struct communes *c, const char *prefix,
    const struct commune **out, size_t max)
{
	char *folded = communes_fold(prefix);
	size_t n = 0;

	if (folded == NULL) {
		return 0;
	}
	for (size_t i = 0; i < c->count; i++) {
		if (!name_matches(c->items[i].folded, folded)) {
			continue;
		}
		if (n < max) {
			out[n] = &c->items[i];
		}
		n++;
	}
	free(folded);
	return n;
}
