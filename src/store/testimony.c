/*
 * Testimonies and retractions (see testimony.h).  Payloads are made with
 * SQLite's JSON functions; absent fields are left out, not null.
 */
#include "testimony.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "communes.h"
#include "gettext.h"
#include "ids.h"
#include "record.h"
#include "store_impl.h"
#include "utf8.h"

/* What a failed write loses, for messages (translated where shown). */
#define LOST N_("the testimony was not saved")

/* Refuses what no screen would send: a commune that is no INSEE code,
 * tags without a form, a tag the form does not declare or given twice. */
static bool
check_testimony(const struct store_testimony *t, struct error *err)
{
	if (t->words == NULL || t->quote == NULL) {
		return error_set(err, "%s: no words or no quote choice", LOST);
	}
	if (t->commune != NULL && !communes_valid_insee(t->commune) &&
	    strcmp(t->commune, COMMUNES_ELSEWHERE) != 0) {
		return error_set(err, "%s: commune \"%s\" is no INSEE code",
		    LOST, t->commune);
	}
	if (t->ntags > STORE_TESTIMONY_MAX_TAGS ||
	    (t->ntags > 0 && t->form == NULL)) {
		return error_set(
		    err, "%s: tags without a form, or too many", LOST);
	}
	for (size_t i = 0; i < t->ntags; i++) {
		if (form_find_key(t->form->testimony.tags,
		        t->form->testimony.ntags, t->tags[i]) < 0) {
			return error_set(err,
			    "%s: tag \"%s\" is not in form %s", LOST,
			    t->tags[i], t->form->id);
		}
		for (size_t j = 0; j < i; j++) {
			if (strcmp(t->tags[i], t->tags[j]) == 0) {
				return error_set(err,
				    "%s: tag \"%s\" given twice", LOST,
				    t->tags[i]);
			}
		}
	}
	return true;
}

/* The tags as a JSON array of keys, grown with json_insert(); NULL (no
 * tags key) when there are none. */
static bool
tags_json(struct store *s, const struct store_testimony *t, char **json,
    struct error *err)
{
	sqlite3_stmt *st = NULL;
	char *array = NULL;
	bool ok = false;

	*json = NULL;
	if (t->ntags == 0) {
		return true;
	}
	if (!store_cached(s, "SELECT json_insert(?1, '$[#]', ?2)", &st, err)) {
		return false;
	}
	array = strdup("[]");
	for (size_t i = 0; array != NULL && i < t->ntags; i++) {
		sqlite3_bind_text(st, 1, array, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, t->tags[i], -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_ROW) {
			store_fail(s, sqlite3_errcode(s->db), LOST, err);
			goto out;
		}
		free(array);
		array = strdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
	}
	if (array == NULL) {
		error_set(err, _("out of memory: %s"), _(LOST));
		goto out;
	}
	*json = array;
	array = NULL;
	ok = true;
out:
	free(array);
	store_done(st);
	return ok;
}

/* The payload, with the typed texts sanitised once more.  A merge patch
 * onto {} leaves the null (absent) fields out. */
static bool
payload_json(struct store *s, const struct store_testimony *t,
    const char *form_hash, char **json, struct error *err)
{
	sqlite3_stmt *st = NULL;
	char *tags = NULL;
	char *words = utf8_sanitize(t->words, strlen(t->words), 0);
	char *name = t->first_name != NULL
	    ? utf8_sanitize(t->first_name, strlen(t->first_name), 0)
	    : NULL;
	bool ok = false;

	*json = NULL;
	if (words == NULL || (t->first_name != NULL && name == NULL)) {
		error_set(err, _("out of memory: %s"), _(LOST));
		goto out;
	}
	if (!tags_json(s, t, &tags, err) ||
	    !store_cached(s,
	        "SELECT json_patch('{}', json_object('form', ?1, 'version', "
	        "?2, 'form_hash', ?3, 'question', ?4, 'words', ?5, 'quote', "
	        "?6, 'first_name', ?7, 'age', ?8, 'commune', ?9, 'tags', "
	        "json(?10)))",
	        &st, err)) {
		goto out;
	}
	if (t->form != NULL) {
		sqlite3_bind_text(st, 1, t->form->id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, t->form->version);
		sqlite3_bind_text(st, 3, form_hash, -1, SQLITE_STATIC);
	}
	sqlite3_bind_text(st, 4, t->question, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, words, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, t->quote, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, t->age, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, t->commune, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, tags, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW ||
	    (*json = strdup((const char *)sqlite3_column_text(st, 0))) ==
	        NULL) {
		store_fail(s, sqlite3_errcode(s->db), LOST, err);
		goto out;
	}
	ok = true;
out:
	store_done(st);
	free(tags);
	free(words);
	free(name);
	return ok;
}

bool
store_add_testimony(
    struct store *s, const struct store_testimony *t, struct error *err)
{
	struct store_new_record r = {
		.type = RECORD_TESTIMONY,
		.site = t->site,
		.mode = "volunteer",
		.created_ms = clock_now_ms(),
		.lost = LOST,
	};
	char hash[IDS_SHA256_HEX + 1] = "";
	char *payload = NULL;
	bool ok = false;

	if (!check_testimony(t, err)) {
		return false;
	}
	if (t->form != NULL) {
		ids_sha256_hex(t->form->source, t->form->source_len, hash);
		r.form_id = t->form->id;
		r.form_version = t->form->version;
		r.form_hash = hash;
	}
	if (!payload_json(s, t, hash, &payload, err)) {
		return false;
	}
	r.payload = payload;
	ok = store_write_record(s, &r, t->form, NULL, err);
	free(payload);
	return ok;
}

bool
store_retract(struct store *s, const char *uuid, const char *reason,
    const char *site, struct error *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;

	if (!store_prepare(s,
	        "SELECT json_object('retracts', ?1, 'reason', ?2)", &st, err)) {
		return false;
	}
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, reason, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		store_fail(s, sqlite3_errcode(s->db), STORE_LOST_RECORD, err);
	} else {
		ok = store_append(s, RECORD_RETRACTION, site, "volunteer",
		    (const char *)sqlite3_column_text(st, 0), NULL, err);
	}
	sqlite3_finalize(st);
	return ok;
}

bool
store_each_testimony(struct store *s, const char *since, int limit,
    store_testimony_fn fn, void *ctx, struct error *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;
	int rc;

	if (!store_prepare(s,
	        "SELECT uuid, created_at, json_extract(line, "
	        "'$.payload.words') FROM records r WHERE type = 'testimony' AND "
	        "(?1 IS NULL OR created_at >= ?1) AND " STORE_NOT_RETRACTED(
	            "r") " ORDER BY seq DESC LIMIT ?2",
	        &st, err)) {
		return false;
	}
	sqlite3_bind_text(st, 1, since, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, limit);
	rc = sqlite3_step(st);
	while (rc == SQLITE_ROW) {
		fn(ctx, (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 2));
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE) {
		store_fail(s, rc, N_("the testimonies could not be read"), err);
		goto out;
	}
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}
