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
      g_assert_cmpstr (out.action, ==, lt_inbound_kind_to_string (kinds[i]));
      g_assert_cmpstr (out.receipt, ==, "");
    }
  g_assert_cmpint (count (f, "SELECT count(*) FROM tickets"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM inbound WHERE kind = 'wap-push'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM inbound WHERE kind = 'unreadable'"), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/sms-receive/new-ticket-once", Fixture, NULL, fixture_set_up,
              test_new_ticket_once, fixture_tear_down);
  g_test_add ("/sms-receive/other-kinds-kept-silently", Fixture, NULL, fixture_set_up,
              test_other_kinds_kept_silently, fixture_tear_down);
  return g_test_run ();
}
