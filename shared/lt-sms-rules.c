/* lt-sms-rules.c — the residents' SMS rules' settings, from [sms].
 *
 * Kept apart from the listener's own keys (poll interval, retries …) so a
 * hub that applies the rules to messages forwarded by a gateway reads
 * exactly what the gateway would have read. */

#define G_LOG_DOMAIN "lt-sms-rules"

#include "config.h"

#include "lt-sms-rules.h"

#define GROUP "sms"

void
lt_sms_rules_load (LtConfig *config, LtSmsRules *out)
{
  g_return_if_fail (LT_IS_CONFIG (config) && out != NULL);

  out->append_window = lt_config_get_int (config, GROUP, "append-window", 600, 0);
  out->category = lt_config_get_string (config, GROUP, "category", "other");
  out->limits.cap = (guint) lt_config_get_int (config, GROUP, "reply-cap", 6, 0);
  out->limits.window = 3600;
  out->limits.repeat_limit = (guint) lt_config_get_int (config, GROUP, "repeat-limit", 3, 0);
  out->limits.mute_for = lt_config_get_int (config, GROUP, "mute-time", 3600, 0);
}

void
lt_sms_rules_clear (LtSmsRules *self)
{
  g_clear_pointer (&self->category, g_free);
}
