/*
 * Interface strings of the sync client, through gettext like the rest of
 * parvis (English in the source, French in po/fr.po).  The program binds
 * the catalogue at start (src/ui/i18n.c); the client only looks strings
 * up, so it needs nothing from the ui module.
 */
#ifndef PARVIS_SYNC_I18N_H
#define PARVIS_SYNC_I18N_H

#include "gettext.h"

#endif
