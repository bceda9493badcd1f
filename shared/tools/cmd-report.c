/* cmd-report.c — `laiting report`: the month's analysis as PDF and CSV.
 *
 *   laiting report --month YYYY-MM --output FILE.pdf [--csv FILE.csv]
 *
 * Leaders read the PDF; whoever compiles the district's figures takes the
 * CSV into a spreadsheet. Both come from one computation, so they agree. */

#define G_LOG_DOMAIN "laiting"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "laiting-cli.h"
#include "lt-report.h"
#include "lt-time.h"

int
lt_cli_report (LtCli *cli, int argc, char **argv)
{
  g_autofree char *month_text = NULL;
  g_autofree char *output = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  guint total = 0;
  int year = 0, month = 0;
  GOptionEntry entries[] = {
    { "month", 'm', 0, G_OPTION_ARG_STRING, &month_text, N_("统计哪个月"), "YYYY-MM" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("写入的 PDF 文件"), "FILE.pdf" },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv, N_("另把各项数字写入 CSV 文件"), "FILE.csv" },
    G_OPTION_ENTRY_NULL
  };

  ctx = g_option_context_new ("");
  g_option_context_set_summary (ctx, _("生成一个月的工单分析报告：数量、办结率、办结用时、超期、满意度和重复反映的问题。"));
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return lt_cli_fail (LT_CLI_USAGE, "%s", error->message);
  if (argc > 1)
    return lt_cli_fail (LT_CLI_USAGE, _("report 不接受多余的参数“%s”。"), argv[1]);
  if (month_text == NULL)
    return lt_cli_fail (LT_CLI_USAGE, _("请用 --month 指定月份，例如 --month 2026-11。"));
  if (!lt_time_parse_month (month_text, &year, &month))
    return lt_cli_fail (LT_CLI_USAGE, _("月份“%s”不对，应写成 YYYY-MM，例如 2026-11。"), month_text);
  if (output == NULL || *output == '\0')
    return lt_cli_fail (LT_CLI_USAGE, _("请用 --output 指定要写入的 PDF 文件。"));

  if (!lt_ticket_service_report (cli->tickets, year, month, output, csv, &total, &error))
    return lt_cli_fail (LT_CLI_REFUSED, "%s", error->message);

  /* TRANSLATORS: file, year, month, tickets. */
  g_print (_("%s：%d年%d月，%u 件工单\n"), output, year, month, total);
  return LT_CLI_OK;
}
