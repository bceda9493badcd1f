/* lt-receipt.c — receipt numbers: origin code, sequence, Damm check digit.
 *
 * Residents read these aloud and type them on phone keypads, so they are
 * digits only and carry a check digit that catches every single-digit typo
 * and every swap of two neighbours. The Damm algorithm does both with one
 * decimal digit (Luhn misses 09↔90, Verhoeff needs more tables), and a wrong
 * number is then answered with "you probably mistyped a digit" rather than
 * "not found", or worse, someone else's ticket.
 *
 * Layout: two digits of origin (one per kiosk or SMS gateway, so each can
 * number offline), six of sequence, one check digit over the first eight. */

#define G_LOG_DOMAIN "lt-receipt"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "lt-phone.h"
#include "lt-receipt.h"

G_DEFINE_QUARK (lt-receipt-error-quark, lt_receipt_error)

/* The standard Damm quasigroup of order 10 (weakly totally anti-symmetric,
 * zero diagonal): appending the check digit brings the interim to 0. */
static const guint8 damm_table[10][10] = {
  { 0, 3, 1, 7, 5, 9, 8, 6, 4, 2 },
  { 7, 0, 9, 2, 1, 5, 4, 8, 6, 3 },
  { 4, 2, 0, 6, 8, 7, 1, 3, 5, 9 },
  { 1, 7, 5, 0, 9, 8, 3, 4, 2, 6 },
  { 6, 1, 2, 3, 0, 4, 5, 9, 7, 8 },
  { 3, 6, 7, 4, 2, 0, 9, 5, 8, 1 },
  { 5, 8, 6, 9, 7, 2, 0, 1, 3, 4 },
  { 8, 9, 4, 5, 3, 6, 2, 0, 1, 7 },
  { 9, 4, 3, 8, 6, 1, 7, 2, 0, 5 },
  { 2, 5, 8, 1, 4, 3, 6, 7, 9, 0 },
};

/* Returns the Damm check digit (0–9) of the @len ASCII digits in @digits,
 * or -1 if one of them is not a digit. Over a number that already ends in
 * its check digit the result is 0. */
int
lt_receipt_damm (const char *digits,
                 gsize       len)
{
  guint interim = 0;
  gsize i;

  g_return_val_if_fail (digits != NULL || len == 0, -1);

  for (i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (digits[i]))
        return -1;
      interim = damm_table[interim][digits[i] - '0'];
    }

  return (int) interim;
}

/* Builds the canonical 9 digits for @origin (10–99) and @sequence
 * (0–999999) into @out. Returns FALSE with LT_RECEIPT_ERROR_RANGE, leaving
 * @out untouched, when either is out of range. */
gboolean
lt_receipt_build (guint    origin,
                  guint    sequence,
                  char     out[LT_RECEIPT_LEN + 1],
                  GError **error)
{
  char digits[LT_RECEIPT_LEN + 1];

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (origin < LT_RECEIPT_ORIGIN_MIN || origin > LT_RECEIPT_ORIGIN_MAX)
    {
      g_set_error (error, LT_RECEIPT_ERROR, LT_RECEIPT_ERROR_RANGE,
                   _("来源编号%u不在%d到%d之间，请检查配置中的 origin。"),
                   origin, LT_RECEIPT_ORIGIN_MIN, LT_RECEIPT_ORIGIN_MAX);
      return FALSE;
    }
  if (sequence > LT_RECEIPT_SEQUENCE_MAX)
    {
      g_set_error (error, LT_RECEIPT_ERROR, LT_RECEIPT_ERROR_RANGE,
                   _("来源编号%u的回执号已用完（最多%d个），请为它换一个新的来源编号。"),
                   origin, LT_RECEIPT_SEQUENCE_MAX + 1);
      return FALSE;
    }

  g_snprintf (digits, sizeof digits, "%02u%06u", origin, sequence);
  digits[LT_RECEIPT_LEN - 1] = (char) ('0' + lt_receipt_damm (digits, LT_RECEIPT_LEN - 1));
  digits[LT_RECEIPT_LEN] = '\0';

  memcpy (out, digits, sizeof digits);
  return TRUE;
}

/* Characters people put between digit groups: spaces (the ideographic one
 * is already folded), dashes of every width and a few dots. */
static gboolean
is_separator (gunichar c)
{
  switch (c)
    {
    case ' ':
    case '\t':
    case '\r':
    case '\n':
    case '-':
    case '.':
    case 0x00B7:    /* · middle dot */
    case 0x2010:    /* ‐ hyphen … */
    case 0x2011:
    case 0x2012:
    case 0x2013:    /* – */
    case 0x2014:    /* — */
    case 0x2015:
    case 0x2212:    /* − minus */
    case 0x3002:    /* 。 */
      return TRUE;
    default:
      return FALSE;
    }
}

/* Collects the digits of @text into @digits (at most LT_RECEIPT_LEN of
 * them). Returns FALSE as soon as something is neither a digit nor a
 * separator, or a tenth digit turns up. */
static gboolean
extract_digits (const char *text,
                char        digits[LT_RECEIPT_LEN + 1])
{
  g_autofree char *folded = NULL;
  const char *p;
  guint n = 0;

  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;

  folded = lt_fold_width (text);
  for (p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x80 && g_ascii_isdigit (c))
        {
          if (n == LT_RECEIPT_LEN)
            return FALSE;
          digits[n++] = (char) c;
        }
      else if (!is_separator (c))
        return FALSE;
    }
  digits[n] = '\0';

  return n == LT_RECEIPT_LEN;
}

/* Returns TRUE and stores the canonical 9 digits in @out when @text holds a
 * valid receipt number, in any spacing and in half- or full-width digits.
 * Returns FALSE otherwise, @out untouched, with LT_RECEIPT_ERROR_FORMAT
 * (not nine digits), LT_RECEIPT_ERROR_CHECK (nine digits, wrong check
 * digit) or LT_RECEIPT_ERROR_RANGE (a correct check digit but an origin
 * below 10, which no site ever issues). The check digit is judged first so
 * that every typo gets the same "you mistyped a digit" answer. */
gboolean
lt_receipt_parse (const char  *text,
                  char         out[LT_RECEIPT_LEN + 1],
                  GError     **error)
{
  char digits[LT_RECEIPT_LEN + 1];

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (text == NULL || !extract_digits (text, digits))
    {
      g_set_error_literal (error, LT_RECEIPT_ERROR, LT_RECEIPT_ERROR_FORMAT,
                           _("回执号应为9位数字，例如 120 345 678。"));
      return FALSE;
    }
  if (lt_receipt_damm (digits, LT_RECEIPT_LEN) != 0)
    {
      g_set_error_literal (error, LT_RECEIPT_ERROR, LT_RECEIPT_ERROR_CHECK,
                           _("回执号的最后一位校验码不对，可能输错了一位，请核对后再试。"));
      return FALSE;
    }
  if (digits[0] == '0')
    {
      g_set_error_literal (error, LT_RECEIPT_ERROR, LT_RECEIPT_ERROR_RANGE,
                           _("回执号不会以0开头，请核对后再试。"));
      return FALSE;
    }

  memcpy (out, digits, sizeof digits);
  return TRUE;
}

/* TRUE when @text, after folding, is nine digits and separators and
 * nothing else, whatever the check digit: the SMS listener uses it to tell
 * a mistyped number from a complaint that happens to hold digits. */
gboolean
lt_receipt_looks_like (const char *text)
{
  char digits[LT_RECEIPT_LEN + 1];

  return text != NULL && extract_digits (text, digits);
}

/* "120345678" → "120 345 678", the groups of three that people read out.
 * Text that is not nine ASCII digits is returned unchanged, so a caller
 * showing what a resident typed never shows less than they typed. Newly
 * allocated. */
char *
lt_receipt_format (const char *receipt)
{
  gsize i;

  g_return_val_if_fail (receipt != NULL, NULL);

  if (strlen (receipt) != LT_RECEIPT_LEN)
    return g_strdup (receipt);
  for (i = 0; i < LT_RECEIPT_LEN; i++)
    if (!g_ascii_isdigit (receipt[i]))
      return g_strdup (receipt);

  return g_strdup_printf ("%.3s %.3s %.3s", receipt, receipt + 3, receipt + 6);
}

/* The origin code (10–99) of a valid receipt number written any way
 * lt_receipt_parse accepts, or 0 when @receipt is not one: the hub compares
 * it with the calling device's own origin. */
guint
lt_receipt_origin (const char *receipt)
{
  char digits[LT_RECEIPT_LEN + 1];

  if (!lt_receipt_parse (receipt, digits, NULL))
    return 0;
  return (guint) (digits[0] - '0') * 10 + (guint) (digits[1] - '0');
}
