/* test-report.c — the monthly report's figures against tickets whose story
 * we wrote ourselves.
 *
 * Eleven tickets go through the real store API with the clock set by
 * $LAITING_NOW: created, transferred, closed, rated, one reopened by a
 * "not satisfied" answer; two fall just outside November in local time.
 * The CSV must hold exactly the figures worked out by hand below, and the
 * PDF must show them. */

#include "config.h"

#include "lt-officer.h"
#include "lt-report.h"
#include "test-slips-common.h"

#define HOUR 3600
#define DAY  86400

typedef struct {
  int         day, hour, minute;       /* created, local time */
  LtChannel   channel;
  const char *category;
  const char *location;
  const char *transfer_to;             /* NULL: not transferred */
  gint64      close_after;             /* seconds after creation; 0: open */
  int         rating;                  /* after closing; 0: none */
} Story;

/* Worked out by hand (the report is made on 5 December, 12:00):
 *   in November: #1–#7, #9, #10 → 9 tickets; #8 is 31 Oct 23:30 and #11 is
 *     1 Dec 00:10 local time (30 Nov 16:10 UTC), both outside.
 *   category: roads 4 (#1 #2 #3 #9), noise 3 (#4 #5 #10), sanitation 1, utilities 1
 *   channel: kiosk 6, sms 2, staff 1
 *   status: closed 5 (#1 #2 #3 #6 #7), reopened 1 (#4), received 2 (#5 #9),
 *     transferred 1 (#10)
 *   resolution: 5 / 9 = 55.6 %
 *   close times: 7200, 10800, 14400, 86400, 432000 → median 14400 (4.0 h),
 *     90th percentile (nearest rank 5 of 5) 432000 (5.0 days)
 *   past due: open and past due on 5 Dec: #4 (due again 13 Nov), #5 (15 Nov),
 *     #10 (28 Nov) = 3; #9 is due 8 Dec. Closed late: #6 (3 days allowed,
 *     took 5) = 1.
 *   ratings: #3 → 1, #4 → 3 (reopened it), #6 → 2, #7 → 1: rated 4,
 *     1: 2 (50.0 %), 2: 1 (25.0 %), 3: 1 (25.0 %)
 *   repeated: roads at 3号楼东门 4 times (#1 #2 #3 #9; #3 typed with
 *     blanks), noise at 幸福小区 3 times; 2号楼 only once.
 *   per department (刘洋 is on duty for 街道办; #3 went to 陈静 of 市政所):
 *     城管科: #1 → 1 ticket, 1 on time, median 7200 (2.0 h), none rated;
 *     市政所: #3 → 1, 1 on time (1 of 10 days), median 86400, 1 rated, 100 %;
 *     街道办: #6 #10 → 2, 0 on time (#6 took 5 of 3 days, #10 open),
 *       median 432000 (5.0 days), 1 rated (2), 0 % satisfied.
 *   per officer: 刘洋 as 街道办; 陈静 as 市政所. */
static const Story stories[] = {
  /* 1 */ { 3, 9, 0,   LT_CHANNEL_KIOSK, "roads",      "3号楼东门",   "城管科", 2 * HOUR, 0 },
  /* 2 */ { 5, 10, 0,  LT_CHANNEL_SMS,   "roads",      "3号楼东门",   NULL,     4 * HOUR, 0 },
  /* 3 */ { 7, 14, 0,  LT_CHANNEL_STAFF, "roads",      " 3号楼东门 ", "陈静",   DAY,      1 },
  /* 4 */ { 10, 8, 0,  LT_CHANNEL_KIOSK, "noise",      "幸福小区",    NULL,     HOUR / 2, 3 },
  /* 5 */ { 12, 20, 0, LT_CHANNEL_SMS,   "noise",      "幸福小区",    NULL,     0,        0 },
  /* 6 */ { 15, 9, 0,  LT_CHANNEL_KIOSK, "sanitation", NULL,          "街道办", 5 * DAY,  2 },
  /* 7 */ { 20, 9, 0,  LT_CHANNEL_KIOSK, "utilities",  "2号楼",       NULL,     3 * HOUR, 1 },
  /* 8 */ { -1, 23, 30, LT_CHANNEL_KIOSK, "roads",     "3号楼东门",   NULL,     0,        0 },
  /* 9 */ { 28, 9, 0,  LT_CHANNEL_KIOSK, "roads",      "3号楼东门",   NULL,     0,        0 },
  /* 10 */ { 25, 9, 0, LT_CHANNEL_KIOSK, "noise",      "幸福小区",    "街道办", 0,        0 },
  /* 11 */ { 31, 0, 10, LT_CHANNEL_SMS,  "roads",      "3号楼东门",   NULL,     0,        0 },
};

static gint64
created_at (const Story *s)
{
  /* Day -1 is 31 October; day 31 is 1 December. */
  if (s->day == -1)
    return local_time (2026, 10, 31, s->hour, s->minute);
  if (s->day == 31)
    return local_time (2026, 12, 1, s->hour, s->minute);
  return local_time (2026, 11, s->day, s->hour, s->minute);
}

static void
fill (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  set_now (local_time (2026, 10, 1, 9, 0));
  g_assert_true (lt_store_officer_add (f->store, "刘洋", "13800000011", "街道办", &error));
  g_assert_true (lt_store_officer_set_on_duty (f->store, "街道办", "刘洋", &error));
  g_assert_true (lt_store_officer_add (f->store, "陈静", "13800000012", "市政所", &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (stories); i++)
    {
      const Story *s = &stories[i];
      g_autofree char *text = g_strdup_printf ("第%u件：反映的问题", i + 1);
      LtSubmission sub = { s->channel, s->category, text, s->location, "13912345678", NULL };
      g_autoptr(GError) error = NULL;
      g_autoptr(LtTicket) t = NULL;
      gint64 at = created_at (s);

      set_now (at);
      t = lt_store_submit (f->store, &sub, &error);
      g_assert_no_error (error);
      if (s->transfer_to != NULL)
        {
          set_now (at + 60);
          lt_store_transfer (f->store, t->receipt, s->transfer_to, NULL, "王", &error);
          g_assert_no_error (error);
        }
      if (s->close_after > 0)
        {
          set_now (at + s->close_after);
          lt_store_close (f->store, t->receipt, "已处理", "王", &error);
          g_assert_no_error (error);
        }
      if (s->rating > 0)
        {
          set_now (at + s->close_after + HOUR);
          lt_store_rate (f->store, t->receipt, s->rating, NULL, FALSE, &error);
          g_assert_no_error (error);
        }
    }
  set_now (local_time (2026, 12, 5, 12, 0));
}

/* "section/key" → value, from the CSV. Also checks its shape. */
static GHashTable *
read_csv (const char *path)
{
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_auto(GStrv) lines = NULL;

  g_file_get_contents (path, &data, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (data, "\xEF\xBB\xBF" "section,key,label,value\r\n"));
  lines = g_strsplit (data + 3, "\r\n", -1);
  for (guint i = 1; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], ",", -1);
      g_autofree char *key = NULL;

      g_assert_cmpuint (g_strv_length (f), ==, 4);
      /* Repeated problems are keyed by category and location. */
      key = g_strcmp0 (f[0], "repeated") == 0 || g_strcmp0 (f[0], "department") == 0 ||
            g_strcmp0 (f[0], "officer") == 0
        ? g_strdup_printf ("%s/%s/%s", f[0], f[1], f[2])
        : g_strdup_printf ("%s/%s", f[0], f[1]);
      g_assert_false (g_hash_table_contains (values, key));
      g_hash_table_insert (values, g_steal_pointer (&key), g_strdup (f[3]));
    }
  return values;
}

static void
expect (GHashTable *csv, const char *key, const char *value)
{
  const char *got = g_hash_table_lookup (csv, key);

  if (g_strcmp0 (got, value) != 0)
    g_error ("CSV %s: expected %s, got %s", key, value, got ? got : "(missing)");
}

static char *
pdf_layout_text (const char *path)
{
  const char *argv[] = { "pdftotext", "-layout", "-enc", "UTF-8", path, "-", NULL };

  return run_tool (argv);
}

/* Some line of @text holds @a and, after it, @b (blanks ignored). */
static void
expect_line (const char *text, const char *a, const char *b)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = squeeze (lines[i]);
      const char *pa = strstr (line, a);

      if (pa != NULL && strstr (pa + strlen (a), b) != NULL)
        return;
    }
  g_error ("the report has no line with %s and then %s", a, b);
}

static void
test_figures (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LtReport) report = NULL;
  g_autoptr(GHashTable) csv = NULL;
  g_autofree char *csv_path = g_build_filename (f->dir, "month.csv", NULL);
  g_autofree char *pdf_path = g_build_filename (f->dir, "month.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;
  guint repeated = 0, days = 0;
  GHashTableIter iter;
  gpointer key;

  fill (f);
  report = lt_report_new (f->store, 2026, 11, &error);
  g_assert_no_error (error);
  lt_report_write_csv (report, csv_path, &error);
  g_assert_no_error (error);
  lt_report_write_pdf (report, pdf_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lt_report_get_total (report), ==, 9);
  g_assert_cmpfloat_with_epsilon (lt_report_get_resolution_rate (report), 5.0 / 9, 1e-9);

  csv = read_csv (csv_path);
  expect (csv, "month/", "2026-11");
  expect (csv, "total/", "9");
  expect (csv, "category/roads", "4");
  expect (csv, "category/noise", "3");
  expect (csv, "category/sanitation", "1");
  expect (csv, "category/utilities", "1");
  expect (csv, "category/property", "0");
  expect (csv, "channel/kiosk", "6");
  expect (csv, "channel/sms", "2");
  expect (csv, "channel/staff", "1");
  expect (csv, "status/received", "2");
  expect (csv, "status/transferred", "1");
  expect (csv, "status/closed", "5");
  expect (csv, "status/reopened", "1");
  expect (csv, "resolution/closed", "5");
  expect (csv, "resolution/rate_percent", "55.6");
  expect (csv, "close_time/count", "5");
  expect (csv, "close_time/median_seconds", "14400");
  expect (csv, "close_time/p90_seconds", "432000");
  expect (csv, "past_due/open", "3");
  expect (csv, "past_due/closed_late", "1");
  expect (csv, "past_due/total", "4");
  expect (csv, "satisfaction/rated", "4");
  expect (csv, "satisfaction/1", "2");
  expect (csv, "satisfaction/2", "1");
  expect (csv, "satisfaction/3", "1");
  expect (csv, "satisfaction/1_percent", "50.0");
  expect (csv, "satisfaction/2_percent", "25.0");
  expect (csv, "satisfaction/3_percent", "25.0");
  expect (csv, "repeated/roads/3号楼东门", "4");
  expect (csv, "repeated/noise/幸福小区", "3");
  expect (csv, "department/tickets/城管科", "1");
  expect (csv, "department/closed_on_time/城管科", "1");
  expect (csv, "department/median_close_seconds/城管科", "7200");
  expect (csv, "department/rated/城管科", "0");
  expect (csv, "department/tickets/市政所", "1");
  expect (csv, "department/closed_on_time/市政所", "1");
  expect (csv, "department/median_close_seconds/市政所", "86400");
  expect (csv, "department/satisfied_percent/市政所", "100.0");
  expect (csv, "department/tickets/街道办", "2");
  expect (csv, "department/closed_on_time/街道办", "0");
  expect (csv, "department/median_close_seconds/街道办", "432000");
  expect (csv, "department/rated/街道办", "1");
  expect (csv, "department/satisfied_percent/街道办", "0.0");
  expect (csv, "officer/tickets/刘洋", "2");
  expect (csv, "officer/closed_on_time/刘洋", "0");
  expect (csv, "officer/median_close_seconds/刘洋", "432000");
  expect (csv, "officer/satisfied_percent/刘洋", "0.0");
  expect (csv, "officer/tickets/陈静", "1");
  expect (csv, "officer/closed_on_time/陈静", "1");
  expect (csv, "officer/median_close_seconds/陈静", "86400");
  expect (csv, "officer/satisfied_percent/陈静", "100.0");
  g_assert_null (g_hash_table_lookup (csv, "officer/tickets/城管科"));
  expect (csv, "day/2026-11-01", "0");
  expect (csv, "day/2026-11-03", "1");
  expect (csv, "day/2026-11-30", "0");
  g_hash_table_iter_init (&iter, csv);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      repeated += g_str_has_prefix (key, "repeated/");
      days += g_str_has_prefix (key, "day/");
    }
  g_assert_cmpuint (repeated, ==, 2);
  g_assert_cmpuint (days, ==, 30);

  /* The PDF shows the same figures, each beside its label. */
  text = pdf_layout_text (pdf_path);
  flat = squeeze (text);
  g_assert_nonnull (strstr (flat, "2026年11月"));
  expect_line (text, "工单总数", "办结率");
  expect_line (text, "9件", "55.6%");
  expect_line (text, "55.6%", "4.0小时");
  expect_line (text, "已办结5件", "按5件已办结工单");
  expect_line (text, "90%工单办结用时", "超期工单");
  expect_line (text, "5.0天", "4件");
  expect_line (text, "4件", "50.0%");
  expect_line (text, "未办结3，超期办结1", "已评价4件");
  expect_line (text, "道路交通", "4件（44.4%）");
  expect_line (text, "噪音扰民", "3件（33.3%）");
  expect_line (text, "自助机", "6件（66.7%）");
  expect_line (text, "窗口登记", "1件（11.1%）");
  expect_line (text, "重新办理", "1件（11.1%）");
  expect_line (text, "已办结", "5件（55.6%）");
  expect_line (text, "不满意", "1件（25.0%）");
  expect_line (text, "基本满意", "1件（25.0%）");
  expect_line (text, "道路交通", "3号楼东门");
  expect_line (text, "3号楼东门", "4次");
  expect_line (text, "幸福小区", "3次");
  g_assert_null (strstr (flat, "2号楼"));
  expect_line (text, "按承办部门", "");
  expect_line (text, "街道办", "2件0件5.0天0%（1评）");
  expect_line (text, "城管科", "1件1件2.0小时—");
  expect_line (text, "按经办人", "");
  expect_line (text, "刘洋", "2件0件5.0天0%（1评）");
  expect_line (text, "陈静", "1件1件24.0小时100%（1评）");
}

static void
test_empty_month (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LtReport) report = NULL;
  g_autoptr(GHashTable) csv = NULL;
  g_autofree char *csv_path = g_build_filename (f->dir, "empty.csv", NULL);
  g_autofree char *pdf_path = g_build_filename (f->dir, "empty.pdf", NULL);
  g_autofree char *text = NULL;

  fill (f);
  report = lt_report_new (f->store, 2026, 2, &error);
  g_assert_no_error (error);
  lt_report_write_csv (report, csv_path, &error);
  g_assert_no_error (error);
  lt_report_write_pdf (report, pdf_path, &error);
  g_assert_no_error (error);
  csv = read_csv (csv_path);
  expect (csv, "total/", "0");
  expect (csv, "resolution/rate_percent", "0.0");
  expect (csv, "day/2026-02-28", "0");
  g_assert_false (g_hash_table_contains (csv, "day/2026-02-29"));
  text = pdf_text (pdf_path);
  g_assert_nonnull (strstr (text, "本月没有重复反映的问题"));
  g_assert_cmpint (pdf_pages (pdf_path), >=, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/report/figures", Fixture, NULL, fixture_set_up, test_figures, fixture_tear_down);
  g_test_add ("/report/empty-month", Fixture, NULL, fixture_set_up, test_empty_month, fixture_tear_down);
  return g_test_run ();
}
