/*
 * kiosk.ini: the kiosk's configuration, read with inih through one table of
 * keys (config.c), which also prints `parvis --help-config`.  Relative
 * paths are taken from the directory of the configuration file.
 */
#ifndef PARVIS_KIOSK_CONFIG_H
#define PARVIS_KIOSK_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "error.h"

struct site {
	char *id;    /* key in [sites] */
	char *label; /* what people read */
};

struct config {
	char *path; /* the file read */

	/* [kiosk] */
	char *id;
	char *name;
	char *language;  /* "fr" or "en": the default */
	char *languages; /* offered, comma-separated */
	char *forms;     /* a directory of *.ini */
	char *database;
	char *communes;

	/* [screen] */
	int64_t idle_seconds;
	int64_t still_there_seconds;
	int64_t thanks_seconds;
	int64_t min_seconds_between_sessions;

	/* [admin] */
	char *admin_pin;     /* Argon2id hash from `parvis set-pin` */
	char *volunteer_pin; /* `parvis set-pin volunteer` */

	/* [touch] */
	char *touch_device;
	int64_t touch_min_x, touch_max_x, touch_min_y, touch_max_y;

	/* [volunteer] */
	char *volunteer_question;

	/* [sync] (see sync/PROTOCOL.md); "" when not set */
	char *sync_url; /* https:// only */
	char *sync_token_file;
	char *sync_ca_file;
	char *sync_pinned_key; /* "sha256//BASE64[;sha256//...]" */
	int64_t sync_batch_size;
	int64_t sync_connect_timeout_seconds;
	int64_t sync_low_speed_seconds;

	/* [sites] */
	struct site *sites;
	size_t nsites;
};

/* Fills cfg with the defaults of the table. */
void config_init(struct config *cfg);

/* Reads path over the defaults, then the touchscreen's calibration file
 * (config_calibration_path()) when there is one.  Every problem of path is
 * reported as "path:line: message"; the first one goes into err and the
 * function returns false (all are printed to diag when it is not NULL).
 * A problem of the calibration file is only printed to diag. */
bool config_load(
    struct config *cfg, const char *path, FILE *diag, struct error *err);

/* The calibration file: calibration.ini in the database's directory (the
 * kiosk's state directory, where the service may write: /etc/parvis is
 * read-only to it).  Into out, of size bytes. */
void config_calibration_path(const struct config *cfg, char *out, size_t size);

/* Writes the four calibration values ([touch] min_x...) into cfg's
 * calibration file, atomically (beside, flushed, renamed).  False with
 * err set when it cannot. */
bool config_save_calibration(const struct config *cfg, int64_t min_x,
    int64_t max_x, int64_t min_y, int64_t max_y, struct error *err);

/* The configuration file to use when none is given: ./kiosk.ini, then the
 * system one.  Returns a static string. */
const char *config_default_path(void);

void config_finish(struct config *cfg);

/* Prints every key with its default and help (for --help-config). */
void config_print_help(FILE *out);

/* Replaces (or adds) `key = value` in [section] of the file at path (the
 * PIN hashes of [admin]), keeping everything
 * else byte for byte; written atomically, with the file's owner, group
 * and mode kept. */
bool config_write_key(const char *path, const char *section, const char *key,
    const char *value, struct error *err);

#endif
