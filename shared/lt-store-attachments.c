/* lt-store-attachments.c — voice notes filed with a ticket.
 *
 * A recording is made into the store's attachments/ folder under a
 * temporary name; filing the ticket inserts its row and renames the file
 * to the ticket's receipt number inside the ticket's own transaction, so a
 * ticket that is on disk has its recording, and a ticket that failed to
 * commit leaves the recording where the kiosk can file it again.
 *
 * A hub receives a note as bytes after its ticket (lt_store_put_voice):
 * the same idempotency as tickets, keyed by the receipt number. */

#define G_LOG_DOMAIN "lt-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "lt-receipt.h"
#include "lt-store-private.h"

#define ATTACHMENT_DIR "attachments"

char *
lt_store_attachment_dir (LtStore *self)
{
  g_autofree char *base = NULL;

  g_return_val_if_fail (LT_IS_STORE (self), NULL);
  base = g_path_get_dirname (self->path);
  return g_build_filename (base, ATTACHMENT_DIR, NULL);
}

static char *
absolute_path (LtStore *self, const char *relative)
{
  g_autofree char *base = g_path_get_dirname (self->path);

  if (g_path_is_absolute (relative))
    return g_strdup (relative);
  return g_build_filename (base, relative, NULL);
}

/* The row that files a voice note with its ticket; @relative is the
 * file's path under the store's attachment directory. */
static gboolean
insert_voice_row (LtStore *self, gint64 ticket_id, guint seconds, const char *relative,
                  GError **error)
{
  sqlite3_stmt *stmt = lt_store_stmt (self, "INSERT INTO attachments (ticket_id, kind, seconds,"
                                            " path) VALUES (?, 'voice', ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  sqlite3_bind_int (stmt, 2, (int) seconds);
  lt_store_bind_text (stmt, 3, relative);
  return lt_store_step_done (self, stmt, _("保存语音留言"), error);
}

gboolean
lt_store_attach_voice (LtStore *self, gint64 ticket_id, const char *receipt,
                       const char *path, guint seconds, char **final_path,
                       GError **error)
{
  g_autofree char *dir = lt_store_attachment_dir (self);
  g_autofree char *name = g_strdup_printf ("%s-voice.ogg", receipt);
  g_autofree char *relative = g_build_filename (ATTACHMENT_DIR, name, NULL);
  g_autofree char *dest = g_build_filename (dir, name, NULL);

  if (g_mkdir_with_parents (dir, 0750) != 0 || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      int saved = errno;

      g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_IO,
                   _("无法保存语音留言 %s：%s。"), path, g_strerror (saved ? saved : ENOENT));
      return FALSE;
    }
  if (!insert_voice_row (self, ticket_id, seconds, relative, error))
    return FALSE;
  if (g_rename (path, dest) != 0)
    {
      int saved = errno;

      g_set_error (error, LT_STORE_ERROR, saved == ENOSPC ? LT_STORE_ERROR_FULL : LT_STORE_ERROR_IO,
                   _("无法保存语音留言 %s：%s。"), dest, g_strerror (saved));
      return FALSE;
    }
  *final_path = g_steal_pointer (&dest);
  return TRUE;
}

GPtrArray *
lt_store_list_attachments (LtStore *self, const char *receipt, GError **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) lt_attachment_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (LT_IS_STORE (self), NULL);
  g_return_val_if_fail (receipt != NULL, NULL);
  g_rec_mutex_lock (&self->lock);
  stmt = lt_store_stmt (self, "SELECT a.kind, a.seconds, a.path FROM attachments a"
                              " JOIN tickets t ON t.id = a.ticket_id"
                              " WHERE t.receipt = ? ORDER BY a.id", error);
  if (stmt == NULL)
    {
      g_rec_mutex_unlock (&self->lock);
      return NULL;
    }
  lt_store_bind_text (stmt, 1, receipt);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *path = absolute_path (self, (const char *) sqlite3_column_text (stmt, 2));

      g_ptr_array_add (out, lt_attachment_new ((const char *) sqlite3_column_text (stmt, 0),
                                               (guint) sqlite3_column_int (stmt, 1), path));
    }
  sqlite3_reset (stmt);
  g_rec_mutex_unlock (&self->lock);
  if (rc != SQLITE_DONE)
    {
      lt_store_fail (self, rc, _("读取语音留言"), error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

/* The bytes of an attachment already filed, compared with @data: the same
 * note sent again must not be taken for a different one. */
static gboolean
same_file (const char *path, GBytes *data)
{
  g_autofree char *old = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &old, &len, NULL))
    return FALSE;
  return len == g_bytes_get_size (data) && memcmp (old, g_bytes_get_data (data, NULL), len) == 0;
}

/* Finds ticket @ticket_id's voice note: TRUE with its absolute path in
 * *@path (NULL when it has none). */
static gboolean
find_voice (LtStore *self, gint64 ticket_id, char **path, GError **error)
{
  sqlite3_stmt *stmt = lt_store_stmt (self, "SELECT path FROM attachments"
                                            " WHERE ticket_id = ? AND kind = 'voice'", error);
  int rc;

  *path = NULL;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *path = absolute_path (self, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return lt_store_fail (self, rc, _("读取语音留言"), error);
  return TRUE;
}

/* Writes the note under the ticket's name and files its row, in one
 * transaction: the file is flushed to disk before the row commits, so a
 * committed row always has its file. */
static gboolean
file_voice (LtStore *self, gint64 ticket_id, const char *receipt, GBytes *data,
            guint seconds, GError **error)
{
  g_autofree char *dir = lt_store_attachment_dir (self);
  g_autofree char *name = g_strdup_printf ("%s-voice.ogg", receipt);
  g_autofree char *relative = g_build_filename (ATTACHMENT_DIR, name, NULL);
  g_autofree char *dest = g_build_filename (dir, name, NULL);
  g_autoptr(GError) local = NULL;
  gsize len;
  const char *bytes = g_bytes_get_data (data, &len);

  if (g_mkdir_with_parents (dir, 0750) != 0 ||
      !g_file_set_contents_full (dest, bytes, (gssize) len,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0640, &local))
    {
      g_set_error (error, LT_STORE_ERROR,
                   g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOSPC)
                   ? LT_STORE_ERROR_FULL : LT_STORE_ERROR_IO,
                   _("无法保存语音留言 %s：%s。"), dest,
                   local ? local->message : g_strerror (errno));
      return FALSE;
    }
  return insert_voice_row (self, ticket_id, seconds, relative, error);
}

gboolean
lt_store_put_voice (LtStore *self, const char *receipt, GBytes *data, guint seconds,
                    gboolean *existed, GError **error)
{
  g_autofree char *old = NULL;
  g_autoptr(GError) local = NULL;
  gboolean ok, found = FALSE;
  gint64 ticket_id;

  g_return_val_if_fail (LT_IS_STORE (self), FALSE);
  g_return_val_if_fail (receipt != NULL && data != NULL, FALSE);
  if (!lt_store_write_begin (self, error))
    return FALSE;
  ticket_id = lt_store_ticket_id (self, receipt, &local);
  ok = ticket_id != 0 && find_voice (self, ticket_id, &old, &local);
  if (ok && old != NULL)
    {
      found = TRUE;
      if (!same_file (old, data))
        {
          g_autofree char *shown = lt_receipt_format (receipt);

          ok = FALSE;
          g_set_error (&local, LT_STORE_ERROR, LT_STORE_ERROR_CONFLICT,
                       _("工单 %s 已经有一段不同的语音留言了。"), shown);
        }
    }
  else if (ok)
    ok = file_voice (self, ticket_id, receipt, data, seconds, &local);
  if (!lt_store_write_end (self, ok, ok ? &local : NULL) || !ok)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (existed != NULL)
    *existed = found;
  return TRUE;
}
