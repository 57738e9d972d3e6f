/*
 * libFuzzer target: `when` conditions (src/form/when.c), parsed and then
 * evaluated (src/form/answer.c).
 *
 * A fixed, valid form has one question of every type with an answer to
 * compare (choice with "other", choices, rank, scale, number, consent,
 * commune) and an info and a text question, which have none; its last
 * question takes the input as its `when` lines: each line of the input
 * up to its first NUL byte becomes "when = LINE", or stays as it is when
 * it starts with a blank (a list going on over continuation lines).  So
 * the form parser is only the way in: what varies is what when.c reads.
 *
 * After the NUL byte, each line gives the answer to the question of the
 * same rank, values separated by commas, as the kiosk holds them; then
 * every question's visibility is asked on those answers, and their
 * checks.  The promises: form_parse() says yes with conditions only on
 * earlier questions, or no with reasons naming lines of the file; nothing
 * crashes, leaks or reads out of bounds, whatever the answers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer.h"
#include "form.h"
#include "form_checks.h"
#include "harness.h"
#include "mutate.h"

/* The form, line by line, without its last question's conditions. */
static const char *const form_head_lines[] = {
	"[form]",
	"id = quand",
	"version = 1",
	"title = Quand",
	"privacy = Anonyme.",
	"",
	"[question lieu]",
	"type = choice",
	"prompt = Où ?",
	"option = digne | Digne",
	"option = sisteron | Sisteron",
	"other = yes",
	"",
	"[question motifs]",
	"type = choices",
	"prompt = Pourquoi ?",
	"option = travail | Travail",
	"option = courses | Courses",
	"option = loisirs | Loisirs",
	"max = 2",
	"",
	"[question ordre]",
	"type = rank",
	"prompt = Dans quel ordre ?",
	"option = bus | Bus",
	"option = velo | Vélo",
	"",
	"[question note]",
	"type = scale",
	"prompt = Une note ?",
	"",
	"[question trajets]",
	"type = number",
	"prompt = Combien ?",
	"min = -5",
	"max = 40",
	"",
	"[question accord]",
	"type = consent",
	"prompt = D'accord ?",
	"",
	"[question commune]",
	"type = commune",
	"prompt = Où habitez-vous ?",
	"",
	"[question intro]",
	"type = info",
	"prompt = Merci.",
	"",
	"[question idee]",
	"type = text",
	"prompt = Une idée ?",
	"",
	"[question fin]",
	"type = text",
	"prompt = Autre chose ?",
};

/* The form without its `when` lines, made once. */
static struct buf form_head;

/* The form with the input's `when` lines, a new string. */
static char *
form_with_whens(const char *text, size_t len, size_t *out_len)
{
	struct buf b = { NULL, 0, 0 };
	size_t at = 0;

	buf_insert(&b, 0, form_head.data, form_head.len);
	while (at < len) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t n = nl != NULL ? (size_t)(nl - (text + at)) : len - at;

		if (text[at] != ' ' && text[at] != '\t') {
			buf_insert(&b, b.len, "when = ", 7);
		}
		buf_insert(&b, b.len, text + at, n);
		buf_insert(&b, b.len, "\n", 1);
		at += n + 1;
	}
	*out_len = b.len;
	return b.data;
}

/* Fills answers[0..n) from "v1,v2\nv3\n...": line i answers question i. */
static void
give_answers(struct answer *answers, size_t n, const char *s, size_t len)
{
	size_t q = 0, at = 0;

	while (at < len && q < n) {
		size_t end = at;
		char value[256];

		while (end < len && s[end] != ',' && s[end] != '\n') {
			end++;
		}
		if (end - at < sizeof value) {
			memcpy(value, s + at, end - at);
			value[end - at] = '\0';
			answer_add(&answers[q], value);
		}
		q += end < len && s[end] == '\n';
		at = end + 1;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *nul = memchr(text, '\0', size);
	size_t when_len = nul != NULL ? (size_t)(nul - text) : size;
	struct form_diags d = { 0 };
	struct answer *answers;
	struct form *f;
	size_t len, lines;
	char *file;

	file = form_with_whens(text, when_len, &len);
	lines = buf_lines(&(struct buf){ file, len, len });
	f = form_parse("f.ini", file, len, &d);
	fuzz_expect((f == NULL) != (d.count == 0),
	    f == NULL ? "a form refused says why" : "a form accepted is clean",
	    d.count > 0 ? d.items[0].text : NULL);
	for (size_t i = 0; i < d.count; i++) {
		fuzz_expect(names_a_line(d.items[i].text, "f.ini", lines) ||
		        strstr(d.items[i].text, "left out") != NULL,
		    "every reason names its line", d.items[i].text);
	}
	if (f != NULL) {
		fuzz_expect(form_broken(f) == NULL, "an accepted form is whole",
		    form_broken(f));
		answers = calloc(f->nquestions, sizeof *answers);
		fuzz_expect(answers != NULL, "memory for the answers", NULL);
		if (nul != NULL) {
			give_answers(answers, f->nquestions, nul + 1,
			    size - when_len - 1);
		}
		for (size_t i = 0; i < f->nquestions; i++) {
			form_question_visible(f, i, answers);
			form_answer_valid(&f->questions[i], &answers[i]);
		}
		for (size_t i = 0; i < f->nquestions; i++) {
			answer_clear(&answers[i]);
		}
		free(answers);
	}
	form_destroy(f);
	form_diags_finish(&d);
	free(file);
	return 0;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	size_t n = sizeof form_head_lines / sizeof form_head_lines[0];
	struct form_diags d = { 0 };
	struct form *f;

	for (size_t i = 0; i < n; i++) {
		buf_insert(&form_head, form_head.len, form_head_lines[i],
		    strlen(form_head_lines[i]));
		buf_insert(&form_head, form_head.len, "\n", 1);
	}
	f = form_parse("quand.ini", form_head.data, form_head.len, &d);

	/* Without conditions the form is good: what is refused later is
	 * refused for its `when` lines. */
	fuzz_expect(f != NULL, "the form of the when target is valid",
	    d.count > 0 ? d.items[0].text : NULL);
	form_destroy(f);
	form_diags_finish(&d);
	return 0;
}
