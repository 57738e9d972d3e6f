/*
 * The kiosk checks its own hash chain (store_check_chain) at start and
 * before each sync and bundle, and tells whoever reads its log of each new
 * break in plain words.  The kiosk keeps collecting all the same: a break
 * is evidence for the people running the collector, never a reason to
 * stop taking answers.
 */
#ifndef PARVIS_KIOSK_CHAIN_CHECK_H
#define PARVIS_KIOSK_CHAIN_CHECK_H

#include "store.h"

/* Runs the incremental check (with unsent, over every record not yet
 * acknowledged too: before a sync or a bundle); each new break found is
 * already an event record (store.h) and gets an error line on stderr.  A
 * database that cannot be read gets a warning line.  Never fails the
 * caller. */
void chain_check_run(struct store *s, bool unsent);

/* The animator's line about the chain, in the screen's language, into
 * out: empty when no break was ever found, else which record and what to
 * do. */
void chain_check_line(struct store *s, char *out, size_t size);

#endif
