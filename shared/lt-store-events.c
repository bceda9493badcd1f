/* lt-store-events.c — the timeline of every ticket at once, by time.
 *
 * A ticket's own events come with lt_store_get(); this file answers the
 * other question, "what changed since then?", which a city's platform asks
 * when it follows our tickets (Open311's servicerequestupdates). Each event
 * carries the status its ticket had right after it, so a reader never has
 * to replay a timeline to know whether the ticket was open at that point. */

#define G_LOG_DOMAIN "lt-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lt-store-private.h"

void
lt_store_event_free (LtStoreEvent *self)
{
  if (self == NULL)
    return;
  g_free (self->receipt);
  g_free (self->kind);
  g_free (self->actor);
  g_free (self->note);
  g_free (self->phone);
  g_free (self);
}

/* The status after an event is the one set by the latest state-changing
 * event up to it: created → received, and so on. */
#define EVENTS_SQL \
  "SELECT e.id, t.receipt, e.at, e.kind, e.actor, e.note," \
  " (SELECT s.kind FROM events s WHERE s.ticket_id = e.ticket_id AND s.id <= e.id" \
  "    AND s.kind IN ('created','transferred','closed','reopened')" \
  "  ORDER BY s.id DESC LIMIT 1), t.phone" \
  " FROM events e JOIN tickets t ON t.id = e.ticket_id" \
  " WHERE e.at >= ?1 AND e.at < ?2 ORDER BY e.at, e.id LIMIT ?3"

static LtTicketStatus
status_after (const char *kind)
{
  if (g_strcmp0 (kind, "transferred") == 0)
    return LT_STATUS_TRANSFERRED;
  if (g_strcmp0 (kind, "closed") == 0)
    return LT_STATUS_CLOSED;
  if (g_strcmp0 (kind, "reopened") == 0)
    return LT_STATUS_REOPENED;
  return LT_STATUS_RECEIVED;
}

static LtStoreEvent *
event_from_row (sqlite3_stmt *stmt)
{
  LtStoreEvent *e = g_new0 (LtStoreEvent, 1);

  e->id = sqlite3_column_int64 (stmt, 0);
  e->receipt = lt_store_column_dup (stmt, 1);
  e->at = sqlite3_column_int64 (stmt, 2);
  e->kind = lt_store_column_dup (stmt, 3);
  e->actor = lt_store_column_dup (stmt, 4);
  e->note = lt_store_column_dup (stmt, 5);
  e->status = status_after ((const char *) sqlite3_column_text (stmt, 6));
  e->phone = lt_store_column_dup (stmt, 7);
  return e;
}

GPtrArray *
lt_store_events_since (LtStore *self, gint64 since, gint64 until, guint limit, GError **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) lt_store_event_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (LT_IS_STORE (self), NULL);
  g_rec_mutex_lock (&self->lock);
  stmt = lt_store_stmt (self, EVENTS_SQL, error);
  if (stmt == NULL)
    {
      g_rec_mutex_unlock (&self->lock);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, until > 0 ? until : G_MAXINT64);
  sqlite3_bind_int64 (stmt, 3, limit > 0 ? (gint64) limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (events, event_from_row (stmt));
  sqlite3_reset (stmt);
  g_rec_mutex_unlock (&self->lock);
  if (rc != SQLITE_DONE)
    return lt_store_fail (self, rc, _("读取工单记录"), error), NULL;
  return g_steal_pointer (&events);
}
