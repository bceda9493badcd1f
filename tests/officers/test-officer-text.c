/* test-officer-text.c — every text to an officer, rendered at its longest
 * (an 8-character signature, the longest category, location, phone and
 * date, a resident's long complaint): the ticket within two segments with
 * the words cut and marked, every reply, reminder and notice in one. And
 * the officers' command parser. The English catalog is held to the same
 * budgets by tests/i18n/test-translated-texts.c. */

#include "config.h"

#include <string.h>

#include "lt-config.h"
#include "lt-officer-command.h"
#include "lt-receipt.h"
#include "lt-segments.h"
#include "lt-sms-text.h"
#include "lt-time.h"

#define SIGNATURE "【某某街道热线】"

static char receipt[LT_RECEIPT_LEN + 1];
static char *grouped;

static void
check (const char *name, const char *text, guint max_segments)
{
  guint segments = lt_sms_count_segments (text, NULL);

  g_test_message ("%s (%u): %s", name, segments, text);
  g_assert_true (g_str_has_prefix (text, SIGNATURE));
  if (segments > max_segments)
    g_error ("%s takes %u segments (at most %u): %s", name, segments, max_segments, text);
}

static char *
long_text (guint n)
{
  GString *s = g_string_new (NULL);

  while (g_utf8_strlen (s->str, -1) < n)
    g_string_append (s, "小区门口的垃圾已经三天没有清运，气味很大，");
  return g_string_free (s, FALSE);
}

static void
test_ticket (void)
{
  g_autofree char *words = long_text (600);
  gint64 due = lt_time_day_start (2026, 12, 31) + 12 * 3600;
  const char *location = "幸福小区十二号楼东门南侧自行车棚旁边的空地";
  g_autofree char *text = lt_sms_text_officer_ticket (SIGNATURE, receipt, "物业小区养老",
                                                      location, words, "13912345678", due);
  g_autofree char *short_text = NULL;
  g_autofree char *no_place = NULL;

  check ("ticket, long words", text, 2);
  g_assert_nonnull (strstr (text, grouped));
  g_assert_nonnull (strstr (text, "13912345678"));
  g_assert_nonnull (strstr (text, "12月31日"));
  g_assert_nonnull (strstr (text, "幸福小区十二号楼东门南侧自行车"));
  /* Cut and marked. */
  g_assert_true (g_str_has_suffix (text, "…"));
  /* The longest words the two segments allow: one more would not fit. */
  g_assert_cmpuint (lt_sms_count_segments (text, NULL), ==, 2);

  short_text = lt_sms_text_officer_ticket (SIGNATURE, receipt, "环境卫生", NULL, "垃圾没清运",
                                           NULL, due);
  check ("ticket, short", short_text, 2);
  g_assert_true (g_str_has_suffix (short_text, "垃圾没清运"));
  no_place = lt_sms_text_officer_ticket (SIGNATURE, receipt, "环境卫生", NULL, words,
                                         "13912345678", due);
  check ("ticket without a place", no_place, 2);
  g_assert_true (g_str_has_suffix (no_place, "…"));
}

static void
test_replies (void)
{
  for (int k = LT_OFFICER_REPLY_ACKNOWLEDGED; k <= LT_OFFICER_REPLY_BAD_NUMBER; k++)
    {
      g_autofree char *text = lt_sms_text_officer_reply (SIGNATURE, k, receipt);

      check ("reply", text, 1);
      g_assert_nonnull (strstr (text, grouped));
    }
  for (guint i = 0; i < 3; i++)
    {
      const char *codes[] = { "BJ", "JZ", "TH" };
      g_autofree char *text = lt_sms_text_officer_missing (SIGNATURE, codes[i]);

      check ("missing words", text, 1);
      g_assert_nonnull (strstr (text, codes[i]));
    }
  {
    g_autofree char *none = lt_sms_text_officer_which (SIGNATURE, 0, "SD");
    g_autofree char *many = lt_sms_text_officer_which (SIGNATURE, 999, "SD");
    g_autofree char *help = lt_sms_text_officer_help (SIGNATURE);

    check ("which, none", none, 1);
    check ("which, 999", many, 1);
    check ("help", help, 1);
  }
}

static void
test_supervision_texts (void)
{
  g_autofree char *reminder = lt_sms_text_officer_reminder (SIGNATURE, receipt, "物业小区养老");
  g_autofree char *overdue = lt_sms_text_officer_overdue (SIGNATURE, receipt, "物业小区养老", 999);
  g_autofree char *sup = lt_sms_text_supervisor_overdue (SIGNATURE, receipt, 999,
                                                         "城管执法队第三中队队长", "13800000001");
  g_autofree char *sup_none = lt_sms_text_supervisor_overdue (SIGNATURE, receipt, 999, NULL, NULL);

  check ("reminder", reminder, 1);
  check ("overdue to officer", overdue, 1);
  check ("overdue to supervisor", sup, 1);
  check ("overdue to supervisor, not transferred", sup_none, 1);
  g_assert_nonnull (strstr (overdue, "999"));
  g_assert_nonnull (strstr (sup, "13800000001"));
}

static void
test_parse (void)
{
  static const struct {
    const char          *text;
    LtOfficerCommandKind kind;
    LtOfficerReceiptState state;
    const char          *receipt;   /* when VALID */
    const char          *words;
  } cases[] = {
    { "收到", LT_OFFICER_COMMAND_ACK, LT_OFFICER_RECEIPT_NONE, NULL, NULL },
    { " sd ", LT_OFFICER_COMMAND_ACK, LT_OFFICER_RECEIPT_NONE, NULL, NULL },
    { "SD 100 000 011", LT_OFFICER_COMMAND_ACK, LT_OFFICER_RECEIPT_VALID, "100000011", NULL },
    { "收到１００－０００－０１１", LT_OFFICER_COMMAND_ACK, LT_OFFICER_RECEIPT_VALID, "100000011", NULL },
    { "办结 100000011 已修好", LT_OFFICER_COMMAND_CLOSE, LT_OFFICER_RECEIPT_VALID, "100000011", "已修好" },
    { "ＢＪ１００００００１１：换了灯泡。", LT_OFFICER_COMMAND_CLOSE, LT_OFFICER_RECEIPT_VALID, "100000011", "换了灯泡。" },
    { "bj 3号楼灯已修好", LT_OFFICER_COMMAND_CLOSE, LT_OFFICER_RECEIPT_NONE, NULL, "3号楼灯已修好" },
    { "BJ 100000012 已修好", LT_OFFICER_COMMAND_CLOSE, LT_OFFICER_RECEIPT_BAD, NULL, "已修好" },
    { "BJ 10000001 已修好", LT_OFFICER_COMMAND_CLOSE, LT_OFFICER_RECEIPT_BAD, NULL, "已修好" },
    { "进展 已联系物业", LT_OFFICER_COMMAND_PROGRESS, LT_OFFICER_RECEIPT_NONE, NULL, "已联系物业" },
    { "JZ100000011明天处理", LT_OFFICER_COMMAND_PROGRESS, LT_OFFICER_RECEIPT_VALID, "100000011", "明天处理" },
    { "退回，不归我们管", LT_OFFICER_COMMAND_RETURN, LT_OFFICER_RECEIPT_NONE, NULL, "不归我们管" },
    { "TH", LT_OFFICER_COMMAND_RETURN, LT_OFFICER_RECEIPT_NONE, NULL, NULL },
    { "SDK", LT_OFFICER_COMMAND_UNKNOWN, LT_OFFICER_RECEIPT_NONE, NULL, NULL },
    { "你好", LT_OFFICER_COMMAND_UNKNOWN, LT_OFFICER_RECEIPT_NONE, NULL, NULL },
    { "", LT_OFFICER_COMMAND_UNKNOWN, LT_OFFICER_RECEIPT_NONE, NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      LtOfficerCommand cmd;

      lt_officer_command_parse (cases[i].text, &cmd);
      g_test_message ("%s", cases[i].text);
      g_assert_cmpint (cmd.kind, ==, cases[i].kind);
      g_assert_cmpint (cmd.receipt_state, ==, cases[i].state);
      if (cases[i].state == LT_OFFICER_RECEIPT_VALID)
        g_assert_cmpstr (cmd.receipt, ==, cases[i].receipt);
      if (cases[i].kind != LT_OFFICER_COMMAND_UNKNOWN)
        g_assert_cmpstr (cmd.words, ==, cases[i].words);
      lt_officer_command_clear (&cmd);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (lt_receipt_build (99, 999999, receipt, NULL));
  grouped = lt_receipt_format (receipt);
  g_assert_cmpint (g_utf8_strlen (SIGNATURE, -1), ==, LT_SMS_SIGNATURE_MAX);

  g_test_add_func ("/laiting/officer-text/ticket", test_ticket);
  g_test_add_func ("/laiting/officer-text/replies", test_replies);
  g_test_add_func ("/laiting/officer-text/supervision", test_supervision_texts);
  g_test_add_func ("/laiting/officer-text/parse", test_parse);
  return g_test_run ();
}
