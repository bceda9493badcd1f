/* lt-spool.h — an edge's own store of what it must hand to the hub, and
 * the forwarder that hands it over.
 *
 * A kiosk or SMS gateway working through a hub commits first to its spool
 * (an SQLite file on its own disk) and only then tells the resident
 * anything; a forwarder thread then sends what the spool holds to the hub,
 * in order: at once when it can, after a growing wait (up to [hub]
 * retry-max seconds, default 60) when it cannot, and at once again when
 * the hub answers. The receipt number a kiosk minted, or an SMS's dedupe
 * key, is the idempotency key, so a copy sent twice (a crash between the
 * hub's answer and the spool's mark) is stored once.
 *
 * The spool is a ticket store file with the same schema (tickets numbered
 * from the edge's own origin, lt_spool_get_store) plus tables of its
 * own: which tickets reached the hub, the inbound SMS not yet handed
 * over, and which tickets' voice notes (filed in the store's attachments
 * with the ticket, in its transaction) the hub holds. A voice note goes
 * after its ticket has reached the hub. Nothing is ever deleted from it: a refused ticket stays, named in
 * the journal, until staff deal with it. */

#pragma once

#include "lt-hub-client.h"
#include "lt-inbound.h"
#include "lt-store.h"

G_BEGIN_DECLS

/* What the forwarder knows of the hub. */
typedef enum {
  LT_SPOOL_HUB_UNKNOWN,      /* not tried yet */
  LT_SPOOL_HUB_REACHED,      /* the last attempt was answered */
  LT_SPOOL_HUB_UNREACHABLE,  /* no answer: waiting to retry */
  LT_SPOOL_HUB_REFUSED,      /* the hub refuses this device: token revoked, origin not ours */
} LtSpoolHubState;

#define LT_TYPE_SPOOL (lt_spool_get_type ())
G_DECLARE_FINAL_TYPE (LtSpool, lt_spool, LT, SPOOL, GObject)

/* The spool at [hub] spool (default: laiting-spool.db beside the
 * database path), for a program whose @config sets [hub] url. Does not
 * start forwarding. */
LtSpool     *lt_spool_open          (LtConfig *config, LtHubClient *hub,
                                     GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* The spool's ticket store: submit here, and the forwarder carries it on. */
LtStore     *lt_spool_get_store     (LtSpool *self);
LtHubClient *lt_spool_get_hub       (LtSpool *self);

/* Starts the forwarder thread; lt_spool_stop (or the last unref) ends it
 * after the item in hand. */
void         lt_spool_start         (LtSpool *self);
void         lt_spool_stop          (LtSpool *self);
/* Something new is in the spool, or the hub may be back: try now. */
void         lt_spool_wake          (LtSpool *self);

/* Commits an inbound SMS for the hub; TRUE when it is on disk (now or
 * from an earlier copy with the same dedupe key), so the modem may delete
 * it. Wakes the forwarder. */
gboolean     lt_spool_add_inbound   (LtSpool *self, const LtInbound *message, GError **error);

/* TRUE once the hub holds ticket @receipt. */
gboolean     lt_spool_is_forwarded  (LtSpool *self, const char *receipt);
/* TRUE when @receipt is a ticket in this spool not yet at the hub. */
gboolean     lt_spool_is_waiting    (LtSpool *self, const char *receipt);
/* Tickets, voice notes and inbound SMS not yet at the hub. */
guint        lt_spool_backlog       (LtSpool *self);
/* Of those, the voice notes. */
guint        lt_spool_voice_backlog (LtSpool *self);
/* TRUE once the hub holds ticket @receipt's voice note. */
gboolean     lt_spool_voice_is_forwarded (LtSpool *self, const char *receipt);
LtSpoolHubState lt_spool_hub_state  (LtSpool *self, char **problem);
/* Unix time the hub last answered this spool's forwarder, 0 = never. */
gint64       lt_spool_last_reached  (LtSpool *self);

G_END_DECLS
