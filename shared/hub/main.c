/* main.c — laiting-hub: the ticket store of a district, served over HTTPS.
 *
 *   laiting-hub [--config FILE] [--db PATH]
 *
 * One GLib main loop, as feedbackd does it: no fork, no pidfile (systemd
 * does that), SIGTERM/SIGINT let the requests in flight finish and stop,
 * SIGHUP reloads the configuration and the TLS certificate. Logs go to the
 * journal, one line per event worth knowing and never a token. */

#define G_LOG_DOMAIN "lt-hub"

#include "config.h"

#include <locale.h>
#include <glib-unix.h>
#include <glib/gi18n-lib.h>

#include "lt-hub-server.h"

/* Longest wait, after a stop signal, for requests in flight. */
#define STOP_GRACE_SECONDS 30

typedef struct {
  GMainLoop   *loop;
  LtHubServer *server;
  LtStore     *store;
  char        *config_path;
  char        *db;
} Hub;

static void
stopped_cb (gpointer user_data)
{
  Hub *hub = user_data;

  g_message ("stopped");
  g_main_loop_quit (hub->loop);
}

static gboolean
stop_cb (gpointer user_data)
{
  Hub *hub = user_data;

  lt_hub_server_stop (hub->server, STOP_GRACE_SECONDS, G_CALLBACK (stopped_cb), hub);
  return G_SOURCE_CONTINUE;
}

static gboolean
reload_cb (gpointer user_data)
{
  Hub *hub = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LtConfig) config = lt_config_load (hub->config_path, &error);
  g_autoptr(LtConfig) previous = NULL;

  if (config == NULL)
    {
      g_message ("configuration not reloaded, the running one stays: %s", error->message);
      return G_SOURCE_CONTINUE;
    }
  /* The database is opened once; --db or the first [site] database stays. */
  lt_config_set_database_path (config, lt_store_get_path (hub->store));
  previous = g_object_ref (lt_store_get_config (hub->store));
  lt_store_set_config (hub->store, config);
  if (!lt_hub_server_reload (hub->server, &error))
    {
      lt_store_set_config (hub->store, previous);
      g_message ("configuration not reloaded, the running one stays: %s", error->message);
      return G_SOURCE_CONTINUE;
    }
  g_message ("configuration and TLS certificate reloaded from %s",
             lt_config_get_path (config) ? lt_config_get_path (config) : "built-in defaults");
  return G_SOURCE_CONTINUE;
}

static int
fail (const char *message)
{
  g_printerr ("laiting-hub: %s\n", message);
  return 1;
}

int
main (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new ("");
  g_autoptr(GError) error = NULL;
  g_autoptr(LtConfig) config = NULL;
  g_autoptr(LtStore) store = NULL;
  g_autoptr(LtHubServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *config_path = NULL, *db = NULL;
  Hub hub = { 0 };
  GOptionEntry entries[] = {
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &config_path, N_("配置文件"), "FILE" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("工单数据库"), "PATH" },
    G_OPTION_ENTRY_NULL
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_option_context_set_summary (ctx, _("来听服务端：让一个街道的各个服务站共用一个工单库（HTTPS）。"));
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      fail (error->message);
      return 2;
    }

  config = lt_config_load (config_path, &error);
  if (config == NULL)
    return fail (error->message);
  if (db != NULL)
    lt_config_set_database_path (config, db);
  store = lt_store_open (lt_config_get_database_path (config), config, &error);
  if (store == NULL)
    return fail (error->message);
  server = lt_hub_server_new (store, &error);
  if (server == NULL)
    return fail (error->message);
  /* Signals are ours before the first client can be told we listen. */
  loop = g_main_loop_new (NULL, FALSE);
  hub = (Hub) { loop, server, store, config_path, db };
  g_unix_signal_add (SIGTERM, stop_cb, &hub);
  g_unix_signal_add (SIGINT, stop_cb, &hub);
  g_unix_signal_add (SIGHUP, reload_cb, &hub);
  if (!lt_hub_server_start (server, &error))
    return fail (error->message);
  g_message ("ticket store %s", lt_store_get_path (store));
  g_main_loop_run (loop);
  return 0;
}
