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

/* A migration that starts with this comment first rebuilds the tickets
 * table with 'platform' among its channels (widen_ticket_channels). */
#define WIDEN_TICKET_CHANNELS "-- widen tickets.channel: platform\n"

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
  /* The hub's devices. Only a token's SHA-256 is kept; names and origin
   * codes are unique among devices not revoked. */
  "CREATE TABLE devices ("
  "  id             INTEGER PRIMARY KEY,"
  "  name           TEXT NOT NULL,"
  "  role           TEXT NOT NULL"
  "                 CHECK (role IN ('kiosk','gateway','staff','office','open311')),"
  "  origin         INTEGER CHECK (origin BETWEEN 10 AND 99),"
  "  department     TEXT,"
  "  token_hash     TEXT NOT NULL UNIQUE,"
  "  created_at     INTEGER NOT NULL,"
  "  last_seen_at   INTEGER,"
  "  last_seen_from TEXT,"
  "  revoked_at     INTEGER"
  ");"
  "CREATE UNIQUE INDEX devices_live_name ON devices (name) WHERE revoked_at IS NULL;"
  "CREATE UNIQUE INDEX devices_live_origin ON devices (origin)"
  "  WHERE revoked_at IS NULL AND origin IS NOT NULL;",
  /* What a ticket held when it was submitted (SHA-256 of channel, category,
   * text, location and phone): an edge sending the same receipt again is
   * recognised even after the text has been appended to. */
  "ALTER TABLE tickets ADD COLUMN content_hash TEXT;",
  /* Leased sends: a gateway holds a row in `sending` until lease_until;
   * after that it goes back to the queue for anyone. */
  "ALTER TABLE outbox ADD COLUMN lease_holder TEXT;"
  "ALTER TABLE outbox ADD COLUMN lease_until INTEGER;"
  "CREATE INDEX outbox_leased ON outbox (lease_until) WHERE state = 'sending';",
  /* What the network's delivery report said about a sent SMS:
   * NULL while none came, 'delivered' or 'failed'. */
  "ALTER TABLE outbox ADD COLUMN delivery TEXT CHECK (delivery IN ('delivered','failed'));"
  "ALTER TABLE outbox ADD COLUMN delivered_at INTEGER;"
  "CREATE INDEX outbox_by_modem_ref ON outbox (phone, modem_ref) WHERE state = 'sent';",

  /* Tickets from the city's platform (Open311): the channel CHECK gains
   * 'platform'. SQLite cannot alter a CHECK, so the table is rebuilt the
   * way its documentation prescribes, in C (see widen_ticket_channels):
   * the new table is the old one's own definition with the CHECK widened,
   * so columns other migrations added before this one come along. Open311
   * also needs events by time, and remembers each update the platform
   * applied so that the same update_id sent again is not applied twice. */
  WIDEN_TICKET_CHANNELS
  "CREATE INDEX events_by_at ON events (at, id);"
  "CREATE TABLE open311_updates ("
  "  update_id   TEXT PRIMARY KEY,"
  "  ticket_id   INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,"
  "  event_id    INTEGER NOT NULL,"
  "  fingerprint TEXT NOT NULL,"
  "  applied_at  INTEGER NOT NULL"
  ");",
  /* The append window looks up the message that opened a ticket
   * (by its sending time) for every text: without this, a scan of every
   * inbound message. */
  "CREATE INDEX inbound_by_ticket ON inbound (ticket_id);",
  /* → +1: voice notes filed with a ticket; the file sits in the store's
   * directory, its path relative to it. */
  "CREATE TABLE attachments ("
  "  id        INTEGER PRIMARY KEY,"
  "  ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,"
  "  kind      TEXT NOT NULL CHECK (kind IN ('voice')),"
  "  seconds   INTEGER NOT NULL,"
  "  path      TEXT NOT NULL"
  ");"
  "CREATE INDEX attachments_by_ticket ON attachments (ticket_id);",
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

static gboolean migrate_from (LtStore *self, int version, GError **error);

gboolean
lt_store_migrate (LtStore *self, GError **error)
{
  int app_id = 0, version = 0;
  gboolean empty = FALSE;
  gboolean ok;

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

  /* A migration may rebuild a table that others reference; with foreign
   * keys on, dropping the old table would cascade to its events. The pragma
   * only takes effect outside a transaction, so it wraps the loop, and each
   * migration checks the keys itself before it commits. */
  if (version < lt_store_schema_version ())
    sqlite3_exec (self->db, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL);
  ok = migrate_from (self, version, error);
  sqlite3_exec (self->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
  return ok;
}

/* Counts rows of PRAGMA foreign_key_check: 0 when every reference holds. */
static int
broken_references (LtStore *self)
{
  sqlite3_stmt *stmt = NULL;
  int n = 0;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA foreign_key_check", -1, &stmt, NULL) != SQLITE_OK)
    return -1;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    n++;
  sqlite3_finalize (stmt);
  return n;
}

/* Runs @sql and steps it to its end; FALSE with the SQLite code in @rc. */
static gboolean
exec_sql (LtStore *self, const char *sql, int *rc)
{
  *rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  return *rc == SQLITE_OK;
}

/* The rebuild of SQLite's "Making Other Kinds Of Table Schema Changes":
 * create tickets_new from the stored definition of tickets with the channel
 * CHECK widened, copy every row, drop tickets, rename tickets_new, and make
 * its indexes again from their stored definitions. Foreign keys are off
 * (lt_store_migrate), so dropping tickets does not cascade to its events;
 * they are checked before the migration commits. */
static int
widen_ticket_channels (LtStore *self)
{
  const char *narrow = "channel IN ('kiosk','sms','staff'))";
  const char *wide = "channel IN ('kiosk','sms','staff','platform'))";
  g_autoptr(GPtrArray) indexes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) table = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db,
      "SELECT type, sql FROM sqlite_schema WHERE tbl_name = 'tickets' AND sql IS NOT NULL",
      -1, &stmt, NULL);
  while (rc == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *type = (const char *) sqlite3_column_text (stmt, 0);
      const char *sql = (const char *) sqlite3_column_text (stmt, 1);

      if (g_str_equal (type, "table"))
        table = g_string_new (sql);
      else
        g_ptr_array_add (indexes, g_strdup (sql));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_OK)
    return rc;
  if (table == NULL || !g_str_has_prefix (table->str, "CREATE TABLE tickets ") ||
      g_string_replace (table, narrow, wide, 1) != 1)
    {
      g_warning ("the tickets table is not as expected: %s", table ? table->str : "(none)");
      return SQLITE_CORRUPT;
    }
  g_string_replace (table, "CREATE TABLE tickets ", "CREATE TABLE tickets_new ", 1);
  if (!exec_sql (self, table->str, &rc) ||
      !exec_sql (self, "INSERT INTO tickets_new SELECT * FROM tickets", &rc) ||
      !exec_sql (self, "DROP TABLE tickets", &rc) ||
      !exec_sql (self, "ALTER TABLE tickets_new RENAME TO tickets", &rc))
    return rc;
  for (guint i = 0; i < indexes->len; i++)
    if (!exec_sql (self, g_ptr_array_index (indexes, i), &rc))
      return rc;
  return SQLITE_OK;
}

static gboolean
migrate_from (LtStore *self, int version, GError **error)
{
  for (int v = version; v < lt_store_schema_version (); v++)
    {
      g_autofree char *bump = NULL;
      char *errmsg = NULL;
      int rc, now_at = 0;

      if (!lt_store_write_begin (self, error))
        return FALSE;
      /* Another process may have migrated while we waited for the lock. */
      if (!read_pragma_int (self, "PRAGMA user_version", &now_at, error))
        return lt_store_write_end (self, FALSE, NULL);
      if (now_at > v)
        {
          lt_store_write_end (self, FALSE, NULL);
          continue;
        }
      bump = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                              LT_STORE_APPLICATION_ID, v + 1);
      rc = g_str_has_prefix (migrations[v], WIDEN_TICKET_CHANNELS)
           ? widen_ticket_channels (self) : SQLITE_OK;
      if (rc == SQLITE_OK)
        rc = sqlite3_exec (self->db, migrations[v], NULL, NULL, &errmsg);
      if (rc == SQLITE_OK && broken_references (self) != 0)
        {
          rc = SQLITE_CONSTRAINT_FOREIGNKEY;
          errmsg = sqlite3_mprintf ("foreign key check failed");
        }
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
