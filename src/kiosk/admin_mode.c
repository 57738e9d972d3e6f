/*
 * The animator's side of the kiosk loop: the admin mode (see
 * kiosk_impl.h), what its screens ask for (src/ui/admin.h) done through
 * the files beside this one (admin_impl.h).
 */
#include <stdlib.h>
#include <string.h>

#include "admin_impl.h"
#include "clock.h"
#include "sync_engine.h"

void
admin_mode_enter(struct kiosk *k)
{
	if (k->sites == NULL && k->cfg->nsites > 0) {
		k->sites = calloc(k->cfg->nsites, sizeof *k->sites);
		for (size_t i = 0; k->sites != NULL && i < k->cfg->nsites;
		     i++) {
			k->sites[i].id = k->cfg->sites[i].id;
			k->sites[i].label = k->cfg->sites[i].label;
		}
	}
	k->mode = MODE_ADMIN;
	admin_open(&k->admin, k->settings.idle_ms, ui_lines(), ui_cols(),
	    clock_now_ms());
	admin_event(k, "admin_enter", NULL, NULL);
	admin_facts_read(k);
}

/* Does what the admin screen asked; false when the kiosk must stop. */
static bool
act(struct kiosk *k, struct request r, const struct ui_event *ev)
{
	(void)ev;
	switch (r.kind) {
	case REQUEST_SET_SITE:
		free(k->site);
		k->site = strdup(k->sites[r.arg].id);
		admin_event(k, "site", "site", k->site);
		break;
	case REQUEST_COUNT_APPROACH:
		admin_event(k, "approach", NULL, NULL);
		break;
	case REQUEST_COUNT_REFUSAL:
		admin_event(k, "refusal", NULL, NULL);
		break;
	case REQUEST_TOGGLE_FORM:
		admin_form_toggle(k, (size_t)r.arg);
		break;
	case REQUEST_SYNC_START:
		admin_sync_start(k);
		break;
	case REQUEST_FIGURES_READ:
		admin_figures_read(k);
		break;
	case REQUEST_CALIBRATE:
		calibrate_mode_enter(k);
		return true;
	case REQUEST_VERBATIMS_READ:
		admin_verbatims_read(k);
		break;
	case REQUEST_SET_QUESTION:
		admin_question_set(k);
		break;
	case REQUEST_EXPORT_WRITE:
		admin_export_write(k);
		break;
	case REQUEST_BACK_TO_KIOSK:
		admin_event(k, "admin_leave", NULL, NULL);
		k->mode = MODE_PUBLIC;
		journey_reset(&k->journey);
		return true;
	case REQUEST_LEAVE_KIOSK_MODE:
		admin_event(k, "kiosk_exit", NULL, NULL);
		return false;
	case REQUEST_END:
		admin_event(k, "admin_leave", NULL, NULL);
		return false;
	default:
		return true;
	}
	admin_facts_read(k);
	return true;
}

/* A running sync steps on every event; the health lines are read every
 * few seconds (they count the records and stat the disk). */
static void
before(struct kiosk *k, const struct ui_event *ev)
{
	admin_sync_step(k);
	if (ev->kind == UI_TICK &&
	    ev->now_ms - k->health_read_ms >= HEALTH_EVERY_MS) {
		admin_health_read(k, &k->admin.facts);
	}
}

static void *
state(struct kiosk *k)
{
	return &k->admin;
}

const struct kiosk_mode_ops admin_mode = {
	.screen = &admin_screen,
	.state = state,
	.before = before,
	.act = act,
};

void
admin_mode_finish(struct kiosk *k)
{
	sync_engine_destroy(k->sync);
	k->sync = NULL;
	admin_figures_forget(k);
	admin_verbatims_forget(k);
	free(k->sites);
	free(k->admin_forms);
	free(k->site);
	free(k->question);
	k->sites = NULL;
	k->site = NULL;
	k->question = NULL;
}
