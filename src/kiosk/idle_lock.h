/*
 * "A participant is answering": an advisory lock (flock) on a file beside
 * the kiosk's database, DATABASE.session-lock, that the kiosk holds from
 * the first screen of a participant's session to its end.  `parvis sync
 * --when-idle` (run by parvis-sync.timer) does not start while it is
 * held: it waits a little, then gives up until the next run.  The kernel
 * drops the lock when the kiosk dies, so it is never stale; the file
 * exists while a kiosk runs on the database (idle_lock_destroy() removes
 * it).
 *
 * The lock only keeps the timer's sync from *starting* during a session.
 * A session that begins while a sync runs goes on normally: the kiosk
 * never waits for the network, and both write the database safely.
 *
 * Any process can test or take the lock: it is taken on a read-only
 * descriptor, so the file's owner does not matter (flock(1) works on it
 * too: `flock DATABASE.session-lock -c 'sleep 60'` holds it by hand).
 */
#ifndef PARVIS_KIOSK_IDLE_LOCK_H
#define PARVIS_KIOSK_IDLE_LOCK_H

#include <stdbool.h>

#include "error.h"

/* What is appended to the database's path to name the lock file. */
#define IDLE_LOCK_SUFFIX ".session-lock"

struct idle_lock;

/* Opens (creating it, mode 0644) the lock file of the database at
 * database_path, for the kiosk.  NULL, with a message, when it cannot be
 * opened: the kiosk then runs without it (a sync may start during a
 * session, which is safe, only less polite).  Free with
 * idle_lock_destroy(). */
struct idle_lock *idle_lock_create(
    const char *database_path, struct error *err);

/* Removes the lock file and closes it, which releases the lock; accepts
 * NULL. */
void idle_lock_destroy(struct idle_lock *l);

/* Call when a participant's session starts (they left the attract
 * screen).  Never blocks: when the lock is held elsewhere for the moment
 * (a sync testing it), it tries again a few times within 5 ms, then
 * gives up and returns false; the session goes on anyway.  Calling it
 * again while held does nothing.  Accepts NULL (returns false). */
bool idle_lock_session_begin(struct idle_lock *l);

/* Call when the session ends (submitted, abandoned, reset).  Does nothing
 * when the lock is not held; accepts NULL. */
void idle_lock_session_end(struct idle_lock *l);

enum idle_state {
	IDLE_LOCK_IDLE,  /* no participant is answering */
	IDLE_LOCK_BUSY,  /* one still is */
	IDLE_LOCK_ERROR, /* the lock file cannot be read */
};

/* For `parvis sync --when-idle`: waits up to wait_seconds (0: no wait)
 * for no session to be running.  IDLE_LOCK_IDLE also when the lock file
 * does not exist (no kiosk ever ran on this database); IDLE_LOCK_ERROR,
 * with a message naming the file, when it cannot be opened. */
enum idle_state idle_lock_wait_idle(
    const char *database_path, int wait_seconds, struct error *err);

#endif
