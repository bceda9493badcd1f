/* ls-interpret.h — what one received message does to the store. */

#pragma once

#include "lt-store.h"
#include "ls-inbox.h"
#include "ls-settings.h"

G_BEGIN_DECLS

/* Stores @message, acts on it (new ticket, follow-up, status reply,
 * rating, opt-out …) and queues the reply, all in one transaction.
 * Returns TRUE when the message is safely in the store — now, or already
 * from an earlier read — so its parts may be deleted from the phone; FALSE
 * with @error when it must stay on the phone and be tried again.
 * @committed (may be NULL) tells whether this call wrote it. */
gboolean ls_interpret_message (LtStore *store, const LsSettings *settings,
                               const LsMessage *message, gint64 now,
                               gboolean *committed, GError **error);

G_END_DECLS
