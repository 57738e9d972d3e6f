/*
 * The line parser for the .ini files of forms/: bytes in, logical lines out.
 *
 * Why not inih, which parvis uses for kiosk.ini?  Three reasons, all about
 * French text written by animators:
 *   - Debian builds inih with inline comments after " ;", and French
 *     typography puts a space before ; : ! ?, so "Responsable : X ; durée :
 *     2 ans" would lose its end without a word;
 *   - inih cuts lines at 200 bytes, and a privacy notice is longer;
 *   - its handler gets no line number, and every error here must name one.
 *
 * So the rules are ours, and forms/README.md explains them to authors:
 *   - a line whose first non-blank character is ';' or '#' is a comment;
 *   - elsewhere, ';' or '#' starts a comment only after two spaces or a
 *     tab ("id = bus   ; stable"); after one space it is text;
 *   - a non-blank line that starts with a space or a tab continues the
 *     value above it, as a new paragraph ("\n");
 *   - UTF-8 only (a BOM is skipped), CRLF accepted, no control characters.
 */
#include "form_parse.h"

#include <stdlib.h>
#include <string.h>

#include "gettext.h"
#include "utf8.h"

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

char *
parser_trim_copy(const char *s, size_t len)
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

/* Reports a code point no form may hold; false if there is one. */
static bool
check_code_points(struct parser *p, const struct raw *r)
{
	size_t i = 0;
	uint32_t cp = 0;

	while (i < r->len) {
		i += utf8_decode(r->s + i, r->len - i, &cp);
		if (cp == '\t' || !utf8_is_unsafe(cp)) {
			continue;
		}
		if (cp == '\r') {
			parser_error(p, r->line,
			    _("carriage return inside a "
			      "line (expected line endings of Linux, macOS or "
			      "Windows)"));
		} else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
			parser_error(p, r->line,
			    _("control character U+%04X "
			      "(expected text, spaces and tabs only)"),
			    (unsigned)cp);
		} else {
			parser_error(p, r->line,
			    _("invisible character U+%04X "
			      "(expected visible text only; remove it)"),
			    (unsigned)cp);
		}
		return false;
	}
	return true;
}

/* True when the line is well-formed UTF-8 without control characters;
 * otherwise reports it. */
static bool
check_raw(struct parser *p, const struct raw *r)
{
	if (!utf8_valid(r->s, r->len, NULL)) {
		parser_error(p, r->line,
		    _("invalid UTF-8 (the file must be saved as UTF-8)"));
		return false;
	}
	return check_code_points(p, r);
}

static struct form_line *
new_line(struct parser *p, struct form_lines *lines, const struct raw *r,
    enum line_kind kind)
{
	size_t cap = lines->cap == 0 ? 64 : lines->cap * 2;
	struct form_line *bigger = lines->items;
	struct form_line *l;

	if (lines->count == lines->cap) {
		bigger = realloc(lines->items, cap * sizeof *bigger);
		if (bigger == NULL) {
			parser_oom(p);
			return NULL;
		}
		lines->items = bigger;
		lines->cap = cap;
	}
	l = &lines->items[lines->count++];
	memset(l, 0, sizeof *l);
	l->kind = kind;
	l->line = r->line;
	return l;
}

/* "[name arg]": r is already without its comment and trailing blanks. */
static struct form_line *
lex_section(struct parser *p, struct form_lines *lines, const struct raw *r)
{
	struct form_line *l;
	size_t name_len = 1;

	if (r->len < 2 || r->s[r->len - 1] != ']') {
		parser_error(p, r->line,
		    _("section line without a closing ']' "
		      "(expected '[form]' or '[question ID]')"));
		return NULL;
	}
	while (name_len < r->len - 1 && !is_blank(r->s[name_len])) {
		name_len++;
	}
	l = new_line(p, lines, r, LINE_SECTION);
	if (l == NULL) {
		return NULL;
	}
	l->name = parser_trim_copy(r->s + 1, name_len - 1);
	if (name_len < r->len - 1) {
		l->value =
		    parser_trim_copy(r->s + name_len, r->len - 1 - name_len);
	}
	if (l->name == NULL || (name_len < r->len - 1 && l->value == NULL)) {
		parser_oom(p);
	}
	return l;
}

/* "key = value": r is already without its comment. */
static struct form_line *
lex_key(struct parser *p, struct form_lines *lines, const struct raw *r)
{
	const char *eq = memchr(r->s, '=', r->len);
	struct form_line *l;
	size_t klen;

	if (eq == NULL) {
		parser_error(p, r->line,
		    _("line is not a section, a 'key = "
		      "value' or a comment (expected 'key = value'; to continue "
		      "the text above, start the line with spaces)"));
		return NULL;
	}
	klen = (size_t)(eq - r->s);
	if (eq == r->s) {
		parser_error(p, r->line,
		    _("'=' without a key before it "
		      "(expected 'key = value')"));
		return NULL;
	}
	l = new_line(p, lines, r, LINE_KEY);
	if (l == NULL) {
		return NULL;
	}
	l->name = parser_trim_copy(r->s, klen);
	l->value = parser_trim_copy(eq + 1, r->len - klen - 1);
	if (l->name == NULL || l->value == NULL) {
		parser_oom(p);
	}
	return l;
}

/* Where the lexer stands: which key line continuation lines join. */
struct lex_state {
	size_t open;      /* index in lines, or NONE */
	size_t len;       /* of its value so far */
	size_t cap;       /* bytes allocated for its value */
	bool after_error; /* the line above was reported */
};

#define NONE ((size_t)-1)

/* Appends a continuation line to the value of the key above it, as a new
 * paragraph.  The value grows by doubling: a long text stays linear. */
static void
lex_continuation(struct parser *p, struct form_line *open, const struct raw *r,
    struct lex_state *st)
{
	char *text = parser_trim_copy(r->s, r->len);
	size_t need = st->len + r->len + 2;
	char *bigger = open->value;

	if (text != NULL && open->value != NULL && need > st->cap) {
		st->cap = need * 2;
		bigger = realloc(open->value, st->cap);
	}
	if (text == NULL || bigger == NULL) {
		free(text);
		parser_oom(p);
		return;
	}
	open->value = bigger;
	if (st->len > 0) {
		open->value[st->len++] = '\n';
	}
	strcpy(open->value + st->len, text);
	st->len += strlen(text);
	free(text);
}

/* Classifies a line that is neither blank nor a comment. */
static void
lex_content(struct parser *p, struct form_lines *lines, struct raw *r,
    size_t lead, struct lex_state *st)
{
	struct form_line *l;

	if (lead > 0 && st->open != NONE) {
		lex_continuation(p, &lines->items[st->open], r, st);
		return;
	}
	if (lead > 0) {
		parser_error(p, r->line,
		    _("indented line without a key above "
		      "it (expected 'key = value' at the start of the line; an "
		      "indented line continues the value just above it)"));
		return;
	}
	l = r->s[0] == '[' ? lex_section(p, lines, r) : lex_key(p, lines, r);
	st->after_error = l == NULL;
	st->open = NONE;
	if (l != NULL && l->kind == LINE_KEY && l->value != NULL) {
		st->open = lines->count - 1;
		st->len = strlen(l->value);
		st->cap = st->len + 1;
	}
}

/* Handles one physical line. */
static void
lex_raw(struct parser *p, struct form_lines *lines, struct raw *r,
    struct lex_state *st)
{
	bool good = check_raw(p, r);
	size_t count = lines->count;
	size_t lead = 0;

	while (lead < r->len && is_blank(r->s[lead])) {
		lead++;
	}
	if (lead == r->len) {
		st->open = NONE; /* a blank line ends a value */
		st->after_error = false;
		return;
	}
	if (r->s[lead] == ';' || r->s[lead] == '#') {
		return;
	}
	r->len = comment_start(r->s, r->len);
	while (r->len > 0 && is_blank(r->s[r->len - 1])) {
		r->len--;
	}
	if (!good && lead > 0 && st->open != NONE) {
		lines->items[st->open].bad = true;
	}
	if (lead > 0 && (!good || st->after_error)) {
		return; /* nothing sound to join; already reported */
	}
	lex_content(p, lines, r, lead, st);
	if (!good && lines->count > count) {
		lines->items[lines->count - 1].bad = true;
	}
}

bool
form_lex(
    struct parser *p, const char *data, size_t len, struct form_lines *lines)
{
	struct lex_state st = { NONE, 0, 0, false };
	size_t i = 0;
	int line = 1;

	lines->items = NULL;
	lines->count = 0;
	lines->cap = 0;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		i = 3;
	}
	while (i < len && !p->oom) {
		const char *nl = memchr(data + i, '\n', len - i);
		size_t end = nl != NULL ? (size_t)(nl - data) : len;
		struct raw r = { data + i, end - i, line++ };

		if (r.len > 0 && r.s[r.len - 1] == '\r') {
			r.len--;
		}
		lex_raw(p, lines, &r, &st);
		i = end + 1;
	}
	return !p->oom;
}

void
form_lines_finish(struct form_lines *lines)
{
	for (size_t i = 0; i < lines->count; i++) {
		free(lines->items[i].name);
		free(lines->items[i].value);
	}
	free(lines->items);
	lines->items = NULL;
	lines->count = 0;
	lines->cap = 0;
}
