/* bench-hub.c — laiting-hub under load, next to the bare store.
 *
 *   bench-hub --hub build/shared/hub/laiting-hub [--tickets N] [--dir DIR] [--load-only]
 *             [--clients N [--each M]]
 *
 * 1. The bare store's durable submit rate (one transaction each, as a
 *    kiosk on its own machine does), measured here in the same run.
 * 2. Durable submits per second over HTTPS with 1, 16 and 64 kept-alive
 *    clients (libsoup, one connection each), with p50 and p99 latency.
 * 3. The hub at rest: CPU time and wake-ups of all its threads over 10 s
 *    (from /proc/PID/task/N/schedstat and /proc/PID/stat).
 * 4. The hub's resident memory serving a store of N tickets (default
 *    1,000,000), after submits, lists and lookups.
 *
 * Targets: 16 clients ≥ 0.8 × the bare store's rate; p99 ≤ 50 ms at 64
 * clients; no wake-ups at rest; resident memory ≤ 30 MB. --load-only
 * stops after 2 (for comparing two hubs back to back); --clients runs
 * only N clients of M submits each in 2, for profiling one load. */

#include "config.h"

#include <stdio.h>
#include <sys/resource.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <libsoup/soup.h>

#include "bench-fill.h"
#include "lt-device.h"
#include "lt-receipt.h"
#include "lt-store.h"

#define ORIGIN_BASE 30   /* clients' origins 30–93; bench_fill uses 20–29 */

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

static LtStore *
open_store (const char *path, LtConfig *config)
{
  g_autoptr(GError) error = NULL;
  LtStore *store = lt_store_open (path, config, &error);

  if (store == NULL)
    g_error ("%s", error->message);
  return store;
}

static double
bare_store_rate (const char *dir, LtConfig *config, int count)
{
  g_autofree char *path = g_build_filename (dir, "bare.db", NULL);
  g_autoptr(LtStore) store = open_store (path, config);
  gint64 start = now_us ();

  for (int i = 1; i <= count; i++)
    {
      g_autofree char *text = g_strdup_printf ("楼道灯不亮，第%d次反映", i);
      char receipt[LT_RECEIPT_LEN + 1];
      LtSubmission sub = { LT_CHANNEL_KIOSK, "property", text, "2号楼", "13912345678", NULL };
      g_autoptr(GError) error = NULL;
      g_autoptr(LtTicket) t = NULL;
      gboolean existed;

      lt_receipt_build (ORIGIN_BASE, (guint) i, receipt, NULL);
      sub.receipt = receipt;
      t = lt_store_submit_idempotent (store, &sub, &existed, &error);
      if (t == NULL)
        g_error ("submit failed: %s", error->message);
    }
  return count / ((now_us () - start) / 1e6);
}

/* A store at @path with one kiosk device per client; their tokens. */
static GPtrArray *
add_kiosks (const char *path, LtConfig *config, int clients)
{
  g_autoptr(LtStore) store = open_store (path, config);
  GPtrArray *tokens = g_ptr_array_new_with_free_func (g_free);

  for (int i = 0; i < clients; i++)
    {
      g_autofree char *name = g_strdup_printf ("bench-kiosk-%d", i);
      g_autoptr(GError) error = NULL;
      char *token = NULL;
      g_autoptr(LtDevice) d = lt_store_device_add (store, name, LT_ROLE_KIOSK,
                                                   ORIGIN_BASE + i, NULL, &token, &error);
      if (d == NULL)
        g_error ("%s", error->message);
      g_ptr_array_add (tokens, token);
    }
  return tokens;
}

typedef struct {
  GSubprocess *proc;
  guint        port;
} Hub;

static void
start_hub (Hub *hub, const char *program, const char *config_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;

  hub->proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_PIPE, &error, program,
                                "--config", config_path, NULL);
  if (hub->proc == NULL)
    g_error ("%s", error->message);
  out = g_data_input_stream_new (g_subprocess_get_stderr_pipe (hub->proc));
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
      const char *at;

      if (line == NULL)
        g_error ("the hub did not start");
      if ((at = strstr (line, "https://127.0.0.1:")) != NULL)
        {
          hub->port = (guint) atoi (at + strlen ("https://127.0.0.1:"));
          return;
        }
    }
}

static void
stop_hub (Hub *hub)
{
  g_subprocess_send_signal (hub->proc, SIGTERM);
  g_subprocess_wait (hub->proc, NULL, NULL);
  g_clear_object (&hub->proc);
}

/* One client: its own session (one kept-alive connection), submits in a
 * row, each after the answer to the previous one. */
typedef struct _Load Load;

typedef struct {
  Load        *load;
  SoupSession *session;
  const char  *token;
  guint        origin;
  guint        next;
  guint        last;
  gint64       sent_at;
} Client;

struct _Load {
  GMainLoop *loop;
  char      *url;
  GArray    *latencies;  /* ms */
  guint      running;
  guint      failures;
};

static void send_next (Client *c);

/* Headers and body go out in separate writes: no Nagle delay for them. */
static void
network_event_cb (SoupMessage *msg, GSocketClientEvent event, GIOStream *connection,
                  gpointer user_data)
{
  if (event == G_SOCKET_CLIENT_CONNECTING && G_IS_SOCKET_CONNECTION (connection))
    g_socket_set_option (g_socket_connection_get_socket (G_SOCKET_CONNECTION (connection)),
                         IPPROTO_TCP, TCP_NODELAY, 1, NULL);
}

static void
answered_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Client *c = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (c->session, result, &error);
  SoupMessage *msg = soup_session_get_async_result_message (c->session, result);
  double ms = (now_us () - c->sent_at) / 1e3;

  if (body == NULL || soup_message_get_status (msg) != SOUP_STATUS_CREATED)
    {
      if (c->load->failures++ < 3)
        g_printerr ("submit failed: %s\n", error ? error->message
                                                 : soup_message_get_reason_phrase (msg));
    }
  g_array_append_val (c->load->latencies, ms);
  send_next (c);
}

static void
send_next (Client *c)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *auth = NULL;
  char receipt[LT_RECEIPT_LEN + 1];
  char *json;

  if (c->next > c->last)
    {
      if (--c->load->running == 0)
        g_main_loop_quit (c->load->loop);
      return;
    }
  lt_receipt_build (c->origin, c->next, receipt, NULL);
  json = g_strdup_printf ("{\"receipt\": \"%s\", \"channel\": \"kiosk\", \"category\": \"property\","
                          " \"text\": \"楼道灯不亮，第%u次反映\", \"location\": \"2号楼\","
                          " \"phone\": \"13912345678\"}", receipt, c->next);
  c->next++;
  body = g_bytes_new_take (json, strlen (json));
  msg = soup_message_new ("POST", c->load->url);
  auth = g_strdup_printf ("Bearer %s", c->token);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  /* As laiting's own client does: a submit is keyed by its receipt, so
   * libsoup may send it on the kept-alive connection. */
  soup_message_add_flags (msg, SOUP_MESSAGE_IDEMPOTENT);
  g_signal_connect (msg, "network-event", G_CALLBACK (network_event_cb), NULL);
  c->sent_at = now_us ();
  soup_session_send_and_read_async (c->session, msg, G_PRIORITY_DEFAULT, NULL, answered_cb, c);
}

/* @clients clients send @each submits each; prints rate, p50, p99. */
static double cpu_seconds (GPid pid);
static GPid   hub_pid     (Hub *hub);

/* CPU seconds this process (the clients) has used so far. */
static double
own_cpu_seconds (void)
{
  struct rusage u;

  getrusage (RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

static double
run_load (Hub *hub, GTlsDatabase *ca, GPtrArray *tokens, guint clients, guint each,
          guint *first_sequence, double *p99_out)
{
  guint port = hub->port;
  Load load = { g_main_loop_new (NULL, FALSE),
                g_strdup_printf ("https://127.0.0.1:%u/api/v1/tickets", port),
                g_array_new (FALSE, FALSE, sizeof (double)), clients, 0 };
  g_autofree Client *c = g_new0 (Client, clients);
  gint64 start;
  double rate, p50, p99, hub_cpu, own_cpu;

  for (guint i = 0; i < clients; i++)
    {
      c[i].load = &load;
      c[i].session = soup_session_new_with_options ("tls-database", ca, "max-conns", 1,
                                                    "max-conns-per-host", 1, NULL);
      c[i].token = g_ptr_array_index (tokens, i);
      c[i].origin = ORIGIN_BASE + i;
      c[i].next = *first_sequence;
      c[i].last = *first_sequence + each - 1;
    }
  *first_sequence += each;
  /* Kept-alive clients are measured kept alive: each connects (TLS
   * handshake included) with a health check before the clock starts. */
  for (guint i = 0; i < clients; i++)
    {
      g_autofree char *health = g_strdup_printf ("https://127.0.0.1:%u/api/v1/health", port);
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", health);
      g_autoptr(GBytes) answer = soup_session_send_and_read (c[i].session, msg, NULL, NULL);

      if (answer == NULL)
        g_error ("the hub does not answer its health check");
    }
  start = now_us ();
  hub_cpu = cpu_seconds (hub_pid (hub));
  own_cpu = own_cpu_seconds ();
  for (guint i = 0; i < clients; i++)
    send_next (&c[i]);
  g_main_loop_run (load.loop);
  rate = clients * each / ((now_us () - start) / 1e6);
  hub_cpu = cpu_seconds (hub_pid (hub)) - hub_cpu;
  own_cpu = own_cpu_seconds () - own_cpu;
  p50 = percentile (load.latencies, 0.5);
  p99 = percentile (load.latencies, 0.99);
  printf ("  %2u client%s: %6.0f submits/s   p50 %6.1f ms   p99 %6.1f ms"
          "   CPU per submit: hub %.2f ms, clients %.2f ms%s\n", clients,
          clients == 1 ? " " : "s", rate, p50, p99,
          1e3 * hub_cpu / (clients * each), 1e3 * own_cpu / (clients * each),
          load.failures ? "   (FAILURES)" : "");
  for (guint i = 0; i < clients; i++)
    g_object_unref (c[i].session);
  g_main_loop_unref (load.loop);
  g_array_unref (load.latencies);
  g_free (load.url);
  *p99_out = p99;
  return rate;
}

/* Scheduler run count (wake-ups) of every thread, and CPU ticks. */
static void
sample (GPid pid, guint64 *wakeups, guint64 *ticks)
{
  g_autofree char *task_dir = g_strdup_printf ("/proc/%d/task", pid);
  g_autofree char *stat_path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *stat = NULL;
  g_autoptr(GDir) dir = g_dir_open (task_dir, 0, NULL);
  const char *name;

  *wakeups = 0;
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("%s/%s/schedstat", task_dir, name);
      g_autofree char *text = NULL;
      guint64 run, wait, slices;

      if (g_file_get_contents (path, &text, NULL, NULL) &&
          sscanf (text, "%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT,
                  &run, &wait, &slices) == 3)
        *wakeups += slices;
    }
  *ticks = 0;
  if (g_file_get_contents (stat_path, &stat, NULL, NULL))
    {
      g_auto(GStrv) fields = g_strsplit (strrchr (stat, ')') + 2, " ", -1);

      /* utime and stime are fields 14 and 15, i.e. 11 and 12 after ")". */
      *ticks = g_ascii_strtoull (fields[11], NULL, 10) + g_ascii_strtoull (fields[12], NULL, 10);
    }
}

/* CPU seconds (user and system) all threads of @pid have used so far. */
static double
cpu_seconds (GPid pid)
{
  guint64 wakeups, ticks;

  sample (pid, &wakeups, &ticks);
  return ticks / (double) sysconf (_SC_CLK_TCK);
}

static guint64
rss_kb (GPid pid, const char *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", pid);
  g_autofree char *text = NULL;
  const char *at;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (at = strstr (text, field)) == NULL)
    return 0;
  return g_ascii_strtoull (at + strlen (field), NULL, 10);
}

static GPid
hub_pid (Hub *hub)
{
  return (GPid) g_ascii_strtoll (g_subprocess_get_identifier (hub->proc), NULL, 10);
}

static char *
write_config (const char *dir, const char *db)
{
  g_autofree char *cert = g_build_filename (dir, "hub.crt", NULL);
  g_autofree char *key = g_build_filename (dir, "hub.key", NULL);
  g_autofree char *text = g_strdup_printf ("[site]\ndatabase = %s\n\n[hub]\nlisten = 127.0.0.1:0\n"
                                           "tls-certificate = %s\ntls-key = %s\n", db, cert, key);
  char *path = g_build_filename (dir, g_str_has_suffix (db, "million.db") ? "million.conf"
                                                                          : "hub.conf", NULL);

  if (!g_file_set_contents (path, text, -1, NULL))
    g_error ("cannot write %s", path);
  return path;
}

static void
make_certificate (const char *dir)
{
  g_autofree char *cmd = g_strdup_printf (
      "openssl req -x509 -newkey rsa:2048 -nodes -keyout '%s/hub.key' -out '%s/hub.crt'"
      " -days 2 -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1"
      " 2>/dev/null", dir, dir);

  if (system (cmd) != 0)
    g_error ("openssl failed");
}

int
main (int argc, char **argv)
{
  g_autofree char *hub_program = NULL, *dir = NULL;
  gint64 tickets = 1000000;
  int bare_count = 400;
  gboolean load_only = FALSE;
  int only_clients = 0, only_each = 60;
  g_autoptr(GOptionContext) ctx = g_option_context_new ("— benchmark laiting-hub");
  g_autoptr(GError) error = NULL;
  g_autoptr(LtConfig) config = lt_config_new_default ();
  GOptionEntry entries[] = {
    { "hub", 0, 0, G_OPTION_ARG_FILENAME, &hub_program, "The laiting-hub program", "PATH" },
    { "tickets", 0, 0, G_OPTION_ARG_INT64, &tickets, "Tickets in the memory test", "N" },
    { "bare", 0, 0, G_OPTION_ARG_INT, &bare_count, "Submits for the bare store's rate", "N" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Directory for the databases", "DIR" },
    { "load-only", 0, 0, G_OPTION_ARG_NONE, &load_only,
      "Only the bare store and the submits over HTTPS", NULL },
    { "clients", 0, 0, G_OPTION_ARG_INT, &only_clients,
      "Only this many clients over HTTPS (implies --load-only)", "N" },
    { "each", 0, 0, G_OPTION_ARG_INT, &only_each, "Submits per client with --clients", "M" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GTlsDatabase) ca = NULL;
  g_autofree char *db = NULL, *conf = NULL, *cert = NULL;
  double bare, rate16 = 0, p99_64 = 0, p99;
  guint sequence = 1;
  guint64 w0, w1, t0, t1, rss, hwm;
  gboolean own_dir;
  Hub hub = { 0 };

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || hub_program == NULL)
    {
      fprintf (stderr, "%s\n", error ? error->message : "--hub PATH is needed");
      return 2;
    }
  own_dir = dir == NULL;
  if (own_dir)
    dir = g_dir_make_tmp ("laiting-bench-hub-XXXXXX", NULL);
  setvbuf (stdout, NULL, _IOLBF, 0);
  printf ("laiting-hub benchmark — databases in %s\n", dir);
  make_certificate (dir);
  cert = g_build_filename (dir, "hub.crt", NULL);
  ca = g_tls_file_database_new (cert, &error);
  if (ca == NULL)
    g_error ("%s", error->message);

  bare = bare_store_rate (dir, config, bare_count);
  printf ("bare store, durable submits (1 transaction each): %.0f /s\n", bare);

  db = g_build_filename (dir, "hub.db", NULL);
  tokens = add_kiosks (db, config, 64);
  conf = write_config (dir, db);
  start_hub (&hub, hub_program, conf);
  printf ("durable submits over HTTPS, kept-alive connections:\n");
  if (only_clients > 0)
    {
      run_load (&hub, ca, tokens, MIN (only_clients, 64), MAX (only_each, 1), &sequence, &p99);
      stop_hub (&hub);
      goto out;
    }
  run_load (&hub, ca, tokens, 1, 300, &sequence, &p99);
  rate16 = run_load (&hub, ca, tokens, 16, 150, &sequence, &p99);
  run_load (&hub, ca, tokens, 64, 60, &sequence, &p99_64);
  printf ("  target: 16 clients ≥ 0.8 × bare store = %.0f /s: %s (%.2f ×)\n", 0.8 * bare,
          rate16 >= 0.8 * bare ? "met" : "NOT met", rate16 / bare);
  printf ("  target: p99 ≤ 50 ms at 64 clients: %s (%.1f ms)\n",
          p99_64 <= 50 ? "met" : "NOT met", p99_64);

  if (load_only)
    {
      stop_hub (&hub);
      goto out;
    }
  /* At rest: let idle worker threads retire (GLib keeps them 15 s), then
   * count. */
  g_usleep (20 * G_USEC_PER_SEC);
  sample (hub_pid (&hub), &w0, &t0);
  g_usleep (10 * G_USEC_PER_SEC);
  sample (hub_pid (&hub), &w1, &t1);
  printf ("at rest for 10 s: %" G_GUINT64_FORMAT " wake-ups, %.2f s CPU — target: no wake-ups: %s\n",
          w1 - w0, (t1 - t0) / (double) sysconf (_SC_CLK_TCK), w1 == w0 ? "met" : "NOT met");
  stop_hub (&hub);

  {
    g_autofree char *big = g_build_filename (dir, "million.db", NULL);
    g_autofree char *big_conf = write_config (dir, big);
    g_autoptr(GPtrArray) big_tokens = NULL;
    gint64 start = now_us ();

    {
      g_autoptr(LtStore) store = open_store (big, config);
      bench_fill (store, tickets, lt_store_now ());
    }
    printf ("filled a store with %" G_GINT64_FORMAT " tickets in %.0f s\n", tickets,
            (now_us () - start) / 1e6);
    big_tokens = add_kiosks (big, config, 16);
    start_hub (&hub, hub_program, big_conf);
    sequence = 1;
    run_load (&hub, ca, big_tokens, 16, 100, &sequence, &p99);
    rss = rss_kb (hub_pid (&hub), "VmRSS:");
    hwm = rss_kb (hub_pid (&hub), "VmHWM:");
    printf ("hub memory serving %" G_GINT64_FORMAT " tickets: resident %.1f MB (peak %.1f MB)"
            " — target ≤ 30 MB: %s\n", tickets, rss / 1024.0, hwm / 1024.0,
            hwm <= 30 * 1024 ? "met" : "NOT met");
    stop_hub (&hub);
  }

out:
  if (own_dir)
    {
      g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
      if (system (cmd) != 0)
        fprintf (stderr, "could not remove %s\n", dir);
    }
  return 0;
}
