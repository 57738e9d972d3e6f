/*
 * A sync run in one or two sentences for the animator (see
 * sync_engine.h): what was sent, what was already there, what stayed on
 * the kiosk, and what was set aside, in the messages' language.
 */
#include <stdio.h>
#include <string.h>

#include "sync_engine.h"
#include "sync_i18n.h"

bool
sync_progress_finished(const struct sync_progress *p)
{
	return (p->state == SYNC_DONE || p->state == SYNC_FAILED) &&
	    p->note == NULL;
}

/* How a stopped run left things. */
static void
summary_failed(const struct sync_progress *p, char *out, size_t size)
{
	int64_t left = p->total - p->sent;

	if (left <= 0) {
		snprintf(out, size, "%s",
		    _("No answer was waiting to be "
		      "sent."));
	} else if (p->sent == 0) {
		snprintf(out, size,
		    ngettext("Nothing was sent; the %lld "
		             "answer waiting stays on the kiosk.",
		        "Nothing was sent; "
		        "the %lld answers waiting stay on the kiosk.",
		        (unsigned long)left),
		    (long long)left);
	} else {
		snprintf(out, size,
		    _("Sent: %lld; still on the kiosk, for "
		      "next time: %lld."),
		    (long long)p->sent, (long long)left);
	}
}

/* The summary of a run that did not fail. */
static void
summary_done(const struct sync_progress *p, char *out, size_t size)
{
	char sent[256], dup[256];

	if (p->sent == 0) {
		snprintf(out, size, "%s",
		    _("Nothing to send, everything is "
		      "up to date."));
		return;
	}
	snprintf(sent, sizeof sent,
	    ngettext("%lld answer sent",
	        "%lld "
	        "answers sent",
	        (unsigned long)p->accepted),
	    (long long)p->accepted);
	if (p->duplicates == 0) {
		snprintf(out, size, _("%s, everything is up to date."), sent);
		return;
	}
	snprintf(dup, sizeof dup,
	    ngettext("%lld already received", "%lld already received",
	        (unsigned long)p->duplicates),
	    (long long)p->duplicates);
	snprintf(out, size, _("%s, %s, everything is up to date."), sent, dup);
}

/* Where one more sentence goes in out, a space put first; NULL when out
 * is full.  *room is what is left there. */
static char *
after(char *out, size_t size, size_t *room)
{
	size_t used = strlen(out);

	if (used + 2 >= size) {
		return NULL;
	}
	out[used++] = ' ';
	out[used] = '\0';
	*room = size - used;
	return out + used;
}

void
sync_progress_summary(const struct sync_progress *p, char *out, size_t size)
{
	size_t room;
	char *at;

	if (p->state == SYNC_FAILED) {
		summary_failed(p, out, size);
	} else {
		summary_done(p, out, size);
	}
	if (p->held_out > 0 && (at = after(out, size, &room)) != NULL) {
		snprintf(at, room,
		    ngettext("%lld damaged record was not sent (the collector "
		             "was told which): warn IT.",
		        "%lld damaged records were not sent (the collector was "
		        "told which): warn IT.",
		        (unsigned long)p->held_out),
		    (long long)p->held_out);
	}
	if (p->quarantined > 0 && (at = after(out, size, &room)) != NULL) {
		snprintf(at, room,
		    ngettext("The collector set %lld record aside to be "
		             "checked: warn IT.",
		        "The collector set %lld records aside to be checked: "
		        "warn IT.",
		        (unsigned long)p->quarantined),
		    (long long)p->quarantined);
	}
}
