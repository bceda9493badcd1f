/* test-open311.c — Open311 GeoReport v2 against a real store.
 *
 * Every endpoint is called through lt_open311_handle() as the hub calls it,
 * on a SQLite file made by the test, in JSON and in XML. JSON is read back
 * with json-glib and checked field by field against the specification's
 * shapes; XML must pass `xmllint --noout`, and its fields are read back
 * with `xmllint --xpath`. */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "lt-open311.h"
#include "lt-open311-date.h"
#include "lt-open311-form.h"
#include "lt-receipt.h"

#define KEY   "k3y-of-the-city-platform"
#define PHONE "13987654321"

typedef struct {
  char      *dir;
  char      *path;
  LtConfig  *config;
  LtStore   *store;
  LtOpen311 *open311;
} Fixture;

static gboolean
check_key (const char *api_key, gpointer data)
{
  return g_strcmp0 (api_key, KEY) == 0;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_unsetenv ("LAITING_NOW");
  f->dir = g_dir_make_tmp ("laiting-open311-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "laiting.db", NULL);
  f->config = lt_config_new_default ();
  f->store = lt_store_open (f->path, f->config, &error);
  g_assert_no_error (error);
  f->open311 = lt_open311_new (f->store, data);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_clear_object (&f->open311);
  g_clear_object (&f->store);
  g_clear_object (&f->config);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->path);
  g_free (f->dir);
  g_unsetenv ("LAITING_NOW");
}

/* Calling */

/* "a=1&b=2" → a table, for the URL query (the server decodes it). */
static GHashTable *
query_table (const char *query)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) pairs = g_strsplit (query ? query : "", "&", -1);

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      char *eq = strchr (pairs[i], '=');

      if (*pairs[i] == '\0')
        continue;
      if (eq)
        *eq = '\0';
      g_hash_table_insert (table, g_uri_unescape_string (pairs[i], NULL),
                           g_uri_unescape_string (eq ? eq + 1 : "", NULL));
    }
  return table;
}

static LtOpen311Response *
call_full (Fixture *f, const char *method, const char *path, const char *query,
           const char *content_type, const char *body, gsize body_len)
{
  g_autoptr(GHashTable) q = query_table (query);
  gsize len = body && body_len == (gsize) -1 ? strlen (body) : body_len;
  g_autoptr(GBytes) bytes = body ? g_bytes_new (body, len) : NULL;
  LtOpen311Response *r = lt_open311_handle (f->open311, method, path, q, content_type, bytes,
                                            check_key, NULL);

  g_assert_nonnull (r);
  g_assert_nonnull (r->body);
  return r;
}

static LtOpen311Response *
get (Fixture *f, const char *path, const char *query)
{
  return call_full (f, "GET", path, query, NULL, NULL, 0);
}

static LtOpen311Response *
post (Fixture *f, const char *path, const char *form)
{
  return call_full (f, "POST", path, NULL, "application/x-www-form-urlencoded; charset=utf-8",
                    form, strlen (form));
}

static const char *
text_of (LtOpen311Response *r)
{
  gsize len;
  const char *data = g_bytes_get_data (r->body, &len);

  /* Bodies are text; the check below keeps the tests honest about it. */
  g_assert_true (g_utf8_validate (data, len, NULL));
  g_assert_null (memchr (data, '\0', len));
  return data;
}

static char *
body_dup (LtOpen311Response *r)
{
  gsize len;
  const char *data = g_bytes_get_data (r->body, &len);

  return g_strndup (data, len);
}

/* JSON */

static JsonNode *
json_of (LtOpen311Response *r)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = body_dup (r);
  JsonNode *node;

  g_assert_cmpstr (r->content_type, ==, "application/json; charset=utf-8");
  node = json_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static JsonArray *
json_array_of (JsonNode *node, guint expected)
{
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  if (expected != G_MAXUINT)
    g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, expected);
  return json_node_get_array (node);
}

static const char *
member_string (JsonObject *o, const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  g_assert_nonnull (n);   /* present, even when null */
  return JSON_NODE_HOLDS_NULL (n) ? NULL : json_node_get_string (n);
}

/* Checks the specification's errors list: one error with @code. */
static void
assert_error (LtOpen311Response *r, guint code)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *e;

  g_assert_cmpuint (r->status, ==, code);
  node = json_of (r);
  e = json_array_get_object_element (json_array_of (node, 1), 0);
  g_assert_cmpint (json_object_get_int_member (e, "code"), ==, code);
  g_assert_cmpuint (strlen (member_string (e, "description")), >, 5);
}

/* W3C date-time with seconds and an explicit offset or Z. */
static void
assert_w3c (const char *t)
{
  g_assert_nonnull (t);
  g_assert_true (g_regex_match_simple (
      "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d([+-]\\d\\d:\\d\\d|Z)$", t, 0, 0));
}

/* XML */

static char *
xml_file (Fixture *f, LtOpen311Response *r)
{
  char *file = g_build_filename (f->dir, "answer.xml", NULL);
  gsize len;
  const char *data = g_bytes_get_data (r->body, &len);

  g_assert_cmpstr (r->content_type, ==, "text/xml; charset=utf-8");
  g_assert_true (g_file_set_contents (file, data, len, NULL));
  return file;
}

static void
assert_well_formed (Fixture *f, LtOpen311Response *r)
{
  g_autofree char *file = xml_file (f, r);
  g_autofree char *err = NULL;
  const char *argv[] = { "xmllint", "--noout", file, NULL };
  int status = -1;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, &err, &status, NULL));
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("xmllint: %s\n%s", err, text_of (r));
  g_assert_true (g_str_has_prefix (text_of (r), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
}

/* The string value of an XPath expression over the answer. */
static char *
xpath (Fixture *f, LtOpen311Response *r, const char *expr)
{
  g_autofree char *file = xml_file (f, r);
  g_autofree char *query = g_strdup_printf ("string(%s)", expr);
  const char *argv[] = { "xmllint", "--xpath", query, file, NULL };
  char *out = NULL;
  int status = -1;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, NULL));
  /* xmllint ends what it prints with a line break of its own. */
  if (g_str_has_suffix (out, "\n"))
    out[strlen (out) - 1] = '\0';
  return out;
}

static void
assert_xpath (Fixture *f, LtOpen311Response *r, const char *expr, const char *expected)
{
  g_autofree char *value = xpath (f, r, expr);

  g_assert_cmpstr (value, ==, expected);
}

/* Store helpers */

static LtTicket *
submit (Fixture *f, const char *category, const char *text, const char *phone)
{
  g_autoptr(GError) error = NULL;
  LtSubmission sub = { LT_CHANNEL_SMS, category, text, "3号楼", phone, NULL };
  LtTicket *t = lt_store_submit (f->store, &sub, &error);

  g_assert_no_error (error);
  return t;
}

static guint
count_tickets (Fixture *f)
{
  LtListQuery q = { .filter = LT_LIST_ALL };
  g_autoptr(GPtrArray) all = lt_store_list (f->store, &q, NULL);

  return all->len;
}

static guint
count_events (Fixture *f, const char *receipt, const char *kind)
{
  g_autoptr(LtTicket) t = lt_store_get (f->store, receipt, NULL);
  guint n = 0;

  for (guint i = 0; i < t->events->len; i++)
    n += g_strcmp0 (((LtEvent *) g_ptr_array_index (t->events, i))->kind, kind) == 0;
  return n;
}

/* A well-formed receipt that no ticket has: origin 99 is nobody's. */
static const char *
unknown_receipt (void)
{
  static char receipt[LT_RECEIPT_LEN + 1];

  g_assert_true (lt_receipt_build (99, 999999, receipt, NULL));
  return receipt;
}

static void
set_now (gint64 t)
{
  g_autofree char *s = g_strdup_printf ("%" G_GINT64_FORMAT, t);

  g_setenv ("LAITING_NOW", s, TRUE);
}

/* Tests */

static void
test_discovery (Fixture *f, gconstpointer data)
{
  g_autoptr(LtOpen311Response) json = get (f, "/discovery.json", NULL);
  g_autoptr(LtOpen311Response) xml = get (f, "/discovery.xml", NULL);
  g_autoptr(JsonNode) node = json_of (json);
  JsonObject *d, *endpoint;
  JsonArray *formats;

  g_assert_cmpuint (json->status, ==, 200);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  d = json_node_get_object (node);
  g_assert_nonnull (member_string (d, "changeset"));
  g_assert_nonnull (member_string (d, "contact"));
  g_assert_nonnull (member_string (d, "key_service"));
  endpoint = json_array_get_object_element (json_object_get_array_member (d, "endpoints"), 0);
  g_assert_cmpstr (member_string (endpoint, "specification"), ==, "http://wiki.open311.org/GeoReport_v2");
  g_assert_true (g_str_has_suffix (member_string (endpoint, "url"), "/open311/v2"));
  g_assert_cmpstr (member_string (endpoint, "type"), ==, "production");
  assert_w3c (member_string (endpoint, "changeset"));
  formats = json_object_get_array_member (endpoint, "formats");
  g_assert_cmpuint (json_array_get_length (formats), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (formats, 0), ==, "text/xml");
  g_assert_cmpstr (json_array_get_string_element (formats, 1), ==, "application/json");

  g_assert_cmpuint (xml->status, ==, 200);
  assert_well_formed (f, xml);
  assert_xpath (f, xml, "/discovery/endpoints/endpoint/specification",
                "http://wiki.open311.org/GeoReport_v2");
  assert_xpath (f, xml, "count(/discovery/endpoints/endpoint/formats/format)", "2");
  assert_xpath (f, xml, "/discovery/endpoints/endpoint/formats/format[2]", "application/json");
}

static void
test_services (Fixture *f, gconstpointer data)
{
  GPtrArray *categories = lt_config_get_categories (f->config);
  g_autoptr(LtOpen311Response) json = get (f, "/v2/services.json", NULL);
  g_autoptr(LtOpen311Response) xml = get (f, "/v2/services.xml", NULL);
  g_autoptr(JsonNode) node = json_of (json);
  JsonArray *list = json_array_of (node, categories->len);
  g_autofree char *count = g_strdup_printf ("%u", categories->len);

  g_assert_cmpuint (json->status, ==, 200);
  for (guint i = 0; i < categories->len; i++)
    {
      const LtCategory *c = g_ptr_array_index (categories, i);
      JsonObject *s = json_array_get_object_element (list, i);
      g_autofree char *due = g_strdup_printf ("%u 天", c->due_days);

      g_assert_cmpstr (member_string (s, "service_code"), ==, c->code);
      g_assert_cmpstr (member_string (s, "service_name"), ==, c->name);
      g_assert_nonnull (strstr (member_string (s, "description"), due));
      g_assert_nonnull (strstr (member_string (s, "description"), c->problems[0]));
      g_assert_false (json_object_get_boolean_member (s, "metadata"));
      g_assert_cmpstr (member_string (s, "type"), ==, "realtime");
      g_assert_nonnull (strstr (member_string (s, "keywords"), c->problems[0]));
      g_assert_nonnull (member_string (s, "group"));
    }

  assert_well_formed (f, xml);
  assert_xpath (f, xml, "count(/services/service)", count);
  assert_xpath (f, xml, "/services/service[2]/service_code", "roads");
  assert_xpath (f, xml, "/services/service[2]/service_name", "道路交通");
  assert_xpath (f, xml, "/services/service[2]/metadata", "false");
  assert_xpath (f, xml, "/services/service[2]/type", "realtime");

  /* A definition exists for clients that ask, with no attributes. */
  {
    g_autoptr(LtOpen311Response) def = get (f, "/v2/services/roads.json", NULL);
    g_autoptr(LtOpen311Response) defx = get (f, "/v2/services/roads.xml", NULL);
    g_autoptr(LtOpen311Response) none = get (f, "/v2/services/weather.json", NULL);
    g_autoptr(JsonNode) dn = json_of (def);

    g_assert_cmpstr (member_string (json_node_get_object (dn), "service_code"), ==, "roads");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
        json_node_get_object (dn), "attributes")), ==, 0);
    assert_well_formed (f, defx);
    assert_xpath (f, defx, "/service_definition/service_code", "roads");
    assert_error (none, 404);
  }
}

/* A request from the platform: a ticket on its own channel and origin. */
static char *
post_request (Fixture *f, const char *extra)
{
  g_autofree char *form = g_strdup_printf (
      "api_key=" KEY "&service_code=roads&address_string=%%E4%%B8%%9C%%E9%%97%%A8"
      "&description=%%E8%%B7%%AF%%E7%%81%%AF%%E4%%B8%%8D%%E4%%BA%%AE%s", extra ? extra : "");
  g_autoptr(LtOpen311Response) r = post (f, "/v2/requests.json", form);
  g_autoptr(JsonNode) node = json_of (r);
  JsonObject *o;

  g_assert_cmpuint (r->status, ==, 200);
  o = json_array_get_object_element (json_array_of (node, 1), 0);
  g_assert_nonnull (member_string (o, "service_notice"));
  g_assert_false (json_object_has_member (o, "token"));
  return g_strdup (member_string (o, "service_request_id"));
}

static void
test_post_request (Fixture *f, gconstpointer data)
{
  g_autofree char *id = post_request (f, "&lat=30.657&long=104.066&first_name=%E5%BC%A0");
  char receipt[LT_RECEIPT_LEN + 1];
  g_autoptr(LtTicket) t = NULL;

  g_assert_true (lt_receipt_parse (id, receipt, NULL));
  g_assert_cmpstr (receipt, ==, id);
  g_assert_true (g_str_has_prefix (id, "19"));   /* [hub] platform-origin's default */
  t = lt_store_get (f->store, id, NULL);
  g_assert_nonnull (t);
  g_assert_cmpint (t->channel, ==, LT_CHANNEL_PLATFORM);
  g_assert_cmpstr (lt_channel_to_string (t->channel), ==, "platform");
  g_assert_cmpstr (t->category, ==, "roads");
  g_assert_cmpstr (t->text, ==, "路灯不亮");
  g_assert_cmpstr (t->location, ==, "东门 (WGS84 30.657000,104.066000)");
  g_assert_cmpstr (((LtEvent *) g_ptr_array_index (t->events, 0))->actor, ==, "市民热线平台");

  /* The XML answer of a second request. */
  {
    g_autoptr(LtOpen311Response) x = post (f, "/v2/requests.xml",
        "api_key=" KEY "&service_code=noise&lat=30.1&long=104.2&description=x");
    g_autofree char *second = NULL;

    g_assert_cmpuint (x->status, ==, 200);
    assert_well_formed (f, x);
    second = xpath (f, x, "/service_requests/request/service_request_id");
    g_assert_true (lt_receipt_parse (second, receipt, NULL));
    g_assert_cmpstr (second, !=, id);
    assert_xpath (f, x, "count(/service_requests/request)", "1");
  }
  g_assert_cmpuint (count_tickets (f), ==, 2);
}

static void
check_request_json (JsonObject *o, const LtTicket *t, const char *status,
                    const char *notes)
{
  g_assert_cmpstr (member_string (o, "service_request_id"), ==, t->receipt);
  g_assert_cmpstr (member_string (o, "status"), ==, status);
  g_assert_cmpstr (member_string (o, "status_notes"), ==, notes);
  g_assert_cmpstr (member_string (o, "service_code"), ==, "roads");
  g_assert_cmpstr (member_string (o, "service_name"), ==, "道路交通");
  g_assert_cmpstr (member_string (o, "description"), ==, t->text);
  g_assert_cmpstr (member_string (o, "address"), ==, "3号楼");
  assert_w3c (member_string (o, "requested_datetime"));
  assert_w3c (member_string (o, "updated_datetime"));
  for (guint i = 0; i < 6; i++)
    {
      const char *optional[] = { "service_notice", "address_id", "zipcode", "lat", "long", "media_url" };
      g_assert_true (json_object_has_member (o, optional[i]));
    }
  g_assert_false (json_object_has_member (o, "phone"));
}

static void
test_get_request (Fixture *f, gconstpointer data)
{
  g_autoptr(LtTicket) t = submit (f, "roads", "井盖缺失 <危险> & \"急\"", NULL);
  g_autofree char *path = g_strdup_printf ("/v2/requests/%s.json", t->receipt);
  g_autofree char *xpath_path = g_strdup_printf ("/v2/requests/%s.xml", t->receipt);
  const char *q = "api_key=" KEY;

  {
    g_autoptr(LtOpen311Response) r = get (f, path, q);
    g_autoptr(JsonNode) node = json_of (r);
    JsonObject *o = json_array_get_object_element (json_array_of (node, 1), 0);

    g_assert_cmpuint (r->status, ==, 200);
    check_request_json (o, t, "open", "已受理（received）");
    assert_w3c (member_string (o, "expected_datetime"));
    g_assert_null (member_string (o, "agency_responsible"));
  }
  g_assert_true (lt_store_transfer (f->store, t->receipt, "城管执法队", NULL, NULL, NULL));
  {
    g_autoptr(LtOpen311Response) r = get (f, path, q);
    g_autoptr(JsonNode) node = json_of (r);
    JsonObject *o = json_array_get_object_element (json_array_of (node, 1), 0);

    check_request_json (o, t, "open", "已转办（transferred）");
    g_assert_cmpstr (member_string (o, "agency_responsible"), ==, "城管执法队");
  }
  g_assert_true (lt_store_close (f->store, t->receipt, "已补装井盖", NULL, NULL));
  {
    g_autoptr(LtOpen311Response) r = get (f, path, q);
    g_autoptr(LtOpen311Response) x = get (f, xpath_path, q);
    g_autoptr(JsonNode) node = json_of (r);
    JsonObject *o = json_array_get_object_element (json_array_of (node, 1), 0);

    check_request_json (o, t, "closed", "已办结（closed）：已补装井盖");
    assert_well_formed (f, x);
    assert_xpath (f, x, "/service_requests/request/status", "closed");
    assert_xpath (f, x, "/service_requests/request/service_request_id", t->receipt);
    assert_xpath (f, x, "/service_requests/request/description", t->text);
    assert_xpath (f, x, "/service_requests/request/status_notes", "已办结（closed）：已补装井盖");
    assert_xpath (f, x, "/service_requests/request/agency_responsible", "城管执法队");
  }
  g_assert_true (lt_store_reopen (f->store, t->receipt, "居民说又坏了", NULL, NULL));
  {
    g_autoptr(LtOpen311Response) r = get (f, path, q);
    g_autoptr(JsonNode) node = json_of (r);

    check_request_json (json_array_get_object_element (json_array_of (node, 1), 0), t,
                        "open", "重新办理（reopened）");
  }

  /* Unknown and malformed ids are not found. */
  {
    g_autofree char *missing = g_strdup_printf ("/v2/requests/%s.json", unknown_receipt ());
    g_autofree char *missing_xml = g_strdup_printf ("/v2/requests/%s.xml", unknown_receipt ());
    g_autoptr(LtOpen311Response) none = get (f, missing, q);
    g_autoptr(LtOpen311Response) bad = get (f, "/v2/requests/abc.json", q);
    g_autoptr(LtOpen311Response) nonex = get (f, missing_xml, q);

    assert_error (none, 404);
    assert_error (bad, 404);
    g_assert_cmpuint (nonex->status, ==, 404);
    assert_well_formed (f, nonex);
    assert_xpath (f, nonex, "/errors/error/code", "404");
  }
}

/* Every endpoint behind the key, with no key and a wrong one: 403, and a
 * body that is the same whether the request id exists or not. */
static void
test_auth (Fixture *f, gconstpointer data)
{
  g_autoptr(LtTicket) t = submit (f, "roads", "路灯不亮", NULL);
  g_autofree char *existing = g_strdup_printf ("/v2/requests/%s.json", t->receipt);
  const char *keys[] = { "", "api_key=", "api_key=wrong", "api_key=" KEY "x" };
  guint tickets = count_tickets (f);

  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      g_autofree char *form = g_strdup_printf ("%s&service_code=roads&address_string=x&description=y",
                                               keys[k]);
      g_autofree char *upd = g_strdup_printf ("%s&service_request_id=%s&update_id=u1&status=closed"
                                              "&updated_datetime=2026-11-21T08:00:00Z&description=z",
                                              keys[k], t->receipt);
      g_autoptr(LtOpen311Response) a = get (f, existing, keys[k]);
      g_autofree char *missing = g_strdup_printf ("/v2/requests/%s.json", unknown_receipt ());
      g_autoptr(LtOpen311Response) b = get (f, missing, keys[k]);
      g_autoptr(LtOpen311Response) c = get (f, "/v2/requests.json", keys[k]);
      g_autoptr(LtOpen311Response) d = get (f, "/v2/servicerequestupdates.json", keys[k]);
      g_autoptr(LtOpen311Response) e = post (f, "/v2/requests.json", form);
      g_autoptr(LtOpen311Response) u = post (f, "/v2/servicerequestupdates.json", upd);
      g_autoptr(LtOpen311Response) x = get (f, "/v2/requests.xml", keys[k]);

      assert_error (a, 403);
      assert_error (b, 403);
      g_assert_true (g_bytes_equal (a->body, b->body));
      assert_error (c, 403);
      assert_error (d, 403);
      assert_error (e, 403);
      assert_error (u, 403);
      g_assert_cmpuint (x->status, ==, 403);
      assert_well_formed (f, x);
      assert_xpath (f, x, "/errors/error/code", "403");
    }
  g_assert_cmpuint (count_tickets (f), ==, tickets);
  g_assert_cmpuint (count_events (f, t->receipt, "closed"), ==, 0);

  /* The key may come in the query of a POST too. */
  {
    g_autoptr(LtOpen311Response) r = call_full (f, "POST", "/v2/requests.json", "api_key=" KEY,
        "application/x-www-form-urlencoded", "service_code=roads&address_string=x&description=y", -1);
    g_assert_cmpuint (r->status, ==, 200);
  }
}

static JsonArray *
list (Fixture *f, const char *query, JsonNode **keep, guint expected_status)
{
  g_autofree char *q = g_strdup_printf ("api_key=" KEY "%s%s", query ? "&" : "", query ? query : "");
  g_autoptr(LtOpen311Response) r = get (f, "/v2/requests.json", q);

  g_assert_cmpuint (r->status, ==, expected_status);
  *keep = json_of (r);
  return expected_status == 200 ? json_array_of (*keep, G_MAXUINT) : NULL;
}

static gboolean
listed (JsonArray *a, const char *receipt)
{
  for (guint i = 0; i < json_array_get_length (a); i++)
    if (g_str_equal (member_string (json_array_get_object_element (a, i), "service_request_id"),
                     receipt))
      return TRUE;
  return FALSE;
}

static void
test_filters (Fixture *f, gconstpointer data)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(LtTicket) roads = NULL, noise = NULL, closed = NULL, old = NULL;
  g_autoptr(JsonNode) n = NULL;
  g_autofree char *ids = NULL;
  JsonArray *a;

  set_now (now - 40 * 86400);
  old = submit (f, "roads", "四十天前", NULL);
  set_now (now - 3600);
  roads = submit (f, "roads", "路面坑洼", NULL);
  noise = submit (f, "noise", "夜间施工", NULL);
  closed = submit (f, "sanitation", "垃圾没有清运", NULL);
  g_assert_true (lt_store_close (f->store, closed->receipt, "已清运", NULL, NULL));
  set_now (now);

  a = list (f, NULL, &n, 200);
  g_assert_cmpuint (json_array_get_length (a), ==, 4);
  /* Newest first. */
  g_assert_cmpstr (member_string (json_array_get_object_element (a, 3), "service_request_id"),
                   ==, old->receipt);
  g_clear_pointer (&n, json_node_unref);

  a = list (f, "service_code=roads", &n, 200);
  g_assert_cmpuint (json_array_get_length (a), ==, 2);
  g_assert_true (listed (a, roads->receipt) && listed (a, old->receipt));
  g_clear_pointer (&n, json_node_unref);
  a = list (f, "service_code=noise,sanitation", &n, 200);
  g_assert_cmpuint (json_array_get_length (a), ==, 2);
  g_clear_pointer (&n, json_node_unref);

  a = list (f, "status=closed", &n, 200);
  g_assert_cmpuint (json_array_get_length (a), ==, 1);
  g_assert_true (listed (a, closed->receipt));
  g_clear_pointer (&n, json_node_unref);
  a = list (f, "status=open", &n, 200);
  g_assert_cmpuint (json_array_get_length (a), ==, 3);
  g_clear_pointer (&n, json_node_unref);
  a = list (f, "status=open,closed&service_code=sanitation", &n, 200);
  g_assert_cmpuint (json_array_get_length (a), ==, 1);
  g_clear_pointer (&n, json_node_unref);

  /* Dates: a window of the last week, with an offset; the old one only
   * when the window reaches back to it. */
  {
    g_autoptr(GDateTime) week = g_date_time_new_from_unix_utc (now - 7 * 86400);
    g_autoptr(GDateTime) far = g_date_time_new_from_unix_utc (now - 50 * 86400);
    g_autofree char *from_week = g_date_time_format (week, "start_date=%Y-%m-%dT%H:%M:%S%%2B00:00");
    g_autofree char *from_far = g_date_time_format (far, "start_date=%Y-%m-%dT%H:%M:%SZ");

    a = list (f, from_week, &n, 200);
    g_assert_cmpuint (json_array_get_length (a), ==, 3);
    g_assert_false (listed (a, old->receipt));
    g_clear_pointer (&n, json_node_unref);
    a = list (f, from_far, &n, 200);
    g_assert_cmpuint (json_array_get_length (a), ==, 4);
    g_clear_pointer (&n, json_node_unref);
  }

  /* service_request_id overrides everything else. */
  ids = g_strdup_printf ("service_request_id=%s,%s,%s&status=closed", old->receipt, noise->receipt,
                         unknown_receipt ());
  a = list (f, ids, &n, 200);
  g_assert_cmpuint (json_array_get_length (a), ==, 2);
  g_assert_true (listed (a, old->receipt) && listed (a, noise->receipt));
  g_clear_pointer (&n, json_node_unref);

  /* The same in XML. */
  {
    g_autoptr(LtOpen311Response) x = get (f, "/v2/requests.xml", "api_key=" KEY "&status=closed");
    assert_well_formed (f, x);
    assert_xpath (f, x, "count(/service_requests/request)", "1");
    assert_xpath (f, x, "/service_requests/request/service_request_id", closed->receipt);
  }

  /* Bad filters are the specification's 400s. */
  {
    const char *bad[] = {
      "status=pending", "service_code=weather", "service_code=roads,'%20OR%201=1--",
      "start_date=yesterday", "start_date=2026-11-21T08:00:00", "end_date=2026-13-01",
      "start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z",
      "start_date=2026-06-01T00:00:00Z&end_date=2026-01-01T00:00:00Z",
      "service_request_id=1;DROP%20TABLE%20tickets", "start_date=2026-02-30",
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *q = g_strdup_printf ("api_key=" KEY "&%s", bad[i]);
        g_autoptr(LtOpen311Response) r = get (f, "/v2/requests.json", q);

        assert_error (r, 400);
      }
  }
  g_assert_cmpuint (count_tickets (f), ==, 4);
}

/* The specification's defaults: the last 90 days, at most 1,000 rows. */
static void
test_defaults (Fixture *f, gconstpointer data)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) n = NULL;
  g_autoptr(GPtrArray) old = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *newest = NULL;
  JsonArray *a;

  /* One transaction: a thousand fsyncs would only make the test slow. */
  g_assert_true (lt_store_begin (f->store, &error));
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(LtTicket) t = NULL;

      set_now (now - 91 * 86400 - i * 3600);
      t = submit (f, "roads", "九十天以前", NULL);
      g_ptr_array_add (old, g_strdup (t->receipt));
    }
  for (guint i = 0; i < 1010; i++)
    {
      g_autoptr(LtTicket) t = NULL;

      set_now (now - 80 * 86400 + i * 600);
      t = submit (f, i % 2 ? "roads" : "noise", "近期", NULL);
      g_free (newest);
      newest = g_strdup (t->receipt);
    }
  g_assert_true (lt_store_commit (f->store, &error));
  set_now (now);

  a = list (f, NULL, &n, 200);
  g_assert_cmpuint (json_array_get_length (a), ==, 1000);
  g_assert_cmpstr (member_string (json_array_get_object_element (a, 0), "service_request_id"),
                   ==, newest);
  for (guint i = 0; i < old->len; i++)
    g_assert_false (listed (a, g_ptr_array_index (old, i)));
  g_clear_pointer (&n, json_node_unref);

  /* A window of its own reaches the old ones; one bound means 90 days. */
  {
    g_autoptr(GDateTime) end = g_date_time_new_from_unix_local (now - 90 * 86400);
    g_autofree char *q = g_date_time_format (end, "end_date=%Y-%m-%dT%H:%M:%S%%2B08:00");

    a = list (f, q, &n, 200);
    g_assert_cmpuint (json_array_get_length (a), ==, old->len);
    g_clear_pointer (&n, json_node_unref);
  }
  /* A URL whose '+' was not escaped arrives with a space: still read. */
  {
    g_autoptr(GDateTime) end = g_date_time_new_from_unix_local (now - 90 * 86400);
    g_autofree char *q = g_date_time_format (end, "end_date=%Y-%m-%dT%H:%M:%S%%2008:00");

    a = list (f, q, &n, 200);
    g_assert_cmpuint (json_array_get_length (a), ==, old->len);
    g_clear_pointer (&n, json_node_unref);
  }
}

static JsonArray *
updates (Fixture *f, const char *query, JsonNode **keep)
{
  g_autofree char *q = g_strdup_printf ("api_key=" KEY "%s%s", query ? "&" : "", query ? query : "");
  g_autoptr(LtOpen311Response) r = get (f, "/v2/servicerequestupdates.json", q);

  g_assert_cmpuint (r->status, ==, 200);
  *keep = json_of (r);
  return json_array_of (*keep, G_MAXUINT);
}

static void
test_updates_get (Fixture *f, gconstpointer data)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(LtTicket) t = NULL;
  g_autoptr(JsonNode) n = NULL;
  JsonArray *a;
  JsonObject *o;

  set_now (now - 200);
  t = submit (f, "roads", "路灯不亮", NULL);
  set_now (now - 100);
  g_assert_true (lt_store_transfer (f->store, t->receipt, "供电所", NULL, NULL, NULL));
  set_now (now - 50);
  g_assert_true (lt_store_close (f->store, t->receipt, "已更换灯泡", NULL, NULL));
  set_now (now);

  a = updates (f, NULL, &n);
  g_assert_cmpuint (json_array_get_length (a), ==, 3);
  o = json_array_get_object_element (a, 0);
  g_assert_cmpstr (member_string (o, "service_request_id"), ==, t->receipt);
  g_assert_cmpstr (member_string (o, "status"), ==, "open");
  g_assert_cmpstr (member_string (o, "external_status_code"), ==, "received");
  g_assert_cmpstr (member_string (o, "description"), ==, "已受理（created）");
  g_assert_cmpstr (member_string (o, "media_url"), ==, "");
  assert_w3c (member_string (o, "updated_datetime"));
  o = json_array_get_object_element (a, 1);
  g_assert_cmpstr (member_string (o, "status"), ==, "open");
  g_assert_cmpstr (member_string (o, "external_status_code"), ==, "transferred");
  g_assert_cmpstr (member_string (o, "description"), ==, "已转办（transferred）：供电所");
  o = json_array_get_object_element (a, 2);
  g_assert_cmpstr (member_string (o, "status"), ==, "closed");
  g_assert_cmpstr (member_string (o, "description"), ==, "已办结（closed）：已更换灯泡");
  g_assert_cmpstr (member_string (json_array_get_object_element (a, 0), "update_id"), !=,
                   member_string (o, "update_id"));
  g_clear_pointer (&n, json_node_unref);

  /* Since a date: only what changed after it. */
  {
    g_autoptr(GDateTime) since = g_date_time_new_from_unix_utc (now - 60);
    g_autofree char *q = g_date_time_format (since, "start_date=%Y-%m-%dT%H:%M:%SZ");

    a = updates (f, q, &n);
    g_assert_cmpuint (json_array_get_length (a), ==, 1);
    g_assert_cmpstr (member_string (json_array_get_object_element (a, 0), "status"), ==, "closed");
    g_clear_pointer (&n, json_node_unref);
  }
  {
    g_autoptr(LtOpen311Response) x = get (f, "/v2/servicerequestupdates.xml", "api_key=" KEY);

    assert_well_formed (f, x);
    assert_xpath (f, x, "count(/service_request_updates/request_update)", "3");
    assert_xpath (f, x, "/service_request_updates/request_update[3]/status", "closed");
    assert_xpath (f, x, "/service_request_updates/request_update[3]/service_request_id", t->receipt);
  }
}

static LtOpen311Response *
post_update (Fixture *f, const char *receipt, const char *update_id, const char *status,
             const char *description)
{
  g_autofree char *escaped = g_uri_escape_string (description, NULL, FALSE);
  g_autofree char *form = g_strdup_printf (
      "api_key=" KEY "&service_request_id=%s&update_id=%s&status=%s"
      "&updated_datetime=2026-11-21T08:30:00%%2B08:00&description=%s",
      receipt, update_id, status, escaped);

  return post (f, "/v2/servicerequestupdates.json", form);
}

static char *
update_answer (LtOpen311Response *r)
{
  g_autoptr(JsonNode) n = json_of (r);
  JsonObject *o;

  g_assert_cmpuint (r->status, ==, 200);
  o = json_array_get_object_element (json_array_of (n, 1), 0);
  return g_strdup (member_string (o, "update_id"));
}

static void
test_updates_post (Fixture *f, gconstpointer data)
{
  g_autoptr(LtTicket) t = submit (f, "roads", "路灯不亮", PHONE);
  g_autoptr(LtTicket) after = NULL;
  g_autoptr(LtOpen311Response) r1 = post_update (f, t->receipt, "p-1", "CLOSED", "平台：已修复");
  g_autoptr(LtOpen311Response) r2 = post_update (f, t->receipt, "p-1", "CLOSED", "平台：已修复");
  g_autoptr(LtOpen311Response) r3 = post_update (f, t->receipt, "p-1", "CLOSED", "不同的内容");
  g_autofree char *id1 = update_answer (r1);
  g_autofree char *id2 = update_answer (r2);
  g_autoptr(GPtrArray) sms = NULL;
  guint closures = 0;

  /* Applied once, answered the same way twice; the id reused for other
   * content is refused. */
  g_assert_cmpstr (id1, ==, id2);
  g_assert_true (g_bytes_equal (r1->body, r2->body));
  assert_error (r3, 400);
  after = lt_store_get (f->store, t->receipt, NULL);
  g_assert_cmpint (after->status, ==, LT_STATUS_CLOSED);
  g_assert_cmpuint (count_events (f, t->receipt, "closed"), ==, 1);
  sms = lt_store_outbox_list (f->store, -1, NULL);
  for (guint i = 0; i < sms->len; i++)
    closures += g_str_equal (((LtOutboxMessage *) g_ptr_array_index (sms, i))->kind, "closure");
  g_assert_cmpuint (closures, ==, 1);

  /* The update is what GET servicerequestupdates lists under that id. */
  {
    g_autoptr(JsonNode) n = NULL;
    JsonArray *a = updates (f, NULL, &n);
    JsonObject *last = json_array_get_object_element (a, json_array_get_length (a) - 1);

    g_assert_cmpstr (member_string (last, "update_id"), ==, id1);
    g_assert_cmpstr (member_string (last, "description"), ==, "已办结（closed）：平台：已修复");
  }

  /* "open" on a closed ticket reopens it; on an open one, adds a note;
   * "closed" on a closed one, a note too. */
  {
    g_autoptr(LtOpen311Response) a = post_update (f, t->receipt, "p-2", "open", "居民说又坏了");
    g_autoptr(LtOpen311Response) b = post_update (f, t->receipt, "p-3", "open", "已派人");
    g_autoptr(LtOpen311Response) x = NULL;
    g_autoptr(LtTicket) now = NULL;
    g_autofree char *ia = update_answer (a);
    g_autofree char *ib = update_answer (b);

    now = lt_store_get (f->store, t->receipt, NULL);
    g_assert_cmpint (now->status, ==, LT_STATUS_REOPENED);
    g_assert_cmpuint (count_events (f, t->receipt, "reopened"), ==, 1);
    g_assert_cmpuint (count_events (f, t->receipt, "note"), ==, 1);
    g_assert_cmpstr (ia, !=, ib);
    g_assert_cmpstr (((LtEvent *) g_ptr_array_index (now->events, now->events->len - 1))->actor,
                     ==, "市民热线平台");

    {
      g_autofree char *form = g_strdup_printf (
          "api_key=" KEY "&service_request_id=%s&update_id=p-9&status=open"
          "&updated_datetime=2026-11-21T08:30:00Z&description=x", unknown_receipt ());
      x = call_full (f, "POST", "/v2/servicerequestupdates.xml", NULL, NULL, form, -1);
    }
    g_assert_cmpuint (x->status, ==, 404);
    assert_well_formed (f, x);
  }

  /* Missing or wrong fields: 400, nothing applied. */
  {
    const char *bad[] = {
      "&update_id=b1&status=closed&updated_datetime=2026-11-21T08:30:00Z",
      "&update_id=b2&status=closed&description=x",
      "&update_id=b3&status=fixed&updated_datetime=2026-11-21T08:30:00Z&description=x",
      "&status=closed&updated_datetime=2026-11-21T08:30:00Z&description=x",
      "&update_id=b5&status=closed&updated_datetime=21/11/2026&description=x",
      "&update_id=b6&status=closed&updated_datetime=2026-11-21T08:30:00Z&description=%20%20",
    };
    g_autoptr(LtTicket) before = lt_store_get (f->store, t->receipt, NULL);
    guint events = before->events->len;

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *form = g_strdup_printf ("api_key=" KEY "&service_request_id=%s%s",
                                                 t->receipt, bad[i]);
        g_autoptr(LtOpen311Response) r = post (f, "/v2/servicerequestupdates.json", form);

        assert_error (r, 400);
      }
    {
      g_autoptr(LtTicket) again = lt_store_get (f->store, t->receipt, NULL);
      g_assert_cmpuint (again->events->len, ==, events);
    }
  }
}

/* The resident's phone never leaves: not as a field, not in the words. */
static void
test_phone_never_shown (Fixture *f, gconstpointer data)
{
  g_autofree char *id = post_request (f, "&phone=%2B86+139+8765+4321"
                                         "&address_id=%E8%AF%B7%E5%9B%9E%E7%94%B5" PHONE);
  g_autoptr(LtTicket) sms = submit (f, "roads", "我的电话是 " PHONE "，请联系", PHONE);
  g_autoptr(LtTicket) t = lt_store_get (f->store, id, NULL);
  g_autofree char *note = g_strdup_printf ("已电话联系 %s", PHONE);
  const char *paths[] = { "/v2/requests", "/v2/servicerequestupdates" };
  const char *formats[] = { ".json", ".xml" };

  g_assert_cmpstr (t->phone, ==, PHONE);   /* kept, for the closure SMS */
  g_assert_true (lt_store_append_text (f->store, sms->receipt, "再说一遍 " PHONE, NULL, NULL));
  g_assert_true (lt_store_close (f->store, sms->receipt, note, NULL, NULL));

  for (guint p = 0; p < G_N_ELEMENTS (paths); p++)
    for (guint x = 0; x < G_N_ELEMENTS (formats); x++)
      {
        g_autofree char *path = g_strconcat (paths[p], formats[x], NULL);
        g_autoptr(LtOpen311Response) r = get (f, path, "api_key=" KEY);
        const char *body = text_of (r);

        g_assert_cmpuint (r->status, ==, 200);
        g_assert_nonnull (strstr (body, sms->receipt));
        g_assert_nonnull (strstr (body, id));
        g_assert_null (strstr (body, PHONE));
        g_assert_null (strstr (body, "87654321"));
        g_assert_null (strstr (body, "8765 4321"));
      }
  for (guint x = 0; x < G_N_ELEMENTS (formats); x++)
    {
      g_autofree char *path = g_strdup_printf ("/v2/requests/%s%s", sms->receipt, formats[x]);
      g_autoptr(LtOpen311Response) r = get (f, path, "api_key=" KEY);

      g_assert_cmpuint (r->status, ==, 200);
      g_assert_null (strstr (text_of (r), "87654321"));
      g_assert_nonnull (strstr (text_of (r), "我的电话是 ***"));
    }
}

/* Hostile input: each a clear 400 (or 404), nothing stored. */
static void
test_bad_input (Fixture *f, gconstpointer data)
{
  g_autofree char *huge = NULL;
  g_autofree char *many = NULL;
  g_autofree char *too_long = NULL;
  const char *base = "api_key=" KEY "&service_code=roads&address_string=x";
  struct { const char *form; guint status; } cases[] = {
    { "&description=%FF%FE", 400 },                       /* invalid UTF-8 */
    { "&description=%C0%80", 400 },                       /* overlong NUL */
    { "&description=a%00b", 400 },                        /* NUL */
    { "&description=a%1Bb", 400 },                        /* escape character */
    { "&description=bad%2", 400 },                        /* broken escape */
    { "&description=x&description=y", 400 },              /* twice */
    { "&%FF=x&description=y", 400 },                      /* invalid name */
    { "", 400 },                                          /* no description */
    { "&description=%20%0A", 400 },                       /* blank description */
    { "&description=x&lat=abc&long=1", 400 },             /* wrong type */
    { "&description=x&lat=91&long=1", 400 },
    { "&description=x&lat=1", 400 },                      /* half a location */
    { "&description=x&lat=nan&long=inf", 400 },
  };
  guint tickets = count_tickets (f);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *form = g_strconcat (base, cases[i].form, NULL);
      g_autoptr(LtOpen311Response) r = post (f, "/v2/requests.json", form);
      g_autoptr(LtOpen311Response) x = post (f, "/v2/requests.xml", form);

      assert_error (r, cases[i].status);
      g_assert_cmpuint (x->status, ==, cases[i].status);
      assert_well_formed (f, x);
    }

  {
    const char *forms[] = {
      "api_key=" KEY "&description=x&address_string=y",                   /* no service_code */
      "api_key=" KEY "&service_code=roads&description=x",                 /* no location */
    };
    for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
      {
        g_autoptr(LtOpen311Response) r = post (f, "/v2/requests.json", forms[i]);
        assert_error (r, 400);
      }
  }
  {
    /* SQL metacharacters: an unknown service, not a query. */
    g_autoptr(LtOpen311Response) r = post (f, "/v2/requests.json",
        "api_key=" KEY "&service_code=roads'%20OR%20'1'='1&address_string=x&description=y");
    assert_error (r, 404);
  }

  /* Huge values, too many fields, a description over 4,000 characters. */
  huge = g_strnfill (3 * 1024 * 1024, 'a');
  memcpy (huge, "api_key=" KEY "&service_code=roads&address_string=x&description=",
          strlen ("api_key=" KEY "&service_code=roads&address_string=x&description="));
  {
    g_autoptr(LtOpen311Response) r = post (f, "/v2/requests.json", huge);
    assert_error (r, 400);
  }
  {
    g_autoptr(GString) s = g_string_new ("api_key=" KEY "&service_code=roads&address_string=x&description=y");
    for (guint i = 0; i < 100; i++)
      g_string_append_printf (s, "&f%u=1", i);
    many = g_string_free (g_steal_pointer (&s), FALSE);
  }
  {
    g_autoptr(LtOpen311Response) r = post (f, "/v2/requests.json", many);
    assert_error (r, 400);
  }
  {
    g_autoptr(GString) s = g_string_new (base);
    g_string_append (s, "&description=");
    for (guint i = 0; i < 4001; i++)
      g_string_append (s, "%E5%AD%97");
    too_long = g_string_free (g_steal_pointer (&s), FALSE);
  }
  {
    g_autoptr(LtOpen311Response) r = post (f, "/v2/requests.json", too_long);
    assert_error (r, 400);
  }

  /* A body that is not a form, a query with invalid UTF-8, conflicting
   * values, unknown paths and methods. */
  {
    g_autoptr(LtOpen311Response) json = call_full (f, "POST", "/v2/requests.json", NULL,
        "application/json", "{\"api_key\":\"" KEY "\"}", -1);
    g_autoptr(LtOpen311Response) json_keyed = call_full (f, "POST", "/v2/requests.json",
        "api_key=" KEY, "application/json", "{\"service_code\":1}", -1);
    g_autoptr(LtOpen311Response) query = get (f, "/v2/requests.json", "api_key=" KEY "&status=%FF");
    g_autoptr(LtOpen311Response) twice = call_full (f, "POST", "/v2/requests.json",
        "api_key=" KEY "&service_code=noise", "application/x-www-form-urlencoded",
        "service_code=roads&address_string=x&description=y", -1);
    g_autoptr(LtOpen311Response) unknown = get (f, "/v2/tickets.json", "api_key=" KEY);
    g_autoptr(LtOpen311Response) no_format = get (f, "/v2/requests", "api_key=" KEY);
    g_autoptr(LtOpen311Response) other_format = get (f, "/v2/requests.csv", "api_key=" KEY);
    g_autoptr(LtOpen311Response) put = call_full (f, "PUT", "/v2/requests.json", "api_key=" KEY,
                                                  NULL, NULL, 0);
    g_autoptr(LtOpen311Response) post_services = call_full (f, "POST", "/v2/services.json",
                                                            NULL, NULL, NULL, 0);
    g_autoptr(LtOpen311Response) bad_path = call_full (f, "GET", "/v2/\xff.json", NULL, NULL, NULL, 0);

    assert_error (json, 403);        /* a JSON body is not where the key is read */
    assert_error (json_keyed, 400);
    assert_error (query, 400);
    assert_error (twice, 400);
    assert_error (unknown, 404);
    g_assert_cmpuint (no_format->status, ==, 404);
    assert_well_formed (f, no_format);
    g_assert_cmpuint (other_format->status, ==, 404);
    assert_error (put, 400);
    assert_error (post_services, 400);
    g_assert_cmpuint (bad_path->status, ==, 404);
  }
  g_assert_cmpuint (count_tickets (f), ==, tickets);

  /* SQL metacharacters in the words are words: stored and shown verbatim,
   * escaped in XML. */
  {
    const char *words = "'); DROP TABLE tickets;-- <b>&amp;</b> ]]>";
    g_autofree char *escaped = g_uri_escape_string (words, NULL, FALSE);
    g_autofree char *form = g_strdup_printf ("%s&description=%s", base, escaped);
    g_autoptr(LtOpen311Response) r = post (f, "/v2/requests.xml", form);
    g_autofree char *id = xpath (f, r, "/service_requests/request/service_request_id");
    g_autofree char *path = g_strdup_printf ("/v2/requests/%s.xml", id);
    g_autoptr(LtOpen311Response) back = get (f, path, "api_key=" KEY);

    g_assert_cmpuint (r->status, ==, 200);
    assert_well_formed (f, back);
    assert_xpath (f, back, "/service_requests/request/description", words);
    g_assert_cmpuint (count_tickets (f), ==, tickets + 1);
  }
}

static void
test_jurisdiction (Fixture *f, gconstpointer data)
{
  g_autoptr(LtOpen311Response) other = get (f, "/v2/services.json", "jurisdiction_id=elsewhere.gov");
  g_autoptr(LtOpen311Response) ours = get (f, "/v2/services.json", "jurisdiction_id=district.example");
  g_autoptr(LtOpen311Response) none = get (f, "/v2/services.json", NULL);
  g_autoptr(LtOpen311Response) keyed = get (f, "/v2/requests.json",
                                            "api_key=" KEY "&jurisdiction_id=elsewhere.gov");

  assert_error (other, 404);
  assert_error (keyed, 404);
  g_assert_cmpuint (ours->status, ==, 200);
  g_assert_cmpuint (none->status, ==, 200);
}

/* A database made before the platform channel keeps its tickets and their
 * events when the tickets table is rebuilt. */
static void
test_migration (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("laiting-open311-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "old.db", NULL);
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
  g_autoptr(LtConfig) config = lt_config_new_default ();
  g_autoptr(LtStore) store = NULL;
  g_autoptr(LtTicket) t = NULL;
  g_autoptr(LtTicket) p = NULL;
  LtSubmission sub = { LT_CHANNEL_PLATFORM, "roads", "平台来的", NULL, NULL, NULL };
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  /* The version-1 schema, as the first migration made it. */
  g_assert_cmpint (sqlite3_exec (db,
      "CREATE TABLE origin_seq (origin INTEGER PRIMARY KEY, last INTEGER NOT NULL);"
      "CREATE TABLE tickets (id INTEGER PRIMARY KEY, receipt TEXT NOT NULL UNIQUE,"
      " status TEXT NOT NULL CHECK (status IN ('received','transferred','closed','reopened')),"
      " channel TEXT NOT NULL CHECK (channel IN ('kiosk','sms','staff')),"
      " category TEXT NOT NULL, text TEXT NOT NULL, location TEXT, phone TEXT,"
      " phone_is_mobile INTEGER NOT NULL DEFAULT 0, assignee TEXT, created_at INTEGER NOT NULL,"
      " updated_at INTEGER NOT NULL, due_at INTEGER NOT NULL, closed_at INTEGER, rating INTEGER);"
      "CREATE INDEX tickets_by_created ON tickets (created_at);"
      "CREATE INDEX tickets_open_by_due ON tickets (due_at) WHERE status <> 'closed';"
      "CREATE INDEX tickets_by_phone ON tickets (phone, created_at);"
      "CREATE TABLE events (id INTEGER PRIMARY KEY,"
      " ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,"
      " at INTEGER NOT NULL, kind TEXT NOT NULL, actor TEXT NOT NULL, note TEXT);"
      "CREATE TABLE outbox (id INTEGER PRIMARY KEY,"
      " ticket_id INTEGER REFERENCES tickets (id) ON DELETE SET NULL, phone TEXT NOT NULL,"
      " kind TEXT NOT NULL, body TEXT NOT NULL, segments INTEGER NOT NULL,"
      " state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued','sending','sent','failed')),"
      " attempts INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL,"
      " next_attempt_at INTEGER NOT NULL, sent_at INTEGER, modem_ref INTEGER, last_error TEXT);"
      "CREATE TABLE inbound (id INTEGER PRIMARY KEY, dedupe_key TEXT NOT NULL UNIQUE,"
      " sender TEXT NOT NULL, sent_at INTEGER, received_at INTEGER NOT NULL, text TEXT NOT NULL,"
      " parts INTEGER NOT NULL DEFAULT 1, incomplete INTEGER NOT NULL DEFAULT 0, action TEXT,"
      " ticket_id INTEGER REFERENCES tickets (id) ON DELETE SET NULL);"
      "CREATE TABLE contacts (phone TEXT PRIMARY KEY, opted_out INTEGER NOT NULL DEFAULT 0,"
      " window_start INTEGER NOT NULL DEFAULT 0, replies_in_window INTEGER NOT NULL DEFAULT 0,"
      " last_text TEXT, repeat_count INTEGER NOT NULL DEFAULT 0,"
      " muted_until INTEGER NOT NULL DEFAULT 0);"
      "INSERT INTO tickets VALUES (7, '100000017', 'transferred', 'sms', 'roads', '旧工单',"
      " NULL, NULL, 0, '街道办', 1000, 2000, 3000, NULL, NULL);"
      "INSERT INTO events VALUES (1, 7, 1000, 'created', '短信', NULL),"
      " (2, 7, 2000, 'transferred', '工作人员', '街道办');"
      /* A column another migration may have added before this one. */
      "ALTER TABLE tickets ADD COLUMN added_elsewhere TEXT;"
      "UPDATE tickets SET added_elsewhere = 'h7';"
      "PRAGMA application_id = 1280593479; PRAGMA user_version = 1;",
      NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = lt_store_open (path, config, &error);
  g_assert_no_error (error);
  t = lt_store_get (store, "100000017", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (t->text, ==, "旧工单");
  g_assert_cmpuint (t->events->len, ==, 2);
  p = lt_store_submit (store, &sub, &error);
  g_assert_no_error (error);
  g_assert_cmpint (p->channel, ==, LT_CHANNEL_PLATFORM);
  g_assert_true (lt_store_transfer (store, "100000017", "城管", NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  /* The added column and its value came along; the CHECK still refuses a
   * channel nobody has; the indexes are back. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT added_elsewhere, (SELECT count(*) FROM"
                                             " sqlite_schema WHERE tbl_name = 'tickets' AND type ="
                                             " 'index' AND sql IS NOT NULL) FROM tickets WHERE id = 7",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "h7");
    g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 3);
    sqlite3_finalize (stmt);
  }
  g_assert_cmpint (sqlite3_exec (db, "UPDATE tickets SET channel = 'fax' WHERE id = 7",
                                 NULL, NULL, NULL), ==, SQLITE_CONSTRAINT);
  sqlite3_close (db);
  g_assert_cmpint (system (cmd), ==, 0);
}

static void
test_date (void)
{
  static const struct { const char *text; gint64 expected; } good[] = {
    { "1994-11-05T08:15:30-05:00",     784041330 },
    { "1994-11-05T13:15:30Z",          784041330 },
    { "1994-11-05T21:15:30+08:00",     784041330 },
    { "1994-11-05T21:15:30 08:00",     784041330 },   /* '+' unescaped in a URL */
    { "1994-11-05T21:15:30.999+08:00", 784041330 },
    { "1994-11-05T21:15+08:00",        784041300 },
    { "1994-11-06",                    784051200 },   /* local midnight, Asia/Shanghai */
    { "2016-12-31T23:59:60Z",          1483228799 },  /* a leap second */
  };
  static const char *const bad[] = {
    "", "1994", "1994-11", "1994-11-05T08:15:30", "1994-11-05 08:15:30Z", "1994-13-05",
    "1994-02-30", "1994-11-05T24:00:00Z", "1994-11-05T08:60Z", "1994-11-05T08:15:30+15:00",
    "1994-11-05T08:15:30+0800", "1994-11-05T08:15:30.Z", "1969-12-31T23:59:59Z",
    "１９９４-11-05", "1994-11-05T08:15:30Zjunk", "+1994-11-05", "1994-11-05T08:15:30.1234567890Z",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 t = 0;

      g_assert_true (lt_open311_date_parse ("start_date", good[i].text, &t, &error));
      g_assert_no_error (error);
      g_assert_cmpint (t, ==, good[i].expected);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 t = 42;

      g_assert_false (lt_open311_date_parse ("end_date", bad[i], &t, &error));
      g_assert_error (error, LT_OPEN311_ERROR, LT_OPEN311_ERROR_BAD_REQUEST);
      g_assert_nonnull (strstr (error->message, "end_date"));
      g_assert_cmpint (t, ==, 42);
    }
}

static void
test_form (void)
{
  static const char *const bad[] = {
    "a=%FF", "a=%C0%80", "a=%00", "a=x%0", "a=%zz", "a=1&a=2", "=x", "a=%7F", "%E5=1",
  };
  const char *form = "service_code=roads&&description=%E8%B7%AF+%E7%81%AF%0A"
                     "&empty=&bare&plus=1%2B1";
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) t = lt_open311_form_parse (form, strlen (form), &error);
  g_autofree char *key = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (t), ==, 5);
  g_assert_cmpstr (g_hash_table_lookup (t, "service_code"), ==, "roads");
  g_assert_cmpstr (g_hash_table_lookup (t, "description"), ==, "路 灯\n");
  g_assert_cmpstr (g_hash_table_lookup (t, "empty"), ==, "");
  g_assert_cmpstr (g_hash_table_lookup (t, "bare"), ==, "");
  g_assert_cmpstr (g_hash_table_lookup (t, "plus"), ==, "1+1");

  /* Length counts, not a terminating NUL: bytes after @length are unread. */
  g_clear_pointer (&t, g_hash_table_unref);
  t = lt_open311_form_parse ("a=1&b=2", 3, NULL);
  g_assert_cmpuint (g_hash_table_size (t), ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) e = NULL;
      g_autoptr(GHashTable) none = lt_open311_form_parse (bad[i], strlen (bad[i]), &e);

      g_assert_null (none);
      g_assert_error (e, LT_OPEN311_ERROR, LT_OPEN311_ERROR_BAD_REQUEST);
      g_assert_true (g_utf8_validate (e->message, -1, NULL));
    }

  key = lt_open311_form_lookup ("x=%FF&api_key=a%2Bb&api_key=c", 29, "api_key");
  g_assert_cmpstr (key, ==, "a+b");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  g_test_add ("/open311/" path, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("discovery", test_discovery, NULL);
  ADD ("services", test_services, NULL);
  ADD ("post-request", test_post_request, NULL);
  ADD ("get-request", test_get_request, NULL);
  ADD ("auth", test_auth, NULL);
  ADD ("filters", test_filters, NULL);
  ADD ("defaults", test_defaults, NULL);
  ADD ("updates-get", test_updates_get, NULL);
  ADD ("updates-post", test_updates_post, NULL);
  ADD ("phone-never-shown", test_phone_never_shown, NULL);
  ADD ("bad-input", test_bad_input, NULL);
  ADD ("jurisdiction", test_jurisdiction, "district.example");
#undef ADD
  g_test_add_func ("/open311/migration", test_migration);
  g_test_add_func ("/open311/date", test_date);
  g_test_add_func ("/open311/form", test_form);
  return g_test_run ();
}
