/* bench-slips.c — the day's slips and the month's report at a busy hall's
 * volume.
 *
 *   bench-slips [--per-day N] [--dir DIR]
 *
 * Fills a store with November 2026 at N tickets a day (default 2,000, so
 * 60,000 in the month) straight through SQL, then in a fresh child process
 * each: the slips of 21 November on A4 and on the 80 mm roll, and the
 * month's report (PDF and CSV). Each child opens the store, reads, lays out
 * and writes the files, and reports its wall time and its peak resident
 * memory (getrusage ru_maxrss). Targets: slips ≤ 3 s, report ≤ 3 s. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "lt-report.h"
#include "lt-slips.h"
#include "lt-store-private.h"
#include "lt-time.h"

static void
exec_sql (LtStore *store, const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (store->db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("filling the store failed: %s", message);
}

/* Tickets spread evenly over each day of November; a fifth still open, a
 * tenth reopened or transferred, most closed within hours to days; ratings
 * on half the closed ones; 40 places per category so repeats exist. */
static void
fill (LtStore *store, gint64 per_day)
{
  gint64 start = lt_time_day_start (2026, 11, 1);
  gint64 total = per_day * 30;
  g_autofree char *tickets = g_strdup_printf (
      "WITH RECURSIVE seq (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < %" G_GINT64_FORMAT ")"
      " INSERT INTO tickets (id, receipt, status, channel, category, text, location, phone,"
      "   phone_is_mobile, assignee, created_at, updated_at, due_at, closed_at, rating)"
      " SELECT i + 1, printf ('12%%06d%%d', i, i %% 10),"
      "   CASE WHEN i %% 5 = 0 THEN 'received' WHEN i %% 10 = 1 THEN 'transferred'"
      "        WHEN i %% 20 = 3 THEN 'reopened' ELSE 'closed' END,"
      "   CASE i %% 3 WHEN 0 THEN 'kiosk' WHEN 1 THEN 'sms' ELSE 'staff' END,"
      "   CASE i %% 10 WHEN 0 THEN 'utilities' WHEN 1 THEN 'roads' WHEN 2 THEN 'sanitation'"
      "     WHEN 3 THEN 'noise' WHEN 4 THEN 'property' WHEN 5 THEN 'elderly' WHEN 6 THEN 'jobs'"
      "     WHEN 7 THEN 'health' WHEN 8 THEN 'safety' ELSE 'other' END,"
      "   substr ('小区东门的路灯已经坏了两个多星期，晚上老人出门看不清台阶，前几天有人摔倒了。"
      "希望有关部门尽快派人来修，另外楼道里的声控灯也不亮，垃圾桶旁边的积水一直没人处理，"
      "夏天气味很大，麻烦一起看看。谢谢！', 1, 30 + (i * 7) %% 90),"
      "   printf ('幸福小区%%d号楼', (i / 10) %% 40 + 1),"
      "   CASE WHEN i %% 4 = 0 THEN NULL ELSE printf ('139%%08d', i) END, i %% 4 <> 0,"
      "   CASE WHEN i %% 5 = 0 THEN NULL ELSE '城管科' END,"
      "   %" G_GINT64_FORMAT " + (i / %" G_GINT64_FORMAT ") * 86400 + (i %% %" G_GINT64_FORMAT ") * (86400 / %" G_GINT64_FORMAT "),"
      "   %" G_GINT64_FORMAT " + (i / %" G_GINT64_FORMAT ") * 86400 + (i %% %" G_GINT64_FORMAT ") * (86400 / %" G_GINT64_FORMAT "),"
      "   %" G_GINT64_FORMAT " + (i / %" G_GINT64_FORMAT ") * 86400 + 5 * 86400,"
      "   NULL, NULL"
      " FROM seq;",
      total - 1,
      start, per_day, per_day, per_day,
      start, per_day, per_day, per_day,
      start, per_day);

  exec_sql (store, "BEGIN");
  exec_sql (store, tickets);
  exec_sql (store,
            "UPDATE tickets SET closed_at = created_at + 600 + (id * 7919) % (9 * 86400),"
            "  rating = CASE WHEN id % 2 = 0 THEN 1 + id % 3 ELSE NULL END"
            " WHERE status = 'closed';"
            "UPDATE tickets SET rating = 3 WHERE status = 'reopened';"
            "INSERT INTO events (ticket_id, at, kind, actor, note)"
            "  SELECT id, created_at, 'created', channel, NULL FROM tickets;"
            "INSERT INTO events (ticket_id, at, kind, actor, note)"
            "  SELECT id, created_at + 3600, 'transferred', '王', '城管科：请尽快到现场查看'"
            "  FROM tickets WHERE assignee IS NOT NULL;"
            "INSERT INTO events (ticket_id, at, kind, actor, note)"
            "  SELECT id, closed_at, 'closed', '王', '已修复' FROM tickets WHERE closed_at IS NOT NULL;");
  exec_sql (store, "COMMIT");
}

static double
peak_mb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;   /* kilobytes on Linux */
}

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* Runs in the child: open, compute, write; prints one line of figures. */
static void
task (const char *what, const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LtConfig) config = lt_config_new_default ();
  g_autofree char *db = g_build_filename (dir, "laiting.db", NULL);
  g_autofree char *pdf = g_strdup_printf ("%s/%s.pdf", dir, what);
  g_autoptr(LtStore) store = NULL;
  gint64 t0 = g_get_monotonic_time ();
  char detail[128] = "";

  store = lt_store_open (db, config, &error);
  if (store == NULL)
    g_error ("%s", error->message);

  if (g_str_has_prefix (what, "slips"))
    {
      g_autoptr(LtSlips) slips = NULL;
      LtSlipsFormat format = g_str_equal (what, "slips-roll80") ? LT_SLIPS_FORMAT_ROLL80 : LT_SLIPS_FORMAT_A4;
      GDate day;
      double w, h;

      g_date_clear (&day, 1);
      g_date_set_dmy (&day, 21, 11, 2026);
      gint64 t1, t2;
      int pages;

      slips = lt_slips_new_for_day (store, &day, format, &error);
      if (slips == NULL)
        g_error ("%s", error->message);
      t1 = g_get_monotonic_time ();
      lt_slips_get_page_size (slips, &w, &h);
      pages = lt_slips_get_n_pages (slips, w, h);
      t2 = g_get_monotonic_time ();
      if (!lt_slips_write_pdf (slips, pdf, &error))
        g_error ("%s", error->message);
      g_snprintf (detail, sizeof detail, "%u tickets, %d pages; read %.2f s, lay out %.2f s, draw %.2f s",
                  lt_slips_get_n_tickets (slips), pages, (t1 - t0) / 1e6, (t2 - t1) / 1e6,
                  (g_get_monotonic_time () - t2) / 1e6);
    }
  else
    {
      g_autoptr(LtReport) report = NULL;
      g_autofree char *csv = g_strdup_printf ("%s/%s.csv", dir, what);

      report = lt_report_new (store, 2026, 11, &error);
      if (report == NULL || !lt_report_write_pdf (report, pdf, &error) ||
          !lt_report_write_csv (report, csv, &error))
        g_error ("%s", error->message);
      g_snprintf (detail, sizeof detail, "%u tickets, %d pages",
                  lt_report_get_total (report),
                  lt_report_get_n_pages (report, LT_REPORT_PAGE_WIDTH_PT, LT_REPORT_PAGE_HEIGHT_PT));
    }
  printf ("%-13s %6.3f s wall  %6.3f s CPU  %6.1f MB peak  (%s)\n", what,
          (g_get_monotonic_time () - t0) / 1e6, cpu_seconds (), peak_mb (), detail);
  fflush (stdout);
}

int
main (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new ("");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  gint64 per_day = 2000;
  g_autofree char *only = NULL;
  gboolean made_dir = FALSE;
  static const char *const tasks[] = { "slips-a4", "slips-roll80", "report" };
  GOptionEntry entries[] = {
    { "per-day", 0, 0, G_OPTION_ARG_INT64, &per_day, "Tickets per day (default 2000)", "N" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Where to put the database and PDFs", "DIR" },
    { "task", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &only, "Run one measurement in DIR", "NAME" },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  /* Local time as in the hall; the report counts overdue as of 10 Dec. */
  g_setenv ("TZ", "Asia/Shanghai", FALSE);
  tzset ();
  if (only != NULL && dir != NULL)
    {
      task (only, dir);
      return 0;
    }
  if (dir == NULL)
    {
      dir = g_dir_make_tmp ("bench-slips-XXXXXX", &error);
      g_assert_no_error (error);
      made_dir = TRUE;
    }
  {
    g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, lt_time_day_start (2026, 12, 10));
    g_setenv ("LAITING_NOW", now, TRUE);
  }

  {
    g_autoptr(LtConfig) config = lt_config_new_default ();
    g_autofree char *db = g_build_filename (dir, "laiting.db", NULL);
    g_autoptr(LtStore) store = lt_store_open (db, config, &error);
    gint64 t0 = g_get_monotonic_time ();

    g_assert_no_error (error);
    fill (store, per_day);
    printf ("filled %" G_GINT64_FORMAT " tickets (%" G_GINT64_FORMAT " a day) in %.2f s, %s\n",
            per_day * 30, per_day, (g_get_monotonic_time () - t0) / 1e6, dir);
    fflush (stdout);
  }

  /* Each measurement in a fresh process (exec, not just fork, so the
   * peak memory is the task's own and not the filling's). */
  for (guint i = 0; i < G_N_ELEMENTS (tasks); i++)
    {
      const char *child[] = { "/proc/self/exe", "--task", tasks[i], "--dir", dir, NULL };
      int status = 0;

      g_spawn_sync (NULL, (char **) child, NULL, G_SPAWN_CHILD_INHERITS_STDIN,
                    NULL, NULL, NULL, NULL, &status, &error);
      g_assert_no_error (error);
      if (!g_spawn_check_wait_status (status, NULL))
        g_error ("%s failed", tasks[i]);
    }
  printf ("targets: slips ≤ 3 s, report ≤ 3 s\n");

  if (made_dir)
    {
      const char *files[] = { "laiting.db", "laiting.db-wal", "laiting.db-shm", "slips-a4.pdf",
                              "slips-roll80.pdf", "report.pdf", "report.csv" };

      for (guint i = 0; i < G_N_ELEMENTS (files); i++)
        {
          g_autofree char *path = g_build_filename (dir, files[i], NULL);
          g_unlink (path);
        }
      g_rmdir (dir);
    }
  return 0;
}
