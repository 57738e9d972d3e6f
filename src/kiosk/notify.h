/*
 * systemd's service notification protocol, which is one datagram to the
 * socket named by $NOTIFY_SOCKET: "READY=1" once the first screen is
 * drawn, then "WATCHDOG=1" from the main loop at half the interval systemd
 * asked for ($WATCHDOG_USEC), so that a kiosk whose loop is stuck gets
 * restarted.  Without $NOTIFY_SOCKET (not started by systemd) every call
 * does nothing.
 */
#ifndef PARVIS_KIOSK_NOTIFY_H
#define PARVIS_KIOSK_NOTIFY_H

#include <stdbool.h>
#include <stdint.h>

/* Sends state ("READY=1", "STOPPING=1"...); false if it could not. */
bool notify_send(const char *state);

/* Milliseconds between two WATCHDOG=1 (half of $WATCHDOG_USEC), or 0 when
 * systemd runs no watchdog for this process. */
int64_t notify_watchdog_interval_ms(void);

/* Sends WATCHDOG=1 if the interval has passed since the last one.  Call it
 * from every turn of the main loop. */
void notify_watchdog_tick(void);

#endif
