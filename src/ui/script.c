/*
 * Scripted input for the screen tests (see ui.h for the steps).  Each
 * step is fully handled before the next one: the kiosk draws, then asks
 * for the next event, and this file answers from the script.
 */
#include "script.h"

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "file.h"
#include "utf8.h"
#include "widgets.h"

struct script {
	char *text; /* the whole file, split into lines in place */
	char **lines;
	size_t nlines;
	size_t next; /* next line to run */
	const char *path;
	char dump_dir[512];
	uint32_t typing[1024]; /* code points of a `type` step */
	size_t ntyping, typed;
	int repeat_left; /* presses left of a `key NAME *N` step */
};

/* The number of lines of a text: its newlines, plus one for a last line
 * without one. */
static size_t
count_lines(const char *text)
{
	size_t n = 0;

	for (const char *p = strchr(text, '\n'); p != NULL;
	     p = strchr(p + 1, '\n')) {
		n++;
	}
	return n + 1;
}

struct script *
script_open(const char *path, const char *dump_dir, struct error *err)
{
	struct script *s = calloc(1, sizeof *s);
	size_t len;

	if (s == NULL || !file_read_all(path, 1 << 22, &s->text, &len, err)) {
		free(s);
		return NULL;
	}
	s->path = path;
	snprintf(s->dump_dir, sizeof s->dump_dir, "%s",
	    dump_dir != NULL ? dump_dir : ".");
	/* Counted first, allocated once: a crash test's script has thousands
	 * of lines, and a realloc per line copies the array each time (under
	 * ASan always), which cost seconds before the first screen. */
	s->lines = calloc(count_lines(s->text) + 1, sizeof *s->lines);
	if (s->lines == NULL) {
		script_close(s);
		error_set(err, "%s: out of memory", path);
		return NULL;
	}
	for (char *p = s->text; p != NULL && *p != '\0';) {
		char *eol = strchr(p, '\n');
		s->lines[s->nlines++] = p;
		if (eol != NULL) {
			*eol = '\0';
		}
		p = eol != NULL ? eol + 1 : NULL;
	}
	return s;
}

void
script_close(struct script *s)
{
	if (s == NULL) {
		return;
	}
	free(s->lines);
	free(s->text);
	free(s);
}

/* Reads a "quoted string" with \" \\ \n \e \xHH \uHHHH escapes into
 * code points.  Returns the count, or -1 if malformed. */
static long
parse_quoted(const char *p, uint32_t *out, size_t max)
{
	size_t n = 0;

	p += strspn(p, " \t");
	if (*p++ != '"') {
		return -1;
	}
	while (*p != '"') {
		uint32_t cp;
		size_t len;
		if (*p == '\0' || n == max) {
			return -1;
		}
		if (*p == '\\') {
			p++;
			if (*p == 'e') {
				cp = 27, len = 1;
			} else if (*p == 'n') {
				cp = '\n', len = 1;
			} else if (*p == 'x' || *p == 'u') {
				int digits = *p == 'x' ? 2 : 4;
				char hex[5] = { 0 };
				memcpy(hex, p + 1, (size_t)digits);
				cp = (uint32_t)strtoul(hex, NULL, 16);
				len = 1 + (size_t)digits;
			} else {
				len = utf8_decode(p, strlen(p), &cp);
			}
		} else {
			len = utf8_decode(p, strlen(p), &cp);
		}
		if (len == 0) {
			return -1;
		}
		out[n++] = cp;
		p += len;
	}
	return (long)n;
}

static bool
quoted_utf8(const char *p, char *out, size_t size)
{
	uint32_t cps[512];
	long n = parse_quoted(p, cps, 512);
	size_t o = 0;

	if (n < 0) {
		return false;
	}
	for (long i = 0; i < n && o + 5 < size; i++) {
		o += utf8_encode(cps[i], out + o);
	}
	out[o] = '\0';
	return true;
}

struct key_name {
	const char *name;
	int key;
	bool is_char;
};

static const struct key_name key_names[] = {
	{ "Enter", '\r', true },
	{ "Backspace", KEY_BACKSPACE, false },
	{ "Escape", 27, true },
	{ "Tab", '\t', true },
	{ "Left", KEY_LEFT, false },
	{ "Right", KEY_RIGHT, false },
	{ "Up", KEY_UP, false },
	{ "Down", KEY_DOWN, false },
	{ "PgUp", KEY_PPAGE, false },
	{ "PgDn", KEY_NPAGE, false },
	{ "F2", KEY_F(2), false },
	{ "F10", KEY_F(10), false },
	{ "C-c", 3, true },
	{ "C-z", 26, true },
	{ "C-\\", 28, true },
	{ "C-d", 4, true },
	{ "Space", ' ', true },
};

static bool
step_key(const char *arg, const struct screen *v, struct ui_event *ev)
{
	uint32_t cp;

	for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++) {
		if (strcmp(arg, key_names[i].name) == 0) {
			ev->kind = UI_INPUT;
			ev->input = ui_key_input(key_names[i].key,
			    key_names[i].is_char, v->ops->context(v->state));
			return true;
		}
	}
	if (utf8_decode(arg, strlen(arg), &cp) == strlen(arg) && *arg) {
		ev->kind = UI_INPUT;
		ev->input =
		    ui_key_input((int)cp, true, v->ops->context(v->state));
		return true;
	}
	return false;
}

/* "key NAME" or "key NAME *N": the same key N times, one event each (the
 * line runs again until its count is spent). */
static bool
step_key_repeated(struct script *s, const char *arg, const struct screen *v,
    struct ui_event *ev, struct error *err)
{
	char name[64];
	int count = 1;

	if (sscanf(arg, "%63s *%d", name, &count) < 1 || count < 1 ||
	    count > 10000) {
		return error_set(err,
		    "key: expected a key name, then *N to "
		    "repeat it");
	}
	if (s->repeat_left == 0) {
		s->repeat_left = count;
	}
	if (--s->repeat_left > 0) {
		s->next--; /* this line again */
	}
	return step_key(name, v, ev)
	    ? true
	    : error_set(err, "key: unknown key '%s'", name);
}

static bool
step_tap(const char *arg, struct ui_event *ev, struct error *err)
{
	char label[512];
	int y, x;
	const struct region *r;

	if (sscanf(arg, "%d %d", &y, &x) == 2) {
		if (!ui_tap(y, x, ev)) {
			ev->kind = UI_TICK; /* a tap on nothing */
		}
		return true;
	}
	if (!quoted_utf8(arg, label, sizeof label)) {
		return error_set(err, "tap: expected \"label\" or ROW COL");
	}
	r = ui_region_find(label);
	if (r == NULL) {
		return error_set(err, "no button \"%s\" on this screen", label);
	}
	return ui_tap(r->y + r->h / 2, r->x + r->w / 2, ev);
}

/* "touch X Y": a touch at raw touchscreen coordinates, for the
 * calibration screen, which takes a touch anywhere. */
static bool
step_touch(const char *arg, struct ui_event *ev, struct error *err)
{
	int x, y;

	if (sscanf(arg, "%d %d", &x, &y) != 2) {
		return error_set(err, "touch: expected raw X Y");
	}
	if (!ui_tap(LINES / 2, COLS / 2, ev)) {
		ev->kind = UI_TICK;
	}
	ev->touched = true;
	ev->touch_x = x;
	ev->touch_y = y;
	return true;
}

static bool
step_dump(struct script *s, const char *name, struct error *err)
{
	char path[1024];
	FILE *out;
	bool ok;

	snprintf(path, sizeof path, "%s/%s.txt", s->dump_dir, name);
	out = fopen(path, "w");
	if (out == NULL) {
		return error_set(err, "dump: %s: %s", path, strerror(errno));
	}
	ok = ui_dump_to(out);
	return fclose(out) == 0 && ok
	    ? true
	    : error_set(err, "dump: cannot write %s", path);
}

static bool
step_expect(const char *arg, struct error *err)
{
	char want[512];
	char *screen = NULL;
	size_t len = 0;
	FILE *mem;
	bool found;

	if (!quoted_utf8(arg, want, sizeof want)) {
		return error_set(err, "expect: expected \"text\"");
	}
	mem = open_memstream(&screen, &len);
	if (mem == NULL) {
		return error_set(err, "expect: out of memory");
	}
	ui_dump_to(mem);
	fclose(mem);
	found = strstr(screen, want) != NULL;
	if (!found) {
		error_set(err,
		    "expected \"%s\" on the screen, which shows:\n%s", want,
		    screen);
	}
	free(screen);
	return found;
}

static bool
step_advance(const char *arg, struct ui_event *ev, struct error *err)
{
	char unit[8] = "";
	long long n;

	if (sscanf(arg, "%lld%7s", &n, unit) < 1 || n < 0) {
		return error_set(err, "advance: expected a duration like 61s");
	}
	clock_advance(strcmp(unit, "ms") == 0 ? n
	        : strcmp(unit, "min") == 0    ? n * 60000
	                                      : n * 1000);
	ev->kind = UI_TICK;
	return true;
}

static bool
step_resize(const char *arg, struct ui_event *ev, struct error *err)
{
	int cols, lines;

	if (sscanf(arg, "%dx%d", &cols, &lines) != 2 || cols < 10 ||
	    lines < 5 || cols > 1000 || lines > 500) {
		return error_set(
		    err, "resize: expected COLSxLINES like 100x30");
	}
	resize_term(lines, cols);
	ev->kind = UI_RESIZE;
	return true;
}

/* Runs one line; *produced says whether it gave an event. */
static bool
run_line(struct script *s, char *line, const struct screen *v,
    struct ui_event *ev, bool *produced, struct error *err)
{
	char *arg;

	*produced = true;
	line += strspn(line, " \t");
	line[strcspn(line, "\r")] = '\0';
	if (*line == '\0' || *line == '#') {
		*produced = false;
		return true;
	}
	arg = line + strcspn(line, " \t");
	if (*arg != '\0') {
		*arg++ = '\0';
		arg += strspn(arg, " \t");
	}
	if (strcmp(line, "tap") == 0) {
		return step_tap(arg, ev, err);
	} else if (strcmp(line, "key") == 0) {
		return step_key_repeated(s, arg, v, ev, err);
	} else if (strcmp(line, "type") == 0) {
		long n = parse_quoted(arg, s->typing, 1024);
		if (n < 0) {
			return error_set(err, "type: expected \"text\"");
		}
		s->ntyping = (size_t)n;
		s->typed = 0;
		*produced = false;
		return true;
	} else if (strcmp(line, "advance") == 0) {
		return step_advance(arg, ev, err);
	} else if (strcmp(line, "resize") == 0) {
		return step_resize(arg, ev, err);
	} else if (strcmp(line, "touch") == 0) {
		return step_touch(arg, ev, err);
	}
	*produced = false;
	if (strcmp(line, "dump") == 0) {
		return step_dump(s, arg, err);
	} else if (strcmp(line, "expect") == 0) {
		return step_expect(arg, err);
	}
	return error_set(err,
	    "unknown step '%s' (expected tap, key, type, "
	    "advance, resize, dump or expect)",
	    line);
}

bool
script_next(struct script *s, const struct screen *v, struct ui_event *ev,
    struct error *err)
{
	bool produced = false;

	while (!produced) {
		if (s->typed < s->ntyping) {
			ev->kind = UI_INPUT;
			ev->input = ui_key_input((int)s->typing[s->typed++],
			    true, v->ops->context(v->state));
			return true;
		}
		if (s->next >= s->nlines) {
			ev->kind = UI_END;
			return true;
		}
		size_t n = s->next++;
		char copy[2048];
		snprintf(copy, sizeof copy, "%s", s->lines[n]);
		if (!run_line(s, copy, v, ev, &produced, err)) {
			error_prefix(err, "%s:%zu", s->path, n + 1);
			return false;
		}
	}
	return true;
}
