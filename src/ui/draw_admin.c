/*
 * Drawing the animator's screens (see admin.h): the health line, the big
 * counters, the site of the day, and the list of sites.
 */
#include <curses.h>
#include <stdio.h>

#include "admin.h"
#include "i18n.h"
#include "widgets.h"

#define MARGIN 2

static struct input
act(enum action a, int arg)
{
	return (struct input){.action = a, .arg = arg};
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

	snprintf(line, sizeof line, _("Not yet sent: %lld · last sync: %s"),
	    (long long)a->facts.unsent,
	    a->facts.last_sync[0] != '\0' ? a->facts.last_sync : _("never"));
	ui_put(1, MARGIN, COLS - 2 * MARGIN, line);
	snprintf(line, sizeof line, _("Free disk: %lld MB · database: %lld kB"),
	    (long long)a->facts.free_disk_mb, (long long)a->facts.database_kb);
	ui_dim(true);
	ui_put(2, MARGIN, COLS - 2 * MARGIN, line);
	ui_dim(false);
}

static void
draw_home(const struct admin *a)
{
	int w = COLS - 2 * MARGIN;
	int half = (w - 2) / 2;
	char label[200];

	draw_health(a);
	snprintf(label, sizeof label, _("Site of the day: %s"),
	    a->facts.site >= 0 ? a->facts.sites[a->facts.site].label :
	    _("none yet"));
	ui_button(4, MARGIN, w, label, a->facts.site >= 0 ? BUTTON_NORMAL :
	    BUTTON_PRIMARY, act(ACTION_OPTION, 0));
	mvaddstr(4, MARGIN + 1, "1");
	snprintf(label, sizeof label, _("+ Person approached (%lld)"),
	    (long long)a->facts.approaches);
	ui_button(8, MARGIN, half, label, BUTTON_NORMAL, act(ACTION_OPTION, 1));
	mvaddstr(8, MARGIN + 1, "2");
	snprintf(label, sizeof label, _("+ Declined (%lld)"),
	    (long long)a->facts.refusals);
	ui_button(8, MARGIN + half + 2, half, label, BUTTON_NORMAL,
	    act(ACTION_OPTION, 2));
	mvaddstr(8, MARGIN + half + 3, "3");
	snprintf(label, sizeof label, _("Completed answers today: %lld"),
	    (long long)a->facts.completed);
	ui_put(12, MARGIN, w, label);
	ui_button(LINES - 3, MARGIN, 24, _("◂ Back to the kiosk"),
	    BUTTON_PRIMARY, act(ACTION_BACK, 0));
	ui_button(LINES - 3, COLS - MARGIN - 28, 28, _("Leave kiosk mode"),
	    BUTTON_NORMAL, act(ACTION_EXIT, 0));
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
		ui_put(4, MARGIN, w, _("No site is listed in kiosk.ini "
		    "([sites] section)."));
	}
	ui_button(LINES - 3, MARGIN, 17, _("◂ Back"), BUTTON_NORMAL,
	    act(ACTION_BACK, 0));
}

void
admin_draw(const struct admin *a)
{
	erase();
	ui_regions_clear();
	if (LINES < 24 || COLS < 80) {
		ui_put_centered(LINES / 2 - 1,
		    "Agrandissez la fenêtre (80 × 24 minimum)");
		ui_put_centered(LINES / 2 + 1,
		    "Please enlarge the window (80 × 24 minimum)");
		return;
	}
	draw_header(a);
	if (a->screen == ADMIN_SITES) {
		draw_sites(a);
	} else {
		draw_home(a);
	}
}
