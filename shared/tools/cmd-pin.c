/* cmd-pin.c — `laiting pin-hash`: turn a staff PIN into the hash line for
 * [kiosk] staff-pin-hash.
 *
 * The PIN is read from standard input, never from the command line, so it
 * does not end up in the shell history or in `ps`. */

#define G_LOG_DOMAIN "laiting-cli"

#include "config.h"

#include <stdio.h>
#include <unistd.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "laiting-cli.h"
#include "lt-pin.h"

int
lt_cli_pin (LtCli *cli, int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  char line[64] = "";

  if (argc > 1)
    {
      if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
        {
          g_print ("%s\n", _("用法：laiting pin-hash < 密码\n"
                             "从标准输入读入 4 到 8 位数字的工作人员密码，输出一行，"
                             "填入配置文件 [kiosk] 组的 staff-pin-hash。"));
          return LT_CLI_OK;
        }
      return lt_cli_fail (LT_CLI_USAGE, _("pin-hash 不带参数，密码请从标准输入读入。"));
    }
  if (isatty (fileno (stdin)))
    g_printerr ("%s", _("请输入工作人员密码（4 到 8 位数字），按回车："));
  if (fgets (line, sizeof line, stdin) == NULL)
    return lt_cli_fail (LT_CLI_USAGE, _("没有读到密码。"));
  line[strcspn (line, "\r\n")] = '\0';
  hash = lt_pin_hash (g_strstrip (line), &error);
  memset (line, 0, sizeof line);
  if (hash == NULL)
    return lt_cli_fail (LT_CLI_REFUSED, "%s", error->message);
  g_print ("staff-pin-hash = %s\n", hash);
  return LT_CLI_OK;
}
