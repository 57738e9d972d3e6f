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

/* Switches interface strings to lang. */
void i18n_set_lang(enum lang lang);

#endif
