/* bench-kiosk.c — how fast the kiosk starts and files a report, with a
 * million tickets in the store.
 *
 *   xvfb-run -a -s "-screen 0 1920x1080x24" dbus-run-session -- \
 *     env GDK_BACKEND=x11 GSK_RENDERER=cairo build/bench/kiosk/bench-kiosk
 *
 * Options: --tickets N (1000000), --starts N (15), --submits N (200),
 * --db PATH (keep and reuse a filled store).
 *
 * Cold start: laiting-kiosk is started afresh each time with
 * $LAITING_KIOSK_TIMING set, and prints the wall-clock time of its first
 * painted frame; the figure is that minus the time just before the spawn.
 * Submit: in this process, a filled-in report is submitted by the real
 * 确认提交 button of a real LkWindow; the figure runs from the click to the
 * first frame painted with the receipt screen showing. Each submit is a
 * durable commit (WAL, synchronous=FULL) into the big store.
 * Targets: first frame ≤ 500 ms, submit to receipt ≤ 100 ms at p95. */

#define G_LOG_DOMAIN "bench-kiosk"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "lk-application.h"
#include "lk-draft.h"
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
  printf ("%-28s n=%-4u median %7.1f ms   p95 %7.1f ms   max %7.1f ms   target %.0f ms: %s\n",
          what, ms->len, median, p95, v[ms->len - 1], target, p95 <= target ? "met" : "MISSED");
}

/* Fills the store in one transaction straight from SQL: a recursive CTE
 * makes the rows, spread over a year, a tenth of them closed. Receipts
 * use origins 30–39, which the kiosk (origin 12) never issues. */
static void
fill (const char *path, int tickets)
{
  sqlite3 *db = NULL;
  char *errmsg = NULL;
  g_autofree char *sql = NULL;
  gint64 t0 = g_get_monotonic_time ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  sql = g_strdup_printf (
    "PRAGMA journal_mode = WAL;"
    "BEGIN;"
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
    " INSERT INTO tickets (receipt, status, channel, category, text, location, phone,"
    "                      phone_is_mobile, created_at, updated_at, due_at, closed_at)"
    " SELECT printf('%%09d', 300000000 + i),"
    "        CASE WHEN i %% 10 = 0 THEN 'closed' ELSE 'received' END,"
    "        CASE WHEN i %% 3 = 0 THEN 'sms' ELSE 'kiosk' END,"
    "        CASE i %% 5 WHEN 0 THEN 'roads' WHEN 1 THEN 'noise' WHEN 2 THEN 'property'"
    "                    WHEN 3 THEN 'sanitation' ELSE 'other' END,"
    "        '路灯不亮；晚上整条路都是黑的', '3号楼', printf('139%%08d', i), 1,"
    "        %" G_GINT64_FORMAT " - (i %% 31536000), %" G_GINT64_FORMAT " - (i %% 31536000),"
    "        %" G_GINT64_FORMAT " - (i %% 31536000) + 864000,"
    "        CASE WHEN i %% 10 = 0 THEN %" G_GINT64_FORMAT " - (i %% 31536000) + 86400 END"
    " FROM n;"
    "INSERT INTO events (ticket_id, at, kind, actor) SELECT id, created_at, 'created', channel FROM tickets;"
    "COMMIT;",
    tickets, now, now, now, now);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &errmsg) != SQLITE_OK)
    g_error ("filling the store: %s", errmsg);
  sqlite3_close (db);
  printf ("filled %d tickets in %.1f s\n", tickets,
          (g_get_monotonic_time () - t0) / (double) G_USEC_PER_SEC);
}

static int
count_tickets (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int n = 0;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT count(*) FROM tickets", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* --- cold start --------------------------------------------------------- */

static double
one_start (const char *kiosk, const char *conf, const char *db)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gint64 t0, painted = 0;

  g_subprocess_launcher_setenv (launcher, "LAITING_KIOSK_TIMING", "1", TRUE);
  t0 = g_get_real_time ();
  proc = g_subprocess_launcher_spawn (launcher, &error, kiosk, "--windowed",
                                      "--config", conf, "--db", db, NULL);
  g_assert_no_error (error);
  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);
  if (line == NULL || sscanf (line, "first-frame %" G_GINT64_FORMAT, &painted) != 1)
    g_error ("the kiosk did not report its first frame: %s",
             error ? error->message : "no output");
  g_subprocess_send_signal (proc, SIGTERM);
  g_subprocess_wait (proc, NULL, NULL);
  return (painted - t0) / 1000.0;
}

/* --- submit to receipt -------------------------------------------------- */

typedef struct
{
  LkWindow *window;
  gboolean  waiting;
  gint64    drawn;
} SubmitRun;

static void
after_paint_cb (GdkFrameClock *clock, SubmitRun *run)
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

static double
one_submit (SubmitRun *run, int i)
{
  LkDraft *draft = lk_window_get_draft (run->window);
  GtkWidget *submit;
  gint64 t0;

  lk_window_home (run->window);
  lk_draft_set_category (draft, "roads");
  lk_draft_toggle_problem (draft, "路灯不亮", TRUE);
  lk_draft_set_location (draft, "3号楼");
  g_snprintf (draft->phone, sizeof draft->phone, "139%08d", i);
  lk_window_go (run->window, "confirm");
  settle (GTK_WIDGET (run->window));
  submit = find_button (lk_window_get_page (run->window, "confirm"), "确认提交");

  run->waiting = TRUE;
  t0 = g_get_monotonic_time ();
  g_signal_emit_by_name (submit, "clicked");
  while (run->waiting)
    g_main_context_iteration (NULL, TRUE);
  return (run->drawn - t0) / 1000.0;
}

int
main (int argc, char **argv)
{
  int tickets = 1000000, starts = 15, submits = 200;
  g_autofree char *db_option = NULL;
  const GOptionEntry entries[] = {
    { "tickets", 0, 0, G_OPTION_ARG_INT, &tickets, "Tickets in the store", "N" },
    { "starts", 0, 0, G_OPTION_ARG_INT, &starts, "Cold starts to time", "N" },
    { "submits", 0, 0, G_OPTION_ARG_INT, &submits, "Submits to time", "N" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_option, "Keep the filled store here", "PATH" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *db = NULL;
  g_autofree char *kiosk = NULL;
  g_autoptr(LtConfig) config = NULL;
  g_autoptr(LtStore) store = NULL;
  g_autoptr(GArray) start_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) submit_ms = g_array_new (FALSE, FALSE, sizeof (double));
  SubmitRun run = { 0 };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-kiosk: %s\n", error->message);
      return 2;
    }
  gtk_init ();
  lk_application_load_style (gdk_display_get_default ());

  dir = g_dir_make_tmp ("laiting-bench-kiosk-XXXXXX", &error);
  g_assert_no_error (error);
  conf = g_build_filename (dir, "laiting.conf", NULL);
  g_assert_true (g_file_set_contents (conf,
    "[site]\nname = 幸福里社区服务站\norigin = 12\nbuildings = 1号楼;2号楼;3号楼\n"
    "[kiosk]\nvoice = false\n", -1, NULL));
  db = db_option ? g_strdup (db_option) : g_build_filename (dir, "laiting.db", NULL);
  config = lt_config_load (conf, &error);
  g_assert_no_error (error);
  store = lt_store_open (db, config, &error);
  g_assert_no_error (error);
  if (count_tickets (db) < tickets)
    fill (db, tickets - count_tickets (db));
  printf ("store %s: %d tickets\n", db, count_tickets (db));

  kiosk = g_build_filename (g_path_get_dirname (argv[0]), "..", "..", "kiosk", "laiting-kiosk", NULL);
  if (!g_file_test (kiosk, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("laiting-kiosk not found at %s", kiosk);
  for (int i = 0; i < starts; i++)
    {
      double ms = one_start (kiosk, conf, db);

      g_array_append_val (start_ms, ms);
    }

  run.window = lk_window_new (NULL, config, store, db);
  gtk_window_set_default_size (GTK_WINDOW (run.window), 1280, 800);
  gtk_window_present (GTK_WINDOW (run.window));
  settle (GTK_WIDGET (run.window));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (run.window)), "after-paint",
                    G_CALLBACK (after_paint_cb), &run);
  for (int i = 0; i < submits; i++)
    {
      double ms = one_submit (&run, i);

      g_array_append_val (submit_ms, ms);
    }
  gtk_window_destroy (GTK_WINDOW (run.window));

  printf ("store has %d tickets after the run\n", count_tickets (db));
  report ("cold start to first frame", start_ms, 500);
  report ("确认提交 to receipt drawn", submit_ms, 100);

  if (db_option == NULL)
    {
      g_clear_object (&store);
      for (const char *s = ""; s; s = *s == '\0' ? "-wal" : g_str_equal (s, "-wal") ? "-shm" : NULL)
        {
          g_autofree char *f = g_strconcat (db, s, NULL);

          g_remove (f);
        }
    }
  g_remove (conf);
  g_rmdir (dir);
  return 0;
}
