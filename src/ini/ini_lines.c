/*
 * The INI reader (see ini_lines.h): a first pass turns physical lines into
 * items, logical lines and problems in file order; a second pass has inih
 * read them back as a skeleton of "[N]" and "N=" lines and hands them to
 * the caller.
 */
#include "ini_lines.h"

#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

#define NONE ((size_t)-1)

/* A logical line or a problem, in the order they are met. */
struct item {
	bool is_line;
	union {
		struct ini_line line;
		struct ini_report report;
	} u;
};

/* The first pass: physical lines in, items out. */
struct lexer {
	const struct ini_rules *rules;
	struct item *items;
	size_t count;
	size_t cap;
	bool oom;
	size_t open;      /* the key line continuation lines join, or NONE */
	size_t len;       /* of its value so far */
	size_t value_cap; /* bytes allocated for its value */
	bool after_error; /* the line above was refused */
};

/* One physical line, without its line ending. */
struct raw {
	const char *s;
	size_t len;
	int line;
};

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The length of s[0..len) up to its first c. */
static size_t
strcspn_len(const char *s, size_t len, char c)
{
	const char *at = memchr(s, c, len);

	return at != NULL ? (size_t)(at - s) : len;
}

char *
ini_trim_copy(const char *s, size_t len)
{
	char *out;

	while (len > 0 && is_blank(*s)) {
		s++;
		len--;
	}
	while (len > 0 && is_blank(s[len - 1])) {
		len--;
	}
	out = malloc(len + 1);
	if (out == NULL) {
		return NULL;
	}
	for (size_t i = 0; i < len; i++) {
		out[i] = s[i] == '\t' ? ' ' : s[i];
	}
	out[len] = '\0';
	return out;
}

/* A new item at the end, zeroed; NULL (lx->oom set) without memory. */
static struct item *
push(struct lexer *lx)
{
	size_t cap = lx->cap == 0 ? 64 : lx->cap * 2;
	struct item *bigger = lx->items;

	if (lx->count == lx->cap) {
		bigger = realloc(lx->items, cap * sizeof *bigger);
		if (bigger == NULL) {
			lx->oom = true;
			return NULL;
		}
		lx->items = bigger;
		lx->cap = cap;
	}
	memset(&lx->items[lx->count], 0, sizeof *lx->items);
	return &lx->items[lx->count++];
}

static void
problem(struct lexer *lx, enum ini_problem what, int line, uint32_t cp)
{
	struct item *it = push(lx);

	if (it != NULL) {
		it->u.report = (struct ini_report){ what, line, cp, NULL };
	}
}

/* A new logical line; its index, or NONE without memory. */
static size_t
new_line(struct lexer *lx, const struct raw *r, enum ini_kind kind)
{
	struct item *it = push(lx);

	if (it == NULL) {
		return NONE;
	}
	it->is_line = true;
	it->u.line.kind = kind;
	it->u.line.line = r->line;
	return lx->count - 1;
}

/* Reports the first code point no text may hold; false if there is one. */
static bool
check_code_points(struct lexer *lx, const struct raw *r)
{
	size_t i = 0;
	uint32_t cp = 0;

	while (i < r->len) {
		i += utf8_decode(r->s + i, r->len - i, &cp);
		if (cp == '\t' || !utf8_is_unsafe(cp)) {
			continue;
		}
		if (cp == '\r') {
			problem(lx, INI_CARRIAGE_RETURN, r->line, cp);
		} else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
			problem(lx, INI_CONTROL, r->line, cp);
		} else {
			problem(lx, INI_INVISIBLE, r->line, cp);
		}
		return false;
	}
	return true;
}

/* True when the whole line is UTF-8 without control characters;
 * otherwise reports it (text_only). */
static bool
check_text(struct lexer *lx, const struct raw *r)
{
	if (!utf8_valid(r->s, r->len, NULL)) {
		problem(lx, INI_INVALID_UTF8, r->line, 0);
		return false;
	}
	return check_code_points(lx, r);
}

/* Where an inline comment starts in s[0..len): a ';' or '#' after a run of
 * blanks that is two long or holds a tab; len if there is none. */
static size_t
comment_start(const char *s, size_t len)
{
	for (size_t i = 1; i < len; i++) {
		size_t run = 0;
		bool tab = false;

		if (s[i] != ';' && s[i] != '#') {
			continue;
		}
		while (run < i && is_blank(s[i - run - 1])) {
			tab = tab || s[i - run - 1] == '\t';
			run++;
		}
		if (run >= 2 || tab) {
			return i;
		}
	}
	return len;
}

/* "[name] text" or "[name": reported with the name when there is a ']'. */
static void
section_unclosed(struct lexer *lx, const struct raw *r)
{
	const char *end = memchr(r->s, ']', r->len);
	struct item *it;
	char *text = NULL;

	if (end == NULL) {
		problem(lx, INI_SECTION_UNCLOSED, r->line, 0);
		return;
	}
	text = strndup(r->s + 1, (size_t)(end - r->s - 1));
	it = text != NULL ? push(lx) : NULL;
	if (it == NULL) {
		free(text);
		lx->oom = true;
		return;
	}
	it->u.report =
	    (struct ini_report){ INI_SECTION_TRAILING, r->line, 0, text };
}

/* "[name argument]": r is already without its comment and trailing blanks;
 * the new line's index, or NONE when it is refused. */
static size_t
lex_section(struct lexer *lx, const struct raw *r)
{
	size_t name_len = 1;
	size_t at;
	struct ini_line *l;

	if (r->len < 2 || r->s[r->len - 1] != ']') {
		section_unclosed(lx, r);
		return NONE;
	}
	while (name_len < r->len - 1 && !is_blank(r->s[name_len])) {
		name_len++;
	}
	at = new_line(lx, r, INI_SECTION);
	if (at == NONE) {
		return NONE;
	}
	l = &lx->items[at].u.line;
	l->name = ini_trim_copy(r->s + 1, name_len - 1);
	if (name_len < r->len - 1) {
		l->value =
		    ini_trim_copy(r->s + name_len, r->len - 1 - name_len);
		lx->oom = lx->oom || l->value == NULL;
	}
	lx->oom = lx->oom || l->name == NULL;
	return at;
}

/* Without text_only: the key and value must be UTF-8 (as C strings). */
static bool
key_is_text(const char *name, const char *value)
{
	return utf8_valid(name, strlen(name), NULL) &&
	    utf8_valid(value, strlen(value), NULL);
}

/* "key = value": r is already without its comment and trailing blanks;
 * the new line's index, or NONE when it is refused. */
static size_t
lex_key(struct lexer *lx, const struct raw *r)
{
	const char *eq = memchr(r->s, '=', r->len);
	size_t klen = eq != NULL ? (size_t)(eq - r->s) : 0;
	char *name, *value;
	size_t at;
	bool copied, bad;

	if (eq == NULL) {
		problem(lx, INI_NOT_A_KEY, r->line, 0);
		return NONE;
	}
	if (lx->rules->max_line > 0 && r->len > lx->rules->max_line) {
		problem(lx, INI_TOO_LONG, r->line, 0);
		return NONE;
	}
	if (eq == r->s) {
		problem(lx, INI_NO_KEY, r->line, 0);
		return NONE;
	}
	name = ini_trim_copy(r->s, klen);
	value = ini_trim_copy(eq + 1, r->len - klen - 1);
	copied = name != NULL && value != NULL;
	bad = copied && !lx->rules->text_only && !key_is_text(name, value);
	if (bad) {
		problem(lx, INI_INVALID_UTF8, r->line, 0);
	}
	at = copied ? new_line(lx, r, INI_KEY) : NONE;
	if (at == NONE) {
		free(name);
		free(value);
		lx->oom = true;
		return NONE;
	}
	lx->items[at].u.line.name = name;
	lx->items[at].u.line.value = value;
	lx->items[at].u.line.bad = bad;
	return at;
}

/* Appends a continuation line to the value of the key above it, as a new
 * paragraph.  The value grows by doubling: a long text stays linear. */
static void
lex_continuation(struct lexer *lx, const struct raw *r)
{
	struct ini_line *open = &lx->items[lx->open].u.line;
	char *text = ini_trim_copy(r->s, r->len);
	size_t need = lx->len + r->len + 2;
	char *value = (char *)open->value;

	if (text != NULL && need > lx->value_cap) {
		lx->value_cap = need * 2;
		value = realloc(value, lx->value_cap);
	}
	if (text == NULL || value == NULL) {
		free(text);
		lx->oom = true;
		return;
	}
	if (lx->len > 0) {
		value[lx->len++] = '\n';
	}
	strcpy(value + lx->len, text);
	lx->len += strlen(text);
	open->value = value;
	free(text);
}

/* A line that starts at its first column, or any section line: the new
 * line's index, or NONE.  It ends the value above. */
static size_t
lex_start(struct lexer *lx, const struct raw *r)
{
	size_t at = r->s[0] == '[' ? lex_section(lx, r) : lex_key(lx, r);

	lx->after_error = at == NONE;
	lx->open = NONE;
	if (at != NONE && lx->items[at].u.line.kind == INI_KEY) {
		lx->open = at;
		lx->len = strlen(lx->items[at].u.line.value);
		lx->value_cap = lx->len + 1;
	}
	return at;
}

/* A line that is neither blank nor a comment, with continuation lines;
 * the index of the line it adds, or NONE. */
static size_t
lex_content(struct lexer *lx, struct raw *r, size_t lead)
{
	if (lead > 0 && lx->open != NONE) {
		lex_continuation(lx, r);
		return NONE;
	}
	if (lead > 0) {
		problem(lx, INI_ORPHAN, r->line, 0);
		return NONE;
	}
	return lex_start(lx, r);
}

/* The same without continuation lines (kiosk.ini, collect.ini). */
static void
lex_flat(struct lexer *lx, struct raw *r, size_t lead)
{
	if (r->s[lead] == '[') {
		r->s += lead;
		r->len -= lead;
		lex_start(lx, r);
	} else if (lead > 0) {
		problem(lx, INI_INDENTED, r->line, 0);
	} else {
		lex_start(lx, r);
	}
}

/* Handles one physical line. */
static void
lex_raw(struct lexer *lx, struct raw *r)
{
	bool good = !lx->rules->text_only || check_text(lx, r);
	size_t lead = 0;
	size_t at;

	while (lead < r->len && is_blank(r->s[lead])) {
		lead++;
	}
	if (lead == r->len) {
		lx->open = NONE; /* a blank line ends a value */
		lx->after_error = false;
		return;
	}
	if (r->s[lead] == ';' || r->s[lead] == '#') {
		return;
	}
	r->len = comment_start(r->s, r->len);
	while (r->len > 0 && is_blank(r->s[r->len - 1])) {
		r->len--;
	}
	if (!lx->rules->text_only && memchr(r->s, '\0', r->len) != NULL) {
		/* C would read the line only up to it, and lose the rest
		 * without a word. */
		problem(lx, INI_CONTROL, r->line, 0);
		lx->open = NONE;
		lx->after_error = true;
		return;
	}
	if (!lx->rules->continuation) {
		lex_flat(lx, r, lead);
		return;
	}
	if (!good && lead > 0 && lx->open != NONE) {
		lx->items[lx->open].u.line.bad = true;
	}
	if (lead > 0 && (!good || lx->after_error)) {
		return; /* nothing sound to join; already reported */
	}
	at = lex_content(lx, r, lead);
	if (!good && at != NONE) {
		lx->items[at].u.line.bad = true;
	}
}

static void
lex(struct lexer *lx, const char *data, size_t len)
{
	size_t i = 0;
	int line = 1;

	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		i = 3;
	}
	while (i < len && !lx->oom) {
		const char *nl = memchr(data + i, '\n', len - i);
		size_t end = nl != NULL ? (size_t)(nl - data) : len;
		struct raw r = { data + i, end - i, line++ };

		if (!lx->rules->text_only) {
			r.len = strcspn_len(r.s, r.len, '\r');
		} else if (r.len > 0 && r.s[r.len - 1] == '\r') {
			r.len--;
		}
		lex_raw(lx, &r);
		i = end + 1;
	}
}

/* The second pass: inih reads the items back. */
struct feed {
	struct lexer *lx;
	const struct ini_sink *sink;
	size_t next;  /* the item to hand out next */
	bool strange; /* inih gave back what it was not given */
};

/* inih's reader: hands out the problems up to the next logical line, then
 * gives inih that line's skeleton. */
static char *
feed_line(char *str, int num, void *stream)
{
	struct feed *f = stream;

	while (f->next < f->lx->count && num >= 32) {
		size_t at = f->next++;
		struct item *it = &f->lx->items[at];

		if (!it->is_line) {
			f->sink->problem(f->sink->user, &it->u.report);
		} else if (it->u.line.kind == INI_SECTION) {
			f->sink->line(f->sink->user, &it->u.line);
			snprintf(str, (size_t)num, "[%zu]\n", at);
			return str;
		} else {
			snprintf(str, (size_t)num, "%zu=\n", at);
			return str;
		}
	}
	f->strange = f->strange || f->next < f->lx->count;
	return NULL;
}

/* The item named s by the skeleton, if it is a logical line of kind. */
static struct ini_line *
named(struct feed *f, const char *s, enum ini_kind kind)
{
	char *end = NULL;
	unsigned long long at = strtoull(s, &end, 10);
	struct item *it;

	if (end == s || *end != '\0' || at >= f->lx->count) {
		return NULL;
	}
	it = &f->lx->items[at];
	return it->is_line && it->u.line.kind == kind ? &it->u.line : NULL;
}

/* inih's handler: one key line, in the section inih saw it in. */
static int
feed_key(void *user, const char *section, const char *name, const char *value)
{
	struct feed *f = user;
	struct ini_line *l = named(f, name, INI_KEY);
	const struct ini_line *in = NULL;

	if (*section != '\0') {
		in = named(f, section, INI_SECTION);
	}
	if (l == NULL || *value != '\0' || (*section != '\0' && in == NULL)) {
		f->strange = true;
		return 0;
	}
	l->section = in;
	f->sink->line(f->sink->user, l);
	return 1;
}

static void
lexer_finish(struct lexer *lx)
{
	for (size_t i = 0; i < lx->count; i++) {
		struct item *it = &lx->items[i];

		if (it->is_line) {
			free((char *)it->u.line.name);
			free((char *)it->u.line.value);
		} else {
			free((char *)it->u.report.text);
		}
	}
	free(lx->items);
}

bool
ini_lines_read(const char *data, size_t len, const struct ini_rules *rules,
    const struct ini_sink *sink)
{
	struct lexer lx = { .rules = rules, .open = NONE };
	struct feed f = { .lx = &lx, .sink = sink };
	int rc = -2;

	lex(&lx, data, len);
	if (!lx.oom) {
		rc = ini_parse_stream(feed_line, &f, feed_key, &f);
	}
	lexer_finish(&lx);
	return rc == 0 && !f.strange;
}
