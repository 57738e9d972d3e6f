/*
 * On-screen keyboards (see keyboard.h).  A keyboard is rows of twelve
 * slots; a key may span several slots (the space bar).
 */
#include "keyboard.h"

#include <curses.h>
#include <string.h>

#include "i18n.h"
#include "layout.h"
#include "utf8.h"
#include "widgets.h"

#define SLOTS 12

struct key {
	const char *label;  /* NULL ends a row */
	enum action action; /* ACTION_CHAR: the label's first code point */
	int span;
};

/* One key per cell reads better than clang-format's layout of these. */
/* clang-format off */
#define CH(s) {s, ACTION_CHAR, 1}
#define END {NULL, ACTION_NONE, 0}
/* clang-format on */

static const struct key text_lower[][SLOTS + 1] = {
	{ CH("a"), CH("z"), CH("e"), CH("r"), CH("t"), CH("y"), CH("u"),
	    CH("i"), CH("o"), CH("p"), CH("é"), CH("è"), END },
	{ CH("q"), CH("s"), CH("d"), CH("f"), CH("g"), CH("h"), CH("j"),
	    CH("k"), CH("l"), CH("m"), CH("ê"), CH("à"), END },
	{ { "⇧", ACTION_SHIFT, 1 }, CH("w"), CH("x"), CH("c"), CH("v"), CH("b"),
	    CH("n"), CH("'"), CH("-"), CH("ç"), CH("ù"),
	    { "⌫", ACTION_ERASE, 1 }, END },
	{ { "123", ACTION_DIGITS, 1 }, CH(","), CH("."), CH("?"), CH("!"),
	    { "espace", ACTION_CHAR, 6 }, CH(":"), END },
};

static const struct key text_upper[][SLOTS + 1] = {
	{ CH("A"), CH("Z"), CH("E"), CH("R"), CH("T"), CH("Y"), CH("U"),
	    CH("I"), CH("O"), CH("P"), CH("É"), CH("È"), END },
	{ CH("Q"), CH("S"), CH("D"), CH("F"), CH("G"), CH("H"), CH("J"),
	    CH("K"), CH("L"), CH("M"), CH("Ê"), CH("À"), END },
	{ { "⇧", ACTION_SHIFT, 1 }, CH("W"), CH("X"), CH("C"), CH("V"), CH("B"),
	    CH("N"), CH("'"), CH("-"), CH("Ç"), CH("Ù"),
	    { "⌫", ACTION_ERASE, 1 }, END },
	{ { "123", ACTION_DIGITS, 1 }, CH(","), CH("."), CH("?"), CH("!"),
	    { "espace", ACTION_CHAR, 6 }, CH(":"), END },
};

static const struct key text_digits[][SLOTS + 1] = {
	{ CH("1"), CH("2"), CH("3"), CH("4"), CH("5"), CH("6"), CH("7"),
	    CH("8"), CH("9"), CH("0"), CH("("), CH(")"), END },
	{ CH("€"), CH("%"), CH("/"), CH("@"), CH("«"), CH("»"), CH("&"),
	    CH("+"), CH("="), CH("°"), CH("ë"), CH("ô"), END },
	{ { "⇧", ACTION_SHIFT, 1 }, CH("â"), CH("î"), CH("ï"), CH("û"), CH("œ"),
	    CH("\""), CH("'"), CH(";"), CH("ü"), CH("ÿ"),
	    { "⌫", ACTION_ERASE, 1 }, END },
	{ { "abc", ACTION_DIGITS, 1 }, CH(","), CH("."), CH("?"), CH("!"),
	    { "espace", ACTION_CHAR, 6 }, CH(":"), END },
};

static const struct key letters[][SLOTS + 1] = {
	{ CH("A"), CH("Z"), CH("E"), CH("R"), CH("T"), CH("Y"), CH("U"),
	    CH("I"), CH("O"), CH("P"), END },
	{ CH("Q"), CH("S"), CH("D"), CH("F"), CH("G"), CH("H"), CH("J"),
	    CH("K"), CH("L"), CH("M"), END },
	{ CH("W"), CH("X"), CH("C"), CH("V"), CH("B"), CH("N"), CH("-"),
	    CH("'"), { "espace", ACTION_CHAR, 2 }, { "⌫", ACTION_ERASE, 1 },
	    END },
};

static const struct key digits[][SLOTS + 1] = {
	{ CH("1"), CH("2"), CH("3"), CH("4"), CH("5"), CH("6"), CH("7"),
	    CH("8"), CH("9"), CH("0"), { "⌫", ACTION_ERASE, 1 }, END },
};

static const struct key digits_minus[][SLOTS + 1] = {
	{ CH("1"), CH("2"), CH("3"), CH("4"), CH("5"), CH("6"), CH("7"),
	    CH("8"), CH("9"), CH("0"), CH("-"), { "⌫", ACTION_ERASE, 1 }, END },
};

int
keyboard_rows(enum keyboard_kind kind)
{
	switch (kind) {
	case KEYBOARD_TEXT:
		return 4;
	case KEYBOARD_LETTERS:
		return 3;
	default:
		return 1;
	}
}

static uint32_t
key_char(const struct key *k)
{
	uint32_t cp = ' ';

	if (strcmp(k->label, "espace") != 0) {
		utf8_decode(k->label, strlen(k->label), &cp);
	}
	return cp;
}

static void
draw_row(int y, const struct key *row, int key_w, int left, bool shifted)
{
	int slot = 0;

	for (const struct key *k = row; k->label != NULL; k++) {
		int w = k->span * (key_w + 1) - 1;
		struct input in = { .action = k->action, .ch = 0 };
		enum button_style style = BUTTON_NORMAL;
		const char *label = k->label;

		if (k->action == ACTION_CHAR) {
			in.ch = key_char(k);
		}
		if (k->action == ACTION_SHIFT && shifted) {
			style = BUTTON_SELECTED;
		}
		if (strcmp(label, "espace") == 0) {
			label = _("space");
		}
		ui_button(y, left + slot * (key_w + 1), w, label, style, in);
		slot += k->span;
	}
}

void
keyboard_draw(
    int y, enum keyboard_kind kind, enum keyboard_mode mode, bool minus)
{
	const struct key(*rows)[SLOTS + 1] = digits;
	int nrows = keyboard_rows(kind);
	int key_w = (COLS - 4 - (SLOTS - 1)) / SLOTS;
	int left;

	if (key_w > 9) {
		key_w = 9;
	}
	left = (COLS - (SLOTS * (key_w + 1) - 1)) / 2;
	if (kind == KEYBOARD_TEXT) {
		rows = mode == KEYBOARD_UPPER ? text_upper
		    : mode == KEYBOARD_DIGITS ? text_digits
		                              : text_lower;
	} else if (kind == KEYBOARD_LETTERS) {
		rows = letters;
	} else if (minus) {
		rows = digits_minus;
	}
	for (int r = 0; r < nrows; r++) {
		draw_row(y + r * LAYOUT_BUTTON_H, rows[r], key_w, left,
		    mode == KEYBOARD_UPPER);
	}
}
