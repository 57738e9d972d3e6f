/*
 * Locale and catalogue set-up, and the per-participant language switch.
 * With LANG unset the locale is "C", where glibc's gettext ignores
 * LANGUAGE; C.UTF-8 does not, and ncursesw needs UTF-8 anyway.
 */
#include "i18n.h"

#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parvis-config.h"

bool
i18n_init(void)
{
	const char *dir = PARVIS_LOCALEDIR;

	setlocale(LC_ALL, "");
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0 &&
	    setlocale(LC_ALL, "C.UTF-8") == NULL) {
		return false;
	}
	if (access(PARVIS_LOCALE_BUILD_DIR "/fr/LC_MESSAGES/parvis.mo",
	    R_OK) == 0) {
		dir = PARVIS_LOCALE_BUILD_DIR;
	}
	bindtextdomain(GETTEXT_PACKAGE, dir);
	bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
	textdomain(GETTEXT_PACKAGE);
	return true;
}

void
i18n_set_lang(enum lang lang)
{
	setenv("LANGUAGE", lang == LANG_EN ? "en" : "fr", 1);
	textdomain(textdomain(NULL));
}
