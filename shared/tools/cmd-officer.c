/* cmd-officer.c — `laiting officer`: the officers tickets can be sent to.
 *
 *   laiting officer add NAME --phone NUMBER [--department NAME]
 *   laiting officer list [--json]
 *   laiting officer remove NAME
 *   laiting officer on-duty DEPARTMENT [NAME]     # no NAME: nobody
 *
 * Officers listed in the config's [officers] group appear here too and are
 * changed in the config, not here. */

#define G_LOG_DOMAIN "laiting-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "laiting-cli.h"
#include "lt-json.h"
#include "lt-officer.h"

static int
refused (GError *error)
{
  return lt_cli_fail (LT_CLI_REFUSED, "%s", error->message);
}

static int
officer_add (LtCli *cli, int argc, char **argv)
{
  g_autofree char *phone = NULL, *department = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "phone", 0, 0, G_OPTION_ARG_STRING, &phone, N_("经办人的手机号码"), "NUMBER" },
    { "department", 0, 0, G_OPTION_ARG_STRING, &department, N_("所属部门"), "NAME" },
    G_OPTION_ENTRY_NULL
  };

  if (!lt_cli_parse_options (_("姓名"), _("登记一位经办人：工单转给他时发短信到这个号码。"), entries, &argc, &argv))
    return LT_CLI_USAGE;
  if (argc != 2 || phone == NULL)
    return lt_cli_fail (LT_CLI_USAGE, _("用法：laiting officer add 姓名 --phone 手机号 [--department 部门]"));
  if (!lt_store_officer_add (cli->store, argv[1], phone, department, &error))
    return refused (error);
  return LT_CLI_OK;
}

static int
officer_list (LtCli *cli, int argc, char **argv)
{
  gboolean json = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) officers = NULL;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("以 JSON 输出"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (!lt_cli_parse_options ("", _("列出经办人。"), entries, &argc, &argv))
    return LT_CLI_USAGE;
  if (argc != 1)
    return lt_cli_fail (LT_CLI_USAGE, _("用法：laiting officer list [--json]"));
  officers = lt_store_officer_list (cli->store, &error);
  if (officers == NULL)
    return refused (error);
  if (json)
    {
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      g_autofree char *text = NULL;

      for (guint i = 0; i < officers->len; i++)
        json_array_add_element (array, lt_json_from_officer (officers->pdata[i]));
      json_node_set_array (root, array);
      text = lt_json_to_string (root);
      g_print ("%s\n", text);
      return LT_CLI_OK;
    }
  for (guint i = 0; i < officers->len; i++)
    {
      const LtOfficer *o = officers->pdata[i];
      g_autofree char *duty = g_strjoinv (_("、"), o->on_duty_for);

      /* name, phone, department, where it was named, on duty for */
      g_print ("%s\t%s\t%s\t%s\t%s\n", o->name, o->phone, o->department ? o->department : "-",
               o->from_config ? _("配置文件") : _("命令行"),
               *duty ? duty : "-");
    }
  return LT_CLI_OK;
}

static int
officer_remove (LtCli *cli, int argc, char **argv)
{
  g_autoptr(GError) error = NULL;

  if (argc != 2)
    return lt_cli_fail (LT_CLI_USAGE, _("用法：laiting officer remove 姓名"));
  if (!lt_store_officer_remove (cli->store, argv[1], &error))
    return refused (error);
  return LT_CLI_OK;
}

static int
officer_on_duty (LtCli *cli, int argc, char **argv)
{
  g_autoptr(GError) error = NULL;

  if (argc != 2 && argc != 3)
    return lt_cli_fail (LT_CLI_USAGE, _("用法：laiting officer on-duty 部门 [姓名]"));
  if (!lt_store_officer_set_on_duty (cli->store, argv[1], argc == 3 ? argv[2] : NULL, &error))
    return refused (error);
  return LT_CLI_OK;
}

int
lt_cli_officer (LtCli *cli, int argc, char **argv)
{
  static const struct {
    const char *name;
    int (*func) (LtCli *, int, char **);
  } subcommands[] = {
    { "add", officer_add },
    { "list", officer_list },
    { "remove", officer_remove },
    { "on-duty", officer_on_duty },
  };

  for (guint i = 0; argc >= 2 && i < G_N_ELEMENTS (subcommands); i++)
    if (g_str_equal (argv[1], subcommands[i].name))
      return subcommands[i].func (cli, argc - 1, argv + 1);
  return lt_cli_fail (LT_CLI_USAGE,
                      _("用法：laiting officer add|list|remove|on-duty …（add 姓名 --phone 手机号 [--department 部门]）"));
}
