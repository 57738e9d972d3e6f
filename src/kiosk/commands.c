/*
 * `parvis check`, `preview`, `export` and `set-pin` (see commands.h);
 * `export --bundle` is written by sync_command.c.
 */
#define _GNU_SOURCE /* fopencookie() */

#include "commands.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
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

int
command_check(int argc, char **argv)
{
	int problems = 0;

	if (argc == 0) {
		fprintf(stderr, _("usage: parvis check FORM.ini...\n"));
		return 2;
	}
	for (int i = 0; i < argc; i++) {
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

static bool
parse_preview_args(int argc, char **argv, const char **path, int *cols,
    int *lines, enum lang *lang)
{
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--size") == 0 && i + 1 < argc) {
			if (sscanf(argv[++i], "%dx%d", cols, lines) != 2 ||
			    *cols < 80 || *lines < 24 || *cols > 500 ||
			    *lines > 200) {
				fprintf(stderr,
				    _("parvis preview: --size "
				      "takes COLSxLINES, at least 80x24\n"));
				return false;
			}
		} else if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc) {
			i++;
			*lang = strcmp(argv[i], "en") == 0 ? LANG_EN : LANG_FR;
		} else if (*path == NULL && argv[i][0] != '-') {
			*path = argv[i];
		} else {
			fprintf(stderr, _("parvis preview: unexpected '%s'\n"),
			    argv[i]);
			return false;
		}
	}
	if (*path == NULL) {
		fprintf(stderr,
		    _("usage: parvis preview FORM.ini [--size "
		      "80x24] [--lang fr|en]\n"));
	}
	return *path != NULL;
}

int
command_preview(const struct config *cfg, int argc, char **argv)
{
	const char *path = NULL;
	struct ui_options uo = { .offscreen = true, .lines = 24, .cols = 80 };
	enum lang lang = LANG_FR;
	struct journey_settings s = { .offer_english = true,
		.kiosk_name = cfg->name,
		.idle_ms = 1 << 30 };
	struct form_diags diags = { 0 };
	struct communes communes = { 0 };
	struct preview_words words;
	struct journey j;
	struct form *f;
	struct error err;

	if (!parse_preview_args(
	        argc, argv, &path, &uo.cols, &uo.lines, &lang)) {
		return 2;
	}
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

void
command_language(const struct config *cfg)
{
	const char *env = getenv("LANGUAGE");
	const char *lang = cfg->language;

	if (env != NULL &&
	    (strncmp(env, "en", 2) == 0 || strncmp(env, "fr", 2) == 0)) {
		lang = env;
	}
	i18n_set_lang(strncmp(lang, "en", 2) == 0 ? LANG_EN : LANG_FR);
}

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

int
command_export(const struct config *cfg, int argc, char **argv)
{
	enum store_format format = STORE_CSV;
	const char *form_id = NULL;
	const char *output = NULL;
	struct error err = { 0 };
	struct store *s;
	bool ok;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
			i++;
			if (strcmp(argv[i], "csv") == 0) {
				format = STORE_CSV;
			} else if (strcmp(argv[i], "json") == 0) {
				format = STORE_JSON;
			} else {
				fprintf(stderr,
				    _("parvis export: unknown "
				      "format '%s' (expected csv or json)\n"),
				    argv[i]);
				return 2;
			}
		} else if (strcmp(argv[i], "--form") == 0 && i + 1 < argc) {
			form_id = argv[++i];
		} else if (strcmp(argv[i], "--output") == 0 && i + 1 < argc) {
			output = argv[++i];
		} else if (strcmp(argv[i], "--bundle") == 0 && i + 1 < argc &&
		    argc == 2) {
			return command_export_bundle(cfg, argv[++i]);
		} else {
			/* TRANSLATORS: the second line is aligned under
			 * the first: keep "parvis" under "parvis". */
			fprintf(stderr,
			    _("usage: parvis export [--format "
			      "csv|json] [--form ID] [--output FILE]\n"
			      "       parvis export --bundle FILE\n"));
			return 2;
		}
	}
	s = command_open_store(cfg);
	if (s == NULL) {
		return 1;
	}
	/* Written beside, then renamed: never a half-written file. */
	ok = output != NULL ? export_file(s, format, form_id, output, &err)
	                    : export_write(s, format, form_id, stdout, &err);
	store_destroy(s);
	if (!ok) {
		fprintf(stderr, "parvis: %s\n", err.msg);
		return 1;
	}
	return 0;
}

static bool
pin_is_run(const char *pin, int step)
{
	for (size_t i = 1; pin[i] != '\0'; i++) {
		if (pin[i] - pin[i - 1] != step) {
			return false;
		}
	}
	return true;
}

bool
pin_acceptable(const char *pin, const char **why)
{
	static const char *const favourites[] = { "1212", "6969", "1004",
		"2580", "0852", "1122", "2000", "1984", "4321", "123123",
		"112233", NULL };
	size_t len = strlen(pin);

	if (len < 4 || len > 8 || strspn(pin, "0123456789") != len) {
		*why = _("a PIN is 4 to 8 digits");
		return false;
	}
	if (pin_is_run(pin, 0) || pin_is_run(pin, 1) || pin_is_run(pin, -1)) {
		*why = _("this PIN is too easy to guess (same digit, or "
		         "digits in a row)");
		return false;
	}
	for (size_t i = 0; favourites[i] != NULL; i++) {
		if (strcmp(pin, favourites[i]) == 0) {
			*why = _("this PIN is one of the most used ones");
			return false;
		}
	}
	if (len % 2 == 0 && len >= 4 && strncmp(pin, pin + 2, len - 2) == 0) {
		*why = _("this PIN repeats the same two digits");
		return false;
	}
	return true;
}

/* Reads one line from standard input without echo when it is a terminal. */
static bool
read_secret(const char *prompt, char *buf, size_t size)
{
	struct termios old, quiet;
	bool tty = isatty(STDIN_FILENO);
	bool ok;

	if (tty) {
		fprintf(stderr, "%s", prompt);
		tcgetattr(STDIN_FILENO, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	ok = fgets(buf, (int)size, stdin) != NULL;
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fprintf(stderr, "\n");
	}
	buf[strcspn(buf, "\r\n")] = '\0';
	return ok;
}

int
command_set_pin(const char *config_path, int argc, char **argv)
{
	char pin[64], again[64];
	char hash[crypto_pwhash_STRBYTES];
	const char *why;
	struct error err;
	bool volunteer = argc == 1 && strcmp(argv[0], "volunteer") == 0;

	if (argc > 1 ||
	    (argc == 1 && !volunteer && strcmp(argv[0], "admin") != 0)) {
		fprintf(stderr, _("usage: parvis set-pin [admin|volunteer]\n"));
		return 2;
	}
	if (!read_secret(
	        "Nouveau code (4 à 8 chiffres) / New PIN: ", pin, sizeof pin) ||
	    !read_secret("Encore une fois / Again: ", again, sizeof again)) {
		fprintf(stderr, _("parvis: no PIN given\n"));
		return 1;
	}
	if (strcmp(pin, again) != 0) {
		fprintf(stderr,
		    _("parvis: the two PINs differ; nothing "
		      "changed\n"));
		return 1;
	}
	if (!pin_acceptable(pin, &why)) {
		/* TRANSLATORS: %s is why the PIN is refused, e.g. "this
		 * PIN is one of the most used ones". */
		fprintf(stderr, _("parvis: %s; nothing changed\n"), why);
		return 1;
	}
	if (crypto_pwhash_str(hash, pin, strlen(pin),
	        crypto_pwhash_OPSLIMIT_INTERACTIVE,
	        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		fprintf(stderr,
		    _("parvis: not enough memory to hash the "
		      "PIN\n"));
		return 1;
	}
	sodium_memzero(pin, sizeof pin);
	sodium_memzero(again, sizeof again);
	if (!config_write_key(config_path, "admin",
	        volunteer ? "volunteer_pin" : "pin", hash, &err)) {
		fprintf(stderr, "parvis: %s\n", err.msg);
		return 1;
	}
	printf(_("PIN saved in %s\n"), config_path);
	return 0;
}
