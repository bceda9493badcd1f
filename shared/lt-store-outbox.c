/* lt-store-outbox.c — the SMS outbox in the store.
 *
 * Messages are written by the same transaction as the change that causes
 * them and drained by the SMS listener one at a time: claim (queued →
 * sending, attempts + 1, committed before the modem is called), then sent or
 * failed. A crash while a message is `sending` can repeat that one message
 * after lt_store_outbox_recover(), never any other.
 *
 * Gateways on other machines lease instead (lt_store_outbox_lease): the
 * same `sending` state with a holder and an end time. BEGIN IMMEDIATE makes
 * a lease exclusive across processes, so a message is never held twice; a
 * lease that ends unreported goes back to the queue, and its holder's late
 * report is refused, so the message is sent again at most once more. */

#define G_LOG_DOMAIN "lt-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lt-phone.h"
#include "lt-quiet-hours.h"
#include "lt-segments.h"
#include "lt-store-private.h"

#define OUTBOX_COLUMNS \
  "o.id, t.receipt, o.phone, o.kind, o.body, o.segments, o.state, o.attempts," \
  " o.created_at, o.next_attempt_at, o.sent_at, o.modem_ref, o.last_error," \
  " o.lease_holder, o.lease_until, o.delivery, o.delivered_at"

static LtOutboxMessage *
message_from_row (sqlite3_stmt *stmt)
{
  LtOutboxMessage *m = g_new0 (LtOutboxMessage, 1);
  g_autofree char *state = lt_store_column_dup (stmt, 6);

  m->id = sqlite3_column_int64 (stmt, 0);
  m->receipt = lt_store_column_dup (stmt, 1);
  m->phone = lt_store_column_dup (stmt, 2);
  m->kind = lt_store_column_dup (stmt, 3);
  m->body = lt_store_column_dup (stmt, 4);
  m->segments = (guint) sqlite3_column_int (stmt, 5);
  lt_outbox_state_from_string (state, &m->state);
  m->attempts = (guint) sqlite3_column_int (stmt, 7);
  m->created_at = sqlite3_column_int64 (stmt, 8);
  m->next_attempt_at = sqlite3_column_int64 (stmt, 9);
  m->sent_at = sqlite3_column_int64 (stmt, 10);
  m->modem_ref = sqlite3_column_type (stmt, 11) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 11);
  m->last_error = lt_store_column_dup (stmt, 12);
  m->lease_holder = lt_store_column_dup (stmt, 13);
  m->lease_until = sqlite3_column_int64 (stmt, 14);
  m->delivery = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 15), "delivered") == 0
                ? LT_OUTBOX_DELIVERY_DELIVERED
                : g_strcmp0 ((const char *) sqlite3_column_text (stmt, 15), "failed") == 0
                ? LT_OUTBOX_DELIVERY_FAILED : LT_OUTBOX_DELIVERY_UNKNOWN;
  m->delivered_at = sqlite3_column_int64 (stmt, 16);
  return m;
}

gint64
lt_store_notice_time (LtStore *self, gint64 now)
{
  LtQuietHours quiet;

  lt_quiet_hours_from_config (self->config, &quiet);
  return lt_quiet_hours_not_before (&quiet, now);
}

gint64
lt_store_outbox_queue_for (LtStore *self, gint64 ticket_id, const char *phone,
                           const char *kind, const char *body, GError **error)
{
  return lt_store_outbox_queue_at (self, ticket_id, phone, kind, body, lt_store_now (), error);
}

gint64
lt_store_outbox_queue_at (LtStore *self, gint64 ticket_id, const char *phone,
                          const char *kind, const char *body, gint64 not_before,
                          GError **error)
{
  sqlite3_stmt *stmt;
  gint64 now = lt_store_now ();
  gint64 id = 0;
  gboolean ok;

  if (!lt_store_write_begin (self, error))
    return 0;
  stmt = lt_store_stmt (self,
      "INSERT INTO outbox (ticket_id, phone, kind, body, segments, created_at, next_attempt_at)"
      " VALUES (nullif (?, 0), ?, ?, ?, ?, ?, ?)", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, ticket_id);
      lt_store_bind_text (stmt, 2, phone);
      lt_store_bind_text (stmt, 3, kind);
      lt_store_bind_text (stmt, 4, body);
      sqlite3_bind_int (stmt, 5, (int) lt_sms_count_segments (body, NULL));
      sqlite3_bind_int64 (stmt, 6, now);
      sqlite3_bind_int64 (stmt, 7, MAX (now, not_before));
      ok = lt_store_step_done (self, stmt, _("保存待发短信"), error);
      id = sqlite3_last_insert_rowid (self->db);
    }
  if (!lt_store_write_end (self, ok, ok ? error : NULL))
    return 0;
  return id;
}

gint64
lt_store_outbox_queue (LtStore *self, const char *receipt, const char *phone,
                       const char *kind, const char *body, GError **error)
{
  char mobile[LT_PHONE_LEN + 1];
  gint64 ticket_id = 0, id;

  g_return_val_if_fail (LT_IS_STORE (self), 0);
  g_return_val_if_fail (kind != NULL && body != NULL, 0);
  if (phone == NULL || !lt_phone_normalize (phone, mobile))
    {
      g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID,
                   _("%s 不是手机号码，不能发送短信。"), phone ? phone : "");
      return 0;
    }
  g_rec_mutex_lock (&self->lock);
  if (receipt != NULL)
    ticket_id = lt_store_ticket_id (self, receipt, error);
  id = (receipt == NULL || ticket_id != 0)
       ? lt_store_outbox_queue_for (self, ticket_id, mobile, kind, body, error)
       : 0;
  g_rec_mutex_unlock (&self->lock);
  return id;
}

GPtrArray *
lt_store_outbox_list (LtStore *self, int state, GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) lt_outbox_message_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (LT_IS_STORE (self), NULL);
  g_rec_mutex_lock (&self->lock);
  stmt = lt_store_stmt (self,
      "SELECT " OUTBOX_COLUMNS " FROM outbox o LEFT JOIN tickets t ON t.id = o.ticket_id"
      " WHERE ?1 IS NULL OR o.state = ?1 ORDER BY o.id", error);
  if (stmt == NULL)
    {
      g_rec_mutex_unlock (&self->lock);
      return NULL;
    }
  if (state >= 0)
    lt_store_bind_text (stmt, 1, lt_outbox_state_to_string ((LtOutboxState) state));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, message_from_row (stmt));
  sqlite3_reset (stmt);
  g_rec_mutex_unlock (&self->lock);
  if (rc != SQLITE_DONE)
    return lt_store_fail (self, rc, _("读取待发短信"), error), NULL;
  return g_steal_pointer (&list);
}

gboolean
lt_store_outbox_state_for (LtStore *self, const char *receipt, const char *kind,
                           LtOutboxState *state, GError **error)
{
  sqlite3_stmt *stmt;
  gboolean found = FALSE;
  int rc;

  g_return_val_if_fail (LT_IS_STORE (self), FALSE);
  g_return_val_if_fail (receipt != NULL && kind != NULL && state != NULL, FALSE);
  g_rec_mutex_lock (&self->lock);
  stmt = lt_store_stmt (self,
      "SELECT o.state FROM outbox o JOIN tickets t ON t.id = o.ticket_id"
      " WHERE t.receipt = ?1 AND o.kind = ?2 ORDER BY o.id DESC LIMIT 1", error);
  if (stmt == NULL)
    {
      g_rec_mutex_unlock (&self->lock);
      return FALSE;
    }
  lt_store_bind_text (stmt, 1, receipt);
  lt_store_bind_text (stmt, 2, kind);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    found = lt_outbox_state_from_string ((const char *) sqlite3_column_text (stmt, 0), state);
  sqlite3_reset (stmt);
  g_rec_mutex_unlock (&self->lock);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return lt_store_fail (self, rc, _("读取待发短信"), error), FALSE;
  return found;
}

/* Runs one UPDATE of the outbox binding ?1 = @id, ?2 = @a, ?3 = @b, ?4 =
 * @text; a statement that lacks one of them ignores it (SQLITE_RANGE). */
static gboolean
update_message (LtStore *self, const char *sql, gint64 id, gint64 a, gint64 b,
                const char *text, GError **error)
{
  sqlite3_stmt *stmt;
  gboolean ok;

  if (!lt_store_write_begin (self, error))
    return FALSE;
  stmt = lt_store_stmt (self, sql, error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, a);
      sqlite3_bind_int64 (stmt, 3, b);
      lt_store_bind_text (stmt, 4, text);
      ok = lt_store_step_done (self, stmt, _("更新待发短信"), error);
    }
  return lt_store_write_end (self, ok, ok ? error : NULL);
}

/* Leases that ended by @now give their messages back to the queue. */
static gboolean
requeue_expired (LtStore *self, gint64 now, GError **error)
{
  guint n;

  if (!update_message (self,
        "UPDATE outbox SET state = 'queued', lease_holder = NULL, lease_until = NULL"
        " WHERE state = 'sending' AND lease_until <= ?2", 0, now, 0, NULL, error))
    return FALSE;
  n = (guint) sqlite3_changes (self->db);
  if (n > 0)
    g_message ("%u message(s) whose send lease ended without a report were queued again", n);
  return TRUE;
}

/* The due queued messages, oldest due first, at most @max. */
static GPtrArray *
due_messages (LtStore *self, guint max, gint64 now, GError **error)
{
  g_autoptr(GPtrArray) due = g_ptr_array_new_with_free_func ((GDestroyNotify) lt_outbox_message_free);
  sqlite3_stmt *stmt = lt_store_stmt (self,
      "SELECT " OUTBOX_COLUMNS " FROM outbox o LEFT JOIN tickets t ON t.id = o.ticket_id"
      " WHERE o.state = 'queued' AND o.next_attempt_at <= ?"
      " ORDER BY o.next_attempt_at, o.id LIMIT ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, max);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (due, message_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return lt_store_fail (self, rc, _("读取待发短信"), error), NULL;
  return g_steal_pointer (&due);
}

LtOutboxMessage *
lt_store_outbox_claim (LtStore *self, gint64 now, GError **error)
{
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(LtOutboxMessage) m = NULL;
  gboolean ok;

  g_return_val_if_fail (LT_IS_STORE (self), NULL);
  if (!lt_store_write_begin (self, error))
    return NULL;
  ok = requeue_expired (self, now, error) &&
       (due = due_messages (self, 1, now, error)) != NULL;
  if (ok && due->len > 0)
    {
      m = g_ptr_array_steal_index (due, 0);
      m->state = LT_OUTBOX_SENDING;
      m->attempts++;
      ok = update_message (self,
          "UPDATE outbox SET state = 'sending', attempts = attempts + 1 WHERE id = ?1",
          m->id, 0, 0, NULL, error);
    }
  if (!lt_store_write_end (self, ok, ok ? error : NULL))
    return NULL;
  return g_steal_pointer (&m);
}

gboolean
lt_store_outbox_mark_sent (LtStore *self, gint64 id, int modem_ref, GError **error)
{
  g_return_val_if_fail (LT_IS_STORE (self), FALSE);
  return update_message (self,
      "UPDATE outbox SET state = 'sent', modem_ref = ?2, sent_at = ?3, last_error = ?4,"
      " lease_holder = NULL, lease_until = NULL WHERE id = ?1",
      id, modem_ref, lt_store_now (), NULL, error);
}

gboolean
lt_store_outbox_mark_failed (LtStore *self, gint64 id, const char *reason,
                             gint64 retry_at, GError **error)
{
  g_return_val_if_fail (LT_IS_STORE (self), FALSE);
  if (retry_at > 0)
    return update_message (self,
        "UPDATE outbox SET state = 'queued', next_attempt_at = ?2, last_error = ?4,"
        " lease_holder = NULL, lease_until = NULL WHERE id = ?1", id, retry_at, 0, reason, error);
  return update_message (self,
      "UPDATE outbox SET state = 'failed', last_error = ?4,"
      " lease_holder = NULL, lease_until = NULL WHERE id = ?1",
      id, 0, 0, reason, error);
}

GPtrArray *
lt_store_outbox_lease (LtStore *self, const char *holder, guint max, gint64 lease_seconds,
                       gint64 now, GError **error)
{
  g_autoptr(GPtrArray) leased = NULL;
  gboolean ok;

  g_return_val_if_fail (LT_IS_STORE (self), NULL);
  g_return_val_if_fail (holder != NULL && *holder != '\0', NULL);
  g_return_val_if_fail (lease_seconds > 0, NULL);
  if (!lt_store_write_begin (self, error))
    return NULL;
  ok = requeue_expired (self, now, error) &&
       (leased = due_messages (self, max, now, error)) != NULL;
  for (guint i = 0; ok && i < leased->len; i++)
    {
      LtOutboxMessage *m = g_ptr_array_index (leased, i);

      m->state = LT_OUTBOX_SENDING;
      m->attempts++;
      m->lease_holder = g_strdup (holder);
      m->lease_until = now + lease_seconds;
      ok = update_message (self,
          "UPDATE outbox SET state = 'sending', attempts = attempts + 1,"
          " lease_holder = ?4, lease_until = ?2 WHERE id = ?1",
          m->id, m->lease_until, 0, holder, error);
    }
  if (!lt_store_write_end (self, ok, ok ? error : NULL))
    return NULL;
  return g_steal_pointer (&leased);
}

/* TRUE when message @id is leased to @holder and the lease has not ended
 * at @now; otherwise FALSE with LT_STORE_ERROR_LEASE_LOST (or a database
 * error). */
static gboolean
check_lease (LtStore *self, gint64 id, const char *holder, gint64 now, GError **error)
{
  sqlite3_stmt *stmt = lt_store_stmt (self,
      "SELECT 1 FROM outbox WHERE id = ? AND state = 'sending' AND lease_holder = ?"
      " AND lease_until > ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  lt_store_bind_text (stmt, 2, holder);
  sqlite3_bind_int64 (stmt, 3, now);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    return lt_store_fail (self, rc, _("读取待发短信"), error);
  {
    g_autofree char *shown = g_strdup_printf ("%" G_GINT64_FORMAT, id);

    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_LEASE_LOST,
                 _("短信 %s 已不归“%s”发送（认领已到期或被收回），这次结果没有记录。"),
                 shown, holder ? holder : "");
  }
  return FALSE;
}

gboolean
lt_store_outbox_report (LtStore *self, gint64 id, const char *holder, gboolean sent,
                        int modem_ref, const char *reason, gint64 retry_at, GError **error)
{
  gboolean ok;

  g_return_val_if_fail (LT_IS_STORE (self), FALSE);
  if (!lt_store_write_begin (self, error))
    return FALSE;
  ok = check_lease (self, id, holder, lt_store_now (), error) &&
       (sent ? lt_store_outbox_mark_sent (self, id, modem_ref, error)
             : lt_store_outbox_mark_failed (self, id, reason, retry_at, error));
  return lt_store_write_end (self, ok, ok ? error : NULL);
}

gint64
lt_store_outbox_mark_delivery (LtStore    *self,
                               const char *phone,
                               int         modem_ref,
                               gboolean    delivered,
                               gint64      at,
                               GError    **error)
{
  sqlite3_stmt *stmt;
  gint64 id = 0, ticket_id = 0;
  g_autofree char *kind = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (LT_IS_STORE (self), 0);
  if (!lt_store_write_begin (self, error))
    return 0;
  stmt = lt_store_stmt (self,
      "SELECT id, coalesce (ticket_id, 0), kind FROM outbox WHERE phone = ? AND modem_ref = ?"
      " AND state = 'sent' AND delivery IS NULL ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    goto out;
  lt_store_bind_text (stmt, 1, phone);
  sqlite3_bind_int (stmt, 2, modem_ref);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      ticket_id = sqlite3_column_int64 (stmt, 1);
      kind = lt_store_column_dup (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      lt_store_fail (self, rc, _("读取待发短信"), error);
      goto out;
    }
  ok = TRUE;
  if (id == 0)
    goto out;
  ok = update_message (self,
      "UPDATE outbox SET delivery = ?4, delivered_at = ?2 WHERE id = ?1",
      id, at, 0, delivered ? "delivered" : "failed", error);
  if (ok && ticket_id != 0)
    {
      /* The staff desk follows a ticket by its history: the resident
       * has the notice, like a parcel signed for. */
      const char *what = g_strcmp0 (kind, "closure") == 0 ? _("办结通知")
                         : g_strcmp0 (kind, "receipt") == 0 ? _("回执短信") : _("短信");

      ok = lt_store_add_event (self, ticket_id, at, delivered ? "delivered" : "undelivered",
                               "sms", what, error);
    }
out:
  if (!lt_store_write_end (self, ok, ok ? error : NULL))
    return 0;
  return ok ? id : 0;
}

guint
lt_store_outbox_recover (LtStore *self, GError **error)
{
  guint n = 0;

  g_return_val_if_fail (LT_IS_STORE (self), 0);
  if (!lt_store_write_begin (self, error))
    return 0;
  if (!update_message (self,
        "UPDATE outbox SET state = 'queued' WHERE state = 'sending' AND lease_holder IS NULL",
        0, 0, 0, NULL, error))
    {
      lt_store_write_end (self, FALSE, NULL);
      return 0;
    }
  n = (guint) sqlite3_changes (self->db);
  if (!lt_store_write_end (self, TRUE, error))
    return 0;
  if (n > 0)
    g_message ("%u message(s) interrupted while sending were queued again", n);
  return n;
}

gint64
lt_store_outbox_next_due (LtStore *self, gint64 now, GError **error)
{
  sqlite3_stmt *stmt;
  gint64 due = -1;
  int rc;

  g_return_val_if_fail (LT_IS_STORE (self), -1);
  g_rec_mutex_lock (&self->lock);
  stmt = lt_store_stmt (self,
      "SELECT min (next_attempt_at) FROM outbox WHERE state = 'queued'", error);
  if (stmt != NULL)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        due = MAX (0, sqlite3_column_int64 (stmt, 0) - now);
      else if (rc != SQLITE_ROW)
        lt_store_fail (self, rc, _("读取待发短信"), error);
      sqlite3_reset (stmt);
    }
  g_rec_mutex_unlock (&self->lock);
  return due;
}
