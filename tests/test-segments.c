/* test-segments.c — SMS segment counting at every boundary: GSM-7 160/161
 * and 153 per part, extension characters counting two, UCS-2 70/71 and 67
 * per part, characters outside the BMP counting two, and parts never split
 * inside an escape sequence or a surrogate pair. */

#include "config.h"

#include "lt-segments.h"

static char *
repeat (const char *unit,
        guint       n)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append (s, unit);

  return g_string_free (s, FALSE);
}

static void
assert_segments (const char    *text,
                 guint          expected,
                 LtSmsEncoding  expected_encoding)
{
  LtSmsEncoding encoding = (LtSmsEncoding) -1;
  guint got = lt_sms_count_segments (text, &encoding);

  if (got != expected || encoding != expected_encoding)
    g_error ("%u units of “%.40s…”: %u segments in %s, expected %u in %s",
             lt_sms_units (text, encoding), text,
             got, encoding == LT_SMS_GSM7 ? "GSM-7" : "UCS-2",
             expected, expected_encoding == LT_SMS_GSM7 ? "GSM-7" : "UCS-2");
}

/* @n copies of @unit cost @expected segments. */
static void
assert_repeated (const char    *unit,
                 guint          n,
                 guint          expected,
                 LtSmsEncoding  encoding)
{
  g_autofree char *text = repeat (unit, n);

  assert_segments (text, expected, encoding);
}

static void
test_empty (void)
{
  LtSmsEncoding encoding;

  g_assert_cmpuint (lt_sms_count_segments ("", &encoding), ==, 1);
  g_assert_cmpint (encoding, ==, LT_SMS_GSM7);
  g_assert_cmpuint (lt_sms_count_segments ("", NULL), ==, 1);
  g_assert_cmpuint (lt_sms_units ("", LT_SMS_GSM7), ==, 0);
  g_assert_cmpuint (lt_sms_units ("", LT_SMS_UCS2), ==, 0);
}

static void
test_gsm7_boundaries (void)
{
  assert_repeated ("a", 1, 1, LT_SMS_GSM7);
  assert_repeated ("a", 160, 1, LT_SMS_GSM7);
  assert_repeated ("a", 161, 2, LT_SMS_GSM7);
  assert_repeated ("a", 153 * 2, 2, LT_SMS_GSM7);
  assert_repeated ("a", 153 * 2 + 1, 3, LT_SMS_GSM7);
  assert_repeated ("a", 153 * 3, 3, LT_SMS_GSM7);
  assert_repeated ("a", 153 * 3 + 1, 4, LT_SMS_GSM7);
  /* Digits and the usual punctuation are all GSM-7. */
  assert_repeated ("1", 160, 1, LT_SMS_GSM7);
  assert_segments ("TD", 1, LT_SMS_GSM7);
  assert_segments ("CX 120 345 672", 1, LT_SMS_GSM7);
  /* Accented letters and Greek capitals of the basic table. */
  assert_segments ("Ça coûte 5€? Ñandú ΔΦΓ ¿¡ §@£¥", 1, LT_SMS_UCS2);  /* û is not GSM-7 */
  assert_segments ("Ça Ñoño ΔΦΓΛΩΠΨΣΘΞ ¿¡ §@£¥ èéùìòØøÅåÆæßÉÄÖÜäöñüà", 1, LT_SMS_GSM7);
}

static void
test_gsm7_extension (void)
{
  const char *extension[] = { "^", "{", "}", "\\", "[", "~", "]", "|", "€", "\f" };

  for (guint i = 0; i < G_N_ELEMENTS (extension); i++)
    {
      g_assert_cmpuint (lt_sms_units (extension[i], LT_SMS_GSM7), ==, 2);
      assert_repeated (extension[i], 80, 1, LT_SMS_GSM7);
      assert_repeated (extension[i], 81, 2, LT_SMS_GSM7);
    }

  /* 159 plain and one extension character is 161 septets. */
  {
    g_autofree char *plain = repeat ("a", 159);
    g_autofree char *text = g_strconcat (plain, "€", NULL);

    g_assert_cmpuint (lt_sms_units (text, LT_SMS_GSM7), ==, 161);
    assert_segments (text, 2, LT_SMS_GSM7);
  }
  /* 158 plain and one extension character is exactly 160. */
  {
    g_autofree char *plain = repeat ("a", 158);
    g_autofree char *text = g_strconcat (plain, "[", NULL);

    assert_segments (text, 1, LT_SMS_GSM7);
  }
  /* An escape sequence is never split across two parts: 152 + 2 does not
   * fit in 153, so the '€' opens the second part, and 306 septets need
   * three parts. */
  {
    g_autofree char *plain = repeat ("a", 152);
    g_autofree char *text = g_strconcat (plain, "€", plain, NULL);

    g_assert_cmpuint (lt_sms_units (text, LT_SMS_GSM7), ==, 306);
    assert_segments (text, 3, LT_SMS_GSM7);
  }
  /* The backtick has no GSM-7 form at all. */
  assert_segments ("`", 1, LT_SMS_UCS2);
}

static void
test_ucs2_boundaries (void)
{
  assert_repeated ("中", 1, 1, LT_SMS_UCS2);
  assert_repeated ("中", 70, 1, LT_SMS_UCS2);
  assert_repeated ("中", 71, 2, LT_SMS_UCS2);
  assert_repeated ("中", 67 * 2, 2, LT_SMS_UCS2);
  assert_repeated ("中", 67 * 2 + 1, 3, LT_SMS_UCS2);
  assert_repeated ("中", 67 * 3, 3, LT_SMS_UCS2);

  /* One Chinese character or Chinese punctuation mark makes the whole text
   * UCS-2, digits included. */
  {
    g_autofree char *digits = repeat ("1", 69);
    g_autofree char *text = g_strconcat (digits, "。", NULL);
    g_autofree char *longer = g_strconcat (digits, "1。", NULL);

    assert_segments (text, 1, LT_SMS_UCS2);
    assert_segments (longer, 2, LT_SMS_UCS2);
    g_assert_cmpuint (lt_sms_units (text, LT_SMS_UCS2), ==, 70);
  }
  assert_segments ("【来听】", 1, LT_SMS_UCS2);
  assert_segments ("“查”", 1, LT_SMS_UCS2);
  /* Full-width digits are not GSM-7 either. */
  assert_segments ("１２０", 1, LT_SMS_UCS2);
}

static void
test_ucs2_outside_bmp (void)
{
  /* An emoji is a surrogate pair: two units. */
  g_assert_cmpuint (lt_sms_units ("😀", LT_SMS_UCS2), ==, 2);
  g_assert_cmpuint (lt_sms_units ("𠀀", LT_SMS_UCS2), ==, 2);
  assert_repeated ("😀", 35, 1, LT_SMS_UCS2);
  assert_repeated ("😀", 36, 2, LT_SMS_UCS2);
  {
    g_autofree char *han = repeat ("中", 68);
    g_autofree char *text = g_strconcat (han, "😀", NULL);
    g_assert_cmpuint (lt_sms_units (text, LT_SMS_UCS2), ==, 70);
    assert_segments (text, 1, LT_SMS_UCS2);
  }
  /* A surrogate pair is never split: 66 + 2 does not fit in 67, so the
   * emoji opens the second part and 134 units need three parts. */
  {
    g_autofree char *han = repeat ("中", 66);
    g_autofree char *text = g_strconcat (han, "😀", han, NULL);

    g_assert_cmpuint (lt_sms_units (text, LT_SMS_UCS2), ==, 134);
    assert_segments (text, 3, LT_SMS_UCS2);
  }
  {
    g_autofree char *han = repeat ("中", 65);
    g_autofree char *text = g_strconcat (han, "😀", han, "中中", NULL);

    g_assert_cmpuint (lt_sms_units (text, LT_SMS_UCS2), ==, 134);
    assert_segments (text, 2, LT_SMS_UCS2);
  }
}

static void
test_units (void)
{
  g_assert_cmpuint (lt_sms_units ("abc", LT_SMS_GSM7), ==, 3);
  g_assert_cmpuint (lt_sms_units ("a€b", LT_SMS_GSM7), ==, 4);
  g_assert_cmpuint (lt_sms_units ("a€b", LT_SMS_UCS2), ==, 3);
  g_assert_cmpuint (lt_sms_units ("来听", LT_SMS_UCS2), ==, 2);
  g_assert_cmpuint (lt_sms_units ("【来听】120 345 672", LT_SMS_UCS2), ==, 15);
  /* Invalid UTF-8 is sent as U+FFFD and so forces UCS-2. */
  assert_segments ("abc\xff", 1, LT_SMS_UCS2);
}

/* Cutting a field to fit: in the units of its own encoding, marked with
 * "..." in GSM-7 (so an English text stays GSM-7) and "…" otherwise,
 * never splitting a surrogate pair or an escaped character. */
static void
test_cut (void)
{
  static const struct { const char *in; guint max; const char *out; } cases[] = {
    { "Roads and Parks Office", 12, "Roads and..." },
    { "short", 12, "short" },
    { "abc{}def", 6, "abc..." },         /* { } take two septets each */
    { "ab{cdefgh", 6, "ab..." },          /* not between escape and { */
    { "街道城管执法中队", 5, "街道城管…" },
    { "𠀀𠀁𠀂", 4, "𠀀…" },                /* two units each */
    { "𠀀𠀁", 4, "𠀀𠀁" },
    { "123\xff", 3, "12…" },             /* made valid: U+FFFD is UCS-2 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *cut = lt_sms_cut (cases[i].in, cases[i].max);

      g_assert_cmpstr (cut, ==, cases[i].out);
      g_assert_cmpuint (lt_sms_own_units (cut), <=, cases[i].max);
    }
  g_assert_cmpuint (lt_sms_own_units ("𠀀街道"), ==, 4);
  g_assert_cmpuint (lt_sms_own_units ("a{b"), ==, 4);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/laiting/segments/empty", test_empty);
  g_test_add_func ("/laiting/segments/gsm7/boundaries", test_gsm7_boundaries);
  g_test_add_func ("/laiting/segments/gsm7/extension", test_gsm7_extension);
  g_test_add_func ("/laiting/segments/ucs2/boundaries", test_ucs2_boundaries);
  g_test_add_func ("/laiting/segments/ucs2/outside-bmp", test_ucs2_outside_bmp);
  g_test_add_func ("/laiting/segments/units", test_units);
  g_test_add_func ("/laiting/segments/cut", test_cut);

  return g_test_run ();
}
