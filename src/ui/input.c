/*
 * Keys to actions, through one table (nnn's bindings[]).  A key can mean
 * different things in different contexts: Backspace erases a letter while
 * typing and goes back on a screen of buttons.  Ctrl-C, Ctrl-Z and
 * Ctrl-\ are in no row: in a kiosk they do nothing.  Rows below KEY_MIN
 * are characters, the others curses' function keys: the two never mix,
 * since a character such as œ (U+0153) has the number of KEY_PPAGE.
 */
#include <curses.h>

#include "ui.h"

#define ANY -1

struct binding {
	int key;
	int context; /* enum input_context, or ANY */
	enum action action;
};

static const struct binding bindings[] = {
	{ '\n', ANY, ACTION_NEXT },
	{ '\r', ANY, ACTION_NEXT },
	{ KEY_ENTER, ANY, ACTION_NEXT },
	{ KEY_BACKSPACE, CONTEXT_BUTTONS, ACTION_BACK },
	{ KEY_BACKSPACE, ANY, ACTION_ERASE },
	{ 127, CONTEXT_BUTTONS, ACTION_BACK },
	{ 127, ANY, ACTION_ERASE },
	{ 8, CONTEXT_BUTTONS, ACTION_BACK },
	{ 8, ANY, ACTION_ERASE },
	{ KEY_NPAGE, ANY, ACTION_PAGE_NEXT },
	{ KEY_PPAGE, ANY, ACTION_PAGE_PREV },
	{ KEY_RIGHT, CONTEXT_BUTTONS, ACTION_PAGE_NEXT },
	{ KEY_LEFT, CONTEXT_BUTTONS, ACTION_PAGE_PREV },
	{ KEY_F(2), ANY, ACTION_LANG },
	{ KEY_F(10), ANY, ACTION_EXIT },
	{ 27, ANY, ACTION_CANCEL },
	{ ' ', CONTEXT_BUTTONS, ACTION_START },
};

struct input
ui_key_input(int key, bool is_char, enum input_context ctx)
{
	struct input in = { .action = ACTION_NONE };

	for (size_t i = 0; i < sizeof bindings / sizeof bindings[0]; i++) {
		const struct binding *b = &bindings[i];
		if (b->key == key && (b->key < KEY_MIN) == is_char &&
		    (b->context == ANY || b->context == (int)ctx)) {
			in.action = b->action;
			return in;
		}
	}
	if (!is_char || key < 0x20 || key == 0x7F) {
		return in;
	}
	if ((ctx == CONTEXT_BUTTONS || ctx == CONTEXT_SEARCH) && key >= '1' &&
	    key <= '9') {
		in.action = ACTION_OPTION;
		in.arg = key - '1';
	} else if (ctx == CONTEXT_TEXT || ctx == CONTEXT_SEARCH ||
	    (ctx == CONTEXT_DIGITS &&
	        ((key >= '0' && key <= '9') || key == '-'))) {
		in.action = ACTION_CHAR;
		in.ch = (uint32_t)key;
	}
	return in;
}
