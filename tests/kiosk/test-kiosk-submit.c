/* test-kiosk-submit.c — a full disk at the moment of 确认提交.
 *
 * The store is capped (PRAGMA max_page_count, which SQLite reports exactly
 * as it reports a full disk) and filled up; the confirm screen must then
 * say so in one sentence, keep the report, show no receipt, and file it
 * with 再试一次 once there is room again. The locked and missing store
 * cases run end to end in test-kiosk-flow.py. */

#define G_LOG_DOMAIN "test-kiosk-submit"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "lk-application.h"
#include "lk-draft.h"
#include "lk-window.h"
#include "lt-store-private.h"

static GtkWidget *
find_button (GtkWidget *root, const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found)
        return found;
    }
  return NULL;
}

static gboolean
has_label (GtkWidget *root, const char *part)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_visible (root) &&
      strstr (gtk_label_get_text (GTK_LABEL (root)), part) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    if (has_label (child, part))
      return TRUE;
  return FALSE;
}

static int
page_count (LtStore *store)
{
  sqlite3_stmt *stmt = NULL;
  int n = 0;

  sqlite3_prepare_v2 (store->db, "PRAGMA page_count", -1, &stmt, NULL);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
cap_store (LtStore *store, int pages)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA max_page_count = %d", pages);

  g_assert_cmpint (sqlite3_exec (store->db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

static void
test_disk_full (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("laiting-kiosk-full-XXXXXX", &error);
  g_autofree char *conf = g_build_filename (dir, "laiting.conf", NULL);
  g_autofree char *db = g_build_filename (dir, "laiting.db", NULL);
  g_autofree char *big = g_strnfill (3000, 'x');
  g_autoptr(LtConfig) config = NULL;
  g_autoptr(LtStore) store = NULL;
  LtSubmission filler = { LT_CHANNEL_STAFF, "roads", big, NULL, NULL, NULL };
  LkWindow *window;
  LkDraft *draft;
  GtkWidget *page, *retry;
  LtTicket *t;

  g_assert_true (g_file_set_contents (conf, "[site]\nname = 测试服务站\norigin = 12\n"
                                      "[kiosk]\nvoice = false\n", -1, NULL));
  config = lt_config_load (conf, &error);
  g_assert_no_error (error);
  store = lt_store_open (db, config, &error);
  g_assert_no_error (error);

  /* Fill the capped store to the brim. */
  cap_store (store, page_count (store));
  while ((t = lt_store_submit (store, &filler, &error)))
    lt_ticket_free (t);
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_FULL);
  g_clear_error (&error);

  window = lk_window_new (NULL, config, store, db);
  gtk_window_present (GTK_WINDOW (window));
  draft = lk_window_get_draft (window);
  lk_draft_set_category (draft, "roads");
  lk_draft_toggle_problem (draft, "路灯不亮", TRUE);
  lk_draft_set_text (draft, big);   /* too big to fit anywhere */
  g_strlcpy (draft->phone, "13912345678", sizeof draft->phone);
  lk_window_go (window, "confirm");
  page = lk_window_get_page (window, "confirm");
  retry = find_button (page, "再试一次");

  g_signal_emit_by_name (find_button (page, "确认提交"), "clicked");
  while (!gtk_widget_get_visible (retry))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (has_label (page, "存储空间满了"));
  g_assert_true (has_label (page, "内容都还在"));
  g_assert_cmpstr (lk_window_get_page_name (window), ==, "confirm");
  g_assert_nonnull (draft->category);
  g_assert_cmpstr (draft->phone, ==, "13912345678");
  g_assert_true (lk_draft_has_problem (draft, "路灯不亮"));

  /* Room again: 再试一次 files the very same report. */
  cap_store (store, 1 << 20);
  g_signal_emit_by_name (retry, "clicked");
  while (g_strcmp0 (lk_window_get_page_name (window), "receipt") != 0)
    g_main_context_iteration (NULL, TRUE);
  {
    LtListQuery q = { .filter = LT_LIST_ALL, .phone = "13912345678" };
    g_autoptr(GPtrArray) mine = lt_store_list (store, &q, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (mine->len, ==, 1);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&store);
  for (const char *s = ""; s; s = *s == '\0' ? "-wal" : g_str_equal (s, "-wal") ? "-shm" : NULL)
    {
      g_autofree char *f = g_strconcat (db, s, NULL);

      g_remove (f);
    }
  g_remove (conf);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  lk_application_load_style (gdk_display_get_default ());
  g_test_add_func ("/kiosk/submit/disk-full", test_disk_full);
  return g_test_run ();
}
