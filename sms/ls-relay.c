/* ls-relay.c — laiting-sms as a gateway of a hub (see ls-relay.h).
 *
 * The hub calls are blocking, made on the listener's main loop between
 * modem steps: the listener does one thing at a time anyway, and each
 * call is bounded by the client's timeout. */

#define G_LOG_DOMAIN "laiting-sms"

#include "config.h"

#include <signal.h>

#include "lt-phone.h"
#include "ls-relay.h"

typedef struct {
  gint64    id;
  gboolean  sent;
  int       modem_ref;
  char     *reason;
  gint64    retry_at;
} Report;

struct _LsRelay {
  LtSpool   *spool;
  LtHubClient *hub;
  GQueue     batch;     /* LtOutboxMessage*, leased, not yet handed out */
  GQueue     reports;   /* Report*, not yet taken by the hub */
  guint      lease_max;
  gint64     lease_seconds;
  gboolean   unreachable;
  gboolean   crash_after_lease;  /* tests: die holding a lease */
};

static void
report_free (Report *r)
{
  g_free (r->reason);
  g_free (r);
}

LsRelay *
ls_relay_open (LtConfig *config, GError **error)
{
  g_autoptr(LtHubClient) hub = NULL;
  LsRelay *self;

  if (!lt_hub_client_configured (config))
    return NULL;
  hub = lt_hub_client_new (config, error);
  if (hub == NULL)
    return NULL;
  self = g_new0 (LsRelay, 1);
  self->spool = lt_spool_open (config, hub, error);
  if (self->spool == NULL)
    {
      g_free (self);
      return NULL;
    }
  self->hub = g_object_ref (hub);
  self->lease_max = (guint) lt_config_get_int (config, "hub", "lease-max", 5, 1);
  self->lease_seconds = lt_config_get_int (config, "hub", "lease-seconds", 120, 10);
  self->crash_after_lease = g_strcmp0 (g_getenv ("LAITING_SMS_TEST_CRASH_AFTER_LEASE"), "1") == 0;
  g_queue_init (&self->batch);
  g_queue_init (&self->reports);
  g_message ("gateway of the hub %s; inbound SMS spooled in %s", lt_hub_client_get_url (hub),
             lt_store_get_path (lt_spool_get_store (self->spool)));
  lt_spool_start (self->spool);
  return self;
}

void
ls_relay_free (LsRelay *self)
{
  if (self == NULL)
    return;
  /* What was leased and not sent goes back to the queue at once rather
   * than when the lease ends. */
  for (GList *l = self->batch.head; l; l = l->next)
    {
      LtOutboxMessage *m = l->data;

      ls_relay_report (self, m, FALSE, -1, "gateway stopped before sending", MAX (lt_store_now (), 1));
    }
  g_queue_clear_full (&self->batch, (GDestroyNotify) lt_outbox_message_free);
  g_queue_clear_full (&self->reports, (GDestroyNotify) report_free);
  lt_spool_stop (self->spool);
  g_object_unref (self->spool);
  g_object_unref (self->hub);
  g_free (self);
}

LtSpool *
ls_relay_get_spool (LsRelay *self)
{
  return self->spool;
}

gboolean
ls_relay_receive (LsRelay *self, const LtInbound *message, GError **error)
{
  return lt_spool_add_inbound (self->spool, message, error);
}

static void
hub_trouble (LsRelay *self, const GError *error)
{
  if (!self->unreachable)
    g_message ("cannot reach the hub's outbox, SMS wait there until it answers: %s",
               error->message);
  self->unreachable = TRUE;
}

/* Sends the reports the hub has not taken yet; FALSE while it does not. */
static gboolean
flush_reports (LsRelay *self)
{
  Report *r;

  while ((r = g_queue_peek_head (&self->reports)) != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!lt_hub_client_report (self->hub, r->id, r->sent, r->modem_ref, r->reason, r->retry_at,
                                 &error) &&
          (error->domain == LT_HUB_CLIENT_ERROR &&
           (error->code == LT_HUB_CLIENT_ERROR_UNREACHABLE || error->code == LT_HUB_CLIENT_ERROR_FAILED)))
        {
          hub_trouble (self, error);
          return FALSE;
        }
      if (error != NULL)
        g_message ("the hub did not take the result of SMS %" G_GINT64_FORMAT ": %s", r->id,
                   error->message);
      report_free (g_queue_pop_head (&self->reports));
    }
  return TRUE;
}

LtOutboxMessage *
ls_relay_claim (LsRelay *self)
{
  if (g_queue_is_empty (&self->batch))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) rows = NULL;

      if (!flush_reports (self))
        return NULL;
      rows = lt_hub_client_lease (self->hub, self->lease_max, self->lease_seconds, &error);
      if (rows == NULL)
        {
          hub_trouble (self, error);
          return NULL;
        }
      if (self->unreachable)
        g_message ("the hub's outbox answers again");
      self->unreachable = FALSE;
      for (guint i = 0; i < rows->len; i++)
        g_queue_push_tail (&self->batch, lt_outbox_message_copy (rows->pdata[i]));
      if (rows->len > 0 && self->crash_after_lease)
        raise (SIGKILL);
    }
  return g_queue_pop_head (&self->batch);
}

void
ls_relay_report (LsRelay *self, const LtOutboxMessage *m, gboolean sent, int modem_ref,
                 const char *reason, gint64 retry_at)
{
  Report *r = g_new0 (Report, 1);

  r->id = m->id;
  r->sent = sent;
  r->modem_ref = modem_ref;
  r->reason = g_strdup (reason);
  r->retry_at = retry_at;
  g_queue_push_tail (&self->reports, r);
  flush_reports (self);
}
