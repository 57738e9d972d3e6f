/*
 * Drawing the animator's screens (see admin.h): the health line, the big
 * counters, the site of the day, and the list of sites.
 */
#include <curses.h>
#include <stdio.h>

#include "admin.h"
#include "glyphs.h"
#include "i18n.h"
#include "keyboard.h"
#include "layout.h"
#include "widgets.h"

#define MARGIN 2

static struct input
act(enum action a, int arg)
{
	return (struct input){ .action = a, .arg = arg };
}

static void
draw_header(const struct admin *a)
{
	char left[160];

	snprintf(left, sizeof left, _("Stall — %s"), a->facts.kiosk_name);
	ui_header_colors(true);
	mvhline(0, 0, ' ', COLS);
	ui_put(0, 1, COLS - 24, left);
	ui_put(0, COLS - 1 - ui_width(a->facts.clock), 22, a->facts.clock);
	ui_header_colors(false);
}

static void
draw_health(const struct admin *a)
{
	char line[256];

	snprintf(line, sizeof line, _("Completed answers today: %lld"),
	    (long long)a->facts.completed);
	ui_put(1, MARGIN, COLS - 2 * MARGIN, line);
	snprintf(line, sizeof line, _("Not yet sent: %lld · last sync: %s"),
	    (long long)a->facts.unsent,
	    a->facts.last_sync[0] != '\0' ? a->facts.last_sync : _("never"));
	ui_put(2, MARGIN, COLS - 2 * MARGIN, line);
	if (a->facts.chain[0] != '\0') {
		/* Tampering matters more than the disk: it takes its row. */
		attron(A_BOLD);
		ui_put(3, MARGIN, COLS - 2 * MARGIN, a->facts.chain);
		attroff(A_BOLD);
		return;
	}
	snprintf(line, sizeof line, _("Free disk: %lld MB · database: %lld kB"),
	    (long long)a->facts.free_disk_mb, (long long)a->facts.database_kb);
	ui_dim(true);
	ui_put(3, MARGIN, COLS - 2 * MARGIN, line);
	ui_dim(false);
}

/* The label of a home-screen item, with its figure. */
static void
item_label(const struct admin *a, int item, char *out, size_t size)
{
	const struct admin_facts *f = &a->facts;

	switch (item) {
	case ITEM_SITE:
		snprintf(out, size, _("Site of the day: %s"),
		    f->site >= 0 ? f->sites[f->site].label : _("none yet"));
		break;
	case ITEM_APPROACH:
		snprintf(out, size, _("+ Person approached (%lld)"),
		    (long long)f->approaches);
		break;
	case ITEM_REFUSAL:
		snprintf(
		    out, size, _("+ Declined (%lld)"), (long long)f->refusals);
		break;
	case ITEM_FORMS:
		snprintf(out, size, "%s", _("Consultations on this kiosk"));
		break;
	case ITEM_SYNC:
		snprintf(out, size, "%s", _("Synchronise"));
		break;
	case ITEM_VERBATIMS:
		snprintf(out, size, "%s", _("Words"));
		break;
	case ITEM_CALIBRATE:
		snprintf(out, size, "%s", _("Calibrate the touchscreen"));
		break;
	default:
		snprintf(out, size, "%s", _("Today's figures"));
		break;
	}
}

/* Home: two buttons a row, a blank row between rows (eight items fit
 * above the bottom bar at 80x24, rows 4 to 18). */
static void
draw_home(const struct admin *a)
{
	int w = COLS - 2 * MARGIN;
	int half = (w - 2) / 2;
	char label[200];

	draw_health(a);
	for (int item = 0; item < ITEM_COUNT; item++) {
		int y = 4 + (item / 2) * (LAYOUT_BUTTON_H + 1);
		int x = MARGIN + (item % 2) * (half + 2);
		char digit[4];

		item_label(a, item, label, sizeof label);
		ui_button(y, x, half, label,
		    item == ITEM_SITE && a->facts.site < 0 ? BUTTON_PRIMARY
		                                           : BUTTON_NORMAL,
		    act(ACTION_OPTION, item));
		snprintf(digit, sizeof digit, "%d", item + 1);
		mvaddstr(y, x + 1, digit);
	}
	ui_button(LINES - 3, MARGIN, 24, _("◂ Back to the kiosk"),
	    BUTTON_PRIMARY, act(ACTION_BACK, 0));
	ui_button(LINES - 3, COLS - MARGIN - 28, 28, _("Leave kiosk mode"),
	    BUTTON_NORMAL, act(ACTION_EXIT, 0));
}

/* The synchronisation: a progress bar, then the result in plain words. */
static void
draw_sync(const struct admin *a)
{
	const struct admin_sync *s = &a->facts.sync;
	int w = COLS - 2 * MARGIN;
	int filled = s->total > 0 ? (int)(s->sent * (w - 2) / s->total) : 0;

	ui_bold(true);
	ui_put(2, MARGIN, w, _("Synchronisation with the collection server"));
	ui_bold(false);
	if (!a->facts.sync_configured) {
		ui_wrap(4, MARGIN, w, 4,
		    _("This kiosk has no collection server "
		      "set up ([sync] section of kiosk.ini). Use an export to a USB "
		      "stick instead."));
	} else {
		ui_box(4, MARGIN, 3, w);
		for (int x = 0; x < filled && s->total > 0; x++) {
			ui_put_glyph(5, MARGIN + 1 + x, L'█');
		}
		ui_wrap(8, MARGIN, w, 6, s->message);
	}
	if (!s->running) {
		ui_button(LINES - 3, MARGIN, 17, _("◂ Back"), BUTTON_PRIMARY,
		    act(ACTION_BACK, 0));
	}
	if (s->finished && !s->ok) {
		ui_button(LINES - 3, COLS - MARGIN - 17, 17, _("Try again"),
		    BUTTON_NORMAL, act(ACTION_RETRY, 0));
	}
}

/* Today's figures: the text of `parvis stats`, a page at a time. */
static void
draw_figures(const struct admin *a)
{
	size_t per_page = (size_t)(LINES - 6);
	size_t first = a->page * per_page;
	size_t pages = (a->facts.nfigures + per_page - 1) / per_page;
	char label[32];

	for (size_t i = 0; i < per_page && first + i < a->facts.nfigures; i++) {
		ui_put(1 + (int)i, 0, COLS, a->facts.figures[first + i]);
	}
	ui_button(LINES - 3, MARGIN, 17, _("◂ Back"), BUTTON_PRIMARY,
	    act(ACTION_BACK, 0));
	/* The export sits with the figures: both are the day's results. */
	ui_button(LINES - 3, MARGIN + 19, 30, _("Export to a USB stick"),
	    BUTTON_NORMAL, act(ACTION_OPTION, 0));
	if (pages > 1) {
		ui_button(LINES - 3, COLS - MARGIN - 7, 7, "▸",
		    a->page + 1 < pages ? BUTTON_NORMAL : BUTTON_DISABLED,
		    act(ACTION_PAGE_NEXT, 0));
		ui_button(LINES - 3, COLS - MARGIN - 16, 7, "◂",
		    a->page > 0 ? BUTTON_NORMAL : BUTTON_DISABLED,
		    act(ACTION_PAGE_PREV, 0));
		snprintf(label, sizeof label, "%zu / %zu", a->page + 1, pages);
		ui_put(
		    LINES - 2, COLS - MARGIN - 18 - ui_width(label), 10, label);
	}
}

/* The ◂ ▸ buttons and "2 / 5" of a paged screen. */
static void
draw_pager(size_t page, size_t pages)
{
	char label[32];

	if (pages <= 1) {
		return;
	}
	ui_button(LINES - 3, COLS - MARGIN - 7, 7, "▸",
	    page + 1 < pages ? BUTTON_NORMAL : BUTTON_DISABLED,
	    act(ACTION_PAGE_NEXT, 0));
	ui_button(LINES - 3, COLS - MARGIN - 16, 7, "◂",
	    page > 0 ? BUTTON_NORMAL : BUTTON_DISABLED,
	    act(ACTION_PAGE_PREV, 0));
	snprintf(label, sizeof label, "%zu / %zu", page + 1, pages);
	ui_put(LINES - 2, COLS - MARGIN - 18 - ui_width(label), 10, label);
}

/* The verbatims: the search button, then two rows each (what it is,
 * dimmed, then the words), a page at a time. */
static void
draw_verbatims(const struct admin *a)
{
	size_t per_page = admin_verbatims_per_page(LINES);
	size_t first = a->page * per_page;
	size_t pages = (a->facts.nverbatims + per_page - 1) / per_page;
	int w = COLS - 2 * MARGIN;
	char label[320];

	snprintf(label, sizeof label, _("Search: %s"),
	    a->query[0] != '\0' ? a->query : _("(all the words)"));
	ui_button(1, MARGIN, w, label, BUTTON_NORMAL, act(ACTION_OTHER, 0));
	if (a->facts.nverbatims == 0) {
		ui_put(5, MARGIN, w,
		    a->query[0] != '\0' ? _("Nothing matches these words.")
		                        : _("No comment or testimony yet."));
	}
	for (size_t i = 0; i < per_page && first + i < a->facts.nverbatims;
	     i++) {
		const struct admin_verbatim *v = &a->facts.verbatims[first + i];
		ui_dim(true);
		ui_put(5 + 2 * (int)i, MARGIN, w, v->about);
		ui_dim(false);
		ui_put(6 + 2 * (int)i, MARGIN + 2, w - 2, v->text);
	}
	ui_button(LINES - 3, MARGIN, 17, _("◂ Back"), BUTTON_PRIMARY,
	    act(ACTION_BACK, 0));
	/* The question of the day is set here, beside the words it draws
	 * out: the home screen is full, and an animator who reads the
	 * testimonies is the one who thinks of the next question. */
	ui_button(LINES - 3, MARGIN + 19, 30, _("Question of the day"),
	    BUTTON_NORMAL, act(ACTION_OPTION, 0));
	draw_pager(a->page, pages);
}

/* A line of text typed above the on-screen keyboard, under a prompt,
 * with Back and a button that validates it. */
static void
draw_entry(const struct admin *a, const char *prompt, const char *ok)
{
	int kb = LINES - LAYOUT_NAV_H - 1 - 4 * LAYOUT_BUTTON_H;
	int w = COLS - 2 * MARGIN;
	const char *shown = a->field.buf;

	ui_bold(true);
	ui_wrap(1, MARGIN, w, 2, prompt);
	ui_bold(false);
	ui_box(kb - 3, MARGIN, 3, w);
	while (ui_width(shown) > w - 4 && *shown != '\0') {
		shown++;
		while ((*shown & 0xC0) == 0x80) {
			shown++;
		}
	}
	ui_put(kb - 2, MARGIN + 2, w - 4, shown);
	ui_put_glyph(kb - 2, MARGIN + 2 + ui_width(shown), L'▏');
	keyboard_draw(kb, KEYBOARD_TEXT, a->keyboard, false);
	ui_button(LINES - 3, MARGIN, 17, _("◂ Back"), BUTTON_NORMAL,
	    act(ACTION_BACK, 0));
	ui_button(LINES - 3, COLS - MARGIN - 17, 17, ok, BUTTON_PRIMARY,
	    act(ACTION_NEXT, 0));
}

/* Typing the words to look for. */
static void
draw_search(const struct admin *a)
{
	draw_entry(a,
	    _("Words to look for in the comments and testimonies (accents do "
	      "not matter, the beginning of a word is enough):"),
	    _("Search ✓"));
}

/* Typing where the export goes, then how it went. */
static void
draw_export(const struct admin *a)
{
	draw_entry(a,
	    _("All the records of this kiosk (what parvis-collect import "
	      "takes), written to this file:"),
	    _("Export ✓"));
	ui_bold(!a->facts.export_ok);
	ui_wrap(3, MARGIN, COLS - 2 * MARGIN, 2, a->facts.export_message);
	ui_bold(false);
}

/* Typing the question the porteurs de parole ask today. */
static void
draw_question(const struct admin *a)
{
	draw_entry(a,
	    _("Question of the day, shown to the porteurs de parole above "
	      "the words they type:"),
	    _("Save ✓"));
}

/* Consultations: tap one to close it here, again to open it. */
static void
draw_forms(const struct admin *a)
{
	int w = COLS - 2 * MARGIN;
	int rows = (LINES - 3 - 1 - 4 + 1) / 4;
	char label[300];

	ui_bold(true);
	ui_put(2, MARGIN, w,
	    _("Tap a consultation to close it on this kiosk, "
	      "or to open it again."));
	ui_bold(false);
	for (size_t i = 0; i < a->facts.nforms && (int)i < rows; i++) {
		const struct admin_form *f = &a->facts.forms[i];
		char digit[4];

		snprintf(label, sizeof label, "%s %s — %s",
		    f->closed_here ? "✗" : "✓", f->title,
		    f->closed_here    ? _("closed here")
		        : f->in_dates ? _("open")
		                      : _("outside its dates"));
		ui_button(4 + (int)i * 4, MARGIN, w, label,
		    f->closed_here ? BUTTON_NORMAL : BUTTON_SELECTED,
		    act(ACTION_OPTION, (int)i));
		if (i < 9) {
			snprintf(digit, sizeof digit, "%zu", i + 1);
			mvaddstr(4 + (int)i * 4, MARGIN + 1, digit);
		}
	}
	ui_button(LINES - 3, MARGIN, 17, _("◂ Back"), BUTTON_NORMAL,
	    act(ACTION_BACK, 0));
}

static void
draw_sites(const struct admin *a)
{
	int w = COLS - 2 * MARGIN;
	int half = (w - 2) / 2;
	int rows = (LINES - 3 - 1 - 3 + 1) / 4;

	ui_bold(true);
	ui_put(2, MARGIN, w, _("Where is the stall today?"));
	ui_bold(false);
	for (size_t i = 0; i < a->facts.nsites && (int)i < rows * 2; i++) {
		int y = 4 + (int)(i / 2) * 4;
		int x = MARGIN + (int)(i % 2) * (half + 2);
		char digit[4];

		ui_button(y, x, half, a->facts.sites[i].label,
		    (int)i == a->facts.site ? BUTTON_SELECTED : BUTTON_NORMAL,
		    act(ACTION_OPTION, (int)i));
		if (i < 9) {
			snprintf(digit, sizeof digit, "%zu", i + 1);
			mvaddstr(y, x + 1, digit);
		}
	}
	if (a->facts.nsites == 0) {
		ui_put(4, MARGIN, w,
		    _("No site is listed in kiosk.ini "
		      "([sites] section)."));
	}
	ui_button(LINES - 3, MARGIN, 17, _("◂ Back"), BUTTON_NORMAL,
	    act(ACTION_BACK, 0));
}

void
admin_draw(const struct admin *a)
{
	if (!ui_begin_screen()) {
		return;
	}
	draw_header(a);
	switch (a->screen) {
	case ADMIN_SITES:
		draw_sites(a);
		break;
	case ADMIN_FORMS:
		draw_forms(a);
		break;
	case ADMIN_SYNC:
		draw_sync(a);
		break;
	case ADMIN_FIGURES:
		draw_figures(a);
		break;
	case ADMIN_VERBATIMS:
		draw_verbatims(a);
		break;
	case ADMIN_SEARCH:
		draw_search(a);
		break;
	case ADMIN_QUESTION:
		draw_question(a);
		break;
	case ADMIN_EXPORT:
		draw_export(a);
		break;
	default:
		draw_home(a);
		break;
	}
}
