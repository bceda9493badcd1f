/* lt-phone.c — Chinese mobile numbers: normalising, masking, grouping.
 *
 * A number reaches us typed on a kiosk keypad, read off an SMS sender field
 * (often "+8613912345678") or copied by a clerk from a form with spaces,
 * dashes and full-width digits. Only a mobile number (1, then 3–9, then nine
 * digits) may ever receive an SMS, so everything else — landlines, short
 * codes such as 10086, alphanumeric senders — is refused here and the
 * callers store it as given without ever texting it.
 *
 * lt_fold_width() lives here too because the phone parser was its first
 * user; the receipt parser and the SMS command reader share it. */

#define G_LOG_DOMAIN "lt-phone"

#include "config.h"

#include <string.h>

#include "lt-phone.h"

#define FULLWIDTH_FIRST 0xFF01  /* ！ */
#define FULLWIDTH_LAST  0xFF5E  /* ～ */
#define FULLWIDTH_SHIFT (0xFF01 - 0x21)
#define IDEOGRAPHIC_SPACE 0x3000

/* Folds full-width ASCII (！–～) and the ideographic space to half-width.
 * Every other character is copied unchanged. Invalid UTF-8 is copied byte
 * for byte, so that a parser after us rejects it rather than us losing it.
 * Returns a newly allocated string. */
char *
lt_fold_width (const char *text)
{
  GString *out;
  const char *p;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text));
  for (p = text; *p != '\0';)
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_c (out, *p);
          p++;
          continue;
        }

      if (c >= FULLWIDTH_FIRST && c <= FULLWIDTH_LAST)
        g_string_append_c (out, (char) (c - FULLWIDTH_SHIFT));
      else if (c == IDEOGRAPHIC_SPACE)
        g_string_append_c (out, ' ');
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);

      p = g_utf8_next_char (p);
    }

  return g_string_free (out, FALSE);
}

/* Keeps digits and one leading '+', drops spaces and dashes. Returns FALSE
 * for any other character, so "139 1234 5678" passes and "1391234567a" or
 * "(010) 12345678" does not. */
static gboolean
strip_separators (const char *folded,
                  GString    *digits)
{
  const char *p;

  for (p = folded; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p == '+' && digits->len == 0)
        g_string_append_c (digits, *p);
      else if (*p != ' ' && *p != '\t' && *p != '-')
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_mobile (const char *digits)
{
  guint i;

  if (strlen (digits) != LT_PHONE_LEN)
    return FALSE;
  if (digits[0] != '1' || digits[1] < '3' || digits[1] > '9')
    return FALSE;
  for (i = 0; i < LT_PHONE_LEN; i++)
    if (!g_ascii_isdigit (digits[i]))
      return FALSE;

  return TRUE;
}

/* Returns TRUE and stores the 11 digits in @out when @text is a Chinese
 * mobile number with an optional +86 / 0086 / 86 prefix, in any spacing and
 * in half- or full-width digits. Returns FALSE otherwise; @out is then
 * untouched. A bare "86" prefix is taken off only when 13 digits remain
 * before it is, so an 11-digit number never loses its first digits. */
gboolean
lt_phone_normalize (const char *text,
                    char        out[LT_PHONE_LEN + 1])
{
  g_autofree char *folded = NULL;
  g_autoptr (GString) digits = NULL;
  const char *number;

  g_return_val_if_fail (out != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  folded = lt_fold_width (text);
  digits = g_string_new (NULL);
  if (!strip_separators (folded, digits))
    return FALSE;

  number = digits->str;
  if (g_str_has_prefix (number, "+86"))
    number += 3;
  else if (number[0] == '+')
    return FALSE;
  else if (g_str_has_prefix (number, "0086") && strlen (number) == 15)
    number += 4;
  else if (g_str_has_prefix (number, "86") && strlen (number) == 13)
    number += 2;

  if (!is_mobile (number))
    return FALSE;

  memcpy (out, number, LT_PHONE_LEN);
  out[LT_PHONE_LEN] = '\0';
  return TRUE;
}

/* "13912345678" → "139****5678". Anything else keeps only its last four
 * characters visible ("010-12345678" → "********5678"); text of four
 * characters or fewer is returned as it is, since there is nothing to hide
 * that would not also hide the whole of it. Newly allocated. */
char *
lt_phone_mask (const char *phone)
{
  GString *out;
  glong n_chars, i;
  const char *p;

  g_return_val_if_fail (phone != NULL, NULL);

  if (is_mobile (phone))
    return g_strdup_printf ("%.3s****%s", phone, phone + 7);

  if (!g_utf8_validate (phone, -1, NULL))
    return g_strdup ("****");

  n_chars = g_utf8_strlen (phone, -1);
  if (n_chars <= 4)
    return g_strdup (phone);

  out = g_string_new (NULL);
  for (i = 0, p = phone; i < n_chars - 4; i++, p = g_utf8_next_char (p))
    g_string_append_c (out, '*');
  g_string_append (out, p);

  return g_string_free (out, FALSE);
}

/* "13912345678" → "139 1234 5678": groups of three, four, four, the way
 * Chinese mobile numbers are read aloud. A partial number is grouped as far
 * as it goes ("1391" → "139 1"), so the kiosk keypad can show it while it
 * is typed; characters past the eleventh go on in groups of four. Newly
 * allocated. */
char *
lt_phone_group (const char *digits)
{
  GString *out;
  const char *p;
  guint i;

  g_return_val_if_fail (digits != NULL, NULL);

  if (!g_utf8_validate (digits, -1, NULL))
    return g_strdup (digits);

  out = g_string_new (NULL);
  for (i = 0, p = digits; *p != '\0'; i++, p = g_utf8_next_char (p))
    {
      if (i == 3 || (i > 3 && (i - 3) % 4 == 0))
        g_string_append_c (out, ' ');
      g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }

  return g_string_free (out, FALSE);
}
