/*
 * Drawing the porteurs de parole's screens (see volunteer.h).  The words
 * screen is laid out like a free-text question: the prompt on top, the
 * field, the AZERTY keyboard above the navigation bar.
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "communes_view.h"
#include "glyphs.h"
#include "i18n.h"
#include "keyboard.h"
#include "layout.h"
#include "utf8.h"
#include "volunteer.h"
#include "widgets.h"

#define MARGIN 2
#define NAV_W 17
#define COLUMNS 3            /* of the quote, commune and tags buttons */
#define SEARCH_RESULTS_TOP 6 /* below the commune field */
#define ROW_PITCH (LAYOUT_BUTTON_H + 1) /* buttons a row apart */

static struct input
act(enum action a, int arg)
{
	return (struct input){ .action = a, .arg = arg };
}

static void
draw_header(const struct volunteer *v)
{
	char right[64];

	snprintf(right, sizeof right, _("Today: %zu"), v->nitems);
	ui_header_colors(true);
	mvhline(0, 0, ' ', COLS);
	ui_put(0, 1, COLS - 24, _("Porteurs de parole"));
	ui_put(0, COLS - 1 - ui_width(right), 22, right);
	ui_header_colors(false);
	if (v->hint[0] != '\0') {
		ui_bold(true);
		ui_put_centered(1, v->hint);
		ui_bold(false);
	}
}

/* The field with what is typed, its end shown when it is long. */
static void
draw_field(const struct volunteer *v, int y)
{
	const char *shown = v->field.buf;
	int w = COLS - 2 * MARGIN;
	char count[32];

	ui_box(y, MARGIN, 3, w);
	while (ui_width(shown) > w - 4 && *shown != '\0') {
		shown++;
		while ((*shown & 0xC0) == 0x80) {
			shown++;
		}
	}
	ui_put(y + 1, MARGIN + 2, w - 4, shown);
	ui_put_glyph(y + 1, MARGIN + 2 + ui_width(shown), L'▏');
	snprintf(count, sizeof count, " %zu / %zu ", utf8_length(v->field.buf),
	    v->field.max_chars);
	ui_put(y, MARGIN + w - 2 - ui_width(count), 20, count);
}

static void
draw_typing(const struct volunteer *v, const char *prompt)
{
	int kb = LINES - LAYOUT_NAV_H - 1 - 4 * LAYOUT_BUTTON_H;
	char line[512];

	snprintf(line, sizeof line, _("Question of the day: %s"),
	    v->lists.question[0] != '\0' ? v->lists.question : _("(none set)"));
	ui_bold(true);
	ui_wrap(2, MARGIN, COLS - 2 * MARGIN, 2, line);
	ui_bold(false);
	ui_put(kb - 4, MARGIN, COLS - 2 * MARGIN, prompt);
	draw_field(v, kb - 3);
	keyboard_draw(kb, KEYBOARD_TEXT, v->keyboard, false);
}

static void
draw_words(const struct volunteer *v)
{
	char list[64];

	draw_typing(v, _("Their words, as they said them:"));
	snprintf(list, sizeof list, _("Today (%zu)"), v->nitems);
	ui_button(LINES - 3, MARGIN, NAV_W, _("◂ Finish"), BUTTON_NORMAL,
	    act(ACTION_BACK, 0));
	ui_button(LINES - 3, MARGIN + NAV_W + 2, 20, list, BUTTON_NORMAL,
	    act(ACTION_OTHER, 0));
	ui_button(LINES - 3, COLS - MARGIN - NAV_W, NAV_W, _("Next ▸"),
	    v->field.len > 0 ? BUTTON_PRIMARY : BUTTON_DISABLED,
	    act(ACTION_NEXT, 0));
}

/* Width of one of n buttons side by side, 2 columns apart. */
static int
width_of(int n)
{
	return (COLS - 2 * MARGIN - 2 * (n - 1)) / n;
}

static int
x_of(int i, int n)
{
	return MARGIN + i * (width_of(n) + 2);
}

/* The same, for COLUMNS buttons. */
static int
column_w(void)
{
	return width_of(COLUMNS);
}

static int
column_x(int i)
{
	return x_of(i, COLUMNS);
}

/* The chosen commune's name, "" when none is chosen. */
static const char *
commune_name(const struct volunteer *v)
{
	const struct commune *c;

	if (v->commune[0] == '\0') {
		return "";
	}
	if (strcmp(v->commune, COMMUNES_ELSEWHERE) == 0) {
		return _("Outside the territory");
	}
	c = v->lists.communes != NULL
	    ? communes_find(v->lists.communes, v->commune)
	    : NULL;
	return c != NULL ? c->name : v->commune;
}

/* The optional commune and tags, each a button opening its screen. */
static void
draw_more(const struct volunteer *v, int y)
{
	size_t ntagged = 0;
	char label[160];

	for (size_t i = 0; i < v->lists.ntags; i++) {
		ntagged += v->tagged[i];
	}
	if (v->lists.communes != NULL && v->lists.communes->count > 0) {
		if (v->commune[0] != '\0') {
			snprintf(label, sizeof label, _("✓ Commune: %s"),
			    commune_name(v));
		} else {
			snprintf(label, sizeof label, "%s",
			    _("Commune (if they wish)…"));
		}
		ui_button(y, column_x(0), 2 * column_w() + 2, label,
		    v->commune[0] != '\0' ? BUTTON_SELECTED : BUTTON_NORMAL,
		    act(ACTION_OPTION, VOLUNTEER_OPTION_COMMUNE));
	}
	if (v->lists.ntags > 0) {
		if (ntagged > 0) {
			snprintf(
			    label, sizeof label, _("✓ Themes: %zu"), ntagged);
		} else {
			snprintf(label, sizeof label, "%s", _("Themes…"));
		}
		ui_button(y, column_x(2), column_w(), label,
		    ntagged > 0 ? BUTTON_SELECTED : BUTTON_NORMAL,
		    act(ACTION_OPTION, VOLUNTEER_OPTION_TAGS));
	}
}

static void
draw_quote(const struct volunteer *v)
{
	static const char *const quotes[QUOTE_COUNT] = {
		N_("With first name"),
		N_("Anonymously"),
		N_("Not for publication"),
	};
	static const char *const ages[VOLUNTEER_AGE_BANDS] = {
		N_("Under 18"),
		N_("18 to 29"),
		N_("30 to 44"),
		N_("45 to 59"),
		N_("60 to 74"),
		N_("75 and over"),
	};
	char label[96];

	ui_bold(true);
	ui_put(2, MARGIN, COLS - 4, _("May these words be quoted?"));
	ui_bold(false);
	for (int i = 0; i < QUOTE_COUNT; i++) {
		snprintf(label, sizeof label, "%s%s", v->quote == i ? "✓ " : "",
		    _(quotes[i]));
		ui_button(3, column_x(i), column_w(), label,
		    v->quote == i ? BUTTON_SELECTED : BUTTON_NORMAL,
		    act(ACTION_OPTION, i));
	}
	ui_put(7, MARGIN, COLS - 4, _("Age band (if they wish):"));
	for (int i = 0; i < VOLUNTEER_AGE_BANDS; i++) {
		snprintf(label, sizeof label, "%s%s", v->age == i ? "✓ " : "",
		    _(ages[i]));
		ui_button(8 + (i / COLUMNS) * ROW_PITCH, column_x(i % COLUMNS),
		    column_w(), label,
		    v->age == i ? BUTTON_SELECTED : BUTTON_NORMAL,
		    act(ACTION_OPTION, QUOTE_COUNT + i));
	}
	draw_more(v, 16);
	ui_dim(true);
	ui_wrap(19, MARGIN, COLS - 2 * MARGIN, LINES - 3 - 19, v->words);
	ui_dim(false);
	ui_button(LINES - 3, MARGIN, NAV_W, _("◂ Back"), BUTTON_NORMAL,
	    act(ACTION_BACK, 0));
	ui_button(LINES - 3, COLS - MARGIN - NAV_W, NAV_W,
	    v->quote == QUOTE_NAMED ? _("Next ▸") : _("Save ✓"),
	    v->quote != QUOTE_NONE ? BUTTON_PRIMARY : BUTTON_DISABLED,
	    act(ACTION_NEXT, 0));
}

/* Top row of the letter keyboard of the commune search. */
static int
search_keyboard_top(int lines)
{
	return lines - LAYOUT_NAV_H - 1 -
	    keyboard_rows(KEYBOARD_LETTERS) * LAYOUT_BUTTON_H;
}

size_t
volunteer_commune_slots(const struct volunteer *v)
{
	/* The last row needs no gap below it: the keyboard's row is one. */
	int rows =
	    (search_keyboard_top(v->lines) - SEARCH_RESULTS_TOP) / ROW_PITCH;

	return (size_t)(rows > 1 ? rows : 1) * COLUMNS;
}

static void
draw_commune(const struct volunteer *v)
{
	size_t n = communes_view_count(v->lists.communes, v->field.buf) - 1;
	size_t shown = volunteer_commune_shown(v);
	char line[160];

	if (v->field.len == 0) {
		snprintf(line, sizeof line, "%s",
		    _("Their commune: type the first letters."));
	} else if (n > shown) {
		snprintf(line, sizeof line,
		    ngettext("Their commune: %zu match, type more letters.",
		        "Their commune: %zu matches, type more letters.", n),
		    n);
	} else {
		snprintf(line, sizeof line, "%s",
		    _("Their commune: tap it (or Enter for the first)."));
	}
	ui_bold(true);
	ui_put(2, MARGIN, COLS - 2 * MARGIN, line);
	ui_bold(false);
	draw_field(v, 3);
	for (size_t k = 0; k <= shown; k++) {
		const struct commune *c = NULL;
		char label[160];

		if (k < shown) {
			communes_view_item(
			    v->lists.communes, v->field.buf, k, &c);
		}
		snprintf(label, sizeof label, "%s",
		    c != NULL ? c->name : _("Outside the territory"));
		ui_button(SEARCH_RESULTS_TOP + (int)(k / COLUMNS) * ROW_PITCH,
		    column_x((int)(k % COLUMNS)), column_w(), label,
		    BUTTON_NORMAL, act(ACTION_OPTION, (int)k));
	}
	keyboard_draw(search_keyboard_top(LINES), KEYBOARD_LETTERS,
	    KEYBOARD_UPPER, false);
	ui_button(LINES - 3, MARGIN, NAV_W, _("◂ Back"), BUTTON_NORMAL,
	    act(ACTION_BACK, 0));
	ui_button(LINES - 3, COLS - MARGIN - 22, 22, _("No commune"),
	    v->commune[0] != '\0' ? BUTTON_NORMAL : BUTTON_DISABLED,
	    act(ACTION_CLEAR, 0));
}

/* Two wide columns hold 8 tags with room for their labels; 12 need
 * three. */
static void
draw_tags(const struct volunteer *v)
{
	int n = v->lists.ntags <= 8 ? 2 : COLUMNS;
	char label[160];

	ui_bold(true);
	ui_put(2, MARGIN, COLS - 2 * MARGIN,
	    _("What did they speak about? Tap every theme that fits."));
	ui_bold(false);
	for (size_t i = 0; i < v->lists.ntags; i++) {
		snprintf(label, sizeof label, "%s%s", v->tagged[i] ? "✓ " : "",
		    form_text(&v->lists.tags[i].label, v->lists.lang));
		ui_button(3 + (int)i / n * ROW_PITCH, x_of((int)i % n, n),
		    width_of(n), label,
		    v->tagged[i] ? BUTTON_SELECTED : BUTTON_NORMAL,
		    act(ACTION_OPTION, (int)i));
	}
	ui_button(LINES - 3, COLS - MARGIN - NAV_W, NAV_W, _("OK ▸"),
	    BUTTON_PRIMARY, act(ACTION_OK, 0));
}

static void
draw_name(const struct volunteer *v)
{
	draw_typing(v, _("Their first name:"));
	ui_button(LINES - 3, MARGIN, NAV_W, _("◂ Back"), BUTTON_NORMAL,
	    act(ACTION_BACK, 0));
	ui_button(LINES - 3, COLS - MARGIN - NAV_W, NAV_W, _("Save ✓"),
	    v->field.len > 0 ? BUTTON_PRIMARY : BUTTON_DISABLED,
	    act(ACTION_NEXT, 0));
}

static void
draw_list(const struct volunteer *v)
{
	int rows = (LINES - 3 - 1 - 4 + 1) / 4;
	char label[200];

	ui_bold(true);
	ui_wrap(1, MARGIN, COLS - 2 * MARGIN, 2,
	    v->nitems > 0
	        ? _("Today's testimonies, newest first. To withdraw one, tap it, "
	            "then Withdraw.")
	        : _("No testimony yet today."));
	ui_bold(false);
	for (size_t i = 0; i < v->nitems && (int)i < rows; i++) {
		snprintf(label, sizeof label, "%s%s · %s",
		    (int)i == v->selected ? "✓ " : "", v->items[i].time,
		    v->items[i].words);
		ui_button(4 + (int)i * 4, MARGIN, COLS - 2 * MARGIN, label,
		    (int)i == v->selected ? BUTTON_SELECTED : BUTTON_NORMAL,
		    act(ACTION_OPTION, (int)i));
	}
	ui_button(LINES - 3, MARGIN, NAV_W, _("◂ Back"), BUTTON_NORMAL,
	    act(ACTION_BACK, 0));
	ui_button(LINES - 3, COLS - MARGIN - NAV_W, NAV_W, _("Withdraw"),
	    v->selected >= 0 ? BUTTON_PRIMARY : BUTTON_DISABLED,
	    act(ACTION_OK, 0));
}

void
volunteer_draw(const struct volunteer *v)
{
	if (!ui_begin_screen()) {
		return;
	}
	draw_header(v);
	switch (v->screen) {
	case VOLUNTEER_QUOTE:
		draw_quote(v);
		break;
	case VOLUNTEER_NAME:
		draw_name(v);
		break;
	case VOLUNTEER_COMMUNE:
		draw_commune(v);
		break;
	case VOLUNTEER_TAGS:
		draw_tags(v);
		break;
	case VOLUNTEER_LIST:
		draw_list(v);
		break;
	default:
		draw_words(v);
		break;
	}
}
