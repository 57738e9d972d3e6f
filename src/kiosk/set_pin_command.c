/*
 * `parvis set-pin [admin|volunteer]` (see commands.h): asks twice for a
 * PIN without echo, refuses the easy ones (pin_acceptable()), and writes
 * its Argon2id hash into kiosk.ini's [admin], the rest of the file kept
 * byte for byte.  The configuration is not read first: set-pin is how a
 * kiosk.ini without a PIN gets one.
 */
#include "commands.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "gettext.h"

static bool
pin_is_run(const char *pin, int step)
{
	for (size_t i = 1; pin[i] != '\0'; i++) {
		if (pin[i] - pin[i - 1] != step) {
			return false;
		}
	}
	return true;
}

bool
pin_acceptable(const char *pin, const char **why)
{
	static const char *const favourites[] = { "1212", "6969", "1004",
		"2580", "0852", "1122", "2000", "1984", "4321", "123123",
		"112233", NULL };
	size_t len = strlen(pin);

	if (len < 4 || len > 8 || strspn(pin, "0123456789") != len) {
		*why = _("a PIN is 4 to 8 digits");
		return false;
	}
	if (pin_is_run(pin, 0) || pin_is_run(pin, 1) || pin_is_run(pin, -1)) {
		*why = _("this PIN is too easy to guess (same digit, or "
		         "digits in a row)");
		return false;
	}
	for (size_t i = 0; favourites[i] != NULL; i++) {
		if (strcmp(pin, favourites[i]) == 0) {
			*why = _("this PIN is one of the most used ones");
			return false;
		}
	}
	if (len % 2 == 0 && len >= 4 && strncmp(pin, pin + 2, len - 2) == 0) {
		*why = _("this PIN repeats the same two digits");
		return false;
	}
	return true;
}

/* Reads one line from standard input without echo when it is a terminal. */
static bool
read_secret(const char *prompt, char *buf, size_t size)
{
	struct termios old, quiet;
	bool tty = isatty(STDIN_FILENO);
	bool ok;

	if (tty) {
		fprintf(stderr, "%s", prompt);
		tcgetattr(STDIN_FILENO, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	ok = fgets(buf, (int)size, stdin) != NULL;
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fprintf(stderr, "\n");
	}
	buf[strcspn(buf, "\r\n")] = '\0';
	return ok;
}

static int
run_set_pin(const struct command_env *env, int argc, char **argv)
{
	const char *config_path = env->config_path;
	char pin[64], again[64];
	char hash[crypto_pwhash_STRBYTES];
	const char *why;
	struct error err;
	int first;
	int status =
	    command_options(&command_set_pin, argc, argv, NULL, NULL, &first);
	const char *role;
	bool volunteer;

	if (status >= 0) {
		return status;
	}
	role = first < argc ? argv[first] : "admin";
	volunteer = strcmp(role, "volunteer") == 0;
	if (!volunteer && strcmp(role, "admin") != 0) {
		/* TRANSLATORS: admin and volunteer stay as they are: they
		 * are what the command takes. */
		fprintf(stderr,
		    _("parvis set-pin: unknown role '%s' (expected admin or "
		      "volunteer)\n"),
		    role);
		cmd_print_usage(
		    "parvis", &command_set_pin.entry, false, stderr);
		return 2;
	}
	if (!read_secret(
	        "Nouveau code (4 à 8 chiffres) / New PIN: ", pin, sizeof pin) ||
	    !read_secret("Encore une fois / Again: ", again, sizeof again)) {
		fprintf(stderr, _("parvis: no PIN given\n"));
		return 1;
	}
	if (strcmp(pin, again) != 0) {
		fprintf(stderr,
		    _("parvis: the two PINs differ; nothing "
		      "changed\n"));
		return 1;
	}
	if (!pin_acceptable(pin, &why)) {
		/* TRANSLATORS: %s is why the PIN is refused, e.g. "this
		 * PIN is one of the most used ones". */
		fprintf(stderr, _("parvis: %s; nothing changed\n"), why);
		return 1;
	}
	if (crypto_pwhash_str(hash, pin, strlen(pin),
	        crypto_pwhash_OPSLIMIT_INTERACTIVE,
	        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		fprintf(stderr,
		    _("parvis: not enough memory to hash the "
		      "PIN\n"));
		return 1;
	}
	sodium_memzero(pin, sizeof pin);
	sodium_memzero(again, sizeof again);
	if (!config_write_key(config_path, "admin",
	        volunteer ? "volunteer_pin" : "pin", hash, &err)) {
		fprintf(stderr, "parvis: %s\n", err.msg);
		return 1;
	}
	printf(_("PIN saved in %s\n"), config_path);
	return 0;
}

const struct command command_set_pin = {
	.entry = {
		.name = "set-pin",
		.args = { N_("[admin|volunteer]") },
		.help = { N_("set the animator's PIN, or the\n"
		             "porteurs de parole's") },
		.max_args = 1,
	},
	.run = run_set_pin,
};
