/* test-ticket.c — the ticket state machine refuses what it must. */

#include "config.h"

#include "lt-ticket.h"

static void
test_allowed (void)
{
  static const struct { LtTicketStatus from; LtTicketAction action; gboolean ok; } cases[] = {
    { LT_STATUS_RECEIVED,    LT_ACTION_TRANSFER, TRUE },
    { LT_STATUS_RECEIVED,    LT_ACTION_CLOSE,    TRUE },
    { LT_STATUS_RECEIVED,    LT_ACTION_REOPEN,   FALSE },
    { LT_STATUS_TRANSFERRED, LT_ACTION_TRANSFER, TRUE },
    { LT_STATUS_TRANSFERRED, LT_ACTION_CLOSE,    TRUE },
    { LT_STATUS_TRANSFERRED, LT_ACTION_REOPEN,   FALSE },
    { LT_STATUS_CLOSED,      LT_ACTION_TRANSFER, FALSE },
    { LT_STATUS_CLOSED,      LT_ACTION_CLOSE,    FALSE },
    { LT_STATUS_CLOSED,      LT_ACTION_REOPEN,   TRUE },
    { LT_STATUS_REOPENED,    LT_ACTION_TRANSFER, TRUE },
    { LT_STATUS_REOPENED,    LT_ACTION_CLOSE,    TRUE },
    { LT_STATUS_REOPENED,    LT_ACTION_REOPEN,   FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = lt_ticket_check_action (cases[i].from, cases[i].action, &error);

      g_assert_cmpint (ok, ==, cases[i].ok);
      if (ok)
        g_assert_no_error (error);
      else
        {
          g_assert_error (error, LT_TICKET_ERROR, LT_TICKET_ERROR_ILLEGAL);
          /* One sentence for a clerk, in Chinese, ending with a full stop. */
          g_assert_true (g_str_has_suffix (error->message, "。"));
        }
    }
}

static void
test_status_after (void)
{
  g_assert_cmpint (lt_ticket_status_after (LT_ACTION_TRANSFER), ==, LT_STATUS_TRANSFERRED);
  g_assert_cmpint (lt_ticket_status_after (LT_ACTION_CLOSE), ==, LT_STATUS_CLOSED);
  g_assert_cmpint (lt_ticket_status_after (LT_ACTION_REOPEN), ==, LT_STATUS_REOPENED);
}

static void
test_names (void)
{
  for (LtTicketStatus s = LT_STATUS_RECEIVED; s <= LT_STATUS_REOPENED; s++)
    {
      LtTicketStatus back;

      g_assert_true (lt_ticket_status_from_string (lt_ticket_status_to_string (s), &back));
      g_assert_cmpint (back, ==, s);
    }
  g_assert_cmpstr (lt_ticket_status_label (LT_STATUS_RECEIVED), ==, "已受理");
  g_assert_cmpstr (lt_ticket_status_label (LT_STATUS_TRANSFERRED), ==, "已转办");
  g_assert_cmpstr (lt_ticket_status_label (LT_STATUS_CLOSED), ==, "已办结");
  g_assert_cmpstr (lt_ticket_status_label (LT_STATUS_REOPENED), ==, "重新办理");
  for (LtChannel c = LT_CHANNEL_KIOSK; c <= LT_CHANNEL_LAST; c++)
    {
      LtChannel back;

      g_assert_true (lt_channel_from_string (lt_channel_to_string (c), &back));
      g_assert_cmpint (back, ==, c);
    }
  {
    LtChannel c;
    g_assert_false (lt_channel_from_string ("fax", &c));
  }
}

static void
test_overdue (void)
{
  LtTicket t = { .status = LT_STATUS_TRANSFERRED, .due_at = 1000 };

  g_assert_false (lt_ticket_is_overdue (&t, 999));
  g_assert_false (lt_ticket_is_overdue (&t, 1000));
  g_assert_true (lt_ticket_is_overdue (&t, 1001));
  t.status = LT_STATUS_CLOSED;
  g_assert_false (lt_ticket_is_overdue (&t, 5000));
}

static void
test_copy (void)
{
  g_autoptr(LtTicket) t = g_new0 (LtTicket, 1);
  g_autoptr(LtTicket) copy = NULL;

  t->receipt = g_strdup ("100000011");
  t->text = g_strdup ("路灯不亮😀");
  t->events = g_ptr_array_new_with_free_func ((GDestroyNotify) lt_event_free);
  g_ptr_array_add (t->events, lt_event_new (5, "created", "自助机", NULL));
  copy = lt_ticket_copy (t);
  g_assert_cmpstr (copy->text, ==, t->text);
  g_assert_true (copy->text != t->text);
  g_assert_cmpuint (copy->events->len, ==, 1);
  g_assert_cmpstr (((LtEvent *) copy->events->pdata[0])->kind, ==, "created");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/laiting/ticket/actions", test_allowed);
  g_test_add_func ("/laiting/ticket/status-after", test_status_after);
  g_test_add_func ("/laiting/ticket/names", test_names);
  g_test_add_func ("/laiting/ticket/overdue", test_overdue);
  g_test_add_func ("/laiting/ticket/copy", test_copy);
  return g_test_run ();
}
