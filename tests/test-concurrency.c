/* test-concurrency.c — the store's promises with several processes.
 *
 * Two processes submitting 500 tickets each at the same moment must get
 * 1,000 distinct valid receipts and no error. A process killed with SIGKILL
 * in the middle of submitting must leave a database that opens clean, where
 * every receipt it printed exists with exactly one receipt SMS.
 *
 * Two processes forwarding the same 300 edge-minted receipts at once must
 * store each ticket once, with one receipt SMS.
 *
 * Two processes leasing the same 200 queued SMS at once must each get
 * distinct rows: every row is leased, reported sent, exactly once.
 *
 * The children are this same program run with --child DB COUNT (or --lease
 * DB HOLDER, or --edge DB COUNT): each waits for a go byte on stdin so both start together, then
 * prints one receipt (or leased outbox id) per line as soon as the store
 * call has returned. */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lt-receipt.h"
#include "lt-store-private.h"

static int
run_child (const char *db, int count)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LtConfig) config = lt_config_new_default ();
  g_autoptr(LtStore) store = lt_store_open (db, config, &error);
  char go;

  if (store == NULL)
    {
      fprintf (stderr, "child: %s\n", error->message);
      return 1;
    }
  if (read (STDIN_FILENO, &go, 1) != 1)
    return 1;
  for (int i = 0; count == 0 || i < count; i++)
    {
      g_autofree char *text = g_strdup_printf ("第%d件：楼道灯不亮 💡 '%d'", i, getpid ());
      LtSubmission sub = { LT_CHANNEL_KIOSK, "property", text, "2号楼", "13912345678", NULL };
      g_autoptr(LtTicket) t = lt_store_submit (store, &sub, &error);

      if (t == NULL)
        {
          fprintf (stderr, "child: %s\n", error->message);
          return 1;
        }
      printf ("%s\n", t->receipt);
      fflush (stdout);
    }
  return 0;
}

/* Leases a few rows at a time until none is left, printing each id and
 * reporting it sent under its lease. */
static int
run_lease_child (const char *db, const char *holder)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LtConfig) config = lt_config_new_default ();
  g_autoptr(LtStore) store = lt_store_open (db, config, &error);
  char go;

  if (store == NULL || read (STDIN_FILENO, &go, 1) != 1)
    return 1;
  for (;;)
    {
      g_autoptr(GPtrArray) leased = lt_store_outbox_lease (store, holder, 3, 120,
                                                           lt_store_now (), &error);

      if (leased == NULL)
        {
          fprintf (stderr, "child: %s\n", error->message);
          return 1;
        }
      if (leased->len == 0)
        return 0;
      /* Give the other process its turn, so the two really interleave. */
      g_usleep (1000);
      for (guint i = 0; i < leased->len; i++)
        {
          const LtOutboxMessage *m = g_ptr_array_index (leased, i);

          printf ("%" G_GINT64_FORMAT "\n", m->id);
          fflush (stdout);
          if (!lt_store_outbox_report (store, m->id, holder, TRUE, (int) m->id, NULL, 0, &error))
            {
              fprintf (stderr, "child: %s\n", error->message);
              return 1;
            }
        }
    }
}

/* Submits the same edge-minted receipts as its twin, printing for each
 * "RECEIPT new" or "RECEIPT existed". */
static int
run_edge_child (const char *db, int count)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LtConfig) config = lt_config_new_default ();
  g_autoptr(LtStore) store = lt_store_open (db, config, &error);
  char go;

  if (store == NULL || read (STDIN_FILENO, &go, 1) != 1)
    return 1;
  for (int i = 0; i < count; i++)
    {
      char receipt[LT_RECEIPT_LEN + 1];
      g_autofree char *text = g_strdup_printf ("第%d件：井盖丢了", i);
      LtSubmission sub = { LT_CHANNEL_KIOSK, "roads", text, NULL, "13912345678", NULL, receipt, 0 };
      g_autoptr(LtTicket) t = NULL;
      gboolean existed = FALSE;

      if (!lt_receipt_build (50, (guint) i + 1, receipt, &error) ||
          (t = lt_store_submit_idempotent (store, &sub, &existed, &error)) == NULL)
        {
          fprintf (stderr, "child: %s\n", error->message);
          return 1;
        }
      printf ("%s %s\n", t->receipt, existed ? "existed" : "new");
      fflush (stdout);
    }
  return 0;
}

typedef struct {
  GPid  pid;
  int   in;
  FILE *out;
} Child;

static void
spawn_argv (Child *c, const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  int out;

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                            NULL, NULL, &c->pid, &c->in, &out, NULL, &error);
  g_assert_no_error (error);
  c->out = fdopen (out, "r");
}

static void
spawn_child (Child *c, const char *self_path, const char *db, int count)
{
  g_autofree char *count_s = g_strdup_printf ("%d", count);
  const char *argv[] = { self_path, "--child", db, count_s, NULL };

  spawn_argv (c, argv);
}

static GPtrArray *
read_receipts (Child *c)
{
  GPtrArray *receipts = g_ptr_array_new_with_free_func (g_free);
  char line[64];

  while (fgets (line, sizeof line, c->out) != NULL)
    g_ptr_array_add (receipts, g_strdup (g_strstrip (line)));
  return receipts;
}

static int
wait_child (Child *c)
{
  int status = 0;

  g_assert_cmpint (waitpid (c->pid, &status, 0), ==, c->pid);
  g_spawn_close_pid (c->pid);
  fclose (c->out);
  close (c->in);
  return status;
}

static char *self_path;

static gint64
count_rows (LtStore *store, const char *sql)
{
  sqlite3_stmt *stmt;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (store->db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
test_two_writers (void)
{
  g_autofree char *dir = g_dir_make_tmp ("laiting-race-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "laiting.db", NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(LtConfig) config = lt_config_new_default ();
  g_autoptr(LtStore) store = NULL;
  g_autoptr(GError) error = NULL;
  Child children[2];

  /* Create the schema first so both children race on tickets, not DDL. */
  store = lt_store_open (db, config, &error);
  g_assert_no_error (error);
  for (int i = 0; i < 2; i++)
    spawn_child (&children[i], self_path, db, 500);
  for (int i = 0; i < 2; i++)
    g_assert_cmpint (write (children[i].in, "g", 1), ==, 1);
  for (int i = 0; i < 2; i++)
    {
      g_autoptr(GPtrArray) receipts = read_receipts (&children[i]);

      g_assert_cmpint (wait_child (&children[i]), ==, 0);
      g_assert_cmpuint (receipts->len, ==, 500);
      for (guint j = 0; j < receipts->len; j++)
        {
          char canonical[LT_RECEIPT_LEN + 1];
          const char *r = g_ptr_array_index (receipts, j);

          g_assert_true (lt_receipt_parse (r, canonical, NULL));
          g_assert_cmpstr (canonical, ==, r);
          g_assert_true (g_hash_table_add (seen, g_strdup (r)));
        }
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 1000);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM tickets"), ==, 1000);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM outbox WHERE kind = 'receipt'"), ==, 1000);
  g_clear_object (&store);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
    g_assert_cmpint (system (cmd), ==, 0);
  }
}

static void
test_killed_writer (void)
{
  g_autofree char *dir = g_dir_make_tmp ("laiting-kill-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "laiting.db", NULL);
  g_autoptr(LtConfig) config = lt_config_new_default ();
  g_autoptr(LtStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) printed = g_ptr_array_new_with_free_func (g_free);
  char line[64];
  Child child;
  int status;

  store = lt_store_open (db, config, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  spawn_child (&child, self_path, db, 0);  /* submits until killed */
  g_assert_cmpint (write (child.in, "g", 1), ==, 1);
  /* Kill at a moment that depends on the scheduler, mid-stream. */
  while (printed->len < 150 && fgets (line, sizeof line, child.out) != NULL)
    g_ptr_array_add (printed, g_strdup (g_strstrip (line)));
  g_usleep (g_random_int_range (0, 3000));
  kill (child.pid, SIGKILL);
  while (fgets (line, sizeof line, child.out) != NULL)
    g_ptr_array_add (printed, g_strdup (g_strstrip (line)));
  status = wait_child (&child);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
  g_test_message ("killed after %u printed receipts", printed->len);

  store = lt_store_open (db, config, &error);
  g_assert_no_error (error);
  {
    sqlite3_stmt *stmt;
    g_assert_cmpint (sqlite3_prepare_v2 (store->db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
    sqlite3_finalize (stmt);
  }
  for (guint i = 0; i < printed->len; i++)
    {
      const char *r = g_ptr_array_index (printed, i);
      g_autoptr(LtTicket) t = lt_store_get (store, r, &error);
      g_autofree char *sql = g_strdup_printf (
          "SELECT count(*) FROM outbox o JOIN tickets t ON t.id = o.ticket_id"
          " WHERE t.receipt = '%s' AND o.kind = 'receipt'", r);

      g_assert_no_error (error);
      g_assert_nonnull (t);
      g_assert_cmpint (count_rows (store, sql), ==, 1);
    }
  /* Nothing half-written either: every ticket in the file has its SMS. */
  g_assert_cmpint (count_rows (store,
      "SELECT count(*) FROM tickets t WHERE (SELECT count(*) FROM outbox o"
      " WHERE o.ticket_id = t.id AND o.kind = 'receipt') <> 1"), ==, 0);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM tickets"), >=, printed->len);
  g_clear_object (&store);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
    g_assert_cmpint (system (cmd), ==, 0);
  }
}

static void
test_two_gateways (void)
{
  g_autofree char *dir = g_dir_make_tmp ("laiting-lease-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "laiting.db", NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(LtConfig) config = lt_config_new_default ();
  g_autoptr(LtStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *holders[] = { "gw-east", "gw-west" };
  Child children[2];

  store = lt_store_open (db, config, &error);
  g_assert_no_error (error);
  g_assert_true (lt_store_begin (store, &error));
  for (int i = 0; i < 200; i++)
    {
      g_autofree char *body = g_strdup_printf ("第%d条", i);

      g_assert_cmpint (lt_store_outbox_queue (store, NULL, "13912345678", "help", body, &error), >, 0);
    }
  g_assert_true (lt_store_commit (store, &error));
  for (int i = 0; i < 2; i++)
    {
      const char *argv[] = { self_path, "--lease", db, holders[i], NULL };

      spawn_argv (&children[i], argv);
    }
  for (int i = 0; i < 2; i++)
    g_assert_cmpint (write (children[i].in, "g", 1), ==, 1);
  for (int i = 0; i < 2; i++)
    {
      g_autoptr(GPtrArray) ids = read_receipts (&children[i]);

      g_assert_cmpint (wait_child (&children[i]), ==, 0);
      g_test_message ("%s leased %u rows", holders[i], ids->len);
      g_assert_cmpuint (ids->len, >, 0);
      for (guint j = 0; j < ids->len; j++)
        g_assert_true (g_hash_table_add (seen, g_strdup (g_ptr_array_index (ids, j))));
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 200);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM outbox WHERE state = 'sent'"), ==, 200);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM outbox WHERE attempts <> 1"), ==, 0);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM outbox WHERE modem_ref <> id"), ==, 0);
  g_clear_object (&store);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
    g_assert_cmpint (system (cmd), ==, 0);
  }
}

/* Two edges forwarding the same 300 tickets at once (a retry racing the
 * original): each is stored once, with one receipt SMS. */
static void
test_same_receipts (void)
{
  g_autofree char *dir = g_dir_make_tmp ("laiting-edge-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "laiting.db", NULL);
  g_autoptr(GHashTable) created = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(LtConfig) config = lt_config_new_default ();
  g_autoptr(LtStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const int count = 300;
  Child children[2];
  guint existed = 0;

  store = lt_store_open (db, config, &error);
  g_assert_no_error (error);
  for (int i = 0; i < 2; i++)
    {
      g_autofree char *count_s = g_strdup_printf ("%d", count);
      const char *argv[] = { self_path, "--edge", db, count_s, NULL };

      spawn_argv (&children[i], argv);
    }
  for (int i = 0; i < 2; i++)
    g_assert_cmpint (write (children[i].in, "g", 1), ==, 1);
  for (int i = 0; i < 2; i++)
    {
      g_autoptr(GPtrArray) lines = read_receipts (&children[i]);

      g_assert_cmpint (wait_child (&children[i]), ==, 0);
      g_assert_cmpuint (lines->len, ==, count);
      for (guint j = 0; j < lines->len; j++)
        {
          g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (lines, j), " ", 2);

          if (g_str_equal (parts[1], "new"))
            g_assert_true (g_hash_table_add (created, g_strdup (parts[0])));
          else
            existed++;
        }
    }
  g_test_message ("%u of the second copies found their ticket already stored", existed);
  g_assert_cmpuint (g_hash_table_size (created), ==, count);
  g_assert_cmpuint (existed, ==, count);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM tickets"), ==, count);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM outbox WHERE kind = 'receipt'"), ==, count);
  g_clear_object (&store);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
    g_assert_cmpint (system (cmd), ==, 0);
  }
}

int
main (int argc, char **argv)
{
  if (argc == 4 && g_str_equal (argv[1], "--edge"))
    return run_edge_child (argv[2], atoi (argv[3]));
  if (argc == 4 && g_str_equal (argv[1], "--child"))
    return run_child (argv[2], atoi (argv[3]));
  if (argc == 4 && g_str_equal (argv[1], "--lease"))
    return run_lease_child (argv[2], argv[3]);

  self_path = g_canonicalize_filename (argv[0], NULL);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/laiting/concurrency/two-writers", test_two_writers);
  g_test_add_func ("/laiting/concurrency/killed-writer", test_killed_writer);
  g_test_add_func ("/laiting/concurrency/two-gateways", test_two_gateways);
  g_test_add_func ("/laiting/concurrency/same-receipts", test_same_receipts);
  return g_test_run ();
}
