/*
 * The screens' state machines without a terminal: the key table
 * (ui_key_input), the passer-by's journey (journey_handle, journey_tick),
 * the animator's screens (admin_handle, admin_tick) and the volunteers'
 * (volunteer_handle).  They have no side effects but the state they are
 * given, so each test feeds inputs and reads the state and the request
 * that comes back; time is the virtual clock.
 *
 * Args: the shipped forms/transport-dignois.ini.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <curses.h>

#include "admin.h"
#include "clock.h"
#include "journey.h"
#include "ui.h"
#include "volunteer.h"

#define T0 1795000000000LL /* 2026-11-18, some morning */

static const char *form_path;

static struct input
act(enum action a, int arg)
{
	return (struct input){ .action = a, .arg = arg };
}

static struct input
typed(uint32_t ch)
{
	return (struct input){ .action = ACTION_CHAR, .ch = ch };
}

/* The screens are given the time; the tests move it (clock_advance). */
static enum request_kind
jin(struct journey *j, struct input in)
{
	return journey_handle(j, &in, clock_now_ms()).kind;
}

static enum request_kind
jtick(struct journey *j)
{
	return journey_tick(j, clock_now_ms()).kind;
}

static struct request
ain(struct admin *a, struct input in)
{
	return admin_handle(a, &in, clock_now_ms());
}

static struct request
vin(struct volunteer *v, struct input in)
{
	return volunteer_handle(v, &in, clock_now_ms());
}

/* ---- the key table ---------------------------------------------------- */

static enum action
key_action(int key, bool is_char, enum input_context ctx)
{
	return ui_key_input(key, is_char, ctx).action;
}

static void
test_every_row_of_the_key_table(void **state)
{
	enum input_context any[] = { CONTEXT_BUTTONS, CONTEXT_TEXT,
		CONTEXT_DIGITS, CONTEXT_SEARCH };

	for (size_t i = 0; i < sizeof any / sizeof any[0]; i++) {
		enum input_context c = any[i];
		assert_int_equal(key_action('\n', true, c), ACTION_NEXT);
		assert_int_equal(key_action('\r', true, c), ACTION_NEXT);
		assert_int_equal(key_action(KEY_ENTER, false, c), ACTION_NEXT);
		assert_int_equal(
		    key_action(KEY_NPAGE, false, c), ACTION_PAGE_NEXT);
		assert_int_equal(
		    key_action(KEY_PPAGE, false, c), ACTION_PAGE_PREV);
		assert_int_equal(key_action(KEY_F(2), false, c), ACTION_LANG);
		assert_int_equal(key_action(KEY_F(10), false, c), ACTION_EXIT);
		assert_int_equal(key_action(27, true, c), ACTION_CANCEL);
		/* Ctrl-C, Ctrl-Z, Ctrl-\ do nothing in a kiosk. */
		assert_int_equal(key_action(3, true, c), ACTION_NONE);
		assert_int_equal(key_action(26, true, c), ACTION_NONE);
		assert_int_equal(key_action(28, true, c), ACTION_NONE);
	}
	/* Backspace goes back on buttons and erases while typing. */
	for (int k = 0; k < 3; k++) {
		int key = (int[]){ KEY_BACKSPACE, 127, 8 }[k];
		bool is_char = key != KEY_BACKSPACE;
		assert_int_equal(
		    key_action(key, is_char, CONTEXT_BUTTONS), ACTION_BACK);
		assert_int_equal(
		    key_action(key, is_char, CONTEXT_TEXT), ACTION_ERASE);
	}
	assert_int_equal(
	    key_action(KEY_RIGHT, false, CONTEXT_BUTTONS), ACTION_PAGE_NEXT);
	assert_int_equal(
	    key_action(KEY_LEFT, false, CONTEXT_BUTTONS), ACTION_PAGE_PREV);
	assert_int_equal(
	    key_action(KEY_LEFT, false, CONTEXT_TEXT), ACTION_NONE);
	assert_int_equal(key_action(' ', true, CONTEXT_BUTTONS), ACTION_START);
	assert_int_equal(key_action(' ', true, CONTEXT_TEXT), ACTION_CHAR);
}

static void
test_digits_and_letters_by_context(void **state)
{
	struct input in = ui_key_input('3', true, CONTEXT_BUTTONS);

	assert_int_equal(in.action, ACTION_OPTION);
	assert_int_equal(in.arg, 2);
	in = ui_key_input('3', true, CONTEXT_DIGITS);
	assert_int_equal(in.action, ACTION_CHAR);
	assert_int_equal(in.ch, '3');
	assert_int_equal(key_action('a', true, CONTEXT_DIGITS), ACTION_NONE);
	assert_int_equal(key_action('-', true, CONTEXT_DIGITS), ACTION_CHAR);
	assert_int_equal(key_action('0', true, CONTEXT_BUTTONS), ACTION_NONE);
	/* œ is U+0153, the number of KEY_PPAGE: a letter, never a page. */
	in = ui_key_input(KEY_PPAGE, true, CONTEXT_TEXT);
	assert_int_equal(in.action, ACTION_CHAR);
	assert_int_equal(in.ch, (uint32_t)KEY_PPAGE);
}

/* ---- the journey -------------------------------------------------------- */

struct jfix {
	struct journey_settings settings;
	struct journey j;
	struct form *form;
	const struct form *forms[1];
};

static int
journey_setup(void **state)
{
	struct jfix *f = calloc(1, sizeof *f);
	struct form_diags diags = { 0 };

	if (f == NULL) {
		return -1;
	}
	clock_set(T0);
	f->settings = (struct journey_settings){
		.idle_ms = 90000,
		.still_there_ms = 20000,
		.thanks_ms = 15000,
		.between_ms = 3000,
		.offer_english = true,
		.default_lang = LANG_FR,
		.kiosk_name = "Kiosque de test",
	};
	f->form = form_parse_file(form_path, &diags);
	if (f->form == NULL) {
		free(f);
		return -1;
	}
	f->forms[0] = f->form;
	journey_init(&f->j, &f->settings, f->forms, 1, NULL, clock_now_ms());
	journey_resize(&f->j, 24, 80);
	*state = f;
	return 0;
}

static int
journey_teardown(void **state)
{
	struct jfix *f = *state;

	journey_finish(&f->j);
	form_destroy(f->form);
	free(f);
	return 0;
}

/* Opens the PIN pad and types a wrong PIN; the kiosk says it is wrong. */
static void
wrong_pin(struct journey *j)
{
	assert_int_equal(jin(j, act(ACTION_EXIT, 0)), REQUEST_NONE);
	assert_int_equal(j->screen, SCREEN_PIN);
	for (const char *p = "1111"; *p != '\0'; p++) {
		jin(j, typed((uint32_t)*p));
	}
	assert_string_equal(j->pin, "1111");
	assert_int_equal(jin(j, act(ACTION_OK, 0)), REQUEST_CHECK_PIN);
	journey_pin_checked(j, false, clock_now_ms());
}

/* Whether the pad takes a digit now (it ignores input while locked). */
static bool
pad_takes_digit(struct journey *j)
{
	size_t before = strlen(j->pin);

	jin(j, typed('7'));
	if (strlen(j->pin) == before) {
		return false;
	}
	jin(j, act(ACTION_ERASE, 0));
	return true;
}

static void
test_each_wrong_pin_doubles_the_wait(void **state)
{
	struct jfix *f = *state;
	struct journey *j = &f->j;
	int64_t wait = 1000;

	for (int n = 1; n <= 6; n++, wait *= 2) {
		journey_reset(j);
		wrong_pin(j);
		assert_int_equal(j->screen, SCREEN_PIN);
		assert_false(pad_takes_digit(j));
		clock_advance(wait - 1);
		assert_false(pad_takes_digit(j));
		clock_advance(1);
		assert_true(pad_takes_digit(j));
	}
}

/* 1 s, 2 s ... 256 s, then 5 minutes at most. */
static void
test_wrong_pin_wait_is_capped(void **state)
{
	struct jfix *f = *state;
	struct journey *j = &f->j;

	for (int n = 1; n <= 12; n++) {
		journey_reset(j);
		wrong_pin(j);
		clock_advance(300000);
	}
	journey_reset(j);
	wrong_pin(j);
	clock_advance(299999);
	assert_false(pad_takes_digit(j));
	clock_advance(1);
	assert_true(pad_takes_digit(j));
	/* The right PIN starts the count again. */
	journey_pin_checked(j, true, clock_now_ms());
	journey_reset(j);
	wrong_pin(j);
	clock_advance(1000);
	assert_true(pad_takes_digit(j));
}

static void
test_hidden_corner_needs_three_taps_in_three_seconds(void **state)
{
	struct jfix *f = *state;
	struct journey *j = &f->j;
	struct input corner = act(ACTION_CORNER, 0);

	jin(j, corner);
	jin(j, corner);
	clock_advance(3001);
	jin(j, corner);
	assert_int_equal(j->screen, SCREEN_ATTRACT);
	jin(j, corner);
	jin(j, corner);
	assert_int_equal(j->screen, SCREEN_PIN);
	/* Escape from the pad goes back to the welcome screen. */
	jin(j, act(ACTION_CANCEL, 0));
	assert_int_equal(j->screen, SCREEN_ATTRACT);
}

static void
test_one_open_form_starts_at_its_intro(void **state)
{
	struct jfix *f = *state;
	struct journey *j = &f->j;

	jin(j, act(ACTION_START, 0));
	assert_int_equal(j->screen, SCREEN_INTRO);
	assert_ptr_equal(j->form, f->form);
	jin(j, act(ACTION_NEXT, 0));
	assert_int_equal(j->screen, SCREEN_QUESTION);
	assert_int_equal(j->current, 0);
}

static void
test_idle_participant_is_asked_then_abandoned(void **state)
{
	struct jfix *f = *state;
	struct journey *j = &f->j;

	jin(j, act(ACTION_START, 0));
	jin(j, act(ACTION_NEXT, 0));
	clock_advance(89999);
	assert_int_equal(jtick(j), REQUEST_NONE);
	assert_false(j->still_there);
	clock_advance(1);
	jtick(j);
	assert_true(j->still_there);
	clock_advance(20000);
	assert_int_equal(jtick(j), REQUEST_ABANDON);
}

/* "Classez vos deux priorités": a rank question with max = 2 takes two
 * places, says so on a third tap, and a tap on a ranked option takes it
 * out. */
static void
test_rank_stops_at_max(void **state)
{
	static const char text[] =
	    "[form]\nid = t\nversion = 1\ntitle = T\nprivacy = P\n"
	    "[question top]\ntype = rank\nprompt = Vos deux priorités\n"
	    "option = a | A\noption = b | B\noption = c | C\nmax = 2\n";
	struct journey_settings settings = { .idle_ms = 90000 };
	struct form *form = form_parse("t.ini", text, strlen(text), NULL);
	const struct form *forms[1] = { form };
	struct journey j;

	assert_non_null(form);
	clock_set(T0);
	journey_init(&j, &settings, forms, 1, NULL, clock_now_ms());
	journey_resize(&j, 24, 80);
	jin(&j, act(ACTION_START, 0));
	jin(&j, act(ACTION_NEXT, 0));
	assert_int_equal(j.screen, SCREEN_QUESTION);
	jin(&j, act(ACTION_OPTION, 2));
	jin(&j, act(ACTION_OPTION, 0));
	assert_int_equal(j.answers[0].nvalues, 2);
	assert_string_equal(j.answers[0].values[0], "c");
	jin(&j, act(ACTION_OPTION, 1));
	assert_int_equal(j.answers[0].nvalues, 2);
	assert_non_null(strstr(j.hint, "2"));
	jin(&j, act(ACTION_OPTION, 2));
	assert_int_equal(j.answers[0].nvalues, 1);
	assert_string_equal(j.answers[0].values[0], "a");
	assert_int_equal(jin(&j, act(ACTION_NEXT, 0)), REQUEST_SUBMIT);
	journey_finish(&j);
	form_destroy(form);
	(void)state;
}

/* ---- the animator's screens --------------------------------------------- */

static void
test_admin_home_asks_and_locks_when_left(void **state)
{
	struct admin a = { 0 };
	struct request r;

	clock_set(T0);
	admin_open(&a, 90000, 24, 80, clock_now_ms());
	r = ain(&a, act(ACTION_OPTION, ITEM_APPROACH));
	assert_int_equal(r.kind, REQUEST_COUNT_APPROACH);
	r = ain(&a, act(ACTION_OPTION, ITEM_REFUSAL));
	assert_int_equal(r.kind, REQUEST_COUNT_REFUSAL);
	r = ain(&a, act(ACTION_OPTION, ITEM_SITE));
	assert_int_equal(r.kind, REQUEST_NONE);
	assert_int_equal(a.screen, ADMIN_SITES);
	clock_advance(89999);
	assert_int_equal(admin_tick(&a, clock_now_ms()).kind, REQUEST_NONE);
	clock_advance(1);
	assert_int_equal(
	    admin_tick(&a, clock_now_ms()).kind, REQUEST_BACK_TO_KIOSK);
	/* Not while a synchronisation runs. */
	a.facts.sync.running = true;
	assert_int_equal(admin_tick(&a, clock_now_ms()).kind, REQUEST_NONE);
}

static void
test_admin_ignores_a_too_small_screen(void **state)
{
	struct admin a = { 0 };

	clock_set(T0);
	admin_open(&a, 90000, 23, 80, clock_now_ms());
	assert_int_equal(
	    ain(&a, act(ACTION_OPTION, ITEM_APPROACH)).kind, REQUEST_NONE);
}

/* ---- the volunteers' screens ---------------------------------------------- */

static void
test_volunteer_needs_words_then_a_quote_choice(void **state)
{
	struct volunteer_lists lists = { .question = "Et vous ?" };
	struct volunteer v = { 0 };
	struct request r;

	clock_set(T0);
	volunteer_open(&v, &lists, 90000, 24, 80, clock_now_ms());
	assert_int_equal(v.screen, VOLUNTEER_WORDS);
	/* Nothing typed: no next screen. */
	vin(&v, act(ACTION_NEXT, 0));
	assert_int_equal(v.screen, VOLUNTEER_WORDS);
	for (const char *p = "Plus de bus"; *p != '\0'; p++) {
		vin(&v, typed((uint32_t)*p));
	}
	vin(&v, act(ACTION_NEXT, 0));
	assert_int_equal(v.screen, VOLUNTEER_QUOTE);
	assert_string_equal(v.words, "Plus de bus");
	/* Saved only once a quote choice is made. */
	r = vin(&v, act(ACTION_NEXT, 0));
	assert_int_not_equal(r.kind, REQUEST_SAVE_TESTIMONY);
	assert_int_equal(v.screen, VOLUNTEER_QUOTE);
	vin(&v, act(ACTION_OPTION, QUOTE_ANONYMOUS));
	assert_int_equal(v.quote, QUOTE_ANONYMOUS);
	r = vin(&v, act(ACTION_NEXT, 0));
	assert_int_equal(r.kind, REQUEST_SAVE_TESTIMONY);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_row_of_the_key_table),
		cmocka_unit_test(test_digits_and_letters_by_context),
		cmocka_unit_test_setup_teardown(
		    test_each_wrong_pin_doubles_the_wait, journey_setup,
		    journey_teardown),
		cmocka_unit_test_setup_teardown(test_wrong_pin_wait_is_capped,
		    journey_setup, journey_teardown),
		cmocka_unit_test_setup_teardown(
		    test_hidden_corner_needs_three_taps_in_three_seconds,
		    journey_setup, journey_teardown),
		cmocka_unit_test_setup_teardown(
		    test_one_open_form_starts_at_its_intro, journey_setup,
		    journey_teardown),
		cmocka_unit_test_setup_teardown(
		    test_idle_participant_is_asked_then_abandoned,
		    journey_setup, journey_teardown),
		cmocka_unit_test(test_rank_stops_at_max),
		cmocka_unit_test(test_admin_home_asks_and_locks_when_left),
		cmocka_unit_test(test_admin_ignores_a_too_small_screen),
		cmocka_unit_test(
		    test_volunteer_needs_words_then_a_quote_choice),
	};

	if (argc < 2) {
		return 2;
	}
	form_path = argv[1];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
