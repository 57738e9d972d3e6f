/*
 * The retry policy (see sync_policy.h).  One table says, for every status
 * the collector may answer, whether the kiosk goes on, waits and retries,
 * sends smaller batches, or stops; anything not in the table stops, since
 * a kiosk that cannot tell what the server meant must not guess.
 */
#include "sync_policy.h"

#include <stddef.h>
#include <stdio.h>

#include "sync_i18n.h"

struct status_rule {
	long from, to; /* inclusive range of statuses */
	enum sync_action action;
	enum sync_failure failure;
};

static const struct status_rule rules[] = {
	{ 200, 200, SYNC_NEXT, SYNC_FAIL_NONE },
	{ 300, 399, SYNC_STOP, SYNC_FAIL_NOT_PARVIS }, /* never followed */
	{ 400, 400, SYNC_STOP, SYNC_FAIL_REFUSED },    /* a bug: report it */
	{ 401, 401, SYNC_STOP, SYNC_FAIL_AUTH },
	{ 403, 403, SYNC_STOP, SYNC_FAIL_REFUSED },
	{ 404, 405, SYNC_STOP, SYNC_FAIL_NOT_PARVIS },
	{ 408, 408, SYNC_RETRY, SYNC_FAIL_SERVER }, /* request timeout */
	{ 409, 409, SYNC_STOP, SYNC_FAIL_REFUSED },
	{ 413, 413, SYNC_HALVE, SYNC_FAIL_REFUSED },
	{ 429, 429, SYNC_RETRY, SYNC_FAIL_SERVER },
	{ 500, 599, SYNC_RETRY, SYNC_FAIL_SERVER },
};

#define NRULES (sizeof rules / sizeof rules[0])

static const struct status_rule *
find_rule(long status)
{
	for (size_t i = 0; i < NRULES; i++) {
		if (status >= rules[i].from && status <= rules[i].to) {
			return &rules[i];
		}
	}
	return NULL;
}

enum sync_action
sync_policy_action(long status)
{
	const struct status_rule *r = find_rule(status);

	return r != NULL ? r->action : SYNC_STOP;
}

enum sync_failure
sync_policy_failure(long status)
{
	const struct status_rule *r = find_rule(status);

	if (r != NULL) {
		return r->failure;
	}
	return status >= 400 && status < 500 ? SYNC_FAIL_REFUSED
	                                     : SYNC_FAIL_NOT_PARVIS;
}

int64_t
sync_backoff_ms(int failures, uint32_t jitter)
{
	int64_t base = SYNC_BACKOFF_FIRST_MS;

	for (int i = 1; i < failures && base < SYNC_BACKOFF_CAP_MS; i++) {
		base *= 2;
	}
	if (base > SYNC_BACKOFF_CAP_MS) {
		base = SYNC_BACKOFF_CAP_MS;
	}
	if (jitter > 1000) {
		jitter = 1000;
	}
	/* base * (0.5 + jitter / 1000), in integers. */
	return base / 2 + base * (int64_t)jitter / 1000;
}

int64_t
sync_policy_halve(int64_t size)
{
	return size > 1 ? size / 2 : 1;
}

static const char *
identity_words(enum sync_identity why)
{
	switch (why) {
	case SYNC_ID_NAME:
		return _("its certificate was made for another address than "
		         "the one in kiosk.ini (url)");
	case SYNC_ID_EXPIRED:
		return _("its certificate has expired (or the date of this "
		         "kiosk is wrong)");
	case SYNC_ID_NOT_YET:
		return _("its certificate is not valid yet (or the date of "
		         "this kiosk is wrong)");
	case SYNC_ID_PINNED:
		return _("its key is not the one pinned in kiosk.ini "
		         "(pinned_key)");
	case SYNC_ID_UNTRUSTED:
		break;
	}
	return _("its certificate is not signed by an authority this kiosk "
	         "trusts (ca_file)");
}

static const char *
protocol_words(enum sync_failure f)
{
	if (f == SYNC_FAIL_OLD_TLS) {
		return _("it only offers TLS 1.0 or 1.1, which this kiosk "
		         "refuses as unsafe (TLS 1.2 or 1.3 is needed)");
	}
	return _("it does not answer in HTTPS (a plain web server or "
	         "another service is on that port, or a network asks to log "
	         "in first; check the port of [sync] url in kiosk.ini)");
}

/* The words for a refusal, by status. */
static void
describe_refusal(long status, char *out, size_t size)
{
	if (status == 400) {
		snprintf(out, size, "%s",
		    _("The server refused a batch as "
		      "malformed. This is a bug in parvis, not a network "
		      "problem: keep this kiosk's database as it is and report "
		      "it."));
	} else if (status == 403) {
		snprintf(out, size, "%s",
		    _("The server refused the records: "
		      "the token belongs to another kiosk. Check that [kiosk] id "
		      "is the name this kiosk was enrolled with."));
	} else if (status == 409) {
		snprintf(out, size, "%s",
		    _("The server holds records with "
		      "the same identifiers but different contents; nothing of "
		      "this batch was stored. Keep this kiosk's database as it "
		      "is and tell the server's administrator."));
	} else if (status == 413) {
		snprintf(out, size, "%s",
		    _("A single record is larger than "
		      "the server accepts: ask the server's administrator to "
		      "raise max_body_bytes."));
	} else {
		snprintf(out, size,
		    _("The server refused the request (HTTP "
		      "%ld)."),
		    status);
	}
}

void
sync_policy_describe(enum sync_failure f, long status, enum sync_identity why,
    int attempts, char *out, size_t size)
{
	switch (f) {
	case SYNC_FAIL_NONE:
	case SYNC_FAIL_SETUP:
		snprintf(out, size, "%s",
		    _("The sync settings in kiosk.ini "
		      "cannot work."));
		break;
	case SYNC_FAIL_STORE:
		snprintf(out, size, "%s",
		    _("The kiosk's database could not "
		      "be read or updated. The unsent answers stay on the "
		      "kiosk."));
		break;
	case SYNC_FAIL_NETWORK:
		snprintf(out, size,
		    _("No network: the server could not be "
		      "reached (%d attempts). The answers are safe on this "
		      "kiosk: try again later, or copy them to a USB stick with "
		      "parvis export --bundle."),
		    attempts);
		break;
	case SYNC_FAIL_IDENTITY:
		snprintf(out, size,
		    _("The server's identity could not be "
		      "verified: %s. Tell the person who runs the server."),
		    identity_words(why));
		break;
	case SYNC_FAIL_OLD_TLS:
	case SYNC_FAIL_NOT_TLS:
		snprintf(out, size,
		    _("The server does not speak the protocol this kiosk "
		      "expects: %s. Tell the person who runs the server."),
		    protocol_words(f));
		break;
	case SYNC_FAIL_AUTH:
		snprintf(out, size, "%s",
		    _("This kiosk is not enrolled, or "
		      "its token was revoked: ask the server's administrator "
		      "for a new token (parvis-collect kiosk add) and put it in "
		      "the token file."));
		break;
	case SYNC_FAIL_REFUSED:
		describe_refusal(status, out, size);
		break;
	case SYNC_FAIL_SERVER:
		snprintf(out, size,
		    _("The server is having trouble (HTTP "
		      "%ld, %d attempts). The answers are safe on this kiosk: "
		      "try again later."),
		    status, attempts);
		break;
	case SYNC_FAIL_NOT_PARVIS:
		snprintf(out, size,
		    _("The address in kiosk.ini ([sync] url) "
		      "does not lead to a parvis collection server (HTTP %ld): "
		      "check it."),
		    status);
		break;
	}
}
