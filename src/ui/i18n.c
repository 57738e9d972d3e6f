/*
 * Locale and catalogue set-up, and the per-participant language switch.
 * With LANG unset the locale is "C", where glibc's gettext ignores
 * LANGUAGE; C.UTF-8 does not, and ncursesw needs UTF-8 anyway.  When the
 * environment names a locale this machine lacks (LANG=fr_FR.UTF-8 where
 * only C.UTF-8 is installed), C.UTF-8 stands in for it and its language
 * goes on through LANGUAGE.
 */
#include "i18n.h"

#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parvis-config.h"

/* Whether the environment named a language when i18n_init() read it. */
static bool environment_language;

/* True for a language or locale name other than C, C.* or POSIX. */
static bool
names_language(const char *v)
{
	return v != NULL && *v != '\0' && strcmp(v, "C") != 0 &&
	    strcmp(v, "POSIX") != 0 && strncmp(v, "C.", 2) != 0;
}

/* The locale of messages asked for, as setlocale() reads it: the first
 * of LC_ALL, LC_MESSAGES and LANG that is set; NULL when none is. */
static const char *
messages_locale(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };

	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);

		if (v != NULL && *v != '\0') {
			return v;
		}
	}
	return NULL;
}

static bool
language_set(void)
{
	const char *language = getenv("LANGUAGE");

	return language != NULL && *language != '\0';
}

/* Passes the language of the locale asked for on to gettext through
 * LANGUAGE, unless LANGUAGE is set. */
static void
keep_language(void)
{
	const char *v = messages_locale();

	if (!language_set() && names_language(v)) {
		setenv("LANGUAGE", v, 1);
	}
}

/* True when this executable is the one in the build tree (run from the
 * source tree, or by the tests): the catalogue is then the freshly built
 * one; an installed program uses the installed catalogue. */
static bool
running_from_build_tree(void)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	size_t root = strlen(PARVIS_BUILD_ROOT);

	if (n <= 0) {
		return false;
	}
	exe[n] = '\0';
	return strncmp(exe, PARVIS_BUILD_ROOT, root) == 0 && exe[root] == '/';
}

bool
i18n_init(void)
{
	const char *dir = PARVIS_LOCALEDIR;

	environment_language = language_set()
	    ? names_language(getenv("LANGUAGE"))
	    : names_language(messages_locale());
	setlocale(LC_ALL, "");
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0) {
		if (setlocale(LC_ALL, "C.UTF-8") == NULL) {
			return false;
		}
		keep_language();
	}
	if (getenv("PARVIS_LOCALEDIR") != NULL) {
		dir = getenv("PARVIS_LOCALEDIR"); /* a relocated install */
	} else if (running_from_build_tree()) {
		dir = PARVIS_LOCALE_BUILD_DIR;
	}
	bindtextdomain(GETTEXT_PACKAGE, dir);
	bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
	textdomain(GETTEXT_PACKAGE);
	return true;
}

bool
i18n_environment_language(void)
{
	return environment_language;
}

void
i18n_set_lang(enum lang lang)
{
	setenv("LANGUAGE", lang == LANG_EN ? "en" : "fr", 1);
	textdomain(textdomain(NULL));
}
