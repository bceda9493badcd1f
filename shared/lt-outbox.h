/* lt-outbox.h — SMS waiting to be sent, and the calls that send them.
 *
 * A message goes queued → sending → sent, or back to queued with a later
 * next_attempt_at after a failure, or to failed after the last attempt.
 * A message found in `sending` when the listener starts was being handed to
 * the modem when a process died: it is queued again, so at most that one
 * message can be sent twice. */

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
} LtOutboxMessage;

GType            lt_outbox_message_get_type (void) G_GNUC_CONST;
void             lt_outbox_message_free     (LtOutboxMessage *self);
LtOutboxMessage *lt_outbox_message_copy     (const LtOutboxMessage *self);
const char      *lt_outbox_state_to_string  (LtOutboxState state);
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
/* Puts messages left in `sending` back in the queue; returns how many. */
guint      lt_store_outbox_recover     (LtStore *self, GError **error);
/* Seconds until the next queued message is due (0 = now), or -1 if none. */
gint64     lt_store_outbox_next_due    (LtStore *self, gint64 now, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtOutboxMessage, lt_outbox_message_free)

G_END_DECLS
