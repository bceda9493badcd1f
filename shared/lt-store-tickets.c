/* lt-store-tickets.c — creating tickets and changing them.
 *
 * Each public call is one transaction: the ticket row, its event and any SMS
 * it causes are committed together or not at all. The state machine of
 * lt-ticket.c decides what is allowed; this file only records it. */

#define G_LOG_DOMAIN "lt-store"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "lt-phone.h"
#include "lt-receipt.h"
#include "lt-sms-text.h"
#include "lt-store-private.h"
#include "lt-time.h"

/* A description longer than this is surely pasted by mistake. */
#define TEXT_MAX_CHARS 4000

#define TICKET_COLUMNS \
  "id, receipt, status, channel, category, text, location, phone, phone_is_mobile," \
  " assignee, created_at, updated_at, due_at, closed_at, rating"

static LtTicket *
ticket_from_row (sqlite3_stmt *stmt)
{
  LtTicket *t = g_new0 (LtTicket, 1);
  g_autofree char *status = lt_store_column_dup (stmt, 2);
  g_autofree char *channel = lt_store_column_dup (stmt, 3);

  t->receipt = lt_store_column_dup (stmt, 1);
  lt_ticket_status_from_string (status, &t->status);
  lt_channel_from_string (channel, &t->channel);
  t->category = lt_store_column_dup (stmt, 4);
  t->text = lt_store_column_dup (stmt, 5);
  t->location = lt_store_column_dup (stmt, 6);
  t->phone = lt_store_column_dup (stmt, 7);
  t->phone_is_mobile = sqlite3_column_int (stmt, 8);
  t->assignee = lt_store_column_dup (stmt, 9);
  t->created_at = sqlite3_column_int64 (stmt, 10);
  t->updated_at = sqlite3_column_int64 (stmt, 11);
  t->due_at = sqlite3_column_int64 (stmt, 12);
  t->closed_at = sqlite3_column_int64 (stmt, 13);
  t->rating = sqlite3_column_int (stmt, 14);
  t->events = g_ptr_array_new_with_free_func ((GDestroyNotify) lt_event_free);
  return t;
}

static gboolean
load_events (LtStore *self, gint64 ticket_id, GPtrArray *events, GError **error)
{
  sqlite3_stmt *stmt = lt_store_stmt (self,
      "SELECT at, kind, actor, note FROM events WHERE ticket_id = ? ORDER BY id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (events, lt_event_new (sqlite3_column_int64 (stmt, 0),
                                           (const char *) sqlite3_column_text (stmt, 1),
                                           (const char *) sqlite3_column_text (stmt, 2),
                                           (const char *) sqlite3_column_text (stmt, 3)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return lt_store_fail (self, rc, _("读取工单记录"), error);
  return TRUE;
}

static gboolean
not_found (const char *receipt, GError **error)
{
  g_autofree char *shown = lt_receipt_format (receipt);

  g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND,
               _("没有找到回执号为 %s 的工单。"), shown);
  return FALSE;
}

/* The ticket and its row id, read inside the caller's lock. */
static LtTicket *
load_ticket (LtStore *self, const char *receipt, gint64 *id_out, GError **error)
{
  sqlite3_stmt *stmt = lt_store_stmt (self,
      "SELECT " TICKET_COLUMNS " FROM tickets WHERE receipt = ?", error);
  g_autoptr(LtTicket) ticket = NULL;
  gint64 id;
  int rc;

  if (stmt == NULL)
    return NULL;
  lt_store_bind_text (stmt, 1, receipt);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      not_found (receipt, error);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      lt_store_fail (self, rc, _("读取工单"), error);
      return NULL;
    }
  id = sqlite3_column_int64 (stmt, 0);
  ticket = ticket_from_row (stmt);
  sqlite3_reset (stmt);
  if (!load_events (self, id, ticket->events, error))
    return NULL;
  if (id_out)
    *id_out = id;
  return g_steal_pointer (&ticket);
}

gint64
lt_store_ticket_id (LtStore *self, const char *receipt, GError **error)
{
  sqlite3_stmt *stmt = lt_store_stmt (self, "SELECT id FROM tickets WHERE receipt = ?", error);
  gint64 id = 0;
  int rc;

  if (stmt == NULL)
    return 0;
  lt_store_bind_text (stmt, 1, receipt);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    not_found (receipt, error);
  else if (rc != SQLITE_ROW)
    lt_store_fail (self, rc, _("读取工单"), error);
  return id;
}

gboolean
lt_store_add_event (LtStore *self, gint64 ticket_id, gint64 at, const char *kind,
                    const char *actor, const char *note, GError **error)
{
  sqlite3_stmt *stmt = lt_store_stmt (self,
      "INSERT INTO events (ticket_id, at, kind, actor, note) VALUES (?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  sqlite3_bind_int64 (stmt, 2, at);
  lt_store_bind_text (stmt, 3, kind);
  lt_store_bind_text (stmt, 4, actor);
  lt_store_bind_text (stmt, 5, note);
  return lt_store_step_done (self, stmt, _("保存工单记录"), error);
}

gboolean
lt_store_contact_opted_out (LtStore *self, const char *phone)
{
  sqlite3_stmt *stmt = lt_store_stmt (self, "SELECT opted_out FROM contacts WHERE phone = ?", NULL);
  gboolean out = FALSE;

  if (stmt == NULL || phone == NULL)
    return FALSE;
  lt_store_bind_text (stmt, 1, phone);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    out = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  return out;
}

/* Queues @body to the ticket's phone unless it has none, is not a mobile
 * number or has opted out: those are normal, not errors. */
static gboolean
notify (LtStore *self, gint64 ticket_id, const LtTicket *t, const char *kind,
        const char *body, GError **error)
{
  if (!t->phone_is_mobile || lt_store_contact_opted_out (self, t->phone))
    return TRUE;
  return lt_store_outbox_queue_for (self, ticket_id, t->phone, kind, body, error) != 0;
}

static char *
strip_or_null (const char *text)
{
  char *copy = g_strstrip (g_strdup (text ? text : ""));

  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}

static gboolean
invalid (GError **error, const char *message)
{
  g_set_error_literal (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
next_receipt (LtStore *self, LtChannel channel, char receipt[LT_RECEIPT_LEN + 1], GError **error)
{
  guint origin = lt_config_get_origin (self->config, channel);
  sqlite3_stmt *stmt = lt_store_stmt (self,
      "INSERT INTO origin_seq (origin, last) VALUES (?, 1)"
      " ON CONFLICT (origin) DO UPDATE SET last = last + 1 RETURNING last", error);
  gint64 sequence;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, (int) origin);
  rc = sqlite3_step (stmt);
  sequence = sqlite3_column_int64 (stmt, 0);
  /* Step to the end so the RETURNING statement completes its write. */
  while (rc == SQLITE_ROW)
    rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return lt_store_fail (self, rc, _("生成回执号"), error);
  if (sequence > LT_RECEIPT_SEQUENCE_MAX)
    {
      g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_EXHAUSTED,
                   _("来源代码 %u 的回执号已用完，请为本机配置新的来源代码。"), origin);
      return FALSE;
    }
  return lt_receipt_build (origin, (guint) sequence, receipt, error);
}

static gboolean
insert_ticket (LtStore *self, LtTicket *t, const char *content_hash, gint64 *id, GError **error)
{
  sqlite3_stmt *stmt = lt_store_stmt (self,
      "INSERT INTO tickets (receipt, status, channel, category, text, location, phone,"
      " phone_is_mobile, created_at, updated_at, due_at, content_hash)"
      " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
      error);

  if (stmt == NULL)
    return FALSE;
  lt_store_bind_text (stmt, 1, t->receipt);
  lt_store_bind_text (stmt, 2, lt_ticket_status_to_string (t->status));
  lt_store_bind_text (stmt, 3, lt_channel_to_string (t->channel));
  lt_store_bind_text (stmt, 4, t->category);
  lt_store_bind_text (stmt, 5, t->text);
  lt_store_bind_text (stmt, 6, t->location);
  lt_store_bind_text (stmt, 7, t->phone);
  sqlite3_bind_int (stmt, 8, t->phone_is_mobile);
  sqlite3_bind_int64 (stmt, 9, t->created_at);
  sqlite3_bind_int64 (stmt, 10, t->updated_at);
  sqlite3_bind_int64 (stmt, 11, t->due_at);
  lt_store_bind_text (stmt, 12, content_hash);
  if (!lt_store_step_done (self, stmt, _("保存工单"), error))
    return FALSE;
  *id = sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

/* Fills a new ticket from @sub, created at @created, or FALSE with a clear
 * reason. */
static LtTicket *
ticket_from_submission (LtStore *self, const LtSubmission *sub, gint64 created, gint64 now,
                        GError **error)
{
  const LtCategory *category = lt_config_find_category (self->config, sub->category);
  g_autoptr(LtTicket) t = g_new0 (LtTicket, 1);
  char mobile[LT_PHONE_LEN + 1];

  t->events = g_ptr_array_new_with_free_func ((GDestroyNotify) lt_event_free);
  if (category == NULL)
    {
      g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID,
                   _("没有“%s”这个问题类别，请用 laiting categories 查看可用的类别。"),
                   sub->category ? sub->category : "");
      return NULL;
    }
  t->text = strip_or_null (sub->text);
  if (t->text == NULL)
    return invalid (error, _("请写下要反映的问题，内容不能为空。")), NULL;
  if (!g_utf8_validate (t->text, -1, NULL))
    return invalid (error, _("问题内容不是有效的文字（应为 UTF-8 编码）。")), NULL;
  if (g_utf8_strlen (t->text, -1) > TEXT_MAX_CHARS)
    return invalid (error, _("问题内容太长了，请控制在 4000 字以内。")), NULL;

  t->channel = sub->channel;
  t->status = LT_STATUS_RECEIVED;
  t->category = g_strdup (category->code);
  t->location = strip_or_null (sub->location);
  t->phone = strip_or_null (sub->phone);
  if (t->phone != NULL && lt_phone_normalize (t->phone, mobile))
    {
      g_free (t->phone);
      t->phone = g_strdup (mobile);
      t->phone_is_mobile = TRUE;
    }
  t->created_at = created;
  t->updated_at = MAX (created, now);
  t->due_at = created + (gint64) category->due_days * 24 * 3600;
  return g_steal_pointer (&t);
}

/* An edge's clock may be wrong: a time more than this far ahead of the
 * store's, or this far behind it, is not believed. */
#define EDGE_CLOCK_AHEAD_MAX (5 * 60)
#define EDGE_CLOCK_BEHIND_MAX (30 * 24 * 3600)

static gint64
believable_created_at (const LtSubmission *sub, gint64 now)
{
  gint64 claimed = sub->created_at;

  if (claimed == 0)
    return now;
  if (claimed > now + EDGE_CLOCK_AHEAD_MAX || claimed < now - EDGE_CLOCK_BEHIND_MAX)
    {
      g_message ("ticket %s: the sender's time is %" G_GINT64_FORMAT " s off the store's clock;"
                 " the store's time is used", sub->receipt ? sub->receipt : "(new)", claimed - now);
      return now;
    }
  return claimed;
}

static void
hash_field (GChecksum *sum, const char *value)
{
  /* Length-prefixed, so no two different field lists hash alike, and NULL
   * differs from "". */
  g_autofree char *prefix = value ? g_strdup_printf ("%zu:", strlen (value)) : g_strdup ("-");

  g_checksum_update (sum, (const guchar *) prefix, -1);
  if (value != NULL)
    g_checksum_update (sum, (const guchar *) value, -1);
}

/* What makes two submissions the same ticket, as stored. */
static char *
content_hash (const LtTicket *t)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  hash_field (sum, lt_channel_to_string (t->channel));
  hash_field (sum, t->category);
  hash_field (sum, t->text);
  hash_field (sum, t->location);
  hash_field (sum, t->phone);
  return g_strdup (g_checksum_get_string (sum));
}

/* The content hash of the ticket already stored under @receipt, in
 * @stored_hash (NULL when there is none); FALSE only on a database error. */
static gboolean
stored_content_hash (LtStore *self, const char *receipt, char **stored_hash, GError **error)
{
  sqlite3_stmt *stmt = lt_store_stmt (self,
      "SELECT content_hash FROM tickets WHERE receipt = ?", error);
  gboolean found;
  int rc;

  *stored_hash = NULL;
  if (stmt == NULL)
    return FALSE;
  lt_store_bind_text (stmt, 1, receipt);
  rc = sqlite3_step (stmt);
  found = rc == SQLITE_ROW;
  if (found)
    *stored_hash = lt_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return lt_store_fail (self, rc, _("读取工单"), error);
  if (found && *stored_hash == NULL)
    {
      /* Stored before content hashes were kept: hash what it holds now. */
      g_autoptr(LtTicket) old = load_ticket (self, receipt, NULL, error);

      if (old == NULL)
        return FALSE;
      *stored_hash = content_hash (old);
    }
  return TRUE;
}

/* Takes an edge's receipt for this ticket and moves its origin's sequence
 * beyond it, so a number minted here later never collides with it. */
static gboolean
reserve_receipt (LtStore *self, const char *receipt, GError **error)
{
  sqlite3_stmt *stmt = lt_store_stmt (self,
      "INSERT INTO origin_seq (origin, last) VALUES (?1, ?2)"
      " ON CONFLICT (origin) DO UPDATE SET last = max (last, excluded.last)", error);
  char digits[7];

  if (stmt == NULL)
    return FALSE;
  memcpy (digits, receipt + 2, 6);
  digits[6] = '\0';
  sqlite3_bind_int (stmt, 1, (int) lt_receipt_origin (receipt));
  sqlite3_bind_int64 (stmt, 2, g_ascii_strtoll (digits, NULL, 10));
  return lt_store_step_done (self, stmt, _("生成回执号"), error);
}

static gboolean
conflict (const char *receipt, GError **error)
{
  g_autofree char *shown = lt_receipt_format (receipt);

  g_info ("receipt %s submitted again with other content; refused", receipt);
  g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_CONFLICT,
               _("回执号 %s 已登记过另一件内容不同的工单，这次提交没有保存。"), shown);
  return FALSE;
}

/* Inside the write transaction: *@same is the stored ticket when @receipt
 * was taken with the same content, NULL when the receipt is free. FALSE on
 * a conflict or a database error, with nothing written. */
static gboolean
find_same (LtStore *self, const char *receipt, const char *hash, LtTicket **same,
           GError **error)
{
  g_autofree char *stored = NULL;

  *same = NULL;
  if (!stored_content_hash (self, receipt, &stored, error))
    return FALSE;
  if (stored == NULL)
    return TRUE;
  if (!g_str_equal (stored, hash))
    return conflict (receipt, error);
  *same = load_ticket (self, receipt, NULL, error);
  return *same != NULL;
}

/* Inside the write transaction. *@voice_filed gets where a voice note was
 * moved to, so a caller whose commit fails can move it back. */
static LtTicket *
submit_locked (LtStore *self, const LtSubmission *sub, const char *edge_receipt,
               gboolean *existed, char **voice_filed, GError **error)
{
  g_autoptr(LtTicket) t = NULL;
  g_autofree char *hash = NULL;
  char receipt[LT_RECEIPT_LEN + 1];
  const char *actor = sub->actor ? sub->actor : lt_channel_label (sub->channel);
  gint64 now = lt_store_now ();
  gint64 id = 0;
  g_autofree char *body = NULL;

  t = ticket_from_submission (self, sub, believable_created_at (sub, now), now, error);
  if (t == NULL)
    return NULL;
  hash = content_hash (t);
  if (edge_receipt != NULL)
    {
      LtTicket *same = NULL;

      if (!find_same (self, edge_receipt, hash, &same, error))
        return NULL;
      *existed = same != NULL;
      if (same != NULL)
        return same;
      memcpy (receipt, edge_receipt, sizeof receipt);
      if (!reserve_receipt (self, receipt, error))
        return NULL;
    }
  else if (!next_receipt (self, sub->channel, receipt, error))
    return NULL;
  t->receipt = g_strdup (receipt);
  if (!insert_ticket (self, t, hash, &id, error) ||
      !lt_store_add_event (self, id, t->created_at, "created", actor, NULL, error))
    return NULL;
  body = lt_sms_text_receipt (lt_config_get_signature (self->config), receipt);
  if (!notify (self, id, t, "receipt", body, error))
    return NULL;
  if (sub->voice_path != NULL &&
      !lt_store_attach_voice (self, id, receipt, sub->voice_path, sub->voice_seconds,
                              voice_filed, error))
    return NULL;
  g_ptr_array_add (t->events, lt_event_new (t->created_at, "created", actor, NULL));
  return g_steal_pointer (&t);
}

LtTicket *
lt_store_submit_idempotent (LtStore *self, const LtSubmission *sub, gboolean *existed,
                            GError **error)
{
  g_autoptr(LtTicket) t = NULL;
  g_autoptr(GError) local = NULL;
  char receipt[LT_RECEIPT_LEN + 1];
  gboolean found = FALSE;
  g_autofree char *voice_filed = NULL;

  g_return_val_if_fail (LT_IS_STORE (self), NULL);
  g_return_val_if_fail (sub != NULL, NULL);
  if (existed != NULL)
    *existed = FALSE;
  if (sub->receipt != NULL && !lt_receipt_parse (sub->receipt, receipt, &local))
    {
      g_set_error_literal (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID, local->message);
      return NULL;
    }
  if (!lt_store_write_begin (self, error))
    return NULL;
  t = submit_locked (self, sub, sub->receipt ? receipt : NULL, &found, &voice_filed, &local);
  /* Finding the same ticket again writes nothing; it commits an empty
   * transaction. */
  if (!lt_store_write_end (self, t != NULL, t != NULL ? &local : NULL) || t == NULL)
    {
      /* Not filed: the recording goes back where the kiosk can file it again. */
      if (voice_filed != NULL)
        g_rename (voice_filed, sub->voice_path);
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (existed != NULL)
    *existed = found;
  if (!found)
    g_info ("ticket %s created (%s, %s)", t->receipt, lt_channel_to_string (t->channel),
            t->category);
  return g_steal_pointer (&t);
}

LtTicket *
lt_store_submit (LtStore *self, const LtSubmission *sub, GError **error)
{
  return lt_store_submit_idempotent (self, sub, NULL, error);
}

LtTicket *
lt_store_get (LtStore *self, const char *receipt, GError **error)
{
  LtTicket *t;

  g_return_val_if_fail (LT_IS_STORE (self), NULL);
  g_return_val_if_fail (receipt != NULL, NULL);
  g_rec_mutex_lock (&self->lock);
  t = load_ticket (self, receipt, NULL, error);
  g_rec_mutex_unlock (&self->lock);
  return t;
}

void
lt_store_day_bounds (GDate *date, gint64 *from, gint64 *to)
{
  GDate next = *date;

  g_date_add_days (&next, 1);
  *from = lt_time_day_start (g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
  *to = lt_time_day_start (g_date_get_year (&next), g_date_get_month (&next), g_date_get_day (&next));
}

static char *
list_sql (const LtListQuery *q)
{
  GString *sql = g_string_new ("SELECT " TICKET_COLUMNS " FROM tickets WHERE 1");

  if (q->from)
    g_string_append (sql, " AND created_at >= :from");
  if (q->to)
    g_string_append (sql, " AND created_at < :to");
  if (q->phone)
    g_string_append (sql, " AND phone = :phone");
  if (q->categories)
    {
      /* One numbered parameter per code: the codes never enter the SQL. */
      g_string_append (sql, " AND category IN (");
      for (guint i = 0; q->categories[i] != NULL; i++)
        g_string_append_printf (sql, "%s?%u", i ? "," : "", 100 + i);
      g_string_append (sql, q->categories[0] ? ")" : "NULL)");
    }
  switch (q->filter)
    {
    case LT_LIST_OPEN:    g_string_append (sql, " AND status <> 'closed'"); break;
    case LT_LIST_CLOSED:  g_string_append (sql, " AND status = 'closed'"); break;
    case LT_LIST_OVERDUE: g_string_append (sql, " AND status <> 'closed' AND due_at < :now"); break;
    case LT_LIST_ALL:     break;
    default:              g_assert_not_reached ();
    }
  if (q->reopened_first)
    g_string_append (sql, " ORDER BY status = 'reopened' DESC,"
                          " (status <> 'closed' AND due_at < :now) DESC, created_at DESC, id DESC");
  else if (q->newest_first)
    g_string_append (sql, " ORDER BY created_at DESC, id DESC");
  else
    g_string_append (sql, " ORDER BY created_at, id");
  if (q->limit)
    g_string_append (sql, " LIMIT :limit");
  return g_string_free (sql, FALSE);
}

static void
bind_named_int64 (sqlite3_stmt *stmt, const char *name, gint64 value)
{
  int idx = sqlite3_bind_parameter_index (stmt, name);

  if (idx > 0)
    sqlite3_bind_int64 (stmt, idx, value);
}

static GPtrArray *
list_locked (LtStore *self, const LtListQuery *q, GError **error)
{
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) lt_ticket_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *sql = list_sql (q);
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* The query's shape varies, so it is prepared for this call only. */
  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return lt_store_fail (self, rc, _("读取工单列表"), error), NULL;
  bind_named_int64 (stmt, ":from", q->from);
  bind_named_int64 (stmt, ":to", q->to);
  bind_named_int64 (stmt, ":now", lt_store_now ());
  bind_named_int64 (stmt, ":limit", q->limit);
  if (q->phone)
    lt_store_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":phone"), q->phone);
  for (guint i = 0; q->categories && q->categories[i] != NULL; i++)
    lt_store_bind_text (stmt, 100 + i, q->categories[i]);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
      g_ptr_array_add (tickets, ticket_from_row (stmt));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return lt_store_fail (self, rc, _("读取工单列表"), error), NULL;
  for (guint i = 0; q->with_events && i < tickets->len; i++)
    {
      LtTicket *t = g_ptr_array_index (tickets, i);

      if (!load_events (self, g_array_index (ids, gint64, i), t->events, error))
        return NULL;
    }
  return g_steal_pointer (&tickets);
}

GPtrArray *
lt_store_list (LtStore *self, const LtListQuery *query, GError **error)
{
  GPtrArray *result;

  g_return_val_if_fail (LT_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_rec_mutex_lock (&self->lock);
  result = list_locked (self, query, error);
  g_rec_mutex_unlock (&self->lock);
  return result;
}

/* Runs @change on the ticket @receipt inside one write transaction. */
typedef gboolean (*ChangeFunc) (LtStore *self, gint64 id, LtTicket *t, gint64 now,
                                gconstpointer data, GError **error);

static gboolean
change_ticket (LtStore *self, const char *receipt, ChangeFunc change,
               gconstpointer data, GError **error)
{
  g_autoptr(LtTicket) t = NULL;
  gint64 id = 0;
  gboolean ok;

  g_return_val_if_fail (LT_IS_STORE (self), FALSE);
  g_return_val_if_fail (receipt != NULL, FALSE);
  if (!lt_store_write_begin (self, error))
    return FALSE;
  t = load_ticket (self, receipt, &id, error);
  ok = t != NULL && change (self, id, t, lt_store_now (), data, error);
  return lt_store_write_end (self, ok, error);
}

static gboolean
update_status (LtStore *self, gint64 id, LtTicketStatus status, const char *assignee,
               gint64 now, gint64 closed_at, gint64 due_at, GError **error)
{
  sqlite3_stmt *stmt = lt_store_stmt (self,
      "UPDATE tickets SET status = ?, assignee = coalesce (?, assignee), updated_at = ?,"
      " closed_at = nullif (?, 0), due_at = coalesce (nullif (?, 0), due_at) WHERE id = ?",
      error);

  if (stmt == NULL)
    return FALSE;
  lt_store_bind_text (stmt, 1, lt_ticket_status_to_string (status));
  lt_store_bind_text (stmt, 2, assignee);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_int64 (stmt, 4, closed_at);
  sqlite3_bind_int64 (stmt, 5, due_at);
  sqlite3_bind_int64 (stmt, 6, id);
  return lt_store_step_done (self, stmt, _("更新工单"), error);
}

typedef struct {
  const char *to;
  const char *note;
  const char *actor;
  int         rating;
  gboolean    reply;
} ChangeArgs;

static gboolean
do_transfer (LtStore *self, gint64 id, LtTicket *t, gint64 now, gconstpointer data, GError **error)
{
  const ChangeArgs *a = data;
  g_autofree char *note = a->note ? g_strdup_printf ("%s：%s", a->to, a->note) : g_strdup (a->to);

  return lt_ticket_check_action (t->status, LT_ACTION_TRANSFER, error) &&
         update_status (self, id, LT_STATUS_TRANSFERRED, a->to, now, 0, 0, error) &&
         lt_store_add_event (self, id, now, "transferred", a->actor, note, error);
}

static const char *
actor_or_default (const char *actor)
{
  return actor && *actor ? actor : _("工作人员");
}

gboolean
lt_store_transfer (LtStore *self, const char *receipt, const char *to,
                   const char *note, const char *actor, GError **error)
{
  g_autofree char *to_clean = strip_or_null (to);
  g_autofree char *note_clean = strip_or_null (note);
  ChangeArgs args = { to_clean, note_clean, actor_or_default (actor), 0, FALSE };

  if (to_clean == NULL)
    return invalid (error, _("请写明转办给哪个部门或经办人。"));
  if (g_utf8_strlen (to_clean, -1) > LT_CONFIG_ASSIGNEE_MAX)
    return invalid (error, _("部门或经办人名称不能超过 12 个字。"));
  return change_ticket (self, receipt, do_transfer, &args, error);
}

static gboolean
do_note (LtStore *self, gint64 id, LtTicket *t, gint64 now, gconstpointer data, GError **error)
{
  const ChangeArgs *a = data;
  sqlite3_stmt *stmt = lt_store_stmt (self, "UPDATE tickets SET updated_at = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, id);
  if (!lt_store_step_done (self, stmt, _("更新工单"), error))
    return FALSE;
  return lt_store_add_event (self, id, now, "note", a->actor, a->note, error);
}

gboolean
lt_store_add_note (LtStore *self, const char *receipt, const char *note,
                   const char *actor, GError **error)
{
  g_autofree char *clean = strip_or_null (note);
  ChangeArgs args = { NULL, clean, actor_or_default (actor), 0, FALSE };

  if (clean == NULL)
    return invalid (error, _("备注内容不能为空。"));
  return change_ticket (self, receipt, do_note, &args, error);
}

static gboolean
do_close (LtStore *self, gint64 id, LtTicket *t, gint64 now, gconstpointer data, GError **error)
{
  const ChangeArgs *a = data;
  g_autofree char *body = NULL;

  if (!lt_ticket_check_action (t->status, LT_ACTION_CLOSE, error) ||
      !update_status (self, id, LT_STATUS_CLOSED, NULL, now, now, 0, error) ||
      !lt_store_add_event (self, id, now, "closed", a->actor, a->note, error))
    return FALSE;
  body = lt_sms_text_closure (lt_config_get_signature (self->config), t->receipt, a->note);
  return notify (self, id, t, "closure", body, error);
}

gboolean
lt_store_close (LtStore *self, const char *receipt, const char *note,
                const char *actor, GError **error)
{
  g_autofree char *clean = strip_or_null (note);
  ChangeArgs args = { NULL, clean, actor_or_default (actor), 0, FALSE };

  if (clean == NULL)
    return invalid (error, _("办结时必须写明办理结果。"));
  return change_ticket (self, receipt, do_close, &args, error);
}

/* A reopened ticket gets a fresh due period from now. */
static gboolean
reopen (LtStore *self, gint64 id, LtTicket *t, gint64 now, const char *actor,
        const char *note, GError **error)
{
  const LtCategory *c = lt_config_find_category (self->config, t->category);
  gint64 due = now + (gint64) (c ? c->due_days : 1) * 24 * 3600;

  return lt_ticket_check_action (t->status, LT_ACTION_REOPEN, error) &&
         update_status (self, id, LT_STATUS_REOPENED, NULL, now, 0, due, error) &&
         lt_store_add_event (self, id, now, "reopened", actor, note, error);
}

static gboolean
do_reopen (LtStore *self, gint64 id, LtTicket *t, gint64 now, gconstpointer data, GError **error)
{
  const ChangeArgs *a = data;

  return reopen (self, id, t, now, a->actor, a->note, error);
}

gboolean
lt_store_reopen (LtStore *self, const char *receipt, const char *note,
                 const char *actor, GError **error)
{
  g_autofree char *clean = strip_or_null (note);
  ChangeArgs args = { NULL, clean, actor_or_default (actor), 0, FALSE };

  return change_ticket (self, receipt, do_reopen, &args, error);
}

static gboolean
do_rate (LtStore *self, gint64 id, LtTicket *t, gint64 now, gconstpointer data, GError **error)
{
  const ChangeArgs *a = data;
  const char *signature = lt_config_get_signature (self->config);
  g_autofree char *digit = g_strdup_printf ("%d", a->rating);
  g_autofree char *body = NULL;
  sqlite3_stmt *stmt;

  if (t->status != LT_STATUS_CLOSED)
    return invalid (error, _("只能评价已经办结的工单。"));
  stmt = lt_store_stmt (self, "UPDATE tickets SET rating = ?, updated_at = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, a->rating);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, id);
  if (!lt_store_step_done (self, stmt, _("保存评价"), error))
    return FALSE;
  if (!lt_store_add_event (self, id, now, "rated", a->actor, digit, error))
    return FALSE;
  if (a->rating == 3 &&
      !reopen (self, id, t, now, a->actor, _("居民回复不满意，重新办理。"), error))
    return FALSE;
  if (!a->reply || !t->phone_is_mobile)
    return TRUE;
  body = a->rating == 3 ? lt_sms_text_reopened (signature, t->receipt)
                        : lt_sms_text_rating_thanks (signature, t->receipt);
  return lt_store_outbox_queue_for (self, id, t->phone, a->rating == 3 ? "reopened" : "thanks",
                                    body, error) != 0;
}

gboolean
lt_store_rate (LtStore *self, const char *receipt, int rating,
               const char *actor, gboolean reply, GError **error)
{
  ChangeArgs args = { NULL, NULL, actor ? actor : _("居民"), rating, reply };

  if (rating < 1 || rating > 3)
    return invalid (error, _("评价只能是 1（满意）、2（基本满意）或 3（不满意）。"));
  return change_ticket (self, receipt, do_rate, &args, error);
}

static gboolean
do_append (LtStore *self, gint64 id, LtTicket *t, gint64 now, gconstpointer data, GError **error)
{
  const ChangeArgs *a = data;
  sqlite3_stmt *stmt;

  if (!lt_ticket_is_open (t))
    return invalid (error, _("这件工单已办结，不能再补充内容。"));
  stmt = lt_store_stmt (self,
      "UPDATE tickets SET text = text || char(10) || ?, updated_at = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  lt_store_bind_text (stmt, 1, a->note);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, id);
  if (!lt_store_step_done (self, stmt, _("补充工单内容"), error))
    return FALSE;
  return lt_store_add_event (self, id, now, "appended", a->actor, a->note, error);
}

gboolean
lt_store_append_text (LtStore *self, const char *receipt, const char *text,
                      const char *actor, GError **error)
{
  g_autofree char *clean = strip_or_null (text);
  ChangeArgs args = { NULL, clean, actor ? actor : _("居民"), 0, FALSE };

  if (clean == NULL)
    return invalid (error, _("补充内容不能为空。"));
  return change_ticket (self, receipt, do_append, &args, error);
}

/* Async wrappers: the kiosk must never wait on the disk in its main loop. */

static void
submission_free (LtSubmission *s)
{
  g_free ((char *) s->category);
  g_free ((char *) s->text);
  g_free ((char *) s->location);
  g_free ((char *) s->phone);
  g_free ((char *) s->actor);
  g_free ((char *) s->receipt);
  g_free ((char *) s->voice_path);
  g_free (s);
}

static void
submit_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  GError *error = NULL;
  LtTicket *t = lt_store_submit (source, data, &error);

  if (t == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, t, (GDestroyNotify) lt_ticket_free);
}

void
lt_store_submit_async (LtStore *self, const LtSubmission *sub, GCancellable *cancellable,
                       GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  LtSubmission *copy = g_new0 (LtSubmission, 1);

  copy->channel = sub->channel;
  copy->category = g_strdup (sub->category);
  copy->text = g_strdup (sub->text);
  copy->location = g_strdup (sub->location);
  copy->phone = g_strdup (sub->phone);
  copy->actor = g_strdup (sub->actor);
  copy->receipt = g_strdup (sub->receipt);
  copy->created_at = sub->created_at;
  copy->voice_path = g_strdup (sub->voice_path);
  copy->voice_seconds = sub->voice_seconds;
  g_task_set_source_tag (task, lt_store_submit_async);
  /* Once started, a submission runs to its end: a cancelled caller must not
   * leave a committed ticket without knowing its number. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_set_task_data (task, copy, (GDestroyNotify) submission_free);
  g_task_run_in_thread (task, submit_thread);
}

LtTicket *
lt_store_submit_finish (LtStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
get_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  GError *error = NULL;
  LtTicket *t = lt_store_get (source, data, &error);

  if (t == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, t, (GDestroyNotify) lt_ticket_free);
}

void
lt_store_get_async (LtStore *self, const char *receipt, GCancellable *cancellable,
                    GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, lt_store_get_async);
  g_task_set_task_data (task, g_strdup (receipt), g_free);
  g_task_run_in_thread (task, get_thread);
}

LtTicket *
lt_store_get_finish (LtStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
