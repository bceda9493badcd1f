/* lt-store-devices.c — the hub's devices and their tokens in the store.
 *
 * A token is "lt_" and 43 base64url characters: 256 bits from libsodium's
 * CSPRNG. Only its SHA-256 (hex) is stored, so a copy of the database gives
 * nobody a working token, and a request is authenticated by one lookup on
 * a unique index. Neither a token nor its hash is ever logged. Names and
 * origin codes are unique among live (not revoked) devices, so an operator
 * replaces a lost kiosk's token by revoking it and adding it again. */

#define G_LOG_DOMAIN "lt-store"

#include "config.h"

#include <string.h>
#include <sodium.h>
#include <glib/gi18n-lib.h>

#include "lt-config.h"
#include "lt-receipt.h"
#include "lt-store-private.h"

#define TOKEN_PREFIX "lt_"
#define TOKEN_BYTES 32
/* Base64url of 32 bytes without padding is 43 characters. */
#define TOKEN_LEN (sizeof TOKEN_PREFIX - 1 + 43)
#define NAME_MAX_CHARS 64
/* Last seen is written at most this often per device. */
#define SEEN_INTERVAL 60

#define DEVICE_COLUMNS \
  "id, name, role, origin, department, created_at, last_seen_at, last_seen_from," \
  " revoked_at IS NOT NULL"

static LtDevice *
device_from_row (sqlite3_stmt *stmt)
{
  LtDevice *d = g_new0 (LtDevice, 1);
  g_autofree char *role = lt_store_column_dup (stmt, 2);

  d->id = sqlite3_column_int64 (stmt, 0);
  d->name = lt_store_column_dup (stmt, 1);
  lt_role_from_string (role, &d->role);
  d->origin = (guint) sqlite3_column_int (stmt, 3);
  d->department = lt_store_column_dup (stmt, 4);
  d->created_at = sqlite3_column_int64 (stmt, 5);
  d->last_seen_at = sqlite3_column_int64 (stmt, 6);
  d->last_seen_from = lt_store_column_dup (stmt, 7);
  d->revoked = sqlite3_column_int (stmt, 8) != 0;
  return d;
}

static char *
new_token (void)
{
  guint8 bytes[TOKEN_BYTES];
  char text[sodium_base64_ENCODED_LEN (TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  /* sodium_init is idempotent and thread-safe; it only fails without any
   * entropy source, and then there is nothing safe to hand out. */
  if (sodium_init () < 0)
    g_error ("libsodium cannot be initialised: no source of randomness");
  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2base64 (text, sizeof text, bytes, sizeof bytes,
                     sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (bytes, sizeof bytes);
  return g_strconcat (TOKEN_PREFIX, text, NULL);
}

static char *
token_hash (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

static gboolean
refuse (GError **error, int code, const char *format, ...) G_GNUC_PRINTF (3, 4);

static gboolean
refuse (GError **error, int code, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (LT_STORE_ERROR, code, format, args));
  va_end (args);
  return FALSE;
}

static gboolean
name_is_valid (const char *name)
{
  glong chars;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return FALSE;
  chars = g_utf8_strlen (name, -1);
  if (chars < 1 || chars > NAME_MAX_CHARS || g_unichar_isspace (g_utf8_get_char (name)) ||
      name[0] == '-')
    return FALSE;
  for (const char *p = name; *p; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return FALSE;
  return !g_unichar_isspace (g_utf8_get_char (g_utf8_find_prev_char (name, name + strlen (name))));
}

/* What the role requires of origin and department, checked before the
 * database is touched. */
static gboolean
check_new_device (LtStore *self, const char *name, LtRole role, guint origin,
                  const char *department, GError **error)
{
  gboolean numbers = role == LT_ROLE_KIOSK || role == LT_ROLE_GATEWAY;

  if ((guint) role > LT_ROLE_OPEN311)
    return refuse (error, LT_STORE_ERROR_INVALID, "%s",
                   _("设备角色只能是 kiosk、gateway、staff、office 或 open311。"));
  if (!name_is_valid (name))
    return refuse (error, LT_STORE_ERROR_INVALID,
                   _("设备名称要有 1 到 %d 个字，不能以空格或“-”开头，也不能含控制字符。"),
                   NAME_MAX_CHARS);
  if (numbers && origin == 0)
    return refuse (error, LT_STORE_ERROR_INVALID,
                   _("%s 设备要用 --origin 指定它自己的来源代码（%d 到 %d）。"),
                   lt_role_to_string (role), LT_RECEIPT_ORIGIN_MIN, LT_RECEIPT_ORIGIN_MAX);
  if (!numbers && origin != 0)
    return refuse (error, LT_STORE_ERROR_INVALID, "%s",
                   _("只有 kiosk 和 gateway 设备自己生成回执号，其他角色不能指定来源代码。"));
  if (origin != 0 && (origin < LT_RECEIPT_ORIGIN_MIN || origin > LT_RECEIPT_ORIGIN_MAX))
    return refuse (error, LT_STORE_ERROR_INVALID, _("来源代码 %u 不在 %d 到 %d 之间。"),
                   origin, LT_RECEIPT_ORIGIN_MIN, LT_RECEIPT_ORIGIN_MAX);
  /* The store numbers its own tickets (staff, platform) from these: an edge
   * minting from the same origin would collide with them. */
  if (origin != 0 && (origin == lt_config_get_origin (self->config, LT_CHANNEL_KIOSK) ||
                      origin == lt_config_get_origin (self->config, LT_CHANNEL_SMS)))
    return refuse (error, LT_STORE_ERROR_CONFLICT,
                   _("来源代码 %u 是本机自己登记工单用的，请给设备另选一个。"), origin);
  if (role == LT_ROLE_OFFICE && (department == NULL || *department == '\0'))
    return refuse (error, LT_STORE_ERROR_INVALID, "%s",
                   _("office 设备要用 --department 指定它代表的部门。"));
  if (role != LT_ROLE_OFFICE && department != NULL)
    return refuse (error, LT_STORE_ERROR_INVALID, "%s",
                   _("只有 office 设备属于一个部门，其他角色不能指定部门。"));
  if (department != NULL && (!g_utf8_validate (department, -1, NULL) ||
                             g_utf8_strlen (department, -1) > LT_CONFIG_ASSIGNEE_MAX))
    return refuse (error, LT_STORE_ERROR_INVALID, _("部门名称不能超过 %d 个字。"),
                   LT_CONFIG_ASSIGNEE_MAX);
  return TRUE;
}

/* Which live device already holds @name or @origin, named in the error. */
static gboolean
check_unique (LtStore *self, const char *name, guint origin, GError **error)
{
  sqlite3_stmt *stmt = lt_store_stmt (self,
      "SELECT name, origin FROM devices WHERE revoked_at IS NULL"
      " AND (name = ?1 OR origin = nullif (?2, 0)) LIMIT 1", error);
  g_autofree char *holder = NULL;
  guint held = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  lt_store_bind_text (stmt, 1, name);
  sqlite3_bind_int (stmt, 2, (int) origin);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      holder = lt_store_column_dup (stmt, 0);
      held = (guint) sqlite3_column_int (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return lt_store_fail (self, rc, _("读取设备"), error);
  if (holder == NULL)
    return TRUE;
  if (g_str_equal (holder, name))
    return refuse (error, LT_STORE_ERROR_CONFLICT,
                   _("已经有名为“%s”的设备；要换发令牌，请先 laiting device revoke。"), name);
  return refuse (error, LT_STORE_ERROR_CONFLICT, _("来源代码 %u 已经属于设备“%s”。"),
                 held, holder);
}

static LtDevice *
load_device (LtStore *self, gint64 id, GError **error)
{
  sqlite3_stmt *stmt = lt_store_stmt (self,
      "SELECT " DEVICE_COLUMNS " FROM devices WHERE id = ?", error);
  LtDevice *d = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    d = device_from_row (stmt);
  sqlite3_reset (stmt);
  if (d == NULL)
    lt_store_fail (self, rc == SQLITE_DONE ? SQLITE_ERROR : rc, _("读取设备"), error);
  return d;
}

LtDevice *
lt_store_device_add (LtStore *self, const char *name, LtRole role, guint origin,
                     const char *department_typed, char **token_out, GError **error)
{
  g_autofree char *token = NULL, *hash = NULL;
  /* Stripped as lt_store_transfer strips the department it transfers to,
   * so the two compare equal. */
  g_autofree char *department = department_typed
                                ? g_strstrip (g_strdup (department_typed)) : NULL;
  g_autoptr(LtDevice) device = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (LT_IS_STORE (self), NULL);
  g_return_val_if_fail (token_out != NULL, NULL);
  if (!lt_store_write_begin (self, error))
    return NULL;
  ok = check_new_device (self, name, role, origin, department, error) &&
       check_unique (self, name, origin, error);
  if (ok)
    {
      token = new_token ();
      hash = token_hash (token);
      stmt = lt_store_stmt (self,
          "INSERT INTO devices (name, role, origin, department, token_hash, created_at)"
          " VALUES (?, ?, nullif (?, 0), ?, ?, ?)", error);
      ok = stmt != NULL;
    }
  if (ok)
    {
      lt_store_bind_text (stmt, 1, name);
      lt_store_bind_text (stmt, 2, lt_role_to_string (role));
      sqlite3_bind_int (stmt, 3, (int) origin);
      lt_store_bind_text (stmt, 4, department);
      lt_store_bind_text (stmt, 5, hash);
      sqlite3_bind_int64 (stmt, 6, lt_store_now ());
      ok = lt_store_step_done (self, stmt, _("保存设备"), error) &&
           (device = load_device (self, sqlite3_last_insert_rowid (self->db), error)) != NULL;
    }
  if (!lt_store_write_end (self, ok, ok ? error : NULL))
    return NULL;
  g_info ("device %s added (%s)", device->name, lt_role_to_string (device->role));
  *token_out = g_steal_pointer (&token);
  return g_steal_pointer (&device);
}

GPtrArray *
lt_store_device_list (LtStore *self, GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) lt_device_free);
  sqlite3_stmt *stmt;
  int rc = SQLITE_ERROR;

  g_return_val_if_fail (LT_IS_STORE (self), NULL);
  g_rec_mutex_lock (&self->lock);
  stmt = lt_store_stmt (self, "SELECT " DEVICE_COLUMNS " FROM devices ORDER BY id", error);
  if (stmt != NULL)
    {
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (list, device_from_row (stmt));
      sqlite3_reset (stmt);
    }
  g_rec_mutex_unlock (&self->lock);
  if (stmt == NULL)
    return NULL;
  if (rc != SQLITE_DONE)
    return lt_store_fail (self, rc, _("读取设备"), error), NULL;
  return g_steal_pointer (&list);
}

gboolean
lt_store_device_revoke (LtStore *self, const char *name, GError **error)
{
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (LT_IS_STORE (self), FALSE);
  if (!lt_store_write_begin (self, error))
    return FALSE;
  stmt = lt_store_stmt (self,
      "UPDATE devices SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, lt_store_now ());
      lt_store_bind_text (stmt, 2, name);
      ok = lt_store_step_done (self, stmt, _("吊销设备"), error);
    }
  if (ok && sqlite3_changes (self->db) == 0)
    ok = refuse (error, LT_STORE_ERROR_NOT_FOUND,
                 _("没有名为“%s”、尚未吊销的设备，请用 laiting device list 查看。"),
                 name ? name : "");
  if (!lt_store_write_end (self, ok, ok ? error : NULL))
    return FALSE;
  g_info ("device %s revoked", name);
  return TRUE;
}

static gboolean
unauthorized (GError **error)
{
  return refuse (error, LT_STORE_ERROR_UNAUTHORIZED, "%s", _("令牌无效或已被吊销。"));
}

/* Records when and from where @device was last seen. Authentication does
 * not depend on it, so a busy database costs a log line, not a refusal. */
static void
note_seen (LtStore *self, LtDevice *device, const char *from, gint64 now)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  if (!lt_store_write_begin (self, &error))
    goto out;
  stmt = lt_store_stmt (self,
      "UPDATE devices SET last_seen_at = ?, last_seen_from = ? WHERE id = ?", &error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, now);
      lt_store_bind_text (stmt, 2, from);
      sqlite3_bind_int64 (stmt, 3, device->id);
      ok = lt_store_step_done (self, stmt, _("保存设备"), &error);
    }
  if (lt_store_write_end (self, ok, ok ? &error : NULL))
    {
      device->last_seen_at = now;
      g_free (device->last_seen_from);
      device->last_seen_from = g_strdup (from);
    }
out:
  if (error != NULL)
    g_message ("last seen time of device %s not saved: %s", device->name, error->message);
}

LtDevice *
lt_store_device_authenticate (LtStore *self, const char *token, const char *from,
                              gint64 now, GError **error)
{
  g_autofree char *hash = NULL;
  g_autoptr(LtDevice) device = NULL;
  sqlite3_stmt *stmt;
  int rc = SQLITE_ERROR;

  g_return_val_if_fail (LT_IS_STORE (self), NULL);
  /* A string that cannot be a token is refused without a lookup. */
  if (token == NULL || strlen (token) != TOKEN_LEN || !g_str_has_prefix (token, TOKEN_PREFIX))
    return unauthorized (error), NULL;
  hash = token_hash (token);
  g_rec_mutex_lock (&self->lock);
  stmt = lt_store_stmt (self,
      "SELECT " DEVICE_COLUMNS " FROM devices WHERE token_hash = ? AND revoked_at IS NULL", error);
  if (stmt != NULL)
    {
      lt_store_bind_text (stmt, 1, hash);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        device = device_from_row (stmt);
      sqlite3_reset (stmt);
    }
  if (device != NULL &&
      (device->last_seen_at == 0 || now - device->last_seen_at >= SEEN_INTERVAL ||
       now < device->last_seen_at))
    note_seen (self, device, from, now);
  g_rec_mutex_unlock (&self->lock);
  if (stmt == NULL)
    return NULL;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return lt_store_fail (self, rc, _("读取设备"), error), NULL;
  if (device == NULL)
    return unauthorized (error), NULL;
  return g_steal_pointer (&device);
}
