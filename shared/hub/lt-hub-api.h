/* lt-hub-api.h — the JSON API under /api/v1/ and the Open311 mount.
 *
 * One handler per path prefix on the hub's SoupServer, as in libsoup's
 * simple-httpd: the request is checked on the main loop (route, token
 * present, body), then paused while a worker thread authenticates the
 * token and does the store work; writes go to the group-commit writer,
 * reads to GTask threads. The answer is set and the message unpaused back
 * on the main loop. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LtHubServer LtHubServer;

void lt_hub_api_register (LtHubServer *server);

G_END_DECLS
