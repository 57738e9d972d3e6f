/*
 * The retry policy: what each status leads to (PROTOCOL.md's table), the
 * backoff schedule (1 s, 2 s, 4 s ... capped at 60 s) and its jitter
 * range ([0.5, 1.5] times the step), halving after a 413, the words
 * for a server that does not speak TLS 1.2 or 1.3, and how OpenSSL's
 * reasons for a failed handshake are sorted (the words are libcurl's
 * error buffer as seen against openssl s_server -no_tls1_2 -no_tls1_3,
 * a plain HTTP listener, and cutproxy cutting handshakes).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "sync_http.h"
#include "sync_policy.h"

static void
status_table(void **state)
{
	assert_int_equal(sync_policy_action(200), SYNC_NEXT);
	assert_int_equal(sync_policy_action(413), SYNC_HALVE);
	assert_int_equal(sync_policy_action(429), SYNC_RETRY);
	assert_int_equal(sync_policy_action(500), SYNC_RETRY);
	assert_int_equal(sync_policy_action(502), SYNC_RETRY);
	assert_int_equal(sync_policy_action(503), SYNC_RETRY);
	assert_int_equal(sync_policy_action(408), SYNC_RETRY);
	assert_int_equal(sync_policy_action(400), SYNC_STOP);
	assert_int_equal(sync_policy_action(401), SYNC_STOP);
	assert_int_equal(sync_policy_action(403), SYNC_STOP);
	assert_int_equal(sync_policy_action(409), SYNC_STOP);
	assert_int_equal(sync_policy_action(301), SYNC_STOP);
	assert_int_equal(sync_policy_action(204), SYNC_STOP);
	assert_int_equal(sync_policy_action(418), SYNC_STOP);
	assert_int_equal(sync_policy_failure(401), SYNC_FAIL_AUTH);
	assert_int_equal(sync_policy_failure(409), SYNC_FAIL_REFUSED);
	assert_int_equal(sync_policy_failure(302), SYNC_FAIL_NOT_PARVIS);
	assert_int_equal(sync_policy_failure(404), SYNC_FAIL_NOT_PARVIS);
	assert_int_equal(sync_policy_failure(503), SYNC_FAIL_SERVER);
	(void)state;
}

/* The step without jitter: 1, 2, 4 ... 32, then 60 for ever. */
static int64_t
step_ms(int failures)
{
	static const int64_t steps[] = { 1000, 2000, 4000, 8000, 16000, 32000 };

	return failures <= 6 ? steps[failures - 1] : 60000;
}

static void
backoff_schedule_and_cap(void **state)
{
	for (int n = 1; n <= 40; n++) {
		int64_t step = step_ms(n);
		assert_int_equal(sync_backoff_ms(n, 500), step);
		assert_int_equal(sync_backoff_ms(n, 0), step / 2);
		assert_int_equal(sync_backoff_ms(n, 1000), step + step / 2);
	}
	assert_int_equal(sync_backoff_ms(1000, 1000), 90000);
	assert_int_equal(sync_backoff_ms(1, 5000), 1500); /* clamped */
	(void)state;
}

static void
backoff_jitter_range(void **state)
{
	int64_t lowest = INT64_MAX, highest = 0;

	assert_true(sodium_init() >= 0);
	for (int i = 0; i < 20000; i++) {
		int n = 1 + (int)randombytes_uniform(12);
		uint32_t jitter = randombytes_uniform(1001);
		int64_t step = step_ms(n);
		int64_t wait = sync_backoff_ms(n, jitter);
		assert_true(wait >= step / 2);
		assert_true(wait <= step + step / 2);
		if (n == 7) {
			lowest = wait < lowest ? wait : lowest;
			highest = wait > highest ? wait : highest;
		}
	}
	/* The jitter really spreads the waits over the range. */
	assert_true(lowest < 33000);
	assert_true(highest > 87000);
	(void)state;
}

static void
halving_down_to_one(void **state)
{
	int64_t size = 500;
	int64_t seen[16];
	int n = 0;

	while (n < 16) {
		seen[n++] = size;
		if (size == 1) {
			break;
		}
		size = sync_policy_halve(size);
	}
	assert_int_equal(n, 9);
	assert_int_equal(seen[1], 250);
	assert_int_equal(seen[2], 125);
	assert_int_equal(seen[3], 62);
	assert_int_equal(seen[8], 1);
	assert_int_equal(sync_policy_halve(1), 1);
	assert_int_equal(sync_policy_halve(0), 1);
	(void)state;
}

static void
handshake_words(void **state)
{
	static const struct {
		const char *words;
		bool mismatch;
		enum sync_protocol why;
	} cases[] = {
		{ "OpenSSL/3.0.19: error:0A00042E:SSL routines::tlsv1 alert "
		  "protocol version",
		    true, SYNC_PROTO_OLD_TLS },
		{ "OpenSSL/3.0.19: error:0A000102:SSL routines::unsupported "
		  "protocol",
		    true, SYNC_PROTO_OLD_TLS },
		{ "OpenSSL/3.0.19: error:0A00010B:SSL routines::wrong version "
		  "number",
		    true, SYNC_PROTO_NOT_TLS },
		{ "OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to "
		  "127.0.0.1:39415 ",
		    false, 0 },
		{ "OpenSSL SSL_connect: Connection reset by peer in "
		  "connection to localhost:8443 ",
		    false, 0 },
		{ "OpenSSL/3.0.19: error:0A000126:SSL routines::unexpected eof "
		  "while reading",
		    false, 0 },
		{ "", false, 0 },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		enum sync_protocol why = SYNC_PROTO_NOT_TLS + 1;
		bool got = sync_http_protocol_mismatch(cases[i].words, &why);

		assert_int_equal(got, cases[i].mismatch);
		if (got) {
			assert_int_equal(why, cases[i].why);
		}
	}
	(void)state;
}

static void
protocol_words(void **state)
{
	char out[1024];

	sync_policy_describe(
	    SYNC_FAIL_OLD_TLS, 0, SYNC_ID_UNTRUSTED, 1, out, sizeof out);
	assert_non_null(strstr(out, "does not speak the protocol"));
	assert_non_null(strstr(out, "TLS 1.0 or 1.1"));
	assert_non_null(strstr(out, "Tell the person who runs the server"));
	sync_policy_describe(
	    SYNC_FAIL_NOT_TLS, 0, SYNC_ID_UNTRUSTED, 1, out, sizeof out);
	assert_non_null(strstr(out, "does not answer in HTTPS"));
	assert_non_null(strstr(out, "[sync] url"));
	assert_null(strstr(out, "No network"));
	(void)state;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(status_table),
		cmocka_unit_test(backoff_schedule_and_cap),
		cmocka_unit_test(backoff_jitter_range),
		cmocka_unit_test(halving_down_to_one),
		cmocka_unit_test(handshake_words),
		cmocka_unit_test(protocol_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
