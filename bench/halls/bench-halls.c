/* bench-halls.c — a kiosk in a district: its spool, forwarder and
 * 确认提交 with the hub up and away. Driven by bench-halls.py, which starts
 * and stops a real laiting-hub over TLS; on its own:
 *
 *   bench-halls --config EDGE.conf --fill N      N reports into the spool
 *   bench-halls --config EDGE.conf --forward     forward until empty; prints
 *                                                "empty-at UNIX_US"
 *   bench-halls --config EDGE.conf --submits N   (under Xvfb) the real
 *        确认提交 button of a real LkWindow on the spool, click to the
 *        receipt screen's first frame; prints median and p95.
 *
 * Target: ≤ 100 ms p95 for 确认提交, hub up or away. */

#define G_LOG_DOMAIN "bench-halls"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <gtk/gtk.h>

#include "lk-application.h"
#include "lk-draft.h"
#include "lk-hall.h"
#include "lk-window.h"

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
report (const char *what, GArray *ms, double target)
{
  double *v = (double *) ms->data;
  double median, p95;

  qsort (v, ms->len, sizeof (double), cmp_double);
  median = v[ms->len / 2];
  p95 = v[MIN (ms->len - 1, (guint) (ms->len * 0.95))];
  printf ("%-36s n=%-4u median %6.1f ms   p95 %6.1f ms   max %6.1f ms   target p95 ≤ %.0f ms: %s\n",
          what, ms->len, median, p95, v[ms->len - 1], target, p95 <= target ? "met" : "MISSED");
}

static void
fill (LtSpool *spool, int n)
{
  for (int i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("第%d件：路灯不亮", i);
      g_autofree char *phone = g_strdup_printf ("139%08d", i);
      LtSubmission sub = { .channel = LT_CHANNEL_KIOSK, .category = "roads", .text = text,
                           .phone = i % 2 ? phone : NULL };
      g_autoptr(GError) error = NULL;
      g_autoptr(LtTicket) t = lt_store_submit (lt_spool_get_store (spool), &sub, &error);

      g_assert_no_error (error);
    }
}

static void
forward (LtSpool *spool)
{
  lt_spool_start (spool);
  while (lt_spool_backlog (spool) > 0)
    g_usleep (2000);
  printf ("empty-at %" G_GINT64_FORMAT "\n", g_get_real_time ());
  lt_spool_stop (spool);
}

typedef struct {
  LkWindow *window;
  gboolean  waiting;
  gint64    drawn;
} Run;

static void
after_paint_cb (GdkFrameClock *clock, Run *run)
{
  if (run->waiting && g_strcmp0 (lk_window_get_page_name (run->window), "receipt") == 0)
    {
      run->drawn = g_get_monotonic_time ();
      run->waiting = FALSE;
    }
}

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

static void
settle (GtkWidget *window)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  gtk_test_widget_wait_for_draw (window);
}

static void
submits (LtConfig *config, LtSpool *spool, int n)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  Run run = { 0 };

  lt_spool_start (spool);
  run.window = lk_window_new (NULL, config, lt_spool_get_store (spool),
                              lt_store_get_path (lt_spool_get_store (spool)));
  g_object_set_data (G_OBJECT (run.window), "lk-hall-spool", spool);
  gtk_window_set_default_size (GTK_WINDOW (run.window), 1280, 800);
  gtk_window_present (GTK_WINDOW (run.window));
  settle (GTK_WIDGET (run.window));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (run.window)), "after-paint",
                    G_CALLBACK (after_paint_cb), &run);
  for (int i = 0; i < n; i++)
    {
      LkDraft *draft = lk_window_get_draft (run.window);
      gint64 t0;
      double v;

      lk_window_home (run.window);
      lk_draft_set_category (draft, "roads");
      lk_draft_toggle_problem (draft, "路灯不亮", TRUE);
      g_snprintf (draft->phone, sizeof draft->phone, "139%08d", i);
      lk_window_go (run.window, "confirm");
      settle (GTK_WIDGET (run.window));
      run.waiting = TRUE;
      t0 = g_get_monotonic_time ();
      g_signal_emit_by_name (find_button (lk_window_get_page (run.window, "confirm"), "确认提交"),
                             "clicked");
      while (run.waiting)
        g_main_context_iteration (NULL, TRUE);
      v = (run.drawn - t0) / 1000.0;
      g_array_append_val (ms, v);
    }
  report (lt_spool_hub_state (spool, NULL) == LT_SPOOL_HUB_REACHED
          ? "确认提交 → receipt drawn, hub up" : "确认提交 → receipt drawn, hub away", ms, 100);
  gtk_window_destroy (GTK_WINDOW (run.window));
  lt_spool_stop (spool);
}

int
main (int argc, char **argv)
{
  g_autofree char *conf = NULL;
  int fill_n = 0, submit_n = 0;
  gboolean do_forward = FALSE;
  const GOptionEntry entries[] = {
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &conf, "The edge's configuration", "FILE" },
    { "fill", 0, 0, G_OPTION_ARG_INT, &fill_n, "Reports to put in the spool", "N" },
    { "forward", 0, 0, G_OPTION_ARG_NONE, &do_forward, "Forward until empty", NULL },
    { "submits", 0, 0, G_OPTION_ARG_INT, &submit_n, "确认提交 to time", "N" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LtConfig) config = NULL;
  g_autoptr(LtHubClient) hub = NULL;
  g_autoptr(LtSpool) spool = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || conf == NULL)
    {
      g_printerr ("bench-halls: %s\n", error ? error->message : "--config is required");
      return 2;
    }
  config = lt_config_load (conf, &error);
  g_assert_no_error (error);
  hub = lt_hub_client_new (config, &error);
  g_assert_no_error (error);
  spool = lt_spool_open (config, hub, &error);
  g_assert_no_error (error);
  if (fill_n > 0)
    fill (spool, fill_n);
  if (do_forward)
    forward (spool);
  if (submit_n > 0)
    {
      gtk_init ();
      lk_application_load_style (gdk_display_get_default ());
      submits (config, spool, submit_n);
    }
  return 0;
}
