/* fuzz-open311-date.c — lt_open311_date_parse on any bytes.
 *
 * start_date, end_date and updated_datetime come from the city's platform
 * as text. Whatever the bytes, the parser must not read past them, and a
 * time it accepts must be one laiting can write back in W3C form and read
 * again to the same second. */

#include <string.h>
#include <glib.h>

#include "lt-open311.h"
#include "lt-open311-date.h"
#include "lt-time.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  gint64 t = 0, again = 0;

  if (!lt_open311_date_parse ("start_date", text, &t, &error))
    {
      g_assert_error (error, LT_OPEN311_ERROR, LT_OPEN311_ERROR_BAD_REQUEST);
      return 0;
    }
  /* Years 1970 to 9999, in any zone. */
  g_assert_cmpint (t, >=, -15 * 3600);
  g_assert_cmpint (t, <, G_GINT64_CONSTANT (253402300800) + 15 * 3600);
  /* Written in local time, the edges may fall outside those years. */
  if (t < 2 * 86400 || t > G_GINT64_CONSTANT (253402300800) - 2 * 86400)
    return 0;
  written = lt_time_iso8601 (t);
  g_assert_true (lt_open311_date_parse ("start_date", written, &again, NULL));
  g_assert_cmpint (again, ==, t);
  return 0;
}
