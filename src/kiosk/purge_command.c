/*
 * `parvis purge` (see purge_command.h): the cutoff from the kiosk's clock
 * and keep_acknowledged_days, the store's purge, and what it did in
 * words for the journal of the timer or the person at the terminal.
 */
#include "purge_command.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "commands.h"
#include "gettext.h"
#include "store.h"

#define DAY_MS (24 * 3600 * 1000LL)

int64_t
purge_cutoff_ms(int64_t now_ms, int64_t keep_days)
{
	int64_t day = clock_local_today(now_ms) - keep_days;
	char iso[25];
	int64_t ms = 0;

	/* The date of that day, then its local midnight (which daylight
	 * saving time may move off a multiple of 24 hours). */
	clock_format_iso(day * DAY_MS, iso);
	iso[10] = '\0';
	if (!clock_local_midnight(iso, &ms)) {
		ms = day * DAY_MS;
	}
	return ms;
}

/* What went (or would go) and what stays, in words. */
static void
report(const struct store_purge *p, bool dry_run, const char *day,
    int64_t keep_days)
{
	if (p->removed > 0 && dry_run) {
		/* TRANSLATORS: the number of records, then a day
		 * (YYYY-MM-DD). */
		printf(ngettext("%lld record would be removed (acknowledged by "
		                "the collection server, collected before %s); "
		                "nothing was changed (--dry-run).\n",
		           "%lld records would be removed (acknowledged by the "
		           "collection server, collected before %s); nothing "
		           "was changed (--dry-run).\n",
		           (unsigned long)p->removed),
		    (long long)p->removed, day);
	} else if (p->removed > 0) {
		/* TRANSLATORS: the number of records, a day (YYYY-MM-DD),
		 * then the number of the last record removed. */
		printf(ngettext("%lld record removed (acknowledged by the "
		                "collection server, collected before %s); the "
		                "chain goes on from record %lld.\n",
		           "%lld records removed (acknowledged by the "
		           "collection server, collected before %s); the chain "
		           "goes on from record %lld.\n",
		           (unsigned long)p->removed),
		    (long long)p->removed, day, (long long)p->through_seq);
	} else {
		/* TRANSLATORS: a day (YYYY-MM-DD). */
		printf(_("Nothing to remove: no record acknowledged by the "
		         "collection server was collected before %s.\n"),
		    day);
	}
	/* TRANSLATORS: two numbers of records, a day (YYYY-MM-DD), then the
	 * value of keep_acknowledged_days (a key of kiosk.ini, kept as it
	 * is). */
	printf(_("Kept: %lld not yet acknowledged by the collection server, "
	         "%lld collected from %s on (keep_acknowledged_days = "
	         "%lld).\n"),
	    (long long)p->kept_unsent, (long long)p->kept_recent, day,
	    (long long)keep_days);
}

enum { OPT_DRY_RUN = CMD_LONG_ONLY };

static const struct cmd_option purge_options[] = {
	{ "dry-run", CMD_NO_VALUE, OPT_DRY_RUN },
	{ NULL, CMD_NO_VALUE, 0 },
};

static bool
take_dry_run(void *ctx, int opt, const char *arg)
{
	*(bool *)ctx = true;
	return true;
}

static int
run_purge(const struct command_env *env, int argc, char **argv)
{
	const struct config *cfg = env->cfg;
	bool dry_run = false;
	int64_t cutoff =
	    purge_cutoff_ms(clock_now_ms(), cfg->keep_acknowledged_days);
	struct store_purge p;
	struct error err = { 0 };
	struct store *s;
	char day[32];
	bool ok;
	int first;
	int status = command_options(
	    &command_purge, argc, argv, take_dry_run, &dry_run, &first);

	if (status >= 0) {
		return status;
	}
	clock_format_local(cutoff, "%Y-%m-%d", day, sizeof day);
	if (access(cfg->database, F_OK) != 0) {
		printf(
		    _("Nothing to remove: %s does not exist yet (nothing has "
		      "been collected with this configuration).\n"),
		    cfg->database);
		return 0;
	}
	s = store_open(cfg->database, cfg->id, &err);
	if (s == NULL) {
		fprintf(stderr, "parvis: %s\n", err.msg);
		return 1;
	}
	ok = store_purge(s, cutoff, dry_run, &p, &err);
	store_destroy(s);
	if (!ok) {
		fprintf(stderr, "parvis: %s\n", err.msg);
		return 1;
	}
	report(&p, dry_run, day, cfg->keep_acknowledged_days);
	return 0;
}

const struct command command_purge = {
	.entry = {
		.name = "purge",
		.args = { N_("[--dry-run]") },
		.help = { N_("remove the records the server holds,\n"
		             "after keep_acknowledged_days") },
		.options = purge_options,
		.max_args = 0,
	},
	.flags = COMMAND_CONFIG,
	.run = run_purge,
};
