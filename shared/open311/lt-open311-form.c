/* lt-open311-form.c — URL query strings and form bodies from strangers.
 *
 * Written by hand rather than with g_uri_parse_params() because that
 * accepts any bytes and keeps the last of two equal names silently; here
 * every value must be text we can store and show back in XML, and a field
 * given twice is an ambiguity we refuse rather than resolve by guessing. */

#define G_LOG_DOMAIN "lt-open311"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lt-open311.h"
#include "lt-open311-form.h"

static gboolean bad (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
bad (GError **error, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, LT_OPEN311_ERROR, LT_OPEN311_ERROR_BAD_REQUEST, message);
  return FALSE;
}

/* A field name fit to quote in a message: it may itself be what is wrong. */
static char *
shown (const char *name, gsize len)
{
  return g_utf8_make_valid (name, MIN (len, 64));
}

static int
hex_value (char c)
{
  return g_ascii_isxdigit (c) ? g_ascii_xdigit_value (c) : -1;
}

/* Decodes + and %XX of one name or value; NULL when an escape is broken. */
static GString *
decode (const char *s, gsize n)
{
  GString *out = g_string_sized_new (n);

  for (gsize i = 0; i < n; i++)
    {
      if (s[i] == '+')
        g_string_append_c (out, ' ');
      else if (s[i] != '%')
        g_string_append_c (out, s[i]);
      else if (i + 2 < n && hex_value (s[i + 1]) >= 0 && hex_value (s[i + 2]) >= 0)
        {
          g_string_append_c (out, (char) (hex_value (s[i + 1]) * 16 + hex_value (s[i + 2])));
          i += 2;
        }
      else
        {
          g_string_free (out, TRUE);
          return NULL;
        }
    }
  return out;
}

/* TRUE when @s (of @len bytes) is UTF-8 text with no control character
 * other than tab and line breaks: what a description may hold. */
static gboolean
is_clean_text (const char *s, gsize len)
{
  if (!g_utf8_validate_len (s, len, NULL))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) s[i];

      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_pair (const char *name, gsize name_len, const char *value, gsize value_len, GError **error)
{
  g_autofree char *quoted = shown (name, name_len);

  if (name_len == 0)
    return bad (error, _("请求中有一个没有名称的参数。"));
  if (!is_clean_text (name, name_len))
    return bad (error, _("参数名“%s”含有无效的字符（应为 UTF-8 文字）。"), quoted);
  if (name_len > LT_OPEN311_FORM_MAX_NAME)
    return bad (error, _("参数名“%s”太长了。"), quoted);
  if (value_len > LT_OPEN311_FORM_MAX_VALUE)
    return bad (error, _("参数“%s”的内容太长了。"), quoted);
  if (!is_clean_text (value, value_len))
    return bad (error, _("参数“%s”含有无效的字符（应为 UTF-8 文字，不含控制字符）。"), quoted);
  return TRUE;
}

GHashTable *
lt_open311_form_parse (const char *data, gsize length, GError **error)
{
  g_autoptr(GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gsize start = 0;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  while (start < length)
    {
      const char *pair = data + start;
      const char *amp = memchr (pair, '&', length - start);
      gsize pair_len = amp ? (gsize) (amp - pair) : length - start;
      const char *eq = memchr (pair, '=', pair_len);
      gsize name_len = eq ? (gsize) (eq - pair) : pair_len;
      g_autoptr(GString) name = NULL;
      g_autoptr(GString) value = NULL;

      start += pair_len + 1;
      if (pair_len == 0)
        continue;
      if (g_hash_table_size (fields) >= LT_OPEN311_FORM_MAX_FIELDS)
        return bad (error, _("请求中的参数太多了。")), NULL;
      /* Lengths are checked before decoding so a huge value costs nothing. */
      if (name_len > 3 * LT_OPEN311_FORM_MAX_NAME ||
          pair_len - name_len > 3 * LT_OPEN311_FORM_MAX_VALUE + 1)
        {
          g_autofree char *quoted = shown (pair, name_len);

          if (name_len > 3 * LT_OPEN311_FORM_MAX_NAME)
            return bad (error, _("参数名“%s”太长了。"), quoted), NULL;
          return bad (error, _("参数“%s”的内容太长了。"), quoted), NULL;
        }
      name = decode (pair, name_len);
      value = eq ? decode (eq + 1, pair_len - name_len - 1) : g_string_new ("");
      if (name == NULL || value == NULL)
        {
          g_autofree char *quoted = shown (pair, name_len);

          return bad (error, _("参数“%s”中有不完整的 %% 转义。"), quoted), NULL;
        }
      if (!check_pair (name->str, name->len, value->str, value->len, error))
        return NULL;
      if (g_hash_table_contains (fields, name->str))
        {
          g_autofree char *quoted = shown (name->str, name->len);

          return bad (error, _("参数“%s”出现了不止一次。"), quoted), NULL;
        }
      g_hash_table_insert (fields, g_string_free (g_steal_pointer (&name), FALSE),
                           g_string_free (g_steal_pointer (&value), FALSE));
    }
  return g_steal_pointer (&fields);
}

char *
lt_open311_form_lookup (const char *data, gsize length, const char *name)
{
  gsize start = 0, name_len = strlen (name);

  while (data != NULL && start < length)
    {
      const char *pair = data + start;
      const char *amp = memchr (pair, '&', length - start);
      gsize pair_len = amp ? (gsize) (amp - pair) : length - start;
      const char *eq = memchr (pair, '=', pair_len);

      start += pair_len + 1;
      /* Names are compared undecoded: "api_key" needs no escaping. */
      if (eq != NULL && (gsize) (eq - pair) == name_len && memcmp (pair, name, name_len) == 0 &&
          pair_len - name_len - 1 <= 3 * LT_OPEN311_FORM_MAX_NAME * 4)
        {
          GString *value = decode (eq + 1, pair_len - name_len - 1);

          return value ? g_string_free (value, FALSE) : NULL;
        }
    }
  return NULL;
}

gboolean
lt_open311_form_check (GHashTable *params, GError **error)
{
  GHashTableIter iter;
  gpointer key, value;

  if (params == NULL)
    return TRUE;
  if (g_hash_table_size (params) > LT_OPEN311_FORM_MAX_FIELDS)
    return bad (error, _("请求中的参数太多了。"));
  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *v = value ? value : "";

      if (key == NULL)
        return bad (error, _("请求中有一个没有名称的参数。"));
      if (!check_pair (key, strlen (key), v, strlen (v), error))
        return FALSE;
    }
  return TRUE;
}
