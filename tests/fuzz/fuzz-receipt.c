/* fuzz-receipt.c — lt_receipt_parse on any bytes.
 *
 * A receipt number arrives typed on a keypad, in an SMS or in a URL. Whatever
 * the bytes, the parser must not read past them, and anything it accepts
 * must be nine digits with a good check digit that parse back to themselves. */

#include <string.h>
#include <glib.h>

#include "lt-receipt.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  char out[LT_RECEIPT_LEN + 1];
  char again[LT_RECEIPT_LEN + 1];
  g_autoptr(GError) error = NULL;

  if (!lt_receipt_parse (text, out, &error))
    {
      g_assert_nonnull (error);
      return 0;
    }
  g_assert_cmpuint (strlen (out), ==, LT_RECEIPT_LEN);
  g_assert_cmpint (lt_receipt_damm (out, LT_RECEIPT_LEN), ==, 0);
  g_assert_true (lt_receipt_parse (out, again, NULL));
  g_assert_cmpstr (out, ==, again);
  return 0;
}
