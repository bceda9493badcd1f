/* lt-store.c — opening the ticket store, transactions, errors.
 *
 * One SQLite connection per process, shared by the process's threads behind
 * a recursive mutex. WAL lets the kiosk, the SMS listener and the CLI read
 * while one of them writes; synchronous=FULL makes every commit durable
 * before we tell anyone a receipt number; BEGIN IMMEDIATE takes the write
 * lock up front so two writers queue on the busy timeout instead of
 * deadlocking on a lock upgrade. */

#define G_LOG_DOMAIN "lt-store"

#include "config.h"

#include <signal.h>

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "lt-store-private.h"

G_DEFINE_FINAL_TYPE (LtStore, lt_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (lt-store-error-quark, lt_store_error)

#define DEFAULT_BUSY_TIMEOUT_MS 5000

static void
lt_store_finalize (GObject *object)
{
  LtStore *self = LT_STORE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_clear_object (&self->config);
  g_free (self->path);
  g_rec_mutex_clear (&self->lock);
  G_OBJECT_CLASS (lt_store_parent_class)->finalize (object);
}

static void
lt_store_class_init (LtStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lt_store_finalize;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
lt_store_init (LtStore *self)
{
  g_rec_mutex_init (&self->lock);
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            finalize_statement);
}

gboolean
lt_store_fail (LtStore *self, int rc, const char *doing, GError **error)
{
  int code = LT_STORE_ERROR_IO;
  const char *why;

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = LT_STORE_ERROR_BUSY;
      why = _("数据库正被其他程序占用，请稍后再试。");
      break;
    case SQLITE_FULL:
      code = LT_STORE_ERROR_FULL;
      why = _("磁盘已满，请联系管理员清理空间。");
      break;
    case SQLITE_NOTADB:
      code = LT_STORE_ERROR_NOT_LAITING;
      why = _("这个文件不是来听的数据库。");
      break;
    case SQLITE_CORRUPT:
      why = _("数据库文件已损坏，请联系管理员从备份恢复。");
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
    case SQLITE_AUTH:
      why = _("没有权限读写数据库文件，或文件已不存在。");
      break;
    case SQLITE_CONSTRAINT:
      code = LT_STORE_ERROR_INVALID;
      why = _("数据不符合要求。");
      break;
    default:
      why = _("读写数据库时出错。");
      break;
    }
  if (self != NULL && self->db != NULL)
    g_debug ("%s failed: %s (%d)", doing, sqlite3_errmsg (self->db), rc);
  g_set_error (error, LT_STORE_ERROR, code, _("%s失败：%s"), doing, why);
  return FALSE;
}

sqlite3_stmt *
lt_store_stmt (LtStore *self, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      g_critical ("cannot prepare %s: %s", sql, sqlite3_errmsg (self->db));
      lt_store_fail (self, rc, _("读取数据库"), error);
      return NULL;
    }
  /* Keyed by the caller's string literal: SQL in this library is static. */
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

static gboolean
exec (LtStore *self, const char *sql, const char *doing, GError **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return lt_store_fail (self, rc, doing, error);
  return TRUE;
}

gboolean
lt_store_step_done (LtStore *self, sqlite3_stmt *stmt, const char *doing, GError **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return lt_store_fail (self, rc, doing, error);
  return TRUE;
}

/* Savepoint names by depth: their statements are prepared once and kept
 * in the statement cache (a group commit opens and releases several per
 * ticket, and parsing them again each time showed in the hub's profile).
 * Deeper nesting, which nothing in laiting reaches, is built and parsed. */
static const char *const savepoint_sql[] = {
  NULL, "SAVEPOINT sp1", "SAVEPOINT sp2", "SAVEPOINT sp3", "SAVEPOINT sp4",
  "SAVEPOINT sp5", "SAVEPOINT sp6", "SAVEPOINT sp7", "SAVEPOINT sp8",
};
static const char *const release_sql[] = {
  NULL, "RELEASE sp1", "RELEASE sp2", "RELEASE sp3", "RELEASE sp4",
  "RELEASE sp5", "RELEASE sp6", "RELEASE sp7", "RELEASE sp8",
};

/* Runs @sql, a static string, as a cached statement. */
static gboolean
exec_cached (LtStore *self, const char *sql, const char *doing, GError **error)
{
  sqlite3_stmt *stmt = lt_store_stmt (self, sql, error);

  return stmt != NULL && lt_store_step_done (self, stmt, doing, error);
}

gboolean
lt_store_write_begin (LtStore *self, GError **error)
{
  g_autofree char *sql = NULL;
  gboolean done;

  g_rec_mutex_lock (&self->lock);
  if (self->tx_depth == 0)
    done = exec_cached (self, "BEGIN IMMEDIATE", _("保存"), error);
  else if (self->tx_depth < G_N_ELEMENTS (savepoint_sql))
    done = exec_cached (self, savepoint_sql[self->tx_depth], _("保存"), error);
  else
    {
      sql = g_strdup_printf ("SAVEPOINT sp%u", self->tx_depth);
      done = exec (self, sql, _("保存"), error);
    }
  if (!done)
    {
      g_rec_mutex_unlock (&self->lock);
      return FALSE;
    }
  self->tx_depth++;
  return TRUE;
}

gboolean
lt_store_write_end (LtStore *self, gboolean ok, GError **error)
{
  g_autofree char *sql = NULL;
  gboolean done = TRUE;

  g_return_val_if_fail (self->tx_depth > 0, FALSE);
  self->tx_depth--;
  if (self->tx_depth == 0)
    {
      if (ok)
        {
          done = exec_cached (self, "COMMIT", _("保存"), error);
          if (!done)
            sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
        }
      else
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
    }
  else if (ok && self->tx_depth < G_N_ELEMENTS (release_sql))
    done = exec_cached (self, release_sql[self->tx_depth], _("保存"), error);
  else if (ok)
    {
      sql = g_strdup_printf ("RELEASE sp%u", self->tx_depth);
      done = exec (self, sql, _("保存"), error);
    }
  else
    {
      sql = g_strdup_printf ("ROLLBACK TO sp%u; RELEASE sp%u", self->tx_depth, self->tx_depth);
      sqlite3_exec (self->db, sql, NULL, NULL, NULL);
    }
  g_rec_mutex_unlock (&self->lock);
  return ok && done;
}

gboolean
lt_store_begin (LtStore *self, GError **error)
{
  g_return_val_if_fail (LT_IS_STORE (self), FALSE);
  return lt_store_write_begin (self, error);
}

gboolean
lt_store_commit (LtStore *self, GError **error)
{
  g_return_val_if_fail (LT_IS_STORE (self), FALSE);
  /* Crash tests aim here: every row of the transaction written, nothing
   * committed ($LAITING_TEST_KILL_BEFORE_COMMIT=N, the Nth commit). */
  if (G_UNLIKELY (self->kill_before_commit > 0) && --self->kill_before_commit == 0)
    raise (SIGKILL);
  return lt_store_write_end (self, TRUE, error);
}

void
lt_store_rollback (LtStore *self)
{
  g_return_if_fail (LT_IS_STORE (self));
  lt_store_write_end (self, FALSE, NULL);
}

char *
lt_store_column_dup (sqlite3_stmt *stmt, int col)
{
  const unsigned char *text = sqlite3_column_text (stmt, col);

  return text ? g_strdup ((const char *) text) : NULL;
}

void
lt_store_bind_text (sqlite3_stmt *stmt, int idx, const char *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, idx);
  else
    sqlite3_bind_text (stmt, idx, text, -1, SQLITE_TRANSIENT);
}

gint64
lt_store_now (void)
{
  const char *fixed = g_getenv ("LAITING_NOW");
  gint64 now;

  if (fixed != NULL && g_ascii_string_to_signed (fixed, 10, 0, G_MAXINT64, &now, NULL))
    return now;
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gboolean
configure_connection (LtStore *self, GError **error)
{
  gint64 busy_ms = lt_config_get_int (self->config, "site", "busy-timeout",
                                      DEFAULT_BUSY_TIMEOUT_MS, 0);

  sqlite3_busy_timeout (self->db, (int) MIN (busy_ms, G_MAXINT));
  sqlite3_extended_result_codes (self->db, 1);
  /* journal_mode answers with a row, so it is read, not just executed. */
  return exec (self, "PRAGMA journal_mode = WAL", _("打开数据库"), error) &&
         exec (self, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
                     "PRAGMA temp_store = MEMORY", _("打开数据库"), error);
}

static gboolean
ensure_directory (const char *path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0750) != 0)
    {
      int saved = errno;
      g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_IO,
                   _("无法创建数据库目录 %s：%s"), dir, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

LtStore *
lt_store_open (const char *path, LtConfig *config, GError **error)
{
  g_autoptr(LtStore) self = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (LT_IS_CONFIG (config), NULL);

  self = g_object_new (LT_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->config = g_object_ref (config);
  self->kill_before_commit =
    (guint) g_ascii_strtoull (g_getenv ("LAITING_TEST_KILL_BEFORE_COMMIT") ?: "0", NULL, 10);
  if (!ensure_directory (path, error))
    return NULL;

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      lt_store_fail (self, rc, _("打开数据库"), error);
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  if (!configure_connection (self, error) || !lt_store_migrate (self, error) ||
      !lt_store_officers_sync_config (self, error))
    {
      if (error && *error && (*error)->code == LT_STORE_ERROR_NOT_LAITING &&
          !strstr ((*error)->message, path))
        g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  return g_steal_pointer (&self);
}

LtConfig *
lt_store_get_config (LtStore *self)
{
  return self->config;
}

void
lt_store_set_config (LtStore *self, LtConfig *config)
{
  g_return_if_fail (LT_IS_CONFIG (config));
  g_rec_mutex_lock (&self->lock);
  g_set_object (&self->config, config);
  {
    g_autoptr(GError) error = NULL;

    if (!lt_store_officers_sync_config (self, &error))
      g_warning ("officers in the new configuration not saved: %s", error->message);
  }
  g_rec_mutex_unlock (&self->lock);
}

const char *
lt_store_get_path (LtStore *self)
{
  return self->path;
}
