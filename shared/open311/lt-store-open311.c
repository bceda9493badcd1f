/* lt-store-open311.c — the store's side of updates from the city's platform.
 *
 * Lives with Open311 rather than with the store's other files because only
 * Open311 speaks of update_ids; it reaches under the store's API (its
 * transactions and statements) like the store's own files do. */

#define G_LOG_DOMAIN "lt-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lt-store-open311.h"
#include "lt-store-private.h"

/* What an update asked for, to tell a repeat from a reuse of its id. */
static char *
fingerprint (const char *receipt, gboolean close, const char *note)
{
  g_autofree char *all = g_strdup_printf ("%s\n%d\n%s", receipt, close, note);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, all, -1);
}

/* Looks @update_id up: TRUE with @found FALSE when it is new. */
static gboolean
find_applied (LtStore *self, const char *update_id, gboolean *found, gint64 *event_id,
              char **print, GError **error)
{
  sqlite3_stmt *stmt = lt_store_stmt (self,
      "SELECT event_id, fingerprint FROM open311_updates WHERE update_id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  lt_store_bind_text (stmt, 1, update_id);
  rc = sqlite3_step (stmt);
  *found = rc == SQLITE_ROW;
  if (*found)
    {
      *event_id = sqlite3_column_int64 (stmt, 0);
      *print = lt_store_column_dup (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return lt_store_fail (self, rc, _("读取平台更新记录"), error);
  return TRUE;
}

static gint64
latest_event (LtStore *self, gint64 ticket_id, GError **error)
{
  sqlite3_stmt *stmt = lt_store_stmt (self, "SELECT max(id) FROM events WHERE ticket_id = ?", error);
  gint64 id = 0;
  int rc;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    lt_store_fail (self, rc, _("读取工单记录"), error);
  return id;
}

static gboolean
remember (LtStore *self, const char *update_id, gint64 ticket_id, gint64 event_id,
          const char *print, GError **error)
{
  sqlite3_stmt *stmt = lt_store_stmt (self,
      "INSERT INTO open311_updates (update_id, ticket_id, event_id, fingerprint, applied_at)"
      " VALUES (?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  lt_store_bind_text (stmt, 1, update_id);
  sqlite3_bind_int64 (stmt, 2, ticket_id);
  sqlite3_bind_int64 (stmt, 3, event_id);
  lt_store_bind_text (stmt, 4, print);
  sqlite3_bind_int64 (stmt, 5, lt_store_now ());
  return lt_store_step_done (self, stmt, _("保存平台更新记录"), error);
}

/* Runs the state machine's call that fits @close and the ticket's state. */
static gboolean
apply (LtStore *self, const char *receipt, gboolean close, const char *note,
       const char *actor, GError **error)
{
  g_autoptr(LtTicket) t = lt_store_get (self, receipt, error);

  if (t == NULL)
    return FALSE;
  if (close && lt_ticket_is_open (t))
    return lt_store_close (self, receipt, note, actor, error);
  if (!close && !lt_ticket_is_open (t))
    return lt_store_reopen (self, receipt, note, actor, error);
  return lt_store_add_note (self, receipt, note, actor, error);
}

gboolean
lt_store_apply_platform_update (LtStore *self, const char *update_id, const char *receipt,
                                gboolean close, const char *note, const char *actor,
                                gint64 *event_id, gboolean *repeated, GError **error)
{
  g_autofree char *print = fingerprint (receipt, close, note);
  g_autofree char *before = NULL;
  gboolean found = FALSE, ok;
  gint64 ticket_id = 0;

  g_return_val_if_fail (LT_IS_STORE (self), FALSE);
  g_return_val_if_fail (update_id != NULL && receipt != NULL && note != NULL, FALSE);

  *repeated = FALSE;
  if (!lt_store_write_begin (self, error))
    return FALSE;
  ok = find_applied (self, update_id, &found, event_id, &before, error);
  if (ok && found)
    {
      ok = g_str_equal (before, print);
      if (!ok)
        g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_DUPLICATE,
                     _("update_id %s 已用于另一条内容不同的更新。"), update_id);
      *repeated = ok;
      return lt_store_write_end (self, ok, error);
    }
  ok = ok &&
       apply (self, receipt, close, note, actor, error) &&
       (ticket_id = lt_store_ticket_id (self, receipt, error)) != 0 &&
       (*event_id = latest_event (self, ticket_id, error)) != 0 &&
       remember (self, update_id, ticket_id, *event_id, print, error);
  if (!lt_store_write_end (self, ok, error))
    return FALSE;
  g_info ("ticket %s updated by the platform (%s)", receipt, close ? "close" : "open");
  return TRUE;
}
