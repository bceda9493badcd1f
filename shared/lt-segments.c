/* lt-segments.c — how many SMS segments a text costs.
 *
 * Residents pay nothing for our texts but the site pays per segment, and a
 * feature phone shows a multi-part message badly, so every text we send is
 * measured here before it is queued. A text goes as GSM-7 (3GPP TS 23.038
 * basic alphabet, 160 septets alone, 153 per part once a user data header
 * is needed; the extension table characters take an escape plus one) when
 * every character is in that alphabet, and as UCS-2 otherwise (70 UTF-16
 * units alone, 67 per part; characters outside the BMP are a surrogate pair
 * of two units).
 *
 * Parts are counted by packing characters greedily, because a part may not
 * end between an escape and its character or between the two halves of a
 * surrogate pair: 152 'a', '€' and 152 'a' is 306 septets yet three parts. */

#define G_LOG_DOMAIN "lt-segments"

#include "config.h"

#include "lt-segments.h"

/* The GSM 03.38 basic character set, as Unicode code points, in table
 * order. 0x1B (the escape to the extension table) is not a character of its
 * own and is left out. */
static const gunichar gsm7_basic[] = {
  '@', 0x00A3, '$', 0x00A5, 0x00E8, 0x00E9, 0x00F9, 0x00EC,
  0x00F2, 0x00C7, '\n', 0x00D8, 0x00F8, '\r', 0x00C5, 0x00E5,
  0x0394, '_', 0x03A6, 0x0393, 0x039B, 0x03A9, 0x03A0, 0x03A8,
  0x03A3, 0x0398, 0x039E, 0x00C6, 0x00E6, 0x00DF, 0x00C9,
  ' ', '!', '"', '#', 0x00A4, '%', '&', '\'', '(', ')', '*', '+', ',', '-', '.', '/',
  '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?',
  0x00A1, 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',
  'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', 0x00C4, 0x00D6, 0x00D1, 0x00DC, 0x00A7,
  0x00BF, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
  'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 0x00E4, 0x00F6, 0x00F1, 0x00FC, 0x00E0,
};

/* The extension table: each costs the escape septet and its own. */
static const gunichar gsm7_extension[] = {
  '\f', '^', '{', '}', '\\', '[', '~', ']', '|', 0x20AC,
};

static gboolean
in_table (gunichar        c,
          const gunichar *table,
          gsize           n)
{
  gsize i;

  for (i = 0; i < n; i++)
    if (table[i] == c)
      return TRUE;

  return FALSE;
}

/* Septets @c takes in GSM-7: 1, 2 for the extension table, or 0 when it
 * has no GSM-7 form at all. */
static guint
gsm7_width (gunichar c)
{
  if (in_table (c, gsm7_basic, G_N_ELEMENTS (gsm7_basic)))
    return 1;
  if (in_table (c, gsm7_extension, G_N_ELEMENTS (gsm7_extension)))
    return 2;
  return 0;
}

/* Walks @utf8 one character at a time, storing in @c the character (or
 * U+FFFD for a byte that is not valid UTF-8, which is what a modem would
 * send in its place) and returning the position after it. */
static const char *
next_char (const char *p,
           gunichar   *c)
{
  gunichar got = g_utf8_get_char_validated (p, -1);

  if (got == (gunichar) -1 || got == (gunichar) -2)
    {
      *c = 0xFFFD;
      return p + 1;
    }

  *c = got;
  return g_utf8_next_char (p);
}

/* Width of @c in @encoding's units. Characters GSM-7 cannot carry count
 * one septet, as the '?' a modem would put in their place. */
static guint
char_units (gunichar      c,
            LtSmsEncoding encoding)
{
  guint width;

  if (encoding == LT_SMS_UCS2)
    return c > 0xFFFF ? 2 : 1;

  width = gsm7_width (c);
  return width == 0 ? 1 : width;
}

static LtSmsEncoding
choose_encoding (const char *utf8)
{
  const char *p;
  gunichar c;

  for (p = utf8; *p != '\0';)
    {
      p = next_char (p, &c);
      if (gsm7_width (c) == 0)
        return LT_SMS_UCS2;
    }

  return LT_SMS_GSM7;
}

/* Length in the encoding's units: septets for GSM-7, UTF-16 units for
 * UCS-2. */
guint
lt_sms_units (const char    *utf8,
              LtSmsEncoding  encoding)
{
  const char *p;
  gunichar c;
  guint units = 0;

  g_return_val_if_fail (utf8 != NULL, 0);

  for (p = utf8; *p != '\0';)
    {
      p = next_char (p, &c);
      units += char_units (c, encoding);
    }

  return units;
}

/* The number of segments @utf8 needs, and in @encoding (may be NULL) the
 * encoding it goes in. An empty text is one segment. */
guint
lt_sms_count_segments (const char    *utf8,
                       LtSmsEncoding *encoding)
{
  LtSmsEncoding enc;
  guint single, part, used = 0, parts = 1;
  const char *p;
  gunichar c;

  g_return_val_if_fail (utf8 != NULL, 1);

  enc = choose_encoding (utf8);
  if (encoding != NULL)
    *encoding = enc;

  single = enc == LT_SMS_GSM7 ? LT_SMS_GSM7_SINGLE : LT_SMS_UCS2_SINGLE;
  part = enc == LT_SMS_GSM7 ? LT_SMS_GSM7_PART : LT_SMS_UCS2_PART;

  if (lt_sms_units (utf8, enc) <= single)
    return 1;

  for (p = utf8; *p != '\0';)
    {
      guint width;

      p = next_char (p, &c);
      width = char_units (c, enc);
      if (used + width > part)
        {
          parts++;
          used = 0;
        }
      used += width;
    }

  return parts;
}

guint
lt_sms_own_units (const char *utf8)
{
  g_return_val_if_fail (utf8 != NULL, 0);
  return lt_sms_units (utf8, choose_encoding (utf8));
}

char *
lt_sms_cut (const char *utf8,
            guint       max)
{
  g_autofree char *valid = NULL;
  LtSmsEncoding enc;
  const char *mark;
  guint mark_units, used = 0;
  const char *p, *end;
  gunichar c;

  g_return_val_if_fail (utf8 != NULL, NULL);

  valid = g_utf8_make_valid (utf8, -1);
  enc = choose_encoding (valid);
  if (lt_sms_units (valid, enc) <= max)
    return g_steal_pointer (&valid);
  mark = enc == LT_SMS_GSM7 ? "..." : "\u2026";
  mark_units = enc == LT_SMS_GSM7 ? 3 : 1;
  if (max < mark_units)
    return g_strdup ("");
  for (p = end = valid; *p != '\0'; p = end)
    {
      const char *next = next_char (p, &c);
      guint width = char_units (c, enc);

      if (used + width > max - mark_units)
        break;
      used += width;
      end = next;
    }
  valid[end - valid] = '\0';
  return g_strconcat (valid, mark, NULL);
}
