/* lt-open311-requests.c — service requests: tickets in GeoReport v2 shape.
 *
 * A service request is a ticket: its receipt number is the
 * service_request_id, its category the service_code. Open311 knows only
 * "open" and "closed"; the laiting status (已受理, 已转办, 已办结, 重新办理)
 * and its code go into status_notes so the platform loses nothing. The
 * resident's phone is never written, and is masked wherever it appears in
 * the words. */

#define G_LOG_DOMAIN "lt-open311"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "lt-open311-private.h"
#include "lt-receipt.h"

/* More ids than this in one service_request_id list is not a lookup. */
#define MAX_IDS LT_OPEN311_MAX_ROWS
/* The specification's limit for a description, in characters. */
#define DESCRIPTION_MAX 4000

static gboolean
bad (GError **error, const char *message)
{
  g_set_error_literal (error, LT_OPEN311_ERROR, LT_OPEN311_ERROR_BAD_REQUEST, message);
  return FALSE;
}

/* The note of the ticket's latest closure: what was done. */
static const char *
closing_note (const LtTicket *t)
{
  for (guint i = t->events ? t->events->len : 0; i > 0; i--)
    {
      const LtEvent *e = g_ptr_array_index (t->events, i - 1);

      if (g_strcmp0 (e->kind, "closed") == 0)
        return e->note;
    }
  return NULL;
}

static char *
status_notes (const LtTicket *t)
{
  const char *label = lt_ticket_status_label (t->status);
  const char *code = lt_ticket_status_to_string (t->status);
  const char *result = t->status == LT_STATUS_CLOSED ? closing_note (t) : NULL;
  g_autofree char *redacted = lt_open311_redact (result, t->phone);

  if (redacted != NULL)
    return g_strdup_printf (_("%s（%s）：%s"), label, code, redacted);
  return g_strdup_printf (_("%s（%s）"), label, code);
}

static void
add_request (JsonBuilder *b, LtConfig *config, const LtTicket *t)
{
  const LtCategory *c = lt_config_find_category (config, t->category);
  g_autofree char *notes = status_notes (t);
  g_autofree char *description = lt_open311_redact (t->text, t->phone);
  g_autofree char *address = lt_open311_redact (t->location, t->phone);
  gboolean open = lt_ticket_is_open (t);

  json_builder_begin_object (b);
  lt_open311_add_string (b, "service_request_id", t->receipt);
  lt_open311_add_string (b, "status", open ? "open" : "closed");
  lt_open311_add_string (b, "status_notes", notes);
  lt_open311_add_string (b, "service_name", c ? c->name : t->category);
  lt_open311_add_string (b, "service_code", t->category);
  lt_open311_add_string (b, "description", description);
  lt_open311_add_string (b, "agency_responsible", t->assignee);
  lt_open311_add_string (b, "service_notice", NULL);
  lt_open311_add_time (b, "requested_datetime", t->created_at);
  /* For a closed request, the specification wants the time it closed. */
  lt_open311_add_time (b, "updated_datetime", open || t->closed_at == 0 ? t->updated_at : t->closed_at);
  lt_open311_add_time (b, "expected_datetime", open ? t->due_at : 0);
  lt_open311_add_string (b, "address", address);
  lt_open311_add_string (b, "address_id", NULL);
  lt_open311_add_string (b, "zipcode", NULL);
  lt_open311_add_string (b, "lat", NULL);
  lt_open311_add_string (b, "long", NULL);
  lt_open311_add_string (b, "media_url", NULL);
  json_builder_end_object (b);
}

static JsonNode *
requests_node (LtConfig *config, GPtrArray *tickets)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  for (guint i = 0; i < tickets->len; i++)
    add_request (b, config, g_ptr_array_index (tickets, i));
  json_builder_end_array (b);
  return json_builder_get_root (b);
}

/* GET requests */

static GPtrArray *
by_ids (LtOpen311 *self, const char *list, GError **error)
{
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) lt_ticket_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) ids = g_strsplit (list, ",", MAX_IDS + 1);

  if (g_strv_length (ids) > MAX_IDS)
    return bad (error, _("service_request_id 一次最多列出 1000 个。")), NULL;
  for (guint i = 0; ids[i] != NULL; i++)
    {
      char receipt[LT_RECEIPT_LEN + 1];
      g_autoptr(GError) local = NULL;
      LtTicket *t;

      if (!lt_receipt_parse (g_strstrip (ids[i]), receipt, NULL))
        {
          g_set_error (error, LT_OPEN311_ERROR, LT_OPEN311_ERROR_BAD_REQUEST,
                       _("service_request_id 中的“%s”不是有效的回执号。"), ids[i]);
          return NULL;
        }
      if (!g_hash_table_add (seen, g_strdup (receipt)))
        continue;
      t = lt_store_get (self->store, receipt, &local);
      if (t != NULL)
        g_ptr_array_add (tickets, t);
      else if (!g_error_matches (local, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND))
        return lt_open311_store_error (error, local), NULL;
    }
  return g_steal_pointer (&tickets);
}

/* "open,closed" → the store's filter. */
static gboolean
parse_status (const char *list, LtListFilter *filter, GError **error)
{
  g_auto(GStrv) words = g_strsplit (list ? list : "", ",", 4);
  gboolean open = list == NULL, closed = list == NULL;

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (g_str_equal (words[i], "open"))
        open = TRUE;
      else if (g_str_equal (words[i], "closed"))
        closed = TRUE;
      else
        return bad (error, _("status 只能是 open、closed，或用逗号分隔的两者。"));
    }
  *filter = open && closed ? LT_LIST_ALL : open ? LT_LIST_OPEN : LT_LIST_CLOSED;
  return TRUE;
}

static GStrv
parse_codes (LtConfig *config, const char *list, GError **error)
{
  g_auto(GStrv) codes = NULL;
  guint n = lt_config_get_categories (config)->len;

  if (list == NULL)
    return NULL;
  codes = g_strsplit (list, ",", n + 1);
  if (g_strv_length (codes) > n)
    return bad (error, _("service_code 列出的服务比现有的还多。")), NULL;
  for (guint i = 0; codes[i] != NULL; i++)
    if (lt_config_find_category (config, codes[i]) == NULL)
      {
        g_set_error (error, LT_OPEN311_ERROR, LT_OPEN311_ERROR_BAD_REQUEST,
                     _("没有 service_code 为“%s”的服务。"), codes[i]);
        return NULL;
      }
  return g_steal_pointer (&codes);
}

static GPtrArray *
by_filters (LtOpen311 *self, GHashTable *params, GError **error)
{
  LtConfig *config = lt_store_get_config (self->store);
  LtListQuery q = { .limit = LT_OPEN311_MAX_ROWS, .with_events = TRUE, .newest_first = TRUE };
  g_autoptr(GError) local = NULL;
  g_auto(GStrv) codes = NULL;
  GPtrArray *tickets;

  if (!lt_open311_window (params, lt_store_now (), &q.from, &q.to, error) ||
      !parse_status (lt_open311_param (params, "status"), &q.filter, error))
    return NULL;
  codes = parse_codes (config, lt_open311_param (params, "service_code"), error);
  if (codes == NULL && lt_open311_param (params, "service_code") != NULL)
    return NULL;
  q.categories = (const char *const *) codes;
  tickets = lt_store_list (self->store, &q, &local);
  if (tickets == NULL)
    lt_open311_store_error (error, local);
  return tickets;
}

JsonNode *
lt_open311_requests_get (LtOpen311 *self, GHashTable *params, GError **error)
{
  const char *ids = lt_open311_param (params, "service_request_id");
  g_autoptr(GPtrArray) tickets = NULL;

  /* A list of ids "overrides all other arguments", says the specification. */
  tickets = ids ? by_ids (self, ids, error) : by_filters (self, params, error);
  if (tickets == NULL)
    return NULL;
  return requests_node (lt_store_get_config (self->store), tickets);
}

JsonNode *
lt_open311_request_get (LtOpen311 *self, const char *id, GHashTable *params, GError **error)
{
  char receipt[LT_RECEIPT_LEN + 1];
  g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func ((GDestroyNotify) lt_ticket_free);
  g_autoptr(GError) local = NULL;
  LtTicket *t;

  if (!lt_receipt_parse (id, receipt, NULL))
    {
      g_set_error (error, LT_OPEN311_ERROR, LT_OPEN311_ERROR_NOT_FOUND,
                   _("没有 service_request_id 为“%s”的服务请求。"), id);
      return NULL;
    }
  t = lt_store_get (self->store, receipt, &local);
  if (t == NULL)
    return lt_open311_store_error (error, local), NULL;
  g_ptr_array_add (one, t);
  return requests_node (lt_store_get_config (self->store), one);
}

/* POST requests */

/* A WGS84 coordinate within ±@limit, written as a plain decimal. */
static gboolean
parse_coordinate (const char *text, double limit, double *out)
{
  char *end = NULL;
  double v;

  if (text == NULL || strlen (text) > 32)
    return FALSE;
  v = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (v) || fabs (v) > limit)
    return FALSE;
  *out = v;
  return TRUE;
}

/* The location as one line of text: the address as given, then the
 * coordinates, so nothing the platform sent is lost. */
static char *
location_text (GHashTable *params, GError **error)
{
  const char *address = lt_open311_param (params, "address_string");
  const char *address_id = lt_open311_param (params, "address_id");
  const char *lat_text = lt_open311_param (params, "lat");
  const char *long_text = lt_open311_param (params, "long");
  g_autoptr(GString) out = g_string_new (address);
  double lat = 0, lon = 0;

  if ((lat_text != NULL) != (long_text != NULL))
    return bad (error, _("lat 和 long 必须同时提供。")), NULL;
  if (lat_text != NULL &&
      (!parse_coordinate (lat_text, 90, &lat) || !parse_coordinate (long_text, 180, &lon)))
    return bad (error, _("lat 和 long 应为 WGS84 经纬度数字，纬度在 ±90、经度在 ±180 以内。")), NULL;
  if (address == NULL && address_id == NULL && lat_text == NULL)
    return bad (error, _("请提供位置：address_string、lat 和 long，或 address_id 之一。")), NULL;
  if (address_id != NULL)
    g_string_append_printf (out, "%saddress_id %s", out->len ? " " : "", address_id);
  if (lat_text != NULL)
    g_string_append_printf (out, "%s(WGS84 %.6f,%.6f)", out->len ? " " : "", lat, lon);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static JsonNode *
receipt_node (const LtTicket *t, const LtCategory *c)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *notice = g_strdup_printf (_("已受理，承诺 %u 天内办结。"), c->due_days);

  json_builder_begin_array (b);
  json_builder_begin_object (b);
  lt_open311_add_string (b, "service_request_id", t->receipt);
  lt_open311_add_string (b, "service_notice", notice);
  json_builder_end_object (b);
  json_builder_end_array (b);
  return json_builder_get_root (b);
}

JsonNode *
lt_open311_requests_post (LtOpen311 *self, GHashTable *params, GError **error)
{
  LtConfig *config = lt_store_get_config (self->store);
  const char *code = lt_open311_param (params, "service_code");
  const char *description = lt_open311_param (params, "description");
  const LtCategory *category;
  g_autofree char *location = NULL;
  g_autofree char *trimmed = description ? g_strstrip (g_strdup (description)) : NULL;
  g_autoptr(LtTicket) t = NULL;
  g_autoptr(GError) local = NULL;
  LtSubmission sub = { LT_CHANNEL_PLATFORM };

  if (code == NULL)
    return bad (error, _("缺少 service_code：请从 services 列表中选择一项服务。")), NULL;
  category = lt_config_find_category (config, code);
  if (category == NULL)
    {
      g_set_error (error, LT_OPEN311_ERROR, LT_OPEN311_ERROR_NOT_FOUND,
                   _("没有 service_code 为“%s”的服务。"), code);
      return NULL;
    }
  location = location_text (params, error);
  if (location == NULL)
    return NULL;
  if (trimmed == NULL || *trimmed == '\0')
    return bad (error, _("缺少 description：请写明要反映的问题。")), NULL;
  if (g_utf8_strlen (description, -1) > DESCRIPTION_MAX)
    return bad (error, _("description 不能超过 4000 个字。")), NULL;

  sub.category = category->code;
  sub.text = description;
  sub.location = location;
  /* Kept so the resident hears of the closure by SMS; never shown back. */
  sub.phone = lt_open311_param (params, "phone");
  t = lt_store_submit (self->store, &sub, &local);
  if (t == NULL)
    return lt_open311_store_error (error, local), NULL;
  return receipt_node (t, category);
}
