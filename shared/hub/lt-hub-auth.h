/* lt-hub-auth.h — who may do what on the hub.
 *
 * A request carries a device token (`Authorization: Bearer TOKEN`); the
 * store turns it into an LtDevice. This file holds the role table of the
 * district design and the slow-down of addresses that keep sending bad
 * tokens. Tokens never leave this file's callers in a log line. */

#pragma once

#include <libsoup/soup.h>
#include "lt-device.h"

G_BEGIN_DECLS

/* What a request wants to do; lt_hub_role_may() is the role table. */
typedef enum {
  LT_HUB_MAY_SUBMIT,         /* kiosk (own origin), staff */
  LT_HUB_MAY_READ_PROGRESS,  /* kiosk (own origin): status only, never text or phone */
  LT_HUB_MAY_READ,           /* staff; office: its department's tickets */
  LT_HUB_MAY_NOTE,           /* staff; office: its department's tickets */
  LT_HUB_MAY_CLOSE,          /* staff; office: its department's tickets */
  LT_HUB_MAY_TRANSFER,       /* staff */
  LT_HUB_MAY_REOPEN,         /* staff */
  LT_HUB_MAY_RATE,           /* staff */
  LT_HUB_MAY_PRINT,          /* staff: slips and report */
  LT_HUB_MAY_FORWARD_SMS,    /* gateway */
  LT_HUB_MAY_SEND,           /* gateway: lease and report outbox rows */
  LT_HUB_MAY_OPEN311,        /* open311 */
} LtHubPermission;

gboolean    lt_hub_role_may         (LtRole role, LtHubPermission permission);
/* "提交工单" …: what @permission is, for a refusal a person reads. */
const char *lt_hub_permission_label (LtHubPermission permission);

/* The token of an `Authorization: Bearer` header, or NULL. Points into
 * @headers. */
const char *lt_hub_auth_bearer      (SoupMessageHeaders *headers);

/* Addresses sending bad tokens: after @limit in a minute, an address must
 * wait until the minute is over before any token of it is looked at.
 * Thread-safe. */
typedef struct _LtHubThrottle LtHubThrottle;

LtHubThrottle *lt_hub_throttle_new     (guint limit);
void           lt_hub_throttle_free    (LtHubThrottle *self);
void           lt_hub_throttle_set_limit (LtHubThrottle *self, guint limit);
/* Seconds @address must still wait (0: it may try). */
gint64         lt_hub_throttle_wait    (LtHubThrottle *self, const char *address, gint64 now);
/* Counts a bad token from @address; TRUE when this one reached the limit. */
gboolean       lt_hub_throttle_failed  (LtHubThrottle *self, const char *address, gint64 now);

G_END_DECLS
