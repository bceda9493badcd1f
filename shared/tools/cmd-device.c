/* cmd-device.c — `laiting device add|list|revoke`: the devices and clients
 * allowed to reach the hub.
 *
 * `add` prints the new token alone on standard output, so a script can
 * capture it, and one line on standard error saying it will not be shown
 * again: the store keeps only its hash. */

#define G_LOG_DOMAIN "laiting-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "laiting-cli.h"
#include "lt-json.h"
#include "lt-time.h"

static int
device_add (LtCli *cli, int argc, char **argv)
{
  g_autofree char *role_name = NULL, *department = NULL, *token = NULL;
  g_autoptr(LtDevice) device = NULL;
  g_autoptr(GError) error = NULL;
  int origin = 0;
  LtRole role;
  GOptionEntry entries[] = {
    { "role", 0, 0, G_OPTION_ARG_STRING, &role_name, N_("kiosk、gateway、staff、office 或 open311"), "ROLE" },
    { "origin", 0, 0, G_OPTION_ARG_INT, &origin, N_("自助机或短信网关自己的来源代码（10–99）"), "NN" },
    { "department", 0, 0, G_OPTION_ARG_STRING, &department, N_("office 设备代表的部门"), "NAME" },
    G_OPTION_ENTRY_NULL
  };

  if (!lt_cli_parse_options (_("名称"), _("添加一台设备，输出它的令牌（只显示这一次）。"),
                             entries, &argc, &argv))
    return LT_CLI_USAGE;
  if (argc != 2 || role_name == NULL)
    return lt_cli_fail (LT_CLI_USAGE,
                        _("用法：laiting device add 名称 --role kiosk|gateway|staff|office|open311"
                          " [--origin NN] [--department 部门]"));
  if (!lt_role_from_string (role_name, &role))
    return lt_cli_fail (LT_CLI_USAGE, _("--role 只能是 kiosk、gateway、staff、office 或 open311。"));
  if (origin < 0)
    return lt_cli_fail (LT_CLI_USAGE, _("--origin 要写 10 到 99 之间的数字。"));
  device = lt_store_device_add (cli->store, argv[1], role, (guint) origin, department,
                                &token, &error);
  if (device == NULL)
    return lt_cli_fail (LT_CLI_REFUSED, "%s", error->message);
  g_print ("%s\n", token);
  g_printerr (_("设备“%s”已添加。上面是它的令牌，只显示这一次，请立即妥善保存。\n"), device->name);
  return LT_CLI_OK;
}

static void
print_device (const LtDevice *d)
{
  g_autofree char *origin = d->origin ? g_strdup_printf ("%u", d->origin) : g_strdup ("-");
  g_autofree char *seen = d->last_seen_at ? lt_time_format (d->last_seen_at, "%Y-%m-%d %H:%M")
                                          : g_strdup (_("从未连接"));

  g_print ("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", d->name, lt_role_to_string (d->role), origin,
           d->department ? d->department : "-", seen,
           d->last_seen_from ? d->last_seen_from : "-",
           d->revoked ? _("已吊销") : _("有效"));
}

static int
device_list (LtCli *cli, int argc, char **argv)
{
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("以 JSON 输出"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (!lt_cli_parse_options ("", _("列出设备：名称、角色、来源代码、部门、最近连接的时间和地址、是否吊销。"),
                             entries, &argc, &argv))
    return LT_CLI_USAGE;
  if (argc != 1)
    return lt_cli_fail (LT_CLI_USAGE, _("用法：laiting device list [--json]"));
  devices = lt_store_device_list (cli->store, &error);
  if (devices == NULL)
    return lt_cli_fail (LT_CLI_REFUSED, "%s", error->message);
  if (json)
    {
      g_autoptr(JsonArray) array = json_array_sized_new (devices->len);
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
      g_autofree char *text = NULL;

      for (guint i = 0; i < devices->len; i++)
        json_array_add_element (array, lt_json_from_device (g_ptr_array_index (devices, i)));
      json_node_set_array (node, array);
      text = lt_json_to_string (node);
      g_print ("%s\n", text);
      return LT_CLI_OK;
    }
  for (guint i = 0; i < devices->len; i++)
    print_device (g_ptr_array_index (devices, i));
  if (devices->len == 0)
    g_printerr (_("还没有设备，用 laiting device add 添加。\n"));
  return LT_CLI_OK;
}

static int
device_revoke (LtCli *cli, int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };

  if (!lt_cli_parse_options (_("名称"), _("吊销一台设备的令牌，立即生效。"), entries, &argc, &argv))
    return LT_CLI_USAGE;
  if (argc != 2)
    return lt_cli_fail (LT_CLI_USAGE, _("用法：laiting device revoke 名称"));
  if (!lt_store_device_revoke (cli->store, argv[1], &error))
    return lt_cli_fail (LT_CLI_REFUSED, "%s", error->message);
  return LT_CLI_OK;
}

int
lt_cli_device (LtCli *cli, int argc, char **argv)
{
  static const struct {
    const char *name;
    int (*func) (LtCli *cli, int argc, char **argv);
  } actions[] = {
    { "add", device_add }, { "list", device_list }, { "revoke", device_revoke },
  };

  for (guint i = 0; argc >= 2 && i < G_N_ELEMENTS (actions); i++)
    if (g_str_equal (argv[1], actions[i].name))
      return actions[i].func (cli, argc - 1, argv + 1);
  return lt_cli_fail (LT_CLI_USAGE, _("用法：laiting device add|list|revoke …"));
}
