/*
 * Drawing the porteurs de parole's screens (see volunteer.h).  The words
 * screen is laid out like a free-text question: the prompt on top, the
 * field, the AZERTY keyboard above the navigation bar.
 */
#include <curses.h>
#include <stdio.h>

#include "i18n.h"
#include "keyboard.h"
#include "layout.h"
#include "utf8.h"
#include "volunteer.h"
#include "widgets.h"

#define MARGIN 2
#define NAV_W 17

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
	mvaddstr(y + 1, MARGIN + 2 + ui_width(shown), "▏");
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
	    v->question[0] != '\0' ? v->question : _("(none set)"));
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
	int w = (COLS - 2 * MARGIN - 4) / 3;
	char label[96];

	ui_bold(true);
	ui_put(2, MARGIN, COLS - 4, _("May these words be quoted?"));
	ui_bold(false);
	for (int i = 0; i < QUOTE_COUNT; i++) {
		snprintf(label, sizeof label, "%s%s", v->quote == i ? "✓ " : "",
		    _(quotes[i]));
		ui_button(3, MARGIN + i * (w + 2), w, label,
		    v->quote == i ? BUTTON_SELECTED : BUTTON_NORMAL,
		    act(ACTION_OPTION, i));
	}
	ui_put(7, MARGIN, COLS - 4, _("Age band (if they wish):"));
	for (int i = 0; i < VOLUNTEER_AGE_BANDS; i++) {
		snprintf(label, sizeof label, "%s%s", v->age == i ? "✓ " : "",
		    _(ages[i]));
		ui_button(8 + (i / 3) * 4, MARGIN + (i % 3) * (w + 2), w, label,
		    v->age == i ? BUTTON_SELECTED : BUTTON_NORMAL,
		    act(ACTION_OPTION, QUOTE_COUNT + i));
	}
	ui_dim(true);
	ui_wrap(16, MARGIN, COLS - 2 * MARGIN, 3, v->words);
	ui_dim(false);
	ui_button(LINES - 3, MARGIN, NAV_W, _("◂ Back"), BUTTON_NORMAL,
	    act(ACTION_BACK, 0));
	ui_button(LINES - 3, COLS - MARGIN - NAV_W, NAV_W,
	    v->quote == QUOTE_NAMED ? _("Next ▸") : _("Save ✓"),
	    v->quote != QUOTE_NONE ? BUTTON_PRIMARY : BUTTON_DISABLED,
	    act(ACTION_NEXT, 0));
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
	case VOLUNTEER_LIST:
		draw_list(v);
		break;
	default:
		draw_words(v);
		break;
	}
}
