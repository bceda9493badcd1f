/* ls-outbound.h — draining the outbox through the modem. */

#pragma once

#include "lt-store.h"
#include "ls-modem.h"
#include "ls-settings.h"
#include "ls-relay.h"

G_BEGIN_DECLS

typedef struct _LsOutbound LsOutbound;

LsOutbound *ls_outbound_new    (LtStore *store, LsModem *modem);
void        ls_outbound_free   (LsOutbound *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsOutbound, ls_outbound_free)

/* Sends every message due now, one at a time, until none is due or
 * ls_outbound_stop() was called. A send that fails is retried later on
 * @settings' schedule, or marked failed after the last attempt. Fails with
 * LS_MODEM_ERROR_GONE when the modem went away (the message being sent is
 * queued again). @settings must outlive the call. */
void        ls_outbound_drain_async  (LsOutbound *self, const LsSettings *settings,
                                      GAsyncReadyCallback callback, gpointer user_data);
gboolean    ls_outbound_drain_finish (LsOutbound *self, GAsyncResult *result,
                                      guint *n_sent, GError **error);
/* Through a hub: messages are leased from @relay and their results
 * reported to it instead of the local outbox. */
void        ls_outbound_set_relay    (LsOutbound *self, LsRelay *relay);
/* Makes a running drain end after the message in hand. */
void        ls_outbound_stop         (LsOutbound *self);

/* The number as the modem should dial it: +86 before a Chinese mobile. */
char       *ls_outbound_dial_number  (const char *phone) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
