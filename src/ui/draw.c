/*
 * The screens of the journey (see draw.h): attract, choose, intro, each
 * question type, thanks, save error, PIN pad, the "still there?" box and
 * the "window too small" notice.
 */
#include "draw.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "communes_view.h"
#include "glyphs.h"
#include "i18n.h"
#include "keyboard.h"
#include "layout.h"
#include "qr.h"
#include "utf8.h"
#include "widgets.h"
#include "draw_parts.h"

struct input
draw_act(enum action a, int arg)
{
	return (struct input){ .action = a, .arg = arg };
}

void
draw_header(const char *left, const char *right)
{
	int rw = ui_width(right);

	ui_header_colors(true);
	mvhline(0, 0, ' ', COLS);
	ui_put(0, 1, COLS - rw - 4, left);
	ui_put(0, COLS - rw - 1, rw, right);
	ui_header_colors(false);
}

void
draw_hint(const struct journey *j)
{
	if (j->hint[0] != '\0') {
		ui_bold(true);
		ui_put_centered(1, j->hint);
		ui_bold(false);
	}
}

static void
lang_button(const struct journey *j, int x)
{
	if (j->settings->offer_english) {
		ui_button(LINES - 3, x, 12,
		    j->lang == LANG_FR ? "English" : "Français", BUTTON_NORMAL,
		    draw_act(ACTION_LANG, 0));
	}
}

/* The navigation bar: back on the left, language, forward on the right. */
void
draw_nav(const struct journey *j, const char *back, const char *next,
    enum button_style next_style, enum action next_action)
{
	int y = LINES - 3;

	if (back != NULL) {
		ui_button(y, MARGIN, NAV_W, back, BUTTON_NORMAL,
		    draw_act(ACTION_BACK, 0));
	}
	lang_button(j, MARGIN + NAV_W + 2);
	if (next != NULL) {
		ui_button(y, COLS - MARGIN - NAV_W, NAV_W, next, next_style,
		    draw_act(next_action, 0));
	}
}

void
draw_page_buttons(const struct journey *j, const struct grid *g, size_t n)
{
	size_t pages = layout_pages(g, n);
	int x = COLS - MARGIN - NAV_W - 2 - 7;
	char label[32];

	if (pages <= 1) {
		return;
	}
	ui_button(LINES - 3, x, 7, "▸",
	    j->page + 1 < pages ? BUTTON_NORMAL : BUTTON_DISABLED,
	    draw_act(ACTION_PAGE_NEXT, 0));
	ui_button(LINES - 3, x - 9, 7, "◂",
	    j->page > 0 ? BUTTON_NORMAL : BUTTON_DISABLED,
	    draw_act(ACTION_PAGE_PREV, 0));
	snprintf(label, sizeof label, "%zu / %zu", j->page + 1, pages);
	ui_put(LINES - 2, x - 9 - ui_width(label) - 1, 10, label);
}

/* A button of a grid, with its key digit on the top border. */
void
draw_grid_button(const struct grid *g, size_t slot, const char *label,
    enum button_style style, struct input in, const char *corner)
{
	int y = g->top + (int)(slot / (size_t)g->cols) * (g->height + g->gap_y);
	int x = g->left + (int)(slot % (size_t)g->cols) * (g->width + g->gap_x);
	char digit[4];

	ui_button(y, x, g->width, label, style, in);
	if (slot < 9) {
		snprintf(digit, sizeof digit, "%zu", slot + 1);
		mvaddstr(y, x + 1, digit);
	}
	if (corner != NULL) {
		ui_put(y, x + g->width - 2 - ui_width(corner), 8, corner);
	}
}

static void
draw_attract(const struct journey *j, int64_t now)
{
	bool resting = now < j->finished_ms + j->settings->between_ms;
	int y = 3;

	draw_header(j->settings->kiosk_name, "parvis");
	ui_hotspot(0, COLS - 8, 2, 8, draw_act(ACTION_CORNER, 0));
	ui_bold(true);
	ui_put_centered(y, _("Have your say!"));
	ui_bold(false);
	ui_put_centered(
	    y + 2, _("Two minutes, anonymous, for your territory."));
	y += 4;
	for (size_t i = 0; i < j->nforms && i < 4; i++) {
		char line[256];
		snprintf(line, sizeof line, "• %s",
		    form_text(&j->forms[i]->title, j->lang));
		ui_put_centered(y++, line);
	}
	if (j->nforms == 0) {
		ui_put_centered(y + 1, _("No consultation is open right now."));
		return;
	}
	ui_button(LINES - 8, (COLS - 30) / 2, 30,
	    resting ? _("One moment…") : _("Start"),
	    resting ? BUTTON_DISABLED : BUTTON_PRIMARY,
	    draw_act(ACTION_START, 0));
	lang_button(j, (COLS - 12) / 2);
}

static void
draw_choose(const struct journey *j)
{
	struct grid g;
	size_t n;

	draw_header(j->settings->kiosk_name, "");
	ui_bold(true);
	ui_put(1, MARGIN, COLS - 4, _("Choose a consultation:"));
	ui_bold(false);
	layout_current_grid(j, &g, &n);
	for (size_t s = 0; s < g.per_page; s++) {
		size_t k = j->page * g.per_page + s;
		if (k >= n) {
			break;
		}
		draw_grid_button(&g, s, form_text(&j->forms[k]->title, j->lang),
		    BUTTON_NORMAL, draw_act(ACTION_OPTION, (int)s), NULL);
	}
	draw_nav(j, _("◂ Back"), NULL, BUTTON_NORMAL, ACTION_NEXT);
	draw_page_buttons(j, &g, n);
}

static void
draw_intro(const struct journey *j)
{
	const struct form *f = j->form;
	int y = 2;
	int w = COLS - 2 * MARGIN;
	int bottom = LINES - 5;

	draw_header(form_text(&f->title, j->lang), f->owner ? f->owner : "");
	ui_bold(true);
	y += ui_wrap(y, MARGIN, w, 2, form_text(&f->title, j->lang));
	ui_bold(false);
	if (f->summary.fr != NULL) {
		y += ui_wrap(y, MARGIN, w, 3, form_text(&f->summary, j->lang));
	}
	y++;
	ui_bold(true);
	ui_put(y++, MARGIN, w, _("Your answers and your privacy"));
	ui_bold(false);
	ui_wrap(y, MARGIN, w, bottom - y + 1, form_text(&f->privacy, j->lang));
	draw_nav(j, _("◂ Back"), _("Start ▸"), BUTTON_PRIMARY, ACTION_NEXT);
}

/* The box where typed text appears, with the count of characters. */
void
draw_field(const struct journey *j, int y, const char *placeholder)
{
	const struct field *f = &j->field;
	int w = COLS - 2 * MARGIN;
	int tw = ui_width(f->buf);
	const char *shown = f->buf;
	char count[32];

	ui_box(y, MARGIN, 3, w);
	/* Show the end of a long text: skip leading characters. */
	while (tw > w - 4 && *shown != '\0') {
		shown++;
		while ((*shown & 0xC0) == 0x80) {
			shown++;
		}
		tw = ui_width(shown);
	}
	if (f->len == 0 && placeholder != NULL) {
		ui_dim(true);
		ui_put(y + 1, MARGIN + 2, w - 4, placeholder);
		ui_dim(false);
	} else {
		ui_put(y + 1, MARGIN + 2, w - 4, shown);
		ui_put_glyph(y + 1, MARGIN + 2 + tw, L'▏');
	}
	if (f->max_chars > 0 && f->max_chars < 10000) {
		snprintf(count, sizeof count, " %zu / %zu ",
		    utf8_length(f->buf), f->max_chars);
		ui_put(y, MARGIN + w - 2 - ui_width(count), 20, count);
	}
}

void
draw_prompt(const struct journey *j, int max_rows)
{
	const struct question *q = &j->form->questions[j->current];
	int w = COLS - 2 * MARGIN;
	int y = 2;

	ui_bold(true);
	y += ui_wrap(y, MARGIN, w, max_rows, form_text(&q->prompt, j->lang));
	ui_bold(false);
	if (q->help.fr != NULL && y < 2 + max_rows) {
		ui_dim(true);
		ui_wrap(y, MARGIN, w, 2 + max_rows - y,
		    form_text(&q->help, j->lang));
		ui_dim(false);
	}
}

static void
draw_thanks(const struct journey *j)
{
	const struct form *f = j->form;
	const char *thanks = f != NULL && f->thanks.fr != NULL
	    ? form_text(&f->thanks, j->lang)
	    : _("Thank you! Your opinion counts.");
	int qr_rows = 0, qr_cols = 0;
	bool qr = f != NULL && f->link != NULL && ui_glyphs_blocks() &&
	    qr_size(f->link, &qr_rows, &qr_cols) && qr_rows <= LINES - 5;
	int w = (qr ? COLS - qr_cols - 3 : COLS) - 2 * MARGIN;
	char line[128];
	int y = 2;

	draw_header(f != NULL ? form_text(&f->title, j->lang) : "", "");
	ui_bold(true);
	y += ui_wrap(y, MARGIN, w, 6, thanks) + 1;
	ui_put(y++, MARGIN, w, _("✓ Your answers are saved."));
	ui_bold(false);
	y++;
	snprintf(line, sizeof line, _("Your receipt code: %s"), j->receipt);
	ui_put(y++, MARGIN, w, line);
	if (qr) {
		y++;
		y += ui_wrap(y, MARGIN, w, 3,
		    _("To follow this consultation, scan the code:"));
		ui_wrap(y, MARGIN, w, 2, f->link);
		qr_draw(1, COLS - MARGIN - qr_cols, f->link);
	}
	ui_button(LINES - 3, COLS - MARGIN - NAV_W, NAV_W, _("Finish"),
	    BUTTON_PRIMARY, draw_act(ACTION_FINISH, 0));
}

static void
draw_save_error(const struct journey *j)
{
	int w = COLS - 2 * MARGIN;
	int y = 3;

	draw_header(_("Saving failed"), "");
	ui_bold(true);
	y += ui_wrap(y, MARGIN, w, 3,
	    _("Your answers could not be saved yet. They are kept on this "
	      "screen: please call the person running the stall."));
	ui_bold(false);
	y++;
	y += ui_wrap(y, MARGIN, w, 6, j->error);
	ui_button(LINES - 3, COLS - MARGIN - NAV_W, NAV_W, _("Try again"),
	    BUTTON_PRIMARY, draw_act(ACTION_RETRY, 0));
}

static void
draw_pin(const struct journey *j, int64_t now)
{
	char dots[32] = "";
	int64_t wait = j->pin_locked_until_ms - now;

	draw_header(_("Leave kiosk mode"), "");
	draw_hint(j);
	ui_put(3, MARGIN, COLS - 4, _("Code of the person running the stall:"));
	for (size_t i = 0; j->pin[i] != '\0'; i++) {
		strcat(dots, "● ");
	}
	ui_box(5, MARGIN, 3, 24);
	ui_put(6, MARGIN + 2, 20, dots);
	if (wait > 0) {
		char line[96];
		snprintf(line, sizeof line,
		    _("Wait %lld s before trying again."),
		    (long long)(wait + 999) / 1000);
		ui_put(9, MARGIN, COLS - 4, line);
	} else {
		keyboard_draw(10, KEYBOARD_NUMBER, KEYBOARD_LOWER, false);
	}
	ui_button(LINES - 3, MARGIN, NAV_W, _("Cancel"), BUTTON_NORMAL,
	    draw_act(ACTION_CANCEL, 0));
	ui_button(LINES - 3, COLS - MARGIN - NAV_W, NAV_W, _("OK"),
	    BUTTON_PRIMARY, draw_act(ACTION_OK, 0));
}

static void
draw_still_there(const struct journey *j, int64_t now)
{
	int64_t left = j->settings->idle_ms + j->settings->still_there_ms -
	    (now - j->last_input_ms);
	int w = 56;
	int y = (LINES - 11) / 2;
	int x = (COLS - w) / 2;
	char line[128];

	ui_regions_clear(); /* only the box answers now */
	for (int r = y; r < y + 11; r++) {
		mvhline(r, x, ' ', w);
	}
	ui_box(y, x, 11, w);
	ui_bold(true);
	ui_put(y + 2, x + 3, w - 6, _("Are you still there?"));
	ui_bold(false);
	snprintf(line, sizeof line,
	    _("Without an answer, everything starts "
	      "again in %lld s."),
	    (long long)(left < 0 ? 0 : (left + 999) / 1000));
	ui_wrap(y + 4, x + 3, w - 6, 2, line);
	ui_button(y + 7, x + (w - 30) / 2, 30, _("Yes, I am here"),
	    BUTTON_PRIMARY, draw_act(ACTION_CONTINUE, 0));
}

void
ui_draw(const struct journey *j, int64_t now_ms)
{
	if (!ui_begin_screen()) {
		return;
	}
	switch (j->screen) {
	case SCREEN_ATTRACT:
		draw_attract(j, now_ms);
		break;
	case SCREEN_CHOOSE:
		draw_choose(j);
		break;
	case SCREEN_INTRO:
		draw_intro(j);
		break;
	case SCREEN_QUESTION:
		draw_question(j);
		break;
	case SCREEN_THANKS:
		draw_thanks(j);
		break;
	case SCREEN_SAVE_ERROR:
		draw_save_error(j);
		break;
	case SCREEN_PIN:
		draw_pin(j, now_ms);
		break;
	}
	if (j->still_there) {
		draw_still_there(j, now_ms);
	}
}
