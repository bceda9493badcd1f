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
