/* lt-store-supervision.c — reminders and overdue notices (督办).
 *
 * Called on a timer by whatever owns the store (laiting-sms's loop, the
 * hub). A notice is claimed by inserting (ticket, kind, day, phone) into
 * `supervision`; only the caller whose insert took queues the SMS, in the
 * same transaction, so restarts and concurrent callers cannot send one
 * twice. The day is the local day the notice will be sent on: a notice
 * queued at 23:00 goes at the end of the quiet hours the next morning and
 * counts for that morning's day. */

#define G_LOG_DOMAIN "lt-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lt-sms-text.h"
#include "lt-store-private.h"
#include "lt-supervision.h"

typedef struct {
  gint64  id;
  char   *receipt;
  char   *category;
  gint64  due_at;
  char   *assignee;
  char   *officer;
  char   *officer_phone;   /* NULL when returned or never sent to an officer */
} Due;

static void
due_free (Due *d)
{
  g_free (d->receipt);
  g_free (d->category);
  g_free (d->assignee);
  g_free (d->officer);
  g_free (d->officer_phone);
  g_free (d);
}

static char *
local_day (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (t);

  return g_date_time_format (dt, "%Y-%m-%d");
}

static gint64
day_end (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (t);
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (dt),
                                                         g_date_time_get_month (dt),
                                                         g_date_time_get_day_of_month (dt), 0, 0, 0);
  g_autoptr(GDateTime) next = g_date_time_add_days (midnight, 1);

  return g_date_time_to_unix (next);
}

/* Open tickets due before the end of @until's day. */
static GPtrArray *
load_due (LtStore *self, gint64 until, GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) due_free);
  sqlite3_stmt *stmt = lt_store_stmt (self,
      "SELECT id, receipt, category, due_at, assignee, officer,"
      " CASE WHEN returned_at IS NULL THEN officer_phone END"
      " FROM tickets WHERE status <> 'closed' AND due_at < ? ORDER BY due_at, id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, until);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Due *d = g_new0 (Due, 1);

      d->id = sqlite3_column_int64 (stmt, 0);
      d->receipt = lt_store_column_dup (stmt, 1);
      d->category = lt_store_column_dup (stmt, 2);
      d->due_at = sqlite3_column_int64 (stmt, 3);
      d->assignee = lt_store_column_dup (stmt, 4);
      d->officer = lt_store_column_dup (stmt, 5);
      d->officer_phone = lt_store_column_dup (stmt, 6);
      g_ptr_array_add (list, d);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return lt_store_fail (self, rc, _("读取到期工单"), error), NULL;
  return g_steal_pointer (&list);
}

/* Claims (ticket, kind, day, phone); TRUE in @claimed when this call is
 * the one that sends it. */
static gboolean
claim (LtStore *self, gint64 ticket_id, const char *kind, const char *day, const char *phone,
       gboolean *claimed, GError **error)
{
  sqlite3_stmt *stmt = lt_store_stmt (self,
      "INSERT OR IGNORE INTO supervision (ticket_id, kind, day, phone) VALUES (?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  lt_store_bind_text (stmt, 2, kind);
  lt_store_bind_text (stmt, 3, day);
  lt_store_bind_text (stmt, 4, phone);
  if (!lt_store_step_done (self, stmt, _("保存督办记录"), error))
    return FALSE;
  *claimed = sqlite3_changes (self->db) == 1;
  return TRUE;
}

static gboolean
send_once (LtStore *self, const Due *d, const char *kind, const char *day, const char *phone,
           char *body, gint64 send_at, guint *n, GError **error)
{
  g_autofree char *owned = body;
  gboolean claimed = FALSE;
  sqlite3_stmt *stmt;
  gint64 outbox_id;

  if (!claim (self, d->id, kind, day, phone, &claimed, error))
    return FALSE;
  if (!claimed)
    return TRUE;
  outbox_id = lt_store_outbox_queue_at (self, d->id, phone, kind, owned, send_at, error);
  if (outbox_id == 0)
    return FALSE;
  stmt = lt_store_stmt (self,
      "UPDATE supervision SET outbox_id = ? WHERE ticket_id = ? AND kind = ? AND day = ? AND phone = ?",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, outbox_id);
  sqlite3_bind_int64 (stmt, 2, d->id);
  lt_store_bind_text (stmt, 3, kind);
  lt_store_bind_text (stmt, 4, day);
  lt_store_bind_text (stmt, 5, phone);
  (*n)++;
  return lt_store_step_done (self, stmt, _("保存督办记录"), error);
}

static gboolean
supervise_one (LtStore *self, const Due *d, gint64 now, gint64 send_at, const char *day,
               guint *n, GError **error)
{
  LtConfig *config = self->config;
  const char *signature = lt_config_get_signature (config);
  const char *supervisor = lt_config_get_supervisor_phone (config);
  const LtCategory *c = lt_config_find_category (config, d->category);
  const char *category = c ? c->name : d->category;
  g_autofree char *due_day = local_day (d->due_at);
  guint days;

  if (d->due_at >= now)
    {
      /* Not overdue yet: remind on the morning of the due day. */
      if (d->officer_phone == NULL || !g_str_equal (due_day, day) || d->due_at <= send_at)
        return TRUE;
      return send_once (self, d, "reminder", day, d->officer_phone,
                        lt_sms_text_officer_reminder (signature, d->receipt, category),
                        send_at, n, error);
    }
  days = MAX (1, lt_days_overdue (d->due_at, send_at));
  if (d->officer_phone != NULL &&
      !send_once (self, d, "overdue", day, d->officer_phone,
                  lt_sms_text_officer_overdue (signature, d->receipt, category, days),
                  send_at, n, error))
    return FALSE;
  if (supervisor != NULL &&
      !send_once (self, d, "overdue", day, supervisor,
                  lt_sms_text_supervisor_overdue (signature, d->receipt, days,
                                                  d->officer ? d->officer : d->assignee,
                                                  d->officer_phone),
                  send_at, n, error))
    return FALSE;
  return TRUE;
}

gboolean
lt_store_supervise (LtStore *self, gint64 now, guint *n_queued, GError **error)
{
  g_autoptr(GPtrArray) due = NULL;
  g_autofree char *day = NULL;
  gint64 send_at;
  guint n = 0;
  gboolean ok;

  g_return_val_if_fail (LT_IS_STORE (self), FALSE);
  if (n_queued != NULL)
    *n_queued = 0;
  if (!lt_store_write_begin (self, error))
    return FALSE;
  send_at = lt_store_notice_time (self, now);
  day = local_day (send_at);
  due = load_due (self, day_end (send_at), error);
  ok = due != NULL;
  for (guint i = 0; ok && i < due->len; i++)
    ok = supervise_one (self, due->pdata[i], now, send_at, day, &n, error);
  if (!lt_store_write_end (self, ok, ok ? error : NULL))
    return FALSE;
  if (n > 0)
    g_message ("supervision: %u reminder(s) and overdue notice(s) queued", n);
  if (n_queued != NULL)
    *n_queued = n;
  return TRUE;
}
