/*
 * Retention on the collector: `parvis-collect purge` erases the records
 * past their consultation's retention (DESIGN.md, section 11).
 *
 * A record is kept for its consultation's retention_days (the latest
 * published version of its form says it), or the [retention] days of
 * collect.ini for records of no consultation or of one that says
 * nothing, counted from the record's created_at.  Past that, it goes:
 * its line (the answers, the words, the quotes, the withdrawals, the
 * events), its quarantine and the decision on it.  What stays is its
 * kiosk, seq, uuid and chain hash (purged), so the kiosk's chain still
 * links from the kept hashes, `kiosk list` shows no false gap, and a
 * copy sent again (an old bundle) stays erased.  Each purge is a row of
 * purges.  This is the only place that deletes anything.
 */
#ifndef PARVIS_COLLECT_PURGE_H
#define PARVIS_COLLECT_PURGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "error.h"

/* What a purge erased (or, dry, would erase) of one consultation. */
struct purge_form {
	char *form_id; /* NULL: records of no consultation */
	int64_t days;  /* the retention applied */
	int64_t records;
};

struct purge_result {
	int64_t records; /* in all */
	struct purge_form *forms;
	size_t nforms;
};

/* Erases, in one transaction, every record created more than its
 * retention ago (default_days when its consultation says none); with
 * dry_run, only counts them.  res says how many of which consultation.
 * False, with a message, when the database fails: then nothing is
 * erased.  Free res with purge_result_finish(). */
bool purge_run(struct db *d, int64_t default_days, bool dry_run,
    struct purge_result *res, struct error *err);

void purge_result_finish(struct purge_result *res);

#endif
