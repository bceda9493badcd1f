/* test-receipt.c — receipt numbers: every single-digit typo and every swap
 * of two neighbouring digits is caught, the parser reads a number however a
 * resident types it, and building refuses what cannot be numbered. */

#include "config.h"

#include <string.h>

#include "lt-receipt.h"

/* Parses @text and expects the error @code. */
static void
assert_parse_fails (const char *text,
                    int         code)
{
  char out[LT_RECEIPT_LEN + 1] = "untouched";
  g_autoptr (GError) error = NULL;

  if (lt_receipt_parse (text, out, &error))
    g_error ("“%s” was accepted as %s", text, out);
  g_assert_error (error, LT_RECEIPT_ERROR, code);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (out, ==, "untouched");
}

static void
assert_parses (const char *text,
               const char *expected)
{
  char out[LT_RECEIPT_LEN + 1];
  g_autoptr (GError) error = NULL;

  if (!lt_receipt_parse (text, out, &error))
    g_error ("“%s” was refused: %s", text, error->message);
  g_assert_cmpstr (out, ==, expected);
}

/* Every substitution of one digit and every swap of two differing
 * neighbours of @valid must be refused with LT_RECEIPT_ERROR_CHECK. Returns
 * how many variants were tried. */
static guint
assert_typos_caught (const char *valid)
{
  char typo[LT_RECEIPT_LEN + 1];
  guint tried = 0;

  for (guint pos = 0; pos < LT_RECEIPT_LEN; pos++)
    for (char d = '0'; d <= '9'; d++)
      {
        if (d == valid[pos])
          continue;
        memcpy (typo, valid, sizeof typo);
        typo[pos] = d;
        assert_parse_fails (typo, LT_RECEIPT_ERROR_CHECK);
        tried++;
      }

  for (guint pos = 0; pos + 1 < LT_RECEIPT_LEN; pos++)
    {
      if (valid[pos] == valid[pos + 1])
        continue;
      memcpy (typo, valid, sizeof typo);
      typo[pos] = valid[pos + 1];
      typo[pos + 1] = valid[pos];
      assert_parse_fails (typo, LT_RECEIPT_ERROR_CHECK);
      tried++;
    }

  return tried;
}

static void
test_typos_caught (void)
{
  guint numbers = 0, variants = 0;

  /* Every origin, the first and last sequence and a spread of others;
   * g_test_rand_int() follows the seed printed in the TAP header, so a
   * failure can be replayed with --seed. */
  for (guint origin = LT_RECEIPT_ORIGIN_MIN; origin <= LT_RECEIPT_ORIGIN_MAX; origin++)
    for (guint k = 0; k < 60; k++)
      {
        char receipt[LT_RECEIPT_LEN + 1];
        g_autoptr (GError) error = NULL;
        guint sequence;

        if (k == 0)
          sequence = 0;
        else if (k == 1)
          sequence = LT_RECEIPT_SEQUENCE_MAX;
        else
          sequence = (guint) g_test_rand_int_range (0, LT_RECEIPT_SEQUENCE_MAX + 1);

        g_assert_true (lt_receipt_build (origin, sequence, receipt, &error));
        g_assert_no_error (error);
        assert_parses (receipt, receipt);
        variants += assert_typos_caught (receipt);
        numbers++;
      }

  g_test_message ("%u numbers, %u mistyped variants, all refused", numbers, variants);
  g_assert_cmpuint (variants, >, numbers * 81);
}

/* The property that makes the sampled test above hold for every number:
 * from any interim digit (reached by one leading digit, row 0 being a
 * permutation), two differing digits never lead to the same interim, in
 * either order. */
static void
test_damm_table_properties (void)
{
  for (char lead = '0'; lead <= '9'; lead++)
    for (char x = '0'; x <= '9'; x++)
      for (char y = '0'; y <= '9'; y++)
        {
          char xy[] = { lead, x, y, '\0' };
          char yx[] = { lead, y, x, '\0' };
          char just_x[] = { lead, x, '\0' };
          char just_y[] = { lead, y, '\0' };

          if (x == y)
            continue;
          g_assert_cmpint (lt_receipt_damm (just_x, 2), !=, lt_receipt_damm (just_y, 2));
          g_assert_cmpint (lt_receipt_damm (xy, 3), !=, lt_receipt_damm (yx, 3));
        }
}

static void
test_damm_known_values (void)
{
  /* The textbook example: 572 → check digit 4. */
  g_assert_cmpint (lt_receipt_damm ("572", 3), ==, 4);
  g_assert_cmpint (lt_receipt_damm ("5724", 4), ==, 0);
  g_assert_cmpint (lt_receipt_damm ("", 0), ==, 0);
  g_assert_cmpint (lt_receipt_damm ("12a", 3), ==, -1);
}

static void
test_build (void)
{
  char out[LT_RECEIPT_LEN + 1];
  g_autoptr (GError) error = NULL;

  g_assert_true (lt_receipt_build (12, 34567, out, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (out), ==, LT_RECEIPT_LEN);
  g_assert_cmpstr (out, ==, "120345672");
  g_assert_cmpint (lt_receipt_damm (out, LT_RECEIPT_LEN), ==, 0);

  g_assert_true (lt_receipt_build (10, 0, out, NULL));
  g_assert_true (g_str_has_prefix (out, "10000000"));
  g_assert_true (lt_receipt_build (99, 999999, out, NULL));
  g_assert_true (g_str_has_prefix (out, "99999999"));
}

static void
test_build_range (void)
{
  struct { guint origin, sequence; } bad[] = {
    { 0, 1 }, { 9, 1 }, { 100, 1 }, { G_MAXUINT, 0 },
    { 12, 1000000 }, { 12, G_MAXUINT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      char out[LT_RECEIPT_LEN + 1] = "untouched";
      g_autoptr (GError) error = NULL;

      g_assert_false (lt_receipt_build (bad[i].origin, bad[i].sequence, out, &error));
      g_assert_error (error, LT_RECEIPT_ERROR, LT_RECEIPT_ERROR_RANGE);
      g_assert_cmpstr (out, ==, "untouched");
    }
}

static void
test_parse_variants (void)
{
  char valid[LT_RECEIPT_LEN + 1];

  g_assert_true (lt_receipt_build (57, 123456, valid, NULL));
  {
    g_autofree char *grouped = g_strdup_printf ("%.3s %.3s %.3s", valid, valid + 3, valid + 6);
    g_autofree char *dashed = g_strdup_printf ("%.3s-%.3s-%.3s", valid, valid + 3, valid + 6);
    g_autofree char *dotted = g_strdup_printf ("%.3s.%.3s.%.3s", valid, valid + 3, valid + 6);
    g_autofree char *padded = g_strdup_printf ("  %s\r\n", valid);
    g_autofree char *mixed = g_strdup_printf ("%.2s - %.4s · %.3s", valid, valid + 2, valid + 6);
    GString *wide = g_string_new (NULL);
    g_autofree char *wide_str = NULL;

    /* Full-width digits with ideographic spaces, as a Chinese input method
     * types them: "１２０　３４５　６７８". */
    for (guint i = 0; i < LT_RECEIPT_LEN; i++)
      {
        if (i == 3 || i == 6)
          g_string_append (wide, "　");
        g_string_append_unichar (wide, 0xFF10 + (valid[i] - '0'));
      }
    wide_str = g_string_free (wide, FALSE);

    assert_parses (valid, valid);
    assert_parses (grouped, valid);
    assert_parses (dashed, valid);
    assert_parses (dotted, valid);
    assert_parses (padded, valid);
    assert_parses (mixed, valid);
    assert_parses (wide_str, valid);
  }

  /* 12034567 has the Damm digit 2, checked by hand against the table. */
  assert_parses ("120345672", "120345672");
  assert_parses ("120-345-672", "120345672");
  assert_parses ("120 345 672", "120345672");
  assert_parses ("１２０ ３４５ ６７２", "120345672");
  assert_parses ("１２０　３４５　６７２", "120345672");
  assert_parses ("120.345.672", "120345672");
  assert_parses ("120—345—672", "120345672");
  assert_parses ("１２０－３４５－６７２", "120345672");
}

static void
test_parse_refuses (void)
{
  assert_parse_fails ("", LT_RECEIPT_ERROR_FORMAT);
  assert_parse_fails ("   ", LT_RECEIPT_ERROR_FORMAT);
  assert_parse_fails (NULL, LT_RECEIPT_ERROR_FORMAT);
  assert_parse_fails ("12034567", LT_RECEIPT_ERROR_FORMAT);
  assert_parse_fails ("1203456789", LT_RECEIPT_ERROR_FORMAT);
  assert_parse_fails ("120 345 6789", LT_RECEIPT_ERROR_FORMAT);
  assert_parse_fails ("A20345678", LT_RECEIPT_ERROR_FORMAT);
  assert_parse_fails ("120345678x", LT_RECEIPT_ERROR_FORMAT);
  assert_parse_fails ("查120345678", LT_RECEIPT_ERROR_FORMAT);
  assert_parse_fails ("120/345/678", LT_RECEIPT_ERROR_FORMAT);
  assert_parse_fails ("\xff" "120345678", LT_RECEIPT_ERROR_FORMAT);
  assert_parse_fails ("路灯坏了", LT_RECEIPT_ERROR_FORMAT);
  /* Nine digits, wrong check digit. */
  assert_parse_fails ("120345678", LT_RECEIPT_ERROR_CHECK);
  assert_parse_fails ("１２０ ３４５ ６７８", LT_RECEIPT_ERROR_CHECK);
  assert_parse_fails ("120-345-627", LT_RECEIPT_ERROR_CHECK);
  /* A correct check digit on an origin no site issues. */
  {
    char digits[LT_RECEIPT_LEN + 1] = "05123456";
    digits[8] = (char) ('0' + lt_receipt_damm (digits, 8));
    digits[9] = '\0';
    assert_parse_fails (digits, LT_RECEIPT_ERROR_RANGE);
  }
}

static void
test_parse_error_messages (void)
{
  char out[LT_RECEIPT_LEN + 1];
  g_autoptr (GError) format = NULL;
  g_autoptr (GError) check = NULL;

  g_assert_false (lt_receipt_parse ("12345", out, &format));
  g_assert_nonnull (strstr (format->message, "9位数字"));
  g_assert_false (lt_receipt_parse ("120345679", out, &check));
  g_assert_nonnull (strstr (check->message, "校验码"));
}

static void
test_looks_like (void)
{
  g_assert_true (lt_receipt_looks_like ("120345678"));
  g_assert_true (lt_receipt_looks_like ("120345679"));
  g_assert_true (lt_receipt_looks_like ("１２０ ３４５ ６７９"));
  g_assert_true (lt_receipt_looks_like ("000-000-000"));
  g_assert_false (lt_receipt_looks_like ("12034567"));
  g_assert_false (lt_receipt_looks_like ("1203456789"));
  g_assert_false (lt_receipt_looks_like ("120345678号"));
  g_assert_false (lt_receipt_looks_like ("楼道灯坏了，3号楼"));
  g_assert_false (lt_receipt_looks_like (""));
  g_assert_false (lt_receipt_looks_like (NULL));
}

static void
test_format (void)
{
  struct { const char *in, *out; } cases[] = {
    { "120345678", "120 345 678" },
    { "100000003", "100 000 003" },
    { "12345", "12345" },
    { "12034567a", "12034567a" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *formatted = lt_receipt_format (cases[i].in);
      g_assert_cmpstr (formatted, ==, cases[i].out);
    }
  g_assert_cmpuint (strlen ("120 345 678"), ==, LT_RECEIPT_DISPLAY_LEN);
}

static void
test_origin (void)
{
  char receipt[LT_RECEIPT_LEN + 1], spaced[16];

  g_assert_true (lt_receipt_build (37, 4242, receipt, NULL));
  g_assert_cmpuint (lt_receipt_origin (receipt), ==, 37);
  g_snprintf (spaced, sizeof spaced, "%.3s %.3s %.3s", receipt, receipt + 3, receipt + 6);
  g_assert_cmpuint (lt_receipt_origin (spaced), ==, 37);
  g_assert_true (lt_receipt_build (99, 999999, receipt, NULL));
  g_assert_cmpuint (lt_receipt_origin (receipt), ==, 99);
  /* A wrong check digit, too short, or NULL: not a receipt, no origin. */
  receipt[8] = receipt[8] == '0' ? '1' : '0';
  g_assert_cmpuint (lt_receipt_origin (receipt), ==, 0);
  g_assert_cmpuint (lt_receipt_origin ("12345"), ==, 0);
  g_assert_cmpuint (lt_receipt_origin (NULL), ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/laiting/receipt/damm/known-values", test_damm_known_values);
  g_test_add_func ("/laiting/receipt/damm/table-properties", test_damm_table_properties);
  g_test_add_func ("/laiting/receipt/typos-caught", test_typos_caught);
  g_test_add_func ("/laiting/receipt/build", test_build);
  g_test_add_func ("/laiting/receipt/build-range", test_build_range);
  g_test_add_func ("/laiting/receipt/parse/variants", test_parse_variants);
  g_test_add_func ("/laiting/receipt/parse/refuses", test_parse_refuses);
  g_test_add_func ("/laiting/receipt/parse/messages", test_parse_error_messages);
  g_test_add_func ("/laiting/receipt/looks-like", test_looks_like);
  g_test_add_func ("/laiting/receipt/format", test_format);
  g_test_add_func ("/laiting/receipt/origin", test_origin);

  return g_test_run ();
}
