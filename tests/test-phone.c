/* test-phone.c — mobile numbers are recognised however they are typed, and
 * nothing that is not a mobile number (landline, short code, alphanumeric
 * sender) is ever taken for one, since only mobiles are ever texted. */

#include "config.h"

#include "lt-phone.h"

static void
assert_normalizes (const char *text,
                   const char *expected)
{
  char out[LT_PHONE_LEN + 1] = "untouched";

  if (!lt_phone_normalize (text, out))
    g_error ("“%s” was not taken for a mobile number", text);
  g_assert_cmpstr (out, ==, expected);
}

static void
assert_refused (const char *text)
{
  char out[LT_PHONE_LEN + 1] = "untouched";

  if (lt_phone_normalize (text, out))
    g_error ("“%s” was taken for the mobile number %s", text, out);
  g_assert_cmpstr (out, ==, "untouched");
}

static void
test_normalize_prefixes (void)
{
  assert_normalizes ("13912345678", "13912345678");
  assert_normalizes ("+8613912345678", "13912345678");
  assert_normalizes ("008613912345678", "13912345678");
  assert_normalizes ("8613912345678", "13912345678");
  assert_normalizes ("+86 139 1234 5678", "13912345678");
  assert_normalizes ("+86-139-1234-5678", "13912345678");
  assert_normalizes ("0086 139-1234-5678", "13912345678");
  assert_normalizes ("86 13912345678", "13912345678");
  /* Every second digit from 3 to 9 is a mobile network. */
  assert_normalizes ("13000000000", "13000000000");
  assert_normalizes ("19999999999", "19999999999");
  assert_normalizes ("16612345678", "16612345678");
  /* A number that itself begins with 86 is not mistaken for a prefix. */
  assert_normalizes ("18612345678", "18612345678");
}

static void
test_normalize_spacing (void)
{
  assert_normalizes (" 139 1234 5678 ", "13912345678");
  assert_normalizes ("139-1234-5678", "13912345678");
  assert_normalizes ("\t139\t12345678", "13912345678");
  /* Full-width digits, plus, dash and the ideographic space. */
  assert_normalizes ("１３９１２３４５６７８", "13912345678");
  assert_normalizes ("＋８６　１３９　１２３４　５６７８", "13912345678");
  assert_normalizes ("139－1234－5678", "13912345678");
  assert_normalizes ("１39 １234 ５678", "13912345678");
}

static void
test_normalize_refuses (void)
{
  /* Landlines, with and without area code punctuation. */
  assert_refused ("01012345678");
  assert_refused ("010-12345678");
  assert_refused ("(010) 12345678");
  assert_refused ("+86 10 12345678");
  assert_refused ("075512345678");
  /* Service short codes. */
  assert_refused ("10086");
  assert_refused ("95588");
  assert_refused ("10010");
  assert_refused ("12345");
  assert_refused ("106900000000");
  /* Wrong length. */
  assert_refused ("139123456789");
  assert_refused ("1391234567");
  assert_refused ("+86139123456789");
  assert_refused ("0086139123456");
  /* Wrong leading digits. */
  assert_refused ("23912345678");
  assert_refused ("11912345678");
  assert_refused ("12912345678");
  assert_refused ("+8623912345678");
  /* Another country. */
  assert_refused ("+4413912345678");
  assert_refused ("+1 139 1234 5678");
  /* Alphanumeric senders and stray characters. */
  assert_refused ("BANK");
  assert_refused ("1391234567a");
  assert_refused ("139.1234.5678");
  assert_refused ("139+12345678");
  assert_refused ("中国移动");
  assert_refused ("");
  assert_refused ("   ");
  assert_refused ("+");
  assert_refused ("\xff\xfe");
  assert_refused (NULL);
}

static void
test_mask (void)
{
  struct { const char *in, *out; } cases[] = {
    { "13912345678", "139****5678" },
    { "19900000001", "199****0001" },
    { "010-12345678", "********5678" },
    { "10086", "*0086" },
    { "BANK", "BANK" },
    { "", "" },
    { "中国移动通信", "**移动通信" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *masked = lt_phone_mask (cases[i].in);
      g_assert_cmpstr (masked, ==, cases[i].out);
    }
}

static void
test_group (void)
{
  struct { const char *in, *out; } cases[] = {
    { "", "" },
    { "1", "1" },
    { "13", "13" },
    { "139", "139" },
    { "1391", "139 1" },
    { "1391234", "139 1234" },
    { "13912345", "139 1234 5" },
    { "13912345678", "139 1234 5678" },
    { "139123456789", "139 1234 5678 9" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *grouped = lt_phone_group (cases[i].in);
      g_assert_cmpstr (grouped, ==, cases[i].out);
    }
}

static void
test_fold_width (void)
{
  struct { const char *in, *out; } cases[] = {
    { "１２３", "123" },
    { "！～", "!~" },
    { "ＣＸ　１２０", "CX 120" },
    { "查１２０", "查120" },
    { "abc 中文。", "abc 中文。" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = lt_fold_width (cases[i].in);
      g_assert_cmpstr (folded, ==, cases[i].out);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/laiting/phone/normalize/prefixes", test_normalize_prefixes);
  g_test_add_func ("/laiting/phone/normalize/spacing", test_normalize_spacing);
  g_test_add_func ("/laiting/phone/normalize/refuses", test_normalize_refuses);
  g_test_add_func ("/laiting/phone/mask", test_mask);
  g_test_add_func ("/laiting/phone/group", test_group);
  g_test_add_func ("/laiting/phone/fold-width", test_fold_width);

  return g_test_run ();
}
