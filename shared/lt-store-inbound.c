/* lt-store-inbound.c — inbound SMS log and per-number contact state.
 *
 * Every function here opens a write transaction of its own (a savepoint
 * when the SMS listener already holds one), so the listener can store a
 * message, change a ticket and queue its reply in one commit. */

#define G_LOG_DOMAIN "lt-store"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "lt-inbound.h"
#include "lt-store-private.h"

/* How far back a leftover part of a stored message is looked for. */
#define REMNANT_HORIZON (2 * 24 * 3600)

static const char *const kind_names[] = {
  [LT_INBOUND_TEXT] = "text",
  [LT_INBOUND_DELIVERY_REPORT] = "delivery-report",
  [LT_INBOUND_MMS_NOTIFICATION] = "mms-notification",
  [LT_INBOUND_WAP_PUSH] = "wap-push",
  [LT_INBOUND_BINARY] = "binary",
  [LT_INBOUND_UNREADABLE] = "unreadable",
};

const char *
lt_inbound_kind_to_string (LtInboundKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), "text");
  return kind_names[kind];
}

gboolean
lt_inbound_kind_from_string (const char *s, LtInboundKind *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (s, kind_names[i]) == 0)
      {
        *out = (LtInboundKind) i;
        return TRUE;
      }
  return FALSE;
}

gint64
lt_store_inbound_add (LtStore         *self,
                      const LtInbound *in,
                      GError         **error)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (LT_IS_STORE (self), 0);
  g_return_val_if_fail (in != NULL && in->dedupe_key && in->sender && in->text, 0);

  if (!lt_store_write_begin (self, error))
    return 0;
  stmt = lt_store_stmt (self,
                        "INSERT INTO inbound (dedupe_key, sender, sent_at, received_at,"
                        " text, parts, incomplete, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                        " ON CONFLICT (dedupe_key) DO NOTHING", error);
  if (stmt != NULL)
    {
      lt_store_bind_text (stmt, 1, in->dedupe_key);
      lt_store_bind_text (stmt, 2, in->sender);
      if (in->sent_at > 0)
        sqlite3_bind_int64 (stmt, 3, in->sent_at);
      sqlite3_bind_int64 (stmt, 4, in->received_at);
      lt_store_bind_text (stmt, 5, in->text);
      sqlite3_bind_int (stmt, 6, (int) MAX (in->parts, 1));
      sqlite3_bind_int (stmt, 7, in->incomplete ? 1 : 0);
      lt_store_bind_text (stmt, 8, lt_inbound_kind_to_string (in->kind));
      if (lt_store_step_done (self, stmt, _("保存收到的短信"), error))
        {
          if (sqlite3_changes (self->db) == 0)
            g_set_error_literal (error, LT_STORE_ERROR, LT_STORE_ERROR_DUPLICATE,
                                 _("这条短信已经保存过了。"));
          else
            {
              id = sqlite3_last_insert_rowid (self->db);
              ok = TRUE;
            }
        }
    }
  if (!lt_store_write_end (self, ok, ok ? error : NULL))
    return 0;
  return id;
}

gboolean
lt_store_inbound_set_result (LtStore    *self,
                             gint64      id,
                             const char *action,
                             const char *receipt,
                             GError    **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (LT_IS_STORE (self), FALSE);

  if (!lt_store_write_begin (self, error))
    return FALSE;
  stmt = lt_store_stmt (self,
                        "UPDATE inbound SET action = ?,"
                        " ticket_id = (SELECT id FROM tickets WHERE receipt = ?)"
                        " WHERE id = ?", error);
  if (stmt != NULL)
    {
      lt_store_bind_text (stmt, 1, action);
      lt_store_bind_text (stmt, 2, receipt);
      sqlite3_bind_int64 (stmt, 3, id);
      ok = lt_store_step_done (self, stmt, _("保存收到的短信"), error);
    }
  return lt_store_write_end (self, ok, ok ? error : NULL);
}

gboolean
lt_store_inbound_is_remnant (LtStore    *self,
                             const char *sender,
                             guint       ref,
                             guint       total,
                             GPtrArray  *fragments,
                             gint64      now,
                             gboolean   *out,
                             GError    **error)
{
  g_autofree char *prefix = g_strdup_printf ("%s|%u/%u|", sender, ref, total);
  sqlite3_stmt *stmt;
  gboolean found = FALSE;
  int rc;

  g_return_val_if_fail (LT_IS_STORE (self), FALSE);

  g_rec_mutex_lock (&self->lock);
  stmt = lt_store_stmt (self,
                        "SELECT text FROM inbound WHERE sender = ?1"
                        " AND substr (dedupe_key, 1, length (?2)) = ?2"
                        " AND received_at >= ?3", error);
  if (stmt == NULL)
    {
      g_rec_mutex_unlock (&self->lock);
      return FALSE;
    }
  lt_store_bind_text (stmt, 1, sender);
  lt_store_bind_text (stmt, 2, prefix);
  sqlite3_bind_int64 (stmt, 3, now - REMNANT_HORIZON);
  while (!found && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 0);
      gboolean all = fragments->len > 0;

      for (guint i = 0; all && i < fragments->len; i++)
        all = strstr (text, fragments->pdata[i]) != NULL;
      found = all;
    }
  if (!found && rc != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      g_rec_mutex_unlock (&self->lock);
      return lt_store_fail (self, rc, _("读取收到的短信"), error);
    }
  sqlite3_reset (stmt);
  g_rec_mutex_unlock (&self->lock);
  *out = found;
  return TRUE;
}

/* Runs a query that returns one text column or none, binding ?1 = @phone,
 * ?2 = @a and ?3 = @b (a statement that lacks one ignores it). */
static char *
query_text (LtStore    *self,
            const char *sql,
            const char *phone,
            gint64      a,
            gint64      b,
            GError    **error)
{
  sqlite3_stmt *stmt;
  char *result = NULL;
  int rc;

  g_rec_mutex_lock (&self->lock);
  stmt = lt_store_stmt (self, sql, error);
  if (stmt == NULL)
    {
      g_rec_mutex_unlock (&self->lock);
      return NULL;
    }
  lt_store_bind_text (stmt, 1, phone);
  sqlite3_bind_int64 (stmt, 2, a);
  sqlite3_bind_int64 (stmt, 3, b);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    result = lt_store_column_dup (stmt, 0);
  else if (rc != SQLITE_DONE)
    lt_store_fail (self, rc, _("查找工单"), error);
  sqlite3_reset (stmt);
  g_rec_mutex_unlock (&self->lock);
  return result;
}

char *
lt_store_inbound_recent_ticket (LtStore    *self,
                                const char *phone,
                                gint64      since,
                                gint64      until,
                                GError    **error)
{
  g_return_val_if_fail (LT_IS_STORE (self), NULL);
  /* By the time the opening text was sent (or read, when the network gave
   * no usable time), never by when the ticket row was written: texts read
   * together after an outage keep their own times. */
  return query_text (self,
                     "SELECT t.receipt, (SELECT max (coalesce (i.sent_at, i.received_at))"
                     "   FROM inbound i WHERE i.ticket_id = t.id AND i.action = 'new-ticket')"
                     "   AS opened"
                     " FROM tickets t"
                     " WHERE t.phone = ?1 AND t.channel = 'sms' AND t.status <> 'closed'"
                     " AND opened BETWEEN ?2 AND ?3"
                     " ORDER BY opened DESC, t.id DESC LIMIT 1",
                     phone, since, until, error);
}

char *
lt_store_inbound_rating_target (LtStore    *self,
                                const char *phone,
                                gint64      at,
                                GError    **error)
{
  g_return_val_if_fail (LT_IS_STORE (self), NULL);
  /* "Not rated since it was last closed": a ticket rated 3 is reopened and
   * may be closed again, and then its new closure notice asks anew. A
   * digit sent before the notice went out cannot answer it; a minute's
   * grace covers the network's clock against ours. */
  return query_text (self,
                     "SELECT t.receipt FROM tickets t WHERE t.phone = ?1"
                     " AND t.status = 'closed'"
                     " AND EXISTS (SELECT 1 FROM outbox o WHERE o.ticket_id = t.id"
                     "             AND o.kind = 'closure' AND o.state = 'sent'"
                     "             AND o.sent_at <= ?2 + 60)"
                     " AND NOT EXISTS (SELECT 1 FROM events r WHERE r.ticket_id = t.id"
                     "   AND r.kind = 'rated' AND r.id > (SELECT max (c.id) FROM events c"
                     "     WHERE c.ticket_id = t.id AND c.kind = 'closed'))"
                     " ORDER BY t.closed_at DESC, t.id DESC LIMIT 1",
                     phone, at, 0, error);
}

static gboolean
ensure_contact (LtStore *self, const char *phone, GError **error)
{
  sqlite3_stmt *stmt = lt_store_stmt (self,
                                      "INSERT INTO contacts (phone) VALUES (?)"
                                      " ON CONFLICT (phone) DO NOTHING", error);

  if (stmt == NULL)
    return FALSE;
  lt_store_bind_text (stmt, 1, phone);
  return lt_store_step_done (self, stmt, _("保存联系人"), error);
}

gboolean
lt_store_contact_note_text (LtStore             *self,
                            const char          *phone,
                            const char          *text,
                            gint64               now,
                            const LtReplyLimits *limits,
                            LtContactState      *out,
                            GError             **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;
  gboolean opted_out = FALSE;
  gint64 window_start = 0, muted_until = 0;
  gint64 replies = 0, repeats = 0;
  g_autofree char *last_text = NULL;

  g_return_val_if_fail (LT_IS_STORE (self), FALSE);
  g_return_val_if_fail (limits != NULL && out != NULL, FALSE);

  if (!lt_store_write_begin (self, error))
    return FALSE;
  if (!ensure_contact (self, phone, error))
    goto out;
  stmt = lt_store_stmt (self,
                        "SELECT opted_out, window_start, replies_in_window, last_text,"
                        " repeat_count, muted_until FROM contacts WHERE phone = ?", error);
  if (stmt == NULL)
    goto out;
  lt_store_bind_text (stmt, 1, phone);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      opted_out = sqlite3_column_int (stmt, 0) != 0;
      window_start = sqlite3_column_int64 (stmt, 1);
      replies = sqlite3_column_int64 (stmt, 2);
      last_text = lt_store_column_dup (stmt, 3);
      repeats = sqlite3_column_int64 (stmt, 4);
      muted_until = sqlite3_column_int64 (stmt, 5);
    }
  sqlite3_reset (stmt);

  if (now - window_start >= limits->window || now < window_start)
    {
      window_start = now;
      replies = 0;
    }
  /* repeat_count counts the sends of the same text beyond the first. */
  repeats = g_strcmp0 (last_text, text) == 0 ? repeats + 1 : 0;
  if (limits->repeat_limit > 0 && repeats + 1 >= limits->repeat_limit)
    muted_until = now + limits->mute_for;

  stmt = lt_store_stmt (self,
                        "UPDATE contacts SET window_start = ?, replies_in_window = ?,"
                        " last_text = ?, repeat_count = ?, muted_until = ? WHERE phone = ?",
                        error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, window_start);
  sqlite3_bind_int64 (stmt, 2, replies);
  lt_store_bind_text (stmt, 3, text);
  sqlite3_bind_int64 (stmt, 4, repeats);
  sqlite3_bind_int64 (stmt, 5, muted_until);
  lt_store_bind_text (stmt, 6, phone);
  if (!lt_store_step_done (self, stmt, _("保存联系人"), error))
    goto out;

  out->opted_out = opted_out;
  out->muted = muted_until > now;
  out->replies_left = replies < limits->cap ? (guint) (limits->cap - replies) : 0;
  ok = TRUE;
out:
  return lt_store_write_end (self, ok, ok ? error : NULL);
}

gboolean
lt_store_contact_set_opted_out (LtStore    *self,
                                const char *phone,
                                gboolean    opted_out,
                                GError    **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (LT_IS_STORE (self), FALSE);

  if (!lt_store_write_begin (self, error))
    return FALSE;
  if (ensure_contact (self, phone, error) &&
      (stmt = lt_store_stmt (self, "UPDATE contacts SET opted_out = ? WHERE phone = ?",
                             error)) != NULL)
    {
      sqlite3_bind_int (stmt, 1, opted_out ? 1 : 0);
      lt_store_bind_text (stmt, 2, phone);
      ok = lt_store_step_done (self, stmt, _("保存联系人"), error);
    }
  return lt_store_write_end (self, ok, ok ? error : NULL);
}

gboolean
lt_store_contact_get (LtStore        *self,
                      const char     *phone,
                      gint64          now,
                      LtContactState *out,
                      GError        **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (LT_IS_STORE (self), FALSE);

  memset (out, 0, sizeof *out);
  g_rec_mutex_lock (&self->lock);
  stmt = lt_store_stmt (self,
                        "SELECT opted_out, muted_until FROM contacts WHERE phone = ?", error);
  if (stmt == NULL)
    {
      g_rec_mutex_unlock (&self->lock);
      return FALSE;
    }
  lt_store_bind_text (stmt, 1, phone);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      out->opted_out = sqlite3_column_int (stmt, 0) != 0;
      out->muted = sqlite3_column_int64 (stmt, 1) > now;
    }
  sqlite3_reset (stmt);
  g_rec_mutex_unlock (&self->lock);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return lt_store_fail (self, rc, _("读取联系人"), error);
  return TRUE;
}

gint64
lt_store_inbound_outbox_mark (LtStore *self, GError **error)
{
  sqlite3_stmt *stmt;
  gint64 mark = -1;
  int rc;

  g_return_val_if_fail (LT_IS_STORE (self), -1);

  g_rec_mutex_lock (&self->lock);
  stmt = lt_store_stmt (self, "SELECT coalesce (max (id), 0) FROM outbox", error);
  if (stmt != NULL)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        mark = sqlite3_column_int64 (stmt, 0);
      else
        lt_store_fail (self, rc, _("读取待发短信"), error);
      sqlite3_reset (stmt);
    }
  g_rec_mutex_unlock (&self->lock);
  return mark;
}

gboolean
lt_store_contact_settle_replies (LtStore    *self,
                                 const char *phone,
                                 gint64      mark,
                                 gboolean    allowed,
                                 const char *reason,
                                 guint      *n_replies,
                                 GError    **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;
  guint n = 0;

  g_return_val_if_fail (LT_IS_STORE (self), FALSE);

  if (!lt_store_write_begin (self, error))
    return FALSE;
  stmt = lt_store_stmt (self,
                        "SELECT count(*) FROM outbox WHERE id > ? AND phone = ?"
                        " AND state = 'queued'", error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, mark);
  lt_store_bind_text (stmt, 2, phone);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);

  if (n > 0 && !allowed)
    stmt = lt_store_stmt (self,
                          "UPDATE outbox SET state = 'failed', last_error = ?3"
                          " WHERE id > ?1 AND phone = ?2 AND state = 'queued'", error);
  else if (n > 0)
    stmt = lt_store_stmt (self,
                          "UPDATE contacts SET replies_in_window = replies_in_window + ?1"
                          " WHERE phone = ?2", error);
  else
    stmt = NULL;
  if (n > 0)
    {
      if (stmt == NULL)
        goto out;
      sqlite3_bind_int64 (stmt, 1, allowed ? (gint64) n : mark);
      lt_store_bind_text (stmt, 2, phone);
      if (!allowed)
        lt_store_bind_text (stmt, 3, reason);
      if (!lt_store_step_done (self, stmt, _("保存待发短信"), error))
        goto out;
    }
  if (n_replies != NULL)
    *n_replies = n;
  ok = TRUE;
out:
  return lt_store_write_end (self, ok, ok ? error : NULL);
}
