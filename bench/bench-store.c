/* bench-store.c — how fast the ticket store is where it matters.
 *
 *   bench-store [--tickets N] [--submits N] [--dir DIR]
 *
 * 1. Durable submits per second (synchronous=FULL, one transaction each,
 *    receipt SMS queued), from one process and from two at once.
 * 2. With N tickets in the database (default 1,000,000, about three years of
 *    a busy hall): lookup of a ticket by receipt with its timeline, and
 *    today's list — median and 95th percentile.
 *
 * Targets: ≥ 500 durable submits/s, lookup ≤ 0.5 ms median, today's list
 * ≤ 50 ms. The database goes in --dir (default: a new temp directory) so it
 * can be put on the disk that a hall's machine would use. */

#include "config.h"

#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench-fill.h"
#include "lt-receipt.h"
#include "lt-store-private.h"
#include "lt-time.h"

static gint64
now_us (void)
{
  return g_get_monotonic_time ();
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *samples, double p)
{
  g_array_sort (samples, compare_doubles);
  return g_array_index (samples, double, (guint) ((samples->len - 1) * p));
}

static void
submit_many (LtStore *store, int count, guint salt)
{
  for (int i = 0; i < count; i++)
    {
      g_autofree char *text = g_strdup_printf ("楼道灯不亮，第%u-%d次反映", salt, i);
      LtSubmission sub = { LT_CHANNEL_KIOSK, "property", text, "2号楼", "13912345678", NULL };
      g_autoptr(GError) error = NULL;
      g_autoptr(LtTicket) t = lt_store_submit (store, &sub, &error);

      if (t == NULL)
        g_error ("submit failed: %s", error->message);
    }
}

static LtStore *
open_store (const char *path, LtConfig *config)
{
  g_autoptr(GError) error = NULL;
  LtStore *store = lt_store_open (path, config, &error);

  if (store == NULL)
    g_error ("%s", error->message);
  return store;
}

static void
bench_submits (const char *dir, LtConfig *config, int count)
{
  g_autofree char *path = g_build_filename (dir, "submits.db", NULL);
  g_autoptr(LtStore) store = open_store (path, config);
  gint64 start = now_us ();
  double one, two;

  submit_many (store, count, 0);
  one = count / ((now_us () - start) / 1e6);
  printf ("durable submits, 1 process:   %8.0f /s  (%d tickets)\n", one, count);

  start = now_us ();
  for (int p = 0; p < 2; p++)
    if (fork () == 0)
      {
        g_autoptr(LtStore) child = open_store (path, config);
        submit_many (child, count / 2, (guint) p + 1);
        _exit (0);
      }
  for (int p = 0; p < 2; p++)
    {
      int status;
      wait (&status);
      if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
        g_error ("a submitting process failed");
    }
  two = count / ((now_us () - start) / 1e6);
  printf ("durable submits, 2 processes: %8.0f /s  (%d tickets in all)\n", two, count);
}

static void
bench_reads (const char *dir, LtConfig *config, gint64 n)
{
  g_autofree char *path = g_build_filename (dir, "million.db", NULL);
  g_autoptr(LtStore) store = open_store (path, config);
  g_autoptr(GArray) lookups = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) lists = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) lists_ev = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 now = lt_store_now (), start;
  g_autoptr(GDateTime) today_dt = g_date_time_new_from_unix_local (now);
  LtListQuery today = { .filter = LT_LIST_ALL };
  guint today_count = 0;
  GDate date;

  start = now_us ();
  bench_fill (store, n, now);
  printf ("filled %" G_GINT64_FORMAT " tickets in %.1f s\n", n, (now_us () - start) / 1e6);

  for (int i = 0; i < 20000; i++)
    {
      gint64 k = g_random_int_range (0, (gint32) n);
      char receipt[LT_RECEIPT_LEN + 1];
      g_autoptr(LtTicket) t = NULL;

      lt_receipt_build (20 + (guint) (k % 10), (guint) (k / 10 + 1), receipt, NULL);
      start = now_us ();
      t = lt_store_get (store, receipt, NULL);
      {
        double ms = (now_us () - start) / 1e3;
        g_array_append_val (lookups, ms);
      }
      if (t == NULL || t->events->len == 0)
        g_error ("lookup of %s failed", receipt);
    }

  g_date_set_dmy (&date, g_date_time_get_day_of_month (today_dt),
                  g_date_time_get_month (today_dt), g_date_time_get_year (today_dt));
  lt_store_day_bounds (&date, &today.from, &today.to);
  for (int i = 0; i < 50; i++)
    {
      for (int with_events = 0; with_events < 2; with_events++)
        {
          g_autoptr(GPtrArray) list = NULL;
          double ms;

          today.with_events = with_events;
          start = now_us ();
          list = lt_store_list (store, &today, NULL);
          ms = (now_us () - start) / 1e3;
          g_array_append_val (with_events ? lists_ev : lists, ms);
          today_count = list->len;
        }
    }
  printf ("lookup by receipt (with timeline), %" G_GINT64_FORMAT " tickets: median %.3f ms, p95 %.3f ms\n",
          n, percentile (lookups, 0.5), percentile (lookups, 0.95));
  printf ("today's list (%u tickets):               median %.2f ms, p95 %.2f ms\n",
          today_count, percentile (lists, 0.5), percentile (lists, 0.95));
  printf ("today's list with every timeline:        median %.2f ms, p95 %.2f ms\n",
          percentile (lists_ev, 0.5), percentile (lists_ev, 0.95));
}

int
main (int argc, char **argv)
{
  gint64 tickets = 1000000;
  int submits = 2000;
  g_autofree char *dir = NULL;
  g_autoptr(GOptionContext) ctx = g_option_context_new ("— benchmark the ticket store");
  g_autoptr(GError) error = NULL;
  g_autoptr(LtConfig) config = lt_config_new_default ();
  GOptionEntry entries[] = {
    { "tickets", 0, 0, G_OPTION_ARG_INT64, &tickets, "Tickets in the read benchmark", "N" },
    { "submits", 0, 0, G_OPTION_ARG_INT, &submits, "Submits in the write benchmark", "N" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Directory for the databases", "DIR" },
    G_OPTION_ENTRY_NULL
  };
  gboolean own_dir;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }
  own_dir = dir == NULL;
  if (own_dir)
    dir = g_dir_make_tmp ("laiting-bench-XXXXXX", NULL);
  printf ("laiting store benchmark — SQLite %s, databases in %s\n", sqlite3_libversion (), dir);
  bench_submits (dir, config, submits);
  bench_reads (dir, config, tickets);
  if (own_dir)
    {
      g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
      if (system (cmd) != 0)
        fprintf (stderr, "could not remove %s\n", dir);
    }
  return 0;
}
