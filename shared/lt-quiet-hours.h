/* lt-quiet-hours.h — when notices nobody asked for may not be sent.
 *
 * `[sms] quiet-hours = 21:00-08:00` (the default; "off" for none), in local
 * time. A notice that does not answer something just sent (a closure
 * notice, a reminder, an overdue notice, a ticket sent to an officer) is
 * queued with its not-before time at the end of the quiet hours, so every
 * sender respects it without knowing the rule. */

#pragma once

#include <glib.h>
#include "lt-config.h"

G_BEGIN_DECLS

typedef struct {
  gboolean enabled;
  int      start;   /* minutes after local midnight */
  int      end;     /* the same; may be before start (over midnight) */
} LtQuietHours;

/* Parses "HH:MM-HH:MM" (also with "–" or "~") or "off"; FALSE with a
 * sentence in @error otherwise. */
gboolean lt_quiet_hours_parse    (const char *text, LtQuietHours *out, GError **error);
/* The site's quiet hours from [sms] quiet-hours; the default when absent
 * or (already refused at load) malformed. */
void     lt_quiet_hours_from_config (LtConfig *config, LtQuietHours *out);
/* @now when it is outside the quiet hours, else the unix time they end. */
gint64   lt_quiet_hours_not_before (const LtQuietHours *self, gint64 now);

G_END_DECLS
