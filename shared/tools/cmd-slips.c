/* cmd-slips.c — `laiting slips`: the day's ticket slips as a PDF.
 *
 *   laiting slips [--date YYYY-MM-DD] --output FILE.pdf [--format a4|roll80]
 *
 * The same pages as the staff screen prints, from the same module. A day
 * without tickets still gives a page that says so, because a clerk who
 * prints every morning should see "nothing today", not an error. */

#define G_LOG_DOMAIN "laiting"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "laiting-cli.h"
#include "lt-slips.h"
#include "lt-store-private.h"
#include "lt-time.h"

int
lt_cli_slips (LtCli *cli, int argc, char **argv)
{
  g_autofree char *date_text = NULL;
  g_autofree char *output = NULL;
  g_autofree char *format_text = NULL;
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  LtSlipsFormat format = LT_SLIPS_FORMAT_A4;
  GDate date;
  GOptionEntry entries[] = {
    { "date", 'd', 0, G_OPTION_ARG_STRING, &date_text, N_("哪一天的工单（默认今天）"), "YYYY-MM-DD" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("写入的 PDF 文件"), "FILE.pdf" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_text, N_("纸张：a4（默认，每页三联）或 roll80（80 毫米热敏纸）"), "a4|roll80" },
    G_OPTION_ENTRY_NULL
  };

  ctx = g_option_context_new ("");
  g_option_context_set_summary (ctx, _("把某一天新建的工单打印成单据，每件工单一联。"));
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return lt_cli_fail (LT_CLI_USAGE, "%s", error->message);
  if (argc > 1)
    return lt_cli_fail (LT_CLI_USAGE, _("slips 不接受多余的参数“%s”。"), argv[1]);
  if (output == NULL || *output == '\0')
    return lt_cli_fail (LT_CLI_USAGE, _("请用 --output 指定要写入的 PDF 文件。"));
  if (format_text != NULL && !lt_slips_format_from_string (format_text, &format))
    return lt_cli_fail (LT_CLI_USAGE, _("--format 只能是 a4 或 roll80。"));

  g_date_clear (&date, 1);
  if (date_text != NULL)
    {
      if (!lt_time_parse_date (date_text, &date))
        return lt_cli_fail (LT_CLI_USAGE, _("日期“%s”不对，应写成 YYYY-MM-DD，例如 2026-11-21。"),
                            date_text);
    }
  else
    {
      /* Today in local time, as the store sees it ($LAITING_NOW in tests). */
      g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (lt_store_now ());

      g_date_set_dmy (&date, g_date_time_get_day_of_month (now),
                      g_date_time_get_month (now), g_date_time_get_year (now));
    }

  {
    guint tickets;
    int pages;

    if (!lt_ticket_service_slips (cli->tickets, &date, format, output, &tickets, &pages, &error))
      return lt_cli_fail (LT_CLI_REFUSED, "%s", error->message);
    /* TRANSLATORS: file, tickets, pages. */
    g_print (_("%s：%u 件工单，%d 页\n"), output, tickets, pages);
  }
  return LT_CLI_OK;
}
