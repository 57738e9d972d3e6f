/*
 * The quarantine: records the collector keeps but counts nowhere, because
 * another version of them came (a conflict), their uuid came from another
 * kiosk too (an impostor) or their chain does not hold.  Ingest puts them
 * there (ingest.c); an admin looks at them and decides, once for each:
 * accept (the record counts from then on, in every result and export) or
 * reject (it stays kept and left out).  Every decision is a row of
 * quarantine_decisions, with its time and the admin's note.
 */
#ifndef PARVIS_COLLECT_QUARANTINE_H
#define PARVIS_COLLECT_QUARANTINE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "db.h"
#include "error.h"

/* Writes one line per record in quarantine waiting for a decision (with
 * all, the decided ones too, with their decision): record id, kiosk, seq,
 * uuid, reason, when noticed, decision, and the detail. */
bool quarantine_list(struct db *d, bool all, FILE *out, struct error *err);

/* Decides on record id: accept or reject, with note (may be "").
 * Refuses a record not in quarantine, one already decided, and accepting
 * a record while another version of it (the same kiosk and seq, or the
 * same uuid) counts: reject that one first. */
bool quarantine_decide(
    struct db *d, int64_t id, bool accept, const char *note, struct error *err);

#endif
