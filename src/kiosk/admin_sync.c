/*
 * The animator's side: the records carried away, over the network (the
 * day-end synchronisation, stepped by the ticks so that the screen never
 * waits on it) or on a USB stick (the export).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_impl.h"
#include "chain_check.h"
#include "clock.h"
#include "events.h"
#include "export_file.h"
#include "i18n.h"
#include "sync_command.h"
#include "sync_engine.h"

/* Starts a synchronisation that the ticks will step: the screen never
 * waits on the network (the engine's steps are short and never sleep). */
void
admin_sync_start(struct kiosk *k)
{
	struct admin_sync *as = &k->admin.facts.sync;
	struct sync_settings set;
	struct error err = { 0 };

	/* The chain checked and the sync logged first, so that what they
	 * write travels with this very sync. */
	chain_check_run(k->store, true);
	admin_event(k, "sync", NULL, NULL);
	sync_command_settings(k->cfg, &set);
	set.sleep_ms = NULL;
	set.slice_ms = 50;
	k->sync = sync_engine_create(k->store, &set, &err);
	*as = (struct admin_sync){ .running = k->sync != NULL };
	snprintf(as->message, sizeof as->message, "%s",
	    k->sync != NULL ? _("Connecting…") : err.msg);
	as->finished = k->sync == NULL;
}

/* Reloads the consultation files after a sync brought new ones. */
static void
reload_forms(struct kiosk *k)
{
	struct error err = { 0 };

	journey_set_forms(&k->journey, NULL, 0);
	kiosk_forms_finish(&k->forms);
	if (!kiosk_forms_load(&k->forms, k->cfg->forms, stderr, &err)) {
		fprintf(stderr, "parvis: %s\n", err.msg);
	}
	free(k->admin_forms);
	k->admin_forms = NULL;
	admin_mode_load_closed(k);
	kiosk_refresh_open_forms(k);
}

/* One step of a running synchronisation, its progress for the screen. */
void
admin_sync_step(struct kiosk *k)
{
	struct admin_sync *as = &k->admin.facts.sync;
	const struct sync_progress *p;

	if (k->sync == NULL) {
		return;
	}
	p = sync_engine_step(k->sync);
	as->sent = p->sent;
	as->total = p->total;
	snprintf(as->message, sizeof as->message, "%s",
	    p->message != NULL ? p->message : "");
	if (!sync_progress_finished(p)) {
		return;
	}
	sync_progress_summary(p, as->message, sizeof as->message);
	as->running = false;
	as->finished = true;
	as->ok = p->state == SYNC_DONE;
	if (p->forms_installed > 0) {
		reload_forms(k);
	}
	sync_engine_destroy(k->sync);
	k->sync = NULL;
	admin_facts_read(k);
}

/* Writes every record, as `parvis export --format json` does, to the
 * path the animator chose, and logs it; how it went goes on the screen. */
void
admin_export_write(struct kiosk *k)
{
	struct admin_facts *f = &k->admin.facts;
	const char *path = k->admin.field.buf;
	int64_t n = store_count(k->store, NULL);
	struct error err = { 0 };
	char payload[128];

	f->export_ok = export_file(k->store, STORE_JSON, NULL, path, &err);
	if (!f->export_ok) {
		snprintf(
		    f->export_message, sizeof f->export_message, "%s", err.msg);
		return;
	}
	snprintf(f->export_message, sizeof f->export_message,
	    ngettext("%lld record written to %s.",
	        "%lld records written to %s.", (unsigned long)n),
	    (long long)n, path);
	snprintf(payload, sizeof payload,
	    "{\"event\":\"export\",\"format\":\"json\",\"records\":%lld}",
	    (long long)n);
	if (!store_event_json(k->store, k->site, payload, &err)) {
		fprintf(stderr, "parvis: %s\n", err.msg);
	}
}
