/*
 * The libcurl transport (see sync_http.h).
 *
 * One easy handle in one multi handle: the multi handle keeps the TLS
 * connection open between batches, and polling it never blocks longer
 * than the caller allows.  Every security option is set once, at
 * creation, and never changed by a request.  curl's error codes are
 * sorted here into "try again" (the link) and "stop" (the certificate, a
 * server that does not speak TLS 1.2 or 1.3, the kiosk itself), with the
 * reason a certificate or a handshake was refused.
 */
#include "sync_http.h"

#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parvis-config.h"
#include "sync_body.h"

/* Answers larger than this are cut off (a form is at most 1 MiB). */
#define ANSWER_MAX_BYTES (4 * 1024 * 1024)

/* A link slower than this for low_speed_s seconds is dropped. */
#define LOW_SPEED_BYTES 10

/* OpenSSL's verify results curl reports (x509_vfy.h). */
#define X509_NOT_YET_VALID 9
#define X509_EXPIRED 10

struct http {
	struct sync_transport base; /* first: t is a struct http */
	CURLM *multi;
	CURL *easy;
	struct curl_slist *post_headers;
	struct curl_slist *get_headers;
	char *url;
	struct sync_buf answer;
	bool too_big;
	bool running;
	char errbuf[CURL_ERROR_SIZE];
};

static bool
token_char(int c)
{
	return isalnum(c) || strchr("-._~+/=", c) != NULL;
}

/* Checks the token file's permissions before reading it. */
static bool
check_token_mode(const char *path, struct error *err)
{
	struct stat st;

	if (*path == '\0') {
		return error_set(err,
		    "no token file is set: add token_file = "
		    "(the file holding the line printed by parvis-collect "
		    "kiosk add) to the [sync] section of kiosk.ini");
	}
	if (stat(path, &st) != 0) {
		return error_set(
		    err, "token_file %s: %s", path, strerror(errno));
	}
	if (!S_ISREG(st.st_mode)) {
		return error_set(err, "token_file %s is not a file", path);
	}
	if ((st.st_mode & (S_IRGRP | S_IROTH)) != 0) {
		return error_set(err,
		    "token_file %s can be read by other "
		    "users (mode %04o): the token is this kiosk's password; "
		    "make it private with: chmod 600 %s",
		    path, (unsigned)(st.st_mode & 07777), path);
	}
	return true;
}

bool
sync_http_read_token(
    const char *path, char *out, size_t size, struct error *err)
{
	FILE *f;
	bool got;
	size_t n;

	if (!check_token_mode(path, err)) {
		return false;
	}
	f = fopen(path, "r");
	if (f == NULL) {
		return error_set(
		    err, "token_file %s: %s", path, strerror(errno));
	}
	got = fgets(out, (int)size, f) != NULL;
	fclose(f);
	n = got ? strcspn(out, " \t\r\n") : 0;
	if (n == 0) {
		return error_set(err,
		    "token_file %s is empty (expected the "
		    "line printed by parvis-collect kiosk add)",
		    path);
	}
	out[n] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (!token_char((unsigned char)out[i])) {
			return error_set(err,
			    "token_file %s does not hold a "
			    "token (expected the line printed by "
			    "parvis-collect kiosk add)",
			    path);
		}
	}
	return true;
}

static size_t
on_data(char *data, size_t size, size_t nmemb, void *user)
{
	struct http *h = user;
	size_t n = size * nmemb;

	if (h->answer.len + n > ANSWER_MAX_BYTES ||
	    !sync_buf_append(&h->answer, data, n)) {
		h->too_big = true;
		return 0;
	}
	return n;
}

/* The options that never change: security first. */
static bool
set_fixed_options(struct http *h, const struct sync_http_options *o)
{
	CURL *e = h->easy;
	bool ok = true;

	ok &= curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "https") == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "https") ==
	    CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_SSLVERSION,
	          (long)CURL_SSLVERSION_TLSv1_2) == CURLE_OK;
	if (o->ca_file != NULL && *o->ca_file != '\0') {
		ok &=
		    curl_easy_setopt(e, CURLOPT_CAINFO, o->ca_file) == CURLE_OK;
	}
	if (o->pinned_key != NULL && *o->pinned_key != '\0') {
		ok &= curl_easy_setopt(e, CURLOPT_PINNEDPUBLICKEY,
		          o->pinned_key) == CURLE_OK;
	}
	ok &= curl_easy_setopt(
	          e, CURLOPT_CONNECTTIMEOUT, o->connect_timeout_s) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT,
	          (long)LOW_SPEED_BYTES) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, o->low_speed_s) ==
	    CURLE_OK;
	return ok;
}

/* Options of the plumbing: callbacks, signals, keep-alive, identity. */
static bool
set_plumbing(struct http *h)
{
	CURL *e = h->easy;
	bool ok = true;

	ok &= curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_data) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_WRITEDATA, h) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_ERRORBUFFER, h->errbuf) == CURLE_OK;
	ok &= curl_easy_setopt(
	          e, CURLOPT_USERAGENT, "parvis/" PARVIS_VERSION) == CURLE_OK;
	return ok;
}

/* Appends line to *list; on failure frees the list and leaves NULL. */
static void
add_header(struct curl_slist **list, const char *line)
{
	struct curl_slist *longer = curl_slist_append(*list, line);

	if (longer == NULL) {
		curl_slist_free_all(*list);
	}
	*list = longer;
}

/* The request headers, with the token, for POST and for GET. */
static bool
make_headers(struct http *h, const char *token)
{
	char auth[600];

	snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
	add_header(&h->post_headers, auth);
	if (h->post_headers != NULL) {
		add_header(&h->post_headers,
		    "Content-Type: "
		    "application/x-ndjson");
	}
	if (h->post_headers != NULL) {
		add_header(&h->post_headers, "Content-Encoding: gzip");
	}
	add_header(&h->get_headers, auth);
	explicit_bzero(auth, sizeof auth);
	return h->post_headers != NULL && h->get_headers != NULL;
}

static bool
check_url(const char *url, struct error *err)
{
	if (url == NULL || *url == '\0') {
		return error_set(err,
		    "no server is set: add url = https://... "
		    "to the [sync] section of kiosk.ini");
	}
	if (strncmp(url, "https://", 8) != 0 || url[8] == '\0') {
		return error_set(err,
		    "[sync] url %s: only https:// addresses "
		    "are accepted (the answers must travel encrypted)",
		    url);
	}
	return true;
}

static bool
check_ca_file(const char *ca_file, struct error *err)
{
	if (ca_file != NULL && *ca_file != '\0' && access(ca_file, R_OK) != 0) {
		return error_set(err, "ca_file %s cannot be read: %s", ca_file,
		    strerror(errno));
	}
	return true;
}

static void http_destroy(struct sync_transport *t);
static bool http_start(struct sync_transport *t, const struct sync_request *req,
    struct error *err);
static bool http_poll(
    struct sync_transport *t, int timeout_ms, struct sync_response *resp);

/* Sets up h's handles; false with a message. */
static bool
http_setup(struct http *h, const struct sync_http_options *o, struct error *err)
{
	char token[512];
	bool ok;

	if (!sync_http_read_token(o->token_file != NULL ? o->token_file : "",
	        token, sizeof token, err)) {
		return false;
	}
	h->url = strdup(o->url);
	h->multi = curl_multi_init();
	h->easy = curl_easy_init();
	ok = h->url != NULL && h->multi != NULL && h->easy != NULL &&
	    make_headers(h, token);
	explicit_bzero(token, sizeof token);
	if (!ok || !set_fixed_options(h, o) || !set_plumbing(h)) {
		return error_set(err,
		    "cannot set up the HTTPS client "
		    "(libcurl %s)",
		    curl_version_info(CURLVERSION_NOW)->version);
	}
	while (h->url[0] != '\0' && h->url[strlen(h->url) - 1] == '/') {
		h->url[strlen(h->url) - 1] = '\0';
	}
	return true;
}

struct sync_transport *
sync_http_create(const struct sync_http_options *o, struct error *err)
{
	struct http *h;

	if (!check_url(o->url, err) || !check_ca_file(o->ca_file, err)) {
		return NULL;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		error_set(err, "cannot start libcurl");
		return NULL;
	}
	h = calloc(1, sizeof *h);
	if (h == NULL) {
		curl_global_cleanup();
		error_set(err, "out of memory");
		return NULL;
	}
	h->base.start = http_start;
	h->base.poll = http_poll;
	h->base.destroy = http_destroy;
	if (!http_setup(h, o, err)) {
		http_destroy(&h->base);
		return NULL;
	}
	return &h->base;
}

static void
http_destroy(struct sync_transport *t)
{
	struct http *h = (struct http *)t;

	if (h == NULL) {
		return;
	}
	if (h->running) {
		curl_multi_remove_handle(h->multi, h->easy);
	}
	curl_easy_cleanup(h->easy);
	curl_multi_cleanup(h->multi);
	curl_slist_free_all(h->post_headers);
	curl_slist_free_all(h->get_headers);
	sync_buf_finish(&h->answer);
	free(h->url);
	free(h);
	curl_global_cleanup();
}

void
sync_transport_destroy(struct sync_transport *t)
{
	if (t != NULL) {
		t->destroy(t);
	}
}

/* Points the easy handle at req. */
static bool
set_request(struct http *h, const struct sync_request *req)
{
	CURL *e = h->easy;
	bool post = strcmp(req->method, "POST") == 0;
	char url[2048];
	bool ok = true;

	if ((size_t)snprintf(url, sizeof url, "%s%s", h->url, req->path) >=
	    sizeof url) {
		return false;
	}
	ok &= curl_easy_setopt(e, CURLOPT_URL, url) == CURLE_OK;
	if (post) {
		ok &= curl_easy_setopt(e, CURLOPT_POST, 1L) == CURLE_OK;
		ok &= curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
		          (curl_off_t)req->len) == CURLE_OK;
		ok &= curl_easy_setopt(e, CURLOPT_POSTFIELDS, req->body) ==
		    CURLE_OK;
	} else {
		ok &= curl_easy_setopt(e, CURLOPT_HTTPGET, 1L) == CURLE_OK;
	}
	ok &= curl_easy_setopt(e, CURLOPT_HTTPHEADER,
	          post ? h->post_headers : h->get_headers) == CURLE_OK;
	return ok;
}

static bool
http_start(
    struct sync_transport *t, const struct sync_request *req, struct error *err)
{
	struct http *h = (struct http *)t;

	if (h->running) {
		curl_multi_remove_handle(h->multi, h->easy);
		h->running = false;
	}
	sync_buf_clear(&h->answer);
	h->too_big = false;
	h->errbuf[0] = '\0';
	if (!set_request(h, req) ||
	    curl_multi_add_handle(h->multi, h->easy) != CURLM_OK) {
		return error_set(
		    err, "cannot start a request to %s%s", h->url, req->path);
	}
	h->running = true;
	return true;
}

/* Why the certificate was refused, from curl's code and OpenSSL's
 * verify result. */
static enum sync_identity
identity_reason(struct http *h, CURLcode rc)
{
	long verify = 0;

	if (rc == CURLE_SSL_PINNEDPUBKEYNOTMATCH) {
		return SYNC_ID_PINNED;
	}
	curl_easy_getinfo(h->easy, CURLINFO_SSL_VERIFYRESULT, &verify);
	if (verify == X509_EXPIRED) {
		return SYNC_ID_EXPIRED;
	}
	if (verify == X509_NOT_YET_VALID) {
		return SYNC_ID_NOT_YET;
	}
	if (verify == 0 || strstr(h->errbuf, "subject name") != NULL ||
	    strstr(h->errbuf, "host name") != NULL) {
		return SYNC_ID_NAME; /* the chain was fine: the name */
	}
	return SYNC_ID_UNTRUSTED;
}

/* OpenSSL's reasons (3.0, and 1.1's "unknown protocol") for a handshake
 * that cannot succeed with this server, whatever the link does. */
static const struct {
	const char *words;
	enum sync_protocol why;
} mismatches[] = {
	{ "wrong version number", SYNC_PROTO_NOT_TLS }, /* no TLS record */
	{ "unknown protocol", SYNC_PROTO_NOT_TLS },
	{ "packet length too long", SYNC_PROTO_NOT_TLS },
	{ "alert protocol version", SYNC_PROTO_OLD_TLS }, /* it refused ours */
	{ "unsupported protocol", SYNC_PROTO_OLD_TLS },   /* it chose < 1.2 */
	{ "version too low", SYNC_PROTO_OLD_TLS },
	{ "no protocols available", SYNC_PROTO_OLD_TLS },
};

bool
sync_http_protocol_mismatch(const char *words, enum sync_protocol *why)
{
	for (size_t i = 0; i < sizeof mismatches / sizeof mismatches[0]; i++) {
		if (strstr(words, mismatches[i].words) != NULL) {
			*why = mismatches[i].why;
			return true;
		}
	}
	return false;
}

/* Sorts a finished transfer's curl code into resp->net. */
static void
classify(struct http *h, CURLcode rc, struct sync_response *resp)
{
	switch (rc) {
	case CURLE_OK:
		resp->net = SYNC_NET_OK;
		break;
	case CURLE_SSL_CONNECT_ERROR:
		resp->net =
		    sync_http_protocol_mismatch(h->errbuf, &resp->protocol)
		    ? SYNC_NET_PROTOCOL
		    : SYNC_NET_DOWN; /* a handshake cut short: the link */
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_ISSUER_ERROR:
		resp->net = SYNC_NET_IDENTITY;
		resp->identity = identity_reason(h, rc);
		break;
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_OUT_OF_MEMORY:
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
	case CURLE_BAD_FUNCTION_ARGUMENT:
		resp->net = SYNC_NET_LOCAL;
		break;
	default:
		resp->net = SYNC_NET_DOWN; /* the link: try again */
		break;
	}
}

/* Fills resp from the finished transfer. */
static void
finish_transfer(struct http *h, CURLcode rc, struct sync_response *resp)
{
	curl_off_t up = 0, down = 0, retry_after = 0;
	long head = 0, request = 0;

	memset(resp, 0, sizeof *resp);
	classify(h, rc, resp);
	curl_easy_getinfo(h->easy, CURLINFO_RESPONSE_CODE, &resp->status);
	curl_easy_getinfo(h->easy, CURLINFO_SIZE_UPLOAD_T, &up);
	curl_easy_getinfo(h->easy, CURLINFO_SIZE_DOWNLOAD_T, &down);
	curl_easy_getinfo(h->easy, CURLINFO_HEADER_SIZE, &head);
	curl_easy_getinfo(h->easy, CURLINFO_REQUEST_SIZE, &request);
	resp->bytes_up = (uint64_t)up + (uint64_t)request;
	resp->bytes_down = (uint64_t)down + (uint64_t)head;
	curl_easy_getinfo(h->easy, CURLINFO_RETRY_AFTER, &retry_after);
	resp->retry_after_ms = retry_after > 0 && retry_after < 3600
	    ? (int64_t)retry_after * 1000
	    : 0;
	snprintf(resp->detail, sizeof resp->detail, "%s",
	    h->too_big                 ? "the answer is too large"
	        : h->errbuf[0] != '\0' ? h->errbuf
	                               : curl_easy_strerror(rc));
	if (h->too_big) {
		resp->net = SYNC_NET_DOWN;
	}
	resp->body = h->answer.data != NULL ? h->answer.data : "";
	resp->len = h->answer.len;
}

static bool
http_poll(struct sync_transport *t, int timeout_ms, struct sync_response *resp)
{
	struct http *h = (struct http *)t;
	int running = 0, left = 0;
	CURLMsg *msg;

	if (!h->running) {
		return false;
	}
	curl_multi_perform(h->multi, &running);
	if (running > 0 && timeout_ms > 0) {
		curl_multi_poll(h->multi, NULL, 0, timeout_ms, NULL);
		curl_multi_perform(h->multi, &running);
	}
	msg = curl_multi_info_read(h->multi, &left);
	while (msg != NULL && msg->msg != CURLMSG_DONE) {
		msg = curl_multi_info_read(h->multi, &left);
	}
	if (msg == NULL) {
		return false;
	}
	finish_transfer(h, msg->data.result, resp);
	curl_multi_remove_handle(h->multi, h->easy);
	h->running = false;
	return true;
}
