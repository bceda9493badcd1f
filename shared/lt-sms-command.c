/* lt-sms-command.c — what a resident's text message asks for.
 *
 * Residents text from feature phones, so the commands are short, forgiving
 * and never need a keyboard mode switch: full-width and half-width forms
 * are the same, case does not matter, spaces and a final full stop are
 * ignored. Anything that is not clearly a command is a new complaint:
 * losing a complaint because it started with "查" would be worse than an
 * extra ticket, so 查/CX followed by words is a complaint, and only 查/CX
 * followed by digits is a status query. */

#define G_LOG_DOMAIN "lt-sms-command"

#include "config.h"

#include <string.h>

#include "lt-phone.h"
#include "lt-sms-command.h"

/* Digit strings of these lengths are almost certainly a receipt number
 * with a digit dropped or doubled, so we answer "looks mistyped" rather
 * than open a ticket whose whole text is a number. */
#define MISTYPED_MIN_DIGITS 6
#define MISTYPED_MAX_DIGITS 12

static gboolean
is_separator (char c)
{
  return c == ' ' || c == '-' || c == '.' || c == '\t' || c == '\r' || c == '\n';
}

/* TRUE when @s holds at least one digit and nothing but digits and the
 * separators people put between groups; counts the digits into @n_digits. */
static gboolean
only_digits (const char *s,
             guint      *n_digits)
{
  guint n = 0;

  for (; *s != '\0'; s++)
    {
      if (g_ascii_isdigit (*s))
        n++;
      else if (!is_separator (*s))
        return FALSE;
    }
  *n_digits = n;
  return n > 0;
}

/* Folds width and case, trims spaces and final full stops. The result is
 * what the command words are compared with; the original text is what a
 * new ticket keeps. Invalid UTF-8 becomes U+FFFD first: GLib's case and
 * width walkers trust a lead byte's length and would step past the end. */
static char *
normalise (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  g_autofree char *folded = lt_fold_width (valid);
  char *upper = g_utf8_strup (folded, -1);
  gsize len;

  g_strstrip (upper);
  len = strlen (upper);
  for (;;)
    {
      if (len >= 1 && (upper[len - 1] == '.' || upper[len - 1] == '!'))
        len -= 1;
      else if (len >= 3 && (strcmp (upper + len - 3, "。") == 0))
        len -= 3;
      else
        break;
      upper[len] = '\0';
      g_strchomp (upper);
      len = strlen (upper);
    }
  return upper;
}

/* A receipt number as typed: status when valid, "mistyped" when it is
 * digits but not a valid number. Returns FALSE when @s is not digits. */
static gboolean
parse_number (const char   *s,
              LtSmsCommand *out)
{
  guint n_digits = 0;

  if (!only_digits (s, &n_digits))
    return FALSE;
  if (lt_receipt_parse (s, out->receipt, NULL))
    {
      out->kind = LT_SMS_COMMAND_STATUS;
      return TRUE;
    }
  if (n_digits >= MISTYPED_MIN_DIGITS && n_digits <= MISTYPED_MAX_DIGITS)
    {
      out->kind = LT_SMS_COMMAND_BAD_NUMBER;
      out->typed = g_strstrip (g_strdup (s));
      return TRUE;
    }
  return FALSE;
}

static const char *
after_query_word (const char *s)
{
  if (g_str_has_prefix (s, "查"))
    return s + strlen ("查");
  if (g_str_has_prefix (s, "CX"))
    return s + 2;
  return NULL;
}

void
lt_sms_command_parse (const char   *text,
                      LtSmsCommand *out)
{
  g_autofree char *s = NULL;
  const char *rest;
  guint n_digits = 0;

  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);
  out->kind = LT_SMS_COMMAND_NEW_TICKET;
  if (text == NULL)
    return;

  s = normalise (text);

  if (strcmp (s, "TD") == 0 || strcmp (s, "退订") == 0)
    out->kind = LT_SMS_COMMAND_OPT_OUT;
  else if (strcmp (s, "帮助") == 0 || strcmp (s, "BZ") == 0 ||
           strcmp (s, "?") == 0)
    out->kind = LT_SMS_COMMAND_HELP;
  else if (s[0] >= '1' && s[0] <= '3' && s[1] == '\0')
    {
      out->kind = LT_SMS_COMMAND_RATING;
      out->rating = s[0] - '0';
    }
  else if ((rest = after_query_word (s)) != NULL)
    {
      while (is_separator (*rest) || *rest == ':')
        rest++;
      if (*rest == '\0')
        out->kind = LT_SMS_COMMAND_LIST;
      else if (!parse_number (rest, out) && only_digits (rest, &n_digits))
        {
          /* After 查 any digits were meant as a receipt number. */
          out->kind = LT_SMS_COMMAND_BAD_NUMBER;
          out->typed = g_strstrip (g_strdup (rest));
        }
    }
  else if (!parse_number (s, out) && only_digits (s, &n_digits))
    /* A short number alone ("5", "12") is no complaint either. */
    out->kind = LT_SMS_COMMAND_HELP;
}

void
lt_sms_command_clear (LtSmsCommand *self)
{
  g_clear_pointer (&self->typed, g_free);
}

const char *
lt_sms_command_kind_to_string (LtSmsCommandKind kind)
{
  switch (kind)
    {
    case LT_SMS_COMMAND_NEW_TICKET: return "new-ticket";
    case LT_SMS_COMMAND_STATUS:     return "status";
    case LT_SMS_COMMAND_LIST:       return "list";
    case LT_SMS_COMMAND_RATING:     return "rating";
    case LT_SMS_COMMAND_OPT_OUT:    return "opt-out";
    case LT_SMS_COMMAND_HELP:       return "help";
    case LT_SMS_COMMAND_BAD_NUMBER: return "bad-number";
    default:                        g_assert_not_reached ();
    }
}
