/* test-officers.c — officers, their SMS commands, quiet hours and
 * supervision, against a real SQLite file, through the same calls the
 * listener, the hub and the CLI make (lt_sms_receive for an incoming SMS).
 * Time is moved with LAITING_NOW; TZ is Asia/Shanghai (tests/meson.build). */

#include "config.h"

#include <glib/gstdio.h>

#include "lt-officer.h"
#include "lt-quiet-hours.h"
#include "lt-receipt.h"
#include "lt-segments.h"
#include "lt-sms-receive.h"
#include "lt-store-private.h"
#include "lt-supervision.h"
#include "lt-time.h"

#define OFFICER       "13800000001"
#define OFFICER_DIAL  "+8613800000001"
#define OTHER_OFFICER "13800000002"
#define RESIDENT      "13912345678"
#define SUPERVISOR    "13700000009"

typedef struct {
  char     *dir;
  char     *path;
  char     *conf;
  LtConfig *config;
  LtStore  *store;
  guint     n_messages;
} Fixture;

/* 2026-11-23 (a Monday) at @hour:@minute, local time, plus @days. */
static gint64
at (int days, int hour, int minute)
{
  return lt_time_day_start (2026, 11, 23) + (gint64) days * 24 * 3600 + hour * 3600 + minute * 60;
}

static void
set_now (gint64 now)
{
  g_autofree char *s = g_strdup_printf ("%" G_GINT64_FORMAT, now);

  g_setenv ("LAITING_NOW", s, TRUE);
}

static void
open_store (Fixture *f, const char *conf_text)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->store);
  g_clear_object (&f->config);
  g_assert_true (g_file_set_contents (f->conf, conf_text, -1, NULL));
  f->config = lt_config_load (f->conf, &error);
  g_assert_no_error (error);
  f->store = lt_store_open (f->path, f->config, &error);
  g_assert_no_error (error);
}

static const char *const base_conf =
  "[site]\nsupervisor-phone = " SUPERVISOR "\n";

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("laiting-officers-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "laiting.db", NULL);
  f->conf = g_build_filename (f->dir, "laiting.conf", NULL);
  set_now (at (0, 10, 0));
  open_store (f, data ? data : base_conf);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_clear_object (&f->store);
  g_clear_object (&f->config);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->path);
  g_free (f->conf);
  g_free (f->dir);
  g_unsetenv ("LAITING_NOW");
}

static int
count (Fixture *f, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int n;

  g_assert_cmpint (sqlite3_prepare_v2 (f->store->db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static gint64
int64_of (Fixture *f, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (f->store->db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* The body of the newest outbox row to @phone of @kind. */
static char *
last_body (Fixture *f, const char *phone, const char *kind)
{
  g_autoptr(GPtrArray) all = lt_store_outbox_list (f->store, -1, NULL);

  for (guint i = all->len; i > 0; i--)
    {
      const LtOutboxMessage *m = all->pdata[i - 1];

      if (g_str_equal (m->phone, phone) && (kind == NULL || g_str_equal (m->kind, kind)))
        return g_strdup (m->body);
    }
  return NULL;
}

static LtTicket *
submit (Fixture *f, const char *category, const char *text)
{
  g_autoptr(GError) error = NULL;
  LtSubmission sub = { LT_CHANNEL_KIOSK, category, text, "幸福小区3号楼", RESIDENT, NULL };
  LtTicket *t = lt_store_submit (f->store, &sub, &error);

  g_assert_no_error (error);
  return t;
}

static void
add_officer (Fixture *f, const char *name, const char *phone, const char *department)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lt_store_officer_add (f->store, name, phone, department, &error));
  g_assert_no_error (error);
}

static void
transfer (Fixture *f, const char *receipt, const char *to)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lt_store_transfer (f->store, receipt, to, NULL, "clerk", &error));
  g_assert_no_error (error);
}

/* Sends @text from @sender through the shared SMS rules at @now. */
static LtSmsReceived
receive (Fixture *f, const char *sender, const char *text, gint64 now)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = g_strdup_printf ("key-%u", ++f->n_messages);
  LtInbound m = {
    .dedupe_key = key, .sender = sender, .sent_at = now, .received_at = now,
    .text = text, .parts = 1, .kind = LT_INBOUND_TEXT, .total = 1,
  };
  LtSmsReceived out;

  set_now (now);
  g_assert_true (lt_sms_receive (f->store, &m, now, &out, &error));
  g_assert_no_error (error);
  return out;
}

static LtTicket *
get (Fixture *f, const char *receipt)
{
  g_autoptr(GError) error = NULL;
  LtTicket *t = lt_store_get (f->store, receipt, &error);

  g_assert_no_error (error);
  return t;
}

static const LtEvent *
last_event (const LtTicket *t)
{
  g_assert_cmpuint (t->events->len, >, 0);
  return t->events->pdata[t->events->len - 1];
}

/* ---- officers --------------------------------------------------------- */

static void
test_add_list_remove (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(LtOfficer) found = NULL;

  add_officer (f, "王芳", "138-0000-0001", "环卫所");
  g_assert_false (lt_store_officer_add (f->store, "李强", OFFICER, NULL, &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID);
  g_test_message ("same number: %s", error->message);
  g_clear_error (&error);
  g_assert_false (lt_store_officer_add (f->store, "王芳", OTHER_OFFICER, NULL, &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (lt_store_officer_add (f->store, "赵六", "010-12345678", NULL, &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID);
  g_clear_error (&error);
  add_officer (f, "李强", OTHER_OFFICER, NULL);

  list = lt_store_officer_list (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  found = lt_store_officer_find_by_phone (f->store, "+86 138 0000 0001", &error);
  g_assert_nonnull (found);
  g_assert_cmpstr (found->name, ==, "王芳");
  g_assert_cmpstr (found->phone, ==, OFFICER);
  g_assert_cmpstr (found->department, ==, "环卫所");

  g_assert_true (lt_store_officer_remove (f->store, "王芳", &error));
  g_assert_no_error (error);
  g_assert_false (lt_store_officer_remove (f->store, "王芳", &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_pointer (&found, lt_officer_free);
  found = lt_store_officer_find_by_phone (f->store, OFFICER, &error);
  g_assert_null (found);
  g_assert_no_error (error);
}

static const char *const config_officers =
  "[site]\nsupervisor-phone = " SUPERVISOR "\n"
  "[officers]\n王芳 = 13800000001;环卫所\n李强 = 13800000002\n"
  "[on-duty]\n环卫所 = 王芳\n";

/* [officers] and [on-duty] are copied into the store at open; what leaves
 * the config leaves the store; CLI officers stay. */
static void
test_config_sync (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LtOfficer) duty = lt_store_officer_on_duty (f->store, "环卫所", &error);
  g_autoptr(LtOfficer) li = NULL;

  g_assert_nonnull (duty);
  g_assert_cmpstr (duty->name, ==, "王芳");
  g_assert_true (duty->from_config);
  g_assert_cmpint (count (f, "SELECT count(*) FROM officers"), ==, 2);
  g_assert_false (lt_store_officer_remove (f->store, "王芳", &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID);
  g_clear_error (&error);

  add_officer (f, "张三", "13800000003", NULL);
  open_store (f, "[officers]\n李强 = 13800000004;供电所\n");
  g_assert_cmpint (count (f, "SELECT count(*) FROM officers"), ==, 2);
  g_assert_cmpint (count (f, "SELECT count(*) FROM officers WHERE name = '张三'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM on_duty"), ==, 0);
  li = lt_store_officer_find (f->store, "李强", &error);
  g_assert_cmpstr (li->phone, ==, "13800000004");
  g_assert_cmpstr (li->department, ==, "供电所");
}

static void
test_config_refused (void)
{
  const char *bad[] = {
    "[officers]\n王芳 = 010-12345678\n",
    "[officers]\n王芳 = 13800000001\n[on-duty]\n环卫所 = 李强\n",
    "[site]\nsupervisor-phone = 12345\n",
    "[sms]\nquiet-hours = 9pm-8am\n",
  };
  g_autofree char *dir = g_dir_make_tmp ("laiting-conf-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bad.conf", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LtConfig) config = NULL;

      g_assert_true (g_file_set_contents (path, bad[i], -1, NULL));
      config = lt_config_load (path, &error);
      g_assert_null (config);
      g_assert_error (error, LT_CONFIG_ERROR, LT_CONFIG_ERROR_INVALID);
      g_test_message ("%s", error->message);
    }
  g_unlink (path);
  g_rmdir (dir);
}

/* ---- transfer --------------------------------------------------------- */

static void
test_transfer_to_officer (Fixture *f, gconstpointer data)
{
  g_autoptr(LtTicket) t = submit (f, "sanitation", "垃圾三天没有清运了");
  g_autoptr(LtTicket) after = NULL;
  g_autofree char *body = NULL;
  g_autofree char *grouped = lt_receipt_format (t->receipt);

  add_officer (f, "王芳", OFFICER, "环卫所");
  transfer (f, t->receipt, "王芳");
  after = get (f, t->receipt);
  g_assert_cmpstr (after->officer, ==, "王芳");
  g_assert_cmpstr (after->officer_phone, ==, OFFICER);
  g_assert_cmpstr (after->department, ==, "环卫所");
  body = last_body (f, OFFICER, "officer-ticket");
  g_assert_nonnull (body);
  g_test_message ("%s", body);
  g_assert_nonnull (strstr (body, grouped));
  g_assert_nonnull (strstr (body, "环境卫生"));
  g_assert_nonnull (strstr (body, "幸福小区3号楼"));
  g_assert_nonnull (strstr (body, RESIDENT));
  g_assert_nonnull (strstr (body, "11月26日"));
  g_assert_nonnull (strstr (body, "垃圾三天没有清运了"));
  g_assert_cmpuint (lt_sms_count_segments (body, NULL), <=, 2);
}

static void
test_transfer_to_department (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LtTicket) t1 = submit (f, "sanitation", "垃圾没清运");
  g_autoptr(LtTicket) t2 = submit (f, "roads", "路灯不亮");
  g_autoptr(LtTicket) a1 = NULL;
  g_autoptr(LtTicket) a2 = NULL;

  add_officer (f, "王芳", OFFICER, "环卫所");
  g_assert_true (lt_store_officer_set_on_duty (f->store, "环卫所", "王芳", &error));
  g_assert_no_error (error);
  g_assert_false (lt_store_officer_set_on_duty (f->store, "供电所", "无名", &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  transfer (f, t1->receipt, "环卫所");
  transfer (f, t2->receipt, "城管执法队");   /* nobody on duty */
  a1 = get (f, t1->receipt);
  a2 = get (f, t2->receipt);
  g_assert_cmpstr (a1->assignee, ==, "环卫所");
  g_assert_cmpstr (a1->officer, ==, "王芳");
  g_assert_cmpstr (a2->department, ==, "城管执法队");
  g_assert_null (a2->officer);
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox WHERE kind = 'officer-ticket'"), ==, 1);
}

/* A transfer that cannot be saved queues nothing: one transaction. */
static void
test_transfer_atomic (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LtTicket) t = submit (f, "sanitation", "垃圾没清运");

  add_officer (f, "王芳", OFFICER, NULL);
  g_assert_cmpint (sqlite3_exec (f->store->db,
      "CREATE TRIGGER no_events BEFORE INSERT ON events WHEN NEW.kind = 'transferred'"
      " BEGIN SELECT RAISE (ABORT, 'refused'); END", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_false (lt_store_transfer (f->store, t->receipt, "王芳", NULL, "clerk", &error));
  g_assert_nonnull (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox WHERE kind = 'officer-ticket'"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM tickets WHERE officer IS NOT NULL"), ==, 0);
}

/* ---- officers' SMS ---------------------------------------------------- */

static void
test_sms_ack_progress_close (Fixture *f, gconstpointer data)
{
  g_autoptr(LtTicket) t = submit (f, "sanitation", "垃圾没清运");
  g_autoptr(LtTicket) a = NULL;
  g_autofree char *grouped = lt_receipt_format (t->receipt);
  g_autofree char *close_text = NULL;
  g_autofree char *reply = NULL;
  LtSmsReceived out;
  gint64 closure_at;

  add_officer (f, "王芳", OFFICER, NULL);
  transfer (f, t->receipt, "王芳");

  /* Receipt left out: the officer's only open ticket. */
  out = receive (f, OFFICER_DIAL, "收到", at (0, 11, 0));
  g_assert_cmpstr (out.action, ==, "officer-ack");
  g_assert_cmpstr (out.receipt, ==, t->receipt);
  a = get (f, t->receipt);
  g_assert_cmpstr (last_event (a)->kind, ==, "acknowledged");
  g_assert_cmpstr (last_event (a)->actor, ==, "王芳");
  reply = last_body (f, OFFICER, "officer-reply");
  g_assert_nonnull (strstr (reply, grouped));
  g_clear_pointer (&a, lt_ticket_free);

  out = receive (f, OFFICER_DIAL, "ｊｚ　已联系物业，明天清运", at (0, 12, 0));
  g_assert_cmpstr (out.action, ==, "officer-progress");
  a = get (f, t->receipt);
  g_assert_cmpstr (last_event (a)->kind, ==, "progress");
  g_assert_cmpstr (last_event (a)->note, ==, "已联系物业，明天清运");
  g_clear_pointer (&a, lt_ticket_free);

  /* 办结 at 22:00: closed at once, the resident told at 08:00. */
  close_text = g_strdup_printf ("办结 %s 已修好", grouped);
  out = receive (f, OFFICER_DIAL, close_text, at (0, 22, 0));
  g_assert_cmpstr (out.action, ==, "officer-close");
  a = get (f, t->receipt);
  g_assert_cmpint (a->status, ==, LT_STATUS_CLOSED);
  g_assert_cmpstr (last_event (a)->actor, ==, "王芳");
  g_assert_cmpstr (last_event (a)->note, ==, "已修好");
  closure_at = int64_of (f, "SELECT next_attempt_at FROM outbox WHERE kind = 'closure'");
  g_assert_cmpint (closure_at, ==, at (1, 8, 0));
  /* The reply to the officer goes at once. */
  g_assert_cmpint (int64_of (f, "SELECT max (next_attempt_at) FROM outbox WHERE kind = 'officer-reply'"),
                   ==, at (0, 22, 0));
}

static void
test_sms_return (Fixture *f, gconstpointer data)
{
  g_autoptr(LtTicket) t = submit (f, "sanitation", "垃圾没清运");
  g_autoptr(LtTicket) other = submit (f, "roads", "路灯不亮");
  g_autoptr(LtTicket) a = NULL;
  g_autoptr(GPtrArray) desk = NULL;
  g_autofree char *text = NULL;
  LtListQuery q = { .filter = LT_LIST_OPEN, .reopened_first = TRUE };
  LtSmsReceived out;

  add_officer (f, "王芳", OFFICER, NULL);
  transfer (f, t->receipt, "王芳");
  text = g_strdup_printf ("TH%s 不归环卫所管，请转物业", t->receipt);
  out = receive (f, OFFICER_DIAL, text, at (0, 11, 0));
  g_assert_cmpstr (out.action, ==, "officer-return");
  a = get (f, t->receipt);
  g_assert_cmpint (a->status, ==, LT_STATUS_RECEIVED);
  g_assert_cmpint (a->returned_at, ==, at (0, 11, 0));
  g_assert_cmpstr (last_event (a)->kind, ==, "returned");
  g_assert_cmpstr (last_event (a)->note, ==, "不归环卫所管，请转物业");
  g_assert_cmpstr (last_event (a)->actor, ==, "王芳");

  /* The desk lists it first, before the newer ticket. */
  desk = lt_store_list (f->store, &q, NULL);
  g_assert_cmpstr (((LtTicket *) desk->pdata[0])->receipt, ==, t->receipt);
  g_assert_cmpstr (((LtTicket *) desk->pdata[1])->receipt, ==, other->receipt);

  /* It is no longer theirs: another BJ closes nothing. */
  out = receive (f, OFFICER_DIAL, "BJ 已处理", at (0, 11, 5));
  g_assert_cmpstr (out.action, ==, "officer-refused");
  g_clear_pointer (&a, lt_ticket_free);
  a = get (f, t->receipt);
  g_assert_cmpint (a->status, ==, LT_STATUS_RECEIVED);
}

/* Each mistake gets one plain one-segment reply saying what to send. */
static void
test_sms_refusals (Fixture *f, gconstpointer data)
{
  g_autoptr(LtTicket) mine = submit (f, "sanitation", "垃圾没清运");
  g_autoptr(LtTicket) mine2 = submit (f, "sanitation", "楼道脏");
  g_autoptr(LtTicket) theirs = submit (f, "roads", "路灯不亮");
  g_autoptr(LtTicket) closed = submit (f, "roads", "井盖缺失");
  char wrong[LT_RECEIPT_LEN + 1];
  struct {
    char       *text;
    const char *expect;   /* in the reply */
  } cases[] = {
    { g_strdup ("收到"), "2件" },
    { g_strdup_printf ("收到 %s", theirs->receipt), "没有转给您" },
    { g_strdup_printf ("BJ %s 好了", closed->receipt), "已经办结" },
    { NULL, "有误" },
    { g_strdup ("BJ 999999999 好了"), "有误" },
    { g_strdup_printf ("BJ %s", mine->receipt), "办理结果" },
    { g_strdup_printf ("TH %s", mine->receipt), "退回原因" },
    { g_strdup_printf ("JZ %s", mine->receipt), "办理进展" },
    { g_strdup ("你好，请问这个怎么处理"), "SD 回执号" },
  };
  g_autoptr(GError) error = NULL;

  add_officer (f, "王芳", OFFICER, NULL);
  add_officer (f, "李强", OTHER_OFFICER, NULL);
  transfer (f, mine->receipt, "王芳");
  transfer (f, mine2->receipt, "王芳");
  transfer (f, theirs->receipt, "李强");
  transfer (f, closed->receipt, "王芳");
  g_assert_true (lt_store_close (f->store, closed->receipt, "已补", "clerk", &error));
  /* One digit changed: the check digit catches it. */
  strcpy (wrong, mine->receipt);
  wrong[3] = wrong[3] == '9' ? '0' : wrong[3] + 1;
  cases[3].text = g_strdup_printf ("SD %s", wrong);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int before = count (f, "SELECT count(*) FROM events");
      g_autofree char *reply = NULL;
      LtSmsReceived out = receive (f, OFFICER_DIAL, cases[i].text, at (0, 11, 0) + 15 * 60 * (gint64) i);

      reply = last_body (f, OFFICER, "officer-reply");
      g_test_message ("%s → %s", cases[i].text, reply);
      g_assert_cmpstr (out.action, ==, i == 8 ? "officer-help" : "officer-refused");
      g_assert_nonnull (strstr (reply, cases[i].expect));
      g_assert_cmpuint (lt_sms_count_segments (reply, NULL), ==, 1);
      g_assert_cmpint (count (f, "SELECT count(*) FROM events"), ==, before);
      g_free (cases[i].text);
    }
  g_assert_cmpint (count (f, "SELECT count(*) FROM tickets WHERE status = 'closed'"), ==, 1);
  /* An officer's text never opens a ticket. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM tickets"), ==, 4);
}

/* Anyone else sending 办结 is a resident with a complaint. */
static void
test_sms_unregistered (Fixture *f, gconstpointer data)
{
  g_autoptr(LtTicket) t = submit (f, "sanitation", "垃圾没清运");
  g_autoptr(LtTicket) a = NULL;
  g_autofree char *text = g_strdup_printf ("办结 %s 已修好", t->receipt);
  LtSmsReceived out;

  add_officer (f, "王芳", OFFICER, NULL);
  transfer (f, t->receipt, "王芳");
  out = receive (f, "+8613612345678", text, at (0, 11, 0));
  g_assert_cmpstr (out.action, ==, "new-ticket");
  a = get (f, t->receipt);
  g_assert_cmpint (a->status, ==, LT_STATUS_TRANSFERRED);
  g_assert_cmpint (count (f, "SELECT count(*) FROM tickets WHERE phone = '13612345678'"), ==, 1);
}

/* ---- quiet hours ------------------------------------------------------ */

static void
test_quiet_hours (void)
{
  LtQuietHours q;
  g_autoptr(GError) error = NULL;

  g_assert_true (lt_quiet_hours_parse ("21:00-08:00", &q, &error));
  g_assert_cmpint (lt_quiet_hours_not_before (&q, at (0, 20, 59)), ==, at (0, 20, 59));
  g_assert_cmpint (lt_quiet_hours_not_before (&q, at (0, 21, 0)), ==, at (1, 8, 0));
  g_assert_cmpint (lt_quiet_hours_not_before (&q, at (0, 23, 59)), ==, at (1, 8, 0));
  g_assert_cmpint (lt_quiet_hours_not_before (&q, at (0, 3, 0)), ==, at (0, 8, 0));
  g_assert_cmpint (lt_quiet_hours_not_before (&q, at (0, 8, 0)), ==, at (0, 8, 0));
  g_assert_true (lt_quiet_hours_parse ("12:00–14:00", &q, &error));
  g_assert_cmpint (lt_quiet_hours_not_before (&q, at (0, 13, 0)), ==, at (0, 14, 0));
  g_assert_cmpint (lt_quiet_hours_not_before (&q, at (0, 15, 0)), ==, at (0, 15, 0));
  g_assert_true (lt_quiet_hours_parse ("off", &q, &error));
  g_assert_cmpint (lt_quiet_hours_not_before (&q, at (0, 23, 0)), ==, at (0, 23, 0));
  g_assert_false (lt_quiet_hours_parse ("8:00", &q, &error));
  g_assert_nonnull (error);
}

/* A receipt at 22:00 goes at once; a clerk's closure at 22:00 waits. */
static void
test_quiet_receipt_and_closure (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LtTicket) t = NULL;

  set_now (at (0, 22, 0));
  t = submit (f, "roads", "路灯不亮");
  g_assert_cmpint (int64_of (f, "SELECT next_attempt_at FROM outbox WHERE kind = 'receipt'"),
                   ==, at (0, 22, 0));
  g_assert_true (lt_store_close (f->store, t->receipt, "已修好", "clerk", &error));
  g_assert_cmpint (int64_of (f, "SELECT next_attempt_at FROM outbox WHERE kind = 'closure'"),
                   ==, at (1, 8, 0));
}

/* ---- supervision ------------------------------------------------------ */

static guint
supervise (Fixture *f, gint64 now)
{
  g_autoptr(GError) error = NULL;
  guint n = 99;

  set_now (now);
  g_assert_true (lt_store_supervise (f->store, now, &n, &error));
  g_assert_no_error (error);
  return n;
}

static int
count_kind (Fixture *f, const char *kind, const char *phone)
{
  g_autofree char *sql = g_strdup_printf (
      "SELECT count(*) FROM outbox WHERE kind = '%s' AND phone = '%s'", kind, phone);

  return count (f, sql);
}

static void
test_supervision (Fixture *f, gconstpointer data)
{
  g_autoptr(LtTicket) t = NULL;
  g_autoptr(LtTicket) untransferred = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;

  /* safety: due in two days, at 10:00 on day 2. */
  t = submit (f, "safety", "楼道里电动车充电");
  untransferred = submit (f, "safety", "消防通道堵了");
  add_officer (f, "王芳", OFFICER, NULL);
  transfer (f, t->receipt, "王芳");

  g_assert_cmpuint (supervise (f, at (1, 12, 0)), ==, 0);
  /* 06:30 on the due day: the reminder is queued for 08:00. */
  g_assert_cmpuint (supervise (f, at (2, 6, 30)), ==, 1);
  g_assert_cmpint (int64_of (f, "SELECT next_attempt_at FROM outbox WHERE kind = 'reminder'"),
                   ==, at (2, 8, 0));
  g_assert_cmpuint (supervise (f, at (2, 8, 0)), ==, 0);
  g_assert_cmpuint (supervise (f, at (2, 9, 59)), ==, 0);
  g_assert_cmpint (count_kind (f, "reminder", OFFICER), ==, 1);
  body = last_body (f, OFFICER, "reminder");
  g_test_message ("%s", body);
  g_assert_cmpuint (lt_sms_count_segments (body, NULL), ==, 1);

  /* Overdue from 10:00: one notice to the officer, one to the supervisor
   * for each ticket, however often it is checked that day. */
  g_assert_cmpuint (supervise (f, at (2, 10, 1)), ==, 3);
  g_assert_cmpuint (supervise (f, at (2, 15, 0)), ==, 0);
  g_assert_cmpuint (supervise (f, at (2, 20, 59)), ==, 0);
  g_assert_cmpint (count_kind (f, "overdue", OFFICER), ==, 1);
  g_assert_cmpint (count_kind (f, "overdue", SUPERVISOR), ==, 2);
  g_clear_pointer (&body, g_free);
  body = last_body (f, SUPERVISOR, "overdue");
  g_test_message ("%s", body);
  /* At 23:00 the next notices are for tomorrow morning, once. */
  g_assert_cmpuint (supervise (f, at (2, 23, 0)), ==, 3);
  g_assert_cmpint (int64_of (f, "SELECT max (next_attempt_at) FROM outbox WHERE kind = 'overdue'"),
                   ==, at (3, 8, 0));
  g_assert_cmpuint (supervise (f, at (3, 9, 0)), ==, 0);
  g_assert_cmpuint (supervise (f, at (4, 9, 0)), ==, 3);

  /* Closed: no more. */
  set_now (at (4, 10, 0));
  g_assert_true (lt_store_close (f->store, t->receipt, "已清理", "clerk", &error));
  g_assert_true (lt_store_close (f->store, untransferred->receipt, "已清理", "clerk", &error));
  g_assert_cmpuint (supervise (f, at (5, 9, 0)), ==, 0);
}

typedef struct {
  const char *path;
  LtConfig   *config;
  guint       queued;
} Racer;

static gpointer
race (gpointer data)
{
  Racer *r = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LtStore) store = lt_store_open (r->path, r->config, &error);

  g_assert_no_error (error);
  for (int i = 0; i < 20; i++)
    {
      guint n = 0;

      g_assert_true (lt_store_supervise (store, at (2, 10, 30), &n, &error));
      r->queued += n;
    }
  return NULL;
}

/* Four connections (as four processes would have) checking at once: each
 * notice is queued once. */
static void
test_supervision_concurrent (Fixture *f, gconstpointer data)
{
  Racer racers[4];
  GThread *threads[4];
  guint total = 0;

  for (int i = 0; i < 6; i++)
    {
      g_autoptr(LtTicket) t = submit (f, "safety", "楼道里电动车充电");

      if (i == 0)
        add_officer (f, "王芳", OFFICER, NULL);
      transfer (f, t->receipt, "王芳");
    }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      racers[i] = (Racer) { f->path, f->config, 0 };
      threads[i] = g_thread_new ("racer", race, &racers[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      g_thread_join (threads[i]);
      total += racers[i].queued;
    }
  g_assert_cmpuint (total, ==, 12);
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox WHERE kind = 'overdue'"), ==, 12);
  g_assert_cmpint (count (f, "SELECT count(*) FROM supervision WHERE outbox_id IS NOT NULL"), ==, 12);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, conf) \
  g_test_add ("/laiting/officers/" path, Fixture, conf, fixture_set_up, func, fixture_tear_down)

  ADD ("add-list-remove", test_add_list_remove, NULL);
  ADD ("config-sync", test_config_sync, config_officers);
  g_test_add_func ("/laiting/officers/config-refused", test_config_refused);
  ADD ("transfer/officer", test_transfer_to_officer, NULL);
  ADD ("transfer/department", test_transfer_to_department, NULL);
  ADD ("transfer/atomic", test_transfer_atomic, NULL);
  ADD ("sms/ack-progress-close", test_sms_ack_progress_close, NULL);
  ADD ("sms/return", test_sms_return, NULL);
  ADD ("sms/refusals", test_sms_refusals, NULL);
  ADD ("sms/unregistered", test_sms_unregistered, NULL);
  g_test_add_func ("/laiting/officers/quiet-hours", test_quiet_hours);
  ADD ("quiet/receipt-and-closure", test_quiet_receipt_and_closure, NULL);
  ADD ("supervision/once-a-day", test_supervision, NULL);
  ADD ("supervision/concurrent", test_supervision_concurrent, NULL);

#undef ADD

  return g_test_run ();
}
