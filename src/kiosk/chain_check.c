/*
 * The kiosk's own chain check, as the kiosk and its commands use it (see
 * chain_check.h).
 */
#include "chain_check.h"

#include <stdio.h>

#include "gettext.h"

/* A person's words for a break. */
static const char *
why_words(enum store_chain_break why)
{
	switch (why) {
	case STORE_CHAIN_MISSING:
		return _("records before it were deleted");
	case STORE_CHAIN_MISLABELLED:
		return _("its line names another record");
	default:
		return _("its text was changed after it was saved");
	}
}

void
chain_check_run(struct store *s, bool unsent)
{
	struct store_chain c;
	struct error err = { 0 };

	if (!store_check_chain(s, unsent, &c, &err)) {
		fprintf(stderr,
		    _("parvis: the records' chain could not be "
		      "checked: %s\n"),
		    err.msg);
		return;
	}
	for (size_t i = 0; i < c.nfound; i++) {
		/* TRANSLATORS: %lld is a record's number, %s why_words(). */
		fprintf(stderr,
		    _("parvis: ALARM: the records' chain is broken at "
		      "record %lld: %s. The file was changed outside parvis; "
		      "the kiosk goes on collecting. Tell whoever runs the "
		      "collection server.\n"),
		    (long long)c.found[i].seq, why_words(c.found[i].why));
	}
}

void
chain_check_line(struct store *s, char *out, size_t size)
{
	struct error err = { 0 };
	int64_t count = 0, first = 0;

	out[0] = '\0';
	if (!store_chain_breaks(s, &count, &first, &err) || count == 0) {
		return;
	}
	/* TRANSLATORS: on the animator's screen, 76 columns at most. */
	snprintf(out, size,
	    ngettext("⚠ Record %lld was changed outside the kiosk. Tell the "
	             "IT staff.",
	        "⚠ Records changed outside the kiosk (from %lld). Tell the IT "
	        "staff.",
	        (unsigned long)count),
	    (long long)first);
}
