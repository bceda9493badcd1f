/* halls-voice-kiosk.c — the kiosk's window in a hall on the network, for
 * test-halls-voice.py: records a voice note, and plays one back on the
 * staff desk through the hub.
 *
 *   halls-voice-kiosk record CONF          files a report with a voice note
 *                                          from [kiosk] microphone, prints
 *                                          "recorded RECEIPT SECONDS", then waits to
 *                                          be killed
 *   halls-voice-kiosk desk CONF RECEIPT    waits until the spool has handed
 *                                          the note to the hub, opens the
 *                                          ticket on the desk and plays ▶ to
 *                                          the end; prints "played SECONDS"
 *   halls-voice-kiosk unreachable CONF RECEIPT
 *                                          with the hub away: ▶ says so
 *                                          ("said SENTENCE")
 *
 * gtk_test_init may print lines of its own: the test reads only these.
 *
 * CONF sets [hub] url, so the window works on the spool (lk_hall_open) as
 * laiting-kiosk does. The real window and widgets, driven in-process like
 * tests/kiosk/test-kiosk-notes.c; the Python test owns the hub, starts and
 * stops it, and reads the stores. Any failed check aborts with a message. */

#define G_LOG_DOMAIN "halls-voice-kiosk"

#include "config.h"

#include <stdio.h>
#include <gtk/gtk.h>

#include "kiosk-fixture.h"
#include "lk-draft.h"
#include "lk-hall.h"
#include "lk-staff-detail.h"
#include "lk-voice-button.h"
#include "lk-voice-page.h"
#include "lk-window.h"

#define WAIT_SECONDS 60

static void
click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
voice_probed (gpointer data)
{
  return lk_voice_page_is_probed (data);
}

static gboolean
recording_done (gpointer data)
{
  return lk_window_get_draft (data)->voice_path != NULL;
}

static gboolean
on_receipt_page (gpointer data)
{
  return g_strcmp0 (lk_window_get_page_name (data), "receipt") == 0;
}

static gboolean
button_visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

typedef struct { LtSpool *spool; const char *receipt; } Forwarded;

static gboolean
voice_forwarded (gpointer data)
{
  Forwarded *f = data;

  return lt_spool_voice_is_forwarded (f->spool, f->receipt);
}

/* The kiosk's link, as laiting-kiosk makes it; the window finds it on
 * itself (lk_hall_for_widget). */
static LtSpool *
open_hall (const char *conf, LtConfig **config_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LtConfig) config = lt_config_load (conf, &error);
  LtSpool *spool;

  g_assert_no_error (error);
  spool = lk_hall_open (config, &error);
  g_assert_no_error (error);
  g_assert_nonnull (spool);
  *config_out = g_steal_pointer (&config);
  return spool;
}

static int
record (const char *conf)
{
  g_autoptr(LtConfig) config = NULL;
  g_autoptr(LtSpool) spool = open_hall (conf, &config);
  LtStore *store = lt_spool_get_store (spool);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  LtListQuery q = { .filter = LT_LIST_ALL };
  LkWindow *window = lk_window_new (NULL, config, store, lt_store_get_path (store));
  GtkWidget *voice = lk_window_get_page (window, "voice");
  LkDraft *draft = lk_window_get_draft (window);
  const LtTicket *t;
  guint seconds;

  g_object_set_data (G_OBJECT (window), "lk-hall-spool", spool);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  kiosk_wait_for (voice_probed, voice, WAIT_SECONDS, "the microphone check");
  lk_draft_set_category (draft, "roads");
  lk_draft_toggle_problem (draft, "路灯不亮", TRUE);
  lk_window_go (window, "describe");
  click (kiosk_find_button (lk_window_get_page (window, "describe"), "说一段话"));
  click (kiosk_find_button (voice, "开始说话"));
  kiosk_wait_for (recording_done, window, WAIT_SECONDS, "the end of the recording");
  seconds = draft->voice_seconds;
  click (kiosk_find_button (voice, "好了"));
  draft->no_phone = TRUE;
  lk_window_go (window, "confirm");
  click (kiosk_find_button (lk_window_get_page (window, "confirm"), "确认提交"));
  kiosk_wait_for (on_receipt_page, window, WAIT_SECONDS, "the receipt");
  tickets = lt_store_list (store, &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tickets->len, ==, 1);
  t = g_ptr_array_index (tickets, 0);
  g_print ("recorded %s %u\n", t->receipt, seconds);
  /* The receipt is on screen: the report is on disk. The test kills us
   * here, as a power cut would. */
  for (;;)
    g_main_context_iteration (NULL, TRUE);
  return 0;
}

static void
played_cb (LkVoiceButton *button, const GError *error, gboolean *played)
{
  g_assert_no_error (error);
  *played = TRUE;
}

static int
desk (const char *conf, const char *receipt)
{
  g_autoptr(LtConfig) config = NULL;
  g_autoptr(LtSpool) spool = open_hall (conf, &config);
  g_autoptr(GError) error = NULL;
  g_autofree char *state = g_path_get_dirname (lt_store_get_path (lt_spool_get_store (spool)));
  g_autofree char *name = g_strdup_printf ("%s-voice.ogg", receipt);
  g_autofree char *cached = g_build_filename (state, "voice-cache", name, NULL);
  Forwarded forwarded = { spool, receipt };
  GtkWidget *window, *detail, *button;
  gboolean played = FALSE;
  gint64 started;

  /* A new kiosk process: its forwarder finds the note in the spool. */
  kiosk_wait_for (voice_forwarded, &forwarded, WAIT_SECONDS, "the voice note to reach the hub");
  window = gtk_window_new ();
  g_object_set_data (G_OBJECT (window), "lk-hall-spool", spool);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_widget_add_css_class (window, "lk-window");
  detail = g_object_new (LK_TYPE_STAFF_DETAIL, NULL);
  gtk_window_set_child (GTK_WINDOW (window), detail);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_false (g_file_test (cached, G_FILE_TEST_EXISTS));
  g_assert_true (lk_staff_detail_show (LK_STAFF_DETAIL (detail), lt_spool_get_store (spool),
                                       receipt, &error));
  g_assert_no_error (error);
  button = kiosk_find_type (detail, LK_TYPE_VOICE_BUTTON);
  g_assert_nonnull (button);
  /* The note is fetched off the main loop: nothing is shown, nor on
   * disk, until the worker is done. */
  g_assert_false (gtk_widget_get_visible (button));
  kiosk_wait_for (button_visible, button, WAIT_SECONDS, "the ▶ button");
  g_assert_true (g_str_has_prefix (gtk_button_get_label (GTK_BUTTON (button)), "▶ 播放语音留言"));
  g_assert_true (g_file_test (cached, G_FILE_TEST_IS_REGULAR));
  g_signal_connect (button, "played", G_CALLBACK (played_cb), &played);
  started = g_get_monotonic_time ();
  click (button);
  g_assert_true (lk_voice_button_is_playing (LK_VOICE_BUTTON (button)));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "■ 停止播放");
  kiosk_wait_for (flag_set, &played, WAIT_SECONDS, "the end of playback");
  g_print ("played %.1f\n", (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  g_assert_true (g_str_has_prefix (gtk_button_get_label (GTK_BUTTON (button)), "▶"));
  gtk_window_destroy (GTK_WINDOW (window));
  lt_spool_stop (spool);
  return 0;
}

static int
unreachable (const char *conf, const char *receipt)
{
  g_autoptr(LtConfig) config = NULL;
  g_autoptr(LtSpool) spool = open_hall (conf, &config);
  g_autoptr(LtTicketService) tickets = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *button = g_object_new (LK_TYPE_VOICE_BUTTON, NULL);

  g_object_set_data (G_OBJECT (window), "lk-hall-spool", spool);
  gtk_window_set_child (GTK_WINDOW (window), button);
  gtk_window_present (GTK_WINDOW (window));
  tickets = lk_hall_staff_tickets (button, lt_spool_get_store (spool));
  g_assert_nonnull (lt_ticket_service_get_hub (tickets));
  lk_voice_button_set_ticket (LK_VOICE_BUTTON (button), tickets, config, receipt);
  kiosk_wait_for (button_visible, button, WAIT_SECONDS, "the button's sentence");
  /* UTF-8 whatever the locale (g_print would convert to it). */
  printf ("said %s\n", gtk_button_get_label (GTK_BUTTON (button)));
  fflush (stdout);
  gtk_window_destroy (GTK_WINDOW (window));
  lt_spool_stop (spool);
  return 0;
}

int
main (int argc, char **argv)
{
  kiosk_fixture_init (&argc, &argv);
  if (argc == 3 && g_str_equal (argv[1], "record"))
    return record (argv[2]);
  if (argc == 4 && g_str_equal (argv[1], "desk"))
    return desk (argv[2], argv[3]);
  if (argc == 4 && g_str_equal (argv[1], "unreachable"))
    return unreachable (argv[2], argv[3]);
  g_printerr ("usage: %s record CONF | desk CONF RECEIPT | unreachable CONF RECEIPT\n", argv[0]);
  return 2;
}
