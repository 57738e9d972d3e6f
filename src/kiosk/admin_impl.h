/*
 * What the files of the animator's side share (admin_mode.c is the mode
 * itself; admin_facts.c reads what its screens show and writes what they
 * set; admin_sync.c carries the records away, by network or on a stick;
 * admin_reading.c reads the day's figures and the verbatims).
 */
#ifndef PARVIS_KIOSK_ADMIN_IMPL_H
#define PARVIS_KIOSK_ADMIN_IMPL_H

#include <stddef.h>

#include "kiosk_impl.h"

/* How often the health lines are read again while the screens are open. */
#define HEALTH_EVERY_MS 5000

/* The ISO time (UTC) of today's local midnight. */
void admin_today_start(char out[25]);

/* Writes an event of the log book; a failure goes to stderr only. */
void admin_event(
    struct kiosk *k, const char *name, const char *key, const char *value);

/* The health lines of the home screen: records, files, disk, chain. */
void admin_health_read(struct kiosk *k, struct admin_facts *f);

/* Opens or closes consultation i (of facts.forms) on this kiosk. */
void admin_form_toggle(struct kiosk *k, size_t i);

/* Fills the admin screens' facts from the log book. */
void admin_facts_read(struct kiosk *k);

/* Logs the question of the day the animator typed. */
void admin_question_set(struct kiosk *k);

/* Starts a synchronisation that admin_sync_step() then steps. */
void admin_sync_start(struct kiosk *k);

/* One step of a running synchronisation (nothing when none runs). */
void admin_sync_step(struct kiosk *k);

/* Writes the export where the animator typed (a USB stick). */
void admin_export_write(struct kiosk *k);

/* Today's figures into the facts, and forgetting them. */
void admin_figures_read(struct kiosk *k);
void admin_figures_forget(struct kiosk *k);

/* The verbatims matching the animator's words, and forgetting them. */
void admin_verbatims_read(struct kiosk *k);
void admin_verbatims_forget(struct kiosk *k);

#endif
