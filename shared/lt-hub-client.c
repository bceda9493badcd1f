/* lt-hub-client.c — the client side of laiting-hub (see lt-hub-client.h).
 *
 * One SoupSession per client keeps its connection alive between calls.
 * Trust comes from the configuration only: a CA file, or a pin (the
 * SHA-256 of the hub's certificate), in which case the session has no CA
 * database at all and every certificate must match the pin. The token
 * goes in the Authorization header and nowhere else: never in a log line
 * or an error message. */

#define G_LOG_DOMAIN "lt-hub-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "lt-hub-client.h"
#include "lt-json.h"
#include "lt-time.h"

G_DEFINE_QUARK (lt-hub-client-error-quark, lt_hub_client_error)

struct _LtHubClient {
  GObject      parent_instance;
  SoupSession *session;
  char        *url;         /* without a trailing slash */
  char        *auth;        /* "Bearer TOKEN" */
  char        *pin;         /* lowercase hex SHA-256, or NULL */
  GMutex       lock;        /* guards last_reached */
  gint64       last_reached;
};

G_DEFINE_FINAL_TYPE (LtHubClient, lt_hub_client, G_TYPE_OBJECT)

static void
lt_hub_client_finalize (GObject *object)
{
  LtHubClient *self = LT_HUB_CLIENT (object);

  g_clear_object (&self->session);
  g_free (self->url);
  if (self->auth != NULL)
    memset (self->auth, 0, strlen (self->auth));
  g_free (self->auth);
  g_free (self->pin);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (lt_hub_client_parent_class)->finalize (object);
}

static void
lt_hub_client_class_init (LtHubClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lt_hub_client_finalize;
}

static void
lt_hub_client_init (LtHubClient *self)
{
  g_mutex_init (&self->lock);
}

gboolean
lt_hub_client_configured (LtConfig *config)
{
  g_autofree char *url = lt_config_get_string (config, "hub", "url", NULL);

  return url != NULL && *url != '\0';
}

static gboolean
config_error (GError **error, const char *message)
{
  g_set_error_literal (error, LT_HUB_CLIENT_ERROR, LT_HUB_CLIENT_ERROR_CONFIG, message);
  return FALSE;
}

/* "AB:CD:…" or "abcd…" → 64 lowercase hex digits, or NULL. */
static char *
normalise_pin (const char *text)
{
  GString *hex = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    if (g_ascii_isxdigit (*p))
      g_string_append_c (hex, g_ascii_tolower (*p));
    else if (*p != ':' && !g_ascii_isspace (*p))
      return g_string_free (hex, TRUE), NULL;
  if (hex->len != 64)
    return g_string_free (hex, TRUE), NULL;
  return g_string_free (hex, FALSE);
}

LtHubClient *
lt_hub_client_new (LtConfig *config, GError **error)
{
  g_autoptr(LtHubClient) self = g_object_new (LT_TYPE_HUB_CLIENT, NULL);
  g_autofree char *url = lt_config_get_string (config, "hub", "url", NULL);
  g_autofree char *token = lt_config_get_string (config, "hub", "token", NULL);
  g_autofree char *ca_file = lt_config_get_string (config, "hub", "ca-file", NULL);
  g_autofree char *pin = lt_config_get_string (config, "hub", "pin", NULL);
  gint64 timeout = lt_config_get_int (config, "hub", "timeout", 10, 1);
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GTlsDatabase) database = NULL;

  if (url == NULL || *url == '\0')
    return config_error (error, _("配置里没有 [hub] url。")), NULL;
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 &&
                      g_strcmp0 (g_uri_get_scheme (uri), "http") != 0))
    return config_error (error, _("[hub] url 应是中心的网址，例如 https://hub.example:8443。")), NULL;
  if (token == NULL || *token == '\0')
    return config_error (error, _("配置了 [hub] url，但没有 [hub] token（本设备的令牌）。")), NULL;
  if (g_str_equal (g_uri_get_scheme (uri), "https") && ca_file == NULL && pin == NULL)
    return config_error (error, _("连接中心要用 [hub] ca-file（证书文件）或 [hub] pin（证书指纹）确认中心的身份。")), NULL;
  if (pin != NULL && (self->pin = normalise_pin (pin)) == NULL)
    return config_error (error, _("[hub] pin 应为中心证书的 SHA-256 指纹（64 位十六进制）。")), NULL;
  if (ca_file != NULL && self->pin == NULL)
    {
      g_autoptr(GError) local = NULL;

      database = g_tls_file_database_new (ca_file, &local);
      if (database == NULL)
        {
          g_set_error (error, LT_HUB_CLIENT_ERROR, LT_HUB_CLIENT_ERROR_CONFIG,
                       _("读不了 [hub] ca-file %s：%s"), ca_file, local->message);
          return NULL;
        }
    }

  self->url = g_strdup (url);
  while (g_str_has_suffix (self->url, "/"))
    self->url[strlen (self->url) - 1] = '\0';
  self->auth = g_strdup_printf ("Bearer %s", g_strstrip (token));
  /* With a pin, no CA is trusted: every certificate comes to
   * accept-certificate, which takes only the pinned one. */
  self->session = g_object_new (SOUP_TYPE_SESSION,
                                "timeout", (guint) timeout,
                                "idle-timeout", 60,
                                "max-conns-per-host", 8,
                                "user-agent", "laiting/" PACKAGE_VERSION,
                                "tls-database", database,
                                NULL);
  return g_steal_pointer (&self);
}

const char *
lt_hub_client_get_url (LtHubClient *self)
{
  return self->url;
}

gint64
lt_hub_client_last_reached (LtHubClient *self)
{
  gint64 t;

  g_mutex_lock (&self->lock);
  t = self->last_reached;
  g_mutex_unlock (&self->lock);
  return t;
}

static gboolean
accept_certificate_cb (SoupMessage *msg, GTlsCertificate *cert, GTlsCertificateFlags errors,
                       gpointer data)
{
  LtHubClient *self = data;
  g_autoptr(GByteArray) der = NULL;
  g_autofree char *digest = NULL;

  if (self->pin == NULL)
    return FALSE;
  g_object_get (cert, "certificate", &der, NULL);
  if (der == NULL)
    return FALSE;
  digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
  if (g_str_equal (digest, self->pin))
    return TRUE;
  g_message ("the hub at %s showed a certificate that does not match [hub] pin", self->url);
  return FALSE;
}

/* Hub error codes back to the errors the store would have set. */
static void
set_answer_error (GError **error, guint status, JsonNode *answer)
{
  static const struct { const char *code; GQuark (*domain) (void); int value; } map[] = {
    { "not-found",      lt_store_error_quark,  LT_STORE_ERROR_NOT_FOUND },
    { "invalid-value",  lt_store_error_quark,  LT_STORE_ERROR_INVALID },
    { "invalid-receipt", lt_store_error_quark, LT_STORE_ERROR_INVALID },
    { "conflict",       lt_store_error_quark,  LT_STORE_ERROR_CONFLICT },
    { "lease-lost",     lt_store_error_quark,  LT_STORE_ERROR_LEASE_LOST },
    { "busy",           lt_store_error_quark,  LT_STORE_ERROR_BUSY },
    { "disk-full",      lt_store_error_quark,  LT_STORE_ERROR_FULL },
    { "origin-exhausted", lt_store_error_quark, LT_STORE_ERROR_EXHAUSTED },
    { "illegal-change", lt_ticket_error_quark, LT_TICKET_ERROR_ILLEGAL },
  };
  JsonObject *root = answer && JSON_NODE_HOLDS_OBJECT (answer) ? json_node_get_object (answer) : NULL;
  JsonObject *e = root && json_object_has_member (root, "error")
                  ? json_object_get_object_member (root, "error") : NULL;
  const char *code = e ? json_object_get_string_member_with_default (e, "code", "") : "";
  const char *message = e ? json_object_get_string_member_with_default (e, "message", NULL) : NULL;
  g_autofree char *fallback = g_strdup_printf (_("中心答复了 HTTP %u。"), status);

  if (message == NULL)
    message = fallback;
  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    {
      g_set_error_literal (error, LT_HUB_CLIENT_ERROR, LT_HUB_CLIENT_ERROR_REFUSED, message);
      return;
    }
  if (status == SOUP_STATUS_SERVICE_UNAVAILABLE && g_strcmp0 (code, "busy") != 0)
    {
      g_set_error_literal (error, LT_HUB_CLIENT_ERROR, LT_HUB_CLIENT_ERROR_UNREACHABLE, message);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (code, map[i].code))
      {
        g_set_error_literal (error, map[i].domain (), map[i].value, message);
        return;
      }
  g_set_error_literal (error, LT_HUB_CLIENT_ERROR, LT_HUB_CLIENT_ERROR_FAILED, message);
}

/* One request. Returns the answer's body (JSON parsed into *@json when
 * asked) for a 2xx, else NULL with @error. */
static GBytes *
request (LtHubClient *self, const char *method, const char *path, const char *body_type,
         GBytes *body, guint *status_out, SoupMessageHeaders **headers_out, GError **error)
{
  g_autofree char *url = g_strconcat (self->url, "/api/v1", path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local = NULL;
  guint status;

  if (msg == NULL)
    {
      g_set_error (error, LT_HUB_CLIENT_ERROR, LT_HUB_CLIENT_ERROR_CONFIG,
                   _("[hub] url 不是有效的网址。"));
      return NULL;
    }
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", self->auth);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  /* libsoup sends a POST on a fresh connection (a new TLS handshake each
   * time) unless it may be repeated. A submit carries its receipt and a
   * forwarded SMS its dedupe key, so the hub takes a repeat as the same
   * request: they may reuse the kept-alive connection. */
  if (g_str_equal (method, "POST") &&
      (g_str_equal (path, "/tickets") || g_str_equal (path, "/sms/inbound")))
    soup_message_add_flags (msg, SOUP_MESSAGE_IDEMPOTENT);
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), self);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, body_type, body);
  bytes = soup_session_send_and_read (self->session, msg, NULL, &local);
  if (bytes == NULL)
    {
      g_set_error (error, LT_HUB_CLIENT_ERROR, LT_HUB_CLIENT_ERROR_UNREACHABLE,
                   _("连不上中心 %s：%s"), self->url, local->message);
      return NULL;
    }
  g_mutex_lock (&self->lock);
  self->last_reached = lt_store_now ();
  g_mutex_unlock (&self->lock);
  status = soup_message_get_status (msg);
  if (status_out)
    *status_out = status;
  if (status < 200 || status >= 300)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize len;
      const char *data = g_bytes_get_data (bytes, &len);
      JsonNode *root = json_parser_load_from_data (parser, data, len, NULL)
                       ? json_parser_get_root (parser) : NULL;

      set_answer_error (error, status, root);
      return NULL;
    }
  if (headers_out)
    *headers_out = soup_message_headers_ref (soup_message_get_response_headers (msg));
  return g_steal_pointer (&bytes);
}

/* A 2xx answer's JSON, or NULL with @error. */
static JsonNode *
call (LtHubClient *self, const char *method, const char *path, JsonNode *body,
      guint *status, GError **error)
{
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = NULL;
  gsize len;
  const char *data;

  if (body != NULL)
    {
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      char *text;

      json_generator_set_root (gen, body);
      text = json_generator_to_data (gen, &len);
      json = g_bytes_new_take (text, len);
    }
  bytes = request (self, method, path, "application/json", json, status, NULL, error);
  if (bytes == NULL)
    return NULL;
  parser = json_parser_new ();
  data = g_bytes_get_data (bytes, &len);
  if (!json_parser_load_from_data (parser, data, len, error))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

gboolean
lt_hub_client_health (LtHubClient *self, GError **error)
{
  g_autoptr(JsonNode) answer = call (self, "GET", "/health", NULL, NULL, error);

  return answer != NULL;
}

static void
add_string (JsonBuilder *b, const char *name, const char *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

static void
add_time (JsonBuilder *b, const char *name, gint64 t)
{
  g_autofree char *iso = t ? lt_time_iso8601 (t) : NULL;

  add_string (b, name, iso);
}

LtTicket *
lt_hub_client_submit (LtHubClient *self, const LtSubmission *s, gboolean *existed, GError **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  guint status = 0;

  json_builder_begin_object (b);
  add_string (b, "receipt", s->receipt);
  add_string (b, "channel", lt_channel_to_string (s->channel));
  add_string (b, "category", s->category);
  add_string (b, "text", s->text);
  add_string (b, "location", s->location);
  add_string (b, "phone", s->phone);
  add_time (b, "created_at", s->created_at);
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  answer = call (self, "POST", "/tickets", body, &status, error);
  if (answer == NULL)
    return NULL;
  if (existed)
    *existed = status == SOUP_STATUS_OK;
  return lt_json_to_ticket (answer, error);
}

LtTicket *
lt_hub_client_get (LtHubClient *self, const char *receipt, GError **error)
{
  g_autofree char *path = g_strdup_printf ("/tickets/%s", receipt);
  g_autoptr(JsonNode) answer = call (self, "GET", path, NULL, NULL, error);

  return answer ? lt_json_to_ticket (answer, error) : NULL;
}

GPtrArray *
lt_hub_client_attachments (LtHubClient *self, const char *receipt, GError **error)
{
  g_autofree char *path = g_strdup_printf ("/tickets/%s", receipt);
  g_autoptr(JsonNode) answer = call (self, "GET", path, NULL, NULL, error);
  g_autoptr(GPtrArray) out = NULL;
  JsonArray *a = NULL;

  if (answer == NULL)
    return NULL;
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) lt_attachment_free);
  if (JSON_NODE_HOLDS_OBJECT (answer) &&
      json_object_has_member (json_node_get_object (answer), "attachments"))
    a = json_object_get_array_member (json_node_get_object (answer), "attachments");
  for (guint i = 0; a != NULL && i < json_array_get_length (a); i++)
    {
      JsonObject *o = json_array_get_object_element (a, i);

      if (o == NULL)
        continue;
      g_ptr_array_add (out, lt_attachment_new (json_object_get_string_member_with_default (o, "kind", "voice"),
                                               (guint) json_object_get_int_member_with_default (o, "seconds", 0),
                                               json_object_get_string_member_with_default (o, "path", "")));
    }
  return g_steal_pointer (&out);
}

static GPtrArray *
parse_array (JsonNode *answer, gboolean tickets, GError **error)
{
  g_autoptr(GPtrArray) out = NULL;
  JsonArray *a;

  if (!JSON_NODE_HOLDS_ARRAY (answer))
    {
      g_set_error (error, LT_HUB_CLIENT_ERROR, LT_HUB_CLIENT_ERROR_FAILED,
                   _("中心的答复不是列表。"));
      return NULL;
    }
  a = json_node_get_array (answer);
  out = g_ptr_array_new_with_free_func (tickets ? (GDestroyNotify) lt_ticket_free
                                                : (GDestroyNotify) lt_outbox_message_free);
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonNode *n = json_array_get_element (a, i);
      gpointer item = tickets ? (gpointer) lt_json_to_ticket (n, error)
                              : (gpointer) lt_json_to_outbox (n, error);

      if (item == NULL)
        return NULL;
      g_ptr_array_add (out, item);
    }
  return g_steal_pointer (&out);
}

GPtrArray *
lt_hub_client_list (LtHubClient *self, const LtListQuery *q, GError **error)
{
  static const char *filters[] = { "all", "open", "closed", "overdue" };
  g_autoptr(GString) path = g_string_new ("/tickets?status=");
  g_autoptr(JsonNode) answer = NULL;

  g_string_append (path, filters[q->filter]);
  if (q->from != 0)
    {
      g_autofree char *day = lt_time_format (q->from, "%Y-%m-%d");

      g_string_append_printf (path, "&date=%s", day);
    }
  g_string_append_printf (path, "&limit=%u", q->limit ? MIN (q->limit, 10000) : 10000);
  answer = call (self, "GET", path->str, NULL, NULL, error);
  return answer ? parse_array (answer, TRUE, error) : NULL;
}

gboolean
lt_hub_client_change (LtHubClient *self, const char *action, const char *receipt,
                      const char *to, const char *note, int rating, GError **error)
{
  g_autofree char *path = g_strdup_printf ("/tickets/%s/%s", receipt, action);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) answer = NULL;

  json_builder_begin_object (b);
  add_string (b, "to", to);
  add_string (b, "note", note);
  if (rating != 0)
    {
      json_builder_set_member_name (b, "rating");
      json_builder_add_int_value (b, rating);
    }
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  answer = call (self, "POST", path, body, NULL, error);
  return answer != NULL;
}

GPtrArray *
lt_hub_client_outbox (LtHubClient *self, int state, GError **error)
{
  g_autofree char *path = g_strdup_printf ("/outbox?state=%s",
                                           state < 0 ? "all" : lt_outbox_state_to_string (state));
  g_autoptr(JsonNode) answer = call (self, "GET", path, NULL, NULL, error);

  return answer ? parse_array (answer, FALSE, error) : NULL;
}

GPtrArray *
lt_hub_client_officers (LtHubClient *self, GError **error)
{
  g_autoptr(JsonNode) answer = call (self, "GET", "/officers", NULL, NULL, error);
  g_autoptr(GPtrArray) out = NULL;
  JsonArray *a;

  if (answer == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (answer))
    {
      g_set_error (error, LT_HUB_CLIENT_ERROR, LT_HUB_CLIENT_ERROR_FAILED,
                   _("中心的答复不是列表。"));
      return NULL;
    }
  a = json_node_get_array (answer);
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) lt_officer_free);
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      LtOfficer *officer = lt_json_to_officer (json_array_get_element (a, i), error);

      if (officer == NULL)
        return NULL;
      g_ptr_array_add (out, officer);
    }
  return g_steal_pointer (&out);
}

gboolean
lt_hub_client_forward_sms (LtHubClient *self, const LtInbound *m, gboolean *duplicate,
                           GError **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  guint status = 0;

  json_builder_begin_object (b);
  add_string (b, "dedupe_key", m->dedupe_key);
  add_string (b, "sender", m->sender);
  add_string (b, "text", m->text ? m->text : "");
  add_time (b, "sent_at", m->sent_at);
  add_time (b, "received_at", m->received_at);
  json_builder_set_member_name (b, "parts");
  json_builder_add_int_value (b, MAX (m->parts, 1));
  json_builder_set_member_name (b, "incomplete");
  json_builder_add_boolean_value (b, m->incomplete);
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  answer = call (self, "POST", "/sms/inbound", body, &status, error);
  if (answer == NULL)
    return FALSE;
  if (duplicate)
    *duplicate = status == SOUP_STATUS_OK;
  return TRUE;
}

GPtrArray *
lt_hub_client_lease (LtHubClient *self, guint max, gint64 lease_seconds, GError **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *o;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "max");
  json_builder_add_int_value (b, max);
  json_builder_set_member_name (b, "lease_seconds");
  json_builder_add_int_value (b, lease_seconds);
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  answer = call (self, "POST", "/outbox/lease", body, NULL, error);
  if (answer == NULL)
    return NULL;
  o = JSON_NODE_HOLDS_OBJECT (answer) ? json_node_get_object (answer) : NULL;
  if (o == NULL || !json_object_has_member (o, "messages"))
    {
      g_set_error (error, LT_HUB_CLIENT_ERROR, LT_HUB_CLIENT_ERROR_FAILED,
                   _("中心的答复里没有要发的短信列表。"));
      return NULL;
    }
  return parse_array (json_object_get_member (o, "messages"), FALSE, error);
}

gboolean
lt_hub_client_report (LtHubClient *self, gint64 id, gboolean sent, int modem_ref,
                      const char *reason, gint64 retry_at, GError **error)
{
  g_autofree char *path = g_strdup_printf ("/outbox/%" G_GINT64_FORMAT "/report", id);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) answer = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "sent");
  json_builder_add_boolean_value (b, sent);
  json_builder_set_member_name (b, "modem_ref");
  json_builder_add_int_value (b, modem_ref);
  add_string (b, "reason", reason);
  add_time (b, "retry_at", retry_at);
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  answer = call (self, "POST", path, body, NULL, error);
  return answer != NULL;
}

SoupMessageHeaders *
lt_hub_client_download (LtHubClient *self, const char *path_and_query, const char *output,
                        GError **error)
{
  SoupMessageHeaders *headers = NULL;
  g_autoptr(GBytes) bytes = request (self, "GET", path_and_query, NULL, NULL, NULL, &headers,
                                     error);
  gsize len;
  const char *data;

  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &len);
  if (!g_file_set_contents (output, data, len, error))
    {
      soup_message_headers_unref (headers);
      return NULL;
    }
  return headers;
}

gboolean
lt_hub_client_put_voice (LtHubClient *self, const char *receipt, const char *path,
                         guint seconds, gboolean *existed, GError **error)
{
  g_autofree char *where = g_strdup_printf ("/tickets/%s/voice?seconds=%u", receipt, seconds);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) local = NULL;
  char *data = NULL;
  gsize len = 0;
  guint status = 0;

  if (!g_file_get_contents (path, &data, &len, &local))
    {
      g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_IO, _("读不了语音留言 %s：%s"), path,
                   local->message);
      return FALSE;
    }
  body = g_bytes_new_take (data, len);
  answer = request (self, "PUT", where, "audio/ogg", body, &status, NULL, error);
  if (answer == NULL)
    return FALSE;
  if (existed)
    *existed = status == SOUP_STATUS_OK;
  return TRUE;
}

gboolean
lt_hub_client_get_voice (LtHubClient *self, const char *receipt, const char *output,
                         GError **error)
{
  g_autofree char *where = g_strdup_printf ("/tickets/%s/voice", receipt);
  SoupMessageHeaders *headers = lt_hub_client_download (self, where, output, error);

  if (headers == NULL)
    return FALSE;
  soup_message_headers_unref (headers);
  return TRUE;
}
