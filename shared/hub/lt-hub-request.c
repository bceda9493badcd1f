/* lt-hub-request.c — reading a client's JSON body and its fields.
 *
 * Everything here runs on bytes a stranger sent, so it checks before it
 * trusts: size, encoding and nesting before json-glib parses (its parser
 * recurses, and a megabyte of "[" would exhaust a thread's stack), then
 * each field's type and range. Unknown fields are ignored so that a newer
 * client still talks to an older hub. */

#define G_LOG_DOMAIN "lt-hub"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lt-hub-request.h"
#include "lt-receipt.h"

G_DEFINE_QUARK (lt-hub-request-error-quark, lt_hub_request_error)

/* A text field longer than this many characters is refused whatever the
 * store would say (the store allows 4000 for a description). */
#define TEXT_MAX    4000
#define SHORT_MAX   200

static gboolean
fail (GError **error, LtHubRequestError code, const char *format, ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (GError **error, LtHubRequestError code, const char *format, ...)
{
  va_list args;

  if (error == NULL)
    return FALSE;
  g_return_val_if_fail (*error == NULL, FALSE);
  va_start (args, format);
  *error = g_error_new_valist (LT_HUB_REQUEST_ERROR, code, format, args);
  va_end (args);
  return FALSE;
}

/* The deepest nesting of arrays and objects in @data, counting brackets
 * outside strings, and whether a string holds an escaped NUL ("\u0000"),
 * which json-glib would decode into a string cut short. Stops counting
 * once past @limit. */
static guint
scan_json (const char *data, gsize len, guint limit, gboolean *nul)
{
  guint depth = 0, deepest = 0;
  gboolean in_string = FALSE;

  *nul = FALSE;
  for (gsize i = 0; i < len && deepest <= limit; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\' && i + 1 < len)
            {
              if (data[i + 1] == 'u' && i + 5 < len && memcmp (data + i + 2, "0000", 4) == 0)
                *nul = TRUE;
              i++;
            }
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          depth++;  /* not inside MAX (), which evaluates its arguments twice */
          deepest = MAX (deepest, depth);
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return deepest;
}

JsonObject *
lt_hub_request_parse_object (const char *data, gsize len, gsize max, GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local = NULL;
  gboolean nul;
  JsonNode *root;

  if (len > max)
    return fail (error, LT_HUB_REQUEST_ERROR_TOO_LARGE,
                 _("请求内容太大了，最多 %zu 字节。"), max), NULL;
  if (data == NULL || len == 0)
    return fail (error, LT_HUB_REQUEST_ERROR_SYNTAX,
                 _("请求内容是空的，应为一个 JSON 对象。")), NULL;
  if (!g_utf8_validate_len (data, len, NULL))
    return fail (error, LT_HUB_REQUEST_ERROR_ENCODING,
                 _("请求内容不是有效的 UTF-8 文字。")), NULL;
  if (scan_json (data, len, LT_HUB_REQUEST_MAX_DEPTH, &nul) > LT_HUB_REQUEST_MAX_DEPTH)
    return fail (error, LT_HUB_REQUEST_ERROR_SYNTAX,
                 _("请求内容嵌套太深，不是本服务接受的格式。")), NULL;
  if (nul)
    return fail (error, LT_HUB_REQUEST_ERROR_ENCODING,
                 _("请求内容里有空字符（\\u0000），文字会被截断，所以不接受。")), NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, &local))
    return fail (error, LT_HUB_REQUEST_ERROR_SYNTAX,
                 _("请求内容不是有效的 JSON：%s"), local->message), NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return fail (error, LT_HUB_REQUEST_ERROR_SYNTAX,
                 _("请求内容应为一个 JSON 对象（{…}）。")), NULL;
  return json_object_ref (json_node_get_object (root));
}

/* The member @name, or NULL when it is absent or null. */
static JsonNode *
member (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node == NULL || JSON_NODE_HOLDS_NULL (node) ? NULL : node;
}

static gboolean
missing (const char *name, GError **error)
{
  return fail (error, LT_HUB_REQUEST_ERROR_MISSING, _("缺少字段“%s”。"), name);
}

gboolean
lt_hub_request_string (JsonObject *object, const char *name, gboolean required,
                       guint max_chars, char **out, GError **error)
{
  JsonNode *node = member (object, name);
  const char *value;

  *out = NULL;
  if (node == NULL)
    return required ? missing (name, error) : TRUE;
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (error, LT_HUB_REQUEST_ERROR_TYPE, _("字段“%s”应为字符串。"), name);
  value = json_node_get_string (node);
  if (g_utf8_strlen (value, -1) > max_chars)
    return fail (error, LT_HUB_REQUEST_ERROR_VALUE,
                 _("字段“%s”太长了，最多 %u 个字。"), name, max_chars);
  *out = g_strdup (value);
  return TRUE;
}

gboolean
lt_hub_request_int (JsonObject *object, const char *name, gboolean required,
                    gint64 min, gint64 max, gint64 *out, GError **error)
{
  JsonNode *node = member (object, name);
  gint64 value;

  if (node == NULL)
    return required ? missing (name, error) : TRUE;
  if (json_node_get_value_type (node) != G_TYPE_INT64)
    return fail (error, LT_HUB_REQUEST_ERROR_TYPE, _("字段“%s”应为整数。"), name);
  value = json_node_get_int (node);
  if (value < min || value > max)
    return fail (error, LT_HUB_REQUEST_ERROR_VALUE,
                 _("字段“%s”应在 %lld 到 %lld 之间。"),
                 name, (long long) min, (long long) max);
  *out = value;
  return TRUE;
}

gboolean
lt_hub_request_boolean (JsonObject *object, const char *name, gboolean required,
                        gboolean *out, GError **error)
{
  JsonNode *node = member (object, name);

  if (node == NULL)
    return required ? missing (name, error) : TRUE;
  if (json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fail (error, LT_HUB_REQUEST_ERROR_TYPE, _("字段“%s”应为 true 或 false。"), name);
  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
lt_hub_request_time (JsonObject *object, const char *name, gboolean required,
                     gint64 *out, GError **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GDateTime) time = NULL;

  if (!lt_hub_request_string (object, name, required, SHORT_MAX, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  /* No default zone: a time without an offset is ambiguous. */
  time = g_date_time_new_from_iso8601 (text, NULL);
  if (time == NULL || g_date_time_get_year (time) < 2000 || g_date_time_get_year (time) > 9999)
    return fail (error, LT_HUB_REQUEST_ERROR_VALUE,
                 _("字段“%s”应为带时区的时间，例如 2026-11-21T16:30:00+08:00。"), name);
  *out = g_date_time_to_unix (time);
  return TRUE;
}

void
lt_hub_submit_free (LtHubSubmit *self)
{
  if (self == NULL)
    return;
  g_free (self->receipt);
  g_free (self->category);
  g_free (self->text);
  g_free (self->location);
  g_free (self->phone);
  g_free (self);
}

static gboolean
read_receipt (JsonObject *object, gboolean required, char **out, GError **error)
{
  g_autofree char *typed = NULL;
  char canonical[LT_RECEIPT_LEN + 1];
  g_autoptr(GError) local = NULL;

  *out = NULL;
  if (!lt_hub_request_string (object, "receipt", required, SHORT_MAX, &typed, error))
    return FALSE;
  if (typed == NULL)
    return TRUE;
  if (!lt_receipt_parse (typed, canonical, &local))
    return fail (error, LT_HUB_REQUEST_ERROR_VALUE, "%s", local->message);
  *out = g_strdup (canonical);
  return TRUE;
}

LtHubSubmit *
lt_hub_submit_parse (JsonObject *object, GError **error)
{
  g_autoptr(LtHubSubmit) s = g_new0 (LtHubSubmit, 1);
  g_autofree char *channel = NULL;

  if (!read_receipt (object, FALSE, &s->receipt, error) ||
      !lt_hub_request_string (object, "channel", TRUE, SHORT_MAX, &channel, error) ||
      !lt_hub_request_string (object, "category", TRUE, SHORT_MAX, &s->category, error) ||
      !lt_hub_request_string (object, "text", TRUE, TEXT_MAX, &s->text, error) ||
      !lt_hub_request_string (object, "location", FALSE, SHORT_MAX, &s->location, error) ||
      !lt_hub_request_string (object, "phone", FALSE, SHORT_MAX, &s->phone, error) ||
      !lt_hub_request_time (object, "created_at", FALSE, &s->created_at, error))
    return NULL;
  if (!lt_channel_from_string (channel, &s->channel))
    return fail (error, LT_HUB_REQUEST_ERROR_VALUE,
                 _("字段“channel”只能是 kiosk、sms 或 staff。")), NULL;
  return g_steal_pointer (&s);
}

void
lt_hub_inbound_free (LtHubInbound *self)
{
  if (self == NULL)
    return;
  g_free (self->dedupe_key);
  g_free (self->sender);
  g_free (self->text);
  g_free (self);
}

LtHubInbound *
lt_hub_inbound_parse (JsonObject *object, GError **error)
{
  g_autoptr(LtHubInbound) m = g_new0 (LtHubInbound, 1);
  gint64 parts = 1;

  if (!lt_hub_request_string (object, "dedupe_key", TRUE, 1000, &m->dedupe_key, error) ||
      !lt_hub_request_string (object, "sender", TRUE, SHORT_MAX, &m->sender, error) ||
      !lt_hub_request_string (object, "text", TRUE, TEXT_MAX, &m->text, error) ||
      !lt_hub_request_time (object, "sent_at", FALSE, &m->sent_at, error) ||
      !lt_hub_request_time (object, "received_at", FALSE, &m->received_at, error) ||
      !lt_hub_request_int (object, "parts", FALSE, 1, 255, &parts, error) ||
      !lt_hub_request_boolean (object, "incomplete", FALSE, &m->incomplete, error))
    return NULL;
  if (*m->dedupe_key == '\0' || *m->sender == '\0')
    return fail (error, LT_HUB_REQUEST_ERROR_VALUE,
                 _("字段“dedupe_key”和“sender”不能为空。")), NULL;
  m->parts = (guint) parts;
  return g_steal_pointer (&m);
}

void
lt_hub_change_free (LtHubChange *self)
{
  if (self == NULL)
    return;
  g_free (self->to);
  g_free (self->note);
  g_free (self);
}

LtHubChange *
lt_hub_change_parse (const char *action, JsonObject *object, GError **error)
{
  g_autoptr(LtHubChange) c = g_new0 (LtHubChange, 1);
  gint64 rating = 0;

  if (g_strcmp0 (action, "rate") == 0)
    {
      if (!lt_hub_request_int (object, "rating", TRUE, 1, 3, &rating, error))
        return NULL;
      c->rating = (int) rating;
      return g_steal_pointer (&c);
    }
  if (g_strcmp0 (action, "transfer") == 0 &&
      !lt_hub_request_string (object, "to", TRUE, SHORT_MAX, &c->to, error))
    return NULL;
  /* A missing note is the store's to refuse, in the words it uses for
   * every other client. */
  if (!lt_hub_request_string (object, "note", FALSE, TEXT_MAX, &c->note, error))
    return NULL;
  return g_steal_pointer (&c);
}

gboolean
lt_hub_lease_parse (JsonObject *object, LtHubLease *out, GError **error)
{
  gint64 max = 10, seconds = 300;

  if (!lt_hub_request_int (object, "max", FALSE, 1, 100, &max, error) ||
      !lt_hub_request_int (object, "lease_seconds", FALSE, 10, 3600, &seconds, error))
    return FALSE;
  out->max = (guint) max;
  out->lease_seconds = seconds;
  return TRUE;
}

void
lt_hub_report_free (LtHubReport *self)
{
  if (self == NULL)
    return;
  g_free (self->reason);
  g_free (self);
}

LtHubReport *
lt_hub_report_parse (JsonObject *object, GError **error)
{
  g_autoptr(LtHubReport) r = g_new0 (LtHubReport, 1);
  gint64 ref = -1;

  if (!lt_hub_request_boolean (object, "sent", TRUE, &r->sent, error) ||
      !lt_hub_request_int (object, "modem_ref", FALSE, -1, G_MAXINT32, &ref, error) ||
      !lt_hub_request_string (object, "reason", FALSE, SHORT_MAX, &r->reason, error) ||
      !lt_hub_request_time (object, "retry_at", FALSE, &r->retry_at, error))
    return NULL;
  if (!r->sent && r->reason == NULL)
    return fail (error, LT_HUB_REQUEST_ERROR_MISSING,
                 _("发送失败时要写明原因（字段“reason”）。")), NULL;
  r->modem_ref = (int) ref;
  return g_steal_pointer (&r);
}
