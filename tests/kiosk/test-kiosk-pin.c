/* test-kiosk-pin.c — staff PINs: the `laiting pin-hash` command, and the
 * kiosk's PIN screen on a real window (right PIN opens the staff screen, a
 * wrong one does not, five wrong ones rest the keypad). The hash format and
 * its verification are unit-tested in tests/test-pin.c; the 3-second press
 * that opens the PIN screen is tested end to end in test-kiosk-flow.py. */

#define G_LOG_DOMAIN "test-kiosk-pin"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "kiosk-fixture.h"
#include "lk-window.h"
#include "lt-pin.h"

static void
test_cli (void)
{
  const char *cli = g_getenv ("LAITING_CLI");
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *dir = g_dir_make_tmp ("laiting-pin-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "laiting.db", NULL);
  char *hash;

  if (cli == NULL)
    {
      g_test_skip ("LAITING_CLI is not set");
      return;
    }
  conf = g_build_filename (dir, "none.conf", NULL);
  g_file_set_contents (conf, "[site]\nname = 测试\n", -1, NULL);
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                           G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           cli, "--config", conf, "--db", db, "pin-hash", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, "97531\n", NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  g_assert_true (g_str_has_prefix (out, "staff-pin-hash = " LT_PIN_ARGON2ID_PREFIX));
  hash = strchr (out, '=') + 2;
  g_strstrip (hash);
  g_assert_true (lt_pin_verify ("97531", hash));
  g_assert_false (lt_pin_verify ("97532", hash));
  g_remove (db);
  g_remove (conf);
  g_rmdir (dir);
}

/* --- the PIN screen ----------------------------------------------------- */

static gboolean
pin_answered (gpointer page)
{
  return !kiosk_has_label (page, "正在核对密码");
}

/* Types @pin and taps 确定. The check runs off the main loop: right after
 * the tap the page says it is checking (a check on the main loop would
 * have answered before the tap returned), then it answers. */
static void
type_pin (GtkWidget *page, const char *pin)
{
  for (const char *p = pin; *p; p++)
    {
      char key[2] = { *p, 0 };

      kiosk_tap (page, key);
    }
  if (!gtk_widget_is_sensitive (kiosk_find_button (page, "确定")))
    return;  /* resting after too many tries */
  kiosk_tap (page, "确定");
  g_assert_true (kiosk_has_label (page, "正在核对密码"));
  g_assert_false (gtk_widget_is_sensitive (kiosk_find_button (page, "1")));
  g_assert_true (kiosk_wait_until (pin_answered, page, 20));
  kiosk_settle (gtk_widget_get_ancestor (page, GTK_TYPE_WINDOW));
}

static void
test_pin_screen (void)
{
  g_autofree char *hash = lt_pin_hash ("8642", NULL);
  g_autofree char *text = g_strdup_printf ("[site]\nname = 测试服务站\n[kiosk]\nvoice = false\n"
                                           "staff-pin-hash = %s\n", hash);
  KioskEnv *env = kiosk_env_new (text);
  LkWindow *window = kiosk_window_new (env, NULL);
  GtkWidget *page;

  lk_window_go (window, "pin");
  page = lk_window_get_page (window, "pin");

  type_pin (page, "1111");
  g_assert_cmpstr (lk_window_get_page_name (window), ==, "pin");
  type_pin (page, "8642");
  g_assert_cmpstr (lk_window_get_page_name (window), ==, "staff");

  /* Five wrong PINs rest the keypad, even for the right one. */
  lk_window_home (window);
  lk_window_go (window, "pin");
  for (int i = 0; i < 5; i++)
    type_pin (page, "0000");
  g_assert_false (gtk_widget_is_sensitive (kiosk_find_button (page, "1")));
  type_pin (page, "8642");
  g_assert_cmpstr (lk_window_get_page_name (window), ==, "pin");

  gtk_window_destroy (GTK_WINDOW (window));
  kiosk_env_free (env);
}

int
main (int argc, char **argv)
{
  kiosk_fixture_init (&argc, &argv);

  g_test_add_func ("/kiosk/pin/cli", test_cli);
  g_test_add_func ("/kiosk/pin/screen", test_pin_screen);
  return g_test_run ();
}
