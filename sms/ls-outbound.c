/* ls-outbound.c — draining the outbox through the modem.
 *
 * Each message is claimed (marked `sending`) in the store before it is
 * handed to the modem and marked `sent` right after, so a crash can repeat
 * at most the one message in the modem's hands: the store puts messages
 * left in `sending` back in the queue when the listener starts. */

#define G_LOG_DOMAIN "laiting-sms"

#include "config.h"

#include <string.h>

#include "lt-phone.h"
#include "lt-inbound.h"
#include "ls-outbound.h"

struct _LsOutbound {
  LtStore  *store;
  LsModem  *modem;
  LsRelay  *relay;     /* through a hub; NULL on the local outbox */
  gboolean  stopping;
};

typedef struct {
  LsOutbound       *self;
  const LsSettings *settings;
  LtOutboxMessage  *current;
  guint             sent;
} Drain;

static void
drain_free (Drain *d)
{
  g_clear_pointer (&d->current, lt_outbox_message_free);
  g_free (d);
}

LsOutbound *
ls_outbound_new (LtStore *store, LsModem *modem)
{
  LsOutbound *self = g_new0 (LsOutbound, 1);

  self->store = g_object_ref (store);
  self->modem = modem;
  return self;
}

void
ls_outbound_free (LsOutbound *self)
{
  if (self == NULL)
    return;
  g_object_unref (self->store);
  g_free (self);
}

void
ls_outbound_set_relay (LsOutbound *self, LsRelay *relay)
{
  self->relay = relay;
}

/* The local outbox, or the hub's through the relay. */
static gboolean
mark_sent (LsOutbound *self, const LtOutboxMessage *m, int ref, GError **error)
{
  if (self->relay)
    return ls_relay_report (self->relay, m, TRUE, ref, NULL, 0), TRUE;
  return lt_store_outbox_mark_sent (self->store, m->id, ref, error);
}

static gboolean
mark_failed (LsOutbound *self, const LtOutboxMessage *m, const char *reason, gint64 retry_at,
             GError **error)
{
  if (self->relay)
    return ls_relay_report (self->relay, m, FALSE, -1, reason, retry_at), TRUE;
  return lt_store_outbox_mark_failed (self->store, m->id, reason, retry_at, error);
}

void
ls_outbound_stop (LsOutbound *self)
{
  self->stopping = TRUE;
}

char *
ls_outbound_dial_number (const char *phone)
{
  char digits[LT_PHONE_LEN + 1];

  if (lt_phone_normalize (phone, digits))
    return g_strconcat ("+86", digits, NULL);
  return g_strdup (phone);
}

static void next_message (GTask *task);

static void
sent_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  Drain *d = g_task_get_task_data (task);
  LsOutbound *self = d->self;
  LtOutboxMessage *m = d->current;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) store_error = NULL;
  g_autofree char *who = lt_phone_mask (m->phone);
  gint64 now = lt_store_now ();
  int ref = ls_modem_send_finish (self->modem, result, &error);

  if (ref >= 0)
    {
      if (!mark_sent (self, m, ref, &store_error))
        g_warning ("%s SMS to %s was sent but not marked sent: %s",
                   m->kind, who, store_error->message);
      else
        g_message ("sent %s SMS to %s (%u part%s, reference %d)", m->kind, who,
                   m->segments, m->segments == 1 ? "" : "s", ref);
      d->sent++;
    }
  else if (g_error_matches (error, LS_MODEM_ERROR, LS_MODEM_ERROR_GONE))
    {
      /* Not the message's fault: queue it again as it was, to go first
       * when the modem is back. */
      if (!mark_failed (self, m, error->message, MAX (now, 1),
                                        &store_error))
        g_warning ("cannot requeue SMS %" G_GINT64_FORMAT ": %s", m->id, store_error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  else
    {
      gint64 retry_at = ls_settings_retry_at (d->settings, m->attempts, now);

      if (!mark_failed (self, m, error->message, retry_at,
                                        &store_error))
        g_warning ("cannot record failed SMS %" G_GINT64_FORMAT ": %s", m->id,
                   store_error->message);
      else if (retry_at > 0)
        g_message ("sending %s SMS to %s failed (attempt %u): %s; retry in %" G_GINT64_FORMAT " s",
                   m->kind, who, m->attempts, error->message, retry_at - now);
      else
        g_message ("sending %s SMS to %s failed for good after %u attempts: %s",
                   m->kind, who, m->attempts, error->message);
    }
  g_clear_pointer (&d->current, lt_outbox_message_free);
  next_message (g_steal_pointer (&task));
}

/* Takes ownership of @task. */
static void
next_message (GTask *task)
{
  Drain *d = g_task_get_task_data (task);
  LsOutbound *self = d->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;

  if (self->stopping)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  d->current = self->relay ? ls_relay_claim (self->relay)
                           : lt_store_outbox_claim (self->store, lt_store_now (), &error);
  if (d->current == NULL)
    {
      if (error != NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  number = ls_outbound_dial_number (d->current->phone);
  ls_modem_send_async (self->modem, number, d->current->body, d->settings->delivery_reports,
                       sent_cb, task);
}

void
ls_outbound_drain_async (LsOutbound         *self,
                         const LsSettings   *settings,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  GTask *task = g_task_new (NULL, NULL, callback, user_data);
  Drain *d = g_new0 (Drain, 1);

  d->self = self;
  d->settings = settings;
  self->stopping = FALSE;
  g_task_set_source_tag (task, ls_outbound_drain_async);
  g_task_set_task_data (task, d, (GDestroyNotify) drain_free);
  next_message (task);
}

gboolean
ls_outbound_drain_finish (LsOutbound   *self,
                          GAsyncResult *result,
                          guint        *n_sent,
                          GError      **error)
{
  Drain *d;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  d = g_task_get_task_data (G_TASK (result));
  if (n_sent != NULL)
    *n_sent = d->sent;
  return g_task_propagate_boolean (G_TASK (result), error);
}
