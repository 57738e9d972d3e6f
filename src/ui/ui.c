/*
 * The terminal and the event loop's input side (see ui.h): real terminal
 * set-up for a kiosk, taps hit-tested against the regions of the last
 * drawing, and the scripted mode used by the tests.
 */
#include "ui.h"

#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <unistd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "clock.h"
#include "draw.h"
#include "glyphs.h"
#include "script.h"
#include "touch_device.h"
#include "utf8.h"
#include "widgets.h"

#define TICK_MS 200

static bool active;
static SCREEN *screen;
static FILE *null_out, *null_in;
static struct script *script;
static struct touch_device *touch;
static volatile sig_atomic_t stop_requested;

static void
on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* Keyboard signals do nothing in a kiosk; SIGTERM and SIGHUP end the
 * program cleanly through the main loop. */
static void
lock_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	sigaction(SIGTSTP, &sa, NULL);
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

static bool
init_offscreen(const struct ui_options *o, struct error *err)
{
	if (o->script != NULL) {
		script = script_open(o->script, o->dump_dir, err);
		if (script == NULL) {
			return false;
		}
	}
	null_out = fopen("/dev/null", "w");
	null_in = fopen("/dev/null", "r");
	screen = newterm("xterm-256color", null_out, null_in);
	if (screen == NULL) {
		return error_set(err, "cannot set up the off-screen terminal");
	}
	set_term(screen);
	resize_term(o->lines > 0 ? o->lines : 24, o->cols > 0 ? o->cols : 80);
	return true;
}

bool
ui_init(const struct ui_options *o, struct error *err)
{
	lock_signals();
	if (o->script != NULL || o->offscreen) {
		if (!init_offscreen(o, err)) {
			return false;
		}
	} else if (initscr() == NULL) {
		return error_set(err, "cannot use this terminal (TERM=%s)",
		    getenv("TERM") ? getenv("TERM") : "unset");
	}
	if (o->touch != NULL && o->touch[0] != '\0' && o->script == NULL) {
		touch = touch_device_open(o->touch, &o->touch_calibration, err);
		if (touch == NULL) {
			return false;
		}
	}
	active = true;
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	mouseinterval(0);
	mousemask(BUTTON1_PRESSED | BUTTON1_RELEASED | BUTTON1_CLICKED, NULL);
	widgets_init();
	/* The terminal's own glyphs; a script's off-screen terminal shows
	 * everything unless PARVIS_GLYPHS says otherwise. */
	ui_glyphs_detect(
	    o->script != NULL || o->offscreen ? -1 : STDOUT_FILENO);
	return true;
}

void
ui_finish(void)
{
	if (!active) {
		return;
	}
	active = false;
	endwin();
	if (screen != NULL) {
		delscreen(screen);
		screen = NULL;
	}
	if (null_out != NULL) {
		fclose(null_out);
		fclose(null_in);
		null_out = null_in = NULL;
	}
	script_close(script);
	script = NULL;
	touch_device_close(touch);
	touch = NULL;
}

int
ui_lines(void)
{
	return LINES;
}

int
ui_cols(void)
{
	return COLS;
}

bool
ui_dump_to(FILE *out)
{
	wchar_t row[1024];
	char line[4096];

	for (int y = 0; y < LINES; y++) {
		int n = mvinnwstr(y, 0, row, COLS < 1023 ? COLS : 1023);
		size_t len = 0;
		if (n < 0) {
			n = 0;
		}
		for (int i = 0; i < n && len + 4 < sizeof line; i++) {
			len += utf8_encode((uint32_t)row[i], line + len);
		}
		while (len > 0 && line[len - 1] == ' ') {
			len--;
		}
		line[len] = '\0';
		fprintf(out, "%s\n", line);
	}
	return !ferror(out);
}

/* A tap at (y, x): the input of the region there, if any. */
static bool
tap_input(int y, int x, struct ui_event *ev)
{
	const struct region *r = ui_region_at(y, x);

	if (r == NULL) {
		return false;
	}
	ev->kind = UI_INPUT;
	ev->input = r->input;
	return true;
}

/* A tap acts when the finger touches (the press).  When the press and
 * the release reach ncurses together (over SSH, in tmux, or while the
 * kiosk was busy) it reports the release alone: that is a tap too. */
static bool
mouse_event(struct ui_event *ev)
{
	static bool pressed;
	MEVENT me;

	if (getmouse(&me) != OK) {
		return false;
	}
	if (me.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) {
		pressed = (me.bstate & BUTTON1_PRESSED) != 0;
		return tap_input(me.y, me.x, ev);
	}
	if (me.bstate & BUTTON1_RELEASED) {
		bool was_pressed = pressed;
		pressed = false;
		return !was_pressed && tap_input(me.y, me.x, ev);
	}
	return false;
}

/* Reads the real terminal until an event or TICK_MS pass. */
/* Waits up to a tick for the touchscreen or the terminal.  True when the
 * touchscreen gave a tap (in ev); false when the terminal is to be read
 * (without waiting: the tick is spent). */
static bool
wait_touch(struct ui_event *ev)
{
	struct pollfd p[2] = {
		{ .fd = STDIN_FILENO, .events = POLLIN },
		{ .fd = touch_device_fd(touch), .events = POLLIN },
	};
	struct touch_tap tap;

	if (poll(p, 2, TICK_MS) <= 0 || !(p[1].revents & POLLIN)) {
		return false;
	}
	if (touch_device_read(touch, LINES, COLS, &tap)) {
		if (!tap_input(tap.row, tap.col, ev)) {
			ev->kind = UI_TICK; /* a tap on nothing */
		}
		ev->touched = true;
		ev->touch_x = tap.x;
		ev->touch_y = tap.y;
		return true;
	}
	if (touch_device_ended(touch)) {
		touch_device_close(touch); /* a recorded stream, replayed */
		touch = NULL;
	}
	return false;
}

void
ui_touch_calibrate(const struct touch_axes *axes)
{
	if (touch != NULL) {
		touch_device_set_axes(touch, axes);
	}
}

static bool
wait_terminal(const struct screen *s, struct ui_event *ev)
{
	wint_t key;
	int rc;

	ev->touched = false;
	if (touch != NULL && wait_touch(ev)) {
		return true;
	}
	timeout(touch != NULL ? 0 : TICK_MS);
	rc = get_wch(&key);
	if (stop_requested) {
		ev->kind = UI_END;
		return true;
	}
	if (rc == ERR) {
		ev->kind = UI_TICK;
		return true;
	}
	if (rc == KEY_CODE_YES && key == KEY_RESIZE) {
		ev->kind = UI_RESIZE;
		return true;
	}
	if (rc == KEY_CODE_YES && key == KEY_MOUSE) {
		if (!mouse_event(ev)) {
			ev->kind = UI_TICK;
		}
		return true;
	}
	ev->kind = UI_INPUT;
	ev->input = ui_key_input((int)key, rc == OK, s->ops->context(s->state));
	return true;
}

bool
ui_wait(const struct screen *s, struct ui_event *ev, struct error *err)
{
	bool ok;

	ev->touched = false;
	s->ops->draw(s->state, clock_now_ms());
	if (script == NULL) {
		refresh();
		ok = wait_terminal(s, ev);
	} else {
		ok = script_next(script, s, ev, err);
	}
	ev->now_ms = clock_now_ms();
	ev->lines = LINES;
	ev->cols = COLS;
	return ok;
}

/* Used by script.c: taps go through the same hit-testing as the mouse. */
bool
ui_tap(int y, int x, struct ui_event *ev)
{
	return tap_input(y, x, ev);
}
