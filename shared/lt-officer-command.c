/* lt-officer-command.c — what an officer's text message asks for.
 *
 * Officers type on feature phones between jobs: "SD", "bj 120345678 已修好",
 * "办结１２０ ３４５ ６７８：换了灯泡". The command word comes first, then
 * perhaps a receipt number in any grouping, then the words. Digits right
 * after the command are a receipt only when there are as many as a
 * mistyped receipt could have; "BJ 3号楼灯已修好" is a result without a
 * number. */

#define G_LOG_DOMAIN "lt-officer-command"

#include "config.h"

#include <string.h>

#include "lt-officer-command.h"
#include "lt-phone.h"

/* A run of this many digits after the command was meant as a receipt. */
#define RECEIPT_MIN_DIGITS 6
#define RECEIPT_MAX_DIGITS 12

static const struct {
  const char          *word;
  const char          *code;
  LtOfficerCommandKind kind;
} words[] = {
  { "收到", "SD", LT_OFFICER_COMMAND_ACK },
  { "进展", "JZ", LT_OFFICER_COMMAND_PROGRESS },
  { "办结", "BJ", LT_OFFICER_COMMAND_CLOSE },
  { "退回", "TH", LT_OFFICER_COMMAND_RETURN },
};

static gboolean
is_gap (gunichar c)
{
  return g_unichar_isspace (c) || c == ':' || c == 0xFF1A /* ： */ || c == ',' ||
         c == 0xFF0C /* ， */ || c == 0x3001 /* 、 */ || c == '-' || c == '.' ||
         c == 0x3002 /* 。 */;
}

static const char *
skip_gaps (const char *p)
{
  while (*p != '\0' && is_gap (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);
  return p;
}

/* The command word at the start of @s (folded, upper case); returns what
 * follows it, or NULL. A Latin code must not run on into more letters
 * ("SDK" is not SD). */
static const char *
take_command (const char *s, LtOfficerCommandKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      if (g_str_has_prefix (s, words[i].word))
        {
          *kind = words[i].kind;
          return s + strlen (words[i].word);
        }
      if (g_str_has_prefix (s, words[i].code) && !g_ascii_isalpha (s[2]))
        {
          *kind = words[i].kind;
          return s + 2;
        }
    }
  return NULL;
}

/* Reads a receipt-like run of digits (with spaces, dashes or dots between
 * groups) at @p; returns where the words start. */
static const char *
take_receipt (const char *p, LtOfficerCommand *out)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  const char *end = p, *q = p;

  while (*q != '\0')
    {
      if (g_ascii_isdigit (*q))
        {
          g_string_append_c (digits, *q);
          q++;
          end = q;
        }
      else if ((*q == ' ' || *q == '-' || *q == '.') && g_ascii_isdigit (q[1]))
        q++;
      else
        break;
    }
  if (digits->len < RECEIPT_MIN_DIGITS || digits->len > RECEIPT_MAX_DIGITS)
    return p;
  if (lt_receipt_parse (digits->str, out->receipt, NULL))
    out->receipt_state = LT_OFFICER_RECEIPT_VALID;
  else
    {
      out->receipt_state = LT_OFFICER_RECEIPT_BAD;
      out->typed = g_strdup (digits->str);
    }
  return end;
}

void
lt_officer_command_parse (const char *text, LtOfficerCommand *out)
{
  g_autofree char *valid = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *upper = NULL;
  const char *rest;

  g_return_if_fail (out != NULL);
  memset (out, 0, sizeof *out);
  if (text == NULL)
    return;

  /* Width and case are folded for matching. Folding keeps one character
   * for one, so the words are then taken from the text as the officer
   * wrote it, full-width commas and all. */
  valid = g_utf8_make_valid (text, -1);
  folded = lt_fold_width (valid);
  upper = g_ascii_strup (folded, -1);
  rest = take_command (skip_gaps (upper), &out->kind);
  if (rest == NULL)
    {
      out->kind = LT_OFFICER_COMMAND_UNKNOWN;
      return;
    }
  rest = skip_gaps (take_receipt (skip_gaps (rest), out));
  {
    glong chars = g_utf8_pointer_to_offset (upper, rest);
    char *words = g_strstrip (g_strdup (g_utf8_offset_to_pointer (valid, chars)));

    if (*words == '\0')
      g_free (words);
    else
      out->words = words;
  }
}

void
lt_officer_command_clear (LtOfficerCommand *self)
{
  g_clear_pointer (&self->typed, g_free);
  g_clear_pointer (&self->words, g_free);
}

const char *
lt_officer_command_code (LtOfficerCommandKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (words[i].kind == kind)
      return words[i].code;
  return NULL;
}
