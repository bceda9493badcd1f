/* test-sms-receive.c — the residents' SMS rules, applied to messages
 * without any modem: what a hub does with a message a gateway forwards. */

#include "config.h"

#include <glib/gstdio.h>

#include "lt-sms-receive.h"
#include "lt-store-private.h"

typedef struct {
  char     *dir;
  LtConfig *config;
  LtStore  *store;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("laiting-receive-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "laiting.db", NULL);
  f->config = lt_config_new_default ();
  f->store = lt_store_open (path, f->config, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_clear_object (&f->store);
  g_clear_object (&f->config);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->dir);
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

static LtInbound
text_message (const char *key, const char *sender, gint64 sent_at, const char *text)
{
  LtInbound m = {
    .dedupe_key = key, .sender = sender, .sent_at = sent_at, .received_at = sent_at + 5,
    .text = text, .parts = 1, .kind = LT_INBOUND_TEXT, .total = 1,
  };
  return m;
}

/* A text opens a ticket with its receipt queued; a second copy of it (a
 * gateway forwarding again after a lost answer) is TRUE and changes
 * nothing. */
static void
test_new_ticket_once (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  LtInbound m = text_message ("k1", "+8613912345678", 1795250000, "楼道灯坏了");
  LtSmsReceived out;

  g_assert_true (lt_sms_receive (f->store, &m, 1795250005, &out, &error));
  g_assert_no_error (error);
  g_assert_true (out.committed);
  g_assert_cmpstr (out.action, ==, "new-ticket");
  g_assert_cmpuint (strlen (out.receipt), ==, LT_RECEIPT_LEN);
  g_assert_cmpint (count (f, "SELECT count(*) FROM tickets"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox WHERE kind = 'receipt'"), ==, 1);

  g_assert_true (lt_sms_receive (f->store, &m, 1795250010, &out, &error));
  g_assert_no_error (error);
  g_assert_false (out.committed);
  g_assert_cmpstr (out.action, ==, "duplicate");
  g_assert_cmpint (count (f, "SELECT count(*) FROM tickets"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM inbound"), ==, 1);
}

/* Only text is a complaint: a delivery report and binary data are kept
 * with their kind, open no ticket and queue no reply. */
static void
test_other_kinds_kept_silently (Fixture *f, gconstpointer data)
{
  static const LtInboundKind kinds[] = {
    LT_INBOUND_DELIVERY_REPORT, LT_INBOUND_WAP_PUSH, LT_INBOUND_BINARY, LT_INBOUND_UNREADABLE,
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *key = g_strdup_printf ("other-%u", i);
      LtInbound m = text_message (key, "+8613912345678", 1795250000 + i, "\x01\x02 data");
      LtSmsReceived out;

      m.kind = kinds[i];
      g_assert_true (lt_sms_receive (f->store, &m, 1795250100, &out, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (out.action, ==, kinds[i] == LT_INBOUND_DELIVERY_REPORT
                       ? "delivery-unmatched" : lt_inbound_kind_to_string (kinds[i]));
      g_assert_cmpstr (out.receipt, ==, "");
    }
  g_assert_cmpint (count (f, "SELECT count(*) FROM tickets"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM inbound WHERE kind = 'wap-push'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM inbound WHERE kind = 'unreadable'"), ==, 1);
}

static char *
receive_text (Fixture *f, const char *key, gint64 sent_at, gint64 now, const char *text)
{
  g_autoptr(GError) error = NULL;
  LtInbound m = text_message (key, "+8613912345678", sent_at, text);
  LtSmsReceived out;

  m.received_at = now;
  g_assert_true (lt_sms_receive (f->store, &m, now, &out, &error));
  g_assert_no_error (error);
  return g_strdup (out.action);
}

/* Two complaints sent three hours apart but read together (the modem was
 * off) are two tickets; a follow-up sent within the window but read hours
 * later still joins its ticket. */
static void
test_windows_by_sending_time (Fixture *f, gconstpointer data)
{
  const gint64 t0 = 1795250000, read_late = t0 + 6 * 3600;
  g_autofree char *a1 = receive_text (f, "a1", t0, read_late, "路灯不亮");
  g_autofree char *a2 = receive_text (f, "a2", t0 + 3 * 3600, read_late, "垃圾没人清运");
  g_autofree char *a3 = receive_text (f, "a3", t0 + 3 * 3600 + 120, read_late + 1, "在3号楼门口");

  g_assert_cmpstr (a1, ==, "new-ticket");
  g_assert_cmpstr (a2, ==, "new-ticket");
  g_assert_cmpstr (a3, ==, "appended");
  g_assert_cmpint (count (f, "SELECT count(*) FROM tickets"), ==, 2);
}

/* A missing or absurd sending time falls back to the time of reading. */
static void
test_absurd_time_falls_back (Fixture *f, gconstpointer data)
{
  const gint64 now = 1795250000;
  /* 2089, as gammu decodes some stamps: would put the window in the future. */
  g_autofree char *b1 = receive_text (f, "b1", 3771590400, now, "水管爆了");
  g_autofree char *b2 = receive_text (f, "b2", 0, now + 60, "在厨房");
  g_autofree char *b3 = receive_text (f, "b3", 0, now + 3600, "另外电梯坏了");

  g_assert_cmpstr (b1, ==, "new-ticket");
  g_assert_cmpstr (b2, ==, "appended");
  g_assert_cmpstr (b3, ==, "new-ticket");
  g_assert_cmpint (count (f, "SELECT count(*) FROM inbound WHERE sent_at IS NULL"), ==, 3);
}

/* Sends every queued SMS "now" ($LAITING_NOW = @at), as the gateway would. */
static void
send_all (Fixture *f, gint64 at)
{
  g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, at);
  LtOutboxMessage *m;

  g_setenv ("LAITING_NOW", now, TRUE);
  while ((m = lt_store_outbox_claim (f->store, G_MAXINT64 / 2, NULL)) != NULL)
    {
      g_assert_true (lt_store_outbox_mark_sent (f->store, m->id, 1, NULL));
      lt_outbox_message_free (m);
    }
  g_unsetenv ("LAITING_NOW");
}

/* A digit sent before the closure notice went out cannot answer it, even
 * when it is read after; one sent after the notice is the rating. */
static void
test_rating_after_notice_only (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const gint64 t0 = 1795250000;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autofree char *opened = receive_text (f, "c1", t0, t0 + 5, "井盖丢了");
  g_autofree char *early = NULL;
  g_autofree char *rated = NULL;
  LtListQuery all = { .filter = LT_LIST_ALL };

  g_assert_cmpstr (opened, ==, "new-ticket");
  tickets = lt_store_list (f->store, &all, &error);
  g_assert_no_error (error);
  g_assert_true (lt_store_close (f->store, ((LtTicket *) tickets->pdata[0])->receipt,
                                 "已补装井盖", "staff", &error));
  g_assert_no_error (error);
  send_all (f, t0 + 3600);
  early = receive_text (f, "c2", t0 + 600, t0 + 4000, "1");
  rated = receive_text (f, "c3", t0 + 3700, t0 + 4000, "1");
  g_assert_cmpstr (early, ==, "rating-unmatched");
  g_assert_cmpstr (rated, ==, "rating");
  g_assert_cmpint (count (f, "SELECT count(*) FROM events WHERE kind = 'rated'"), ==, 1);
}

static void
test_picture_gets_text_only (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  LtInbound m = text_message ("mms1", "+8613912345678", 1795250000, "8C82");
  LtSmsReceived out;

  m.kind = LT_INBOUND_MMS_NOTIFICATION;
  g_assert_true (lt_sms_receive (f->store, &m, 1795250005, &out, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (out.action, ==, "mms-notification");
  g_assert_cmpint (count (f, "SELECT count(*) FROM tickets"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox WHERE kind = 'text-only'"
                             " AND state = 'queued'"), ==, 1);
}

/* Pictures count against the same hourly cap as every reply: the seventh
 * in an hour is kept but its "text only" reply is held back. */
static void
test_pictures_within_cap (Fixture *f, gconstpointer data)
{
  for (guint i = 0; i < 7; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *key = g_strdup_printf ("mms-%u", i);
      g_autofree char *hex = g_strdup_printf ("8C82%04X", i);
      LtInbound m = text_message (key, "+8613912345678", 1795250000 + i, hex);
      LtSmsReceived out;

      m.kind = LT_INBOUND_MMS_NOTIFICATION;
      g_assert_true (lt_sms_receive (f->store, &m, 1795250010 + i, &out, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (out.action, ==, i < 6 ? "mms-notification" : "capped");
    }
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox WHERE kind = 'text-only'"
                             " AND state = 'queued'"), ==, 6);
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox WHERE state = 'failed'"), ==, 1);
}

/* A delivery report marks the SMS it reports on, and the ticket's history
 * says the notice arrived. */
static void
test_delivery_report (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LtOutboxMessage) claimed = NULL;
  g_autofree char *opened = receive_text (f, "d1", 1795250000, 1795250005, "楼道堆满杂物");
  LtInbound report = text_message ("r1", "+8613912345678", 1795250100, "status 0x00");
  LtSmsReceived out;
  g_autoptr(GPtrArray) all = NULL;

  claimed = lt_store_outbox_claim (f->store, G_MAXINT64 / 2, &error);
  g_assert_no_error (error);
  g_assert_nonnull (claimed);
  g_assert_true (lt_store_outbox_mark_sent (f->store, claimed->id, 77, &error));
  report.kind = LT_INBOUND_DELIVERY_REPORT;
  report.ref = 76;
  g_assert_true (lt_sms_receive (f->store, &report, 1795250105, &out, &error));
  g_assert_cmpstr (out.action, ==, "delivery-unmatched");
  report.dedupe_key = "r2";
  report.ref = 77;
  g_assert_true (lt_sms_receive (f->store, &report, 1795250105, &out, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (out.action, ==, "delivered");
  all = lt_store_outbox_list (f->store, -1, &error);
  g_assert_cmpuint (((LtOutboxMessage *) all->pdata[0])->delivery, ==, LT_OUTBOX_DELIVERY_DELIVERED);
  g_assert_cmpint (((LtOutboxMessage *) all->pdata[0])->delivered_at, ==, 1795250100);
  g_assert_cmpint (count (f, "SELECT count(*) FROM events WHERE kind = 'delivered'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM tickets"), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/sms-receive/new-ticket-once", Fixture, NULL, fixture_set_up,
              test_new_ticket_once, fixture_tear_down);
  g_test_add ("/sms-receive/other-kinds-kept-silently", Fixture, NULL, fixture_set_up,
              test_other_kinds_kept_silently, fixture_tear_down);
  g_test_add ("/sms-receive/windows-by-sending-time", Fixture, NULL, fixture_set_up,
              test_windows_by_sending_time, fixture_tear_down);
  g_test_add ("/sms-receive/absurd-time-falls-back", Fixture, NULL, fixture_set_up,
              test_absurd_time_falls_back, fixture_tear_down);
  g_test_add ("/sms-receive/rating-after-notice-only", Fixture, NULL, fixture_set_up,
              test_rating_after_notice_only, fixture_tear_down);
  g_test_add ("/sms-receive/picture-gets-text-only", Fixture, NULL, fixture_set_up,
              test_picture_gets_text_only, fixture_tear_down);
  g_test_add ("/sms-receive/pictures-within-cap", Fixture, NULL, fixture_set_up,
              test_pictures_within_cap, fixture_tear_down);
  g_test_add ("/sms-receive/delivery-report", Fixture, NULL, fixture_set_up,
              test_delivery_report, fixture_tear_down);
  return g_test_run ();
}
