/* fuzz-open311-form.c — lt_open311_form_parse on any bytes.
 *
 * An Open311 form body is whatever the network delivered. The parser must
 * never read past it, and whatever it accepts must be what it promises:
 * clean UTF-8 names and values within their limits, which, encoded again,
 * parse back to the same table. The lenient key lookup runs on the same
 * bytes and must cope with them too. */

#include <string.h>
#include <glib.h>

#include "lt-open311.h"
#include "lt-open311-form.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check_clean (const char *s, gsize max)
{
  g_assert_true (g_utf8_validate (s, -1, NULL));
  g_assert_cmpuint (strlen (s), <=, max);
  for (const char *p = s; *p; p++)
    g_assert_true ((guchar) *p >= 0x20 || *p == '\t' || *p == '\n' || *p == '\r');
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) fields = lt_open311_form_parse ((const char *) data, size, &error);
  g_autofree char *key = lt_open311_form_lookup ((const char *) data, size, "api_key");
  g_autoptr(GString) again = g_string_new (NULL);
  g_autoptr(GHashTable) back = NULL;
  GHashTableIter iter;
  gpointer k, v;

  if (fields == NULL)
    {
      g_assert_error (error, LT_OPEN311_ERROR, LT_OPEN311_ERROR_BAD_REQUEST);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  g_assert_cmpuint (g_hash_table_size (fields), <=, LT_OPEN311_FORM_MAX_FIELDS);
  g_assert_true (lt_open311_form_check (fields, NULL));
  g_hash_table_iter_init (&iter, fields);
  while (g_hash_table_iter_next (&iter, &k, &v))
    {
      g_autofree char *ek = g_uri_escape_string (k, NULL, FALSE);
      g_autofree char *ev = g_uri_escape_string (v, NULL, FALSE);

      check_clean (k, LT_OPEN311_FORM_MAX_NAME);
      check_clean (v, LT_OPEN311_FORM_MAX_VALUE);
      g_string_append_printf (again, "%s%s=%s", again->len ? "&" : "", ek, ev);
    }
  back = lt_open311_form_parse (again->str, again->len, NULL);
  g_assert_nonnull (back);
  g_assert_cmpuint (g_hash_table_size (back), ==, g_hash_table_size (fields));
  g_hash_table_iter_init (&iter, fields);
  while (g_hash_table_iter_next (&iter, &k, &v))
    g_assert_cmpstr (g_hash_table_lookup (back, k), ==, v);
  if (g_hash_table_contains (fields, "api_key"))
    g_assert_cmpstr (key, ==, g_hash_table_lookup (fields, "api_key"));
  return 0;
}
