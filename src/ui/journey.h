/*
 * The passer-by's journey as a state machine: attract screen, choice of
 * consultation, intro and privacy notice, one screen per question, the
 * thank-you screen; plus the "still there?" countdown, the save-error
 * screen and the PIN pad that guards the way out.
 *
 * journey_handle() changes state in answer to one input and returns what
 * the kiosk must do next (save, forget, check a PIN: a request, screen.h);
 * the kiosk reports back with journey_saved() and friends.  Drawing is
 * draw.c's business: nothing here touches the terminal, and the time is
 * the event's, given to each call: nothing here reads the clock.
 */
#ifndef PARVIS_UI_JOURNEY_H
#define PARVIS_UI_JOURNEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "action.h"
#include "answer.h"
#include "communes.h"
#include "form.h"
#include "screen.h"

enum screen_id {
	SCREEN_ATTRACT,
	SCREEN_CHOOSE, /* several consultations are open */
	SCREEN_INTRO,  /* summary and privacy notice */
	SCREEN_QUESTION,
	SCREEN_THANKS,
	SCREEN_SAVE_ERROR, /* the answers could not be written */
	SCREEN_PIN,        /* the way out of kiosk mode */
};

struct journey_settings {
	int64_t idle_ms;
	int64_t still_there_ms;
	int64_t thanks_ms;
	int64_t between_ms; /* pause after a submission */
	bool offer_english;
	enum lang default_lang;
	const char *kiosk_name;
};

/* Text being typed: free text, "other", a number, a commune search. */
struct field {
	char buf[8192];
	size_t len;
	size_t max_chars; /* code points */
};

enum keyboard_mode {
	KEYBOARD_LOWER,
	KEYBOARD_UPPER,
	KEYBOARD_DIGITS,
};

struct journey {
	const struct journey_settings *settings;
	const struct form *const *forms; /* the open consultations */
	size_t nforms;
	const struct communes *communes;
	int lines, cols; /* screen size */

	enum screen_id screen;
	enum lang lang;
	const struct form *form;
	struct answer *answers; /* form->nquestions entries */
	size_t current;         /* question shown */
	size_t page;            /* page of options or communes */
	struct field field;
	bool editing_other; /* the "Autre : ..." entry is open */
	enum keyboard_mode keyboard;
	char hint[160]; /* a short notice under the prompt */

	bool still_there; /* the countdown is on screen */
	int64_t last_input_ms;
	int64_t started_ms;
	int64_t finished_ms; /* end of the last submission */
	int64_t thanks_since_ms;

	char receipt[16]; /* shown on the thank-you screen */
	char error[1600]; /* for the save-error screen */
	char pin[9];
	int corner_taps; /* the hidden gesture: 3 taps in 3 s */
	int64_t corner_first_ms;
	int pin_failures;
	int64_t pin_locked_until_ms;
	int64_t now_ms; /* the time of the event being handled */
};

/* The journey as a screen (screen.h). */
extern const struct screen_ops journey_screen;

void journey_init(struct journey *j, const struct journey_settings *s,
    const struct form *const *forms, size_t nforms,
    const struct communes *communes, int64_t now_ms);
void journey_finish(struct journey *j);

/* The screen changed size: answers stay, the page is brought in range. */
void journey_resize(struct journey *j, int lines, int cols);

/* Changes the open consultations (after the kiosk reloads its forms);
 * only between participants. */
void journey_set_forms(
    struct journey *j, const struct form *const *forms, size_t nforms);

/* Applies one input (a key or tap turned into an action) made at now_ms:
 * REQUEST_NONE, SUBMIT or CHECK_PIN. */
struct request journey_handle(
    struct journey *j, const struct input *in, int64_t now_ms);

/* Called regularly: timers for inactivity and the thank-you screen
 * (REQUEST_NONE or ABANDON). */
struct request journey_tick(struct journey *j, int64_t now_ms);

/* The kiosk saved the answers under this receipt code. */
void journey_saved(struct journey *j, const char *receipt, int64_t now_ms);

/* The kiosk could not save them: message for the animator. */
void journey_save_failed(struct journey *j, const char *message);

/* The kiosk dealt with REQUEST_ABANDON: back to the attract screen. */
void journey_reset(struct journey *j);

/* What an action does to the current question's answer (answer_input.c,
 * for journey.c). */
enum request_kind journey_question_input(
    struct journey *j, const struct input *in);

/* The kiosk checked the PIN. */
void journey_pin_checked(struct journey *j, bool ok, int64_t now_ms);

/* True when a participant is in the middle of a consultation. */
bool journey_in_session(const struct journey *j);

/* True when at least one question has an answer. */
bool journey_has_answers(const struct journey *j);

/* Number of screens shown to this participant so far and in all, given
 * the answers (for "Question 3 / 8"). */
void journey_progress(const struct journey *j, size_t *pos, size_t *total);

/* The input context of the screen: whether typed characters are text. */
enum input_context journey_context(const struct journey *j);

#endif
