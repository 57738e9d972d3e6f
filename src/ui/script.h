/*
 * Scripted input for tests (the step language is described in ui.h).
 */
#ifndef PARVIS_UI_SCRIPT_H
#define PARVIS_UI_SCRIPT_H

#include <stdbool.h>

#include "error.h"
#include "journey.h"
#include "ui.h"

struct script;

/* Reads the script file; NULL with a message if it cannot. */
struct script *script_open(
    const char *path, const char *dump_dir, struct error *err);
void script_close(struct script *s);

/* Runs steps until one produces an event (taps, keys, typing, time,
 * resize) or the script ends (UI_END).  Steps that only look (dump,
 * expect) run on the screen as drawn.  False when a step fails. */
bool script_next(struct script *s, const struct screen *v, struct ui_event *ev,
    struct error *err);

/* In ui.c: a tap at (y, x) through the regions. */
bool ui_tap(int y, int x, struct ui_event *ev);

#endif
