/* cmd-spool.c — `laiting spool`: what an edge's spool still holds for
 * the hub, and a way to hand it over now.
 *
 *   laiting --config kiosk.conf spool [--forward]
 *
 * The spool is the one the kiosk or gateway with this configuration
 * writes ([hub] spool). Without --forward it only counts (tickets, their
 * voice notes and SMS; the voice notes also on a line of their own); with it, the
 * same forwarder the programs run carries everything to the hub and the
 * command ends when nothing is left (exit 0) or the hub cannot take it
 * (exit 1, with the reason). */

#define G_LOG_DOMAIN "laiting"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "laiting-cli.h"
#include "lt-spool.h"
#include "lt-time.h"

int
lt_cli_spool (LtCli *cli, int argc, char **argv)
{
  gboolean forward = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(LtHubClient) hub = NULL;
  g_autoptr(LtSpool) spool = NULL;
  GOptionEntry entries[] = {
    { "forward", 0, 0, G_OPTION_ARG_NONE, &forward, N_("现在就把待上传的内容交给中心"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (!lt_cli_parse_options ("", _("查看本机待上传到中心的工单和短信。"), entries, &argc, &argv))
    return LT_CLI_USAGE;
  if (!lt_hub_client_configured (cli->config))
    return lt_cli_fail (LT_CLI_REFUSED, _("配置里没有 [hub] url：本机直接使用工单库，没有待上传队列。"));
  hub = lt_hub_client_new (cli->config, &error);
  if (hub == NULL || (spool = lt_spool_open (cli->config, hub, &error)) == NULL)
    return lt_cli_fail (LT_CLI_REFUSED, "%s", error->message);
  if (forward && lt_spool_backlog (spool) > 0)
    {
      LtSpoolHubState state = LT_SPOOL_HUB_UNKNOWN;

      lt_spool_start (spool);
      while (lt_spool_backlog (spool) > 0 &&
             (state = lt_spool_hub_state (spool, NULL)) != LT_SPOOL_HUB_UNREACHABLE &&
             state != LT_SPOOL_HUB_REFUSED)
        g_usleep (G_USEC_PER_SEC / 50);
      lt_spool_stop (spool);
      if (lt_spool_backlog (spool) > 0)
        {
          g_autofree char *problem = NULL;

          lt_spool_hub_state (spool, &problem);
          g_print (_("待上传：%u 件（%s）\n"), lt_spool_backlog (spool),
                   lt_store_get_path (lt_spool_get_store (spool)));
          return lt_cli_fail (LT_CLI_REFUSED, "%s", problem ? problem : "");
        }
    }
  g_print (_("待上传：%u 件（%s）\n"), lt_spool_backlog (spool),
           lt_store_get_path (lt_spool_get_store (spool)));
  if (lt_spool_voice_backlog (spool) > 0)
    g_print (_("其中语音留言：%u 段\n"), lt_spool_voice_backlog (spool));
  return LT_CLI_OK;
}
