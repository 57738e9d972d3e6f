/*
 * Translatable text: English in the source, French in po/fr.po.  _()
 * looks a string up; N_() only marks one for xgettext, in a table whose
 * entries are translated where they are used, with _().
 *
 * Any module may include this: looking strings up needs only libc.  The
 * program sets the locale and binds the catalogue once, early in main()
 * (i18n_init(), src/ui/i18n.c); before that, and in programs that never
 * bind it (the unit tests), _() returns the English text unchanged.
 */
#ifndef PARVIS_CORE_GETTEXT_H
#define PARVIS_CORE_GETTEXT_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

#endif
