/* bench-open311.c — what Open311 costs on top of the store.
 *
 *   bench-open311 [--tickets N] [--rounds N] [--dir DIR]
 *
 * With N tickets (default 100,000 over the last year, a third transferred
 * and a third closed): the largest answers the city's platform can ask for —
 * GET requests (the default 90 days, 1,000 rows, newest first) in JSON and
 * XML, GET servicerequestupdates (1,000 events), one request by id — and
 * durable POST requests, each next to the bare store call that does the same
 * work, so the figure that matters is the ratio.
 *
 * Targets: a 1,000-row answer in ≤ 100 ms median (a platform polling every
 * minute never waits on it), one request ≤ 1 ms, a durable POST ≤ 2× the
 * bare submit. The ratio of the GETs is printed, not judged: writing 17
 * fields of 1,000 rows costs what it costs next to reading them. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "lt-open311.h"

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *samples)
{
  g_array_sort (samples, compare_doubles);
  return g_array_index (samples, double, samples->len / 2);
}

static gboolean
accept_key (const char *key, gpointer data)
{
  return TRUE;
}

typedef struct {
  LtStore   *store;
  LtOpen311 *open311;
  char      *receipt;
} Bench;

static void
fill (Bench *b, guint n, gint64 now)
{
  g_autoptr(GError) error = NULL;

  if (!lt_store_begin (b->store, &error))
    g_error ("%s", error->message);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *at = g_strdup_printf ("%" G_GINT64_FORMAT, now - 365 * 86400 + (gint64) i * 365 * 86400 / n);
      g_autofree char *text = g_strdup_printf ("路灯不亮，第%u次反映", i);
      LtSubmission sub = { LT_CHANNEL_SMS, i % 2 ? "roads" : "noise", text, "3号楼",
                           "13912345678", NULL };
      g_autoptr(LtTicket) t = NULL;

      g_setenv ("LAITING_NOW", at, TRUE);
      t = lt_store_submit (b->store, &sub, &error);
      if (t == NULL)
        g_error ("%s", error->message);
      if (i % 3 >= 1 && !lt_store_transfer (b->store, t->receipt, "城管执法队", NULL, NULL, &error))
        g_error ("%s", error->message);
      if (i % 3 == 2 && !lt_store_close (b->store, t->receipt, "已修复", NULL, &error))
        g_error ("%s", error->message);
      g_free (b->receipt);
      b->receipt = g_strdup (t->receipt);
    }
  if (!lt_store_commit (b->store, &error))
    g_error ("%s", error->message);
  g_unsetenv ("LAITING_NOW");
}

typedef void (*Work) (Bench *b, gconstpointer data);

static double
time_ms (Bench *b, Work work, gconstpointer data, guint rounds)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < rounds; i++)
    {
      gint64 start = g_get_monotonic_time ();
      double ms;

      work (b, data);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (samples, ms);
    }
  return median (samples);
}

static void
open311_get (Bench *b, gconstpointer path)
{
  g_autoptr(GHashTable) q = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(LtOpen311Response) r = NULL;

  g_hash_table_insert (q, "api_key", "k");
  r = lt_open311_handle (b->open311, "GET", path, q, NULL, NULL, accept_key, NULL);
  if (r->status != 200)
    g_error ("%s: %u", (const char *) path, r->status);
}

static void
open311_post (Bench *b, gconstpointer unused)
{
  const char *form = "api_key=k&service_code=roads&address_string=3%E5%8F%B7%E6%A5%BC"
                     "&description=%E8%B7%AF%E7%81%AF%E4%B8%8D%E4%BA%AE";
  g_autoptr(GBytes) body = g_bytes_new_static (form, strlen (form));
  g_autoptr(LtOpen311Response) r = lt_open311_handle (b->open311, "POST", "/v2/requests.json",
                                                      NULL, NULL, body, accept_key, NULL);

  if (r->status != 200)
    g_error ("POST: %u", r->status);
}

static void
store_list (Bench *b, gconstpointer unused)
{
  gint64 now = lt_store_now ();
  LtListQuery q = { .from = now - 90 * 86400, .to = now + 1, .limit = 1000,
                    .with_events = TRUE, .newest_first = TRUE };
  g_autoptr(GPtrArray) tickets = lt_store_list (b->store, &q, NULL);
}

static void
store_events (Bench *b, gconstpointer unused)
{
  gint64 now = lt_store_now ();
  g_autoptr(GPtrArray) events = lt_store_events_since (b->store, now - 90 * 86400, now + 1, 1000, NULL);
}

static void
store_get (Bench *b, gconstpointer unused)
{
  g_autoptr(LtTicket) t = lt_store_get (b->store, b->receipt, NULL);
}

static void
store_submit (Bench *b, gconstpointer unused)
{
  LtSubmission sub = { LT_CHANNEL_PLATFORM, "roads", "路灯不亮", "3号楼", NULL, NULL };
  g_autoptr(LtTicket) t = lt_store_submit (b->store, &sub, NULL);
}

static void
row (const char *what, double ours, double bare, double target_ms, double max_ratio)
{
  printf ("%-38s %8.2f ms  store %8.2f ms  ratio %4.1f×  %s\n", what, ours, bare, ours / bare,
          ours <= target_ms && ours <= max_ratio * bare ? "ok" : "MISSED");
}

int
main (int argc, char **argv)
{
  int tickets = 100000, rounds = 21;
  g_autofree char *dir = NULL;
  GOptionEntry entries[] = {
    { "tickets", 0, 0, G_OPTION_ARG_INT, &tickets, "tickets in the store", "N" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "timed rounds per figure", "N" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "where the database goes", "DIR" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— Open311 on top of the store");
  g_autoptr(GError) error = NULL;
  g_autoptr(LtConfig) config = lt_config_new_default ();
  g_autofree char *path = NULL;
  g_autofree char *one = NULL;
  Bench b = { 0 };
  gboolean own_dir;
  gint64 start;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  own_dir = dir == NULL;
  if (own_dir)
    dir = g_dir_make_tmp ("laiting-bench-open311-XXXXXX", NULL);
  path = g_build_filename (dir, "bench.db", NULL);
  b.store = lt_store_open (path, config, &error);
  if (b.store == NULL)
    g_error ("%s", error->message);
  b.open311 = lt_open311_new (b.store, NULL);
  start = g_get_monotonic_time ();
  fill (&b, (guint) tickets, lt_store_now ());
  printf ("%d tickets in %.1f s (%s)\n", tickets, (g_get_monotonic_time () - start) / 1e6, path);
  one = g_strdup_printf ("/v2/requests/%s.json", b.receipt);

  row ("GET requests.json (1,000 rows)", time_ms (&b, open311_get, "/v2/requests.json", rounds),
       time_ms (&b, store_list, NULL, rounds), 100, G_MAXDOUBLE);
  row ("GET requests.xml (1,000 rows)", time_ms (&b, open311_get, "/v2/requests.xml", rounds),
       time_ms (&b, store_list, NULL, rounds), 100, G_MAXDOUBLE);
  row ("GET servicerequestupdates.json (1,000)",
       time_ms (&b, open311_get, "/v2/servicerequestupdates.json", rounds),
       time_ms (&b, store_events, NULL, rounds), 100, G_MAXDOUBLE);
  row ("GET requests/ID.json", time_ms (&b, open311_get, one, rounds * 10),
       time_ms (&b, store_get, NULL, rounds * 10), 1, G_MAXDOUBLE);
  row ("POST requests.json (durable)", time_ms (&b, open311_post, NULL, rounds),
       time_ms (&b, store_submit, NULL, rounds), 100, 2);
  g_clear_object (&b.open311);
  g_clear_object (&b.store);
  g_free (b.receipt);
  if (own_dir)
    {
      g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
      if (system (cmd) != 0)
        g_warning ("could not remove %s", dir);
    }
  return 0;
}
