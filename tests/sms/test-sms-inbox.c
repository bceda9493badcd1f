/* test-sms-inbox.c — joining the parts found on the phone into messages. */

#include "config.h"

#include "ls-inbox.h"

static GPtrArray *
parts_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) ls_part_unref);
}

static void
test_single_and_order (void)
{
  g_autoptr(LsInbox) inbox = ls_inbox_new ();
  g_autoptr(GPtrArray) parts = parts_new ();
  g_autoptr(GPtrArray) ready = NULL;
  LsMessage *m;
  guint waiting = 99;

  g_ptr_array_add (parts, ls_part_new ("+8613912345678", 1000, "第二条", 0, 1, 1));
  g_ptr_array_add (parts, ls_part_new ("+8613912345678", 900, "第一条😀", 0, 1, 1));
  ready = ls_inbox_sort (inbox, parts, 2000, 600, &waiting);
  g_assert_cmpuint (ready->len, ==, 2);
  g_assert_cmpuint (waiting, ==, 0);
  m = ready->pdata[0];
  g_assert_cmpstr (m->text, ==, "第一条😀");
  g_assert_false (m->incomplete);
  g_assert_cmpuint (m->parts->len, ==, 1);
  m = ready->pdata[1];
  g_assert_cmpstr (m->text, ==, "第二条");
  g_assert_cmpstr (((LsMessage *) ready->pdata[0])->dedupe_key, !=, m->dedupe_key);
}

static void
test_interleaved (void)
{
  g_autoptr(LsInbox) inbox = ls_inbox_new ();
  g_autoptr(GPtrArray) parts = parts_new ();
  g_autoptr(GPtrArray) ready = NULL;
  guint waiting = 0;

  /* Two senders, same reference, parts in any order; a third message of
   * the first sender waits for its second part. */
  g_ptr_array_add (parts, ls_part_new ("A", 100, "甲2", 7, 2, 2));
  g_ptr_array_add (parts, ls_part_new ("B", 100, "乙1", 7, 2, 1));
  g_ptr_array_add (parts, ls_part_new ("A", 100, "甲1", 7, 2, 1));
  g_ptr_array_add (parts, ls_part_new ("B", 100, "乙2", 7, 2, 2));
  g_ptr_array_add (parts, ls_part_new ("A", 150, "丙1", 8, 2, 1));
  ready = ls_inbox_sort (inbox, parts, 200, 600, &waiting);
  g_assert_cmpuint (ready->len, ==, 2);
  g_assert_cmpuint (waiting, ==, 1);
  for (guint i = 0; i < ready->len; i++)
    {
      LsMessage *m = ready->pdata[i];

      g_assert_cmpstr (m->text, ==, g_str_equal (m->sender, "A") ? "甲1甲2" : "乙1乙2");
      g_assert_cmpuint (m->parts->len, ==, 2);
    }
}

static void
test_timeout (void)
{
  g_autoptr(LsInbox) inbox = ls_inbox_new ();
  g_autoptr(GPtrArray) parts = parts_new ();
  guint waiting = 0;

  g_ptr_array_add (parts, ls_part_new ("A", 1000, "头", 9, 3, 1));
  g_ptr_array_add (parts, ls_part_new ("A", 1000, "尾", 9, 3, 3));
  {
    g_autoptr(GPtrArray) ready = ls_inbox_sort (inbox, parts, 1599, 600, &waiting);
    g_assert_cmpuint (ready->len, ==, 0);
    g_assert_cmpuint (waiting, ==, 1);
  }
  {
    g_autoptr(GPtrArray) ready = ls_inbox_sort (inbox, parts, 1600, 600, &waiting);
    LsMessage *m;

    g_assert_cmpuint (ready->len, ==, 1);
    m = ready->pdata[0];
    g_assert_true (m->incomplete);
    g_assert_cmpuint (m->received, ==, 2);
    g_assert_cmpuint (m->total, ==, 3);
    g_assert_cmpstr (m->text, ==, "头…尾");
    g_assert_cmpuint (m->fragments->len, ==, 2);
  }
}

static void
test_same_reference_twice (void)
{
  g_autoptr(LsInbox) inbox = ls_inbox_new ();
  g_autoptr(GPtrArray) parts = parts_new ();
  g_autoptr(GPtrArray) ready = NULL;

  /* The one-byte reference wrapped: two messages of one sender share it. */
  g_ptr_array_add (parts, ls_part_new ("A", 100, "一1", 5, 2, 1));
  g_ptr_array_add (parts, ls_part_new ("A", 100, "一2", 5, 2, 2));
  g_ptr_array_add (parts, ls_part_new ("A", 300, "二1", 5, 2, 1));
  g_ptr_array_add (parts, ls_part_new ("A", 300, "二2", 5, 2, 2));
  ready = ls_inbox_sort (inbox, parts, 400, 600, NULL);
  g_assert_cmpuint (ready->len, ==, 2);
  g_assert_cmpstr (((LsMessage *) ready->pdata[0])->text, ==, "一1一2");
  g_assert_cmpstr (((LsMessage *) ready->pdata[1])->text, ==, "二1二2");
}

static void
test_split_surrogate (void)
{
  /* An emoji split between two parts survives the join. */
  static const guint8 full[] = { 0xD8, 0x3D, 0xDE, 0x00 };
  char *s = ls_utf16be_to_utf8 (full, 4);

  g_assert_cmpstr (s, ==, "😀");
  g_free (s);
  s = ls_utf16be_to_utf8 (full, 2);
  g_assert_cmpstr (s, ==, "\xEF\xBF\xBD");
  g_free (s);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sms/inbox/single-and-order", test_single_and_order);
  g_test_add_func ("/sms/inbox/interleaved", test_interleaved);
  g_test_add_func ("/sms/inbox/timeout", test_timeout);
  g_test_add_func ("/sms/inbox/same-reference-twice", test_same_reference_twice);
  g_test_add_func ("/sms/inbox/split-surrogate", test_split_surrogate);
  return g_test_run ();
}
