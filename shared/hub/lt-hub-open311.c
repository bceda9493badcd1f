/* lt-hub-open311.c — the Open311 mount: HTTP in, lt_open311_handle, HTTP out.
 *
 * See lt-hub-open311.h. The request's query and body are copied before the
 * message is paused; the worker thread answers, and the answer is set and
 * the message unpaused on the main loop, as for the JSON API. */

#define G_LOG_DOMAIN "lt-hub"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lt-device.h"
#include "lt-hub-open311.h"
#include "lt-hub-server.h"
#include "lt-open311.h"

typedef struct {
  LtHubServer       *server;
  LtOpen311         *open311;
  SoupServerMessage *msg;
  char              *method;
  char              *path;         /* below /open311 */
  GHashTable        *query;
  char              *content_type;
  GBytes            *body;
  char              *peer;
  gboolean           key_refused;
  gboolean           key_throttled;
  LtOpen311Response *response;
  gboolean           finished;
  gulong             finished_id;
} Open311Call;

static void
open311_call_free (Open311Call *c)
{
  if (c->finished_id != 0)
    g_signal_handler_disconnect (c->msg, c->finished_id);
  g_clear_object (&c->msg);
  g_clear_object (&c->server);
  g_free (c->method);
  g_free (c->path);
  g_clear_pointer (&c->query, g_hash_table_unref);
  g_free (c->content_type);
  g_clear_pointer (&c->body, g_bytes_unref);
  g_free (c->peer);
  g_clear_pointer (&c->response, lt_open311_response_free);
  g_free (c);
}

/* The api_key check, in the worker thread: a live open311 device. */
static gboolean
check_key (const char *api_key, gpointer user_data)
{
  Open311Call *c = user_data;
  LtHubThrottle *throttle = lt_hub_server_get_throttle (c->server);
  g_autoptr(GError) error = NULL;
  g_autoptr(LtDevice) device = NULL;
  gint64 now = lt_store_now ();

  if (lt_hub_throttle_wait (throttle, c->peer, now) > 0)
    {
      c->key_throttled = TRUE;
      return FALSE;
    }
  device = lt_store_device_authenticate (lt_hub_server_get_store (c->server), api_key, c->peer,
                                         now, &error);
  if (device == NULL)
    {
      c->key_refused = TRUE;
      lt_hub_throttle_failed (throttle, c->peer, now);
      return FALSE;
    }
  return device->role == LT_ROLE_OPEN311;
}

static void
handle_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Open311Call *c = data;

  c->response = lt_open311_handle (c->open311, c->method, c->path, c->query, c->content_type,
                                   c->body, check_key, c);
  g_task_return_boolean (task, TRUE);
}

static void
handled_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Open311Call *c = g_task_get_task_data (G_TASK (result));
  gsize len;
  gconstpointer data;

  if (c->key_refused)
    g_message ("device refused: unknown or revoked Open311 api_key from %s", c->peer);
  if (c->finished)
    return;
  data = g_bytes_get_data (c->response->body, &len);
  soup_server_message_set_status (c->msg, c->response->status, NULL);
  soup_server_message_set_response (c->msg, c->response->content_type, SOUP_MEMORY_COPY,
                                    data, len);
  if (c->key_throttled)
    soup_message_headers_replace (soup_server_message_get_response_headers (c->msg),
                                  "Retry-After", "60");
  soup_server_message_unpause (c->msg);
}

static void
finished_cb (SoupServerMessage *msg, Open311Call *c)
{
  c->finished = TRUE;
}

static void
open311_cb (SoupServer *soup, SoupServerMessage *msg, const char *path, GHashTable *query,
            gpointer user_data)
{
  LtHubServer *server = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GTask) task = NULL;
  Open311Call *c = g_new0 (Open311Call, 1);

  c->server = g_object_ref (server);
  c->open311 = lt_hub_server_get_open311 (server);
  c->msg = g_object_ref (msg);
  c->method = g_strdup (soup_server_message_get_method (msg));
  c->path = g_strdup (path + strlen ("/open311"));
  c->query = query ? g_hash_table_ref (query) : NULL;
  c->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  c->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  c->peer = lt_hub_server_peer (msg);
  soup_server_message_pause (msg);
  c->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (finished_cb), c);
  task = g_task_new (NULL, NULL, handled_cb, NULL);
  g_task_set_task_data (task, c, (GDestroyNotify) open311_call_free);
  g_task_run_in_thread (task, handle_thread);
}

void
lt_hub_open311_register (LtHubServer *server)
{
  soup_server_add_handler (lt_hub_server_get_soup (server), "/open311", open311_cb, server, NULL);
}
