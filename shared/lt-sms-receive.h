/* lt-sms-receive.h — what one received SMS does to the store.
 *
 * The residents' SMS rules in one call: a status query, a rating, an
 * opt-out, a follow-up to a recent ticket or a new ticket, and the reply it
 * earns, within the per-number limits. The SMS listener calls it for each
 * message it reads from its modem; a hub calls it for each message a
 * remote gateway forwards. Both read the rules from the store's
 * configuration ([sms], see lt-sms-rules.h), so a message means the same
 * wherever it is applied. */

#pragma once

#include "lt-inbound.h"
#include "lt-receipt.h"
#include "lt-store.h"

G_BEGIN_DECLS

typedef struct {
  const char *action;                        /* static: "new-ticket", "appended",
                                              * "status", "not-mobile", "no-sender",
                                              * "capped", "muted", a kind name
                                              * ("wap-push" …), "delivered",
                                              * "undelivered" …; "duplicate" for
                                              * a second copy, "remnant" for
                                              * leftover parts of a stored one */
  char        receipt[LT_RECEIPT_LEN + 1];   /* the ticket concerned, or "" */
  gboolean    committed;                     /* this call wrote the message */
} LtSmsReceived;

/* Stores @message, acts on it and queues its reply, all in one
 * transaction, with @now as the time it was read. Returns TRUE when the
 * message is safely in the store — now, or already from an earlier copy
 * (the dedupe key makes a second copy harmless) — so the gateway may delete
 * it; FALSE with @error (LT_STORE_ERROR) when it must be kept and tried
 * again. @out (may be NULL) says what was done. */
gboolean lt_sms_receive (LtStore         *store,
                         const LtInbound *message,
                         gint64           now,
                         LtSmsReceived   *out,
                         GError         **error);

G_END_DECLS
