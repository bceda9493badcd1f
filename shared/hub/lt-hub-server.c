/* lt-hub-server.c — the SoupServer and the bounds it puts on clients.
 *
 * libsoup reads each request in the main loop and calls the route's
 * handler once the body is complete. Before that, three things here keep
 * one client from hurting the others:
 *
 * - max-body: a declared Content-Length over the limit is answered 413 at
 *   once (with "Expect: 100-continue" the body is never sent); a chunked
 *   body is counted as it arrives and, once over, dropped as it comes in,
 *   so memory stays bounded either way;
 * - read-timeout: a timer from a request's start to its last byte; when it
 *   fires the connection is shut down (a client sending one byte a minute
 *   holds nothing but its own socket for that long);
 * - idle-timeout: a GSocket timeout, so a kept-alive connection that stays
 *   silent is closed.
 *
 * A request counts as in flight from its headers to its answer; a stop
 * waits for that count to reach zero. */

#define G_LOG_DOMAIN "lt-hub"

#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "lt-hub-api.h"
#include "lt-hub-open311.h"
#include "lt-hub-server.h"
#include "lt-hub-tls.h"

G_DEFINE_QUARK (lt-hub-server-error-quark, lt_hub_server_error)

/* Writes waiting together in one transaction, at most. */
#define MAX_BATCH 256

struct _LtHubServer {
  GObject          parent_instance;
  LtStore         *store;
  LtHubConfig     *config;
  SoupServer      *soup;
  LtHubCommitter  *committer;
  LtHubThrottle   *throttle;
  LtOpen311       *open311;
  gboolean         tls;
  guint            in_flight;
  gboolean         stopping;
  guint            grace_source;
  GCallback        stopped;
  gpointer         stopped_data;
};

G_DEFINE_FINAL_TYPE (LtHubServer, lt_hub_server, G_TYPE_OBJECT)

/* Per-message state, kept as qdata on the SoupServerMessage. */
typedef struct {
  LtHubServer *server;      /* not a reference: the server outlives its messages */
  guint        timer;       /* read-timeout source, 0 once the body is in */
  gsize        received;    /* body bytes so far */
  gboolean     counted;     /* in the in-flight count */
  gboolean     refused;     /* answered before its body was read */
} Request;

static GQuark request_quark;
/* On a client's GSocket: its idle timeout + 1, once set up. */
static GQuark socket_quark;

static void
request_free (Request *r)
{
  if (r->timer != 0)
    g_source_remove (r->timer);
  g_free (r);
}

static Request *
request_of (SoupServerMessage *msg)
{
  return g_object_get_qdata (G_OBJECT (msg), request_quark);
}

char *
lt_hub_server_error_body (const char *code, const char *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, code);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

void
lt_hub_server_set_error (SoupServerMessage *msg, guint status, const char *code,
                         const char *message)
{
  char *text = lt_hub_server_error_body (code, message);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8",
                                    SOUP_MEMORY_TAKE, text, strlen (text));
}

char *
lt_hub_server_peer (SoupServerMessage *msg)
{
  const char *host = soup_server_message_get_remote_host (msg);

  return g_strdup (host ? host : "?");
}

/* Answers now and closes the connection afterwards: whatever the client
 * still sends of this request is read and thrown away, never kept. */
static void
refuse_early (SoupServerMessage *msg, Request *r, guint status, const char *code,
              const char *message)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  r->refused = TRUE;
  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_truncate (body);
  lt_hub_server_set_error (msg, status, code, message);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Connection", "close");
}

static void
refuse_too_large (LtHubServer *self, SoupServerMessage *msg, Request *r)
{
  g_autofree char *message = g_strdup_printf (
      _("请求内容太大了，最多 %zu 字节。"), self->config->max_body);
  g_autofree char *peer = lt_hub_server_peer (msg);

  g_message ("request from %s refused: body over %" G_GSIZE_FORMAT " bytes", peer,
             self->config->max_body);
  refuse_early (msg, r, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload-too-large", message);
}

static void
maybe_stopped (LtHubServer *self)
{
  GCallback done = self->stopped;

  if (!self->stopping || self->in_flight > 0 || done == NULL)
    return;
  self->stopped = NULL;
  g_clear_handle_id (&self->grace_source, g_source_remove);
  soup_server_disconnect (self->soup);
  ((void (*) (gpointer)) done) (self->stopped_data);
}

static void
got_headers_cb (SoupServerMessage *msg, gpointer user_data)
{
  Request *r = request_of (msg);
  LtHubServer *self = r->server;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (soup_server_message_get_status (msg) != 0)
    return;   /* libsoup refused it already (bad request line, …) */
  if (self->stopping)
    {
      refuse_early (msg, r, SOUP_STATUS_SERVICE_UNAVAILABLE, "stopping",
                    _("服务正在停止，请稍后重试。"));
      return;
    }
  r->counted = TRUE;
  self->in_flight++;
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > (goffset) self->config->max_body)
    refuse_too_large (self, msg, r);
}

static void
got_chunk_cb (SoupServerMessage *msg, GBytes *chunk, gpointer user_data)
{
  Request *r = request_of (msg);

  r->received += g_bytes_get_size (chunk);
  if (!r->refused && r->received > r->server->config->max_body)
    refuse_too_large (r->server, msg, r);
  else if (r->refused)
    soup_message_body_truncate (soup_server_message_get_request_body (msg));
}

/* The body is in, or the connection is gone: the read-timeout is over. */
static void
read_over_cb (SoupServerMessage *msg, gpointer user_data)
{
  Request *r = request_of (msg);

  if (r != NULL)
    g_clear_handle_id (&r->timer, g_source_remove);
}

typedef struct {
  GWeakRef msg;
} TimerData;

static void
timer_data_free (TimerData *t)
{
  g_weak_ref_clear (&t->msg);
  g_free (t);
}

static gboolean
read_timeout_cb (gpointer user_data)
{
  TimerData *t = user_data;
  g_autoptr(SoupServerMessage) msg = g_weak_ref_get (&t->msg);
  Request *r;
  GSocket *socket;

  if (msg == NULL)
    return G_SOURCE_REMOVE;
  r = request_of (msg);
  r->timer = 0;
  socket = soup_server_message_get_socket (msg);
  if (socket == NULL || g_socket_is_closed (socket))
    return G_SOURCE_REMOVE;
  {
    g_autofree char *peer = lt_hub_server_peer (msg);

    g_message ("client %s too slow: connection closed after %u s without a whole request",
               peer, r->server->config->read_timeout);
  }
  /* Shutting the socket down wakes libsoup's pending read with an end of
   * stream: it drops the request and the connection, nothing else. */
  g_socket_shutdown (socket, TRUE, TRUE, NULL);
  return G_SOURCE_REMOVE;
}

/* Once per connection, not per request (a kept-alive connection carries
 * thousands): the idle timeout, set again only when a reload changed it,
 * and no Nagle delay. */
static void
set_up_socket (LtHubServer *self, GSocket *socket)
{
  guint done = GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (socket), socket_quark));

  if (done == self->config->idle_timeout + 1)
    return;
  g_socket_set_timeout (socket, self->config->idle_timeout);
  if (done == 0)
    /* libsoup writes a response's headers and body separately: without
     * this, Nagle's algorithm holds the body back until the client's
     * delayed acknowledgement, some 40 ms per request. */
    g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  g_object_set_qdata (G_OBJECT (socket), socket_quark,
                      GUINT_TO_POINTER (self->config->idle_timeout + 1));
}

static void
request_started_cb (SoupServer *soup, SoupServerMessage *msg, gpointer user_data)
{
  LtHubServer *self = user_data;
  Request *r = g_new0 (Request, 1);
  TimerData *t = g_new0 (TimerData, 1);
  GSocket *socket = soup_server_message_get_socket (msg);

  r->server = self;
  g_weak_ref_init (&t->msg, msg);
  r->timer = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, self->config->read_timeout,
                                         read_timeout_cb, t, (GDestroyNotify) timer_data_free);
  g_object_set_qdata_full (G_OBJECT (msg), request_quark, r, (GDestroyNotify) request_free);
  if (socket != NULL)
    set_up_socket (self, socket);
  g_signal_connect (msg, "got-headers", G_CALLBACK (got_headers_cb), NULL);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk_cb), NULL);
  g_signal_connect (msg, "got-body", G_CALLBACK (read_over_cb), NULL);
  g_signal_connect (msg, "disconnected", G_CALLBACK (read_over_cb), NULL);
}

static void
request_done_cb (SoupServer *soup, SoupServerMessage *msg, gpointer user_data)
{
  LtHubServer *self = user_data;
  Request *r = request_of (msg);

  if (r == NULL)
    return;
  g_clear_handle_id (&r->timer, g_source_remove);
  if (r->counted)
    {
      r->counted = FALSE;
      self->in_flight--;
      maybe_stopped (self);
    }
}

static void
lt_hub_server_finalize (GObject *object)
{
  LtHubServer *self = LT_HUB_SERVER (object);

  g_clear_handle_id (&self->grace_source, g_source_remove);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_pointer (&self->committer, lt_hub_committer_free);
  g_clear_pointer (&self->throttle, lt_hub_throttle_free);
  g_clear_object (&self->open311);
  g_clear_pointer (&self->config, lt_hub_config_free);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (lt_hub_server_parent_class)->finalize (object);
}

static void
lt_hub_server_class_init (LtHubServerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lt_hub_server_finalize;
  request_quark = g_quark_from_static_string ("lt-hub-request");
  socket_quark = g_quark_from_static_string ("lt-hub-socket");
}

static void
lt_hub_server_init (LtHubServer *self)
{
}

/* The certificate of @config, or NULL without error when it names none. */
static gboolean
load_certificate (const LtHubConfig *config, GTlsCertificate **out, GError **error)
{
  *out = NULL;
  if (config->tls_certificate == NULL)
    return TRUE;
  *out = lt_hub_tls_load (config->tls_certificate, config->tls_key, error);
  return *out != NULL;
}

LtHubServer *
lt_hub_server_new (LtStore *store, GError **error)
{
  g_autoptr(LtHubServer) self = g_object_new (LT_TYPE_HUB_SERVER, NULL);
  g_autoptr(GTlsCertificate) cert = NULL;
  g_autofree char *header = g_strdup_printf ("laiting-hub/%s ", PACKAGE_VERSION);

  self->store = g_object_ref (store);
  self->config = lt_hub_config_new (lt_store_get_config (store), error);
  if (self->config == NULL || !load_certificate (self->config, &cert, error))
    return NULL;
  self->tls = cert != NULL;
  self->soup = soup_server_new ("server-header", header, "tls-certificate", cert, NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (request_started_cb), self);
  g_signal_connect (self->soup, "request-finished", G_CALLBACK (request_done_cb), self);
  g_signal_connect (self->soup, "request-aborted", G_CALLBACK (request_done_cb), self);
  self->throttle = lt_hub_throttle_new (self->config->bad_token_limit);
  self->committer = lt_hub_committer_new (store, MAX_BATCH);
  self->open311 = lt_open311_new (store, self->config->jurisdiction);
  lt_hub_api_register (self);
  lt_hub_open311_register (self);
  return g_steal_pointer (&self);
}

static char *
address_to_string (GInetSocketAddress *address)
{
  g_autofree char *host = g_inet_address_to_string (g_inet_socket_address_get_address (address));
  gboolean v6 = g_inet_address_get_family (g_inet_socket_address_get_address (address)) ==
                G_SOCKET_FAMILY_IPV6;

  return g_strdup_printf (v6 ? "[%s]:%u" : "%s:%u", host, g_inet_socket_address_get_port (address));
}

/* Without a certificate only loopback addresses are served, unless the
 * operator wrote allow-plain-http = true. Returns the addresses to bind. */
static GPtrArray *
addresses_to_bind (LtHubServer *self)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_object_unref);
  guint16 first_port = 0;

  for (guint i = 0; i < self->config->listen->len; i++)
    {
      GInetSocketAddress *a = g_ptr_array_index (self->config->listen, i);
      g_autofree char *shown = address_to_string (a);

      if (i == 0)
        first_port = g_inet_socket_address_get_port (a);
      if (self->tls || self->config->allow_plain_http ||
          g_inet_address_get_is_loopback (g_inet_socket_address_get_address (a)))
        g_ptr_array_add (out, g_object_ref (a));
      else
        g_message ("not listening on %s: no tls-certificate, and plain HTTP is served on"
                   " loopback only unless allow-plain-http = true", shown);
    }
  if (out->len == 0)
    {
      g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);

      g_ptr_array_add (out, g_inet_socket_address_new (lo, first_port));
    }
  return out;
}

gboolean
lt_hub_server_start (LtHubServer *self, GError **error)
{
  g_autoptr(GPtrArray) addresses = addresses_to_bind (self);
  g_autoptr(GString) where = g_string_new (NULL);
  GSList *uris;

  for (guint i = 0; i < addresses->len; i++)
    {
      GSocketAddress *a = g_ptr_array_index (addresses, i);
      g_autoptr(GError) local = NULL;

      if (!soup_server_listen (self->soup, a, self->tls ? SOUP_SERVER_LISTEN_HTTPS : 0, &local))
        {
          g_autofree char *shown = address_to_string (G_INET_SOCKET_ADDRESS (a));

          g_set_error (error, LT_HUB_SERVER_ERROR, LT_HUB_SERVER_ERROR_LISTEN,
                       _("无法在 %s 上监听：%s"), shown, local->message);
          return FALSE;
        }
    }
  uris = soup_server_get_uris (self->soup);
  for (GSList *l = uris; l != NULL; l = l->next)
    {
      g_autofree char *text = g_uri_to_string (l->data);

      g_string_append_printf (where, "%s%s", where->len ? " " : "", text);
    }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  if (self->tls)
    g_message ("listening on %s (TLS, certificate %s)", where->str, self->config->tls_certificate);
  else if (lt_hub_config_loopback_only (self->config) || !self->config->allow_plain_http)
    g_message ("listening on %s (plain HTTP, loopback only: no tls-certificate)", where->str);
  else
    g_message ("listening on %s (plain HTTP, INSECURE: allow-plain-http = true; tokens and"
               " residents' words cross the network unencrypted)", where->str);
  return TRUE;
}

gboolean
lt_hub_server_reload (LtHubServer *self, GError **error)
{
  g_autoptr(LtHubConfig) config = lt_hub_config_new (lt_store_get_config (self->store), error);
  g_autoptr(GTlsCertificate) cert = NULL;

  if (config == NULL || !load_certificate (config, &cert, error))
    return FALSE;
  if (self->tls && cert == NULL)
    {
      g_set_error (error, LT_HUB_SERVER_ERROR, LT_HUB_SERVER_ERROR_TLS,
                   _("新配置去掉了 tls-certificate；不用 TLS 需要重新启动服务。"));
      return FALSE;
    }
  if (cert != NULL && self->tls)
    soup_server_set_tls_certificate (self->soup, cert);
  /* Addresses are bound once; a changed listen waits for a restart. */
  g_ptr_array_unref (config->listen);
  config->listen = g_ptr_array_ref (self->config->listen);
  lt_hub_throttle_set_limit (self->throttle, config->bad_token_limit);
  lt_hub_config_free (self->config);
  self->config = g_steal_pointer (&config);
  return TRUE;
}

static gboolean
grace_over_cb (gpointer user_data)
{
  LtHubServer *self = user_data;

  self->grace_source = 0;
  g_message ("%u request%s still in flight after the grace period: closing anyway",
             self->in_flight, self->in_flight == 1 ? "" : "s");
  self->in_flight = 0;
  maybe_stopped (self);
  return G_SOURCE_REMOVE;
}

void
lt_hub_server_stop (LtHubServer *self, guint grace_seconds, GCallback done, gpointer user_data)
{
  if (self->stopping)
    return;
  self->stopping = TRUE;
  self->stopped = done;
  self->stopped_data = user_data;
  g_message ("stopping: %u request%s in flight", self->in_flight,
             self->in_flight == 1 ? "" : "s");
  self->grace_source = g_timeout_add_seconds (grace_seconds, grace_over_cb, self);
  maybe_stopped (self);
}

SoupServer *
lt_hub_server_get_soup (LtHubServer *self)
{
  return self->soup;
}

LtStore *
lt_hub_server_get_store (LtHubServer *self)
{
  return self->store;
}

LtHubCommitter *
lt_hub_server_get_committer (LtHubServer *self)
{
  return self->committer;
}

LtHubThrottle *
lt_hub_server_get_throttle (LtHubServer *self)
{
  return self->throttle;
}

const LtHubConfig *
lt_hub_server_get_config (LtHubServer *self)
{
  return self->config;
}

LtOpen311 *
lt_hub_server_get_open311 (LtHubServer *self)
{
  return self->open311;
}

gboolean
lt_hub_server_is_stopping (LtHubServer *self)
{
  return self->stopping;
}

GSList *
lt_hub_server_get_uris (LtHubServer *self)
{
  return soup_server_get_uris (self->soup);
}
