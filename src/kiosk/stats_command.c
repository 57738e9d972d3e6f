/*
 * `parvis stats` (see stats_command.h): checks the arguments before
 * touching anything, opens the database only when it exists (like
 * `export`: never creates one), computes the figures once and writes
 * them as text or JSON.  The database is only read.
 */
#include "stats_command.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "commands.h"
#include "communes.h"
#include "gettext.h"
#include "stats.h"
#include "figures_text.h"
#include "store.h"

struct stats_args {
	struct stats_filter filter;
	bool json;
};

static bool
usage(void)
{
	fprintf(stderr,
	    _("usage: parvis stats [--since DATE] [--site SITE] "
	      "[--format text|json]\n"));
	return false;
}

static bool
set_format(struct stats_args *a, const char *format)
{
	if (strcmp(format, "text") == 0 || strcmp(format, "json") == 0) {
		a->json = strcmp(format, "json") == 0;
		return true;
	}
	fprintf(stderr,
	    _("parvis stats: unknown format '%s' (expected text "
	      "or json)\n"),
	    format);
	return false;
}

static bool
check_since(const char *since)
{
	int64_t day;

	if (since == NULL ||
	    (strlen(since) == 10 && clock_parse_date(since, &day))) {
		return true;
	}
	fprintf(stderr,
	    _("parvis stats: --since takes a day like 2026-11-25, "
	      "not '%s'\n"),
	    since);
	return false;
}

/* An argument parse_args() did not take: an option without its value,
 * or something else. */
static bool
unexpected(const char *arg)
{
	if (strcmp(arg, "--since") == 0 || strcmp(arg, "--site") == 0 ||
	    strcmp(arg, "--format") == 0) {
		fprintf(stderr, _("parvis stats: %s needs a value\n"), arg);
	} else {
		fprintf(stderr, _("parvis stats: unexpected '%s'\n"), arg);
	}
	return usage();
}

static bool
parse_args(int argc, char **argv, struct stats_args *a)
{
	for (int i = 0; i < argc; i++) {
		bool has_value = i + 1 < argc;

		if (strcmp(argv[i], "--since") == 0 && has_value) {
			a->filter.since = argv[++i];
		} else if (strcmp(argv[i], "--site") == 0 && has_value) {
			a->filter.site = argv[++i];
		} else if (strcmp(argv[i], "--format") == 0 && has_value) {
			if (!set_format(a, argv[++i])) {
				return false;
			}
		} else {
			return unexpected(argv[i]);
		}
	}
	return check_since(a->filter.since);
}

/* True when site is one of kiosk.ini's [sites]; else says which are. */
static bool
check_site(const struct config *cfg, const char *site)
{
	if (site == NULL) {
		return true;
	}
	for (size_t i = 0; i < cfg->nsites; i++) {
		if (strcmp(cfg->sites[i].id, site) == 0) {
			return true;
		}
	}
	if (cfg->nsites == 0) {
		fprintf(stderr,
		    _("parvis stats: unknown site '%s': %s has no "
		      "[sites] section\n"),
		    site, cfg->path);
		return false;
	}
	fprintf(stderr,
	    _("parvis stats: unknown site '%s'; the sites of %s "
	      "are:\n"),
	    site, cfg->path);
	for (size_t i = 0; i < cfg->nsites; i++) {
		fprintf(stderr, "  %-20s %s\n", cfg->sites[i].id,
		    cfg->sites[i].label);
	}
	return false;
}

/* Loads the communes for the reach; without them, the reach has codes
 * but no names or populations, which is worth a warning, not a stop. */
static bool
load_communes(const struct config *cfg, struct communes *communes)
{
	struct error err = { 0 };

	if (communes_load(communes, cfg->communes, &err)) {
		return true;
	}
	fprintf(stderr,
	    _("parvis: %s (the reach is shown without names or "
	      "populations)\n"),
	    err.msg);
	return false;
}

static bool
write_json(struct store *s, const struct stats *st, struct error *err)
{
	char *json = NULL;

	if (!stats_json(s, st, &json, err)) {
		return false;
	}
	printf("%s\n", json);
	free(json);
	return true;
}

/* Computes and writes the figures; false with err filled. */
static bool
report(const struct config *cfg, struct store *s, const struct stats_args *a,
    struct error *err)
{
	struct communes communes = { 0 };
	bool have = load_communes(cfg, &communes);
	struct stats *st =
	    stats_compute(s, &a->filter, have ? &communes : NULL, err);
	bool ok = st != NULL;

	if (ok && a->json) {
		ok = write_json(s, st, err);
	} else if (ok) {
		figures_text_print(st, cfg, stdout);
	}
	if (ok && (fflush(stdout) != 0 || ferror(stdout))) {
		ok = error_set(
		    err, _("cannot write the figures: %s"), strerror(errno));
	}
	stats_destroy(st);
	communes_finish(&communes);
	return ok;
}

int
command_stats(const struct config *cfg, int argc, char **argv)
{
	struct stats_args a = { 0 };
	struct error err = { 0 };
	struct store *s;
	bool ok;

	if (!parse_args(argc, argv, &a) || !check_site(cfg, a.filter.site)) {
		return 2;
	}
	s = command_open_store(cfg);
	if (s == NULL) {
		return 1;
	}
	ok = report(cfg, s, &a, &err);
	store_destroy(s);
	if (!ok) {
		fprintf(stderr, "parvis: %s\n", err.msg);
		return 1;
	}
	return 0;
}
