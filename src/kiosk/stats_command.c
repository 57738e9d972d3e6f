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

enum { OPT_SINCE = CMD_LONG_ONLY, OPT_SITE, OPT_FORMAT };

static const struct cmd_option stats_options[] = {
	{ "since", CMD_VALUE, OPT_SINCE },
	{ "site", CMD_VALUE, OPT_SITE },
	{ "format", CMD_VALUE, OPT_FORMAT },
	{ NULL, CMD_NO_VALUE, 0 },
};

/* Takes one option into the stats_args of ctx; false, said on stderr,
 * for a format or a day that is not one. */
static bool
take_option(void *ctx, int opt, const char *arg)
{
	struct stats_args *a = ctx;
	int64_t day;

	if (opt == OPT_SITE) {
		a->filter.site = arg;
	} else if (opt == OPT_FORMAT &&
	    (strcmp(arg, "text") == 0 || strcmp(arg, "json") == 0)) {
		a->json = strcmp(arg, "json") == 0;
	} else if (opt == OPT_FORMAT) {
		fprintf(stderr,
		    _("parvis stats: unknown format '%s' (expected text "
		      "or json)\n"),
		    arg);
		return false;
	} else if (clock_parse_date(arg, &day)) {
		a->filter.since = arg;
	} else {
		fprintf(stderr,
		    _("parvis stats: --since takes a day like 2026-11-25, "
		      "not '%s'\n"),
		    arg);
		return false;
	}
	return true;
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

static int
run(const struct command_env *env, int argc, char **argv)
{
	const struct config *cfg = env->cfg;
	struct stats_args a = { 0 };
	struct error err = { 0 };
	struct store *s;
	bool ok;
	int first;
	int status = command_options(
	    &command_stats, argc, argv, take_option, &a, &first);

	if (status >= 0) {
		return status;
	}
	if (!check_site(cfg, a.filter.site)) {
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

const struct command command_stats = {
	.entry = {
		.name = "stats",
		.args = { N_("[--since DATE] [--site SITE] [--format text|json]") },
		.help = { N_("the figures: participation, answers,\n"
		             "reach, response rate") },
		.options = stats_options,
		.max_args = 0,
	},
	.flags = COMMAND_CONFIG,
	.run = run,
};
