/*
 * libFuzzer target: consultation files (forms/NAME.ini) through
 * form_parse(), from the bytes as they would be read from disk.
 *
 * The promises checked on every input are those of form.h: a form or
 * reasons, never both and never neither; every reason names the file and
 * a line that exists (or is the "left out" line); an accepted form holds
 * what the rest of parvis relies on (form_checks.h).  An accepted form is
 * then walked as the kiosk walks it: each question's visibility and
 * answer check, unanswered and with a plain answer given to every
 * earlier question, and whether it is open on a few days.  Its hash must
 * be the SHA-256 of the very bytes given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer.h"
#include "form.h"
#include "form_checks.h"
#include "harness.h"
#include "ids.h"
#include "mutate.h"

/* A plain answer to q, as a participant would give it (none for info). */
static void
give_plain_answer(const struct question *q, struct answer *a)
{
	char number[24];

	switch (q->type) {
	case Q_CHOICE:
	case Q_CHOICES:
	case Q_RANK:
		if (q->noptions > 0) {
			answer_add(a, q->options[0].key);
		}
		break;
	case Q_SCALE:
	case Q_NUMBER:
		snprintf(number, sizeof number, "%lld", (long long)q->min);
		answer_set(a, number);
		break;
	case Q_CONSENT:
		answer_set(a, "oui");
		break;
	case Q_COMMUNE:
		answer_set(a, "04070");
		break;
	case Q_TEXT:
		answer_set(a, "Plus de bus le soir");
		break;
	case Q_INFO:
		break;
	}
}

/* The kiosk's walk through an accepted form. */
static void
walk(const struct form *f)
{
	struct answer *answers = calloc(f->nquestions, sizeof *answers);

	fuzz_expect(answers != NULL, "memory for the answers", NULL);
	for (size_t i = 0; i < f->nquestions; i++) {
		form_question_visible(f, i, answers);
		form_answer_valid(&f->questions[i], &answers[i]);
		give_plain_answer(&f->questions[i], &answers[i]);
		form_answer_valid(&f->questions[i], &answers[i]);
		for (enum lang l = LANG_FR; l < LANG_COUNT; l++) {
			fuzz_expect(
			    form_text(&f->questions[i].prompt, l) != NULL,
			    "form_text() is never NULL", f->questions[i].id);
		}
	}
	for (size_t i = 0; i < f->nquestions; i++) {
		form_question_visible(f, i, answers);
		answer_clear(&answers[i]);
	}
	free(answers);
	form_is_open(f, 0);
	form_is_open(f, 20000);   /* 2024-10-04 */
	form_is_open(f, 2932896); /* 9999-12-31 */
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct form_diags d = { 0 };
	struct buf b = { (char *)data, size, size };
	struct form *f;
	char hash[IDS_SHA256_HEX + 1];
	size_t lines = buf_lines(&b);

	f = form_parse("f.ini", (const char *)data, size, &d);
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
		ids_sha256_hex(data, size, hash);
		fuzz_expect(f->source_len == size &&
		        memcmp(f->source, data, size) == 0 &&
		        strcmp(f->hash, hash) == 0,
		    "the form keeps the file's exact bytes and their hash",
		    NULL);
		walk(f);
	}
	form_destroy(f);
	form_diags_finish(&d);
	return 0;
}
