/* lk-hall.c — the kiosk in a district (see lk-hall.h). */

#define G_LOG_DOMAIN "lk-hall"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "lk-hall.h"
#include "lt-time.h"

LtSpool *
lk_hall_for_widget (GtkWidget *widget)
{
  GtkRoot *root = widget ? gtk_widget_get_root (widget) : NULL;
  GtkApplication *app = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;

  /* A window made without the application (benchmarks) carries its own. */
  if (root != NULL && g_object_get_data (G_OBJECT (root), "lk-hall-spool") != NULL)
    return g_object_get_data (G_OBJECT (root), "lk-hall-spool");
  return app ? g_object_get_data (G_OBJECT (app), "lk-hall-spool") : NULL;
}

LtSpool *
lk_hall_open (LtConfig *config, GError **error)
{
  g_autoptr(LtHubClient) hub = NULL;
  LtSpool *spool;

  if (!lt_hub_client_configured (config))
    return NULL;
  hub = lt_hub_client_new (config, error);
  if (hub == NULL)
    return NULL;
  spool = lt_spool_open (config, hub, error);
  if (spool == NULL)
    return NULL;
  lt_config_set_database_path (config, lt_store_get_path (lt_spool_get_store (spool)));
  g_message ("reports go to the spool %s and on to the hub %s",
             lt_store_get_path (lt_spool_get_store (spool)), lt_hub_client_get_url (hub));
  lt_spool_start (spool);
  {
    /* The staff desk's own client: the staff token if the hall has one. */
    g_autofree char *staff_token = lt_config_get_string (config, "hub", "staff-token", NULL);
    g_autoptr(LtHubClient) staff = NULL;

    if (staff_token != NULL)
      {
        g_autofree char *kiosk_token = lt_config_get_string (config, "hub", "token", NULL);

        g_key_file_set_string (lt_config_get_key_file (config), "hub", "token", staff_token);
        staff = lt_hub_client_new (config, NULL);
        g_key_file_set_string (lt_config_get_key_file (config), "hub", "token", kiosk_token);
      }
    {
      LtTicketService *desk = lt_ticket_service_new_hub (staff ? staff : hub, config);
      g_autofree char *state = g_path_get_dirname (lt_store_get_path (lt_spool_get_store (spool)));
      g_autofree char *cache = g_build_filename (state, "voice-cache", NULL);

      /* Voice notes the desk plays through the hub are kept beside the
       * spool, in the kiosk's own state folder. */
      lt_ticket_service_set_cache_dir (desk, cache);
      g_object_set_data_full (G_OBJECT (spool), "lk-hall-staff", desk, g_object_unref);
    }
  }
  return spool;
}

const char *
lk_hall_sms_pending (LtSpool *spool, const char *receipt)
{
  if (spool == NULL || receipt == NULL || lt_spool_is_forwarded (spool, receipt))
    return NULL;
  return _("收到，短信稍后发出");
}

typedef struct {
  char     *receipt;
  char     *sentence;
} Lookup;

static void
lookup_free (Lookup *l)
{
  g_free (l->receipt);
  g_free (l->sentence);
  g_free (l);
}

static void
lookup_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  LtSpool *spool = source;
  Lookup *l = data;
  g_autoptr(GError) error = NULL;
  LtTicket *t = lt_hub_client_get (lt_spool_get_hub (spool), l->receipt, &error);

  if (t != NULL)
    {
      lt_spool_wake (spool);  /* the hub answers: anything spooled may go now */
      g_task_return_pointer (task, t, (GDestroyNotify) lt_ticket_free);
      return;
    }
  if (lt_spool_is_waiting (spool, l->receipt))
    l->sentence = g_strdup (_("已登记，正在上传。办理进度稍后可以查到。"));
  else if (g_error_matches (error, LT_HUB_CLIENT_ERROR, LT_HUB_CLIENT_ERROR_UNREACHABLE))
    l->sentence = g_strdup (_("现在连不上服务中心，请稍后再试，或请工作人员帮忙。"));
  else if (g_error_matches (error, LT_HUB_CLIENT_ERROR, LT_HUB_CLIENT_ERROR_REFUSED))
    /* Short enough for the lookup hint's three lines at every size. */
    l->sentence = g_strdup (_("本机查不了，请发短信“查”加号码，或请工作人员帮忙。"));
  if (!g_error_matches (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND))
    g_message ("lookup through the hub: %s", error->message);
  g_task_return_error (task, g_steal_pointer (&error));
}

void
lk_hall_lookup_async (LtSpool *spool, const char *receipt, GCancellable *cancellable,
                      GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (spool, cancellable, callback, user_data);
  Lookup *l = g_new0 (Lookup, 1);

  l->receipt = g_strdup (receipt);
  g_task_set_task_data (task, l, (GDestroyNotify) lookup_free);
  g_task_run_in_thread (task, lookup_thread);
}

LtTicket *
lk_hall_lookup_finish (LtSpool *spool, GAsyncResult *result, char **sentence, GError **error)
{
  Lookup *l = g_task_get_task_data (G_TASK (result));

  *sentence = g_strdup (l->sentence);
  return g_task_propagate_pointer (G_TASK (result), error);
}

LtTicketService *
lk_hall_staff_tickets (GtkWidget *widget, LtStore *store)
{
  LtSpool *spool = lk_hall_for_widget (widget);
  LtTicketService *hub = spool ? g_object_get_data (G_OBJECT (spool), "lk-hall-staff") : NULL;

  return hub ? g_object_ref (hub) : lt_ticket_service_new_local (store);
}

char *
lk_hall_status_text (GtkWidget *widget)
{
  LtSpool *spool = lk_hall_for_widget (widget);
  g_autofree char *problem = NULL;
  g_autofree char *when = NULL;
  g_autofree char *waiting = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) then = NULL;
  LtSpoolHubState state;
  guint backlog;
  gint64 last;

  if (spool == NULL)
    return NULL;
  backlog = lt_spool_backlog (spool);
  state = lt_spool_hub_state (spool, &problem);
  if (state == LT_SPOOL_HUB_REFUSED)
    {
      /* The hub's reason goes inside the sentence, without its full stop. */
      if (problem != NULL && g_str_has_suffix (problem, "。"))
        problem[strlen (problem) - strlen ("。")] = '\0';
    }
  if (state == LT_SPOOL_HUB_REFUSED)
    /* TRANSLATORS: the hub's reason, then how many reports the kiosk keeps */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "服务中心不接受本机的登记（%s），%u 份登记都留在本机，请联系管理员。",
                                         "服务中心不接受本机的登记（%s），%u 份登记都留在本机，请联系管理员。",
                                         backlog),
                            problem ? problem : "", backlog);
  /* TRANSLATORS: reports in the kiosk's spool not yet at the hub */
  waiting = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u 份登记等待上传",
                                          "%u 份登记等待上传", backlog), backlog);
  last = lt_spool_last_reached (spool);
  if (last == 0)
    /* TRANSLATORS: the backlog, then that the hub has not answered yet */
    return g_strdup_printf (_("%s · 还没有连上过服务中心"), waiting);
  now = g_date_time_new_now_local ();
  then = g_date_time_new_from_unix_local (last);
  /* TRANSLATORS: g_date_time_format() times: today, another day */
  when = g_date_time_format (then, g_date_time_get_day_of_year (now) == g_date_time_get_day_of_year (then) &&
                                   g_date_time_get_year (now) == g_date_time_get_year (then)
                                   ? "%H:%M" : _("%-m月%-d日 %H:%M"));
  /* TRANSLATORS: the backlog, then when the hub last answered */
  return g_strdup_printf (_("%s · 上次连上服务中心 %s"), waiting, when);
}

const char *
lk_hall_staff_sentence (const GError *error)
{
  if (g_error_matches (error, LT_HUB_CLIENT_ERROR, LT_HUB_CLIENT_ERROR_UNREACHABLE))
    return _("现在连不上服务中心，请稍后再试。本机收到的登记都留着，连上后自动上传。");
  if (g_error_matches (error, LT_HUB_CLIENT_ERROR, LT_HUB_CLIENT_ERROR_REFUSED))
    return _("服务中心拒绝了本机的请求，请联系管理员核对本机的令牌。本机收到的登记都留着。");
  return NULL;
}
