/* lt-store-open311.h — the store's side of updates from the city's platform.
 *
 * The platform may send the same update twice (a timeout, a retry). Each
 * update_id is remembered with what it did, in the same transaction as the
 * change itself, so a second copy is answered the same way and changes
 * nothing. */

#pragma once

#include "lt-store.h"

G_BEGIN_DECLS

/* Applies the platform's update @update_id to ticket @receipt: @close TRUE
 * closes an open ticket, FALSE reopens a closed one; otherwise (the ticket
 * already in that state) @note is added as a note. @note is required.
 * Stores the id of the event it made in @event_id. If @update_id was
 * applied before with the same content, changes nothing, sets @repeated and
 * the same @event_id; with other content, fails with
 * LT_STORE_ERROR_DUPLICATE. LT_STORE_ERROR_NOT_FOUND for an unknown ticket. */
gboolean lt_store_apply_platform_update (LtStore *self, const char *update_id, const char *receipt,
                                         gboolean close, const char *note, const char *actor,
                                         gint64 *event_id, gboolean *repeated, GError **error);

G_END_DECLS
