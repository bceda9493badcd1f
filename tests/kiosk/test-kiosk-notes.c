/* test-kiosk-notes.c — handwriting and voice notes on the real window.
 *
 * Strokes are written through the pad's own drag gesture (its
 * drag-begin/-update/-end signals, the code path a finger takes), and, for
 * a handful of characters, with the X server's real pointer (xdotool), so
 * the events go the whole way from the display through GDK; what lands in
 * the store is read back. Voice notes are recorded from
 * GStreamer's live test tone and from a WAV file of real speech (made here
 * by espeak-ng), filed with the ticket, listed by `laiting show --json`
 * and played to the end by the staff desk's ▶. Playback goes into a
 * fakesink that keeps real time ([kiosk] speaker). Also: a kiosk without a
 * microphone or without the model hides the buttons and says why; strokes
 * and recording keep the idle question away; 首页 wipes both.
 *
 * $LAITING_VOICE_MAX_SECONDS shortens the two-minute limit so the limit
 * test takes seconds. Runs in-process under Xvfb (run-under-xvfb.sh). */

#define G_LOG_DOMAIN "test-kiosk-notes"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <gdk/x11/gdkx.h>
#include <json-glib/json-glib.h>

#include "kiosk-fixture.h"
#include "lk-application.h"
#include "lk-draft.h"
#include "lk-handwriting-pad.h"
#include "lk-screenshot.h"
#include "lk-staff-detail.h"
#include "lk-voice-button.h"
#include "lk-voice-page.h"
#include "lk-window.h"
#include "lt-store.h"

/* What the voice was asked to say, one line each (see main). */
static char *speech_log;

#define TONE KIOSK_TEST_MICROPHONE
#define SPEAKER "fakesink sync=true"

typedef struct
{
  KioskEnv *env;     /* the shared fixture's folder, config and store */
  char     *dir;     /* env's, for short */
  char     *db;
  LtConfig *config;
  LtStore  *store;
  LkWindow *window;
} Kiosk;

/* --- helpers ------------------------------------------------------------- */

static GtkWidget *
find_button (GtkWidget *root, const char *label)
{
  if (GTK_IS_BUTTON (root) && gtk_widget_get_visible (root) &&
      g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
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
timeout_done_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

/* Lets the main loop run for @ms. */
static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_done_cb, &done);
  /* Generous: a loaded machine under AddressSanitizer draws slowly. */
  kiosk_wait_for (flag_set, &done, ms / 1000.0 + 60, "a pause");
}

static void
click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
kiosk_open (Kiosk *k, const char *extra_config, int width, int height)
{
  g_autofree char *text = NULL;

  text = g_strdup_printf ("[site]\nname = 测试服务站\norigin = 12\n"
                          "[kiosk]\nvoice = true\nspeaker = " SPEAKER "\n"
                          "handwriting-pause-ms = 300\n%s", extra_config);
  k->env = kiosk_env_new (text);
  k->dir = k->env->dir;
  k->db = k->env->db;
  k->config = k->env->config;
  k->store = k->env->store;
  k->window = lk_window_new (NULL, k->config, k->store, k->db);
  gtk_window_set_default_size (GTK_WINDOW (k->window), width, height);
  gtk_window_present (GTK_WINDOW (k->window));
}

static void
kiosk_close (Kiosk *k)
{
  gtk_window_destroy (GTK_WINDOW (k->window));
  spin (50);
  k->dir = k->db = NULL;
  k->config = NULL;
  k->store = NULL;
  g_clear_pointer (&k->env, kiosk_env_free);
}

static GtkWidget *
page (Kiosk *k, const char *name)
{
  return lk_window_get_page (k->window, name);
}

static gboolean
pad_ready (gpointer data)
{
  return lk_handwriting_pad_is_available (data);
}

static gboolean
voice_probed (gpointer data)
{
  return lk_voice_page_is_probed (data);
}

/* Home → 道路交通 is skipped: the describe screen with a category chosen,
 * once the model and the microphone have been checked. */
static void
go_describe (Kiosk *k)
{
  kiosk_wait_for (voice_probed, page (k, "voice"), 40, "the microphone check");
  lk_draft_set_category (lk_window_get_draft (k->window), "roads");
  lk_window_go (k->window, "describe");
}

static char *
last_said (Kiosk *k)
{
  return g_strdup (lk_speech_get_last (lk_window_get_speech (k->window)));
}

/* Files the draft from the confirm screen and returns the receipt. */
static char *
file_report (Kiosk *k)
{
  g_autoptr(GError) error = NULL;
  LtListQuery q = { .filter = LT_LIST_ALL };
  g_autoptr(GPtrArray) tickets = NULL;
  const LtTicket *t;

  lk_window_get_draft (k->window)->no_phone = TRUE;
  lk_window_go (k->window, "confirm");
  click (find_button (page (k, "confirm"), "确认提交"));
  while (g_strcmp0 (lk_window_get_page_name (k->window), "receipt") != 0)
    g_main_context_iteration (NULL, TRUE);
  tickets = lt_store_list (k->store, &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tickets->len, ==, 1);
  t = g_ptr_array_index (tickets, 0);
  return g_strdup (t->receipt);
}

static LtTicket *
get_ticket (Kiosk *k, const char *receipt)
{
  g_autoptr(GError) error = NULL;
  LtTicket *t = lt_store_get (k->store, receipt, &error);

  g_assert_no_error (error);
  return t;
}

static void
screenshot (Kiosk *k, const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                           "screenshots", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_mkdir_with_parents (dir, 0755);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (k->window));
  if (lk_screenshot_save (GTK_WIDGET (k->window), path, &error))
    g_test_message ("screenshot %s", path);
  else
    g_test_message ("no screenshot %s: %s", path, error->message);
}

/* --- writing through the gesture ------------------------------------------ */

static GtkGesture *
canvas_drag (LkHandwritingPad *pad)
{
  GtkWidget *canvas = lk_handwriting_pad_get_canvas (pad);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (canvas);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_DRAG (c))
        return GTK_GESTURE (c);
    }
  g_assert_not_reached ();
}

/* One stroke through @spec's points ("x,y x,y …", in thousandths of the
 * pad's side), with the finger moving in small steps like a real one. */
static void
stroke (LkHandwritingPad *pad, const char *spec)
{
  GtkWidget *canvas = lk_handwriting_pad_get_canvas (pad);
  GtkGesture *drag = canvas_drag (pad);
  g_auto(GStrv) points = g_strsplit (spec, " ", -1);
  double w = gtk_widget_get_width (canvas), h = gtk_widget_get_height (canvas);
  double x0 = 0, y0 = 0, px = 0, py = 0;

  g_assert_cmpfloat (w, >, 100);
  for (guint i = 0; points[i]; i++)
    {
      double x, y;

      g_assert_cmpint (sscanf (points[i], "%lf,%lf", &x, &y), ==, 2);
      x = x * w / 1000;
      y = y * h / 1000;
      if (i == 0)
        {
          x0 = x, y0 = y;
          g_signal_emit_by_name (drag, "drag-begin", x, y);
        }
      else
        for (int step = 1; step <= 8; step++)
          g_signal_emit_by_name (drag, "drag-update",
                                 px + (x - px) * step / 8 - x0, py + (y - py) * step / 8 - y0);
      px = x, py = y;
    }
  g_signal_emit_by_name (drag, "drag-end", px - x0, py - y0);
}

static void
candidates_shown_cb (LkHandwritingPad *pad, gboolean *shown)
{
  *shown = TRUE;
}

/* Writes one character (strokes separated by ';') and waits for its
 * candidates. */
static void
write_char (LkHandwritingPad *pad, const char *strokes)
{
  g_auto(GStrv) each = g_strsplit (strokes, ";", -1);
  gboolean shown = FALSE;
  gulong id = g_signal_connect (pad, "candidates-shown", G_CALLBACK (candidates_shown_cb), &shown);

  for (guint i = 0; each[i]; i++)
    stroke (pad, each[i]);
  /* Only the last stroke's answer counts; earlier ones may come first. */
  kiosk_wait_for (flag_set, &shown, 10, "candidates");
  while (lk_handwriting_pad_get_candidates (pad)[0] == NULL)
    g_main_context_iteration (NULL, TRUE);
  spin (20);
  g_signal_handler_disconnect (pad, id);
}

static gboolean
strv_has (const char *const *strv, const char *s)
{
  return strv && g_strv_contains (strv, s);
}

/* Stroke data (thousandths of the side), checked against the zh_CN model. */
#define YI   "130,500 870,500"
#define ER   "230,300 770,300;130,700 870,700"
#define SHI  "130,470 870,470;500,100 500,900"
#define KOU  "230,230 230,770;230,230 770,230 770,770;230,770 770,770"
#define REN  "467,100 433,433 300,700 133,900;367,500 600,733 867,900"
#define SHU  "500,70 500,930"

static void
assert_big_enough (GtkWidget *widget)
{
  graphene_rect_t r;

  gtk_test_widget_wait_for_draw (GTK_WIDGET (gtk_widget_get_root (widget)));
  g_assert_true (gtk_widget_compute_bounds (widget, widget, &r));
  g_assert_cmpfloat (r.size.width, >=, 96);
  g_assert_cmpfloat (r.size.height, >=, 96);
}

static void
test_handwriting (void)
{
  Kiosk k = { 0 };
  LkHandwritingPad *pad;
  GtkWidget *button;
  g_autofree char *receipt = NULL;
  g_autoptr(LtTicket) ticket = NULL;
  g_autofree char *said = NULL;

  kiosk_open (&k, "microphone = " TONE "\n", 1280, 800);
  pad = LK_HANDWRITING_PAD (page (&k, "handwriting"));
  kiosk_wait_for (pad_ready, pad, 10, "the handwriting model");
  go_describe (&k);

  /* One tap from the describe screen. */
  button = find_button (page (&k, "describe"), "手写");
  g_assert_nonnull (button);
  assert_big_enough (button);
  click (button);
  g_assert_cmpstr (lk_window_get_page_name (k.window), ==, "handwriting");
  said = last_said (&k);
  g_assert_true (g_str_has_prefix (said, "请用手指在方框里写字"));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (k.window));

  write_char (pad, YI);
  g_assert_cmpstr (lk_handwriting_pad_get_candidates (pad)[0], ==, "一");
  /* Candidates are big buttons. */
  button = find_button (GTK_WIDGET (pad), "一");
  assert_big_enough (button);

  /* Writing on after the pause takes the first candidate. */
  spin (450);
  write_char (pad, ER);
  g_assert_cmpstr (lk_handwriting_pad_get_text (pad), ==, "一");
  g_assert_cmpstr (lk_handwriting_pad_get_candidates (pad)[0], ==, "二");
  spin (450);
  write_char (pad, SHI);
  g_assert_cmpstr (lk_handwriting_pad_get_text (pad), ==, "一二");
  g_assert_cmpstr (lk_handwriting_pad_get_candidates (pad)[0], ==, "十");
  spin (450);
  write_char (pad, KOU);
  g_assert_cmpstr (lk_handwriting_pad_get_text (pad), ==, "一二十");
  g_assert_cmpstr (lk_handwriting_pad_get_candidates (pad)[0], ==, "口");
  screenshot (&k, "notes-pad-1280x800.png");
  /* All of it on a 1280×800 screen: nothing below the fold. */
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (k.window)), <=, 800);

  /* Tapping a candidate takes it, even when it is not the first, and the
   * voice reads it. */
  spin (450);
  write_char (pad, REN);
  g_assert_cmpstr (lk_handwriting_pad_get_text (pad), ==, "一二十口");
  g_assert_true (strv_has (lk_handwriting_pad_get_candidates (pad), "人"));
  click (find_button (GTK_WIDGET (pad), "人"));
  g_assert_cmpstr (lk_handwriting_pad_get_text (pad), ==, "一二十口人");
  g_clear_pointer (&said, g_free);
  said = last_said (&k);
  g_assert_cmpstr (said, ==, "人");

  /* 删一个字 rubs out the character being written first, then a taken one. */
  write_char (pad, SHU);
  click (find_button (GTK_WIDGET (pad), "删一个字"));
  g_assert_null (lk_handwriting_pad_get_candidates (pad)[0]);
  g_assert_cmpstr (lk_handwriting_pad_get_text (pad), ==, "一二十口人");
  click (find_button (GTK_WIDGET (pad), "删一个字"));
  g_assert_cmpstr (lk_handwriting_pad_get_text (pad), ==, "一二十口");

  /* 写好了 with a character still on the pad takes its best reading. */
  write_char (pad, YI);
  click (find_button (GTK_WIDGET (pad), "写好了"));
  g_assert_cmpstr (lk_window_get_page_name (k.window), ==, "describe");
  g_assert_cmpstr (lk_window_get_draft (k.window)->text, ==, "一二十口一");

  /* The text written appears large above the pad when writing goes on,
   * and 清空 starts again. */
  click (find_button (page (&k, "describe"), "手写"));
  g_assert_cmpstr (lk_handwriting_pad_get_text (pad), ==, "一二十口一");
  click (find_button (GTK_WIDGET (pad), "清空"));
  g_assert_cmpstr (lk_handwriting_pad_get_text (pad), ==, "");
  write_char (pad, KOU);
  spin (450);
  write_char (pad, REN);
  click (find_button (GTK_WIDGET (pad), "人"));
  spin (450);
  write_char (pad, SHI);
  click (find_button (GTK_WIDGET (pad), "写好了"));

  receipt = file_report (&k);
  ticket = get_ticket (&k, receipt);
  g_assert_cmpstr (ticket->text, ==, "口人十");
  kiosk_close (&k);
}

/* --- writing with the real pointer ----------------------------------------- */

static void
child_exited_cb (GPid pid, int status, gpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_spawn_check_wait_status (status, &error));
  g_spawn_close_pid (pid);
  *(gboolean *) data = TRUE;
}

/* One stroke through @spec's points (as stroke() above), made by the X
 * server's own pointer: xdotool presses the button on the pad, moves in
 * small steps a hundredth of a second apart and lets go. The events come
 * through GDK to the pad's gesture as a finger's would; the main loop runs
 * meanwhile, so the window sees them as they happen. */
static void
pointer_stroke (LkHandwritingPad *pad, const char *spec)
{
  GtkWidget *canvas = lk_handwriting_pad_get_canvas (pad);
  GtkNative *native = gtk_widget_get_native (canvas);
  g_auto(GStrv) points = g_strsplit (spec, " ", -1);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *window = NULL;
  double w = gtk_widget_get_width (canvas), h = gtk_widget_get_height (canvas);
  double sx, sy, px = 0, py = 0;
  gboolean done = FALSE;
  GPid pid;

  g_assert_true (GDK_IS_X11_SURFACE (gtk_native_get_surface (native)));
  window = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (native)));
  /* Widget coordinates to the X window's: past the window's own shadow. */
  gtk_native_get_surface_transform (native, &sx, &sy);
  g_ptr_array_add (argv, g_strdup ("xdotool"));
  for (guint i = 0; points[i]; i++)
    {
      double x, y;

      g_assert_cmpint (sscanf (points[i], "%lf,%lf", &x, &y), ==, 2);
      x = x * w / 1000;
      y = y * h / 1000;
      for (int step = i == 0 ? 8 : 1; step <= 8; step++)
        {
          graphene_point_t in = GRAPHENE_POINT_INIT (px + (x - px) * step / 8,
                                                     py + (y - py) * step / 8), out;

          g_assert_true (gtk_widget_compute_point (canvas, GTK_WIDGET (native), &in, &out));
          g_ptr_array_add (argv, g_strdup ("mousemove"));
          g_ptr_array_add (argv, g_strdup ("--window"));
          g_ptr_array_add (argv, g_strdup (window));
          g_ptr_array_add (argv, g_strdup_printf ("%d", (int) (out.x + sx)));
          g_ptr_array_add (argv, g_strdup_printf ("%d", (int) (out.y + sy)));
          g_ptr_array_add (argv, g_strdup ("sleep"));
          g_ptr_array_add (argv, g_strdup ("0.01"));
        }
      if (i == 0)
        {
          g_ptr_array_add (argv, g_strdup ("mousedown"));
          g_ptr_array_add (argv, g_strdup ("1"));
        }
      px = x, py = y;
    }
  g_ptr_array_add (argv, g_strdup ("mouseup"));
  g_ptr_array_add (argv, g_strdup ("1"));
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_async (NULL, (char **) argv->pdata, NULL,
                                G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                &pid, &error));
  g_assert_no_error (error);
  g_child_watch_add (pid, child_exited_cb, &done);
  kiosk_wait_for (flag_set, &done, 30, "xdotool");
  /* The last events reach the window after xdotool has gone. */
  spin (50);
}

static void
pointer_char (LkHandwritingPad *pad, const char *strokes)
{
  g_auto(GStrv) each = g_strsplit (strokes, ";", -1);
  gboolean shown = FALSE;
  gulong id = g_signal_connect (pad, "candidates-shown", G_CALLBACK (candidates_shown_cb), &shown);

  for (guint i = 0; each[i]; i++)
    pointer_stroke (pad, each[i]);
  kiosk_wait_for (flag_set, &shown, 10, "candidates");
  while (lk_handwriting_pad_get_candidates (pad)[0] == NULL)
    g_main_context_iteration (NULL, TRUE);
  spin (20);
  g_signal_handler_disconnect (pad, id);
}

/* A handful of characters written with the X server's real pointer, not by
 * emitting the gesture's signals: what a finger on the hall's touchscreen
 * does, from the event to the report. */
static void
test_handwriting_pointer (void)
{
  Kiosk k = { 0 };
  LkHandwritingPad *pad;
  g_autofree char *receipt = NULL;
  g_autoptr(LtTicket) ticket = NULL;
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");

  if (xdotool == NULL || !GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_test_skip ("needs xdotool and an X display");
      return;
    }
  kiosk_open (&k, "microphone = " TONE "\n", 1280, 800);
  pad = LK_HANDWRITING_PAD (page (&k, "handwriting"));
  kiosk_wait_for (pad_ready, pad, 10, "the handwriting model");
  go_describe (&k);
  click (find_button (page (&k, "describe"), "手写"));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (k.window));
  spin (100);

  pointer_char (pad, ER);
  g_assert_cmpstr (lk_handwriting_pad_get_candidates (pad)[0], ==, "二");
  spin (450);
  pointer_char (pad, SHI);
  g_assert_cmpstr (lk_handwriting_pad_get_candidates (pad)[0], ==, "十");
  spin (450);
  pointer_char (pad, KOU);
  g_assert_cmpstr (lk_handwriting_pad_get_candidates (pad)[0], ==, "口");
  spin (450);
  pointer_char (pad, REN);
  g_assert_true (strv_has (lk_handwriting_pad_get_candidates (pad), "人"));
  click (find_button (GTK_WIDGET (pad), "人"));
  g_assert_cmpstr (lk_handwriting_pad_get_text (pad), ==, "二十口人");
  click (find_button (GTK_WIDGET (pad), "写好了"));
  receipt = file_report (&k);
  ticket = get_ticket (&k, receipt);
  g_assert_cmpstr (ticket->text, ==, "二十口人");
  kiosk_close (&k);
}

/* The grey level (0–255) of the window's pixel at @x, @y of @widget. */
static int
grey_at (GdkTexture *shot, GtkWidget *window, GtkWidget *widget, double x, double y)
{
  graphene_point_t in = GRAPHENE_POINT_INIT (x, y), out;
  int w = gdk_texture_get_width (shot), h = gdk_texture_get_height (shot);
  g_autofree guchar *pixels = g_malloc ((gsize) w * h * 4);
  const guchar *p;

  g_assert_true (gtk_widget_compute_point (widget, window, &in, &out));
  gdk_texture_download (shot, pixels, (gsize) w * 4);
  g_assert_cmpint ((int) out.x, <, w);
  g_assert_cmpint ((int) out.y, <, h);
  p = pixels + ((gsize) out.y * w + (gsize) out.x) * 4;
  return (p[0] + p[1] + p[2]) / 3;
}

/* A stroke is drawn thick and near-black on white while the finger is
 * still down, before any recognition. */
static void
test_ink (void)
{
  Kiosk k = { 0 };
  LkHandwritingPad *pad;
  GtkWidget *canvas;
  GtkGesture *drag;
  g_autoptr(GdkTexture) shot = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  double w, h;

  kiosk_open (&k, "microphone = " TONE "\n", 1280, 800);
  pad = LK_HANDWRITING_PAD (page (&k, "handwriting"));
  kiosk_wait_for (pad_ready, pad, 10, "the handwriting model");
  go_describe (&k);
  click (find_button (page (&k, "describe"), "手写"));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (k.window));
  canvas = lk_handwriting_pad_get_canvas (pad);
  w = gtk_widget_get_width (canvas);
  h = gtk_widget_get_height (canvas);
  drag = canvas_drag (pad);
  g_signal_emit_by_name (drag, "drag-begin", w * 0.1, h * 0.5);
  for (int i = 1; i <= 20; i++)
    g_signal_emit_by_name (drag, "drag-update", w * 0.8 * i / 20, 0.0);
  /* The finger is still down. */
  screenshot (&k, "notes-ink-1280x800.png");
  path = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                           "screenshots", "notes-ink-1280x800.png", NULL);
  shot = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  /* Dark on the line and 5 px either side of it (at least 10 px thick),
   * white paper well away from it: over 15:1. */
  g_assert_cmpint (grey_at (shot, GTK_WIDGET (k.window), canvas, w * 0.5, h * 0.5), <, 40);
  g_assert_cmpint (grey_at (shot, GTK_WIDGET (k.window), canvas, w * 0.5, h * 0.5 - 5), <, 40);
  g_assert_cmpint (grey_at (shot, GTK_WIDGET (k.window), canvas, w * 0.5, h * 0.5 + 5), <, 40);
  g_assert_cmpint (grey_at (shot, GTK_WIDGET (k.window), canvas, w * 0.3, h * 0.2), >, 240);
  g_assert_null (lk_handwriting_pad_get_candidates (pad)[0]);

  /* Candidates coming up move nothing under a finger. */
  {
    GtkWidget *done = find_button (GTK_WIDGET (pad), "写好了");
    graphene_rect_t before, after;
    gboolean shown = FALSE;

    g_assert_true (gtk_widget_compute_bounds (done, GTK_WIDGET (k.window), &before));
    g_signal_connect (pad, "candidates-shown", G_CALLBACK (candidates_shown_cb), &shown);
    g_signal_emit_by_name (drag, "drag-end", w * 0.8, 0.0);
    kiosk_wait_for (flag_set, &shown, 10, "candidates");
    gtk_test_widget_wait_for_draw (GTK_WIDGET (k.window));
    g_assert_true (gtk_widget_compute_bounds (done, GTK_WIDGET (k.window), &after));
    g_test_message ("写好了 at %g,%g %gx%g, then %g,%g %gx%g", before.origin.x, before.origin.y, before.size.width, before.size.height, after.origin.x, after.origin.y, after.size.width, after.size.height);
    g_assert_true (graphene_rect_equal (&before, &after));
    g_signal_handlers_disconnect_by_func (pad, candidates_shown_cb, &shown);
  }
  kiosk_close (&k);
}

/* The pad on a portrait screen, with ink and candidates, for the eye. */
static void
test_handwriting_portrait (void)
{
  Kiosk k = { 0 };
  LkHandwritingPad *pad;
  GtkWidget *canvas;
  graphene_rect_t r;

  kiosk_open (&k, "microphone = " TONE "\n", 1080, 1920);
  pad = LK_HANDWRITING_PAD (page (&k, "handwriting"));
  kiosk_wait_for (pad_ready, pad, 10, "the handwriting model");
  go_describe (&k);
  click (find_button (page (&k, "describe"), "手写"));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (k.window));
  spin (100);
  write_char (pad, SHI);
  spin (450);
  write_char (pad, KOU);
  canvas = lk_handwriting_pad_get_canvas (pad);
  g_assert_true (gtk_widget_compute_bounds (canvas, canvas, &r));
  /* A finger-sized square: most of the screen's width. */
  g_assert_cmpfloat (r.size.width, >=, 600);
  g_assert_cmpfloat (fabs (r.size.width - r.size.height), <, 2);
  screenshot (&k, "notes-pad-1080x1920.png");
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (k.window)), <=, 1920);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (k.window)), <=, 1080);
  kiosk_close (&k);
}

/* --- voice notes --------------------------------------------------------- */

static gboolean
recording_done (gpointer data)
{
  return lk_window_get_draft (data)->voice_path != NULL;
}

static gboolean
button_shown (gpointer data)
{
  return gtk_widget_get_visible (data) && gtk_widget_get_mapped (data);
}

typedef struct { GtkWidget *label; const char *text; } LabelWait;

static gboolean
label_is (gpointer data)
{
  LabelWait *w = data;

  return g_strcmp0 (gtk_label_get_text (GTK_LABEL (w->label)), w->text) == 0;
}

static GtkWidget *
find_label_with (GtkWidget *root, const char *prefix)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_visible (root) &&
      g_str_has_prefix (gtk_label_get_text (GTK_LABEL (root)), prefix))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_with (child, prefix);

      if (found)
        return found;
    }
  return NULL;
}

static void
assert_ogg_opus (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_cmpuint (len, >, 200);
  g_assert_true (memcmp (data, "OggS", 4) == 0);
  /* The first Ogg page carries the Opus identification header. */
  for (gsize i = 0; i + 8 <= MIN (len, 200); i++)
    if (memcmp (data + i, "OpusHead", 8) == 0)
      return;
  g_assert_not_reached ();
}

/* The live tone runs into the (shortened) limit: the countdown is shown
 * and read aloud, and the note stops by itself. */
static void
test_voice_limit (void)
{
  Kiosk k = { 0 };
  GtkWidget *voice, *countdown;
  LkDraft *draft;
  LabelWait wait;
  g_autofree char *said = NULL;
  gint64 started;

  g_setenv ("LAITING_VOICE_MAX_SECONDS", "11", TRUE);
  kiosk_open (&k, "microphone = " TONE "\n", 1280, 800);
  go_describe (&k);
  voice = page (&k, "voice");
  g_assert_cmpuint (lk_voice_page_get_max_seconds (LK_VOICE_PAGE (voice)), ==, 11);
  g_assert_true (lk_voice_page_is_available (LK_VOICE_PAGE (voice)));
  click (find_button (page (&k, "describe"), "说一段话"));
  g_assert_cmpstr (lk_window_get_page_name (k.window), ==, "voice");
  said = last_said (&k);
  g_assert_true (g_str_has_prefix (said, "点“开始说话”"));

  started = g_get_monotonic_time ();
  g_assert_true (g_file_set_contents (speech_log, "", 0, NULL));
  click (find_button (voice, "开始说话"));
  g_assert_nonnull (find_button (voice, "停止"));
  countdown = find_label_with (voice, "还可以说");
  g_assert_nonnull (countdown);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (countdown)), ==, "还可以说11秒");
  /* The countdown on screen runs. */
  wait = (LabelWait) { countdown, "还可以说9秒" };
  kiosk_wait_for (label_is, &wait, 20, "the countdown at 9 s");
  screenshot (&k, "notes-voice-recording-1280x800.png");

  draft = lk_window_get_draft (k.window);
  kiosk_wait_for (recording_done, k.window, 20, "the limit");
  /* …and was read aloud on passing ten seconds left, once. */
  {
    g_autofree char *log = NULL;
    g_autoptr(GRegex) spoken = g_regex_new ("还可以说([0-9]+)秒", 0, 0, NULL);
    g_autoptr(GMatchInfo) match = NULL;
    int times = 0;

    g_assert_true (g_file_get_contents (speech_log, &log, NULL, NULL));
    g_regex_match (spoken, log, 0, &match);
    for (; g_match_info_matches (match); g_match_info_next (match, NULL), times++)
      {
        g_autofree char *n = g_match_info_fetch (match, 1);

        g_assert_cmpint (atoi (n), <=, 10);
        g_assert_cmpint (atoi (n), >=, 5);
      }
    g_assert_cmpint (times, ==, 1);
  }
  /* It stopped by itself at the limit, not before. */
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 10 * G_USEC_PER_SEC);
  g_assert_cmpuint (draft->voice_seconds, ==, 11);
  assert_ogg_opus (draft->voice_path);
  g_assert_nonnull (find_button (voice, "重听"));
  g_assert_nonnull (find_button (voice, "重录"));
  screenshot (&k, "notes-voice-review-1280x800.png");
  {
    g_autofree char *text = lk_draft_compose_text (draft);

    g_assert_cmpstr (text, ==, "（语音留言 11秒）");
  }
  kiosk_close (&k);
  g_unsetenv ("LAITING_VOICE_MAX_SECONDS");
}

static char *
make_speech_wav (const char *dir)
{
  g_autofree char *wav = g_build_filename (dir, "resident.wav", NULL);
  g_autoptr(GError) error = NULL;
  int status = -1;
  const char *argv[] = { "espeak-ng", "-v", "cmn-latn-pinyin", "-s", "130", "-w", wav,
                         "楼下的路灯坏了三天了，晚上看不见路，请派人来修一下。", NULL };

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH |
                               G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  return g_steal_pointer (&wav);
}

static void
played_cb (LkVoiceButton *button, const GError *error, gboolean *played)
{
  g_assert_no_error (error);
  *played = TRUE;
}

static JsonObject *
show_json (Kiosk *k, const char *receipt, JsonParser *parser)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;
  const char *argv[] = { g_getenv ("LAITING_CLI"), "--db", k->db, "show", receipt, "--json", NULL };

  g_assert_nonnull (argv[0]);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

/* A recorded WAV of a resident speaking, fed in as the microphone: 重录,
 * 重听, filed, listed by the CLI, and played to the end on the desk. */
static void
test_voice_file_to_desk (void)
{
  Kiosk k = { 0 };
  g_autofree char *wavdir = g_dir_make_tmp ("laiting-wav-XXXXXX", NULL);
  g_autofree char *wav = make_speech_wav (wavdir);
  g_autofree char *mic = g_strdup_printf ("microphone = filesrc location=%s ! wavparse\n", wav);
  g_autofree char *first = NULL;
  g_autofree char *receipt = NULL;
  g_autoptr(LtTicket) ticket = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *expected_text = NULL;
  GtkWidget *voice, *play, *desk_window, *detail, *button;
  LkDraft *draft;
  JsonObject *json;
  JsonArray *attachments;
  JsonObject *a;
  gboolean played = FALSE;
  guint seconds;
  gint64 started;

  kiosk_open (&k, mic, 1280, 800);
  go_describe (&k);
  lk_draft_toggle_problem (lk_window_get_draft (k.window), "路灯不亮", TRUE);
  click (find_button (page (&k, "describe"), "说一段话"));
  voice = page (&k, "voice");
  draft = lk_window_get_draft (k.window);
  click (find_button (voice, "开始说话"));
  kiosk_wait_for (recording_done, k.window, 20, "the end of the file");
  seconds = draft->voice_seconds;
  /* espeak-ng reads that sentence in about five seconds. */
  g_assert_cmpuint (seconds, >=, 3);
  g_assert_cmpuint (seconds, <=, 12);
  assert_ogg_opus (draft->voice_path);
  first = g_strdup (draft->voice_path);

  /* 重录 throws the first one away. */
  click (find_button (voice, "重录"));
  kiosk_wait_for (recording_done, k.window, 20, "the second recording");
  g_assert_false (g_file_test (first, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (draft->voice_path, G_FILE_TEST_IS_REGULAR));

  /* 重听 plays it to the end, in real time. */
  play = find_button (voice, "重听");
  started = g_get_monotonic_time ();
  click (play);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (play)), ==, "停止播放");
  {
    gboolean back = FALSE;

    while (!back)
      {
        g_main_context_iteration (NULL, TRUE);
        back = g_strcmp0 (gtk_button_get_label (GTK_BUTTON (play)), "重听") == 0;
        g_assert_cmpint (g_get_monotonic_time () - started, <, 30 * G_USEC_PER_SEC);
      }
  }
  g_assert_cmpint (g_get_monotonic_time () - started, >=, (seconds - 1) * G_USEC_PER_SEC);

  click (find_button (voice, "好了"));
  g_assert_cmpstr (lk_window_get_page_name (k.window), ==, "describe");
  receipt = file_report (&k);

  /* The ticket's text says there is a voice note and how long. */
  ticket = get_ticket (&k, receipt);
  expected_text = g_strdup_printf ("路灯不亮（语音留言 %u秒）", seconds);
  g_assert_cmpstr (ticket->text, ==, expected_text);

  /* The CLI lists it, in the store's directory. */
  json = show_json (&k, receipt, parser);
  attachments = json_object_get_array_member (json, "attachments");
  g_assert_cmpuint (json_array_get_length (attachments), ==, 1);
  a = json_array_get_object_element (attachments, 0);
  g_assert_cmpstr (json_object_get_string_member (a, "kind"), ==, "voice");
  g_assert_cmpint (json_object_get_int_member (a, "seconds"), ==, seconds);
  {
    g_autofree char *in_store = g_build_filename (k.dir, "attachments", NULL);
    const char *path = json_object_get_string_member (a, "path");

    g_assert_true (g_str_has_prefix (path, in_store));
    g_assert_true (g_str_has_suffix (path, ".ogg"));
    assert_ogg_opus (path);
  }
  /* Filing moved it; the draft, wiped after the receipt, deleted nothing. */
  g_assert_null (draft->voice_path);

  /* The staff desk's ▶ plays it to the end. */
  desk_window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (desk_window), 1280, 800);
  detail = g_object_new (LK_TYPE_STAFF_DETAIL, NULL);
  gtk_window_set_child (GTK_WINDOW (desk_window), detail);
  gtk_widget_add_css_class (desk_window, "lk-window");
  gtk_window_present (GTK_WINDOW (desk_window));
  g_assert_true (lk_staff_detail_show (LK_STAFF_DETAIL (detail), k.store, receipt, NULL));
  button = kiosk_find_type (detail, LK_TYPE_VOICE_BUTTON);
  g_assert_nonnull (button);
  kiosk_wait_for (button_shown, button, 5, "the ▶ button");
  g_assert_true (g_str_has_prefix (gtk_button_get_label (GTK_BUTTON (button)), "▶"));
  assert_big_enough (button);
  g_signal_connect (button, "played", G_CALLBACK (played_cb), &played);
  started = g_get_monotonic_time ();
  click (button);
  g_assert_true (lk_voice_button_is_playing (LK_VOICE_BUTTON (button)));
  kiosk_wait_for (flag_set, &played, 30, "the desk's playback");
  g_assert_cmpint (g_get_monotonic_time () - started, >=, (seconds - 1) * G_USEC_PER_SEC);
  g_assert_true (g_str_has_prefix (gtk_button_get_label (GTK_BUTTON (button)), "▶"));
  gtk_window_destroy (GTK_WINDOW (desk_window));

  kiosk_close (&k);
  g_remove (wav);
  g_rmdir (wavdir);
}

typedef struct { gboolean no_model; gboolean no_microphone; } Said;

/* Notes the two expected journal lines; anything else stays fatal. */
static gboolean
journal_cb (const char *domain, GLogLevelFlags level, const char *message, gpointer data)
{
  Said *said = data;

  if (g_strcmp0 (domain, "lk-handwriting-pad") == 0 &&
      g_str_has_prefix (message, "handwriting is not available, the 手写 button is hidden"))
    return !(said->no_model = TRUE);
  if (g_strcmp0 (domain, "lk-voice-page") == 0 &&
      g_str_has_prefix (message, "no voice notes, the 说一段话 button is hidden"))
    return !(said->no_microphone = TRUE);
  return TRUE;
}

static void
journal_handler (const char *domain, GLogLevelFlags level, const char *message, gpointer data)
{
  Said scratch = { FALSE, FALSE };

  if (!journal_cb (domain, level, message, data ? data : &scratch))
    g_test_message ("journal: %s: %s", domain, message);
  else
    g_log_default_handler (domain, level, message, data);
}

/* No microphone, no model: the buttons are hidden and the journal says why. */
static void
test_missing (void)
{
  /* An unknown element, a source that ends at once, and the default
   * autoaudiosrc on this machine, which has no sound card: it falls back
   * to silent gap buffers after a warning. */
  const char *mics[] = { "nosuchsource", "audiotestsrc num-buffers=0", "autoaudiosrc" };

  for (guint i = 0; i < G_N_ELEMENTS (mics); i++)
    {
      Kiosk k = { 0 };
      g_autofree char *extra = g_strdup_printf ("microphone = %s\nhandwriting-model = /nonexistent/model\n",
                                                mics[i]);

      Said said = { FALSE, FALSE };

      guint h1 = g_log_set_handler ("lk-handwriting-pad", G_LOG_LEVEL_WARNING | G_LOG_FLAG_FATAL,
                                    journal_handler, NULL);
      guint h2 = g_log_set_handler ("lk-voice-page", G_LOG_LEVEL_MESSAGE, journal_handler, &said);

      g_test_log_set_fatal_handler (journal_cb, &said);
      kiosk_open (&k, extra, 1280, 800);
      go_describe (&k);
      spin (300);
      g_assert_true (said.no_model);
      g_assert_true (said.no_microphone);
      g_test_log_set_fatal_handler (NULL, NULL);
      g_log_remove_handler ("lk-handwriting-pad", h1);
      g_log_remove_handler ("lk-voice-page", h2);
      g_assert_null (find_button (page (&k, "describe"), "说一段话"));
      g_assert_null (find_button (page (&k, "describe"), "手写"));
      /* The rest of the screen works as before. */
      g_assert_nonnull (find_button (page (&k, "describe"), "下一步"));
      kiosk_close (&k);
    }
}

/* --- idle and abandoning ------------------------------------------------- */

static void
test_idle (void)
{
  Kiosk k = { 0 };
  LkHandwritingPad *pad;
  GtkGesture *drag;
  GtkWidget *voice;

  g_setenv ("LAITING_VOICE_MAX_SECONDS", "7", TRUE);
  kiosk_open (&k, "microphone = " TONE "\nidle-seconds = 3\nidle-countdown = 30\n", 1280, 800);
  pad = LK_HANDWRITING_PAD (page (&k, "handwriting"));
  kiosk_wait_for (pad_ready, pad, 10, "the handwriting model");
  go_describe (&k);
  click (find_button (page (&k, "describe"), "手写"));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (k.window));

  /* One slow stroke, longer than the idle period. */
  drag = canvas_drag (pad);
  g_signal_emit_by_name (drag, "drag-begin", 100.0, 100.0);
  for (int i = 1; i <= 10; i++)
    {
      spin (400);
      g_signal_emit_by_name (drag, "drag-update", i * 10.0, i * 10.0);
      g_assert_false (lk_window_idle_showing (k.window));
    }
  g_signal_emit_by_name (drag, "drag-end", 100.0, 100.0);
  /* A pause between strokes, then another stroke: still no question. */
  spin (700);
  stroke (pad, SHU);
  spin (700);
  g_assert_false (lk_window_idle_showing (k.window));
  /* Hands off: the question comes as usual. */
  spin (4500);
  g_assert_true (lk_window_idle_showing (k.window));

  /* Recording for longer than the idle period keeps it away too. */
  click (find_button (GTK_WIDGET (k.window), "继续"));
  lk_window_back (k.window);
  click (find_button (page (&k, "describe"), "说一段话"));
  voice = page (&k, "voice");
  click (find_button (voice, "开始说话"));
  for (int i = 0; i < 24; i++)
    {
      gint64 t0 = g_get_monotonic_time ();

      spin (250);
      if (lk_window_idle_showing (k.window))
        g_test_message ("idle at step %d on %s after %.0f ms; 停止 %s", i,
                        lk_window_get_page_name (k.window),
                        (g_get_monotonic_time () - t0) / 1000.0,
                        find_button (voice, "停止") ? "shown" : "hidden");
      g_assert_false (lk_window_idle_showing (k.window));
    }
  kiosk_wait_for (recording_done, k.window, 20, "the limit");

  /* And so does listening to it again (seven seconds, in real time). */
  click (find_button (voice, "重听"));
  for (int i = 0; i < 20; i++)
    {
      spin (250);
      g_assert_false (lk_window_idle_showing (k.window));
    }
  kiosk_close (&k);
  g_unsetenv ("LAITING_VOICE_MAX_SECONDS");
}

static gboolean
recording_active (gpointer data)
{
  LkVoicePage *voice = data;

  return find_button (GTK_WIDGET (voice), "停止") != NULL;
}

static gboolean
unfiled_left (const char *dir)
{
  g_autofree char *attachments = g_build_filename (dir, "attachments", NULL);
  g_autoptr(GDir) d = g_dir_open (attachments, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    if (g_str_has_suffix (name, ".ogg"))
      return TRUE;
  return FALSE;
}

/* 首页 (and the idle timeout, which goes the same way) wipes the writing
 * and the recording, finished or still running. */
static void
test_abandon (void)
{
  Kiosk k = { 0 };
  LkHandwritingPad *pad;
  GtkWidget *voice;
  g_autofree char *path = NULL;

  kiosk_open (&k, "microphone = " TONE "\n", 1280, 800);
  pad = LK_HANDWRITING_PAD (page (&k, "handwriting"));
  kiosk_wait_for (pad_ready, pad, 10, "the handwriting model");
  go_describe (&k);
  voice = page (&k, "voice");
  click (find_button (page (&k, "describe"), "说一段话"));
  click (find_button (voice, "开始说话"));
  spin (1300);
  click (find_button (voice, "停止"));
  kiosk_wait_for (recording_done, k.window, 10, "the recording");
  path = g_strdup (lk_window_get_draft (k.window)->voice_path);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  click (find_button (voice, "好了"));
  click (find_button (page (&k, "describe"), "手写"));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (k.window));
  write_char (pad, KOU);
  click (find_button (GTK_WIDGET (pad), "口"));
  write_char (pad, SHI);

  lk_window_home (k.window);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (lk_draft_is_empty (lk_window_get_draft (k.window)));
  g_assert_cmpstr (lk_handwriting_pad_get_text (pad), ==, "");
  g_assert_null (lk_handwriting_pad_get_candidates (pad)[0]);

  /* Abandoned mid-recording: nothing is left in the store's folder. */
  go_describe (&k);
  click (find_button (page (&k, "describe"), "说一段话"));
  click (find_button (voice, "开始说话"));
  kiosk_wait_for (recording_active, voice, 5, "recording");
  spin (500);
  g_assert_true (unfiled_left (k.dir));
  lk_window_home (k.window);
  spin (200);
  g_assert_false (unfiled_left (k.dir));
  g_assert_true (lk_draft_is_empty (lk_window_get_draft (k.window)));
  kiosk_close (&k);
}

/* --- the voice ----------------------------------------------------------- */

static char *
phonemes (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GSubprocess) proc =
    g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                      "espeak-ng", "-q", "-x", "-v", LK_SPEECH_VOICE, "--", text, NULL);

  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&out);
}

/* What the two screens say is Mandarin as a resident hears it: 重听 and
 * 重录 with chóng ("again"), not zhòng (重听 read zhòngtīng means "hard of
 * hearing"); the countdown is rendered to a WAV beside the screenshots. */
static void
test_spoken (void)
{
  const char *texts[] = {
    "录好了，一共1分20秒。可以点“重听”听一遍，不满意就点“重录”。",
    "还可以说1分钟", "还可以说30秒", "还可以说10秒",
  };
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                           "screenshots", NULL);
  g_autofree char *wav = g_build_filename (dir, "notes-countdown-10s.wav", NULL);
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  int status = -1;

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *spoken = lk_speech_respell (texts[i]);
      g_autofree char *ph = phonemes (spoken);

      g_test_message ("%s → %s", texts[i], ph);
      /* No English letter names, and 重 never as zhòng. */
      g_assert_null (strstr (ph, "(en)"));
      g_assert_null (strstr (ph, "ts.'ong51"));
      if (strstr (texts[i], "重听"))
        g_assert_nonnull (strstr (ph, "ts.h'ong35_| th'i55N"));
      if (g_str_has_prefix (texts[i], "还可以说"))
        g_assert_true (g_str_has_prefix (ph, "X'ai35_| kh'o-35_| j'i21_| s.w'o55"));
    }
  {
    g_autofree char *minute = phonemes ("还可以说1分钟");

    g_assert_nonnull (strstr (minute, "j'i55_| f'@55n_| ts.'ong55"));
  }

  g_mkdir_with_parents (dir, 0755);
  /* The real voice for once, not the silent stand-in the other tests use. */
  {
    g_autofree char *stand_in = g_strdup (g_getenv ("LAITING_ESPEAK"));

    g_unsetenv ("LAITING_ESPEAK");
    argv = lk_speech_build_argv ("还可以说10秒", wav);
    g_setenv ("LAITING_ESPEAK", stand_in, TRUE);
  }
  g_assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  /* 16-bit mono at 22050 Hz: more than a second of sound. */
  g_assert_cmpint (g_stat (wav, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 44100);
  g_test_message ("countdown rendered to %s", wav);
}

int
main (int argc, char **argv)
{
  g_autofree char *speech_dir = g_dir_make_tmp ("laiting-voice-XXXXXX", NULL);
  g_autofree char *speaker = g_build_filename (speech_dir, "espeak", NULL);
  g_autofree char *script = NULL;
  int status;

  /* The voice is on, but into a stand-in that writes down what it was
   * asked to say: the tests read what would have been said. */
  speech_log = g_build_filename (speech_dir, "said.txt", NULL);
  script = g_strdup_printf ("#!/bin/sh\nprintf '%%s\\n' \"$*\" >> '%s'\n", speech_log);
  g_assert_true (g_file_set_contents (speaker, script, -1, NULL));
  g_chmod (speaker, 0755);
  g_setenv ("LAITING_ESPEAK", speaker, TRUE);
  kiosk_fixture_init (&argc, &argv);
  g_test_add_func ("/kiosk/notes/handwriting", test_handwriting);
  g_test_add_func ("/kiosk/notes/handwriting-pointer", test_handwriting_pointer);
  g_test_add_func ("/kiosk/notes/ink", test_ink);
  g_test_add_func ("/kiosk/notes/handwriting-portrait", test_handwriting_portrait);
  g_test_add_func ("/kiosk/notes/voice-limit", test_voice_limit);
  g_test_add_func ("/kiosk/notes/voice-file-to-desk", test_voice_file_to_desk);
  g_test_add_func ("/kiosk/notes/missing", test_missing);
  g_test_add_func ("/kiosk/notes/idle", test_idle);
  g_test_add_func ("/kiosk/notes/abandon", test_abandon);
  g_test_add_func ("/kiosk/notes/spoken", test_spoken);
  status = g_test_run ();
  g_remove (speech_log);
  g_remove (speaker);
  g_rmdir (speech_dir);
  g_free (speech_log);
  return status;
}
