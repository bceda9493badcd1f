/* ls-test-hook.c — dying on purpose at a chosen moment, for crash tests.
 *
 * The one piece of process-wide state in the listener: the aim, read
 * once from the environment, and how often it was passed. Both threads
 * (main loop and modem) may pass a hook, hence the atomic count. */

#define G_LOG_DOMAIN "laiting-sms"

#include "config.h"

#include <signal.h>
#include <stdlib.h>

#include "ls-test-hook.h"

static const char *const names[] = { "store", "stored", "delete", "send" };

void
ls_test_hook (LsTestHook point)
{
  static gsize aimed = 0;
  static int target = -1;
  static guint nth = 0;
  static gint passed = 0;

  if (g_once_init_enter (&aimed))
    {
      const char *spec = g_getenv ("LAITING_SMS_TEST_KILL_AT");
      g_auto(GStrv) pair = spec ? g_strsplit (spec, ":", 2) : NULL;

      for (guint i = 0; pair != NULL && i < G_N_ELEMENTS (names); i++)
        if (g_strcmp0 (pair[0], names[i]) == 0)
          {
            target = (int) i;
            nth = pair[1] ? (guint) g_ascii_strtoull (pair[1], NULL, 10) : 1;
          }
      g_once_init_leave (&aimed, 1);
    }
  if ((int) point != target)
    return;
  if ((guint) g_atomic_int_add (&passed, 1) + 1 >= nth)
    raise (SIGKILL);
}
