/*
 * The hand-built consultation of the store's tests (see fixture.h).
 */
#include "fixture.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *not_quotidien[] = { "quotidien" };

static struct option frequence_options[] = {
	{ .key = "jamais", .label = { .fr = "Jamais" } },
	{ .key = "hebdo", .label = { .fr = "Chaque semaine" } },
	{ .key = "quotidien", .label = { .fr = "Tous les jours" } },
};

static struct option freins_options[] = {
	{ .key = "horaires", .label = { .fr = "Les horaires" } },
	{ .key = "prix", .label = { .fr = "Le prix" } },
};

static struct option priorites_options[] = {
	{ .key = "soir", .label = { .fr = "Le soir" } },
	{ .key = "dimanche", .label = { .fr = "Le dimanche" } },
	{ .key = "ecoles", .label = { .fr = "Les écoles" } },
};

static const char source_format[] =
    "[form]\n"
    "id      = " FX_FORM_ID "\n"
    "version = %lld\n"
    "title   = Le bus à Digne-les-Bains\n"
    "summary = Deux minutes pour améliorer le réseau.\n"
    "level   = consultation\n"
    "owner   = Provence Alpes Agglomération\n"
    "privacy = Réponses anonymes.\n"
    "thanks  = Merci !\n"
    "partial = keep\n"
    "\n"
    "[question intro]\n"
    "type   = info\n"
    "prompt = Bonjour !\n"
    "\n"
    "[question frequence]\n"
    "type     = choice\n"
    "prompt   = À quelle fréquence prenez-vous le bus ?\n"
    "option   = jamais    | Jamais\n"
    "option   = hebdo     | Chaque semaine\n"
    "option   = quotidien | Tous les jours\n"
    "required = yes\n"
    "\n"
    "[question freins]\n"
    "type   = choices\n"
    "prompt = Qu'est-ce qui vous freine ?\n"
    "when   = frequence != quotidien\n"
    "option = horaires | Les horaires\n"
    "option = prix     | Le prix\n"
    "other  = yes\n"
    "max    = 2\n"
    "\n"
    "[question note]\n"
    "type   = scale\n"
    "prompt = Quelle note donnez-vous au réseau ?\n"
    "\n"
    "[question age]\n"
    "type   = number\n"
    "prompt = Quel âge avez-vous ?\n"
    "min    = 0\n"
    "max    = 120\n"
    "\n"
    "[question priorites]\n"
    "type   = rank\n"
    "prompt = Classez vos priorités\n"
    "option = soir     | Le soir\n"
    "option = dimanche | Le dimanche\n"
    "option = ecoles   | Les écoles\n"
    "\n"
    "[question avis]\n"
    "type   = text\n"
    "prompt = Un mot pour finir ?\n"
    "\n"
    "[question commune]\n"
    "type   = commune\n"
    "prompt = Où habitez-vous ?\n"
    "\n"
    "[question accord]\n"
    "type   = consent\n"
    "prompt = Acceptez-vous d'être recontacté ?\n";

static void
question(struct fixture *fx, int i, const char *id, enum question_type type,
    struct option *options, size_t noptions)
{
	struct question *q = &fx->questions[i];

	q->id = (char *)id;
	q->type = type;
	q->prompt.fr = (char *)id;
	q->options = options;
	q->noptions = noptions;
	q->max_length = 500;
}

void
fixture_init(struct fixture *fx, int64_t version)
{
	memset(fx, 0, sizeof *fx);
	question(fx, FX_INTRO, "intro", Q_INFO, NULL, 0);
	question(fx, FX_FREQUENCE, "frequence", Q_CHOICE, frequence_options, 3);
	fx->questions[FX_FREQUENCE].required = true;
	question(fx, FX_FREINS, "freins", Q_CHOICES, freins_options, 2);
	fx->questions[FX_FREINS].other = true;
	fx->questions[FX_FREINS].max = 2;
	fx->when_freins = (struct condition){ .question = FX_FREQUENCE,
		.op = COND_NE,
		.values = not_quotidien,
		.nvalues = 1 };
	fx->questions[FX_FREINS].conds = &fx->when_freins;
	fx->questions[FX_FREINS].nconds = 1;
	question(fx, FX_NOTE, "note", Q_SCALE, NULL, 0);
	fx->questions[FX_NOTE].min = 1;
	fx->questions[FX_NOTE].max = 5;
	question(fx, FX_AGE, "age", Q_NUMBER, NULL, 0);
	fx->questions[FX_AGE].max = 120;
	question(fx, FX_PRIORITES, "priorites", Q_RANK, priorites_options, 3);
	question(fx, FX_AVIS, "avis", Q_TEXT, NULL, 0);
	question(fx, FX_COMMUNE, "commune", Q_COMMUNE, NULL, 0);
	question(fx, FX_ACCORD, "accord", Q_CONSENT, NULL, 0);

	fx->form.id = FX_FORM_ID;
	fx->form.version = version;
	fx->form.title.fr = "Le bus à Digne-les-Bains";
	fx->form.partial = PARTIAL_KEEP;
	fx->form.questions = fx->questions;
	fx->form.nquestions = FX_NQUESTIONS;
	snprintf(
	    fx->source, sizeof fx->source, source_format, (long long)version);
	fx->form.source = fx->source;
	fx->form.source_len = strlen(fx->source);
}

static void
answer_free(struct answer *a)
{
	for (size_t i = 0; i < a->nvalues; i++) {
		free(a->values[i]);
	}
	free(a->values);
	free(a->other);
	memset(a, 0, sizeof *a);
}

void
fixture_finish(struct fixture *fx)
{
	for (int i = 0; i < FX_NQUESTIONS; i++) {
		answer_free(&fx->answers[i]);
	}
}

void
fixture_answer(struct fixture *fx, int q, ...)
{
	struct answer *a = &fx->answers[q];
	const char *v;
	va_list ap;

	answer_free(a);
	a->answered = true;
	a->values = calloc(8, sizeof *a->values);
	va_start(ap, q);
	v = va_arg(ap, const char *);
	while (v != NULL && a->nvalues < 8) {
		a->values[a->nvalues++] = strdup(v);
		v = va_arg(ap, const char *);
	}
	va_end(ap);
}

struct store_submission
fixture_submission(
    const struct fixture *fx, bool completed, size_t last_question)
{
	return (struct store_submission){
		.form = &fx->form,
		.answers = fx->answers,
		.completed = completed,
		.last_question = last_question,
		.lang = LANG_FR,
		.site = "Marché de Digne",
		.mode = "self",
		.receipt = "K7QF-3MZP",
		.started_ms = 0,
	};
}
