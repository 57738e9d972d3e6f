/*
 * The line rules of configuration files (see conf_impl.h).
 */
#include "conf_impl.h"

#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "gettext.h"

/* U+E000, a private-use character: stands for ';' while inih reads. */
#define HIDDEN_SEMICOLON "\xEE\x80\x80"

/* Cuts an inline comment: ';' or '#' after two spaces or a tab. */
static void
strip_comment(char *s)
{
	for (char *p = s; *p != '\0'; p++) {
		if ((*p == ';' || *p == '#') && p - s >= 1 &&
		    (p[-1] == '\t' ||
		        (p - s >= 2 && p[-1] == ' ' && p[-2] == ' '))) {
			*p = '\0';
			break;
		}
	}
}

/* Checks a "[name]" line; false with cl->problem set when it is wrong. */
static bool
check_section(struct conf_lines *cl, const char *s)
{
	const char *end = strchr(s, ']');
	char name[64];
	size_t len;

	if (end == NULL) {
		snprintf(cl->problem, sizeof cl->problem,
		    _("section "
		      "header without ']' (expected [name])"));
		return false;
	}
	len = (size_t)(end - s - 1);
	snprintf(name, sizeof name, "%.*s", (int)len, s + 1);
	if (end[1 + strspn(end + 1, " \t")] != '\0') {
		snprintf(cl->problem, sizeof cl->problem,
		    _("text after [%s] "
		      "(expected nothing else on the line)"),
		    name);
		return false;
	}
	if (!conf_known_section(cl->table, name)) {
		/* TRANSLATORS: a section, then the list of the known ones
		 * ("kiosk, screen or sites"). */
		snprintf(cl->problem, sizeof cl->problem,
		    _("unknown "
		      "section [%s] (expected %s)"),
		    name, _(cl->table->sections));
		return false;
	}
	return true;
}

/* Copies s into str (num bytes) with each ';' hidden; false if too long. */
static bool
hide_semicolons(const char *s, char *str, int num)
{
	size_t o = 0;
	size_t room = (size_t)num - 2; /* the newline and the NUL */

	for (; *s != '\0'; s++) {
		const char *piece =
		    *s == ';' ? HIDDEN_SEMICOLON : (char[]){ *s, 0 };
		size_t n = strlen(piece);

		if (o + n > room) {
			return false;
		}
		memcpy(str + o, piece, n);
		o += n;
	}
	str[o++] = '\n';
	str[o] = '\0';
	return true;
}

static char *
refuse(char *str)
{
	strcpy(str, ";\n");
	return str;
}

char *
conf_lines_read(char *str, int num, void *stream)
{
	struct conf_lines *cl = stream;
	ssize_t n = getline(&cl->buf, &cl->cap, cl->in);
	char *s;

	cl->problem[0] = '\0';
	if (n < 0) {
		return NULL;
	}
	cl->line++;
	if (memchr(cl->buf, '\0', (size_t)n) != NULL) {
		/* C would read the line only up to it, and lose the rest
		 * without a word. */
		snprintf(cl->problem, sizeof cl->problem,
		    _("a NUL byte in the line (expected text: is the file "
		      "damaged?)"));
		return refuse(str);
	}
	cl->buf[strcspn(cl->buf, "\r\n")] = '\0';
	s = cl->buf + strspn(cl->buf, " \t");
	if (*s == ';' || *s == '#' || *s == '\0') {
		return refuse(str);
	}
	strip_comment(s);
	if (*s == '[') {
		/* An unknown section still reaches inih, so that its keys are
		 * not taken for keys of the section above. */
		if (!check_section(cl, s) && strchr(s, ']') == NULL) {
			return refuse(str);
		}
		snprintf(str, (size_t)num, "%s\n", s);
		return str;
	}
	if (s != cl->buf || strchr(s, '=') == NULL) {
		snprintf(cl->problem, sizeof cl->problem,
		    _("expected key = "
		      "value on one line, starting at the beginning of the "
		      "line"));
		return refuse(str);
	}
	if (!hide_semicolons(s, str, num)) {
		snprintf(cl->problem, sizeof cl->problem,
		    _("line too long "
		      "(at most %d bytes)"),
		    num - 8);
		return refuse(str);
	}
	return str;
}

void
conf_lines_restore(char *value)
{
	char *p = strstr(value, HIDDEN_SEMICOLON);

	while (p != NULL) {
		*p = ';';
		memmove(p + 1, p + 3, strlen(p + 3) + 1);
		p = strstr(p + 1, HIDDEN_SEMICOLON);
	}
}

void
conf_lines_finish(struct conf_lines *cl)
{
	free(cl->buf);
	cl->buf = NULL;
}
