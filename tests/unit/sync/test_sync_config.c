/*
 * The [sync] keys of kiosk.ini (through config.c's one table): defaults,
 * https only, bounds of batch_size and the timeouts, pinned_key's form,
 * paths taken from the configuration file's directory; and the token
 * file, refused when others can read it, empty, or not a token.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"
#include "helpers.h"
#include "sync_http.h"

#define PIN "sha256//YhKJKSzoTt2b5FP18fvpHo7fJYqQCjAa3HWY3tvRMwE="

/* Loads a kiosk.ini of the [sync] lines given; returns whether it was
 * accepted, with the first message in err. */
static bool
load(struct env *env, const char *sync_lines, struct config *cfg,
    struct error *err)
{
	char text[2048];

	snprintf(text, sizeof text, "[kiosk]\nid = digne-1\n\n[sync]\n%s",
	    sync_lines);
	config_init(cfg);
	return config_load(cfg, env_write(env, "kiosk.ini", text), NULL, err);
}

static void
defaults(void **state)
{
	struct env *env = *state;
	struct error err = { 0 };
	struct config cfg;

	assert_true(load(env, "", &cfg, &err));
	assert_string_equal(cfg.sync_url, "");
	assert_string_equal(cfg.sync_token_file, "");
	assert_string_equal(cfg.sync_ca_file, "");
	assert_string_equal(cfg.sync_pinned_key, "");
	assert_int_equal(cfg.sync_batch_size, 500);
	assert_int_equal(cfg.sync_connect_timeout_seconds, 20);
	assert_int_equal(cfg.sync_low_speed_seconds, 30);
	config_finish(&cfg);
}

static void
all_keys_set(void **state)
{
	struct env *env = *state;
	struct error err = { 0 };
	struct config cfg;
	char want[600];

	assert_true(load(env,
	    "url = https://collecte.example.org:8443/\n"
	    "token_file = secret/token\nca_file = /etc/parvis/ca.pem\n"
	    "pinned_key = " PIN "\nbatch_size = 5000\n"
	    "connect_timeout_seconds = 1\nlow_speed_seconds = 600\n",
	    &cfg, &err));
	assert_string_equal(cfg.sync_url, "https://collecte.example.org:8443/");
	snprintf(want, sizeof want, "%s/secret/token", env->dir);
	assert_string_equal(cfg.sync_token_file, want);
	assert_string_equal(cfg.sync_ca_file, "/etc/parvis/ca.pem");
	assert_string_equal(cfg.sync_pinned_key, PIN);
	assert_int_equal(cfg.sync_batch_size, 5000);
	config_finish(&cfg);
	assert_true(load(env, "pinned_key = " PIN ";" PIN "\n", &cfg, &err));
	config_finish(&cfg);
}

/* Each line is refused, with a message naming the key and its line. */
static void
refused_values(void **state)
{
	struct env *env = *state;
	static const char *const bad[][2] = {
		{ "url = http://collecte.example.org\n", "https://" },
		{ "url = collecte.example.org\n", "https://" },
		{ "url = https://\n", "https://" },
		{ "url = https://a b\n", "https://" },
		{ "batch_size = 0\n", "1..5000" },
		{ "batch_size = 5001\n", "1..5000" },
		{ "batch_size = beaucoup\n", "batch_size" },
		{ "connect_timeout_seconds = 0\n", "1..300" },
		{ "low_speed_seconds = 1\n", "5..600" },
		{ "pinned_key = abc\n", "sha256//" },
		{ "pinned_key = sha256//short\n", "sha256//" },
		{ "pinned_key = " PIN ";\n", "sha256//" },
		{ "timeout = 3\n", "unknown key 'timeout' in [sync]" },
	};
	struct config cfg;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct error err = { 0 };
		assert_false(load(env, bad[i][0], &cfg, &err));
		if (strstr(err.msg, bad[i][1]) == NULL ||
		    strstr(err.msg, "kiosk.ini:5:") == NULL) {
			fail_msg("%s -> %s", bad[i][0], err.msg);
		}
		config_finish(&cfg);
	}
}

static void
help_lists_the_keys(void **state)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	config_print_help(out);
	fclose(out);
	assert_non_null(strstr(text, "[sync]\nurl "));
	assert_non_null(strstr(text, "\nbatch_size "));
	assert_non_null(strstr(text, "(default: 500)"));
	assert_non_null(strstr(text, "\nlow_speed_seconds "));
	free(text);
	(void)state;
}

static void
token_file_rules(void **state)
{
	struct env *env = *state;
	struct error err = { 0 };
	char token[512];
	const char *path;

	path = env_write(env, "token", "AbC-_123xyz\n");
	assert_true(sync_http_read_token(path, token, sizeof token, &err));
	assert_string_equal(token, "AbC-_123xyz");
	chmod(path, 0640);
	assert_false(sync_http_read_token(path, token, sizeof token, &err));
	assert_non_null(strstr(err.msg, "can be read by other users"));
	assert_non_null(strstr(err.msg, "chmod 600"));
	chmod(path, 0604);
	assert_false(sync_http_read_token(path, token, sizeof token, &err));
	path = env_write(env, "token", "\n");
	assert_false(sync_http_read_token(path, token, sizeof token, &err));
	assert_non_null(strstr(err.msg, "empty"));
	path = env_write(env, "token", "abc\r\nX-Evil: 1\n");
	assert_true(sync_http_read_token(path, token, sizeof token, &err));
	assert_string_equal(token, "abc");
	path = env_write(env, "token", "a\"b\n");
	assert_false(sync_http_read_token(path, token, sizeof token, &err));
	assert_false(sync_http_read_token(
	    "/nonexistent/token", token, sizeof token, &err));
	assert_non_null(strstr(err.msg, "/nonexistent/token"));
}

static void
transport_refuses_plain_http(void **state)
{
	struct env *env = *state;
	struct error err = { 0 };
	struct sync_http_options o = {
		.url = "http://127.0.0.1:8080",
		.token_file = env_write(env, "token", "abc\n"),
		.connect_timeout_s = 5,
		.low_speed_s = 5,
	};
	struct sync_transport *t;

	assert_null(sync_http_create(&o, &err));
	assert_non_null(strstr(err.msg, "https://"));
	o.url = "https://127.0.0.1:8080";
	o.ca_file = "/nonexistent/ca.pem";
	assert_null(sync_http_create(&o, &err));
	assert_non_null(strstr(err.msg, "ca_file"));
	o.ca_file = NULL;
	t = sync_http_create(&o, &err);
	assert_non_null(t);
	sync_transport_destroy(t);
}

#define T(f) cmocka_unit_test_setup_teardown(f, env_setup, env_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(defaults),
		T(all_keys_set),
		T(refused_values),
		cmocka_unit_test(help_lists_the_keys),
		T(token_file_rules),
		T(transport_refuses_plain_http),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
