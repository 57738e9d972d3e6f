/*
 * `parvis check`, `preview` and `export`, their rows of the table of
 * commands (see commands.h); `export --bundle` is written by
 * sync_command.c, `set-pin` is set_pin_command.c.
 */
#define _GNU_SOURCE /* fopencookie() */

#include "commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "communes.h"
#include "draw.h"
#include "export_file.h"
#include "form.h"
#include "i18n.h"
#include "journey.h"
#include "store.h"
#include "sync_command.h"
#include "ui.h"
#include "volunteer.h"

static int
run_check(const struct command_env *env, int argc, char **argv)
{
	int problems = 0, first;
	int status =
	    command_options(&command_check, argc, argv, NULL, NULL, &first);

	if (status >= 0) {
		return status;
	}
	for (int i = first; i < argc; i++) {
		struct form_diags diags = { 0 };
		struct form *f = form_parse_file(argv[i], &diags);

		for (size_t k = 0; k < diags.count; k++) {
			fprintf(stderr, "%s\n", diags.items[k].text);
		}
		problems += (int)diags.count;
		if (f != NULL) {
			/* TRANSLATORS: the file, the form's id, its version
			 * and its number of screens. */
			printf(ngettext("%s: ok (%s, version %lld, %zu "
			                "screen)\n",
			           "%s: ok (%s, version %lld, %zu "
			           "screens)\n",
			           f->nquestions),
			    argv[i], f->id, (long long)f->version,
			    f->nquestions);
		}
		if (f != NULL && f->testimony.line != 0) {
			/* TRANSLATORS: the form's [testimony] section, with
			 * its number of tags (themes). */
			printf(ngettext("  [testimony]: the porteurs de "
			                "parole's question, %zu tag\n",
			           "  [testimony]: the porteurs de parole's "
			           "question, %zu tags\n",
			           f->testimony.ntags),
			    f->testimony.ntags);
		}
		/* Advice, not problems: the file stays valid (status 0). */
		for (size_t k = 0; f != NULL && k < f->warnings.count; k++) {
			fprintf(stderr, "%s\n", f->warnings.items[k].text);
		}
		form_diags_finish(&diags);
		form_destroy(f);
	}
	if (problems > 0) {
		fprintf(stderr,
		    ngettext("%d problem found\n", "%d problems found\n",
		        (unsigned long)problems),
		    problems);
	}
	return problems > 0 ? 1 : 0;
}

const struct command command_check = {
	.entry = {
		.name = "check",
		.args = { N_("FORM.ini...") },
		.help = { N_("validate consultation files") },
		.min_args = 1,
		.max_args = -1,
	},
	.run = run_check,
};

static void
preview_screen(const struct journey *j, int *number, const char *what)
{
	printf("%s=== %d. %s ===\n", *number > 1 ? "\n" : "", *number, what);
	(*number)++;
	ui_draw(j, j->now_ms);
	ui_dump_to(stdout);
}

/* Appends text to out (of size size, holding *len bytes), cutting it. */
static void
append(char *out, size_t size, size_t *len, const char *text)
{
	size_t n = strlen(text);

	if (n > size - 1 - *len) {
		n = size - 1 - *len;
	}
	memcpy(out + *len, text, n);
	*len += n;
	out[*len] = '\0';
}

/* The words of the separator lines, in the animator's language: looked
 * up before the screens switch to the form's (gettext's strings stay
 * valid when the language changes). */
struct preview_words {
	const char *intro;
	const char *required;
	const char *shown_when;
	const char *and_word;
	const char *thanks;
	const char *testimony;
	const char *tags;
};

static void
preview_words_init(struct preview_words *w)
{
	/* TRANSLATORS: the separator lines of parvis preview, e.g.
	 * "=== 3. question frequence (choice, required), shown when
	 * transport = bus and age >= 18 ===": the words only (question,
	 * the id, the type and the condition stay as in the file). */
	w->intro = _("intro and privacy notice");
	w->required = _("required");
	w->shown_when = _("shown when");
	w->and_word = _("and");
	w->thanks = _("thank-you screen");
	w->testimony = _("[testimony]: the porteurs de parole's screen");
	w->tags = _("[testimony]: their themes");
}

/* Describes question i of f for the preview's separator line, with its
 * `when` conditions written as the author wrote them. */
static void
describe_question(const struct form *f, size_t i, const struct preview_words *w,
    char *out, size_t size)
{
	static const char *const ops[] = {
		[COND_EQ] = " = ",
		[COND_NE] = " != ",
		[COND_IN] = " in ",
		[COND_NOT_IN] = " not-in ",
		[COND_GE] = " >= ",
		[COND_LE] = " <= ",
	};
	const struct question *q = &f->questions[i];
	size_t len = 0;

	out[0] = '\0';
	append(out, size, &len, "question ");
	append(out, size, &len, q->id);
	append(out, size, &len, " (");
	append(out, size, &len, form_type_name(q->type));
	if (q->required) {
		append(out, size, &len, ", ");
		append(out, size, &len, w->required);
	}
	append(out, size, &len, ")");
	for (size_t c = 0; c < q->nconds; c++) {
		const struct condition *cond = &q->conds[c];
		append(out, size, &len, c == 0 ? ", " : " ");
		append(out, size, &len, c == 0 ? w->shown_when : w->and_word);
		append(out, size, &len, " ");
		append(out, size, &len, f->questions[cond->question].id);
		append(out, size, &len, ops[cond->op]);
		for (size_t v = 0; v < cond->nvalues; v++) {
			append(out, size, &len, v > 0 ? ", " : "");
			append(out, size, &len, cond->values[v]);
		}
	}
}

/* The porteurs de parole's screens that the [testimony] section fills:
 * the question of the day (when no other is set) and the tags. */
static void
preview_testimony(const struct form *f, const struct preview_words *w,
    const struct journey *j, int *number)
{
	struct volunteer_lists lists = {
		.question = form_text(&f->testimony.question, j->lang),
		.tags = f->testimony.tags,
		.ntags = f->testimony.ntags,
		.lang = j->lang,
	};
	struct volunteer *v = calloc(1, sizeof *v);

	if (v == NULL) {
		return;
	}
	volunteer_open(v, &lists, 1 << 30, j->lines, j->cols, 0);
	printf("\n=== %d. %s ===\n", (*number)++, w->testimony);
	volunteer_draw(v);
	ui_dump_to(stdout);
	if (f->testimony.ntags > 0) {
		v->screen = VOLUNTEER_TAGS;
		printf("\n=== %d. %s ===\n", (*number)++, w->tags);
		volunteer_draw(v);
		ui_dump_to(stdout);
	}
	free(v);
}

static void
preview_form(
    const struct form *f, const struct preview_words *w, struct journey *j)
{
	int number = 1;
	char what[512];

	j->screen = SCREEN_INTRO;
	preview_screen(j, &number, w->intro);
	j->screen = SCREEN_QUESTION;
	for (size_t i = 0; i < f->nquestions; i++) {
		j->current = i;
		describe_question(f, i, w, what, sizeof what);
		preview_screen(j, &number, what);
	}
	j->screen = SCREEN_THANKS;
	snprintf(j->receipt, sizeof j->receipt, "ABCD-1234");
	preview_screen(j, &number, w->thanks);
	if (f->testimony.line != 0) {
		preview_testimony(f, w, j, &number);
	}
}

enum { OPT_SIZE = CMD_LONG_ONLY, OPT_LANG };

static const struct cmd_option preview_options[] = {
	{ "size", CMD_VALUE, OPT_SIZE },
	{ "lang", CMD_VALUE, OPT_LANG },
	{ NULL, CMD_NO_VALUE, 0 },
};

/* Takes --size COLSxLINES or --lang fr|en into the ui_options and the
 * language of ctx. */
struct preview_args {
	struct ui_options *uo;
	enum lang lang;
};

static bool
take_preview(void *ctx, int opt, const char *arg)
{
	struct preview_args *a = ctx;
	char extra;

	if (opt == OPT_LANG &&
	    (strcmp(arg, "fr") == 0 || strcmp(arg, "en") == 0)) {
		a->lang = strcmp(arg, "en") == 0 ? LANG_EN : LANG_FR;
		return true;
	}
	if (opt == OPT_LANG) {
		fprintf(stderr,
		    _("parvis preview: unknown language '%s' (expected fr "
		      "or en)\n"),
		    arg);
		return false;
	}
	if (sscanf(arg, "%dx%d%c", &a->uo->cols, &a->uo->lines, &extra) != 2 ||
	    a->uo->cols < 80 || a->uo->lines < 24 || a->uo->cols > 500 ||
	    a->uo->lines > 200) {
		fprintf(stderr,
		    _("parvis preview: --size "
		      "takes COLSxLINES, at least 80x24\n"));
		return false;
	}
	return true;
}

static int
run_preview(const struct command_env *env, int argc, char **argv)
{
	const struct config *cfg = env->cfg;
	const char *path;
	struct ui_options uo = { .offscreen = true, .lines = 24, .cols = 80 };
	struct preview_args args = { .uo = &uo, .lang = LANG_FR };
	enum lang lang;
	int first;
	struct journey_settings s = { .offer_english = true,
		.kiosk_name = cfg->name,
		.idle_ms = 1 << 30 };
	struct form_diags diags = { 0 };
	struct communes communes = { 0 };
	struct preview_words words;
	struct journey j;
	struct form *f;
	struct error err;

	int status = command_options(
	    &command_preview, argc, argv, take_preview, &args, &first);

	if (status >= 0) {
		return status;
	}
	path = argv[first];
	lang = args.lang;
	f = form_parse_file(path, &diags);
	for (size_t k = 0; k < diags.count; k++) {
		fprintf(stderr, "%s\n", diags.items[k].text);
	}
	form_diags_finish(&diags);
	if (f == NULL) {
		return 1;
	}
	if (!communes_load(&communes, cfg->communes, &err)) {
		fprintf(stderr,
		    _("parvis: %s (commune screens will be "
		      "empty)\n"),
		    err.msg);
	}
	if (!ui_init(&uo, &err)) {
		fprintf(stderr, "parvis: %s\n", err.msg);
		form_destroy(f);
		return 1;
	}
	preview_words_init(&words);
	s.default_lang = lang;
	journey_init(&j, &s, (const struct form *const *)&f, 1, &communes, 0);
	journey_resize(&j, uo.lines, uo.cols);
	i18n_set_lang(lang);
	j.form = f;
	j.answers = calloc(f->nquestions, sizeof *j.answers);
	preview_form(f, &words, &j);
	journey_finish(&j);
	ui_finish();
	communes_finish(&communes);
	form_destroy(f);
	return 0;
}

const struct command command_preview = {
	.entry = {
		.name = "preview",
		.args = { N_("FORM.ini [--size COLSxLINES] [--lang fr|en]") },
		.help = { N_("print every screen of a form") },
		.options = preview_options,
		.min_args = 1,
		.max_args = 1,
	},
	.flags = COMMAND_CONFIG,
	.run = run_preview,
};

struct store *
command_open_store(const struct config *cfg)
{
	struct error err = { 0 };
	struct store *s;

	if (access(cfg->database, F_OK) != 0) {
		fprintf(stderr,
		    _("parvis: %s: no database yet (nothing has "
		      "been collected with this configuration)\n"),
		    cfg->database);
		return NULL;
	}
	s = store_open(cfg->database, cfg->id, &err);
	if (s == NULL) {
		fprintf(stderr, "parvis: %s\n", err.msg);
	}
	return s;
}

enum { OPT_FORMAT = CMD_LONG_ONLY, OPT_FORM, OPT_OUTPUT, OPT_BUNDLE };

static const struct cmd_option export_options[] = {
	{ "format", CMD_VALUE, OPT_FORMAT },
	{ "form", CMD_VALUE, OPT_FORM },
	{ "output", CMD_VALUE, OPT_OUTPUT },
	{ "bundle", CMD_VALUE, OPT_BUNDLE },
	{ NULL, CMD_NO_VALUE, 0 },
};

struct export_args {
	enum store_format format;
	const char *form_id;
	const char *output;
	const char *bundle;
	bool others; /* an option besides --bundle */
};

static bool
take_export(void *ctx, int opt, const char *arg)
{
	struct export_args *a = ctx;

	a->others = a->others || opt != OPT_BUNDLE;
	if (opt == OPT_FORM) {
		a->form_id = arg;
	} else if (opt == OPT_OUTPUT) {
		a->output = arg;
	} else if (opt == OPT_BUNDLE) {
		a->bundle = arg;
	} else if (strcmp(arg, "csv") == 0 || strcmp(arg, "json") == 0) {
		a->format = strcmp(arg, "csv") == 0 ? STORE_CSV : STORE_JSON;
	} else {
		fprintf(stderr,
		    _("parvis export: unknown "
		      "format '%s' (expected csv or json)\n"),
		    arg);
		return false;
	}
	return true;
}

static int
run_export(const struct command_env *env, int argc, char **argv)
{
	struct export_args a = { .format = STORE_CSV };
	struct error err = { 0 };
	struct store *s;
	bool ok;
	int first;
	int status = command_options(
	    &command_export, argc, argv, take_export, &a, &first);

	if (status >= 0) {
		return status;
	}
	if (a.bundle != NULL && a.others) {
		fprintf(stderr,
		    _("parvis export: --bundle FILE goes alone (the unsent "
		      "records, as parvis-collect import takes them)\n"));
		cmd_print_usage("parvis", &command_export.entry, false, stderr);
		return 2;
	}
	if (a.bundle != NULL) {
		return command_export_bundle(env->cfg, a.bundle);
	}
	s = command_open_store(env->cfg);
	if (s == NULL) {
		return 1;
	}
	/* Written beside, then renamed: never a half-written file. */
	ok = a.output != NULL
	    ? export_file(s, a.format, a.form_id, a.output, &err)
	    : export_write(s, a.format, a.form_id, stdout, &err);
	store_destroy(s);
	if (!ok) {
		fprintf(stderr, "parvis: %s\n", err.msg);
		return 1;
	}
	return 0;
}

const struct command command_export = {
	.entry = {
		.name = "export",
		.args = { N_("[--format csv|json] [--form ID] [--output FILE]"),
		    N_("--bundle FILE") },
		.help = { N_("write the collected records"),
		    N_("write the unsent records for\n"
		       "parvis-collect import (USB stick)") },
		.options = export_options,
		.max_args = 0,
	},
	.flags = COMMAND_CONFIG,
	.run = run_export,
};
