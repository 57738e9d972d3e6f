/*
 * Consultation files through the INI reader of src/ini: the rules forms
 * are read under, what each problem of a line says to the author, and the
 * logical lines handed to the section parser (form_parse.c) as they come.
 *
 * Forms take the reader's full rules (ini_lines.h; forms/README.md tells
 * authors): continuation lines, for the long texts of a consultation, and
 * text only, since every byte of a form may reach the kiosk's screen.
 */
#include "form_parse.h"

#include "gettext.h"

static const struct ini_rules form_rules = {
	.continuation = true,
	.text_only = true,
	.max_line = 0,
};

/* The reader's problems of a character, said to the author. */
static void
character_problem(struct parser *p, const struct ini_report *r)
{
	if (r->what == INI_INVALID_UTF8) {
		parser_error(p, r->line,
		    _("invalid UTF-8 (the file must be saved as UTF-8)"));
	} else if (r->what == INI_CARRIAGE_RETURN) {
		parser_error(p, r->line,
		    _("carriage return inside a "
		      "line (expected line endings of Linux, macOS or "
		      "Windows)"));
	} else if (r->what == INI_CONTROL) {
		parser_error(p, r->line,
		    _("control character U+%04X "
		      "(expected text, spaces and tabs only)"),
		    (unsigned)r->cp);
	} else {
		parser_error(p, r->line,
		    _("invisible character U+%04X "
		      "(expected visible text only; remove it)"),
		    (unsigned)r->cp);
	}
}

/* The reader's problems, said to the author. */
static void
on_problem(void *user, const struct ini_report *r)
{
	struct parser *p = user;

	switch (r->what) {
	case INI_INVALID_UTF8:
	case INI_CARRIAGE_RETURN:
	case INI_CONTROL:
	case INI_INVISIBLE:
		character_problem(p, r);
		break;
	case INI_SECTION_UNCLOSED:
	case INI_SECTION_TRAILING:
		parser_error(p, r->line,
		    _("section line without a closing ']' "
		      "(expected '[form]' or '[question ID]')"));
		break;
	case INI_NOT_A_KEY:
	case INI_TOO_LONG: /* not under form_rules */
		parser_error(p, r->line,
		    _("line is not a section, a 'key = "
		      "value' or a comment (expected 'key = value'; to continue "
		      "the text above, start the line with spaces)"));
		break;
	case INI_NO_KEY:
		parser_error(p, r->line,
		    _("'=' without a key before it "
		      "(expected 'key = value')"));
		break;
	case INI_ORPHAN:
	case INI_INDENTED: /* not under form_rules */
		parser_error(p, r->line,
		    _("indented line without a key above "
		      "it (expected 'key = value' at the start of the line; an "
		      "indented line continues the value just above it)"));
		break;
	}
}

static void
on_line(void *user, const struct ini_line *l)
{
	struct parser *p = user;

	if (!p->oom) {
		form_parse_line(p, l);
	}
}

bool
form_read(struct parser *p, const char *data, size_t len)
{
	const struct ini_sink sink = { on_line, on_problem, p };

	if (!ini_lines_read(data, len, &form_rules, &sink)) {
		parser_oom(p);
		return false;
	}
	form_parse_end(p);
	return !p->oom;
}
