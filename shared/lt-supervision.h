/* lt-supervision.h — deadlines chase the people who own them (督办).
 *
 * On the morning of a ticket's due day its officer gets a reminder; every
 * day while it is overdue, the officer and the hall's supervisor
 * ([site] supervisor-phone) each get a notice. Each goes exactly once per
 * ticket, kind, number and local day, however often and from however many
 * processes lt_store_supervise() is called: the claim is a row with a
 * unique key, inserted in the same transaction as the outbox row. */

#pragma once

#include "lt-store.h"

G_BEGIN_DECLS

/* Queues the reminders and overdue notices due at @now that have not been
 * queued yet, to be sent at @now or, in the quiet hours, when they end.
 * Stores how many were queued in @n_queued (may be NULL). FALSE with
 * @error only when the store fails; nothing is then queued. */
gboolean lt_store_supervise (LtStore *self, gint64 now, guint *n_queued, GError **error);

G_END_DECLS
