/* lt-store-officers.c — officers and departments' officers on duty, in
 * the store.
 *
 * The [officers] and [on-duty] groups of the config are copied into the
 * same tables (source 'config') each time the store is opened or given a
 * new config, so the CLI, the kiosk and the SMS rules see one list
 * whichever way an officer was named; the config wins over the CLI for a
 * name it lists, and what leaves the config leaves the store. */

#define G_LOG_DOMAIN "lt-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lt-officer.h"
#include "lt-phone.h"
#include "lt-segments.h"
#include "lt-store-private.h"

#define OFFICER_COLUMNS \
  "o.id, o.name, o.phone, o.department, o.source = 'config'," \
  " (SELECT group_concat (department, char(10)) FROM on_duty d WHERE d.officer_id = o.id)"

void
lt_officer_free (LtOfficer *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->phone);
  g_free (self->department);
  g_strfreev (self->on_duty_for);
  g_free (self);
}

static LtOfficer *
officer_from_row (sqlite3_stmt *stmt)
{
  LtOfficer *o = g_new0 (LtOfficer, 1);
  g_autofree char *duty = lt_store_column_dup (stmt, 5);

  o->name = lt_store_column_dup (stmt, 1);
  o->phone = lt_store_column_dup (stmt, 2);
  o->department = lt_store_column_dup (stmt, 3);
  o->from_config = sqlite3_column_int (stmt, 4) != 0;
  o->on_duty_for = duty ? g_strsplit (duty, "\n", -1) : g_new0 (char *, 1);
  return o;
}

static gboolean
invalid (GError **error, const char *message)
{
  g_set_error_literal (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID, message);
  return FALSE;
}

static char *
clean (const char *text)
{
  char *copy = g_strstrip (g_strdup (text ? text : ""));

  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}

/* One officer row matching @sql's single text parameter. */
static LtOfficer *
find_one (LtStore *self, const char *sql, const char *value, GError **error)
{
  sqlite3_stmt *stmt;
  LtOfficer *o = NULL;
  int rc;

  g_rec_mutex_lock (&self->lock);
  stmt = lt_store_stmt (self, sql, error);
  if (stmt != NULL)
    {
      lt_store_bind_text (stmt, 1, value);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        o = officer_from_row (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        lt_store_fail (self, rc, _("读取经办人"), error);
    }
  g_rec_mutex_unlock (&self->lock);
  return o;
}

LtOfficer *
lt_store_officer_find (LtStore *self, const char *name, GError **error)
{
  g_autofree char *c = clean (name);

  g_return_val_if_fail (LT_IS_STORE (self), NULL);
  if (c == NULL)
    return NULL;
  return find_one (self, "SELECT " OFFICER_COLUMNS " FROM officers o WHERE o.name = ?", c, error);
}

LtOfficer *
lt_store_officer_find_by_phone (LtStore *self, const char *phone, GError **error)
{
  char mobile[LT_PHONE_LEN + 1];

  g_return_val_if_fail (LT_IS_STORE (self), NULL);
  if (phone == NULL || !lt_phone_normalize (phone, mobile))
    return NULL;
  return find_one (self, "SELECT " OFFICER_COLUMNS " FROM officers o WHERE o.phone = ?", mobile, error);
}

LtOfficer *
lt_store_officer_on_duty (LtStore *self, const char *department, GError **error)
{
  g_autofree char *c = clean (department);

  g_return_val_if_fail (LT_IS_STORE (self), NULL);
  if (c == NULL)
    return NULL;
  return find_one (self,
      "SELECT " OFFICER_COLUMNS " FROM officers o JOIN on_duty d ON d.officer_id = o.id"
      " WHERE d.department = ?", c, error);
}

GPtrArray *
lt_store_officer_list (LtStore *self, GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) lt_officer_free);
  sqlite3_stmt *stmt;
  int rc = SQLITE_DONE;

  g_return_val_if_fail (LT_IS_STORE (self), NULL);
  g_rec_mutex_lock (&self->lock);
  stmt = lt_store_stmt (self, "SELECT " OFFICER_COLUMNS " FROM officers o ORDER BY o.name", error);
  if (stmt != NULL)
    {
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (list, officer_from_row (stmt));
      sqlite3_reset (stmt);
    }
  g_rec_mutex_unlock (&self->lock);
  if (stmt == NULL)
    return NULL;
  if (rc != SQLITE_DONE)
    return lt_store_fail (self, rc, _("读取经办人"), error), NULL;
  return g_steal_pointer (&list);
}

/* Inserts or updates an officer by name inside the caller's transaction. */
static gboolean
upsert (LtStore *self, const char *name, const char *phone, const char *department,
        const char *source, GError **error)
{
  sqlite3_stmt *stmt = lt_store_stmt (self,
      "INSERT INTO officers (name, phone, department, source) VALUES (?1, ?2, ?3, ?4)"
      " ON CONFLICT (name) DO UPDATE SET phone = ?2, department = ?3, source = ?4"
      " WHERE phone IS NOT ?2 OR department IS NOT ?3 OR source IS NOT ?4", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  lt_store_bind_text (stmt, 1, name);
  lt_store_bind_text (stmt, 2, phone);
  lt_store_bind_text (stmt, 3, department);
  lt_store_bind_text (stmt, 4, source);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    {
      g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID,
                   _("号码 %s 已经登记给另一位经办人了。"), phone);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return lt_store_fail (self, rc, _("保存经办人"), error);
  return TRUE;
}

gboolean
lt_store_officer_add (LtStore *self, const char *name, const char *phone,
                      const char *department, GError **error)
{
  g_autofree char *n = clean (name);
  g_autofree char *d = clean (department);
  g_autoptr(LtOfficer) existing = NULL;
  char mobile[LT_PHONE_LEN + 1];
  gboolean ok;

  g_return_val_if_fail (LT_IS_STORE (self), FALSE);
  if (n == NULL || lt_sms_own_units (n) > LT_CONFIG_ASSIGNEE_MAX)
    return invalid (error, _("经办人姓名不能为空，也不能超过 12 个字。"));
  if (d != NULL && lt_sms_own_units (d) > LT_CONFIG_ASSIGNEE_MAX)
    return invalid (error, _("部门或经办人名称不能超过 12 个字。"));
  if (phone == NULL || !lt_phone_normalize (phone, mobile))
    return invalid (error, _("经办人的号码必须是手机号码，工单要用短信发给他。"));
  if (!lt_store_write_begin (self, error))
    return FALSE;
  {
    g_autoptr(GError) local = NULL;

    existing = lt_store_officer_find (self, n, &local);
    ok = existing == NULL && local == NULL;
    if (local != NULL)
      g_propagate_error (error, g_steal_pointer (&local));
    else if (existing != NULL)
      g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID,
                   _("已经有一位叫“%s”的经办人了。"), n);
  }
  ok = ok && upsert (self, n, mobile, d, "cli", error);
  return lt_store_write_end (self, ok, ok ? error : NULL);
}

gboolean
lt_store_officer_remove (LtStore *self, const char *name, GError **error)
{
  g_autoptr(LtOfficer) o = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (LT_IS_STORE (self), FALSE);
  if (!lt_store_write_begin (self, error))
    return FALSE;
  o = lt_store_officer_find (self, name, error);
  ok = o != NULL;
  if (o == NULL && (error == NULL || *error == NULL))
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND,
                 _("没有叫“%s”的经办人。"), name ? name : "");
  else if (o != NULL && o->from_config)
    {
      g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID,
                   _("“%s”写在配置文件的 [officers] 里，请在配置文件中删除。"), o->name);
      ok = FALSE;
    }
  if (ok)
    {
      stmt = lt_store_stmt (self, "DELETE FROM officers WHERE name = ?", error);
      ok = stmt != NULL;
      if (ok)
        {
          lt_store_bind_text (stmt, 1, o->name);
          ok = lt_store_step_done (self, stmt, _("删除经办人"), error);
        }
    }
  return lt_store_write_end (self, ok, ok ? error : NULL);
}

static gboolean
set_on_duty (LtStore *self, const char *department, const char *name, const char *source,
             GError **error)
{
  sqlite3_stmt *stmt;

  if (name == NULL)
    {
      stmt = lt_store_stmt (self, "DELETE FROM on_duty WHERE department = ?", error);
      if (stmt == NULL)
        return FALSE;
      lt_store_bind_text (stmt, 1, department);
      return lt_store_step_done (self, stmt, _("保存值班经办人"), error);
    }
  stmt = lt_store_stmt (self,
      "INSERT INTO on_duty (department, officer_id, source)"
      " SELECT ?1, id, ?3 FROM officers WHERE name = ?2"
      " ON CONFLICT (department) DO UPDATE SET officer_id = excluded.officer_id, source = ?3"
      " WHERE officer_id IS NOT excluded.officer_id OR source IS NOT ?3", error);
  if (stmt == NULL)
    return FALSE;
  lt_store_bind_text (stmt, 1, department);
  lt_store_bind_text (stmt, 2, name);
  lt_store_bind_text (stmt, 3, source);
  return lt_store_step_done (self, stmt, _("保存值班经办人"), error);
}

gboolean
lt_store_officer_set_on_duty (LtStore *self, const char *department, const char *name,
                              GError **error)
{
  g_autofree char *d = clean (department);
  g_autofree char *n = clean (name);
  g_autoptr(LtOfficer) o = NULL;
  gboolean ok;

  g_return_val_if_fail (LT_IS_STORE (self), FALSE);
  if (d == NULL || lt_sms_own_units (d) > LT_CONFIG_ASSIGNEE_MAX)
    return invalid (error, _("部门名称不能为空，也不能超过 12 个字。"));
  if (!lt_store_write_begin (self, error))
    return FALSE;
  ok = TRUE;
  if (n != NULL)
    {
      o = lt_store_officer_find (self, n, error);
      ok = o != NULL;
      if (o == NULL && (error == NULL || *error == NULL))
        g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND,
                     _("没有叫“%s”的经办人，请先用 laiting officer add 登记。"), n);
    }
  ok = ok && set_on_duty (self, d, n, "cli", error);
  return lt_store_write_end (self, ok, ok ? error : NULL);
}

static gboolean
exec (LtStore *self, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = lt_store_stmt (self, sql, error);

  return stmt != NULL && lt_store_step_done (self, stmt, _("保存经办人"), error);
}

static gboolean
has_config_rows (LtStore *self)
{
  sqlite3_stmt *stmt = lt_store_stmt (self,
      "SELECT EXISTS (SELECT 1 FROM officers WHERE source = 'config')"
      " OR EXISTS (SELECT 1 FROM on_duty WHERE source = 'config')", NULL);
  gboolean any = TRUE;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    any = sqlite3_column_int (stmt, 0) != 0;
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return any;
}

/* Removes the config officers the config no longer lists. */
static gboolean
drop_unlisted (LtStore *self, GPtrArray *officers, GError **error)
{
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = lt_store_stmt (self, "SELECT name FROM officers WHERE source = 'config'", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      gboolean listed = FALSE;

      for (guint i = 0; i < officers->len; i++)
        listed |= g_str_equal (((LtConfigOfficer *) officers->pdata[i])->name, name);
      if (!listed)
        g_ptr_array_add (gone, g_strdup (name));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return lt_store_fail (self, rc, _("读取经办人"), error);
  for (guint i = 0; i < gone->len; i++)
    {
      stmt = lt_store_stmt (self, "DELETE FROM officers WHERE name = ?", error);
      if (stmt == NULL)
        return FALSE;
      lt_store_bind_text (stmt, 1, gone->pdata[i]);
      if (!lt_store_step_done (self, stmt, _("删除经办人"), error))
        return FALSE;
    }
  return TRUE;
}

gboolean
lt_store_officers_sync_config (LtStore *self, GError **error)
{
  LtConfig *config = self->config;
  GPtrArray *officers = lt_config_get_officers (config);
  GKeyFile *kf = lt_config_get_key_file (config);
  g_auto(GStrv) duty = g_key_file_get_keys (kf, "on-duty", NULL, NULL);
  gboolean ok = TRUE;

  /* Most halls list nobody in the config: do not take the write lock for
   * nothing at every open. */
  g_rec_mutex_lock (&self->lock);
  if (officers->len == 0 && (duty == NULL || duty[0] == NULL) && !has_config_rows (self))
    {
      g_rec_mutex_unlock (&self->lock);
      return TRUE;
    }
  g_rec_mutex_unlock (&self->lock);

  if (!lt_store_write_begin (self, error))
    return FALSE;
  for (guint i = 0; ok && i < officers->len; i++)
    {
      const LtConfigOfficer *o = officers->pdata[i];
      sqlite3_stmt *stmt;

      /* A CLI officer holding the number the config gives someone else
       * gives way: the config is the operator's word. */
      stmt = lt_store_stmt (self, "DELETE FROM officers WHERE phone = ? AND name <> ?", error);
      ok = stmt != NULL;
      if (ok)
        {
          lt_store_bind_text (stmt, 1, o->phone);
          lt_store_bind_text (stmt, 2, o->name);
          ok = lt_store_step_done (self, stmt, _("保存经办人"), error) &&
               upsert (self, o->name, o->phone, o->department, "config", error);
        }
    }
  ok = ok && drop_unlisted (self, officers, error);
  ok = ok && exec (self, "DELETE FROM on_duty WHERE source = 'config'", error);
  for (guint i = 0; ok && duty != NULL && duty[i] != NULL; i++)
    {
      g_autofree char *name = g_key_file_get_string (kf, "on-duty", duty[i], NULL);

      ok = set_on_duty (self, g_strstrip (duty[i]), name ? g_strstrip (name) : NULL, "config", error);
    }
  return lt_store_write_end (self, ok, ok ? error : NULL);
}

gboolean
lt_store_officer_event (LtStore *self, const char *receipt, const char *kind,
                        const char *actor, const char *note, gint64 now, GError **error)
{
  gboolean returning = g_str_equal (kind, "returned");
  sqlite3_stmt *stmt;
  gint64 id;
  gboolean ok;

  if (!lt_store_write_begin (self, error))
    return FALSE;
  id = lt_store_ticket_id (self, receipt, error);
  stmt = id == 0 ? NULL : lt_store_stmt (self,
      "UPDATE tickets SET updated_at = ?2,"
      " status = CASE WHEN ?3 THEN 'received' ELSE status END,"
      " returned_at = CASE WHEN ?3 THEN ?2 ELSE returned_at END WHERE id = ?1", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, now);
      sqlite3_bind_int (stmt, 3, returning);
      ok = lt_store_step_done (self, stmt, _("更新工单"), error) &&
           lt_store_add_event (self, id, now, kind, actor, note, error);
    }
  return lt_store_write_end (self, ok, ok ? error : NULL);
}

GPtrArray *
lt_store_officer_open_receipts (LtStore *self, const char *phone, GError **error)
{
  g_autoptr(GPtrArray) receipts = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc = SQLITE_DONE;

  g_rec_mutex_lock (&self->lock);
  stmt = lt_store_stmt (self,
      "SELECT receipt FROM tickets WHERE officer_phone = ? AND status <> 'closed'"
      " AND returned_at IS NULL ORDER BY created_at, id", error);
  if (stmt != NULL)
    {
      lt_store_bind_text (stmt, 1, phone);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (receipts, lt_store_column_dup (stmt, 0));
      sqlite3_reset (stmt);
    }
  g_rec_mutex_unlock (&self->lock);
  if (stmt == NULL)
    return NULL;
  if (rc != SQLITE_DONE)
    return lt_store_fail (self, rc, _("读取工单"), error), NULL;
  return g_steal_pointer (&receipts);
}
