/* lt-open311-output.c — one answer, written as JSON or as XML.
 *
 * XML is written by hand: the shapes are small and fixed, and the one thing
 * that matters — that every byte of a resident's words comes out escaped
 * and every character is one XML 1.0 allows — is easiest to see in one
 * short function (escape_text). */

#define G_LOG_DOMAIN "lt-open311"

#include "config.h"

#include "lt-json.h"
#include "lt-open311-output.h"
#include "lt-time.h"

void
lt_open311_add_string (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value == NULL)
    json_builder_add_null_value (b);
  else
    {
      g_autofree char *valid = g_utf8_make_valid (value, -1);
      json_builder_add_string_value (b, valid);
    }
}

void
lt_open311_add_time (JsonBuilder *b, const char *name, gint64 t)
{
  g_autofree char *w3c = t != 0 ? lt_time_iso8601 (t) : NULL;

  lt_open311_add_string (b, name, w3c);
}

/* XML 1.0 allows tab, line breaks and everything from U+0020 except the
 * surrogates and U+FFFE/U+FFFF; anything else becomes U+FFFD. */
static gboolean
xml_char_allowed (gunichar c)
{
  return c == 0x9 || c == 0xA || c == 0xD ||
         (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
         (c >= 0x10000 && c <= 0x10FFFF);
}

static void
escape_text (GString *out, const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '&':  g_string_append (out, "&amp;"); break;
        case '<':  g_string_append (out, "&lt;"); break;
        case '>':  g_string_append (out, "&gt;"); break;
        case '"':  g_string_append (out, "&quot;"); break;
        case '\'': g_string_append (out, "&apos;"); break;
        case '\r': g_string_append (out, "&#13;"); break;  /* survives end-of-line handling */
        default:
          g_string_append_unichar (out, xml_char_allowed (c) ? c : 0xFFFD);
        }
    }
}

/* "services" → "service": the items of a list, as the specification
 * names them; otherwise the name without its plural s. */
static char *
singular (const char *list)
{
  static const struct { const char *list, *item; } names[] = {
    { "service_requests",        "request" },
    { "service_request_updates", "request_update" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (list, names[i].list))
      return g_strdup (names[i].item);
  if (g_str_has_suffix (list, "s"))
    return g_strndup (list, strlen (list) - 1);
  return g_strdup (list);
}

static void write_element (GString *out, const char *name, JsonNode *node, int depth);

static void
indent (GString *out, int depth)
{
  for (int i = 0; i < depth; i++)
    g_string_append (out, "  ");
}

static void
write_value (GString *out, JsonNode *node)
{
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_BOOLEAN:
      g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      break;
    case G_TYPE_INT64:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
      break;
    case G_TYPE_DOUBLE:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        g_string_append (out, g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
      }
      break;
    default:
      escape_text (out, json_node_get_string (node) ? json_node_get_string (node) : "");
      break;
    }
}

static void
write_children (GString *out, const char *name, JsonNode *node, int depth)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *child;

      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &member, &child))
        write_element (out, member, child, depth + 1);
    }
  else
    {
      g_autofree char *item = singular (name);
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        write_element (out, item, json_array_get_element (array, i), depth + 1);
    }
}

static void
write_element (GString *out, const char *name, JsonNode *node, int depth)
{
  indent (out, depth);
  if (JSON_NODE_HOLDS_NULL (node))
    {
      g_string_append_printf (out, "<%s/>\n", name);
      return;
    }
  g_string_append_printf (out, "<%s>", name);
  if (JSON_NODE_HOLDS_VALUE (node))
    write_value (out, node);
  else
    {
      g_string_append_c (out, '\n');
      write_children (out, name, node, depth);
      indent (out, depth);
    }
  g_string_append_printf (out, "</%s>\n", name);
}

static char *
to_xml (const char *root, JsonNode *value)
{
  GString *out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");

  write_element (out, root, value, 0);
  return g_string_free (out, FALSE);
}

LtOpen311Response *
lt_open311_output (LtOpen311Format format, guint status, const char *root, JsonNode *value)
{
  LtOpen311Response *r = g_new0 (LtOpen311Response, 1);
  char *text;

  g_return_val_if_fail (value != NULL, NULL);
  r->status = status;
  if (format == LT_OPEN311_JSON)
    {
      r->content_type = g_strdup ("application/json; charset=utf-8");
      text = lt_json_to_string (value);
    }
  else
    {
      r->content_type = g_strdup ("text/xml; charset=utf-8");
      text = to_xml (root, value);
    }
  r->body = g_bytes_new_take (text, strlen (text));
  json_node_unref (value);
  return r;
}

LtOpen311Response *
lt_open311_output_error (LtOpen311Format format, guint status, const char *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_int_value (b, status);
  lt_open311_add_string (b, "description", message);
  json_builder_end_object (b);
  json_builder_end_array (b);
  return lt_open311_output (format, status, "errors", json_builder_get_root (b));
}

void
lt_open311_response_free (LtOpen311Response *self)
{
  if (self == NULL)
    return;
  g_free (self->content_type);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_free (self);
}
