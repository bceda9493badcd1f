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

#include "kiosk-fixture.h"
#include "lk-draft.h"
#include "lk-window.h"
#include "lt-store-private.h"

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
  KioskEnv *env = kiosk_env_new ("[site]\nname = 测试服务站\norigin = 12\n"
                                 "[kiosk]\nvoice = false\n");
  g_autofree char *big = g_strnfill (3000, 'x');
  g_autoptr(GString) words = g_string_new (NULL);
  LtStore *store = env->store;
  LtSubmission filler = { LT_CHANNEL_STAFF, "roads", big, NULL, NULL, NULL };
  LkWindow *window;
  LkDraft *draft;
  GtkWidget *page, *retry;
  LtTicket *t;

  while (words->len < 3000)
    g_string_append (words, "楼道的灯坏了好几天，晚上看不见路。");
  /* Fill the capped store to the brim. */
  cap_store (store, page_count (store));
  while ((t = lt_store_submit (store, &filler, &error)))
    lt_ticket_free (t);
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_FULL);
  g_clear_error (&error);

  window = kiosk_window_new (env, NULL);
  draft = lk_window_get_draft (window);
  lk_draft_set_category (draft, "roads");
  lk_draft_toggle_problem (draft, "路灯不亮", TRUE);
  /* Too big to fit anywhere; words a resident could have written, since
   * the confirm screen lays them out (3,000 letters with nowhere to break
   * a line cost Pango minutes under AddressSanitizer). */
  lk_draft_set_text (draft, words->str);
  g_strlcpy (draft->phone, "13912345678", sizeof draft->phone);
  lk_window_go (window, "confirm");
  page = lk_window_get_page (window, "confirm");
  retry = kiosk_find_button (page, "再试一次");

  g_signal_emit_by_name (kiosk_find_button (page, "确认提交"), "clicked");
  while (!gtk_widget_get_visible (retry))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (kiosk_has_label (page, "存储空间满了"));
  g_assert_true (kiosk_has_label (page, "内容都还在"));
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
  kiosk_env_free (env);
}

int
main (int argc, char **argv)
{
  kiosk_fixture_init (&argc, &argv);
  g_test_add_func ("/kiosk/submit/disk-full", test_disk_full);
  return g_test_run ();
}
