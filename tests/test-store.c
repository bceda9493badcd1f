/* test-store.c — the ticket store against a real SQLite file. */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "lt-phone.h"
#include "lt-receipt.h"
#include "lt-store-private.h"
#include "lt-time.h"

typedef struct {
  char     *dir;
  char     *path;
  LtConfig *config;
  LtStore  *store;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("laiting-store-XXXXXX", &error);
  g_assert_no_error (error);
  /* A directory that does not exist yet: the store creates it. */
  f->path = g_build_filename (f->dir, "sub", "laiting.db", NULL);
  f->config = lt_config_new_default ();
  f->store = lt_store_open (f->path, f->config, &error);
  g_assert_no_error (error);
  g_unsetenv ("LAITING_NOW");
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_clear_object (&f->store);
  g_clear_object (&f->config);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->path);
  g_free (f->dir);
  g_unsetenv ("LAITING_NOW");
}

static LtTicket *
submit (Fixture *f, LtChannel channel, const char *category, const char *text,
        const char *phone, const char *location)
{
  g_autoptr(GError) error = NULL;
  LtSubmission sub = { channel, category, text, location, phone, NULL };
  LtTicket *t = lt_store_submit (f->store, &sub, &error);

  g_assert_no_error (error);
  g_assert_nonnull (t);
  return t;
}

static GPtrArray *
outbox_for (Fixture *f, const char *receipt)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = lt_store_outbox_list (f->store, -1, &error);
  GPtrArray *mine = g_ptr_array_new_with_free_func ((GDestroyNotify) lt_outbox_message_free);

  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    {
      LtOutboxMessage *m = g_ptr_array_index (all, i);

      if (g_strcmp0 (m->receipt, receipt) == 0)
        g_ptr_array_add (mine, lt_outbox_message_copy (m));
    }
  return mine;
}

static void
test_round_trip (Fixture *f, gconstpointer data)
{
  static const char *const texts[] = {
    "小区东门的路灯坏了三天，晚上老人出门不安全。",
    "电梯又坏了😡🙏 住18楼的奶奶下不了楼 👵🏻",
    "Robert'); DROP TABLE tickets; -- 100% \"quoted\" \\ _ %",
    "多行\n第二行\t制表符",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(LtTicket) t = submit (f, LT_CHANNEL_KIOSK, "roads", texts[i], NULL, "3号楼'2单元");
      g_autoptr(GError) error = NULL;
      g_autoptr(LtTicket) back = lt_store_get (f->store, t->receipt, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (back->text, ==, texts[i]);
      g_assert_cmpstr (back->location, ==, "3号楼'2单元");
      g_assert_cmpstr (back->category, ==, "roads");
      g_assert_cmpint (back->status, ==, LT_STATUS_RECEIVED);
      g_assert_cmpint (back->channel, ==, LT_CHANNEL_KIOSK);
      g_assert_cmpuint (back->events->len, ==, 1);
      g_assert_cmpstr (((LtEvent *) back->events->pdata[0])->kind, ==, "created");
    }
  /* The table survived the metacharacters. */
  {
    LtListQuery q = { .filter = LT_LIST_ALL };
    g_autoptr(GPtrArray) all = lt_store_list (f->store, &q, NULL);
    g_assert_cmpuint (all->len, ==, G_N_ELEMENTS (texts));
  }
}

static void
test_receipts (Fixture *f, gconstpointer data)
{
  g_autoptr(LtTicket) a = submit (f, LT_CHANNEL_KIOSK, "noise", "一", NULL, NULL);
  g_autoptr(LtTicket) b = submit (f, LT_CHANNEL_STAFF, "noise", "二", NULL, NULL);
  g_autoptr(LtTicket) c = submit (f, LT_CHANNEL_SMS, "noise", "三", NULL, NULL);
  char parsed[LT_RECEIPT_LEN + 1];

  /* Kiosk and staff share the site's origin; SMS has its own. */
  g_assert_true (g_str_has_prefix (a->receipt, "10000001"));
  g_assert_true (g_str_has_prefix (b->receipt, "10000002"));
  g_assert_true (g_str_has_prefix (c->receipt, "11000001"));
  g_assert_true (lt_receipt_parse (a->receipt, parsed, NULL));
  g_assert_true (lt_receipt_parse (c->receipt, parsed, NULL));
}

static void
test_receipt_sms (Fixture *f, gconstpointer data)
{
  g_autoptr(LtTicket) mobile = submit (f, LT_CHANNEL_KIOSK, "utilities", "停水", "+86 139-1234-5678", NULL);
  g_autoptr(LtTicket) landline = submit (f, LT_CHANNEL_KIOSK, "utilities", "停电", "010-6512 3456", NULL);
  g_autoptr(LtTicket) none = submit (f, LT_CHANNEL_KIOSK, "utilities", "燃气", NULL, NULL);
  g_autoptr(GPtrArray) m1 = outbox_for (f, mobile->receipt);
  g_autoptr(GPtrArray) m2 = outbox_for (f, landline->receipt);
  g_autoptr(GPtrArray) m3 = outbox_for (f, none->receipt);
  g_autofree char *grouped = lt_receipt_format (mobile->receipt);
  LtOutboxMessage *m;

  g_assert_cmpstr (mobile->phone, ==, "13912345678");
  g_assert_true (mobile->phone_is_mobile);
  g_assert_cmpstr (landline->phone, ==, "010-6512 3456");
  g_assert_false (landline->phone_is_mobile);
  g_assert_cmpuint (m1->len, ==, 1);
  g_assert_cmpuint (m2->len, ==, 0);
  g_assert_cmpuint (m3->len, ==, 0);
  m = g_ptr_array_index (m1, 0);
  g_assert_cmpstr (m->kind, ==, "receipt");
  g_assert_cmpstr (m->phone, ==, "13912345678");
  g_assert_cmpint (m->state, ==, LT_OUTBOX_QUEUED);
  g_assert_cmpuint (m->segments, ==, 1);
  g_assert_nonnull (strstr (m->body, grouped));
  g_assert_nonnull (strstr (m->body, "【来听】"));
}

/* What the kiosk's receipt screen asks: is the receipt SMS queued, sent,
 * failed — or is there none? */
static void
test_receipt_sms_state (Fixture *f, gconstpointer data)
{
  g_autoptr(LtTicket) mobile = submit (f, LT_CHANNEL_KIOSK, "utilities", "停水", "13912345678", NULL);
  g_autoptr(LtTicket) none = submit (f, LT_CHANNEL_KIOSK, "utilities", "燃气", NULL, NULL);
  g_autoptr(LtOutboxMessage) claimed = NULL;
  g_autoptr(GError) error = NULL;
  LtOutboxState state = LT_OUTBOX_FAILED;

  g_assert_true (lt_store_outbox_state_for (f->store, mobile->receipt, "receipt", &state, &error));
  g_assert_no_error (error);
  g_assert_cmpint (state, ==, LT_OUTBOX_QUEUED);
  g_assert_false (lt_store_outbox_state_for (f->store, none->receipt, "receipt", &state, &error));
  g_assert_no_error (error);
  g_assert_false (lt_store_outbox_state_for (f->store, mobile->receipt, "closure", &state, &error));
  g_assert_no_error (error);

  claimed = lt_store_outbox_claim (f->store, G_MAXINT64 / 2, &error);
  g_assert_no_error (error);
  g_assert_nonnull (claimed);
  g_assert_true (lt_store_outbox_state_for (f->store, mobile->receipt, "receipt", &state, NULL));
  g_assert_cmpint (state, ==, LT_OUTBOX_SENDING);
  g_assert_true (lt_store_outbox_mark_sent (f->store, claimed->id, 7, &error));
  g_assert_true (lt_store_outbox_state_for (f->store, mobile->receipt, "receipt", &state, NULL));
  g_assert_cmpint (state, ==, LT_OUTBOX_SENT);
}

static void
test_lifecycle (Fixture *f, gconstpointer data)
{
  g_autoptr(LtTicket) t = submit (f, LT_CHANNEL_KIOSK, "roads", "井盖缺失", "13812345678", "5号楼");
  g_autoptr(GError) error = NULL;
  g_autoptr(LtTicket) after = NULL;
  g_autoptr(GPtrArray) sms = NULL;
  const char *r = t->receipt;

  g_assert_true (lt_store_transfer (f->store, r, "城管执法队", "请三日内处理", "王芳", &error));
  g_assert_no_error (error);
  g_assert_true (lt_store_add_note (f->store, r, "已电话联系居民", "王芳", &error));
  g_assert_no_error (error);

  /* Closing needs a note. */
  g_assert_false (lt_store_close (f->store, r, "  ", "王芳", &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (lt_store_close (f->store, r, "井盖已补装", "王芳", &error));
  g_assert_no_error (error);
  after = lt_store_get (f->store, r, &error);
  g_assert_cmpint (after->status, ==, LT_STATUS_CLOSED);
  g_assert_cmpstr (after->assignee, ==, "城管执法队");
  g_assert_cmpint (after->closed_at, >, 0);
  g_assert_cmpuint (after->events->len, ==, 4);
  {
    const char *kinds[] = { "created", "transferred", "note", "closed" };
    for (guint i = 0; i < 4; i++)
      {
        LtEvent *e = g_ptr_array_index (after->events, i);
        g_assert_cmpstr (e->kind, ==, kinds[i]);
        g_assert_cmpint (e->at, >, 0);
        g_assert_nonnull (e->actor);
      }
    g_assert_cmpstr (((LtEvent *) after->events->pdata[3])->note, ==, "井盖已补装");
    g_assert_cmpstr (((LtEvent *) after->events->pdata[3])->actor, ==, "王芳");
  }

  /* Closing queued the notice, with the note and the rating question. */
  sms = outbox_for (f, r);
  g_assert_cmpuint (sms->len, ==, 2);
  {
    LtOutboxMessage *m = g_ptr_array_index (sms, 1);
    g_assert_cmpstr (m->kind, ==, "closure");
    g_assert_nonnull (strstr (m->body, "井盖已补装"));
    g_assert_cmpuint (m->segments, <=, 2);
  }

  /* Illegal changes are refused and change nothing. */
  g_assert_false (lt_store_close (f->store, r, "再次办结", "王芳", &error));
  g_assert_error (error, LT_TICKET_ERROR, LT_TICKET_ERROR_ILLEGAL);
  g_clear_error (&error);
  g_assert_false (lt_store_transfer (f->store, r, "街道办", NULL, "王芳", &error));
  g_assert_error (error, LT_TICKET_ERROR, LT_TICKET_ERROR_ILLEGAL);
  g_clear_error (&error);
  g_clear_pointer (&sms, g_ptr_array_unref);
  sms = outbox_for (f, r);
  g_assert_cmpuint (sms->len, ==, 2);

  /* A resident's 3 reopens it with a fresh due date. */
  g_assert_true (lt_store_rate (f->store, r, 3, NULL, TRUE, &error));
  g_assert_no_error (error);
  g_clear_pointer (&after, lt_ticket_free);
  after = lt_store_get (f->store, r, &error);
  g_assert_cmpint (after->status, ==, LT_STATUS_REOPENED);
  g_assert_cmpint (after->rating, ==, 3);
  g_assert_cmpint (after->closed_at, ==, 0);
  g_assert_cmpstr (((LtEvent *) after->events->pdata[after->events->len - 2])->kind, ==, "rated");
  g_assert_cmpstr (((LtEvent *) after->events->pdata[after->events->len - 1])->kind, ==, "reopened");
  g_clear_pointer (&sms, g_ptr_array_unref);
  sms = outbox_for (f, r);
  g_assert_cmpuint (sms->len, ==, 3);
  g_assert_cmpstr (((LtOutboxMessage *) sms->pdata[2])->kind, ==, "reopened");

  /* Rating an open ticket is refused. */
  g_assert_false (lt_store_rate (f->store, r, 1, NULL, TRUE, &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (lt_store_reopen (f->store, r, NULL, "王芳", &error));
  g_assert_error (error, LT_TICKET_ERROR, LT_TICKET_ERROR_ILLEGAL);
}

static void
test_bad_input (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  LtSubmission unknown = { LT_CHANNEL_KIOSK, "weather", "下雨", NULL, NULL, NULL };
  LtSubmission empty = { LT_CHANNEL_KIOSK, "roads", "   ", NULL, NULL, NULL };
  LtListQuery q = { .filter = LT_LIST_ALL };
  g_autoptr(GPtrArray) all = NULL;

  g_assert_null (lt_store_submit (f->store, &unknown, &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (lt_store_submit (f->store, &empty, &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (lt_store_get (f->store, "100000011", &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "100 000 011"));
  g_clear_error (&error);
  g_assert_false (lt_store_transfer (f->store, "100000011", "一个名字长得超过了十二个字的部门", NULL, NULL, &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID);
  /* A refused submission used no receipt number and wrote nothing. */
  all = lt_store_list (f->store, &q, NULL);
  g_assert_cmpuint (all->len, ==, 0);
  {
    g_autoptr(LtTicket) t = submit (f, LT_CHANNEL_KIOSK, "roads", "第一件", NULL, NULL);
    g_assert_true (g_str_has_prefix (t->receipt, "10000001"));
  }
}

static void
test_list (Fixture *f, gconstpointer data)
{
  gint64 day1 = lt_time_day_start (2026, 11, 20) + 9 * 3600;
  gint64 day2 = day1 + 24 * 3600;
  g_autofree char *now1 = g_strdup_printf ("%" G_GINT64_FORMAT, day1);
  g_autofree char *now2 = g_strdup_printf ("%" G_GINT64_FORMAT, day2);
  g_autofree char *later = g_strdup_printf ("%" G_GINT64_FORMAT, day2 + 4 * 24 * 3600);
  g_autoptr(LtTicket) a = NULL, b = NULL, c = NULL;
  g_autoptr(GPtrArray) list = NULL;
  GDate date;
  LtListQuery q = { .filter = LT_LIST_ALL };

  g_setenv ("LAITING_NOW", now1, TRUE);
  a = submit (f, LT_CHANNEL_KIOSK, "safety", "消防通道堵了", NULL, NULL);  /* due in 2 days */
  g_setenv ("LAITING_NOW", now2, TRUE);
  b = submit (f, LT_CHANNEL_KIOSK, "roads", "路灯", NULL, NULL);         /* due in 10 days */
  c = submit (f, LT_CHANNEL_SMS, "noise", "装修", "13900000000", NULL);   /* due in 3 days */
  g_assert_true (lt_store_close (f->store, c->receipt, "已协调", NULL, NULL));

  g_date_set_dmy (&date, 21, 11, 2026);
  lt_store_day_bounds (&date, &q.from, &q.to);
  list = lt_store_list (f->store, &q, NULL);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((LtTicket *) list->pdata[0])->receipt, ==, b->receipt);
  g_clear_pointer (&list, g_ptr_array_unref);

  g_setenv ("LAITING_NOW", later, TRUE);
  q = (LtListQuery) { .filter = LT_LIST_OVERDUE };
  list = lt_store_list (f->store, &q, NULL);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((LtTicket *) list->pdata[0])->receipt, ==, a->receipt);
  g_clear_pointer (&list, g_ptr_array_unref);

  q = (LtListQuery) { .filter = LT_LIST_OPEN };
  list = lt_store_list (f->store, &q, NULL);
  g_assert_cmpuint (list->len, ==, 2);
  g_clear_pointer (&list, g_ptr_array_unref);
  q = (LtListQuery) { .filter = LT_LIST_CLOSED };
  list = lt_store_list (f->store, &q, NULL);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);
  q = (LtListQuery) { .filter = LT_LIST_ALL, .phone = "13900000000" };
  list = lt_store_list (f->store, &q, NULL);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Staff order: reopened first, then overdue, then newest. */
  g_assert_true (lt_store_rate (f->store, c->receipt, 3, NULL, FALSE, NULL));
  q = (LtListQuery) { .filter = LT_LIST_OPEN, .reopened_first = TRUE, .with_events = TRUE };
  list = lt_store_list (f->store, &q, NULL);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpstr (((LtTicket *) list->pdata[0])->receipt, ==, c->receipt);
  g_assert_cmpstr (((LtTicket *) list->pdata[1])->receipt, ==, a->receipt);
  g_assert_cmpuint (((LtTicket *) list->pdata[0])->events->len, >=, 3);
}

static void
set_opted_out (Fixture *f, const char *phone)
{
  g_autofree char *sql = g_strdup_printf ("INSERT INTO contacts (phone, opted_out) VALUES ('%s', 1)", phone);

  g_assert_cmpint (sqlite3_exec (f->store->db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

static void
test_opt_out (Fixture *f, gconstpointer data)
{
  g_autoptr(LtTicket) t = NULL;
  g_autoptr(GPtrArray) sms = NULL;

  set_opted_out (f, "13700000000");
  t = submit (f, LT_CHANNEL_SMS, "other", "咨询", "13700000000", NULL);
  g_assert_true (lt_store_close (f->store, t->receipt, "已答复", NULL, NULL));
  sms = outbox_for (f, t->receipt);
  g_assert_cmpuint (sms->len, ==, 0);
}

static void
test_outbox_states (Fixture *f, gconstpointer data)
{
  g_autoptr(LtTicket) t = submit (f, LT_CHANNEL_KIOSK, "health", "挂号", "13600000000", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LtOutboxMessage) m = NULL, again = NULL, none = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 now = lt_store_now ();

  g_assert_cmpint (lt_store_outbox_next_due (f->store, now, NULL), ==, 0);
  m = lt_store_outbox_claim (f->store, now, &error);
  g_assert_no_error (error);
  g_assert_nonnull (m);
  g_assert_cmpint (m->state, ==, LT_OUTBOX_SENDING);
  g_assert_cmpuint (m->attempts, ==, 1);
  g_assert_cmpstr (m->receipt, ==, t->receipt);
  /* Nothing else is due while it is being sent. */
  none = lt_store_outbox_claim (f->store, now, &error);
  g_assert_null (none);
  g_assert_no_error (error);

  /* A failure puts it back for later. */
  g_assert_true (lt_store_outbox_mark_failed (f->store, m->id, "modem busy", now + 60, &error));
  g_assert_cmpint (lt_store_outbox_next_due (f->store, now, NULL), ==, 60);
  g_assert_null (lt_store_outbox_claim (f->store, now, NULL));
  again = lt_store_outbox_claim (f->store, now + 60, &error);
  g_assert_nonnull (again);
  g_assert_cmpuint (again->attempts, ==, 2);

  /* A crash while sending: recovered once, at most this one message. */
  g_assert_cmpuint (lt_store_outbox_recover (f->store, &error), ==, 1);
  g_clear_pointer (&again, lt_outbox_message_free);
  again = lt_store_outbox_claim (f->store, now + 60, &error);
  g_assert_true (lt_store_outbox_mark_sent (f->store, again->id, 42, &error));
  list = lt_store_outbox_list (f->store, LT_OUTBOX_SENT, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((LtOutboxMessage *) list->pdata[0])->modem_ref, ==, 42);
  g_assert_cmpint (((LtOutboxMessage *) list->pdata[0])->sent_at, >, 0);
  g_assert_cmpint (lt_store_outbox_next_due (f->store, now, NULL), ==, -1);

  /* Giving up marks it failed with the reason. */
  g_assert_cmpint (lt_store_outbox_queue (f->store, NULL, "+8613600000000", "help", "帮助", &error), >, 0);
  g_clear_pointer (&m, lt_outbox_message_free);
  m = lt_store_outbox_claim (f->store, now + 60, &error);
  g_assert_true (lt_store_outbox_mark_failed (f->store, m->id, "无信号", 0, &error));
  g_clear_pointer (&list, g_ptr_array_unref);
  list = lt_store_outbox_list (f->store, LT_OUTBOX_FAILED, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((LtOutboxMessage *) list->pdata[0])->last_error, ==, "无信号");

  /* Only mobile numbers get SMS. */
  g_assert_cmpint (lt_store_outbox_queue (f->store, NULL, "10086", "help", "帮助", &error), ==, 0);
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID);
}

static int
pragma_int (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *stmt;
  int v;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  v = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return v;
}

static void
test_durable (Fixture *f, gconstpointer data)
{
  sqlite3 *db = f->store->db;
  sqlite3_stmt *stmt;

  g_assert_cmpint (pragma_int (db, "PRAGMA synchronous"), ==, 2);  /* FULL */
  g_assert_cmpint (pragma_int (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (pragma_int (db, "PRAGMA user_version"), ==, lt_store_schema_version ());
  g_assert_cmpint (pragma_int (db, "PRAGMA application_id"), ==, LT_STORE_APPLICATION_ID);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);
}

static void
test_reopen_existing (Fixture *f, gconstpointer data)
{
  g_autoptr(LtTicket) t = submit (f, LT_CHANNEL_KIOSK, "jobs", "找工作", NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LtStore) second = lt_store_open (f->path, f->config, &error);
  g_autoptr(LtTicket) back = NULL;

  g_assert_no_error (error);
  back = lt_store_get (second, t->receipt, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->text, ==, "找工作");
}

static void
test_not_laiting (Fixture *f, gconstpointer data)
{
  g_autofree char *text_file = g_build_filename (f->dir, "notes.txt", NULL);
  g_autofree char *other_db = g_build_filename (f->dir, "other.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LtStore) store = NULL;
  sqlite3 *db;

  g_assert_true (g_file_set_contents (text_file, "这不是数据库。This is not a database, just some notes.\n"
                                      "padding padding padding padding padding padding padding", -1, NULL));
  store = lt_store_open (text_file, f->config, &error);
  g_assert_null (store);
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_LAITING);
  g_clear_error (&error);

  g_assert_cmpint (sqlite3_open (other_db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE recipes (name TEXT)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  store = lt_store_open (other_db, f->config, &error);
  g_assert_null (store);
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_LAITING);
  g_assert_nonnull (strstr (error->message, other_db));
}

static void
test_too_new (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LtStore) store = NULL;

  g_assert_cmpint (sqlite3_exec (f->store->db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  store = lt_store_open (f->path, f->config, &error);
  g_assert_null (store);
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_TOO_NEW);
}

static void
test_busy (Fixture *f, gconstpointer data)
{
  g_autofree char *conf_path = g_build_filename (f->dir, "busy.conf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LtConfig) config = NULL;
  g_autoptr(LtStore) impatient = NULL;
  g_autoptr(LtTicket) t = NULL;
  LtSubmission sub = { LT_CHANNEL_KIOSK, "roads", "路面坑洼", NULL, "13912345678", NULL };
  sqlite3 *other;

  g_assert_true (g_file_set_contents (conf_path, "[site]\nbusy-timeout=100\n", -1, NULL));
  config = lt_config_load (conf_path, &error);
  g_assert_no_error (error);
  impatient = lt_store_open (f->path, config, &error);
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_open (f->path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_null (lt_store_submit (impatient, &sub, &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_cmpint (sqlite3_exec (other, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);

  t = lt_store_submit (impatient, &sub, &error);
  g_assert_no_error (error);
  /* The failed attempt used no number. */
  g_assert_true (g_str_has_prefix (t->receipt, "10000001"));
}

/* A full disk, as SQLite reports it when it cannot grow the file: the
 * submission fails with a sentence that says so, and nothing half-written
 * stays behind. */
static void
test_disk_full (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *big = g_strnfill (3000, 'x');
  LtSubmission sub = { LT_CHANNEL_KIOSK, "roads", big, NULL, "13912345678", NULL };
  LtListQuery q = { .filter = LT_LIST_ALL };
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) box = NULL;
  int pages = pragma_int (f->store->db, "PRAGMA page_count");
  g_autofree char *cap = g_strdup_printf ("PRAGMA max_page_count = %d", pages);
  LtTicket *t = NULL;

  g_assert_cmpint (sqlite3_exec (f->store->db, cap, NULL, NULL, NULL), ==, SQLITE_OK);
  for (int i = 0; i < 50 && error == NULL; i++)
    {
      t = lt_store_submit (f->store, &sub, &error);
      g_clear_pointer (&t, lt_ticket_free);
    }
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_FULL);
  g_assert_nonnull (strstr (error->message, "磁盘已满"));
  /* Whatever was committed before is whole: each ticket has its SMS. */
  all = lt_store_list (f->store, &q, NULL);
  box = lt_store_outbox_list (f->store, -1, NULL);
  g_assert_cmpuint (all->len, ==, box->len);
}

static void
submit_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  LtTicket **out = data;
  g_autoptr(GError) error = NULL;

  *out = lt_store_submit_finish (LT_STORE (source), result, &error);
  g_assert_no_error (error);
}

static void
test_async (Fixture *f, gconstpointer data)
{
  LtSubmission sub = { LT_CHANNEL_KIOSK, "elderly", "想申请老年助餐", "3号楼", "13912345678", NULL };
  g_autoptr(LtTicket) t = NULL;

  lt_store_submit_async (f->store, &sub, NULL, submit_cb, &t);
  while (t == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (t->text, ==, "想申请老年助餐");
}

static LtTicket *
submit_edge (Fixture *f, const LtSubmission *sub, gboolean *existed, GError **error)
{
  return lt_store_submit_idempotent (f->store, sub, existed, error);
}

static gint64
count (Fixture *f, const char *sql)
{
  sqlite3_stmt *stmt;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (f->store->db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
test_edge_receipt (Fixture *f, gconstpointer data)
{
  char receipt[LT_RECEIPT_LEN + 1];
  g_autofree char *spaced = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LtTicket) first = NULL, again = NULL, other = NULL, appended = NULL;
  g_autoptr(GPtrArray) sms = NULL;
  gboolean existed = TRUE;

  g_assert_true (lt_receipt_build (21, 5, receipt, NULL));
  spaced = lt_receipt_format (receipt);
  {
    LtSubmission sub = { LT_CHANNEL_KIOSK, "roads", "东门路灯不亮", "3号楼", "+86 139 1234 5678",
                         NULL, spaced, 0 };

    first = submit_edge (f, &sub, &existed, &error);
    g_assert_no_error (error);
    g_assert_false (existed);
    g_assert_cmpstr (first->receipt, ==, receipt);
    g_assert_cmpstr (first->phone, ==, "13912345678");
  }
  /* The same content again, the phone typed another way: the same ticket,
   * nothing queued. */
  {
    LtSubmission sub = { LT_CHANNEL_KIOSK, "roads", " 东门路灯不亮 ", "3号楼", "13912345678",
                         NULL, receipt, 0 };

    again = submit_edge (f, &sub, &existed, &error);
    g_assert_no_error (error);
    g_assert_true (existed);
    g_assert_cmpstr (again->receipt, ==, receipt);
    g_assert_cmpint (again->created_at, ==, first->created_at);
    g_assert_cmpuint (again->events->len, ==, 1);
  }
  sms = outbox_for (f, receipt);
  g_assert_cmpuint (sms->len, ==, 1);
  g_assert_cmpstr (((LtOutboxMessage *) sms->pdata[0])->kind, ==, "receipt");

  /* Other content under the same number: a conflict, nothing changes. */
  {
    const LtSubmission subs[] = {
      { LT_CHANNEL_KIOSK, "roads", "西门路灯不亮", "3号楼", "13912345678", NULL, receipt, 0 },
      { LT_CHANNEL_SMS, "roads", "东门路灯不亮", "3号楼", "13912345678", NULL, receipt, 0 },
      { LT_CHANNEL_KIOSK, "noise", "东门路灯不亮", "3号楼", "13912345678", NULL, receipt, 0 },
      { LT_CHANNEL_KIOSK, "roads", "东门路灯不亮", NULL, "13912345678", NULL, receipt, 0 },
      { LT_CHANNEL_KIOSK, "roads", "东门路灯不亮", "3号楼", "13912345679", NULL, receipt, 0 },
      { LT_CHANNEL_KIOSK, "roads", "东门路灯不亮", "3号楼", NULL, NULL, receipt, 0 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (subs); i++)
      {
        existed = TRUE;
        other = submit_edge (f, &subs[i], &existed, &error);
        g_assert_null (other);
        g_assert_false (existed);
        g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_CONFLICT);
        g_assert_nonnull (strstr (error->message, spaced));
        g_clear_error (&error);
      }
  }
  g_assert_cmpint (count (f, "SELECT count(*) FROM tickets"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox"), ==, 1);

  /* After the resident added to the text, the edge's retry is still the
   * same ticket. */
  g_assert_true (lt_store_append_text (f->store, receipt, "晚上很黑", NULL, &error));
  g_assert_no_error (error);
  {
    LtSubmission sub = { LT_CHANNEL_KIOSK, "roads", "东门路灯不亮", "3号楼", "13912345678",
                         NULL, receipt, 0 };

    appended = submit_edge (f, &sub, &existed, &error);
    g_assert_no_error (error);
    g_assert_true (existed);
    g_assert_nonnull (strstr (appended->text, "晚上很黑"));
  }
}

static void
test_edge_receipt_bad (Fixture *f, gconstpointer data)
{
  char receipt[LT_RECEIPT_LEN + 1];
  g_autoptr(GError) error = NULL;
  const char *bad[] = { NULL, "12345", "０１２３４５６７８", "abcdefghi" };
  gboolean existed = TRUE;

  g_assert_true (lt_receipt_build (21, 6, receipt, NULL));
  receipt[8] = receipt[8] == '9' ? '0' : receipt[8] + 1;
  bad[0] = receipt;
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      LtSubmission sub = { LT_CHANNEL_KIOSK, "roads", "路灯", NULL, "13912345678", NULL, bad[i], 0 };
      g_autoptr(LtTicket) t = submit_edge (f, &sub, &existed, &error);

      g_assert_null (t);
      g_assert_false (existed);
      g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID);
      g_clear_error (&error);
    }
  /* Bad content with a good number: refused as lt_store_submit refuses it. */
  g_assert_true (lt_receipt_build (21, 6, receipt, NULL));
  {
    LtSubmission sub = { LT_CHANNEL_KIOSK, "nosuch", "路灯", NULL, NULL, NULL, receipt, 0 };
    g_autoptr(LtTicket) t = submit_edge (f, &sub, &existed, &error);

    g_assert_null (t);
    g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID);
    g_clear_error (&error);
  }
  g_assert_cmpint (count (f, "SELECT count(*) FROM tickets"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox"), ==, 0);
}

/* A number an edge minted from an origin the store also mints from pushes
 * the store's own sequence past it, never back. */
static void
test_edge_receipt_sequence (Fixture *f, gconstpointer data)
{
  guint origin = lt_config_get_origin (f->config, LT_CHANNEL_KIOSK);
  char receipt[LT_RECEIPT_LEN + 1], expected[LT_RECEIPT_LEN + 1];
  g_autoptr(GError) error = NULL;
  g_autoptr(LtTicket) local = NULL, low = NULL, local2 = NULL;

  g_assert_true (lt_receipt_build (origin, 50, receipt, NULL));
  {
    LtSubmission sub = { LT_CHANNEL_KIOSK, "roads", "甲", NULL, NULL, NULL, receipt, 0 };
    g_autoptr(LtTicket) t = submit_edge (f, &sub, NULL, &error);

    g_assert_no_error (error);
  }
  local = submit (f, LT_CHANNEL_KIOSK, "roads", "乙", NULL, NULL);
  g_assert_true (lt_receipt_build (origin, 51, expected, NULL));
  g_assert_cmpstr (local->receipt, ==, expected);

  g_assert_true (lt_receipt_build (origin, 3, receipt, NULL));
  {
    LtSubmission sub = { LT_CHANNEL_KIOSK, "roads", "丙", NULL, NULL, NULL, receipt, 0 };

    low = submit_edge (f, &sub, NULL, &error);
    g_assert_no_error (error);
  }
  local2 = submit (f, LT_CHANNEL_KIOSK, "roads", "丁", NULL, NULL);
  g_assert_true (lt_receipt_build (origin, 52, expected, NULL));
  g_assert_cmpstr (local2->receipt, ==, expected);
}

static void
test_edge_clock (Fixture *f, gconstpointer data)
{
  const gint64 now = 1790000000;
  const gint64 due = (gint64) lt_config_find_category (f->config, "roads")->due_days * 86400;
  struct { gint64 claimed; gint64 stored; } cases[] = {
    { 0, now },
    { now - 3600, now - 3600 },              /* spooled for an hour: believed */
    { now - 20 * 86400, now - 20 * 86400 },  /* offline for 20 days: believed */
    { now + 299, now + 299 },                /* a clock a little fast */
    { now + 301, now },                      /* too far ahead */
    { now - 31 * 86400, now },               /* too far behind */
    { 1, now },                              /* a clock never set */
    { G_MAXINT64, now },
    { -5, now },
  };
  g_autofree char *now_s = g_strdup_printf ("%" G_GINT64_FORMAT, now);

  g_setenv ("LAITING_NOW", now_s, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char receipt[LT_RECEIPT_LEN + 1];
      g_autoptr(GError) error = NULL;
      g_autoptr(LtTicket) t = NULL, back = NULL;

      g_assert_true (lt_receipt_build (30, 100 + i, receipt, NULL));
      {
        LtSubmission sub = { LT_CHANNEL_KIOSK, "roads", "路面塌陷", NULL, NULL, NULL, receipt,
                             cases[i].claimed };

        t = submit_edge (f, &sub, NULL, &error);
      }
      g_assert_no_error (error);
      back = lt_store_get (f->store, receipt, &error);
      g_assert_no_error (error);
      g_test_message ("case %u: claimed %" G_GINT64_FORMAT, i, cases[i].claimed);
      g_assert_cmpint (back->created_at, ==, cases[i].stored);
      g_assert_cmpint (back->due_at, ==, cases[i].stored + due);
      g_assert_cmpint (((LtEvent *) back->events->pdata[0])->at, ==, cases[i].stored);
      g_assert_cmpint (t->created_at, ==, back->created_at);
    }
}

typedef struct {
  LtStore    *store;
  const char *receipt;
  gboolean    existed;
} EdgeThread;

static gpointer
edge_thread (gpointer data)
{
  EdgeThread *e = data;
  LtSubmission sub = { LT_CHANNEL_SMS, "noise", "夜里施工太吵", NULL, "13912345678", NULL,
                       e->receipt, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(LtTicket) t = lt_store_submit_idempotent (e->store, &sub, &e->existed, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (t->receipt, ==, e->receipt);
  return NULL;
}

/* The same receipt from several threads at once: one ticket, one SMS. */
static void
test_edge_receipt_threads (Fixture *f, gconstpointer data)
{
  char receipt[LT_RECEIPT_LEN + 1];
  EdgeThread e[6];
  GThread *t[6];
  guint created = 0;

  g_assert_true (lt_receipt_build (44, 7, receipt, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (e); i++)
    {
      e[i] = (EdgeThread) { f->store, receipt, FALSE };
      t[i] = g_thread_new ("edge", edge_thread, &e[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (e); i++)
    {
      g_thread_join (t[i]);
      created += !e[i].existed;
    }
  g_assert_cmpuint (created, ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM tickets"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox WHERE kind = 'receipt'"), ==, 1);
}

static void
test_edge_receipt_async (Fixture *f, gconstpointer data)
{
  char receipt[LT_RECEIPT_LEN + 1];
  g_autoptr(LtTicket) t = NULL;

  g_assert_true (lt_receipt_build (45, 1, receipt, NULL));
  {
    LtSubmission sub = { LT_CHANNEL_KIOSK, "elderly", "想申请老年助餐", NULL, NULL, NULL,
                         receipt, lt_store_now () - 60 };

    lt_store_submit_async (f->store, &sub, NULL, submit_cb, &t);
  }
  while (t == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (t->receipt, ==, receipt);
  g_assert_cmpint (t->created_at, <=, lt_store_now () - 60);
}

static void
queue_help (Fixture *f, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *body = g_strdup_printf ("第%u条", i);

      g_assert_cmpint (lt_store_outbox_queue (f->store, NULL, "13912345678", "help", body, &error), >, 0);
      g_assert_no_error (error);
    }
}

static GPtrArray *
lease (Fixture *f, const char *holder, guint max, gint64 seconds, gint64 now)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *leased = lt_store_outbox_lease (f->store, holder, max, seconds, now, &error);

  g_assert_no_error (error);
  g_assert_nonnull (leased);
  return leased;
}

static LtOutboxMessage *
outbox_row (Fixture *f, gint64 id)
{
  g_autoptr(GPtrArray) all = lt_store_outbox_list (f->store, -1, NULL);

  for (guint i = 0; i < all->len; i++)
    if (((LtOutboxMessage *) all->pdata[i])->id == id)
      return lt_outbox_message_copy (all->pdata[i]);
  g_assert_not_reached ();
}

static void
test_outbox_lease (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) a = NULL, b = NULL, c = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  gint64 now;

  queue_help (f, 5);
  now = lt_store_now ();   /* read after queueing, so every message is due */
  a = lease (f, "gw-a", 3, 60, now);
  b = lease (f, "gw-b", 10, 60, now);
  c = lease (f, "gw-c", 10, 60, now);
  g_assert_cmpuint (a->len, ==, 3);
  g_assert_cmpuint (b->len, ==, 2);
  g_assert_cmpuint (c->len, ==, 0);
  for (guint i = 0; i < a->len + b->len; i++)
    {
      LtOutboxMessage *m = i < a->len ? a->pdata[i] : b->pdata[i - a->len];
      g_autoptr(LtOutboxMessage) stored = outbox_row (f, m->id);

      g_assert_true (g_hash_table_add (seen, &m->id));
      g_assert_cmpint (m->state, ==, LT_OUTBOX_SENDING);
      g_assert_cmpuint (m->attempts, ==, 1);
      g_assert_cmpint (m->lease_until, ==, now + 60);
      g_assert_cmpstr (m->lease_holder, ==, i < a->len ? "gw-a" : "gw-b");
      g_assert_cmpint (stored->state, ==, LT_OUTBOX_SENDING);
      g_assert_cmpuint (stored->attempts, ==, 1);
      g_assert_cmpstr (stored->lease_holder, ==, m->lease_holder);
      g_assert_cmpint (stored->lease_until, ==, now + 60);
    }
  /* The listener's own recovery leaves leased rows to their holders. */
  g_assert_cmpuint (lt_store_outbox_recover (f->store, NULL), ==, 0);
  g_assert_null (lt_store_outbox_claim (f->store, now, NULL));
}

static void
test_outbox_report (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) leased = NULL;
  g_autoptr(GError) error = NULL;
  LtOutboxMessage *sent, *retry, *dead;
  gint64 now;

  queue_help (f, 3);
  now = lt_store_now ();   /* read after queueing, so every message is due */
  leased = lease (f, "gw-a", 3, 600, now);
  g_assert_cmpuint (leased->len, ==, 3);
  sent = leased->pdata[0];
  retry = leased->pdata[1];
  dead = leased->pdata[2];

  /* Another holder, or a message never leased, is refused and changes nothing. */
  g_assert_false (lt_store_outbox_report (f->store, sent->id, "gw-b", TRUE, 7, NULL, 0, &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_LEASE_LOST);
  g_clear_error (&error);
  g_assert_false (lt_store_outbox_report (f->store, 9999, "gw-a", TRUE, 7, NULL, 0, &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_LEASE_LOST);
  g_clear_error (&error);

  g_assert_true (lt_store_outbox_report (f->store, sent->id, "gw-a", TRUE, 42, NULL, 0, &error));
  g_assert_no_error (error);
  g_assert_true (lt_store_outbox_report (f->store, retry->id, "gw-a", FALSE, -1, "modem busy",
                                         now + 300, &error));
  g_assert_no_error (error);
  g_assert_true (lt_store_outbox_report (f->store, dead->id, "gw-a", FALSE, -1, "SIM gone", 0, &error));
  g_assert_no_error (error);
  {
    g_autoptr(LtOutboxMessage) s = outbox_row (f, sent->id);
    g_autoptr(LtOutboxMessage) r = outbox_row (f, retry->id);
    g_autoptr(LtOutboxMessage) d = outbox_row (f, dead->id);

    g_assert_cmpint (s->state, ==, LT_OUTBOX_SENT);
    g_assert_cmpint (s->modem_ref, ==, 42);
    g_assert_cmpint (s->sent_at, >=, now);
    g_assert_null (s->lease_holder);
    g_assert_cmpint (r->state, ==, LT_OUTBOX_QUEUED);
    g_assert_cmpint (r->next_attempt_at, ==, now + 300);
    g_assert_cmpstr (r->last_error, ==, "modem busy");
    g_assert_null (r->lease_holder);
    g_assert_cmpint (r->lease_until, ==, 0);
    g_assert_cmpint (d->state, ==, LT_OUTBOX_FAILED);
    g_assert_cmpstr (d->last_error, ==, "SIM gone");
  }
  /* A second report of the same send is refused: the lease is over. */
  g_assert_false (lt_store_outbox_report (f->store, sent->id, "gw-a", TRUE, 43, NULL, 0, &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_LEASE_LOST);
  g_clear_error (&error);
  /* The retry is not due before its time, then is leased again. */
  {
    g_autoptr(GPtrArray) early = lease (f, "gw-b", 10, 60, now + 299);
    g_autoptr(GPtrArray) due = lease (f, "gw-b", 10, 60, now + 300);

    g_assert_cmpuint (early->len, ==, 0);
    g_assert_cmpuint (due->len, ==, 1);
    g_assert_cmpint (((LtOutboxMessage *) due->pdata[0])->id, ==, retry->id);
    g_assert_cmpuint (((LtOutboxMessage *) due->pdata[0])->attempts, ==, 2);
  }
}

static void
test_outbox_lease_expiry (Fixture *f, gconstpointer data)
{
  /* Leases taken in the past have ended by the store's clock now. */
  gint64 now = lt_store_now () - 1000;
  g_autoptr(GPtrArray) a = NULL, b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *then = g_strdup_printf ("%" G_GINT64_FORMAT, now);

  g_setenv ("LAITING_NOW", then, TRUE);
  queue_help (f, 4);
  g_unsetenv ("LAITING_NOW");
  a = lease (f, "gw-a", 4, 30, now);
  g_assert_cmpuint (a->len, ==, 4);
  /* Still held one second before the end, back in the queue at the end. */
  b = lease (f, "gw-b", 10, 30, now + 29);
  g_assert_cmpuint (b->len, ==, 0);
  g_clear_pointer (&b, g_ptr_array_unref);
  b = lease (f, "gw-b", 2, 30, now + 30);
  g_assert_cmpuint (b->len, ==, 2);
  for (guint i = 0; i < b->len; i++)
    {
      LtOutboxMessage *m = b->pdata[i];

      g_assert_cmpuint (m->attempts, ==, 2);
      g_assert_cmpstr (m->lease_holder, ==, "gw-b");
    }
  /* gw-a reports late, whether its row went to gw-b or back to the queue. */
  for (guint i = 0; i < a->len; i++)
    {
      LtOutboxMessage *m = a->pdata[i];

      g_assert_false (lt_store_outbox_report (f->store, m->id, "gw-a", TRUE, 1, NULL, 0, &error));
      g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_LEASE_LOST);
      g_assert_nonnull (strstr (error->message, "gw-a"));
      g_clear_error (&error);
    }
  {
    g_autoptr(GPtrArray) sent = lt_store_outbox_list (f->store, LT_OUTBOX_SENT, NULL);
    g_autoptr(GPtrArray) queued = lt_store_outbox_list (f->store, LT_OUTBOX_QUEUED, NULL);

    g_assert_cmpuint (sent->len, ==, 0);
    g_assert_cmpuint (queued->len, ==, 2);
  }
  /* The single-hall claim also returns ended leases to the queue. */
  {
    g_autoptr(LtOutboxMessage) m = lt_store_outbox_claim (f->store, now + 2000, &error);

    g_assert_no_error (error);
    g_assert_nonnull (m);
    g_assert_null (m->lease_holder);
  }
}

typedef struct {
  LtStore    *store;
  char       *holder;
  GArray     *ids;
} LeaseThread;

static gpointer
lease_thread (gpointer data)
{
  LeaseThread *l = data;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) leased = lt_store_outbox_lease (l->store, l->holder, 2, 60,
                                                           lt_store_now (), &error);

      g_assert_no_error (error);
      if (leased->len == 0)
        return NULL;
      for (guint i = 0; i < leased->len; i++)
        {
          LtOutboxMessage *m = leased->pdata[i];

          g_array_append_val (l->ids, m->id);
          g_assert_true (lt_store_outbox_report (l->store, m->id, l->holder, TRUE, 1, NULL, 0, &error));
        }
    }
}

/* Threads of one process (the hub's workers) leasing at once. */
static void
test_outbox_lease_threads (Fixture *f, gconstpointer data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  LeaseThread l[4];
  GThread *t[4];

  queue_help (f, 100);
  for (guint i = 0; i < G_N_ELEMENTS (l); i++)
    {
      l[i] = (LeaseThread) { f->store, g_strdup_printf ("gw-%u", i),
                             g_array_new (FALSE, FALSE, sizeof (gint64)) };
      t[i] = g_thread_new ("lease", lease_thread, &l[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (l); i++)
    {
      g_thread_join (t[i]);
      for (guint j = 0; j < l[i].ids->len; j++)
        g_assert_true (g_hash_table_add (seen, &g_array_index (l[i].ids, gint64, j)));
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 100);
  for (guint i = 0; i < G_N_ELEMENTS (l); i++)
    {
      g_free (l[i].holder);
      g_array_unref (l[i].ids);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add ("/laiting/store/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("round-trip", test_round_trip);
  ADD ("receipts", test_receipts);
  ADD ("receipt-sms", test_receipt_sms);
  ADD ("receipt-sms-state", test_receipt_sms_state);
  ADD ("lifecycle", test_lifecycle);
  ADD ("bad-input", test_bad_input);
  ADD ("list", test_list);
  ADD ("opt-out", test_opt_out);
  ADD ("outbox-states", test_outbox_states);
  ADD ("durable", test_durable);
  ADD ("reopen-existing", test_reopen_existing);
  ADD ("not-laiting", test_not_laiting);
  ADD ("too-new", test_too_new);
  ADD ("busy", test_busy);
  ADD ("async", test_async);
  ADD ("disk-full", test_disk_full);
  ADD ("edge-receipt", test_edge_receipt);
  ADD ("edge-receipt-bad", test_edge_receipt_bad);
  ADD ("edge-receipt-sequence", test_edge_receipt_sequence);
  ADD ("edge-clock", test_edge_clock);
  ADD ("edge-receipt-threads", test_edge_receipt_threads);
  ADD ("edge-receipt-async", test_edge_receipt_async);
  ADD ("outbox-lease", test_outbox_lease);
  ADD ("outbox-report", test_outbox_report);
  ADD ("outbox-lease-expiry", test_outbox_lease_expiry);
  ADD ("outbox-lease-threads", test_outbox_lease_threads);
#undef ADD
  return g_test_run ();
}
