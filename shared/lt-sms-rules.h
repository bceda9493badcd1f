/* lt-sms-rules.h — the residents' SMS rules' settings, from [sms].
 *
 * Whoever applies the rules to a received message (the SMS listener on one
 * hall's machine, the hub for a district's gateways) reads them here from
 * the same configuration, so both agree on what a message means. */

#pragma once

#include "lt-config.h"
#include "lt-inbound.h"

G_BEGIN_DECLS

typedef struct {
  gint64        append_window;  /* seconds: a follow-up text this soon after the
                                 * one that opened a ticket joins it */
  char         *category;       /* category of tickets opened by SMS */
  LtReplyLimits limits;         /* per number: cap, repeats, mute */
} LtSmsRules;

/* Fills @out from @config's [sms] group:
 *
 *   append-window = 600   reply-cap = 6   repeat-limit = 3
 *   mute-time = 3600      category = other
 *
 * Clear it with lt_sms_rules_clear(). */
void lt_sms_rules_load  (LtConfig *config, LtSmsRules *out);
void lt_sms_rules_clear (LtSmsRules *self);

G_END_DECLS
