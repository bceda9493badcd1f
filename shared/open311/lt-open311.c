/* lt-open311.c — routing, keys, discovery and services.
 *
 * A request is answered in four steps, each of which may end it: the path
 * names a resource and a format (else 404), the method fits the resource
 * (else 400), the api_key is a live open311 device's where one is needed
 * (else 403, before anything is looked up, so a refusal never tells
 * whether a ticket exists), and the arguments are well formed (else 400).
 * Only then is the store asked. */

#define G_LOG_DOMAIN "lt-open311"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "lt-open311-date.h"
#include "lt-open311-form.h"
#include "lt-open311-private.h"
#include "lt-phone.h"
#include "lt-time.h"

G_DEFINE_FINAL_TYPE (LtOpen311, lt_open311, G_TYPE_OBJECT)
G_DEFINE_QUARK (lt-open311-error-quark, lt_open311_error)

#define SPECIFICATION "http://wiki.open311.org/GeoReport_v2"
#define API_KEY_MAX   256

typedef enum {
  ROUTE_DISCOVERY,
  ROUTE_SERVICES,
  ROUTE_SERVICE,
  ROUTE_REQUESTS,
  ROUTE_REQUEST,
  ROUTE_UPDATES,
} Route;

static void
lt_open311_finalize (GObject *object)
{
  LtOpen311 *self = LT_OPEN311 (object);

  g_clear_object (&self->store);
  g_free (self->jurisdiction_id);
  G_OBJECT_CLASS (lt_open311_parent_class)->finalize (object);
}

static void
lt_open311_class_init (LtOpen311Class *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lt_open311_finalize;
}

static void
lt_open311_init (LtOpen311 *self)
{
}

LtOpen311 *
lt_open311_new (LtStore *store, const char *jurisdiction_id)
{
  LtOpen311 *self;

  g_return_val_if_fail (LT_IS_STORE (store), NULL);
  self = g_object_new (LT_TYPE_OPEN311, NULL);
  self->store = g_object_ref (store);
  self->jurisdiction_id = g_strdup (jurisdiction_id);
  return self;
}

/* Shared helpers */

const char *
lt_open311_param (GHashTable *params, const char *name)
{
  const char *value = params ? g_hash_table_lookup (params, name) : NULL;

  return value && *value ? value : NULL;
}

gboolean
lt_open311_window (GHashTable *params, gint64 now, gint64 *from, gint64 *to, GError **error)
{
  const char *start = lt_open311_param (params, "start_date");
  const char *end = lt_open311_param (params, "end_date");
  gint64 s = 0, e = 0;

  if ((start && !lt_open311_date_parse ("start_date", start, &s, error)) ||
      (end && !lt_open311_date_parse ("end_date", end, &e, error)))
    return FALSE;
  if (start && end && e < s)
    {
      g_set_error_literal (error, LT_OPEN311_ERROR, LT_OPEN311_ERROR_BAD_REQUEST,
                           _("end_date 早于 start_date，请检查时间范围。"));
      return FALSE;
    }
  if (start && end && e - s > LT_OPEN311_SPAN)
    {
      g_set_error (error, LT_OPEN311_ERROR, LT_OPEN311_ERROR_BAD_REQUEST,
                   _("一次查询的时间范围不能超过 %d 天。"), LT_OPEN311_SPAN_DAYS);
      return FALSE;
    }
  if (!start && !end)
    e = now, s = now - LT_OPEN311_SPAN;
  else if (!end)
    e = s + LT_OPEN311_SPAN;
  else if (!start)
    s = e - LT_OPEN311_SPAN;
  *from = s;
  *to = e + 1;   /* end_date is inclusive */
  return TRUE;
}

char *
lt_open311_redact (const char *text, const char *phone)
{
  char mobile[LT_PHONE_LEN + 1];
  g_autoptr(GString) out = NULL;

  if (text == NULL)
    return NULL;
  out = g_string_new (text);
  /* A short "phone" (an extension, a typo) would mask ordinary digits. */
  if (phone != NULL && strlen (phone) >= 7)
    g_string_replace (out, phone, "***", 0);
  if (phone != NULL && lt_phone_normalize (phone, mobile))
    g_string_replace (out, mobile, "***", 0);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

void
lt_open311_store_error (GError **error, GError *store_error)
{
  int code = g_error_matches (store_error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND)
             ? LT_OPEN311_ERROR_NOT_FOUND : LT_OPEN311_ERROR_BAD_REQUEST;

  /* The specification answers every failure that is not a missing
   * resource or key with 400, including a store that is busy. */
  g_set_error_literal (error, LT_OPEN311_ERROR, code, store_error->message);
}

/* Discovery and services: public, from the configuration. */

static char *
changeset (LtConfig *config)
{
  const char *path = lt_config_get_path (config);
  GStatBuf st;

  /* The catalogue changes only with the configuration file. */
  if (path != NULL && g_stat (path, &st) == 0)
    return lt_time_iso8601 (st.st_mtime);
  return lt_time_iso8601 (0);
}

static JsonNode *
discovery (LtOpen311 *self)
{
  LtConfig *config = lt_store_get_config (self->store);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *changed = changeset (config);
  g_autofree char *url = lt_config_get_string (config, "hub", "open311-url",
                                               "https://127.0.0.1:8443/open311/v2");
  g_autofree char *contact = lt_config_get_string (config, "hub", "open311-contact",
                                                   lt_config_get_site_name (config));
  g_autofree char *key_service = lt_config_get_string (config, "hub", "open311-key-service",
      _("请向本站管理员申请 open311 设备令牌（laiting device add 名称 --role open311）。"));

  json_builder_begin_object (b);
  lt_open311_add_string (b, "changeset", changed);
  lt_open311_add_string (b, "contact", contact);
  lt_open311_add_string (b, "key_service", key_service);
  json_builder_set_member_name (b, "endpoints");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  lt_open311_add_string (b, "specification", SPECIFICATION);
  lt_open311_add_string (b, "url", url);
  lt_open311_add_string (b, "changeset", changed);
  lt_open311_add_string (b, "type", "production");
  json_builder_set_member_name (b, "formats");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, "text/xml");
  json_builder_add_string_value (b, "application/json");
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static char *
service_description (const LtCategory *c)
{
  g_autofree char *problems = g_strjoinv (_("、"), c->problems);
  g_autofree char *due = g_strdup_printf (_("承诺 %u 天内办结。"), c->due_days);

  if (*problems == '\0')
    return g_steal_pointer (&due);
  return g_strdup_printf (_("%s等。%s"), problems, due);
}

static void
add_service (JsonBuilder *b, LtConfig *config, const LtCategory *c)
{
  g_autofree char *group_name = g_strconcat ("category:", c->code, NULL);
  g_autofree char *group = lt_config_get_string (config, group_name, "group", c->name);
  g_autofree char *description = service_description (c);
  g_autofree char *keywords = g_strjoinv (",", c->problems);

  json_builder_begin_object (b);
  lt_open311_add_string (b, "service_code", c->code);
  lt_open311_add_string (b, "service_name", c->name);
  lt_open311_add_string (b, "description", description);
  json_builder_set_member_name (b, "metadata");
  json_builder_add_boolean_value (b, FALSE);
  lt_open311_add_string (b, "type", "realtime");
  lt_open311_add_string (b, "keywords", keywords);
  lt_open311_add_string (b, "group", group);
  json_builder_end_object (b);
}

static JsonNode *
services (LtOpen311 *self)
{
  LtConfig *config = lt_store_get_config (self->store);
  GPtrArray *categories = lt_config_get_categories (config);
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  for (guint i = 0; i < categories->len; i++)
    add_service (b, config, g_ptr_array_index (categories, i));
  json_builder_end_array (b);
  return json_builder_get_root (b);
}

/* No service has extra fields (metadata is false), so a definition lists
 * no attributes; it exists for clients that ask anyway. */
static JsonNode *
service_definition (LtOpen311 *self, const char *code, GError **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  if (lt_config_find_category (lt_store_get_config (self->store), code) == NULL)
    {
      g_set_error (error, LT_OPEN311_ERROR, LT_OPEN311_ERROR_NOT_FOUND,
                   _("没有 service_code 为“%s”的服务。"), code);
      return NULL;
    }
  json_builder_begin_object (b);
  lt_open311_add_string (b, "service_code", code);
  json_builder_set_member_name (b, "attributes");
  json_builder_begin_array (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* Routing */

static gboolean
not_found (GError **error)
{
  g_set_error_literal (error, LT_OPEN311_ERROR, LT_OPEN311_ERROR_NOT_FOUND,
                       _("没有这个 Open311 资源，请检查网址，并以 .json 或 .xml 结尾。"));
  return FALSE;
}

/* Splits "/v2/requests/123.json" into route, argument ("123") and format. */
static gboolean
route (const char *path, Route *out, char **arg, LtOpen311Format *format, GError **error)
{
  g_autofree char *resource = NULL;
  g_auto(GStrv) parts = NULL;
  const char *dot, *slash;
  guint n;

  *format = LT_OPEN311_XML;
  if (path == NULL || strlen (path) > 512 || !g_utf8_validate (path, -1, NULL))
    return not_found (error);
  slash = strrchr (path, '/');
  dot = strrchr (path, '.');
  if (slash == NULL || dot == NULL || dot < slash)
    return not_found (error);
  if (g_str_equal (dot, ".json"))
    *format = LT_OPEN311_JSON;
  else if (!g_str_equal (dot, ".xml"))
    return not_found (error);

  resource = g_strndup (path, dot - path);
  parts = g_strsplit (resource, "/", -1);
  n = g_strv_length (parts);
  if (n == 2 && g_str_equal (parts[0], "") && g_str_equal (parts[1], "discovery"))
    return *out = ROUTE_DISCOVERY, TRUE;
  if (n < 3 || !g_str_equal (parts[0], "") || !g_str_equal (parts[1], "v2") || n > 4 ||
      (n == 4 && *parts[3] == '\0'))
    return not_found (error);
  if (g_str_equal (parts[2], "services"))
    *out = n == 3 ? ROUTE_SERVICES : ROUTE_SERVICE;
  else if (g_str_equal (parts[2], "requests"))
    *out = n == 3 ? ROUTE_REQUESTS : ROUTE_REQUEST;
  else if (g_str_equal (parts[2], "servicerequestupdates") && n == 3)
    *out = ROUTE_UPDATES;
  else
    return not_found (error);
  if (n == 4)
    *arg = g_strdup (parts[3]);
  return TRUE;
}

static gboolean
method_allowed (Route r, const char *method, GError **error)
{
  gboolean post_too = r == ROUTE_REQUESTS || r == ROUTE_UPDATES;

  if (g_strcmp0 (method, "GET") == 0 || (post_too && g_strcmp0 (method, "POST") == 0))
    return TRUE;
  g_set_error (error, LT_OPEN311_ERROR, LT_OPEN311_ERROR_BAD_REQUEST,
               post_too ? _("这个资源只接受 GET 或 POST 请求。")
                        : _("这个资源只接受 GET 请求。"));
  return FALSE;
}

static gboolean
needs_key (Route r)
{
  return r != ROUTE_DISCOVERY && r != ROUTE_SERVICES && r != ROUTE_SERVICE;
}

static gboolean
is_form (const char *content_type)
{
  g_autofree char *lower = NULL;
  const char *semicolon;

  if (content_type == NULL)
    return TRUE;
  semicolon = strchr (content_type, ';');
  lower = g_ascii_strdown (content_type, semicolon ? semicolon - content_type : -1);
  g_strstrip (lower);
  return g_str_equal (lower, "application/x-www-form-urlencoded");
}

/* The body's fields, or NULL with @error; an empty body is an empty form. */
static GHashTable *
parse_body (const char *content_type, GBytes *body, GError **error)
{
  gsize len = 0;
  const char *data = body ? g_bytes_get_data (body, &len) : NULL;

  if (len > 0 && !is_form (content_type))
    {
      g_set_error_literal (error, LT_OPEN311_ERROR, LT_OPEN311_ERROR_BAD_REQUEST,
                           _("请求内容应为 application/x-www-form-urlencoded 表单。"));
      return NULL;
    }
  return lt_open311_form_parse (data, len, error);
}

/* The api_key the caller sent, if it could be one at all: from the body
 * (even one that is refused for other reasons), else from the query. */
static char *
find_key (GBytes *body, GHashTable *query)
{
  gsize len = 0;
  const char *data = body ? g_bytes_get_data (body, &len) : NULL;
  char *key = lt_open311_form_lookup (data, len, "api_key");

  if (key == NULL || *key == '\0')
    {
      g_free (key);
      key = g_strdup (lt_open311_param (query, "api_key"));
    }
  if (key == NULL || strlen (key) > API_KEY_MAX || !g_utf8_validate (key, -1, NULL))
    g_clear_pointer (&key, g_free);
  return key;
}

/* Query and form fields together; the same name with two values is refused. */
static GHashTable *
merge (GHashTable *query, GHashTable *form, GError **error)
{
  g_autoptr(GHashTable) all = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTable *sources[] = { query, form };

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      GHashTableIter iter;
      gpointer k, v;

      if (sources[i] == NULL)
        continue;
      g_hash_table_iter_init (&iter, sources[i]);
      while (g_hash_table_iter_next (&iter, &k, &v))
        {
          const char *before = g_hash_table_lookup (all, k);

          if (before != NULL && g_strcmp0 (before, v) != 0)
            {
              g_set_error (error, LT_OPEN311_ERROR, LT_OPEN311_ERROR_BAD_REQUEST,
                           _("参数“%s”在网址和表单中的取值不同。"), (const char *) k);
              return NULL;
            }
          g_hash_table_insert (all, g_strdup (k), g_strdup (v ? v : ""));
        }
    }
  return g_steal_pointer (&all);
}

static gboolean
check_jurisdiction (LtOpen311 *self, GHashTable *params, GError **error)
{
  const char *given = lt_open311_param (params, "jurisdiction_id");

  if (self->jurisdiction_id == NULL || given == NULL || g_str_equal (given, self->jurisdiction_id))
    return TRUE;
  g_set_error (error, LT_OPEN311_ERROR, LT_OPEN311_ERROR_NOT_FOUND,
               _("没有 jurisdiction_id 为“%s”的辖区。"), given);
  return FALSE;
}

static const char *
root_of (Route r)
{
  switch (r)
    {
    case ROUTE_DISCOVERY: return "discovery";
    case ROUTE_SERVICES:  return "services";
    case ROUTE_SERVICE:   return "service_definition";
    case ROUTE_UPDATES:   return "service_request_updates";
    default:              return "service_requests";
    }
}

static JsonNode *
dispatch (LtOpen311 *self, Route r, const char *arg, const char *method,
          GHashTable *params, GError **error)
{
  gboolean post = g_str_equal (method, "POST");

  switch (r)
    {
    case ROUTE_DISCOVERY: return discovery (self);
    case ROUTE_SERVICES:  return services (self);
    case ROUTE_SERVICE:   return service_definition (self, arg, error);
    case ROUTE_REQUEST:   return lt_open311_request_get (self, arg, params, error);
    case ROUTE_REQUESTS:
      return post ? lt_open311_requests_post (self, params, error)
                  : lt_open311_requests_get (self, params, error);
    case ROUTE_UPDATES:
      return post ? lt_open311_updates_post (self, params, error)
                  : lt_open311_updates_get (self, params, error);
    default:
      g_assert_not_reached ();
    }
}

static JsonNode *
answer (LtOpen311 *self, Route r, const char *arg, const char *method, GHashTable *query,
        const char *content_type, GBytes *body, LtOpen311KeyCheck check,
        gpointer check_data, GError **error)
{
  g_autoptr(GError) query_error = NULL;
  g_autoptr(GError) form_error = NULL;
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(GHashTable) params = NULL;
  gboolean query_ok = lt_open311_form_check (query, &query_error);

  if (g_str_equal (method, "POST"))
    form = parse_body (content_type, body, &form_error);
  if (needs_key (r))
    {
      g_autofree char *key = find_key (g_str_equal (method, "POST") ? body : NULL, query);

      if (key == NULL || check == NULL || !check (key, check_data))
        {
          g_set_error_literal (error, LT_OPEN311_ERROR, LT_OPEN311_ERROR_FORBIDDEN,
                               key == NULL ? _("缺少 api_key：这个资源需要 open311 设备的令牌。")
                                           : _("api_key 无效或已被吊销。"));
          return NULL;
        }
    }
  if (!query_ok)
    return g_propagate_error (error, g_steal_pointer (&query_error)), NULL;
  if (form_error != NULL)
    return g_propagate_error (error, g_steal_pointer (&form_error)), NULL;
  params = merge (query, form, error);
  if (params == NULL || !check_jurisdiction (self, params, error))
    return NULL;
  return dispatch (self, r, arg, method, params, error);
}

LtOpen311Response *
lt_open311_handle (LtOpen311 *self, const char *method, const char *path, GHashTable *query,
                   const char *content_type, GBytes *body, LtOpen311KeyCheck check,
                   gpointer check_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *arg = NULL;
  g_autoptr(LtConfig) config = NULL;
  LtOpen311Format format = LT_OPEN311_XML;
  JsonNode *value = NULL;
  Route r = ROUTE_DISCOVERY;

  g_return_val_if_fail (LT_IS_OPEN311 (self), NULL);

  /* The hub may swap the configuration (SIGHUP) while this runs in a worker
   * thread: the one in use now stays alive until the answer is written. */
  config = g_object_ref (lt_store_get_config (self->store));

  if (route (path, &r, &arg, &format, &error) && method_allowed (r, method, &error))
    value = answer (self, r, arg, method, query, content_type, body, check, check_data, &error);
  if (value == NULL)
    {
      g_assert (error != NULL);
      g_debug ("%s %s: %d %s", method, path, error->code, error->message);
      return lt_open311_output_error (format, (guint) error->code, error->message);
    }
  return lt_open311_output (format, 200, root_of (r), value);
}
