/* lt-json.c — tickets and outbox entries as JSON, the shape the CLI's --json
 * promises and the store service will serve. */

#define G_LOG_DOMAIN "lt-json"

#include "config.h"

#include "lt-json.h"
#include "lt-time.h"

static void
add_time (JsonBuilder *b, const char *name, gint64 t)
{
  json_builder_set_member_name (b, name);
  if (t == 0)
    json_builder_add_null_value (b);
  else
    {
      g_autofree char *iso = lt_time_iso8601 (t);
      json_builder_add_string_value (b, iso);
    }
}

static void
add_string (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value == NULL)
    json_builder_add_null_value (b);
  else
    json_builder_add_string_value (b, value);
}

JsonNode *
lt_json_from_ticket (const LtTicket *t)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_string (b, "receipt", t->receipt);
  add_string (b, "status", lt_ticket_status_to_string (t->status));
  add_string (b, "channel", lt_channel_to_string (t->channel));
  add_string (b, "category", t->category);
  add_string (b, "text", t->text);
  add_string (b, "location", t->location);
  add_string (b, "phone", t->phone);
  add_string (b, "department", t->department);
  add_string (b, "officer", t->officer);
  add_string (b, "officer_phone", t->officer_phone);
  add_time (b, "created_at", t->created_at);
  add_time (b, "updated_at", t->updated_at);
  add_time (b, "due_at", t->due_at);
  add_time (b, "closed_at", t->closed_at);
  add_string (b, "assignee", t->assignee);
  json_builder_set_member_name (b, "rating");
  if (t->rating == 0)
    json_builder_add_null_value (b);
  else
    json_builder_add_int_value (b, t->rating);
  json_builder_set_member_name (b, "phone_is_mobile");
  json_builder_add_boolean_value (b, t->phone_is_mobile);
  json_builder_set_member_name (b, "events");
  json_builder_begin_array (b);
  for (guint i = 0; t->events != NULL && i < t->events->len; i++)
    {
      const LtEvent *e = g_ptr_array_index (t->events, i);

      json_builder_begin_object (b);
      add_time (b, "at", e->at);
      add_string (b, "kind", e->kind);
      add_string (b, "actor", e->actor);
      add_string (b, "note", e->note);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

void
lt_json_add_attachments (JsonNode *ticket, GPtrArray *attachments)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; attachments != NULL && i < attachments->len; i++)
    {
      const LtAttachment *a = g_ptr_array_index (attachments, i);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "kind", a->kind);
      json_object_set_int_member (o, "seconds", a->seconds);
      json_object_set_string_member (o, "path", a->path);
      json_array_add_object_element (array, o);
    }
  json_object_set_array_member (json_node_get_object (ticket), "attachments", array);
}

JsonNode *
lt_json_from_outbox (const LtOutboxMessage *m)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, m->id);
  add_string (b, "receipt", m->receipt);
  add_string (b, "phone", m->phone);
  add_string (b, "kind", m->kind);
  add_string (b, "body", m->body);
  json_builder_set_member_name (b, "segments");
  json_builder_add_int_value (b, m->segments);
  add_string (b, "state", lt_outbox_state_to_string (m->state));
  json_builder_set_member_name (b, "attempts");
  json_builder_add_int_value (b, m->attempts);
  add_time (b, "created_at", m->created_at);
  add_time (b, "next_attempt_at", m->next_attempt_at);
  add_time (b, "sent_at", m->sent_at);
  json_builder_set_member_name (b, "modem_ref");
  json_builder_add_int_value (b, m->modem_ref);
  add_string (b, "last_error", m->last_error);
  add_string (b, "lease_holder", m->lease_holder);
  add_time (b, "lease_until", m->lease_until);
  add_string (b, "delivery", lt_outbox_delivery_to_string (m->delivery));
  add_time (b, "delivered_at", m->delivered_at);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
lt_json_from_device (const LtDevice *d)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_string (b, "name", d->name);
  add_string (b, "role", lt_role_to_string (d->role));
  json_builder_set_member_name (b, "origin");
  if (d->origin == 0)
    json_builder_add_null_value (b);
  else
    json_builder_add_int_value (b, d->origin);
  add_string (b, "department", d->department);
  add_time (b, "created_at", d->created_at);
  add_time (b, "last_seen_at", d->last_seen_at);
  add_string (b, "last_seen_from", d->last_seen_from);
  json_builder_set_member_name (b, "revoked");
  json_builder_add_boolean_value (b, d->revoked);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
lt_json_from_ticket_progress (const LtTicket *t)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_string (b, "receipt", t->receipt);
  add_string (b, "status", lt_ticket_status_to_string (t->status));
  add_string (b, "category", t->category);
  add_time (b, "created_at", t->created_at);
  add_time (b, "updated_at", t->updated_at);
  add_time (b, "due_at", t->due_at);
  add_time (b, "closed_at", t->closed_at);
  json_builder_set_member_name (b, "events");
  json_builder_begin_array (b);
  for (guint i = 0; t->events != NULL && i < t->events->len; i++)
    {
      const LtEvent *e = g_ptr_array_index (t->events, i);

      json_builder_begin_object (b);
      add_time (b, "at", e->at);
      add_string (b, "kind", e->kind);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

char *
lt_json_to_string (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  json_generator_set_root (gen, node);
  return json_generator_to_data (gen, NULL);
}

JsonNode *
lt_json_from_officer (const LtOfficer *o)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, o->name);
  json_builder_set_member_name (b, "phone");
  json_builder_add_string_value (b, o->phone);
  json_builder_set_member_name (b, "department");
  if (o->department)
    json_builder_add_string_value (b, o->department);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "source");
  json_builder_add_string_value (b, o->from_config ? "config" : "cli");
  json_builder_set_member_name (b, "on_duty");
  json_builder_begin_array (b);
  for (guint i = 0; o->on_duty_for[i] != NULL; i++)
    json_builder_add_string_value (b, o->on_duty_for[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* Reading back what the functions above wrote: a hub's answers become the
 * same values the local store returns. */

static const char *
get_string (JsonObject *o, const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  return n != NULL && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
         ? json_node_get_string (n) : NULL;
}

static gint64
get_int (JsonObject *o, const char *name, gint64 fallback)
{
  JsonNode *n = json_object_get_member (o, name);

  return n != NULL && JSON_NODE_HOLDS_VALUE (n) ? json_node_get_int (n) : fallback;
}

static gint64
get_time (JsonObject *o, const char *name)
{
  const char *text = get_string (o, name);
  g_autoptr(GDateTime) dt = text ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

  return dt ? g_date_time_to_unix (dt) : 0;
}

static gboolean
malformed (const char *what, GError **error)
{
  g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
               "the answer does not hold a valid %s", what);
  return FALSE;
}

LtTicket *
lt_json_to_ticket (JsonNode *node, GError **error)
{
  JsonObject *o = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  g_autoptr(LtTicket) t = g_new0 (LtTicket, 1);
  JsonNode *events;

  if (o == NULL || get_string (o, "receipt") == NULL ||
      !lt_ticket_status_from_string (get_string (o, "status"), &t->status))
    return malformed ("ticket", error), NULL;
  t->receipt = g_strdup (get_string (o, "receipt"));
  if (!lt_channel_from_string (get_string (o, "channel"), &t->channel))
    t->channel = LT_CHANNEL_KIOSK;
  t->category = g_strdup (get_string (o, "category"));
  t->text = g_strdup (get_string (o, "text"));
  t->location = g_strdup (get_string (o, "location"));
  t->phone = g_strdup (get_string (o, "phone"));
  t->phone_is_mobile = json_object_get_boolean_member_with_default (o, "phone_is_mobile", FALSE);
  t->assignee = g_strdup (get_string (o, "assignee"));
  t->department = g_strdup (get_string (o, "department"));
  t->officer = g_strdup (get_string (o, "officer"));
  t->officer_phone = g_strdup (get_string (o, "officer_phone"));
  t->created_at = get_time (o, "created_at");
  t->updated_at = get_time (o, "updated_at");
  t->due_at = get_time (o, "due_at");
  t->closed_at = get_time (o, "closed_at");
  t->rating = (int) get_int (o, "rating", 0);
  t->events = g_ptr_array_new_with_free_func ((GDestroyNotify) lt_event_free);
  events = json_object_get_member (o, "events");
  if (events != NULL && JSON_NODE_HOLDS_ARRAY (events))
    {
      JsonArray *a = json_node_get_array (events);

      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          JsonNode *en = json_array_get_element (a, i);
          JsonObject *e = JSON_NODE_HOLDS_OBJECT (en) ? json_node_get_object (en) : NULL;

          if (e == NULL || get_string (e, "kind") == NULL)
            return malformed ("ticket", error), NULL;
          g_ptr_array_add (t->events, lt_event_new (get_time (e, "at"), get_string (e, "kind"),
                                                    get_string (e, "actor") ? get_string (e, "actor") : "",
                                                    get_string (e, "note")));
        }
    }
  return g_steal_pointer (&t);
}

LtOutboxMessage *
lt_json_to_outbox (JsonNode *node, GError **error)
{
  JsonObject *o = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  g_autoptr(LtOutboxMessage) m = g_new0 (LtOutboxMessage, 1);

  if (o == NULL || get_int (o, "id", 0) <= 0 || get_string (o, "phone") == NULL ||
      get_string (o, "body") == NULL ||
      !lt_outbox_state_from_string (get_string (o, "state"), &m->state))
    return malformed ("outbox message", error), NULL;
  m->id = get_int (o, "id", 0);
  m->receipt = g_strdup (get_string (o, "receipt"));
  m->phone = g_strdup (get_string (o, "phone"));
  m->kind = g_strdup (get_string (o, "kind") ? get_string (o, "kind") : "");
  m->body = g_strdup (get_string (o, "body"));
  m->segments = (guint) get_int (o, "segments", 1);
  m->attempts = (guint) get_int (o, "attempts", 0);
  m->created_at = get_time (o, "created_at");
  m->next_attempt_at = get_time (o, "next_attempt_at");
  m->sent_at = get_time (o, "sent_at");
  m->modem_ref = (int) get_int (o, "modem_ref", -1);
  m->last_error = g_strdup (get_string (o, "last_error"));
  m->lease_holder = g_strdup (get_string (o, "lease_holder"));
  m->lease_until = get_time (o, "lease_until");
  return g_steal_pointer (&m);
}

LtOfficer *
lt_json_to_officer (JsonNode *node, GError **error)
{
  JsonObject *o = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode *duty = o ? json_object_get_member (o, "on_duty") : NULL;
  g_autoptr(GStrvBuilder) departments = g_strv_builder_new ();
  g_autoptr(LtOfficer) officer = NULL;

  if (o == NULL || get_string (o, "name") == NULL || get_string (o, "phone") == NULL ||
      (duty != NULL && !JSON_NODE_HOLDS_ARRAY (duty)))
    return malformed ("officer", error), NULL;
  officer = g_new0 (LtOfficer, 1);
  officer->name = g_strdup (get_string (o, "name"));
  officer->phone = g_strdup (get_string (o, "phone"));
  officer->department = g_strdup (get_string (o, "department"));
  officer->from_config = g_strcmp0 (get_string (o, "source"), "config") == 0;
  for (guint i = 0; duty != NULL && i < json_array_get_length (json_node_get_array (duty)); i++)
    {
      JsonNode *name = json_array_get_element (json_node_get_array (duty), i);

      if (JSON_NODE_HOLDS_VALUE (name) && json_node_get_value_type (name) == G_TYPE_STRING)
        g_strv_builder_add (departments, json_node_get_string (name));
    }
  officer->on_duty_for = g_strv_builder_end (departments);
  return g_steal_pointer (&officer);
}
