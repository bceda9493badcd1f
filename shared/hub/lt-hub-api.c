/* lt-hub-api.c — the routes of /api/v1/: who may call them, what they do.
 *
 * Each route names the permission it needs (lt-hub-auth.h's role table)
 * and whether it writes. A request is checked on the main loop as far as
 * that needs no store (route, method, a token present, the body's JSON),
 * then paused; a worker authenticates the token and runs the route:
 * writes in the group-commit writer (lt-hub-commit.c), so that their
 * answer leaves only after the commit, reads in a GTask thread. The shapes
 * are the CLI's --json ones (lt-json.c). Errors are
 * {"error": {"code", "message"}} with the status that fits; a refusal
 * never says whether a receipt exists to someone who may not read it. */

#define G_LOG_DOMAIN "lt-hub"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "lt-device.h"
#include "lt-hub-api.h"
#include "lt-hub-request.h"
#include "lt-hub-server.h"
#include "lt-hub-voice.h"
#include "lt-json.h"
#include "lt-receipt.h"
#include "lt-report.h"
#include "lt-slips.h"
#include "lt-time.h"
#include "lt-sms-receive.h"

#define LIST_LIMIT_DEFAULT 1000
#define LIST_LIMIT_MAX     10000

typedef struct _Call Call;
typedef struct _Route Route;

/* What a route answers: a status and a body. */
typedef struct {
  guint   status;
  char   *content_type;
  GBytes *body;
  char   *count_name;   /* a header with a count the CLI prints, or NULL */
  char   *count_value;
} Reply;

/* Runs in a worker with the authenticated device; returns FALSE for a
 * refusal (a write's savepoint is then rolled back). Sets call->reply. */
typedef gboolean (*Action) (Call *call, LtStore *store, const LtDevice *device);

struct _Route {
  const char      *method;
  const char      *pattern;     /* segments after /api/v1/; R = a receipt, N = an id */
  LtHubPermission  permission;
  gboolean         writes;
  Action           action;
  const char      *change;      /* for ticket changes: "transfer" … */
};

struct _Call {
  LtHubServer       *server;
  SoupServerMessage *msg;
  const Route       *route;
  char              *token;
  char              *peer;
  char               receipt[LT_RECEIPT_LEN + 1];
  GError            *receipt_error;  /* the path's receipt did not parse */
  gint64             id;
  JsonObject        *body;
  GBytes            *raw;        /* a PUT's body: a voice note */
  guint              seconds;    /* its length, checked with it */
  GHashTable        *query;
  gint64             now;
  Reply              reply;
  char              *log;        /* a journal line, written on the main loop */
  gboolean           finished;   /* the client went away */
  gulong             finished_id;
};

static void
call_free (Call *call)
{
  g_free (call->token);
  g_free (call->peer);
  g_clear_error (&call->receipt_error);
  g_clear_pointer (&call->body, json_object_unref);
  g_clear_pointer (&call->raw, g_bytes_unref);
  g_clear_pointer (&call->query, g_hash_table_unref);
  g_free (call->reply.content_type);
  g_clear_pointer (&call->reply.body, g_bytes_unref);
  g_free (call->reply.count_name);
  g_free (call->reply.count_value);
  g_free (call->log);
  if (call->finished_id != 0)
    g_signal_handler_disconnect (call->msg, call->finished_id);
  g_clear_object (&call->msg);
  g_clear_object (&call->server);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Call, call_free)

/* Replies. */

static gboolean
reply_json (Call *call, guint status, JsonNode *node)
{
  g_autoptr(JsonNode) owned = node;
  g_autofree char *pretty = lt_json_to_string (node);
  /* A final newline, so that curl's output ends its line. */
  char *text = g_strconcat (pretty, "\n", NULL);

  call->reply.status = status;
  g_free (call->reply.content_type);
  call->reply.content_type = g_strdup ("application/json; charset=utf-8");
  g_clear_pointer (&call->reply.body, g_bytes_unref);
  call->reply.body = g_bytes_new_take (text, strlen (text));
  return status < 300;
}

static gboolean
reply_error (Call *call, guint status, const char *code, const char *message)
{
  char *text = lt_hub_server_error_body (code, message);

  call->reply.status = status;
  g_free (call->reply.content_type);
  call->reply.content_type = g_strdup ("application/json; charset=utf-8");
  g_clear_pointer (&call->reply.body, g_bytes_unref);
  call->reply.body = g_bytes_new_take (text, strlen (text));
  return FALSE;
}

/* The status and code for an error from the store or a parser. */
static guint
status_for (const GError *e, const char **code)
{
  if (e->domain == LT_HUB_REQUEST_ERROR)
    {
      static const char *codes[] = { "payload-too-large", "invalid-encoding", "invalid-json",
                                     "missing-field", "wrong-type", "invalid-value",
                                     "unsupported-media-type" };

      *code = e->code < (int) G_N_ELEMENTS (codes) ? codes[e->code] : "bad-request";
      if (e->code == LT_HUB_REQUEST_ERROR_MEDIA_TYPE)
        return SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE;
      return e->code == LT_HUB_REQUEST_ERROR_TOO_LARGE ? SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE
                                                       : SOUP_STATUS_BAD_REQUEST;
    }
  if (e->domain == LT_RECEIPT_ERROR)
    return *code = "invalid-receipt", SOUP_STATUS_BAD_REQUEST;
  if (e->domain == LT_TICKET_ERROR)
    {
      if (e->code == LT_TICKET_ERROR_ILLEGAL)
        return *code = "illegal-change", SOUP_STATUS_CONFLICT;
      return *code = "invalid-value", SOUP_STATUS_BAD_REQUEST;
    }
  if (e->domain == LT_STORE_ERROR)
    switch (e->code)
      {
      case LT_STORE_ERROR_NOT_FOUND:    return *code = "not-found", SOUP_STATUS_NOT_FOUND;
      case LT_STORE_ERROR_INVALID:      return *code = "invalid-value", SOUP_STATUS_BAD_REQUEST;
      case LT_STORE_ERROR_CONFLICT:     return *code = "conflict", SOUP_STATUS_CONFLICT;
      case LT_STORE_ERROR_LEASE_LOST:   return *code = "lease-lost", SOUP_STATUS_CONFLICT;
      case LT_STORE_ERROR_UNAUTHORIZED: return *code = "unauthorized", SOUP_STATUS_UNAUTHORIZED;
      case LT_STORE_ERROR_BUSY:         return *code = "busy", SOUP_STATUS_SERVICE_UNAVAILABLE;
      case LT_STORE_ERROR_FULL:         return *code = "disk-full", SOUP_STATUS_INSUFFICIENT_STORAGE;
      case LT_STORE_ERROR_EXHAUSTED:    return *code = "origin-exhausted", SOUP_STATUS_CONFLICT;
      default:                          break;
      }
  return *code = "store-error", SOUP_STATUS_INTERNAL_SERVER_ERROR;
}

static gboolean
reply_gerror (Call *call, const GError *e)
{
  const char *code;
  guint status = status_for (e, &code);

  if (status >= 500)
    call->log = g_strdup_printf ("%s %s failed: %s",
                                 soup_server_message_get_method (call->msg),
                                 g_uri_get_path (soup_server_message_get_uri (call->msg)), e->message);
  return reply_error (call, status, code, e->message);
}

static gboolean
forbidden (Call *call, const char *message)
{
  return reply_error (call, SOUP_STATUS_FORBIDDEN, "forbidden", message);
}

/* Tickets: who may see which, and how much. */

/* An office sees the tickets transferred to its department; to anyone
 * else a ticket that is not theirs looks exactly like one that does not
 * exist. */
static gboolean
office_may_see (const LtDevice *device, const LtTicket *t)
{
  return device->role != LT_ROLE_OFFICE ||
         (t->assignee != NULL && g_strcmp0 (t->assignee, device->department) == 0);
}

static gboolean
reply_not_found (Call *call, const LtDevice *device)
{
  g_autofree char *shown = lt_receipt_format (call->receipt);
  g_autofree char *message = NULL;

  if (device->role == LT_ROLE_OFFICE)
    message = g_strdup_printf (_("没有找到转给本部门的回执号为 %s 的工单。"), shown);
  else
    message = g_strdup_printf (_("没有找到回执号为 %s 的工单。"), shown);
  return reply_error (call, SOUP_STATUS_NOT_FOUND, "not-found", message);
}

static JsonNode *
ticket_view (const LtDevice *device, const LtTicket *t)
{
  return device->role == LT_ROLE_KIOSK ? lt_json_from_ticket_progress (t)
                                       : lt_json_from_ticket (t);
}

/* A kiosk deals only in receipts of its own origin; the refusal depends
 * on the number alone, never on whether the ticket exists. */
static gboolean
kiosk_owns (Call *call, const LtDevice *device, const char *receipt)
{
  g_autofree char *shown = NULL;
  g_autofree char *message = NULL;

  if (device->role != LT_ROLE_KIOSK || lt_receipt_origin (receipt) == device->origin)
    return TRUE;
  shown = lt_receipt_format (receipt);
  message = g_strdup_printf (_("回执号 %s 不是本设备（来源代码 %u）编的号，本设备不能使用它。"),
                             shown, device->origin);
  return forbidden (call, message);
}

/* POST /tickets */

static gboolean
do_submit (Call *call, LtStore *store, const LtDevice *device)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LtHubSubmit) s = lt_hub_submit_parse (call->body, &error);
  g_autoptr(LtTicket) t = NULL;
  gboolean existed = FALSE;

  if (s == NULL)
    return reply_gerror (call, error);
  if (device->role == LT_ROLE_KIOSK)
    {
      if (s->receipt == NULL)
        return reply_error (call, SOUP_STATUS_BAD_REQUEST, "missing-field",
                            _("自助机登记工单时要带上它自己编的回执号（字段“receipt”）。"));
      if (!kiosk_owns (call, device, s->receipt))
        return FALSE;
      if (s->channel != LT_CHANNEL_KIOSK)
        return forbidden (call, _("自助机只能登记来源为 kiosk 的工单。"));
    }
  else if (s->receipt != NULL)
    return forbidden (call, _("本设备没有自己的来源代码，登记时不能带回执号，由服务端编号。"));

  {
    LtSubmission sub = {
      .channel = s->channel,
      .category = s->category,
      .text = s->text,
      .location = s->location,
      .phone = s->phone,
      .actor = device->name,
      .receipt = s->receipt,
      .created_at = s->created_at,
    };

    if (s->receipt != NULL)
      t = lt_store_submit_idempotent (store, &sub, &existed, &error);
    else
      t = lt_store_submit (store, &sub, &error);
  }
  if (t == NULL)
    {
      if (g_error_matches (error, LT_STORE_ERROR, LT_STORE_ERROR_CONFLICT))
        call->log = g_strdup_printf ("conflict: %s sent receipt %s again with other content (409)",
                                     device->name, s->receipt);
      return reply_gerror (call, error);
    }
  return reply_json (call, existed ? SOUP_STATUS_OK : SOUP_STATUS_CREATED, ticket_view (device, t));
}

/* GET /tickets/R */

static gboolean
do_get (Call *call, LtStore *store, const LtDevice *device)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LtTicket) t = NULL;
  JsonNode *view;

  if (!kiosk_owns (call, device, call->receipt))
    return FALSE;
  t = lt_store_get (store, call->receipt, &error);
  if (t == NULL && g_error_matches (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND))
    return reply_not_found (call, device);
  if (t == NULL)
    return reply_gerror (call, error);
  if (!office_may_see (device, t))
    return reply_not_found (call, device);
  view = ticket_view (device, t);
  if (device->role != LT_ROLE_KIOSK)
    {
      /* A voice note is the resident's words too: never for a kiosk. */
      g_autoptr(GPtrArray) attachments = lt_store_list_attachments (store, call->receipt, &error);

      if (attachments == NULL)
        return reply_gerror (call, error);
      lt_json_add_attachments (view, attachments);
    }
  return reply_json (call, SOUP_STATUS_OK, view);
}

/* GET /tickets?status=&date=&limit= */

static gboolean
parse_list_query (Call *call, LtListQuery *q)
{
  const char *status = call->query ? g_hash_table_lookup (call->query, "status") : NULL;
  const char *date = call->query ? g_hash_table_lookup (call->query, "date") : NULL;
  const char *limit = call->query ? g_hash_table_lookup (call->query, "limit") : NULL;
  static const struct { const char *name; LtListFilter filter; } names[] = {
    { "all", LT_LIST_ALL }, { "open", LT_LIST_OPEN },
    { "closed", LT_LIST_CLOSED }, { "overdue", LT_LIST_OVERDUE },
  };
  guint64 n = LIST_LIMIT_DEFAULT;
  gboolean known = status == NULL;

  for (guint i = 0; status != NULL && i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (status, names[i].name))
      q->filter = names[i].filter, known = TRUE;
  if (!known)
    return reply_error (call, SOUP_STATUS_BAD_REQUEST, "invalid-value",
                        _("status 只能是 open、closed、overdue 或 all。"));
  if (date != NULL)
    {
      GDate day;

      if (!lt_time_parse_date (date, &day))
        return reply_error (call, SOUP_STATUS_BAD_REQUEST, "invalid-value",
                            _("date 应写成 YYYY-MM-DD，例如 2026-11-21。"));
      lt_store_day_bounds (&day, &q->from, &q->to);
    }
  if (limit != NULL && !g_ascii_string_to_unsigned (limit, 10, 1, LIST_LIMIT_MAX, &n, NULL))
    return reply_error (call, SOUP_STATUS_BAD_REQUEST, "invalid-value",
                        _("limit 应为 1 到 10000 之间的整数。"));
  q->limit = (guint) n;
  return TRUE;
}

static gboolean
do_list (Call *call, LtStore *store, const LtDevice *device)
{
  LtListQuery q = { .filter = LT_LIST_ALL, .with_events = TRUE };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(JsonArray) array = json_array_new ();
  JsonNode *node;
  guint limit;

  if (!parse_list_query (call, &q))
    return FALSE;
  limit = q.limit;
  /* An office's share is picked out after the query, so the limit then
   * applies to what it may see. */
  if (device->role == LT_ROLE_OFFICE)
    q.limit = 0;
  tickets = lt_store_list (store, &q, &error);
  if (tickets == NULL)
    return reply_gerror (call, error);
  for (guint i = 0; i < tickets->len && json_array_get_length (array) < limit; i++)
    {
      const LtTicket *t = g_ptr_array_index (tickets, i);

      if (office_may_see (device, t))
        json_array_add_element (array, lt_json_from_ticket (t));
    }
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (node, array);
  return reply_json (call, SOUP_STATUS_OK, node);
}

/* POST /tickets/R/{transfer,note,close,reopen,rate} */

static gboolean
do_change (Call *call, LtStore *store, const LtDevice *device)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LtHubChange) c = lt_hub_change_parse (call->route->change, call->body, &error);
  g_autoptr(LtTicket) before = NULL;
  g_autoptr(LtTicket) after = NULL;
  const char *action = call->route->change;
  gboolean ok;

  if (c == NULL)
    return reply_gerror (call, error);
  /* Read inside the writer's transaction: nothing changes in between. */
  before = lt_store_get (store, call->receipt, &error);
  if (before == NULL && g_error_matches (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND))
    return reply_not_found (call, device);
  if (before == NULL)
    return reply_gerror (call, error);
  if (!office_may_see (device, before))
    return reply_not_found (call, device);

  if (g_str_equal (action, "transfer"))
    ok = lt_store_transfer (store, call->receipt, c->to, c->note, device->name, &error);
  else if (g_str_equal (action, "note"))
    ok = lt_store_add_note (store, call->receipt, c->note, device->name, &error);
  else if (g_str_equal (action, "close"))
    ok = lt_store_close (store, call->receipt, c->note, device->name, &error);
  else if (g_str_equal (action, "reopen"))
    ok = lt_store_reopen (store, call->receipt, c->note, device->name, &error);
  else
    ok = lt_store_rate (store, call->receipt, c->rating, device->name, TRUE, &error);
  if (!ok)
    return reply_gerror (call, error);
  after = lt_store_get (store, call->receipt, &error);
  if (after == NULL)
    return reply_gerror (call, error);
  return reply_json (call, SOUP_STATUS_OK, lt_json_from_ticket (after));
}

/* POST /sms/inbound */

static gboolean
do_inbound (Call *call, LtStore *store, const LtDevice *device)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LtHubInbound) m = lt_hub_inbound_parse (call->body, &error);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  LtSmsReceived out = { 0 };
  LtInbound in = { 0 };

  if (m == NULL)
    return reply_gerror (call, error);
  in.dedupe_key = m->dedupe_key;
  in.sender = m->sender;
  in.sent_at = m->sent_at;
  in.received_at = m->received_at ? m->received_at : call->now;
  in.text = m->text;
  in.parts = m->parts;
  in.incomplete = m->incomplete;
  if (!lt_sms_receive (store, &in, call->now, &out, &error))
    return reply_gerror (call, error);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "action");
  json_builder_add_string_value (b, out.action);
  json_builder_set_member_name (b, "receipt");
  if (out.receipt[0] != '\0')
    json_builder_add_string_value (b, out.receipt);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "duplicate");
  json_builder_add_boolean_value (b, !out.committed);
  json_builder_end_object (b);
  return reply_json (call, out.committed ? SOUP_STATUS_CREATED : SOUP_STATUS_OK,
                     json_builder_get_root (b));
}

/* POST /outbox/lease and /outbox/N/report */

static gboolean
do_lease (Call *call, LtStore *store, const LtDevice *device)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *until = NULL;
  LtHubLease lease;

  if (!lt_hub_lease_parse (call->body, &lease, &error))
    return reply_gerror (call, error);
  rows = lt_store_outbox_lease (store, device->name, lease.max, lease.lease_seconds,
                                call->now, &error);
  if (rows == NULL)
    return reply_gerror (call, error);
  for (guint i = 0; i < rows->len; i++)
    json_array_add_element (array, lt_json_from_outbox (g_ptr_array_index (rows, i)));
  until = lt_time_iso8601 (call->now + lease.lease_seconds);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "lease_until");
  json_builder_add_string_value (b, until);
  json_builder_set_member_name (b, "messages");
  json_builder_add_value (b, json_node_init_array (json_node_alloc (), array));
  json_builder_end_object (b);
  return reply_json (call, SOUP_STATUS_OK, json_builder_get_root (b));
}

static gboolean
do_report (Call *call, LtStore *store, const LtDevice *device)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LtHubReport) r = lt_hub_report_parse (call->body, &error);
  g_autoptr(JsonBuilder) b = json_builder_new ();

  if (r == NULL)
    return reply_gerror (call, error);
  if (!lt_store_outbox_report (store, call->id, device->name, r->sent, r->modem_ref,
                               r->reason, r->retry_at, &error))
    return reply_gerror (call, error);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, call->id);
  json_builder_set_member_name (b, "state");
  json_builder_add_string_value (b, r->sent ? "sent" : r->retry_at ? "queued" : "failed");
  json_builder_end_object (b);
  return reply_json (call, SOUP_STATUS_OK, json_builder_get_root (b));
}

static const char *query_get (Call *call, const char *name);

/* GET /outbox?state=: what `laiting outbox` shows, for staff. */

static gboolean
do_outbox (Call *call, LtStore *store, const LtDevice *device)
{
  const char *name = query_get (call, "state");
  LtOutboxState state = LT_OUTBOX_QUEUED;
  gboolean all = name == NULL || g_str_equal (name, "all");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(JsonArray) array = json_array_new ();

  if (!all && !lt_outbox_state_from_string (name, &state))
    return reply_error (call, SOUP_STATUS_BAD_REQUEST, "invalid-value",
                        _("state 只能是 queued、sending、sent、failed 或 all。"));
  rows = lt_store_outbox_list (store, all ? -1 : (int) state, &error);
  if (rows == NULL)
    return reply_gerror (call, error);
  for (guint i = 0; i < rows->len; i++)
    json_array_add_element (array, lt_json_from_outbox (g_ptr_array_index (rows, i)));
  return reply_json (call, SOUP_STATUS_OK, json_node_init_array (json_node_alloc (), array));
}

/* GET /officers: whom a ticket can be transferred to, for the staff desk's
 * 转办 on a hall's kiosk (the officers live in the hub's store). */
static gboolean
do_officers (Call *call, LtStore *store, const LtDevice *device)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) officers = lt_store_officer_list (store, &error);
  g_autoptr(JsonArray) array = json_array_new ();

  if (officers == NULL)
    return reply_gerror (call, error);
  for (guint i = 0; i < officers->len; i++)
    json_array_add_element (array, lt_json_from_officer (g_ptr_array_index (officers, i)));
  return reply_json (call, SOUP_STATUS_OK, json_node_init_array (json_node_alloc (), array));
}

/* GET /slips and /report: PDFs, drawn in the worker thread that asked. */

typedef gboolean (*WritePdf) (gpointer doc, const char *path, GError **error);

/* What `laiting slips` and `laiting report` print beside the file comes
 * in headers, so a client prints the same line as on the local store. */
static void
set_count (Call *call, const char *name, const char *value)
{
  g_free (call->reply.count_name);
  g_free (call->reply.count_value);
  call->reply.count_name = g_strdup (name);
  call->reply.count_value = g_strdup (value);
}

static gboolean
reply_pdf (Call *call, gpointer doc, WritePdf write)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  char *data = NULL;
  gsize len = 0;
  int fd = g_file_open_tmp ("laiting-hub-XXXXXX.pdf", &path, &error);

  if (fd < 0)
    return reply_gerror (call, error);
  close (fd);
  if (!write (doc, path, &error) || !g_file_get_contents (path, &data, &len, &error))
    {
      g_unlink (path);
      return reply_gerror (call, error);
    }
  g_unlink (path);
  call->reply.status = SOUP_STATUS_OK;
  call->reply.content_type = g_strdup (write == (WritePdf) lt_report_write_csv
                                       ? "text/csv; charset=utf-8" : "application/pdf");
  call->reply.body = g_bytes_new_take (data, len);
  return TRUE;
}

static const char *
query_get (Call *call, const char *name)
{
  return call->query ? g_hash_table_lookup (call->query, name) : NULL;
}

static gboolean
do_slips (Call *call, LtStore *store, const LtDevice *device)
{
  const char *date = query_get (call, "date");
  const char *format_name = query_get (call, "format");
  LtSlipsFormat format = LT_SLIPS_FORMAT_A4;
  g_autoptr(GError) error = NULL;
  g_autoptr(LtSlips) slips = NULL;
  GDate day;

  if (date == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (call->now);

      g_date_set_dmy (&day, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                      g_date_time_get_year (now));
    }
  else if (!lt_time_parse_date (date, &day))
    return reply_error (call, SOUP_STATUS_BAD_REQUEST, "invalid-value",
                        _("date 应写成 YYYY-MM-DD，例如 2026-11-21。"));
  if (format_name != NULL && !lt_slips_format_from_string (format_name, &format))
    return reply_error (call, SOUP_STATUS_BAD_REQUEST, "invalid-value",
                        _("format 只能是 a4 或 roll80。"));
  slips = lt_slips_new_for_day (store, &day, format, &error);
  if (slips == NULL)
    return reply_gerror (call, error);
  {
    double w, h;
    g_autofree char *counts = NULL;

    lt_slips_get_page_size (slips, &w, &h);
    counts = g_strdup_printf ("%u %d", lt_slips_get_n_tickets (slips),
                              lt_slips_get_n_pages (slips, w, h));
    set_count (call, "X-Laiting-Tickets-Pages", counts);
  }
  return reply_pdf (call, slips, (WritePdf) lt_slips_write_pdf);
}

static gboolean
do_report_pdf (Call *call, LtStore *store, const LtDevice *device)
{
  const char *month = query_get (call, "month");
  g_autoptr(GError) error = NULL;
  g_autoptr(LtReport) report = NULL;
  int year, mon;

  if (month == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (call->now);

      year = g_date_time_get_year (now);
      mon = g_date_time_get_month (now);
    }
  else if (!lt_time_parse_month (month, &year, &mon))
    return reply_error (call, SOUP_STATUS_BAD_REQUEST, "invalid-value",
                        _("month 应写成 YYYY-MM，例如 2026-11。"));
  report = lt_report_new (store, year, mon, &error);
  if (report == NULL)
    return reply_gerror (call, error);
  {
    g_autofree char *total = g_strdup_printf ("%u", lt_report_get_total (report));

    set_count (call, "X-Laiting-Tickets", total);
  }
  if (g_strcmp0 (query_get (call, "format"), "csv") == 0)
    return reply_pdf (call, report, (WritePdf) lt_report_write_csv);
  return reply_pdf (call, report, (WritePdf) lt_report_write_pdf);
}

/* PUT and GET /tickets/R/voice: a ticket's voice note. The upload comes
 * from the edge that minted the receipt (after the ticket: a note for a
 * ticket the hub does not hold yet is a 404 the spool retries), keyed by
 * the receipt like the ticket itself. The download is the resident's own
 * voice: only for those who may read the ticket's text. */

static gboolean
do_put_voice (Call *call, LtStore *store, const LtDevice *device)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  gboolean existed = FALSE;

  if (!kiosk_owns (call, device, call->receipt))
    return FALSE;
  if (!lt_store_put_voice (store, call->receipt, call->raw, call->seconds, &existed, &error))
    {
      if (g_error_matches (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND))
        {
          g_autofree char *shown = lt_receipt_format (call->receipt);
          g_autofree char *message = g_strdup_printf (
              _("回执号为 %s 的工单还没有到中心：请先上传工单，再上传它的语音留言。"), shown);

          return reply_error (call, SOUP_STATUS_NOT_FOUND, "not-found", message);
        }
      if (g_error_matches (error, LT_STORE_ERROR, LT_STORE_ERROR_CONFLICT))
        call->log = g_strdup_printf ("conflict: %s sent another voice note for %s (409)",
                                     device->name, call->receipt);
      return reply_gerror (call, error);
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "receipt");
  json_builder_add_string_value (b, call->receipt);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, "voice");
  json_builder_set_member_name (b, "seconds");
  json_builder_add_int_value (b, call->seconds);
  json_builder_end_object (b);
  return reply_json (call, existed ? SOUP_STATUS_OK : SOUP_STATUS_CREATED,
                     json_builder_get_root (b));
}

static gboolean
do_get_voice (Call *call, LtStore *store, const LtDevice *device)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LtTicket) t = lt_store_get (store, call->receipt, &error);
  g_autoptr(GPtrArray) attachments = NULL;
  const LtAttachment *voice = NULL;
  char *data = NULL;
  gsize len = 0;

  if (t == NULL && g_error_matches (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND))
    return reply_not_found (call, device);
  if (t == NULL)
    return reply_gerror (call, error);
  if (!office_may_see (device, t))
    return reply_not_found (call, device);
  attachments = lt_store_list_attachments (store, call->receipt, &error);
  if (attachments == NULL)
    return reply_gerror (call, error);
  for (guint i = 0; i < attachments->len && voice == NULL; i++)
    if (g_str_equal (((LtAttachment *) attachments->pdata[i])->kind, "voice"))
      voice = attachments->pdata[i];
  if (voice == NULL)
    {
      g_autofree char *shown = lt_receipt_format (call->receipt);
      g_autofree char *message = g_strdup_printf (_("工单 %s 没有语音留言。"), shown);

      return reply_error (call, SOUP_STATUS_NOT_FOUND, "not-found", message);
    }
  if (!g_file_get_contents (voice->path, &data, &len, &error))
    {
      call->log = g_strdup_printf ("voice note of %s unreadable: %s", call->receipt,
                                   error->message);
      return reply_error (call, SOUP_STATUS_INTERNAL_SERVER_ERROR, "store-error",
                          _("中心读不出这段语音留言的文件。"));
    }
  call->reply.status = SOUP_STATUS_OK;
  call->reply.content_type = g_strdup ("audio/ogg");
  call->reply.body = g_bytes_new_take (data, len);
  {
    g_autofree char *seconds = g_strdup_printf ("%u", voice->seconds);

    set_count (call, "X-Laiting-Seconds", seconds);
  }
  return TRUE;
}

static const Route routes[] = {
  { "POST", "tickets",            LT_HUB_MAY_SUBMIT,         TRUE,  do_submit, NULL },
  { "GET",  "tickets",            LT_HUB_MAY_READ,           FALSE, do_list, NULL },
  { "GET",  "tickets/R",          LT_HUB_MAY_READ_PROGRESS,  FALSE, do_get, NULL },
  { "POST", "tickets/R/transfer", LT_HUB_MAY_TRANSFER,       TRUE,  do_change, "transfer" },
  { "POST", "tickets/R/note",     LT_HUB_MAY_NOTE,           TRUE,  do_change, "note" },
  { "POST", "tickets/R/close",    LT_HUB_MAY_CLOSE,          TRUE,  do_change, "close" },
  { "POST", "tickets/R/reopen",   LT_HUB_MAY_REOPEN,         TRUE,  do_change, "reopen" },
  { "POST", "tickets/R/rate",     LT_HUB_MAY_RATE,           TRUE,  do_change, "rate" },
  { "PUT",  "tickets/R/voice",    LT_HUB_MAY_SUBMIT,         TRUE,  do_put_voice, NULL },
  { "GET",  "tickets/R/voice",    LT_HUB_MAY_READ,           FALSE, do_get_voice, NULL },
  { "POST", "sms/inbound",        LT_HUB_MAY_FORWARD_SMS,    TRUE,  do_inbound, NULL },
  { "POST", "outbox/lease",       LT_HUB_MAY_SEND,           TRUE,  do_lease, NULL },
  { "POST", "outbox/N/report",    LT_HUB_MAY_SEND,           TRUE,  do_report, NULL },
  { "GET",  "outbox",             LT_HUB_MAY_PRINT,          FALSE, do_outbox, NULL },
  { "GET",  "officers",           LT_HUB_MAY_TRANSFER,       FALSE, do_officers, NULL },
  { "GET",  "slips",              LT_HUB_MAY_PRINT,          FALSE, do_slips, NULL },
  { "GET",  "report",             LT_HUB_MAY_PRINT,          FALSE, do_report_pdf, NULL },
};

/* Running a call: authenticate, check the role, act. */

static gboolean
authenticate_and_act (Call *call, LtStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LtDevice) device = NULL;
  LtHubThrottle *throttle = lt_hub_server_get_throttle (call->server);

  call->now = lt_store_now ();
  device = lt_store_device_authenticate (store, call->token, call->peer, call->now, &error);
  if (device == NULL)
    {
      if (!g_error_matches (error, LT_STORE_ERROR, LT_STORE_ERROR_UNAUTHORIZED))
        return reply_gerror (call, error);
      if (lt_hub_throttle_failed (throttle, call->peer, call->now))
        call->log = g_strdup_printf ("device refused: bad token from %s; it must wait a minute"
                                     " after this many", call->peer);
      else
        call->log = g_strdup_printf ("device refused: unknown or revoked token from %s", call->peer);
      return reply_error (call, SOUP_STATUS_UNAUTHORIZED, "unauthorized", error->message);
    }
  if (!lt_hub_role_may (device->role, call->route->permission))
    {
      g_autofree char *message = g_strdup_printf (_("角色为 %s 的设备不能%s。"),
                                                  lt_role_to_string (device->role),
                                                  lt_hub_permission_label (call->route->permission));

      return forbidden (call, message);
    }
  return call->route->action (call, store, device);
}

static void
respond (Call *call)
{
  if (call->log != NULL)
    g_message ("%s", call->log);
  if (call->finished)
    return;
  soup_server_message_set_status (call->msg, call->reply.status, NULL);
  if (call->reply.count_name != NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (call->msg),
                                  call->reply.count_name, call->reply.count_value);
  if (call->reply.body != NULL)
    {
      gsize len;
      gconstpointer data = g_bytes_get_data (call->reply.body, &len);

      soup_server_message_set_response (call->msg, call->reply.content_type, SOUP_MEMORY_COPY,
                                        data, len);
    }
  soup_server_message_unpause (call->msg);
}

static void
finished_cb (SoupServerMessage *msg, Call *call)
{
  call->finished = TRUE;
}

/* Writes: in the writer thread, answered after the commit. */

static gboolean
write_cb (LtStore *store, gpointer data)
{
  return authenticate_and_act (data, store);
}

static void
write_done_cb (gpointer data, gboolean committed, const GError *error)
{
  g_autoptr(Call) call = data;

  if (!committed && call->reply.status < 300)
    reply_gerror (call, error);
  respond (call);
}

/* Reads: in a GTask thread. */

static void
read_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Call *call = data;

  authenticate_and_act (call, lt_hub_server_get_store (call->server));
  g_task_return_boolean (task, TRUE);
}

static void
read_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  respond (g_task_get_task_data (G_TASK (result)));
}

/* Matching a path against the route table. */

static gboolean
segment_matches (const char *pattern, const char *segment, Call *call)
{
  if (g_str_equal (pattern, "R"))
    {
      /* Any segment here is meant as a receipt: a typo in it deserves
       * the receipt parser's sentence, not "no such path". */
      g_clear_error (&call->receipt_error);
      if (!lt_receipt_parse (segment, call->receipt, &call->receipt_error))
        call->receipt[0] = '\0';
      return TRUE;
    }
  if (g_str_equal (pattern, "N"))
    {
      guint64 id;

      if (!g_ascii_string_to_unsigned (segment, 10, 1, G_MAXINT64, &id, NULL))
        return FALSE;
      call->id = (gint64) id;
      return TRUE;
    }
  return g_str_equal (pattern, segment);
}

static gboolean
path_matches (const Route *route, char **segments, Call *call)
{
  g_auto(GStrv) pattern = g_strsplit (route->pattern, "/", -1);
  guint n = g_strv_length (pattern);

  if (g_strv_length (segments) != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (!segment_matches (pattern[i], segments[i], call))
      return FALSE;
  return TRUE;
}

/* The route for @path and @method; NULL with @allow listing the methods
 * the path takes (empty: no such path). */
static const Route *
find_route (const char *path, const char *method, Call *call, GString *allow)
{
  g_auto(GStrv) segments = NULL;

  if (!g_str_has_prefix (path, "/api/v1/"))
    return NULL;
  segments = g_strsplit (path + strlen ("/api/v1/"), "/", -1);
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      if (!path_matches (&routes[i], segments, call))
        continue;
      if (g_str_equal (routes[i].method, method))
        return &routes[i];
      g_string_append_printf (allow, "%s%s", allow->len ? ", " : "", routes[i].method);
    }
  return NULL;
}

static void
answer_health (LtHubServer *server, SoupServerMessage *msg)
{
  g_autofree char *text = g_strdup_printf ("{\"status\": \"%s\", \"version\": \"%s\"}",
                                           lt_hub_server_is_stopping (server) ? "stopping" : "ok",
                                           PACKAGE_VERSION);

  soup_server_message_set_status (msg, lt_hub_server_is_stopping (server)
                                  ? SOUP_STATUS_SERVICE_UNAVAILABLE : SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&text), strlen (text));
}

/* A JSON body, or NULL with the answer set. */
static JsonObject *
read_body (LtHubServer *server, SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  if (type != NULL && g_ascii_strcasecmp (type, "application/json") != 0)
    {
      lt_hub_server_set_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                               _("请求内容应为 JSON（Content-Type: application/json）。"));
      return NULL;
    }
  object = lt_hub_request_parse_object (data, len, lt_hub_server_get_config (server)->max_body,
                                        &error);
  if (object == NULL)
    {
      const char *code;
      guint status = status_for (error, &code);

      lt_hub_server_set_error (msg, status, code, error->message);
    }
  return object;
}

/* A voice note's body, checked (lt-hub-voice.h); FALSE with the answer
 * set. The server has already refused a body over max-body. */
static gboolean
read_voice (LtHubServer *server, SoupServerMessage *msg, Call *call, GHashTable *query)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(GError) error = NULL;
  const char *code;

  call->raw = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  if (lt_hub_voice_check (call->raw, type, query ? g_hash_table_lookup (query, "seconds") : NULL,
                          &call->seconds, &error))
    return TRUE;
  {
    guint status = status_for (error, &code);

    lt_hub_server_set_error (msg, status, code, error->message);
  }
  return FALSE;
}

static void
api_cb (SoupServer *soup, SoupServerMessage *msg, const char *path, GHashTable *query,
        gpointer user_data)
{
  LtHubServer *server = user_data;
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(Call) call = g_new0 (Call, 1);
  g_autoptr(GString) allow = g_string_new (NULL);
  const char *token;

  if (g_str_equal (path, "/api/v1/health"))
    {
      answer_health (server, msg);
      return;
    }
  call->route = find_route (path, method, call, allow);
  if (call->route == NULL && allow->len > 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow",
                                    allow->str);
      lt_hub_server_set_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method-not-allowed",
                               _("这个地址不接受这种请求方法。"));
      return;
    }
  if (call->route == NULL)
    {
      lt_hub_server_set_error (msg, SOUP_STATUS_NOT_FOUND, "no-such-path",
                               _("没有这个接口地址，请查看说明文档里的 /api/v1/ 接口。"));
      return;
    }
  if (call->receipt_error != NULL)
    {
      lt_hub_server_set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid-receipt",
                               call->receipt_error->message);
      return;
    }
  token = lt_hub_auth_bearer (soup_server_message_get_request_headers (msg));
  if (token == NULL)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Bearer realm=\"laiting\"");
      lt_hub_server_set_error (msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                               _("缺少设备令牌：请加上请求头 Authorization: Bearer 令牌。"));
      return;
    }
  call->server = g_object_ref (server);
  call->msg = g_object_ref (msg);
  call->token = g_strdup (token);
  call->peer = lt_hub_server_peer (msg);
  call->query = query ? g_hash_table_ref (query) : NULL;
  {
    gint64 wait = lt_hub_throttle_wait (lt_hub_server_get_throttle (server), call->peer,
                                        lt_store_now ());

    if (wait > 0)
      {
        g_autofree char *seconds = g_strdup_printf ("%" G_GINT64_FORMAT, wait);
        g_autofree char *message = g_strdup_printf (
            _("这个地址的无效令牌太多了，请 %d 秒后再试。"), (int) wait);

        soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                      "Retry-After", seconds);
        lt_hub_server_set_error (msg, 429 /* Too Many Requests */, "too-many-bad-tokens", message);
        return;
      }
  }
  if (g_str_equal (call->route->method, "POST") &&
      (call->body = read_body (server, msg)) == NULL)
    return;
  if (g_str_equal (call->route->method, "PUT") && !read_voice (server, msg, call, query))
    return;

  soup_server_message_pause (msg);
  call->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (finished_cb), call);
  if (call->route->writes)
    lt_hub_committer_push (lt_hub_server_get_committer (server), write_cb, write_done_cb,
                           g_steal_pointer (&call));
  else
    {
      g_autoptr(GTask) task = g_task_new (NULL, NULL, read_done_cb, NULL);

      g_task_set_task_data (task, g_steal_pointer (&call), (GDestroyNotify) call_free);
      g_task_run_in_thread (task, read_thread);
    }
}

void
lt_hub_api_register (LtHubServer *server)
{
  soup_server_add_handler (lt_hub_server_get_soup (server), "/api/v1", api_cb, server, NULL);
}
