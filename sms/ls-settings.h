/* ls-settings.h — the [sms] group of the site's configuration. */

#pragma once

#include "lt-config.h"
#include "lt-inbound.h"

G_BEGIN_DECLS

typedef struct {
  gint64        poll_interval;      /* seconds between sweeps of the phone */
  gint64        multipart_timeout;  /* seconds an incomplete message waits */
  gint64        append_window;      /* seconds a follow-up SMS joins the last ticket */
  char         *category;           /* category of tickets opened by SMS */
  LtReplyLimits limits;
  GArray       *retry_delays;       /* gint64 seconds before each retry of a send */
  gint64        reconnect_max;      /* longest wait between reconnection attempts */
} LsSettings;

LsSettings *ls_settings_load (LtConfig *config);
void        ls_settings_free (LsSettings *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsSettings, ls_settings_free)

/* When to try a message again after its @attempts-th attempt failed at
 * @now, or 0 when that was the last attempt. */
gint64      ls_settings_retry_at (const LsSettings *self, guint attempts, gint64 now);

G_END_DECLS
