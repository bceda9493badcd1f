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
  add_time (b, "sent_at", m->sent_at);
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

char *
lt_json_to_string (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  json_generator_set_root (gen, node);
  return json_generator_to_data (gen, NULL);
}
