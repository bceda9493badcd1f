/* bench-fill.c — a store filled with years of tickets, fast, for the
 * benchmarks that need a big database (one INSERT … SELECT in SQL rather
 * than a million submits). */

#include "config.h"

#include "bench-fill.h"
#include "lt-receipt.h"
#include "lt-store-private.h"

/* receipt(origin, sequence): the Damm-checked number, for filling in SQL. */
static void
receipt_function (sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
  char out[LT_RECEIPT_LEN + 1];

  if (!lt_receipt_build ((guint) sqlite3_value_int (argv[0]), (guint) sqlite3_value_int (argv[1]), out, NULL))
    {
      sqlite3_result_error (ctx, "receipt out of range", -1);
      return;
    }
  sqlite3_result_text (ctx, out, -1, SQLITE_TRANSIENT);
}

/* N tickets spread evenly over the last three years, ending now; each with a
 * created event, older ones transferred and closed. Origins 20–29 keep the
 * sequences within a million each. */
void
bench_fill (LtStore *store, gint64 n, gint64 now)
{
  const gint64 span = 3 * 365 * 24 * 3600;
  g_autofree char *sql = g_strdup_printf (
      "WITH RECURSIVE seq (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < %" G_GINT64_FORMAT ")"
      " INSERT INTO tickets (id, receipt, status, channel, category, text, location, phone,"
      "  phone_is_mobile, assignee, created_at, updated_at, due_at, closed_at)"
      " SELECT i + 1, receipt (20 + i %% 10, i / 10 + 1),"
      "  CASE WHEN i %% 7 = 0 THEN 'received' WHEN i %% 7 = 1 THEN 'transferred'"
      "   WHEN i %% 97 = 2 THEN 'reopened' ELSE 'closed' END,"
      "  CASE i %% 3 WHEN 0 THEN 'kiosk' WHEN 1 THEN 'sms' ELSE 'staff' END,"
      "  CASE i %% 5 WHEN 0 THEN 'roads' WHEN 1 THEN 'noise' WHEN 2 THEN 'property'"
      "   WHEN 3 THEN 'sanitation' ELSE 'elderly' END,"
      "  '小区' || (i %% 50) || '号楼附近的路灯坏了好几天，晚上出门很不方便，请尽快修理。',"
      "  (i %% 50) || '号楼', '139' || printf ('%%08d', i %% 100000000), 1,"
      "  CASE WHEN i %% 7 = 0 THEN NULL ELSE '城管执法队' END,"
      "  %" G_GINT64_FORMAT " - (%" G_GINT64_FORMAT " - i) * %" G_GINT64_FORMAT " / %" G_GINT64_FORMAT ","
      "  %" G_GINT64_FORMAT " - (%" G_GINT64_FORMAT " - i) * %" G_GINT64_FORMAT " / %" G_GINT64_FORMAT " + 3600,"
      "  %" G_GINT64_FORMAT " - (%" G_GINT64_FORMAT " - i) * %" G_GINT64_FORMAT " / %" G_GINT64_FORMAT " + 5 * 86400,"
      "  CASE WHEN i %% 7 >= 2 THEN %" G_GINT64_FORMAT " - (%" G_GINT64_FORMAT " - i) * %" G_GINT64_FORMAT " / %" G_GINT64_FORMAT " + 86400 END"
      " FROM seq;"
      " INSERT INTO events (ticket_id, at, kind, actor, note)"
      "  SELECT id, created_at, 'created', '自助机', NULL FROM tickets;"
      " INSERT INTO events (ticket_id, at, kind, actor, note)"
      "  SELECT id, created_at + 3600, 'transferred', '王芳', assignee FROM tickets WHERE assignee IS NOT NULL;"
      " INSERT INTO events (ticket_id, at, kind, actor, note)"
      "  SELECT id, closed_at, 'closed', '王芳', '已修复' FROM tickets WHERE closed_at IS NOT NULL;",
      n - 1,
      now, n, span, n, now, n, span, n, now, n, span, n, now, n, span, n);
  char *errmsg = NULL;

  sqlite3_create_function (store->db, "receipt", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                           NULL, receipt_function, NULL, NULL);
  if (sqlite3_exec (store->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_exec (store->db, sql, NULL, NULL, &errmsg) != SQLITE_OK ||
      sqlite3_exec (store->db, "COMMIT; ANALYZE", NULL, NULL, &errmsg) != SQLITE_OK)
    g_error ("fill failed: %s", errmsg);
}

