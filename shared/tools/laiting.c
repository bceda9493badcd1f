/* laiting.c — the staff and operator command line.
 *
 *   laiting [--db PATH] [--config FILE] COMMAND [ARGS…]
 *
 * Every command goes through the same store calls as the kiosk and the SMS
 * listener, so events and queued SMS are identical whichever door a change
 * came through. Errors are one sentence on stderr; exit 1 when the request
 * was refused, 2 when the command line was wrong. */

#define G_LOG_DOMAIN "laiting"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <glib/gi18n-lib.h>

#include "laiting-cli.h"
#include "lt-json.h"
#include "lt-receipt.h"
#include "lt-time.h"

typedef int (*CommandFunc) (LtCli *cli, int argc, char **argv);

int
lt_cli_fail (int status, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("laiting: %s\n", message);
  return status;
}

/* Parses a subcommand's options; returns FALSE after printing the reason. */
static gboolean
parse_options (const char *usage, const char *summary, GOptionEntry *entries,
               int *argc, char ***argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (usage);
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (ctx, summary);
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
  if (!g_option_context_parse (ctx, argc, argv, &error))
    {
      lt_cli_fail (LT_CLI_USAGE, "%s", error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
lt_cli_parse_options (const char *usage, const char *summary, GOptionEntry *entries,
                      int *argc, char ***argv)
{
  return parse_options (usage, summary, entries, argc, argv);
}

/* Accepts a receipt typed any way a person would. */
static gboolean
parse_receipt (const char *text, char out[LT_RECEIPT_LEN + 1])
{
  g_autoptr(GError) error = NULL;

  if (lt_receipt_parse (text, out, &error))
    return TRUE;
  lt_cli_fail (LT_CLI_REFUSED, "%s", error->message);
  return FALSE;
}

static void
print_json (JsonNode *node)
{
  g_autofree char *text = lt_json_to_string (node);

  g_print ("%s\n", text);
}

static int
refused (GError *error)
{
  return lt_cli_fail (LT_CLI_REFUSED, "%s", error->message);
}

static int
cmd_init (LtCli *cli, int argc, char **argv)
{
  GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };

  if (!parse_options ("", _("创建或升级工单数据库。"), entries, &argc, &argv))
    return LT_CLI_USAGE;
  g_print (_("工单数据库已就绪：%s\n"), lt_ticket_service_describe (cli->tickets));
  return LT_CLI_OK;
}

static int
cmd_submit (LtCli *cli, int argc, char **argv)
{
  g_autofree char *channel = NULL, *category = NULL, *text = NULL;
  g_autofree char *phone = NULL, *location = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LtTicket) ticket = NULL;
  LtSubmission sub = { 0 };
  GOptionEntry entries[] = {
    { "channel", 0, 0, G_OPTION_ARG_STRING, &channel, N_("来源：kiosk、sms 或 staff"), "CHANNEL" },
    { "category", 0, 0, G_OPTION_ARG_STRING, &category, N_("问题类别代码"), "CODE" },
    { "text", 0, 0, G_OPTION_ARG_STRING, &text, N_("问题描述"), "TEXT" },
    { "phone", 0, 0, G_OPTION_ARG_STRING, &phone, N_("居民的电话号码"), "NUMBER" },
    { "location", 0, 0, G_OPTION_ARG_STRING, &location, N_("地点"), "TEXT" },
    G_OPTION_ENTRY_NULL
  };

  if (!parse_options ("", _("登记一件工单，只输出9位回执号。"), entries, &argc, &argv))
    return LT_CLI_USAGE;
  if (channel == NULL || category == NULL || text == NULL)
    return lt_cli_fail (LT_CLI_USAGE, _("submit 需要 --channel、--category 和 --text。"));
  if (!lt_channel_from_string (channel, &sub.channel))
    return lt_cli_fail (LT_CLI_USAGE, _("--channel 只能是 kiosk、sms 或 staff。"));
  sub.category = category;
  sub.text = text;
  sub.phone = phone;
  sub.location = location;
  ticket = lt_ticket_service_submit (cli->tickets, &sub, &error);
  if (ticket == NULL)
    return refused (error);
  g_print ("%s\n", ticket->receipt);
  return LT_CLI_OK;
}

static const char *
category_name (LtCli *cli, const char *code)
{
  const LtCategory *c = lt_config_find_category (cli->config, code);

  return c ? c->name : code;
}

/* One line a ticket: receipt, status, created, category, the start of the
 * text; overdue tickets are marked so a clerk sees them first. */
static void
print_ticket_line (LtCli *cli, const LtTicket *t, gint64 now)
{
  g_autofree char *receipt = lt_receipt_format (t->receipt);
  g_autofree char *created = lt_time_format (t->created_at, "%Y-%m-%d %H:%M");
  g_autofree char *first_line = g_strdup (t->text);
  char *newline = strchr (first_line, '\n');
  const char *mark = lt_ticket_is_overdue (t, now) ? _("【超期】") : "";

  if (newline)
    *newline = '\0';
  if (g_utf8_strlen (first_line, -1) > 24)
    {
      char *cut = g_utf8_offset_to_pointer (first_line, 23);
      strcpy (cut, "…");
    }
  g_print ("%s  %s%s  %s  %s  %s\n", receipt, mark, lt_ticket_status_label (t->status),
           created, category_name (cli, t->category), first_line);
}

static gboolean
parse_status_filter (const char *text, LtListFilter *filter)
{
  static const struct { const char *name; LtListFilter filter; } names[] = {
    { "all", LT_LIST_ALL }, { "open", LT_LIST_OPEN },
    { "closed", LT_LIST_CLOSED }, { "overdue", LT_LIST_OVERDUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (text, names[i].name) == 0)
      {
        *filter = names[i].filter;
        return TRUE;
      }
  return FALSE;
}

static int
cmd_list (LtCli *cli, int argc, char **argv)
{
  g_autofree char *date = NULL, *status = NULL;
  gboolean json = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  LtListQuery query = { .filter = LT_LIST_ALL };
  gint64 now = lt_store_now ();
  GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("只列出这一天登记的工单"), "YYYY-MM-DD" },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status, N_("open、closed、overdue 或 all"), "STATUS" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("以 JSON 输出"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (!parse_options ("", _("列出工单。"), entries, &argc, &argv))
    return LT_CLI_USAGE;
  if (date != NULL)
    {
      GDate day;

      if (!lt_time_parse_date (date, &day))
        return lt_cli_fail (LT_CLI_USAGE, _("日期“%s”不对，应写成 YYYY-MM-DD，例如 2026-11-21。"), date);
      lt_store_day_bounds (&day, &query.from, &query.to);
    }
  if (status != NULL && !parse_status_filter (status, &query.filter))
    return lt_cli_fail (LT_CLI_USAGE, _("--status 只能是 open、closed、overdue 或 all。"));
  query.with_events = json;
  tickets = lt_ticket_service_list (cli->tickets, &query, &error);
  if (tickets == NULL)
    return refused (error);

  if (json)
    {
      g_autoptr(JsonArray) array = json_array_sized_new (tickets->len);
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < tickets->len; i++)
        json_array_add_element (array, lt_json_from_ticket (g_ptr_array_index (tickets, i)));
      json_node_set_array (node, array);
      print_json (node);
      return LT_CLI_OK;
    }
  for (guint i = 0; i < tickets->len; i++)
    print_ticket_line (cli, g_ptr_array_index (tickets, i), now);
  if (tickets->len == 0)
    g_printerr (_("没有符合条件的工单。\n"));
  return LT_CLI_OK;
}

static void
print_ticket (LtCli *cli, const LtTicket *t)
{
  g_autofree char *receipt = lt_receipt_format (t->receipt);
  g_autofree char *created = lt_time_format (t->created_at, "%Y-%m-%d %H:%M");
  g_autofree char *due = lt_time_format (t->due_at, "%Y-%m-%d %H:%M");
  gboolean overdue = lt_ticket_is_overdue (t, lt_store_now ());

  g_print (_("回执号：%s\n"), receipt);
  g_print (_("状态：%s%s\n"), lt_ticket_status_label (t->status), overdue ? _("（已超期）") : "");
  g_print (_("类别：%s\n"), category_name (cli, t->category));
  g_print (_("来源：%s\n"), lt_channel_label (t->channel));
  g_print (_("登记时间：%s\n"), created);
  g_print (_("承诺办结：%s\n"), due);
  if (t->location)
    g_print (_("地点：%s\n"), t->location);
  if (t->phone)
    g_print (_("电话：%s\n"), t->phone);
  if (t->assignee)
    g_print (_("承办：%s\n"), t->assignee);
  g_print (_("内容：%s\n"), t->text);
  g_print (_("办理经过：\n"));
  for (guint i = 0; i < t->events->len; i++)
    {
      const LtEvent *e = g_ptr_array_index (t->events, i);
      g_autofree char *at = lt_time_format (e->at, "%Y-%m-%d %H:%M");

      g_print ("  %s  %s  %s%s%s\n", at, lt_event_kind_label (e->kind), e->actor,
               e->note ? "  " : "", e->note ? e->note : "");
    }
}

static int
cmd_show (LtCli *cli, int argc, char **argv)
{
  gboolean json = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(LtTicket) t = NULL;
  g_autoptr(GPtrArray) attachments = NULL;
  char receipt[LT_RECEIPT_LEN + 1];
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("以 JSON 输出"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (!parse_options (_("回执号"), _("显示一件工单和它的办理经过。"), entries, &argc, &argv))
    return LT_CLI_USAGE;
  if (argc < 2)
    return lt_cli_fail (LT_CLI_USAGE, _("请给出回执号，例如：laiting show 120345678"));
  /* "show 120 345 678" without quotes is still one number to a person. */
  {
    g_autofree char *typed = g_strjoinv (" ", argv + 1);

    if (!parse_receipt (typed, receipt))
      return LT_CLI_REFUSED;
  }
  t = lt_ticket_service_get (cli->tickets, receipt, &error);
  if (t == NULL)
    return refused (error);
  attachments = lt_store_list_attachments (cli->store, receipt, &error);
  if (attachments == NULL)
    return refused (error);
  if (json)
    {
      g_autoptr(JsonNode) node = lt_json_from_ticket (t);
      lt_json_add_attachments (node, attachments);
      print_json (node);
    }
  else
    {
      print_ticket (cli, t);
      for (guint i = 0; i < attachments->len; i++)
        {
          const LtAttachment *a = g_ptr_array_index (attachments, i);
          g_autofree char *length = lt_attachment_format_seconds (a->seconds);

          g_print (_("语音留言 %s：%s\n"), length, a->path);
        }
    }
  return LT_CLI_OK;
}

static char *
current_actor (void)
{
  const char *user = g_get_user_name ();

  return g_strdup (user && *user ? user : _("工作人员"));
}

static int
cmd_transfer (LtCli *cli, int argc, char **argv)
{
  g_autofree char *to = NULL, *note = NULL, *actor = current_actor ();
  g_autoptr(GError) error = NULL;
  char receipt[LT_RECEIPT_LEN + 1];
  GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("承办部门或经办人"), "NAME" },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("转办说明"), "TEXT" },
    G_OPTION_ENTRY_NULL
  };

  if (!parse_options (_("回执号"), _("把工单转给负责的部门或经办人。"), entries, &argc, &argv))
    return LT_CLI_USAGE;
  if (argc != 2 || to == NULL)
    return lt_cli_fail (LT_CLI_USAGE, _("用法：laiting transfer 回执号 --to 部门 [--note 说明]"));
  if (!parse_receipt (argv[1], receipt))
    return LT_CLI_REFUSED;
  if (!lt_ticket_service_change (cli->tickets, "transfer", receipt, to, note, actor, &error))
    return refused (error);
  return LT_CLI_OK;
}

static int
cmd_note (LtCli *cli, int argc, char **argv)
{
  g_autofree char *actor = current_actor ();
  g_autoptr(GError) error = NULL;
  char receipt[LT_RECEIPT_LEN + 1];
  GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };

  if (!parse_options (_("回执号 备注"), _("给工单加一条备注。"), entries, &argc, &argv))
    return LT_CLI_USAGE;
  if (argc != 3)
    return lt_cli_fail (LT_CLI_USAGE, _("用法：laiting note 回执号 备注内容"));
  if (!parse_receipt (argv[1], receipt))
    return LT_CLI_REFUSED;
  if (!lt_ticket_service_change (cli->tickets, "note", receipt, NULL, argv[2], actor, &error))
    return refused (error);
  return LT_CLI_OK;
}

static int
cmd_close (LtCli *cli, int argc, char **argv)
{
  g_autofree char *note = NULL, *actor = current_actor ();
  g_autoptr(GError) error = NULL;
  char receipt[LT_RECEIPT_LEN + 1];
  GOptionEntry entries[] = {
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("办理结果（必填，会发给居民）"), "TEXT" },
    G_OPTION_ENTRY_NULL
  };

  if (!parse_options (_("回执号"), _("办结工单，并短信告知居民。"), entries, &argc, &argv))
    return LT_CLI_USAGE;
  if (argc != 2)
    return lt_cli_fail (LT_CLI_USAGE, _("用法：laiting close 回执号 --note 办理结果"));
  if (!parse_receipt (argv[1], receipt))
    return LT_CLI_REFUSED;
  if (!lt_ticket_service_change (cli->tickets, "close", receipt, NULL, note, actor, &error))
    return refused (error);
  return LT_CLI_OK;
}

static int
cmd_reopen (LtCli *cli, int argc, char **argv)
{
  g_autofree char *note = NULL, *actor = current_actor ();
  g_autoptr(GError) error = NULL;
  char receipt[LT_RECEIPT_LEN + 1];
  GOptionEntry entries[] = {
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("重新办理的原因"), "TEXT" },
    G_OPTION_ENTRY_NULL
  };

  if (!parse_options (_("回执号"), _("重新办理一件已办结的工单。"), entries, &argc, &argv))
    return LT_CLI_USAGE;
  if (argc != 2)
    return lt_cli_fail (LT_CLI_USAGE, _("用法：laiting reopen 回执号 [--note 原因]"));
  if (!parse_receipt (argv[1], receipt))
    return LT_CLI_REFUSED;
  if (!lt_ticket_service_change (cli->tickets, "reopen", receipt, NULL, note, actor, &error))
    return refused (error);
  return LT_CLI_OK;
}

static int
cmd_outbox (LtCli *cli, int argc, char **argv)
{
  g_autofree char *state_name = NULL;
  gboolean json = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  LtOutboxState state = LT_OUTBOX_QUEUED;
  GOptionEntry entries[] = {
    { "state", 0, 0, G_OPTION_ARG_STRING, &state_name, N_("queued、sending、sent、failed 或 all"), "STATE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("以 JSON 输出"), NULL },
    G_OPTION_ENTRY_NULL
  };
  gboolean all;

  if (!parse_options ("", _("列出短信发件箱。"), entries, &argc, &argv))
    return LT_CLI_USAGE;
  all = state_name == NULL || g_str_equal (state_name, "all");
  if (!all && !lt_outbox_state_from_string (state_name, &state))
    return lt_cli_fail (LT_CLI_USAGE, _("--state 只能是 queued、sending、sent、failed 或 all。"));
  messages = lt_ticket_service_outbox (cli->tickets, all ? -1 : (int) state, &error);
  if (messages == NULL)
    return refused (error);
  if (json)
    {
      g_autoptr(JsonArray) array = json_array_sized_new (messages->len);
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < messages->len; i++)
        json_array_add_element (array, lt_json_from_outbox (g_ptr_array_index (messages, i)));
      json_node_set_array (node, array);
      print_json (node);
      return LT_CLI_OK;
    }
  for (guint i = 0; i < messages->len; i++)
    {
      const LtOutboxMessage *m = g_ptr_array_index (messages, i);
      const char *delivery = lt_outbox_delivery_label (m->delivery);

      g_print ("%" G_GINT64_FORMAT "  %s%s%s  %s  %s  %u  %s\n", m->id,
               lt_outbox_state_to_string (m->state), delivery ? " " : "", delivery ? delivery : "",
               m->kind, m->phone, m->segments, m->body);
    }
  return LT_CLI_OK;
}

static int
cmd_categories (LtCli *cli, int argc, char **argv)
{
  GPtrArray *categories = lt_config_get_categories (cli->config);
  GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };

  if (!parse_options ("", _("列出问题类别：代码、名称、办结时限（天）。"), entries, &argc, &argv))
    return LT_CLI_USAGE;
  for (guint i = 0; i < categories->len; i++)
    {
      const LtCategory *c = g_ptr_array_index (categories, i);

      g_print ("%s\t%s\t%u\n", c->code, c->name, c->due_days);
    }
  return LT_CLI_OK;
}

static const struct {
  const char  *name;
  CommandFunc  func;
  gboolean     needs_store;
  const char  *summary;
  gboolean     local_only;  /* the file itself, never through a hub */
} commands[] = {
  { "init",       cmd_init,       TRUE,  N_("创建或升级工单数据库") },
  { "submit",     cmd_submit,     TRUE,  N_("登记工单，输出回执号") },
  { "list",       cmd_list,       TRUE,  N_("列出工单") },
  { "show",       cmd_show,       TRUE,  N_("查看一件工单") },
  { "transfer",   cmd_transfer,   TRUE,  N_("转办工单") },
  { "note",       cmd_note,       TRUE,  N_("添加备注") },
  { "close",      cmd_close,      TRUE,  N_("办结工单并短信告知居民") },
  { "reopen",     cmd_reopen,     TRUE,  N_("重新办理工单") },
  { "outbox",     cmd_outbox,     TRUE,  N_("查看短信发件箱") },
  { "categories", cmd_categories, FALSE, N_("列出问题类别") },
  { "slips",      lt_cli_slips,   TRUE,  N_("打印某一天的工单单据（PDF）") },
  { "report",     lt_cli_report,  TRUE,  N_("生成月度分析报告（PDF）") },
  { "pin-hash",   lt_cli_pin,     FALSE, N_("为工作人员密码生成配置用的散列值") },
  { "device",     lt_cli_device,  TRUE,  N_("管理连接中心的设备和令牌"), TRUE },
  { "spool",      lt_cli_spool,   FALSE, N_("查看本机待上传到中心的内容") },
};

static int
usage (void)
{
  g_printerr (_("用法：laiting [--db 数据库] [--config 配置文件] 命令 [参数…]\n\n命令：\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_printerr ("  %-11s %s\n", commands[i].name, _(commands[i].summary));
  return LT_CLI_USAGE;
}

/* Takes --db and --config wherever they stand, so `laiting show R --db X`
 * works as well as `laiting --db X show R`. */
static void
take_global_options (int *argc, char **argv, char **db, char **config)
{
  int out = 1;

  for (int i = 1; i < *argc; i++)
    {
      char **target = NULL;
      const char *value = NULL;

      if (g_str_equal (argv[i], "--db") || g_str_equal (argv[i], "--config"))
        {
          target = argv[i][2] == 'd' ? db : config;
          if (i + 1 < *argc)
            value = argv[++i];
        }
      else if (g_str_has_prefix (argv[i], "--db="))
        target = db, value = argv[i] + 5;
      else if (g_str_has_prefix (argv[i], "--config="))
        target = config, value = argv[i] + 9;
      if (target != NULL)
        {
          g_free (*target);
          *target = g_strdup (value ? value : "");
          continue;
        }
      argv[out++] = argv[i];
    }
  *argc = out;
  argv[out] = NULL;
}

int
main (int argc, char **argv)
{
  g_autofree char *db = NULL, *config_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LtConfig) config = NULL;
  g_autoptr(LtTicketService) tickets = NULL;
  LtCli cli = { 0 };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  take_global_options (&argc, argv, &db, &config_path);
  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    return usage ();
  if ((db && !*db) || (config_path && !*config_path))
    return lt_cli_fail (LT_CLI_USAGE, _("--db 和 --config 后面要跟文件路径。"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (!g_str_equal (argv[1], commands[i].name))
        continue;
      config = lt_config_load (config_path, &error);
      if (config == NULL)
        return refused (error);
      if (db)
        lt_config_set_database_path (config, db);
      cli.config = config;
      if (commands[i].needs_store)
        {
          /* --db names a file: it wins over a [hub] url. */
          if (db)
            g_key_file_remove_key (lt_config_get_key_file (config), "hub", "url", NULL);
          tickets = lt_ticket_service_open (config, &error);
          if (tickets == NULL)
            return refused (error);
          cli.tickets = tickets;
          cli.store = lt_ticket_service_get_store (tickets);
          if (cli.store == NULL && commands[i].local_only)
            return lt_cli_fail (LT_CLI_REFUSED,
                                _("“%s”只能在中心的机器上对工单库文件执行（用 --db 指定文件）。"),
                                argv[1]);
        }
      return commands[i].func (&cli, argc - 1, argv + 1);
    }
  lt_cli_fail (LT_CLI_USAGE, _("没有“%s”这个命令。"), argv[1]);
  return usage ();
}
