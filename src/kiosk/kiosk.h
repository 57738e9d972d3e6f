/*
 * The kiosk itself: the touchscreen loop that takes passers-by through
 * the open consultations and saves what they answer.
 */
#ifndef PARVIS_KIOSK_KIOSK_H
#define PARVIS_KIOSK_KIOSK_H

#include "config.h"

/* Runs the kiosk until the PIN lets someone out, the script ends or
 * SIGTERM arrives.  Returns the process exit status. */
int kiosk_run(const struct config *cfg);

#endif
