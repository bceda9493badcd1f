/* lt-outbox.h — SMS waiting to be sent, and the calls that send them.
 *
 * A message goes queued → sending → sent, or back to queued with a later
 * next_attempt_at after a failure, or to failed after the last attempt.
 * A message found in `sending` when the listener starts was being handed to
 * the modem when a process died: it is queued again, so at most that one
 * message can be sent twice.
 *
 * Remote gateways lease instead: a lease holds a message in `sending` for a
 * limited time, and a lease that ends without a report puts the message
 * back in the queue. Two holders never hold the same message. */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _LtStore LtStore;

typedef enum {
  LT_OUTBOX_QUEUED,
  LT_OUTBOX_SENDING,
  LT_OUTBOX_SENT,
  LT_OUTBOX_FAILED,
} LtOutboxState;

/* What the network's delivery report said. */
typedef enum {
  LT_OUTBOX_DELIVERY_UNKNOWN,    /* no report (yet, or none asked for) */
  LT_OUTBOX_DELIVERY_DELIVERED,  /* 已送达 */
  LT_OUTBOX_DELIVERY_FAILED,     /* the network gave up */
} LtOutboxDelivery;

typedef struct {
  gint64         id;
  char          *receipt;        /* may be NULL (help, opt-out …) */
  char          *phone;
  char          *kind;           /* "receipt", "closure", "status", "help" … */
  char          *body;
  guint          segments;
  LtOutboxState  state;
  guint          attempts;
  gint64         created_at;
  gint64         next_attempt_at;
  gint64         sent_at;        /* 0 until sent */
  int            modem_ref;      /* -1 until sent */
  char          *last_error;     /* may be NULL */
  char          *lease_holder;   /* who holds it while leased; NULL otherwise */
  gint64         lease_until;    /* when that lease ends; 0 when not leased */
  LtOutboxDelivery delivery;
  gint64         delivered_at;   /* when the report says it arrived or failed; 0 */
} LtOutboxMessage;

GType            lt_outbox_message_get_type (void) G_GNUC_CONST;
void             lt_outbox_message_free     (LtOutboxMessage *self);
LtOutboxMessage *lt_outbox_message_copy     (const LtOutboxMessage *self);
const char      *lt_outbox_state_to_string  (LtOutboxState state);
/* "delivered", "failed", or NULL for unknown. */
const char      *lt_outbox_delivery_to_string (LtOutboxDelivery delivery);
/* 已送达 / 未送达, or NULL for unknown; translated. */
const char      *lt_outbox_delivery_label   (LtOutboxDelivery delivery);
gboolean         lt_outbox_state_from_string(const char *s, LtOutboxState *out);

/* Queues @body for @phone (must be a normalised mobile number). Joins the
 * caller's transaction if one is open. Returns the new id, or 0 with @error. */
gint64     lt_store_outbox_queue       (LtStore *self, const char *receipt, const char *phone,
                                        const char *kind, const char *body, GError **error);
/* state < 0: all. Newest last. */
GPtrArray *lt_store_outbox_list        (LtStore *self, int state, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* The state of the newest message of @kind ("receipt", …) for the ticket
 * @receipt, in @state: what the kiosk may truthfully say about its SMS.
 * Returns FALSE without error when there is none, FALSE with @error when
 * the store cannot be read. */
gboolean   lt_store_outbox_state_for   (LtStore *self, const char *receipt, const char *kind,
                                        LtOutboxState *state, GError **error);
/* The next queued message due at @now, marked sending with attempts + 1;
 * NULL without error when none is due. */
LtOutboxMessage *lt_store_outbox_claim (LtStore *self, gint64 now, GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean   lt_store_outbox_mark_sent   (LtStore *self, gint64 id, int modem_ref, GError **error);
/* Back to queued until @retry_at, or failed for good when @retry_at is 0. */
gboolean   lt_store_outbox_mark_failed (LtStore *self, gint64 id, const char *reason,
                                        gint64 retry_at, GError **error);
/* Records a delivery report for the SMS sent to mobile @phone whose first
 * part had the modem's reference @modem_ref (the newest such one not yet
 * reported on): delivered or failed, at @at. A report on a ticket's SMS
 * also goes into the ticket's history, so the staff desk shows it. Joins
 * the caller's transaction. Returns the outbox id, or 0 without error when
 * no sent SMS matches. */
gint64     lt_store_outbox_mark_delivery (LtStore *self, const char *phone, int modem_ref,
                                          gboolean delivered, gint64 at, GError **error);
/* Leases up to @max messages due at @now to @holder (a device name) for
 * @lease_seconds, in one transaction: each goes to `sending` with attempts
 * + 1 and the lease. Messages whose lease ended by @now go back to the
 * queue first. Never gives one message to two holders, whether they are
 * threads or processes. An array of LtOutboxMessage*, empty when nothing is
 * due; NULL with @error on a database error. */
GPtrArray *lt_store_outbox_lease       (LtStore *self, const char *holder, guint max,
                                        gint64 lease_seconds, gint64 now,
                                        GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* The result of a leased send: @sent → sent (@modem_ref); otherwise as
 * lt_store_outbox_mark_failed with @reason and @retry_at. Refused with
 * LT_STORE_ERROR_LEASE_LOST, changing nothing, unless message @id is still
 * leased to @holder and the lease has not ended. */
gboolean   lt_store_outbox_report      (LtStore *self, gint64 id, const char *holder,
                                        gboolean sent, int modem_ref, const char *reason,
                                        gint64 retry_at, GError **error);
/* Puts messages left in `sending` without a lease back in the queue (a
 * leased one comes back when its lease ends); returns how many. */
guint      lt_store_outbox_recover     (LtStore *self, GError **error);
/* Seconds until the next queued message is due (0 = now), or -1 if none. */
gint64     lt_store_outbox_next_due    (LtStore *self, gint64 now, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtOutboxMessage, lt_outbox_message_free)

G_END_DECLS
