/* fuzz-hub-listen.c — the [hub] listen value on any bytes.
 *
 * An operator types it; a typo must be one clear error, and whatever is
 * accepted must be at least one numeric address with a port. */

#include <gio/gio.h>

#include "lt-hub-config.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GPtrArray) addresses = NULL;
  g_autoptr(GError) error = NULL;

  if (!lt_hub_config_parse_listen (text, &addresses, &error))
    {
      g_assert_nonnull (error);
      return 0;
    }
  g_assert_null (error);
  g_assert_cmpuint (addresses->len, >, 0);
  for (guint i = 0; i < addresses->len; i++)
    g_assert_true (G_IS_INET_SOCKET_ADDRESS (g_ptr_array_index (addresses, i)));
  return 0;
}
