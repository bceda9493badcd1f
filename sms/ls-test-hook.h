/* ls-test-hook.h — dying on purpose at a chosen moment, for crash tests.
 *
 * LAITING_SMS_TEST_KILL_AT=POINT:N makes the listener SIGKILL itself the
 * Nth time it reaches POINT, so a test can aim a crash at the boundaries
 * that matter instead of hoping a random kill lands there. Unset, the
 * hooks cost one comparison. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  LS_TEST_HOOK_STORE,    /* "store": a message read, about to be stored */
  LS_TEST_HOOK_STORED,   /* "stored": committed, not yet deleted from the phone */
  LS_TEST_HOOK_DELETE,   /* "delete": between deleting two parts from the phone */
  LS_TEST_HOOK_SEND,     /* "send": the modem took an SMS, not yet marked sent */
} LsTestHook;

void ls_test_hook (LsTestHook point);

G_END_DECLS
