/* lt-hub-server.h — laiting-hub's HTTP(S) server: listening, TLS, limits
 * on what a client may send, and a clean stop.
 *
 * One SoupServer in the main loop. Reading a request is libsoup's work;
 * this object bounds it (max-body while the body arrives, read-timeout for
 * the whole request, idle-timeout for a silent connection), counts the
 * requests in flight so that a stop lets them finish, and owns what the
 * API handlers share: the store, the writer thread, the bad-token
 * slow-down. The routes themselves are in lt-hub-api.c. */

#pragma once

#include <libsoup/soup.h>
#include "lt-hub-auth.h"
#include "lt-hub-commit.h"
#include "lt-hub-config.h"
#include "lt-open311.h"
#include "lt-store.h"

G_BEGIN_DECLS

#define LT_HUB_SERVER_ERROR (lt_hub_server_error_quark ())
typedef enum {
  LT_HUB_SERVER_ERROR_TLS,      /* the certificate or key cannot be used */
  LT_HUB_SERVER_ERROR_LISTEN,   /* an address cannot be bound */
} LtHubServerError;
GQuark lt_hub_server_error_quark (void);

#define LT_TYPE_HUB_SERVER (lt_hub_server_get_type ())
G_DECLARE_FINAL_TYPE (LtHubServer, lt_hub_server, LT, HUB_SERVER, GObject)

/* Reads the [hub] group of @store's configuration and loads the TLS
 * certificate. Fails with one sentence naming the file when the
 * certificate or key cannot be used. */
LtHubServer    *lt_hub_server_new           (LtStore *store, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Binds the listen addresses and logs where it serves, and how. */
gboolean        lt_hub_server_start         (LtHubServer *self, GError **error);
/* Takes the store's (new) configuration: limits, certificate. The listen
 * addresses change only with a restart. On error nothing changes. */
gboolean        lt_hub_server_reload        (LtHubServer *self, GError **error);
/* Stops taking requests, lets those in flight finish (at most
 * @grace_seconds), closes every connection, then calls @done. */
void            lt_hub_server_stop          (LtHubServer *self, guint grace_seconds,
                                             GCallback done, gpointer user_data);

SoupServer     *lt_hub_server_get_soup      (LtHubServer *self);
LtStore        *lt_hub_server_get_store     (LtHubServer *self);
LtHubCommitter *lt_hub_server_get_committer (LtHubServer *self);
LtHubThrottle  *lt_hub_server_get_throttle  (LtHubServer *self);
const LtHubConfig *lt_hub_server_get_config (LtHubServer *self);
LtOpen311      *lt_hub_server_get_open311   (LtHubServer *self);
gboolean        lt_hub_server_is_stopping   (LtHubServer *self);
/* The bound addresses as URIs ("https://127.0.0.1:8443/"). */
GSList         *lt_hub_server_get_uris      (LtHubServer *self);

/* {"error": {"code": @code, "message": @message}}, newly allocated. */
char           *lt_hub_server_error_body    (const char *code, const char *message) G_GNUC_WARN_UNUSED_RESULT;
/* Sets a JSON error answer {"error": {"code", "message"}} on @msg. */
void            lt_hub_server_set_error     (SoupServerMessage *msg, guint status,
                                             const char *code, const char *message);
/* The client's address as text, for logs and the slow-down. */
char           *lt_hub_server_peer          (SoupServerMessage *msg) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
