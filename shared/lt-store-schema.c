/* lt-store-schema.c — the store's tables and their forward migrations.
 *
 * The schema version is PRAGMA user_version; each entry of `migrations`
 * takes the database from version i to i + 1 inside one transaction. A file
 * whose application_id is neither ours nor 0 (a fresh file) is not a laiting
 * database; a version above ours was written by a newer laiting, and we
 * refuse it rather than guess. Times are UTC unix seconds. */

#define G_LOG_DOMAIN "lt-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lt-store-private.h"

static const char *const migrations[] = {
  /* 0 → 1: the first schema. */
  "CREATE TABLE origin_seq ("
  "  origin   INTEGER PRIMARY KEY,"
  "  last     INTEGER NOT NULL"
  ");"
  "CREATE TABLE tickets ("
  "  id        INTEGER PRIMARY KEY,"
  "  receipt   TEXT NOT NULL UNIQUE,"
  "  status    TEXT NOT NULL CHECK (status IN ('received','transferred','closed','reopened')),"
  "  channel   TEXT NOT NULL CHECK (channel IN ('kiosk','sms','staff')),"
  "  category  TEXT NOT NULL,"
  "  text      TEXT NOT NULL,"
  "  location  TEXT,"
  "  phone     TEXT,"
  "  phone_is_mobile INTEGER NOT NULL DEFAULT 0,"
  "  assignee  TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  due_at    INTEGER NOT NULL,"
  "  closed_at INTEGER,"
  "  rating    INTEGER"
  ");"
  "CREATE INDEX tickets_by_created ON tickets (created_at);"
  "CREATE INDEX tickets_open_by_due ON tickets (due_at) WHERE status <> 'closed';"
  "CREATE INDEX tickets_by_phone ON tickets (phone, created_at);"
  "CREATE TABLE events ("
  "  id        INTEGER PRIMARY KEY,"
  "  ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,"
  "  at        INTEGER NOT NULL,"
  "  kind      TEXT NOT NULL,"
  "  actor     TEXT NOT NULL,"
  "  note      TEXT"
  ");"
  "CREATE INDEX events_by_ticket ON events (ticket_id, id);"
  "CREATE TABLE outbox ("
  "  id         INTEGER PRIMARY KEY,"
  "  ticket_id  INTEGER REFERENCES tickets (id) ON DELETE SET NULL,"
  "  phone      TEXT NOT NULL,"
  "  kind       TEXT NOT NULL,"
  "  body       TEXT NOT NULL,"
  "  segments   INTEGER NOT NULL,"
  "  state      TEXT NOT NULL DEFAULT 'queued'"
  "             CHECK (state IN ('queued','sending','sent','failed')),"
  "  attempts   INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  next_attempt_at INTEGER NOT NULL,"
  "  sent_at    INTEGER,"
  "  modem_ref  INTEGER,"
  "  last_error TEXT"
  ");"
  "CREATE INDEX outbox_by_ticket ON outbox (ticket_id);"
  "CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE state = 'queued';"
  /* Every inbound SMS, kept whatever became of it. dedupe_key is built from
   * sender, SMSC time, text and multipart reference, so reading the same
   * message again after a crash is harmless. */
  "CREATE TABLE inbound ("
  "  id          INTEGER PRIMARY KEY,"
  "  dedupe_key  TEXT NOT NULL UNIQUE,"
  "  sender      TEXT NOT NULL,"
  "  sent_at     INTEGER,"
  "  received_at INTEGER NOT NULL,"
  "  text        TEXT NOT NULL,"
  "  parts       INTEGER NOT NULL DEFAULT 1,"
  "  incomplete  INTEGER NOT NULL DEFAULT 0,"
  "  action      TEXT,"
  "  ticket_id   INTEGER REFERENCES tickets (id) ON DELETE SET NULL"
  ");"
  "CREATE INDEX inbound_by_sender ON inbound (sender, received_at);"
  /* Per-number state: opt-out, the hourly reply counter, repeated texts. */
  "CREATE TABLE contacts ("
  "  phone          TEXT PRIMARY KEY,"
  "  opted_out      INTEGER NOT NULL DEFAULT 0,"
  "  window_start   INTEGER NOT NULL DEFAULT 0,"
  "  replies_in_window INTEGER NOT NULL DEFAULT 0,"
  "  last_text      TEXT,"
  "  repeat_count   INTEGER NOT NULL DEFAULT 0,"
  "  muted_until    INTEGER NOT NULL DEFAULT 0"
  ");",
  /* 1 → 2: what each inbound message is. Only text is a resident
   * speaking; delivery reports, MMS notifications, WAP push, other binary
   * data and messages the modem could not read are kept and never
   * answered. */
  "ALTER TABLE inbound ADD COLUMN kind TEXT NOT NULL DEFAULT 'text'"
  "  CHECK (kind IN ('text','delivery-report','mms-notification','wap-push',"
  "                  'binary','unreadable'));",

  /* 2 → 3: officers who do the work and answer by SMS. `source` says where a row
   * came from: the CLI (kept until removed) or the [officers] group of the
   * config (synced at every open, so removing it there removes it here).
   * A department may name one officer on duty; transfers to the department
   * reach that officer. A ticket keeps the officer's name and number as
   * they were when it was transferred, for slips and reminders.
   * `supervision` holds one row per reminder or overdue notice sent, keyed
   * by ticket, kind, local day and number: inserting it in the same
   * transaction as the outbox row is what makes each notice go once. */
  "CREATE TABLE officers ("
  "  id         INTEGER PRIMARY KEY,"
  "  name       TEXT NOT NULL UNIQUE,"
  "  phone      TEXT NOT NULL UNIQUE,"
  "  department TEXT,"
  "  source     TEXT NOT NULL DEFAULT 'cli' CHECK (source IN ('cli','config'))"
  ");"
  "CREATE TABLE on_duty ("
  "  department TEXT PRIMARY KEY,"
  "  officer_id INTEGER NOT NULL REFERENCES officers (id) ON DELETE CASCADE,"
  "  source     TEXT NOT NULL DEFAULT 'cli' CHECK (source IN ('cli','config'))"
  ");"
  "ALTER TABLE tickets ADD COLUMN department TEXT;"
  "ALTER TABLE tickets ADD COLUMN officer TEXT;"
  "ALTER TABLE tickets ADD COLUMN officer_phone TEXT;"
  "ALTER TABLE tickets ADD COLUMN returned_at INTEGER;"
  "CREATE INDEX tickets_by_officer_phone ON tickets (officer_phone) WHERE status <> 'closed';"
  "CREATE TABLE supervision ("
  "  ticket_id  INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,"
  "  kind       TEXT NOT NULL,"
  "  day        TEXT NOT NULL,"
  "  phone      TEXT NOT NULL,"
  "  outbox_id  INTEGER,"
  "  PRIMARY KEY (ticket_id, kind, day, phone)"
  ");",
};

int
lt_store_schema_version (void)
{
  return (int) G_N_ELEMENTS (migrations);
}

static gboolean
read_pragma_int (LtStore *self, const char *sql, int *out, GError **error)
{
  sqlite3_stmt *stmt = lt_store_stmt (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return lt_store_fail (self, rc, _("读取数据库"), error);
  *out = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
is_empty_database (LtStore *self, gboolean *empty, GError **error)
{
  int count = 0;

  if (!read_pragma_int (self, "SELECT count(*) FROM sqlite_schema", &count, error))
    return FALSE;
  *empty = count == 0;
  return TRUE;
}

gboolean
lt_store_migrate (LtStore *self, GError **error)
{
  int app_id = 0, version = 0;
  gboolean empty = FALSE;

  if (!read_pragma_int (self, "PRAGMA application_id", &app_id, error) ||
      !read_pragma_int (self, "PRAGMA user_version", &version, error) ||
      !is_empty_database (self, &empty, error))
    return FALSE;

  if (app_id != LT_STORE_APPLICATION_ID && !(app_id == 0 && empty))
    {
      g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_LAITING,
                   _("文件 %s 不是来听的数据库，未做任何改动。"), self->path);
      return FALSE;
    }
  if (version > lt_store_schema_version ())
    {
      g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_TOO_NEW,
                   _("数据库 %s 由更新版本的来听创建（版本 %d，本程序支持到 %d），请升级来听。"),
                   self->path, version, lt_store_schema_version ());
      return FALSE;
    }

  for (int v = version; v < lt_store_schema_version (); v++)
    {
      g_autofree char *bump = NULL;
      char *errmsg = NULL;
      int rc;

      if (!lt_store_write_begin (self, error))
        return FALSE;
      bump = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                              LT_STORE_APPLICATION_ID, v + 1);
      rc = sqlite3_exec (self->db, migrations[v], NULL, NULL, &errmsg);
      if (rc == SQLITE_OK)
        rc = sqlite3_exec (self->db, bump, NULL, NULL, &errmsg);
      if (rc != SQLITE_OK)
        {
          g_warning ("migration to version %d failed: %s", v + 1, errmsg);
          sqlite3_free (errmsg);
          lt_store_write_end (self, FALSE, NULL);
          return lt_store_fail (self, rc, _("升级数据库"), error);
        }
      if (!lt_store_write_end (self, TRUE, error))
        return FALSE;
      g_debug ("database %s migrated to version %d", self->path, v + 1);
    }
  return TRUE;
}
