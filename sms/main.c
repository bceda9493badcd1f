/* main.c — laiting-sms, the SMS listener.
 *
 * Turns residents' text messages into tickets and answers them, and sends
 * every receipt and closure notice the store has queued. Run it under
 * systemd (no fork, no pid file); SIGTERM/SIGINT stop it between messages,
 * SIGHUP reloads the configuration. --once makes one pass and exits. */

#define G_LOG_DOMAIN "laiting-sms"

#include "config.h"

#include <locale.h>
#include <glib/gi18n-lib.h>
#include <glib-unix.h>

#include "lt-config.h"
#include "lt-sms-text.h"
#include "lt-store.h"
#include "ls-listener.h"
#include "ls-relay.h"

typedef struct {
  LsListener *listener;
  char       *config_path;
} App;

static gboolean
stop_cb (gpointer user_data)
{
  App *app = user_data;

  ls_listener_stop (app->listener);
  return G_SOURCE_CONTINUE;
}

static gboolean
reload_cb (gpointer user_data)
{
  App *app = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LtConfig) config = lt_config_load (app->config_path, &error);

  if (config == NULL || !lt_sms_text_check_config (config, &error))
    g_message ("configuration not reloaded, keeping the old one: %s", error->message);
  else
    ls_listener_reload (app->listener, config);
  return G_SOURCE_CONTINUE;
}

int
main (int argc, char **argv)
{
  g_autofree char *config_path = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *gammurc = NULL;
  gboolean once = FALSE;
  GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, N_("配置文件"), N_("文件") },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("工单数据库"), N_("路径") },
    { "gammurc", 0, 0, G_OPTION_ARG_FILENAME, &gammurc, N_("短信猫的 gammu 配置文件"), N_("文件") },
    { "once", 0, 0, G_OPTION_ARG_NONE, &once, N_("处理完手机里的短信和待发短信后退出"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LtConfig) config = NULL;
  g_autoptr(LtStore) store = NULL;
  g_autoptr(LsRelay) relay = NULL;
  App app = { 0 };
  guint sources[3];
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("来听短信接收程序：把居民的短信变成工单并回复。"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (argc > 1)
    {
      g_printerr (_("不认识的参数：%s\n"), argv[1]);
      return 2;
    }

  config = lt_config_load (config_path, &error);
  /* Refused now, in one sentence naming the key, rather than found out by
   * residents paying for two-part replies. */
  if (config == NULL || !lt_sms_text_check_config (config, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (db_path != NULL)
    lt_config_set_database_path (config, db_path);
  /* A gateway of a hub keeps only its spool on this machine. */
  relay = ls_relay_open (config, &error);
  if (relay == NULL && error != NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  store = relay ? g_object_ref (lt_spool_get_store (ls_relay_get_spool (relay)))
                : lt_store_open (lt_config_get_database_path (config), config, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  app.listener = ls_listener_new (store, gammurc, once);
  if (relay)
    ls_listener_set_relay (app.listener, relay);
  app.config_path = config_path;
  sources[0] = g_unix_signal_add (SIGTERM, stop_cb, &app);
  sources[1] = g_unix_signal_add (SIGINT, stop_cb, &app);
  sources[2] = g_unix_signal_add (SIGHUP, reload_cb, &app);
  status = ls_listener_run (app.listener);
  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    g_source_remove (sources[i]);
  ls_listener_free (app.listener);
  g_clear_pointer (&relay, ls_relay_free);
  return status;
}
