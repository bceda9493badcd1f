/* ls-relay.h — laiting-sms as a gateway of a hub.
 *
 * With [hub] url set, the listener keeps no rules of its own: each inbound
 * message is committed to the gateway's spool (then deleted from the
 * modem, so the SIM never fills while the hub is away) and forwarded with
 * its dedupe key by the spool's forwarder; the hub applies the residents'
 * rules (lt_sms_receive) and queues the replies. Outgoing messages are
 * leased from the hub's outbox a few at a time ([hub] lease-max, default
 * 5, for [hub] lease-seconds, default 120), sent, and each result
 * reported. A gateway that dies holding a lease loses nothing: the hub
 * puts the rows back in the queue when the lease ends. */

#pragma once

#include "lt-outbox.h"
#include "lt-spool.h"

G_BEGIN_DECLS

typedef struct _LsRelay LsRelay;

/* NULL without error when @config has no [hub] url; NULL with @error when
 * the hub link cannot be made. Starts the spool's forwarder. */
LsRelay *ls_relay_open    (LtConfig *config, GError **error);
void     ls_relay_free    (LsRelay *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsRelay, ls_relay_free)

LtSpool *ls_relay_get_spool (LsRelay *self);

/* Commits @message to the spool: TRUE when the modem may delete it. */
gboolean ls_relay_receive (LsRelay *self, const LtInbound *message, GError **error);

/* The next leased message to send, leasing a new batch when the last is
 * done; NULL when none is due or the hub cannot be reached (said once in
 * the journal). */
LtOutboxMessage *ls_relay_claim (LsRelay *self) G_GNUC_WARN_UNUSED_RESULT;
/* Reports a leased message's result to the hub; a report the hub did not
 * get is kept and tried again before the next lease. */
void     ls_relay_report  (LsRelay *self, const LtOutboxMessage *message, gboolean sent,
                           int modem_ref, const char *reason, gint64 retry_at);

G_END_DECLS
