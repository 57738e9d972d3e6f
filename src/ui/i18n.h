/*
 * Interface strings through gettext: English in the source, French in
 * po/fr.po.  The language changes per participant: i18n_set_lang() sets
 * LANGUAGE and makes gettext drop its cache.
 */
#ifndef PARVIS_UI_I18N_H
#define PARVIS_UI_I18N_H

#include "form.h"
#include "gettext.h"

/* Makes sure the program runs in a UTF-8 locale (falling back to
 * C.UTF-8 when the environment gives none, as under systemd) and binds the
 * catalogue, from the build tree when run from it.  Returns false when no
 * UTF-8 locale can be had. */
bool i18n_init(void);

/* True when the environment named a language as i18n_init() found it:
 * LANGUAGE, else the first of LC_ALL, LC_MESSAGES and LANG that is set,
 * naming something else than C, C.UTF-8 or POSIX.  The command line then
 * speaks it (gettext follows the environment; a language parvis has no
 * catalogue for gives its English); otherwise the kiosk's language
 * ([kiosk] language), which main() sets with i18n_set_lang(). */
bool i18n_environment_language(void);

/* Switches interface strings to lang. */
void i18n_set_lang(enum lang lang);

#endif
