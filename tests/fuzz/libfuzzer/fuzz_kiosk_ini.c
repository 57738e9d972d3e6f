/*
 * libFuzzer target: kiosk.ini, read by config_load() (src/kiosk/config.c
 * over src/conf) from a file holding the input, and written again by
 * config_write_key() as `parvis set-pin` and the touchscreen calibration
 * do.
 *
 * The promises: config_load() accepts the file without a word, or
 * refuses it with "file:line: message" lines naming lines that exist (or
 * "file: message" for the whole file), the first of them in its error.
 * A file it accepted, once set-pin has written the PIN hash into [admin]
 * and the calibration has written min_x into [touch], is accepted again
 * and holds those values and, for every other key and site, what it held
 * before: writing a key never breaks nor changes the rest of the file.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "harness.h"
#include "mutate.h"

#define PIN_HASH "$argon2id$v=19$m=65536,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2g"

static char path[PATH_MAX];

/* True when a and b are both NULL or the same string. */
static bool
same(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* The first field in which a and b differ, or NULL; admin_pin and
 * touch_min_x are not compared (they are what was written). */
static const char *
differs(const struct config *a, const struct config *b)
{
	const struct {
		const char *name;
		const char *a, *b;
	} strings[] = {
		{ "id", a->id, b->id },
		{ "name", a->name, b->name },
		{ "language", a->language, b->language },
		{ "languages", a->languages, b->languages },
		{ "forms", a->forms, b->forms },
		{ "database", a->database, b->database },
		{ "communes", a->communes, b->communes },
		{ "volunteer_pin", a->volunteer_pin, b->volunteer_pin },
		{ "touch device", a->touch_device, b->touch_device },
		{ "volunteer question", a->volunteer_question,
		    b->volunteer_question },
		{ "sync url", a->sync_url, b->sync_url },
		{ "sync token_file", a->sync_token_file, b->sync_token_file },
		{ "sync ca_file", a->sync_ca_file, b->sync_ca_file },
		{ "sync pinned_key", a->sync_pinned_key, b->sync_pinned_key },
	};
	const struct {
		const char *name;
		int64_t a, b;
	} numbers[] = {
		{ "idle_seconds", a->idle_seconds, b->idle_seconds },
		{ "still_there_seconds", a->still_there_seconds,
		    b->still_there_seconds },
		{ "thanks_seconds", a->thanks_seconds, b->thanks_seconds },
		{ "min_seconds_between_sessions",
		    a->min_seconds_between_sessions,
		    b->min_seconds_between_sessions },
		{ "max_x", a->touch_max_x, b->touch_max_x },
		{ "min_y", a->touch_min_y, b->touch_min_y },
		{ "max_y", a->touch_max_y, b->touch_max_y },
		{ "batch_size", a->sync_batch_size, b->sync_batch_size },
		{ "connect_timeout_seconds", a->sync_connect_timeout_seconds,
		    b->sync_connect_timeout_seconds },
		{ "low_speed_seconds", a->sync_low_speed_seconds,
		    b->sync_low_speed_seconds },
	};

	for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++) {
		if (!same(strings[i].a, strings[i].b)) {
			return strings[i].name;
		}
	}
	for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
		if (numbers[i].a != numbers[i].b) {
			return numbers[i].name;
		}
	}
	if (a->nsites != b->nsites) {
		return "the number of sites";
	}
	for (size_t i = 0; i < a->nsites; i++) {
		if (!same(a->sites[i].id, b->sites[i].id) ||
		    !same(a->sites[i].label, b->sites[i].label)) {
			return "a site";
		}
	}
	return NULL;
}

/* Every line of what config_load() said names the file and a line. */
static void
check_said(char *said, size_t lines)
{
	for (char *s = said, *nl; *s != '\0'; s = nl + 1) {
		nl = strchr(s, '\n');
		fuzz_expect(nl != NULL, "every problem is a line", s);
		*nl = '\0';
		fuzz_expect(names_a_line(s, path, lines),
		    "every problem names its line", s);
	}
}

/* set-pin and the calibration on an accepted file, then read again. */
static void
write_keys(const struct config *before)
{
	struct config after;
	struct error err = { 0 };
	bool ok;

	fuzz_expect(config_write_key(path, "admin", "pin", PIN_HASH, &err),
	    "set-pin writes an accepted kiosk.ini", err.msg);
	fuzz_expect(config_write_key(path, "touch", "min_x", "123", &err),
	    "the calibration writes an accepted kiosk.ini", err.msg);
	config_init(&after);
	ok = config_load(&after, path, NULL, &err);
	fuzz_expect(
	    ok, "a kiosk.ini accepted is accepted after set-pin", err.msg);
	fuzz_expect(same(after.admin_pin, PIN_HASH) && after.touch_min_x == 123,
	    "the keys written are read back", after.admin_pin);
	fuzz_expect(differs(before, &after) == NULL,
	    "writing a key leaves the rest as it was", differs(before, &after));
	config_finish(&after);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf b = { (char *)data, size, size };
	char *said = NULL;
	size_t said_len = 0;
	struct config cfg;
	struct error err = { 0 };
	FILE *diag;
	bool ok;

	fuzz_write_file(path, data, size);
	diag = open_memstream(&said, &said_len);
	fuzz_expect(diag != NULL, "memory", NULL);
	config_init(&cfg);
	ok = config_load(&cfg, path, diag, &err);
	fclose(diag);
	if (ok) {
		fuzz_expect(
		    said_len == 0, "an accepted kiosk.ini says nothing", said);
		write_keys(&cfg);
	} else {
		fuzz_expect(names_a_line(err.msg, path, buf_lines(&b)),
		    "a refusal names its line", err.msg);
		check_said(said, buf_lines(&b));
	}
	config_finish(&cfg);
	free(said);
	return 0;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	snprintf(path, sizeof path, "%s/kiosk.ini", fuzz_dir());
	return 0;
}
