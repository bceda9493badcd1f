/* ls-settings.c — the listener's own keys of the [sms] group.
 *
 *   [sms]
 *   poll-interval = 5          seconds between sweeps of the phone's inbox
 *   multipart-timeout = 600    seconds an incomplete multipart SMS waits
 *   retry-delays = 60;300;1800;7200   waits before each retry of a failed send
 *   reconnect-max = 60         longest wait between attempts to reach the modem
 *   delivery-reports = true    ask the network to report each SMS's delivery
 *   modem-timeout = 300        longest a modem call may take before the listener
 *                              exits to be restarted (gammu can hang for good)
 *
 * The residents' rules (append-window, category, reply-cap, repeat-limit,
 * mute-time) are in lt-sms-rules.c, shared with the hub. Read once at
 * start and again on SIGHUP. */

#define G_LOG_DOMAIN "laiting-sms"

#include "config.h"

#include "ls-settings.h"

#define GROUP "sms"

static const gint64 default_retry_delays[] = { 60, 300, 1800, 7200 };

LsSettings *
ls_settings_load (LtConfig *config)
{
  LsSettings *self = g_new0 (LsSettings, 1);
  GKeyFile *kf = lt_config_get_key_file (config);
  gsize n = 0;
  g_autofree gint *delays = NULL;

  self->poll_interval = lt_config_get_int (config, GROUP, "poll-interval", 5, 1);
  self->multipart_timeout = lt_config_get_int (config, GROUP, "multipart-timeout", 600, 0);
  self->reconnect_max = lt_config_get_int (config, GROUP, "reconnect-max", 60, 1);
  self->delivery_reports = lt_config_get_bool (config, GROUP, "delivery-reports", TRUE);
  self->modem_timeout = lt_config_get_int (config, GROUP, "modem-timeout", 300, 10);

  self->retry_delays = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (kf != NULL)
    delays = g_key_file_get_integer_list (kf, GROUP, "retry-delays", &n, NULL);
  if (delays != NULL)
    for (gsize i = 0; i < n; i++)
      {
        gint64 d = MAX (delays[i], 0);
        g_array_append_val (self->retry_delays, d);
      }
  else
    g_array_append_vals (self->retry_delays, default_retry_delays,
                         G_N_ELEMENTS (default_retry_delays));
  return self;
}

void
ls_settings_free (LsSettings *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->retry_delays);
  g_free (self);
}

gint64
ls_settings_retry_at (const LsSettings *self, guint attempts, gint64 now)
{
  if (attempts == 0 || attempts > self->retry_delays->len)
    return 0;
  /* A zero delay still has to mean "retry", not "give up". */
  return MAX (now + g_array_index (self->retry_delays, gint64, attempts - 1), 1);
}
