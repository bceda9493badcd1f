/* lt-hub-open311.h — Open311 GeoReport v2 mounted at /open311/.
 *
 * The city's platform speaks Open311; lt-open311.c answers it without
 * knowing about HTTP. This mount hands each request to it in a worker
 * thread (its store calls may block) and checks api_key against the
 * store's open311 devices, with the same slow-down of bad keys as the
 * JSON API's bad tokens. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LtHubServer LtHubServer;

void lt_hub_open311_register (LtHubServer *server);

G_END_DECLS
