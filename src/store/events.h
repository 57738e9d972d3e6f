/*
 * The kiosk's log book: event records (see src/record/RECORDS.md) and the
 * state they set, read back from the log.  The last event of a kind wins;
 * retracted records never count.
 */
#ifndef PARVIS_STORE_EVENTS_H
#define PARVIS_STORE_EVENTS_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "store.h"

/* Appends the event {"event":name} — or {"event":name,key:value} when key
 * is not NULL — in one transaction, at the given site (may be NULL). */
bool store_event(struct store *s, const char *site, const char *name,
    const char *key, const char *value, struct error *err);

/* Appends an event whose payload, a JSON object with "event" first, the
 * caller built (numbers stay numbers): {"event":"export","records":12}. */
bool store_event_json(
    struct store *s, const char *site, const char *payload, struct error *err);

/* *n gets the number of events called name created at or after since
 * ("YYYY-MM-DDTHH:MM:SS.mmmZ"; NULL: ever). */
bool store_event_count(struct store *s, const char *name, const char *since,
    int64_t *n, struct error *err);

/* *value gets a copy (freed by the caller) of payload key of the last event
 * called name created at or after since, or NULL when there is none. */
bool store_event_last(struct store *s, const char *name, const char *since,
    const char *key, char **value, struct error *err);

/* *closed gets whether the animator closed form_id on this kiosk: the
 * last of its form_open and form_close events is a form_close. */
bool store_form_closed(
    struct store *s, const char *form_id, bool *closed, struct error *err);

/* out gets when the collector last acknowledged records ("" never). */
bool store_last_sync(struct store *s, char out[25], struct error *err);

/* *n gets the number of completed submissions created at or after since. */
bool store_completed_count(
    struct store *s, const char *since, int64_t *n, struct error *err);

#endif
