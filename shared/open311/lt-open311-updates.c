/* lt-open311-updates.c — the servicerequestupdates extension.
 *
 * Not part of GeoReport v2 itself: mySociety's extension (FixMyStreet's
 * "Open311 FMS Complete Spec"), which lets a city's platform follow what
 * changed on our side and send its own changes. GET lists the events of
 * every ticket in a time window, oldest first, each with our event id as
 * its update_id; POST applies the platform's open/closed change through the
 * state machine, once per update_id. */

#define G_LOG_DOMAIN "lt-open311"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lt-open311-date.h"
#include "lt-open311-private.h"
#include "lt-receipt.h"
#include "lt-store-open311.h"

#define UPDATE_ID_MAX   128   /* bytes */
#define DESCRIPTION_MAX 4000  /* characters */

static gboolean
bad (GError **error, const char *message)
{
  g_set_error_literal (error, LT_OPEN311_ERROR, LT_OPEN311_ERROR_BAD_REQUEST, message);
  return FALSE;
}

static void
add_update (JsonBuilder *b, const LtStoreEvent *e)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, e->id);
  g_autofree char *note = lt_open311_redact (e->note, e->phone);
  g_autofree char *description = NULL;

  if (note != NULL)
    description = g_strdup_printf (_("%s（%s）：%s"), lt_event_kind_label (e->kind), e->kind, note);
  else
    description = g_strdup_printf (_("%s（%s）"), lt_event_kind_label (e->kind), e->kind);
  json_builder_begin_object (b);
  lt_open311_add_string (b, "update_id", id);
  lt_open311_add_string (b, "service_request_id", e->receipt);
  lt_open311_add_string (b, "status", e->status == LT_STATUS_CLOSED ? "closed" : "open");
  lt_open311_add_time (b, "updated_datetime", e->at);
  lt_open311_add_string (b, "description", description);
  lt_open311_add_string (b, "media_url", "");
  lt_open311_add_string (b, "external_status_code", lt_ticket_status_to_string (e->status));
  json_builder_end_object (b);
}

JsonNode *
lt_open311_updates_get (LtOpen311 *self, GHashTable *params, GError **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) local = NULL;
  gint64 from, to;

  if (!lt_open311_window (params, lt_store_now (), &from, &to, error))
    return NULL;
  events = lt_store_events_since (self->store, from, to, LT_OPEN311_MAX_ROWS, &local);
  if (events == NULL)
    return lt_open311_store_error (error, local), NULL;
  json_builder_begin_array (b);
  for (guint i = 0; i < events->len; i++)
    add_update (b, g_ptr_array_index (events, i));
  json_builder_end_array (b);
  return json_builder_get_root (b);
}

static gboolean
required (GHashTable *params, const char *name, const char **out, GError **error)
{
  *out = lt_open311_param (params, name);
  if (*out != NULL)
    return TRUE;
  g_set_error (error, LT_OPEN311_ERROR, LT_OPEN311_ERROR_BAD_REQUEST, _("缺少参数 %s。"), name);
  return FALSE;
}

static JsonNode *
answer_node (gint64 event_id)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, event_id);

  json_builder_begin_array (b);
  json_builder_begin_object (b);
  lt_open311_add_string (b, "update_id", id);
  json_builder_end_object (b);
  json_builder_end_array (b);
  return json_builder_get_root (b);
}

JsonNode *
lt_open311_updates_post (LtOpen311 *self, GHashTable *params, GError **error)
{
  const char *request_id, *update_id, *status, *when, *description;
  char receipt[LT_RECEIPT_LEN + 1];
  g_autofree char *trimmed = NULL;
  g_autoptr(GError) local = NULL;
  gboolean close, repeated = FALSE;
  gint64 at, event_id = 0;

  if (!required (params, "service_request_id", &request_id, error) ||
      !required (params, "update_id", &update_id, error) ||
      !required (params, "status", &status, error) ||
      !required (params, "updated_datetime", &when, error) ||
      !required (params, "description", &description, error))
    return NULL;
  if (strlen (update_id) > UPDATE_ID_MAX)
    return bad (error, _("update_id 太长了。")), NULL;
  /* FixMyStreet sends OPEN/CLOSED in capitals; both spellings are read. */
  if (g_ascii_strcasecmp (status, "closed") == 0)
    close = TRUE;
  else if (g_ascii_strcasecmp (status, "open") == 0)
    close = FALSE;
  else
    return bad (error, _("status 只能是 open 或 closed。")), NULL;
  if (!lt_open311_date_parse ("updated_datetime", when, &at, error))
    return NULL;
  trimmed = g_strstrip (g_strdup (description));
  if (*trimmed == '\0')
    return bad (error, _("缺少 description：请写明更新的内容或办理结果。")), NULL;
  if (g_utf8_strlen (trimmed, -1) > DESCRIPTION_MAX)
    return bad (error, _("description 不能超过 4000 个字。")), NULL;
  if (!lt_receipt_parse (request_id, receipt, NULL))
    {
      g_set_error (error, LT_OPEN311_ERROR, LT_OPEN311_ERROR_NOT_FOUND,
                   _("没有 service_request_id 为“%s”的服务请求。"), request_id);
      return NULL;
    }
  if (!lt_store_apply_platform_update (self->store, update_id, receipt, close, trimmed,
                                       lt_channel_label (LT_CHANNEL_PLATFORM),
                                       &event_id, &repeated, &local))
    return lt_open311_store_error (error, local), NULL;
  if (repeated)
    g_debug ("update %s for %s was applied before; answered again", update_id, receipt);
  return answer_node (event_id);
}
