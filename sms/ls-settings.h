/* ls-settings.h — the listener's own keys of the [sms] group.
 *
 * The residents' rules (append window, reply limits, category) are read
 * by the shared library (lt-sms-rules.h); these are the gateway's. */

#pragma once

#include "lt-config.h"

G_BEGIN_DECLS

typedef struct {
  gint64        poll_interval;      /* seconds between sweeps of the phone */
  gint64        multipart_timeout;  /* seconds an incomplete message waits */
  GArray       *retry_delays;       /* gint64 seconds before each retry of a send */
  gint64        reconnect_max;      /* longest wait between reconnection attempts */
  gboolean      delivery_reports;   /* ask the network for a report on each SMS */
  gint64        modem_timeout;      /* seconds a modem call may take before we give up */
} LsSettings;

LsSettings *ls_settings_load (LtConfig *config);
void        ls_settings_free (LsSettings *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsSettings, ls_settings_free)

/* When to try a message again after its @attempts-th attempt failed at
 * @now, or 0 when that was the last attempt. */
gint64      ls_settings_retry_at (const LsSettings *self, guint attempts, gint64 now);

G_END_DECLS
