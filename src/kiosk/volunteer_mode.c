/*
 * The porteurs de parole's side of the kiosk loop: what their screens ask
 * for (see src/ui/volunteer.h) done in the store — testimony records,
 * retractions, events — and today's testimonies read back for the list.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "events.h"
#include "i18n.h"
#include "kiosk_impl.h"
#include "testimony.h"

#define LIST_MAX 32

struct list_fill {
	struct volunteer_item *items;
	size_t n;
};

static void
add_item(void *ctx, const char *uuid, const char *created_at, const char *words)
{
	struct list_fill *f = ctx;
	struct volunteer_item *it = &f->items[f->n++];
	int64_t ms;

	snprintf(it->uuid, sizeof it->uuid, "%s", uuid);
	it->time[0] = '\0';
	if (clock_parse_iso(created_at, &ms)) {
		clock_format_local(ms, "%H:%M", it->time, sizeof it->time);
	}
	snprintf(it->words, sizeof it->words, "%s", words != NULL ? words : "");
}

/* Today's testimonies, newest first, for the list screen. */
static void
read_items(struct kiosk *k)
{
	struct list_fill fill = { .items = k->volunteer_items };
	struct error err = { 0 };
	char since[25];

	clock_format_iso(clock_local_day_start(clock_now_ms()), since);
	if (!store_each_testimony(
	        k->store, since, LIST_MAX, add_item, &fill, &err)) {
		fprintf(stderr, "parvis: %s\n", err.msg);
	}
	k->volunteer.items = k->volunteer_items;
	k->volunteer.nitems = fill.n;
}

static void
event(struct kiosk *k, const char *name)
{
	struct error err = { 0 };

	if (!store_event(k->store, k->site, name, NULL, NULL, &err)) {
		fprintf(stderr, "parvis: %s\n", err.msg);
	}
}

void
volunteer_mode_enter(struct kiosk *k)
{
	const struct form *f = kiosk_testimony_form(k);
	struct volunteer_lists lists = {
		.question = admin_mode_question(k),
		.communes = &k->communes,
		.tags = f != NULL ? f->testimony.tags : NULL,
		.ntags = f != NULL ? f->testimony.ntags : 0,
		.lang = k->settings.default_lang,
	};

	if (k->volunteer_items == NULL) {
		k->volunteer_items =
		    calloc(LIST_MAX, sizeof *k->volunteer_items);
	}
	k->testimony_form = f;
	k->mode = MODE_VOLUNTEER;
	/* Volunteers listen before they type: a longer lock than kiosk's. */
	volunteer_open(&k->volunteer, &lists, 3 * k->settings.idle_ms,
	    ui_lines(), ui_cols(), clock_now_ms());
	event(k, "volunteer_enter");
	read_items(k);
}

static void
save(struct kiosk *k)
{
	struct volunteer *v = &k->volunteer;
	struct error err = { 0 };
	const char *tags[FORM_MAX_TAGS];
	struct store_testimony t = {
		.question =
		    *v->lists.question != '\0' ? v->lists.question : NULL,
		.words = v->words,
		.quote = volunteer_quote_keys[v->quote],
		.first_name = v->quote == QUOTE_NAMED ? v->first_name : NULL,
		.age = v->age >= 0 ? volunteer_age_keys[v->age] : NULL,
		.commune = v->commune[0] != '\0' ? v->commune : NULL,
		.form = k->testimony_form,
		.tags = tags,
		.site = k->site,
	};

	for (size_t i = 0; i < v->lists.ntags; i++) {
		if (v->tagged[i]) {
			tags[t.ntags++] = v->lists.tags[i].key;
		}
	}

	if (store_add_testimony(k->store, &t, &err)) {
		volunteer_saved(v);
	} else {
		volunteer_save_failed(v, err.msg);
	}
}

static void
withdraw(struct kiosk *k, int index)
{
	struct error err = { 0 };

	if (!store_retract(k->store, k->volunteer.items[index].uuid,
	        "withdrawn by a porteur de parole", k->site, &err)) {
		volunteer_save_failed(&k->volunteer, err.msg);
	}
}

/* Does what the screen asked; false when the kiosk must stop. */
static bool
act(struct kiosk *k, struct request r, const struct ui_event *ev)
{
	(void)ev;
	switch (r.kind) {
	case REQUEST_SAVE_TESTIMONY:
		save(k);
		break;
	case REQUEST_WITHDRAW_TESTIMONY:
		withdraw(k, r.arg);
		break;
	case REQUEST_BACK_TO_KIOSK:
		event(k, "volunteer_leave");
		k->mode = MODE_PUBLIC;
		journey_reset(&k->journey);
		return true;
	case REQUEST_END:
		event(k, "volunteer_leave");
		return false;
	default:
		return true;
	}
	read_items(k);
	return true;
}

static void *
state(struct kiosk *k)
{
	return &k->volunteer;
}

const struct kiosk_mode_ops volunteer_mode = {
	.screen = &volunteer_screen,
	.state = state,
	.act = act,
};

void
volunteer_mode_finish(struct kiosk *k)
{
	free(k->volunteer_items);
	k->volunteer_items = NULL;
}
