/*
 * The public side of forms: parsing a file into a struct form (the passes
 * themselves are in form_ini.c, form_parse.c, form_check.c and when.c),
 * collecting the problems found as "file:line: message" sorted by line,
 * and the small look-ups the kiosk makes on a parsed form.
 */
#include "form_parse.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "file.h"
#include "gettext.h"
#include "ids.h"

static const char *const type_names[] = {
	[Q_INFO] = "info",
	[Q_CHOICE] = "choice",
	[Q_CHOICES] = "choices",
	[Q_SCALE] = "scale",
	[Q_RANK] = "rank",
	[Q_TEXT] = "text",
	[Q_NUMBER] = "number",
	[Q_COMMUNE] = "commune",
	[Q_CONSENT] = "consent",
};

#define NTYPES (sizeof type_names / sizeof type_names[0])

/* Appends text (taken over) to diags; frees it when it cannot. */
static void
diags_push(struct form_diags *diags, char *text)
{
	struct form_diag *bigger;

	if (diags == NULL) {
		free(text);
		return;
	}
	bigger = realloc(diags->items, (diags->count + 1) * sizeof *bigger);
	if (bigger == NULL) {
		free(text);
		return;
	}
	diags->items = bigger;
	diags->items[diags->count++].text = text;
}

/* "path:line: msg", or "path: msg" when line is 0; NULL without memory. */
static char *
diag_text(const char *path, int line, const char *msg)
{
	char where[16] = "";
	size_t size;
	char *text;

	if (line > 0) {
		snprintf(where, sizeof where, ":%d", line);
	}
	size = strlen(path) + strlen(where) + strlen(msg) + 3;
	text = malloc(size);
	if (text != NULL) {
		snprintf(text, size, "%s%s: %s", path, where, msg);
	}
	return text;
}

void
parser_error(struct parser *p, int line, const char *fmt, ...)
{
	struct parser_diag *bigger;
	char msg[1024];
	va_list ap;

	p->nerrors++;
	if (p->ndiags >= FORM_MAX_DIAGS) {
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	bigger = realloc(p->diags, (p->ndiags + 1) * sizeof *bigger);
	if (bigger == NULL) {
		return;
	}
	p->diags = bigger;
	p->diags[p->ndiags] = (struct parser_diag){ line, p->ndiags,
		diag_text(p->path, line, msg) };
	p->ndiags++;
}

void
parser_warning(struct parser *p, int line, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diags_push(&p->form->warnings, diag_text(p->path, line, msg));
}

void
parser_oom(struct parser *p)
{
	if (!p->oom) {
		p->oom = true;
		parser_error(p, 0, _("out of memory"));
	}
}

static int
diag_order(const void *a, const void *b)
{
	const struct parser_diag *x = a;
	const struct parser_diag *y = b;

	if (x->line != y->line) {
		return x->line < y->line ? -1 : 1;
	}
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Hands the problems found to diags, by line, and says how many more. */
static void
flush_diags(struct parser *p, struct form_diags *diags)
{
	char msg[128];

	if (p->ndiags > 0) {
		qsort(p->diags, p->ndiags, sizeof *p->diags, diag_order);
	}
	for (size_t i = 0; i < p->ndiags; i++) {
		if (p->diags[i].text != NULL) {
			diags_push(diags, p->diags[i].text);
		}
	}
	if (p->nerrors > p->ndiags) {
		snprintf(msg, sizeof msg,
		    ngettext("%zu more problem not "
		             "listed (fix it first, then check again)",
		        "%zu more "
		        "problems not listed (fix these first, then check again)",
		        p->nerrors - p->ndiags),
		    p->nerrors - p->ndiags);
		diags_push(diags, diag_text(p->path, 0, msg));
	}
	free(p->diags);
	p->diags = NULL;
	p->ndiags = 0;
}

const char *
parser_quote(const char *s, char buf[QUOTE_MAX])
{
	size_t n = 0;

	for (; s[n] != '\0' && n < QUOTE_MAX - 4; n++) {
		buf[n] = s[n] == '\n' ? ' ' : s[n];
	}
	if (s[n] == '\0') {
		buf[n] = '\0';
		return buf;
	}
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) {
		n--; /* do not cut a character in two */
	}
	memcpy(buf + n, "...", 4);
	return buf;
}

bool
parser_pending_add(struct pending **list, size_t *n, size_t question, int line,
    const char *text)
{
	struct pending *bigger = realloc(*list, (*n + 1) * sizeof *bigger);
	char *copy = strdup(text);

	if (bigger != NULL) {
		*list = bigger;
	}
	if (bigger == NULL || copy == NULL) {
		free(copy);
		return false;
	}
	(*list)[(*n)++] = (struct pending){ question, line, copy };
	return true;
}

void
parser_pending_free(struct pending **list, size_t *n)
{
	for (size_t i = 0; i < *n; i++) {
		free((*list)[i].text);
	}
	free(*list);
	*list = NULL;
	*n = 0;
}

bool
parser_valid_id(const char *s, size_t max)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-");

	return n > 0 && n <= max && s[n] == '\0';
}

bool
parser_int(const char *s, int64_t *out)
{
	bool negative = *s == '-';
	size_t digits = strspn(s + negative, "0123456789");
	int64_t v = 0;

	if (digits == 0 || digits > 15 || s[negative + digits] != '\0') {
		return false;
	}
	for (size_t i = 0; i < digits; i++) {
		v = v * 10 + (s[negative + i] - '0');
	}
	*out = negative ? -v : v;
	return true;
}

/* A new empty form holding a copy of the file; NULL without memory. */
static struct form *
form_create(const char *path, const char *data, size_t len)
{
	struct form *form = calloc(1, sizeof *form);

	if (form == NULL) {
		return NULL;
	}
	form->path = strdup(path);
	form->source = malloc(len + 1);
	form->level = strdup("consultation");
	form->partial = PARTIAL_KEEP;
	if (form->path == NULL || form->source == NULL || form->level == NULL) {
		form_destroy(form);
		return NULL;
	}
	memcpy(form->source, data, len);
	form->source[len] = '\0';
	form->source_len = len;
	ids_sha256_hex(data, len, form->hash);
	return form;
}

/* The passes over the file, once the form holds its copy. */
static void
parse_all(struct parser *p, const char *data, size_t len)
{
	if (form_read(p, data, len)) {
		when_resolve(p);
		form_check_file(p);
	}
}

struct form *
form_parse(
    const char *path, const char *data, size_t len, struct form_diags *diags)
{
	struct parser p = { .path = path != NULL ? path : "(form)" };
	struct form *form = NULL;

	if (len > FORM_MAX_BYTES) {
		parser_error(&p, 0,
		    _("file too large (%zu bytes; expected "
		      "at most %d, a form is a few kilobytes)"),
		    len, FORM_MAX_BYTES);
		goto out;
	}
	p.form = form_create(p.path, data, len);
	if (p.form == NULL) {
		parser_oom(&p);
		goto out;
	}
	parse_all(&p, data, len);
	if (p.nerrors == 0) {
		form = p.form;
		p.form = NULL;
	}
out:
	flush_diags(&p, diags);
	parser_pending_free(&p.option_en, &p.noption_en);
	parser_pending_free(&p.whens, &p.nwhens);
	form_destroy(p.form);
	return form;
}

struct form *
form_parse_file(const char *path, struct form_diags *diags)
{
	struct form *form;
	struct error err;
	char *data = NULL;
	size_t len = 0;

	if (!file_read_all(path, FORM_MAX_BYTES, &data, &len, &err)) {
		diags_push(diags, strdup(err.msg));
		return NULL;
	}
	form = form_parse(path, data, len, diags);
	free(data);
	return form;
}

static void
text_finish(struct text *t)
{
	free(t->fr);
	free(t->en);
	t->fr = NULL;
	t->en = NULL;
}

static void
options_finish(struct option *options, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(options[i].key);
		text_finish(&options[i].label);
	}
	free(options);
}

void
form_question_finish(struct question *q)
{
	free(q->id);
	text_finish(&q->prompt);
	text_finish(&q->help);
	text_finish(&q->min_label);
	text_finish(&q->max_label);
	options_finish(q->options, q->noptions);
	for (size_t i = 0; i < q->nconds; i++) {
		for (size_t j = 0; j < q->conds[i].nvalues; j++) {
			free(q->conds[i].values[j]);
		}
		free(q->conds[i].values);
	}
	free(q->conds);
}

void
form_destroy(struct form *form)
{
	if (form == NULL) {
		return;
	}
	for (size_t i = 0; i < form->nquestions; i++) {
		form_question_finish(&form->questions[i]);
	}
	free(form->questions);
	text_finish(&form->testimony.question);
	options_finish(form->testimony.tags, form->testimony.ntags);
	free(form->id);
	text_finish(&form->title);
	text_finish(&form->summary);
	text_finish(&form->privacy);
	text_finish(&form->thanks);
	free(form->level);
	free(form->owner);
	free(form->link);
	free(form->path);
	free(form->source);
	form_diags_finish(&form->warnings);
	free(form);
}

void
form_diags_finish(struct form_diags *diags)
{
	if (diags == NULL) {
		return;
	}
	for (size_t i = 0; i < diags->count; i++) {
		free(diags->items[i].text);
	}
	free(diags->items);
	diags->items = NULL;
	diags->count = 0;
}

const char *
form_text(const struct text *t, enum lang lang)
{
	if (lang == LANG_EN && t->en != NULL) {
		return t->en;
	}
	return t->fr != NULL ? t->fr : "";
}

int
form_find_question(const struct form *form, const char *id)
{
	for (size_t i = 0; i < form->nquestions; i++) {
		if (form->questions[i].id != NULL &&
		    strcmp(form->questions[i].id, id) == 0) {
			return (int)i;
		}
	}
	return -1;
}

int
form_find_key(const struct option *options, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(options[i].key, key) == 0) {
			return (int)i;
		}
	}
	return -1;
}

int
form_find_option(const struct question *q, const char *key)
{
	return form_find_key(q->options, q->noptions, key);
}

bool
form_is_open(const struct form *form, int64_t day)
{
	int64_t bound;

	if (form->opens[0] != '\0' && clock_parse_date(form->opens, &bound) &&
	    day < bound) {
		return false;
	}
	if (form->closes[0] != '\0' && clock_parse_date(form->closes, &bound) &&
	    day > bound) {
		return false;
	}
	return true;
}

const char *
form_type_name(enum question_type type)
{
	if ((size_t)type >= NTYPES) {
		return "unknown";
	}
	return type_names[type];
}

bool
form_type_from_name(const char *name, enum question_type *type)
{
	for (size_t i = 0; i < NTYPES; i++) {
		if (strcmp(type_names[i], name) == 0) {
			*type = (enum question_type)i;
			return true;
		}
	}
	return false;
}
