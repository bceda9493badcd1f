/* bench-notes.c — handwriting and voice notes: how soon candidates show,
 * whether a frame is ever late while recognising or recording, and what
 * the model costs in memory.
 *
 *   xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
 *     env GDK_BACKEND=x11 GSK_RENDERER=cairo build/bench/kiosk/bench-notes
 *
 * Options: --strokes N (300), --record-seconds N (5).
 *
 * Lift to candidates: strokes of 一 二 十 口 人 are written through the
 * pad's own drag gesture in a real LkWindow; the figure runs from the
 * finger lifting (drag-end) to the end of the first frame painted with the
 * new candidates on screen. Target: p95 ≤ 100 ms.
 * Frames: a tick callback redraws the pad on every frame the whole time;
 * the gap between consecutive frames is measured while nothing happens
 * (the peer), while writing and recognising, and while recording from a
 * live test tone. Target: no frame later than 50 ms past its due time.
 * Memory: resident set size (VmRSS) of this process before the window,
 * after the model is loaded and after all the writing. */

#define G_LOG_DOMAIN "bench-notes"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "lk-application.h"
#include "lk-draft.h"
#include "lk-handwriting-pad.h"
#include "lk-voice-page.h"
#include "lk-window.h"

static const char *const characters[] = {
  "130,500 870,500",
  "230,300 770,300;130,700 870,700",
  "130,470 870,470;500,100 500,900",
  "230,230 230,770;230,230 770,230 770,770;230,770 770,770",
  "467,100 433,433 300,700 133,900;367,500 600,733 867,900",
};

typedef struct
{
  GArray  *gaps;         /* ms between frames, current phase */
  gint64   last_frame;   /* µs, monotonic */
  gboolean painted;      /* a frame was painted since armed */
} Frames;

static Frames frames;

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *ms, double p)
{
  qsort (ms->data, ms->len, sizeof (double), cmp_double);
  return g_array_index (ms, double, MIN (ms->len - 1, (guint) (ms->len * p)));
}

static long
rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      !(line = strstr (status, "VmRSS:")))
    return -1;
  return strtol (line + 6, NULL, 10);
}

static void
spin_until (gboolean *flag, double seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (!*flag && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (!*flag)
    g_error ("timed out");
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
spin_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  spin_until (&done, ms / 1000.0 + 5);
}

/* Every frame: note the gap and ask for the next one, with the pad redrawn
 * (the work a frame really does while a resident writes). */
static gboolean
tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer canvas)
{
  /* The wall clock, not the frame clock's own smoothed frame time. */
  gint64 now = g_get_monotonic_time ();

  if (frames.last_frame && frames.gaps)
    {
      double gap = (now - frames.last_frame) / 1000.0;

      g_array_append_val (frames.gaps, gap);
    }
  frames.last_frame = now;
  gtk_widget_queue_draw (canvas);
  return G_SOURCE_CONTINUE;
}

static void
after_paint_cb (GdkFrameClock *clock, gpointer data)
{
  frames.painted = TRUE;
}

static void
report_frames (const char *phase, GArray *gaps, double refresh_ms)
{
  double worst = percentile (gaps, 1.0);
  double late = MAX (0, worst - refresh_ms);

  printf ("frames while %-22s n=%-5u median gap %5.1f ms  p99 %5.1f ms  max %6.1f ms  "
          "latest frame %5.1f ms late  target ≤ 50 ms: %s\n",
          phase, gaps->len, percentile (gaps, 0.5), percentile (gaps, 0.99), worst, late,
          late <= 50 ? "met" : "MISSED");
}

static GtkGesture *
drag_of (GtkWidget *canvas)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (canvas);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_DRAG (c))
        return GTK_GESTURE (c);
    }
  g_error ("no drag gesture on the pad");
}

static void
shown_cb (LkHandwritingPad *pad, gboolean *shown)
{
  *shown = TRUE;
}

/* Writes one stroke the way a finger does and returns lift → painted. */
static double
write_stroke (LkHandwritingPad *pad, GdkFrameClock *clock, const char *spec)
{
  GtkWidget *canvas = lk_handwriting_pad_get_canvas (pad);
  GtkGesture *drag = drag_of (canvas);
  g_auto(GStrv) points = g_strsplit (spec, " ", -1);
  double w = gtk_widget_get_width (canvas), h = gtk_widget_get_height (canvas);
  double x0 = 0, y0 = 0, px = 0, py = 0;
  gboolean shown = FALSE;
  gulong id = g_signal_connect (pad, "candidates-shown", G_CALLBACK (shown_cb), &shown);
  gint64 lifted;

  for (guint i = 0; points[i]; i++)
    {
      double x, y;

      sscanf (points[i], "%lf,%lf", &x, &y);
      x = x * w / 1000, y = y * h / 1000;
      if (i == 0)
        {
          x0 = x, y0 = y;
          g_signal_emit_by_name (drag, "drag-begin", x, y);
        }
      else
        for (int step = 1; step <= 8; step++)
          {
            g_signal_emit_by_name (drag, "drag-update",
                                   px + (x - px) * step / 8 - x0, py + (y - py) * step / 8 - y0);
            /* A finger moves over several frames, not all at once. */
            g_main_context_iteration (NULL, FALSE);
          }
      px = x, py = y;
    }
  lifted = g_get_monotonic_time ();
  g_signal_emit_by_name (drag, "drag-end", px - x0, py - y0);
  spin_until (&shown, 10);
  frames.painted = FALSE;
  spin_until (&frames.painted, 10);
  g_signal_handler_disconnect (pad, id);
  return (g_get_monotonic_time () - lifted) / 1000.0;
}

static gboolean
recorded (gpointer window)
{
  return lk_window_get_draft (window)->voice_path != NULL;
}

static GtkWidget *
find_button (GtkWidget *root, const char *label)
{
  if (GTK_IS_BUTTON (root) && gtk_widget_get_visible (root) &&
      g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_button (c, label);

      if (found)
        return found;
    }
  return NULL;
}

int
main (int argc, char **argv)
{
  int strokes = 300, record_seconds = 5;
  GOptionEntry entries[] = {
    { "strokes", 0, 0, G_OPTION_ARG_INT, &strokes, "strokes to write", "N" },
    { "record-seconds", 0, 0, G_OPTION_ARG_INT, &record_seconds, "length of the recording", "N" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *db = NULL;
  g_autofree char *max = NULL;
  g_autoptr(LtConfig) config = NULL;
  g_autoptr(LtStore) store = NULL;
  g_autoptr(GArray) latency = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) idle_gaps = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) writing_gaps = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) recording_gaps = g_array_new (FALSE, FALSE, sizeof (double));
  LkWindow *window;
  LkHandwritingPad *pad;
  GdkFrameClock *clock;
  gboolean loaded = FALSE;
  long rss_alone, rss_start, rss_window, rss_model, rss_end;
  double refresh_ms;
  int written = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  g_setenv ("LAITING_ESPEAK", "true", TRUE);
  max = g_strdup_printf ("%d", record_seconds);
  g_setenv ("LAITING_VOICE_MAX_SECONDS", max, TRUE);
  gtk_init ();
  lk_application_load_style (gdk_display_get_default ());
  rss_start = rss_kib ();
  /* The model alone, in this process, before any window: load and one
   * character (classifying touches the model's pages). */
  {
    g_autoptr(LkRecognizer) alone = lk_recognizer_new (NULL, &error);
    g_autoptr(GPtrArray) ink = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
    GArray *line = g_array_new (FALSE, FALSE, sizeof (graphene_point_t));
    g_auto(GStrv) found = NULL;

    g_assert_no_error (error);
    for (int i = 0; i <= 10; i++)
      g_array_append_val (line, GRAPHENE_POINT_INIT (30 + 24 * i, 150));
    g_ptr_array_add (ink, line);
    found = lk_recognizer_classify (alone, ink, 300, 300);
    rss_alone = rss_kib () - rss_start;
    printf ("model alone: %ld MiB resident after loading it and recognising 一 (best: %s)\n",
            rss_alone / 1024, found[0] ? found[0] : "none");
  }
  rss_start = rss_kib ();

  dir = g_dir_make_tmp ("laiting-bench-notes-XXXXXX", &error);
  g_assert_no_error (error);
  conf = g_build_filename (dir, "laiting.conf", NULL);
  db = g_build_filename (dir, "laiting.db", NULL);
  g_file_set_contents (conf, "[site]\nname = 测试服务站\norigin = 12\n[kiosk]\nvoice = false\n"
                       "microphone = audiotestsrc is-live=true wave=sine freq=440\n"
                       "speaker = fakesink sync=true\nhandwriting-pause-ms = 100000\n", -1, NULL);
  config = lt_config_load (conf, &error);
  g_assert_no_error (error);
  store = lt_store_open (db, config, &error);
  g_assert_no_error (error);

  window = lk_window_new (NULL, config, store, db);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  pad = LK_HANDWRITING_PAD (lk_window_get_page (window, "handwriting"));
  rss_window = rss_kib ();
  while (!lk_handwriting_pad_is_available (pad) ||
         !lk_voice_page_is_probed (LK_VOICE_PAGE (lk_window_get_page (window, "voice"))))
    g_main_context_iteration (NULL, TRUE);
  loaded = TRUE;
  rss_model = rss_kib ();
  lk_draft_set_category (lk_window_get_draft (window), "roads");
  lk_window_go (window, "describe");
  lk_window_go (window, "handwriting");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
  gtk_widget_add_tick_callback (GTK_WIDGET (window), tick_cb,
                                lk_handwriting_pad_get_canvas (pad), NULL);

  /* The peer: frames while nothing happens. */
  frames.gaps = idle_gaps;
  spin_ms (2000);

  /* Writing and recognising. */
  frames.gaps = writing_gaps;
  frames.last_frame = 0;
  while (written < strokes)
    for (guint c = 0; c < G_N_ELEMENTS (characters) && written < strokes; c++)
      {
        g_auto(GStrv) each = g_strsplit (characters[c], ";", -1);

        for (guint s = 0; each[s] && written < strokes; s++, written++)
          {
            double ms = write_stroke (pad, clock, each[s]);

            g_array_append_val (latency, ms);
          }
        g_signal_emit_by_name (find_button (GTK_WIDGET (pad), "清空"), "clicked");
      }
  rss_end = rss_kib ();

  /* Recording from a live source. */
  lk_window_back (window);
  lk_window_go (window, "voice");
  frames.gaps = recording_gaps;
  frames.last_frame = 0;
  g_signal_emit_by_name (find_button (lk_window_get_page (window, "voice"), "开始说话"), "clicked");
  while (!recorded (window))
    g_main_context_iteration (NULL, TRUE);
  frames.gaps = NULL;

  refresh_ms = percentile (idle_gaps, 0.5);
  printf ("lift finger → candidates shown  n=%-4u median %6.1f ms   p95 %6.1f ms   max %6.1f ms   "
          "target p95 ≤ 100 ms: %s\n", latency->len, percentile (latency, 0.5),
          percentile (latency, 0.95), percentile (latency, 1.0),
          percentile (latency, 0.95) <= 100 ? "met" : "MISSED");
  report_frames ("idle (peer)", idle_gaps, refresh_ms);
  report_frames ("writing+recognising", writing_gaps, refresh_ms);
  report_frames ("recording", recording_gaps, refresh_ms);
  printf ("resident memory: %ld MiB at start, %ld MiB with the window, %ld MiB with the model "
          "loaded (%s), %ld MiB after %d strokes; recording kept %u s\n",
          rss_start / 1024, rss_window / 1024, rss_model / 1024, loaded ? "zinnia zh_CN" : "-",
          rss_end / 1024, strokes, lk_window_get_draft (window)->voice_seconds);

  lk_window_home (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&store);
  for (const char *f = "laiting.conf\0laiting.db\0laiting.db-wal\0laiting.db-shm\0attachments\0";
       *f; f += strlen (f) + 1)
    {
      g_autofree char *path = g_build_filename (dir, f, NULL);

      g_remove (path);
    }
  g_rmdir (dir);
  return 0;
}
