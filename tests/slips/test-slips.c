/* test-slips.c — the day's ticket slips, read back from real PDFs.
 *
 * Tickets go into a real store through its API with the clock set by
 * $LAITING_NOW; the slips are written to PDF and read back with pdftotext
 * and pdfinfo: every receipt number (grouped as printed), every description
 * in full, the fields an officer needs, and the page count the layout
 * promises (a summary page, then LT_SLIPS_A4_PER_PAGE slips a sheet, or one
 * slip a page on the 80 mm roll). */

#include "config.h"

#include "lt-officer.h"

#include <cairo.h>

#include "lt-receipt.h"
#include "lt-slips.h"
#include "test-slips-common.h"

#define DAY_Y 2026
#define DAY_M 11
#define DAY_D 21

static GDate
the_day (void)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, DAY_D, DAY_M, DAY_Y);
  return date;
}

static char *
description (guint i)
{
  return g_strdup_printf ("第%03u件：小区东门路灯不亮，晚上老人出门很不方便，请尽快修理。", i);
}

static LtTicket *
submit_at (Fixture *f, gint64 at, LtChannel channel, const char *category,
           const char *text, const char *location, const char *phone)
{
  LtSubmission s = { channel, category, text, location, phone, NULL };
  g_autoptr(GError) error = NULL;
  LtTicket *t;

  set_now (at);
  t = lt_store_submit (f->store, &s, &error);
  g_assert_no_error (error);
  return t;
}

/* @n tickets on the day, plus one the evening before and one just after
 * midnight, which must stay off the day's slips. Returns the day's. */
static GPtrArray *
fill_day (Fixture *f, guint n)
{
  GPtrArray *tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) lt_ticket_free);
  g_autoptr(GError) error = NULL;

  lt_store_begin (f->store, &error);
  g_assert_no_error (error);
  lt_ticket_free (submit_at (f, local_time (DAY_Y, DAY_M, DAY_D - 1, 23, 59), LT_CHANNEL_KIOSK,
                             "roads", "前一天的工单", NULL, NULL));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = description (i);

      g_ptr_array_add (tickets,
                       submit_at (f, local_time (DAY_Y, DAY_M, DAY_D, 0, 0) + 1 + i * 431,
                                  i % 3, i % 2 ? "roads" : "noise", text,
                                  i % 4 ? "幸福小区3号楼" : NULL,
                                  i % 5 ? "13912345678" : NULL));
    }
  lt_ticket_free (submit_at (f, local_time (DAY_Y, DAY_M, DAY_D + 1, 0, 0), LT_CHANNEL_SMS,
                             "roads", "后一天的工单", NULL, NULL));
  lt_store_commit (f->store, &error);
  g_assert_no_error (error);
  return tickets;
}

static char *
write_slips (Fixture *f, LtSlipsFormat format, const char *name, LtSlips **out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LtSlips) slips = NULL;
  GDate day = the_day ();
  char *path = g_build_filename (f->dir, name, NULL);

  set_now (local_time (DAY_Y, DAY_M, DAY_D, 18, 0));
  slips = lt_slips_new_for_day (f->store, &day, format, &error);
  g_assert_no_error (error);
  lt_slips_write_pdf (slips, path, &error);
  g_assert_no_error (error);
  if (out != NULL)
    *out = g_steal_pointer (&slips);
  return path;
}

static int
expected_a4_pages (guint n)
{
  return 1 + (int) ((n + LT_SLIPS_A4_PER_PAGE - 1) / LT_SLIPS_A4_PER_PAGE);
}

static void
check_every_ticket (const char *text, GPtrArray *tickets)
{
  g_autofree char *flat = squeeze (text);

  for (guint i = 0; i < tickets->len; i++)
    {
      const LtTicket *t = g_ptr_array_index (tickets, i);
      g_autofree char *grouped = lt_receipt_format (t->receipt);
      g_autofree char *desc = squeeze (t->text);

      if (strstr (text, grouped) == NULL)
        g_error ("receipt %s missing from the slips", grouped);
      if (strstr (flat, desc) == NULL)
        g_error ("description of %s missing: %s", grouped, t->text);
    }
  g_assert_null (strstr (text, "前一天的工单"));
  g_assert_null (strstr (text, "后一天的工单"));
}

static void
test_a4 (Fixture *f, gconstpointer data)
{
  guint n = GPOINTER_TO_UINT (data);
  g_autoptr(GPtrArray) tickets = fill_day (f, n);
  g_autoptr(LtSlips) slips = NULL;
  g_autofree char *path = write_slips (f, LT_SLIPS_FORMAT_A4, "slips.pdf", &slips);
  g_autofree char *text = pdf_text (path);
  g_autofree char *total = g_strdup_printf ("新建工单 %u 件", n);

  g_assert_cmpuint (lt_slips_get_n_tickets (slips), ==, n);
  g_assert_cmpint (pdf_pages (path), ==, n == 0 ? 1 : expected_a4_pages (n));
  g_assert_cmpint (lt_slips_get_n_pages (slips, LT_SLIPS_A4_WIDTH_PT, LT_SLIPS_A4_HEIGHT_PT),
                   ==, pdf_pages (path));
  g_assert_nonnull (strstr (text, "2026年11月21日"));
  if (n == 0)
    {
      g_assert_nonnull (strstr (text, "本日无工单"));
      g_assert_null (strstr (text, "回执号"));
      return;
    }
  g_assert_nonnull (strstr (text, total));
  check_every_ticket (text, tickets);
  /* The first page lists the day's tickets; a hundred do not all fit. */
  g_assert_nonnull (strstr (text, "工单清单"));
  if (n >= 100)
    g_assert_nonnull (strstr (text, "件未列出，见各联单据"));
  else
    g_assert_null (strstr (text, "件未列出"));
  g_assert_nonnull (strstr (text, "处理结果 / 签字"));
}

static void
test_roll80 (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) tickets = fill_day (f, 7);
  g_autofree char *path = write_slips (f, LT_SLIPS_FORMAT_ROLL80, "roll.pdf", NULL);
  g_autofree char *text = pdf_text (path);
  g_autofree char *last = g_strdup_printf ("%d", 8);
  const char *argv[] = { "pdfinfo", "-f", "1", "-l", last, path, NULL };
  g_autofree char *info = run_tool (argv);
  g_auto(GStrv) lines = g_strsplit (info, "\n", -1);
  guint sized = 0;

  /* A summary, then one page per slip. */
  g_assert_cmpint (pdf_pages (path), ==, 1 + 7);
  check_every_ticket (text, tickets);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      double w, h;
      int page;

      if (sscanf (lines[i], "Page %d size: %lf x %lf pts", &page, &w, &h) != 3)
        continue;
      sized++;
      /* 80 mm is 226.77 pt; a slip is shorter than its roll page limit. */
      g_assert_cmpfloat_with_epsilon (w, 80.0 / 25.4 * 72.0, 0.01);
      g_assert_cmpfloat (h, >, 150.0);
      g_assert_cmpfloat (h, <, 1000.0);
    }
  g_assert_cmpuint (sized, ==, 8);
}

static void
test_fields (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LtTicket) t = submit_at (f, local_time (DAY_Y, DAY_M, DAY_D, 9, 30), LT_CHANNEL_SMS,
                                     "noise", "楼下烧烤店每天夜里吵到两点", "幸福小区5号楼",
                                     "+86 139 8765 4321");
  g_autoptr(LtTicket) quiet = submit_at (f, local_time (DAY_Y, DAY_M, DAY_D, 10, 0), LT_CHANNEL_KIOSK,
                                         "roads", "人行道砖松动", NULL, NULL);
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;

  set_now (local_time (DAY_Y, DAY_M, DAY_D, 11, 0));
  /* 城管科's officer on duty takes it: the slip names them and their phone. */
  g_assert_true (lt_store_officer_add (f->store, "赵卫东", "13800000001", "城管科", &error));
  g_assert_true (lt_store_officer_set_on_duty (f->store, "城管科", "赵卫东", &error));
  lt_store_transfer (f->store, t->receipt, "城管科", "请今晚去现场", "王", &error);
  g_assert_no_error (error);

  /* Three days for noise: printed a week later, it is overdue. */
  set_now (local_time (DAY_Y, DAY_M, DAY_D + 7, 8, 0));
  {
    g_autoptr(LtSlips) slips = NULL;
    GDate day = the_day ();

    slips = lt_slips_new_for_day (f->store, &day, LT_SLIPS_FORMAT_A4, &error);
    g_assert_no_error (error);
    path = g_build_filename (f->dir, "fields.pdf", NULL);
    lt_slips_write_pdf (slips, path, &error);
    g_assert_no_error (error);
  }
  text = pdf_text (path);
  flat = squeeze (text);
  g_assert_nonnull (strstr (flat, "13987654321"));          /* in full, for staff */
  g_assert_nonnull (strstr (text, "139 8765 4321"));
  g_assert_nonnull (strstr (text, "噪音扰民"));             /* category name, not code */
  g_assert_nonnull (strstr (text, "短信"));
  g_assert_nonnull (strstr (text, "2026-11-21 09:30"));
  g_assert_nonnull (strstr (text, "幸福小区5号楼"));
  g_assert_nonnull (strstr (text, "已转办"));
  g_assert_nonnull (strstr (text, "城管科"));
  g_assert_nonnull (strstr (flat, "请今晚去现场"));
  g_assert_nonnull (strstr (flat, "经办人赵卫东13800000001"));
  g_assert_nonnull (strstr (flat, "已超期"));
  g_assert_nonnull (strstr (flat, "未留电话"));
  g_assert_nonnull (strstr (flat, "尚未转办"));
  g_assert_nonnull (strstr (flat, "按类别"));
  g_assert_nonnull (strstr (flat, "其中已超期未办结1件"));
}

/* Checks that @pdf prints @text whole and in order, across as many
 * continued pieces as it took, and that the slip after it is there too. */
static void
check_printed_whole (const char *pdf, const LtTicket *t, const char *text)
{
  g_autofree char *out = pdf_text (pdf);
  g_autofree char *flat = squeeze (out);
  g_autofree char *grouped = lt_receipt_format (t->receipt);
  g_autofree char *cont_raw = g_strdup_printf ("回执号%s（续）", grouped);
  g_autofree char *cont = squeeze (cont_raw);
  g_autofree char *want = squeeze (text);
  g_autoptr(GString) joined = g_string_new (NULL);
  g_auto(GStrv) pieces = NULL;

  /* It does not fit one frame: it continues, marked, on the next. */
  g_assert_nonnull (strstr (flat, cont));
  g_assert_nonnull (strstr (flat, "未完，接下一张"));

  /* Every character, in order, once the notes, page footers and
   * continuation headers in between are taken out: each piece after the
   * first starts after its "续" header. */
  pieces = g_strsplit (flat, "未完，接下一张", -1);
  for (guint i = 0; pieces[i] != NULL; i++)
    {
      char *p = pieces[i];
      char *c = strstr (p, cont);

      if (i > 0 && c != NULL)
        p = c + strlen (cont);
      g_string_append (joined, p);
    }
  if (strstr (joined->str, want) == NULL)
    g_error ("the long description is not printed whole in %s", pdf);
  g_assert_nonnull (strstr (out, "短的一件"));
}

static void
test_long_description (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(LtTicket) t = NULL;
  g_autoptr(LtTicket) after = NULL;
  g_autofree char *a4 = NULL;
  g_autofree char *roll = NULL;

  /* 4,000 characters, the most the store takes: numbered sentences so a
   * lost line shows which. */
  for (guint i = 0; g_utf8_strlen (text->str, -1) < 3980; i++)
    g_string_append_printf (text, "第%04u句路灯不亮出门不便。", i);
  t = submit_at (f, local_time (DAY_Y, DAY_M, DAY_D, 9, 0), LT_CHANNEL_KIOSK, "roads",
                 text->str, "3号楼", NULL);
  after = submit_at (f, local_time (DAY_Y, DAY_M, DAY_D, 9, 5), LT_CHANNEL_KIOSK, "roads",
                     "短的一件", NULL, NULL);

  /* A4: more than one sheet for this slip alone. */
  a4 = write_slips (f, LT_SLIPS_FORMAT_A4, "long.pdf", NULL);
  g_assert_cmpint (pdf_pages (a4), >=, 4);
  check_printed_whole (a4, t, text->str);

  /* The roll: pieces of at most a bit over half a metre each. */
  roll = write_slips (f, LT_SLIPS_FORMAT_ROLL80, "long-roll.pdf", NULL);
  g_assert_cmpint (pdf_pages (roll), >=, 1 + 3);
  check_printed_whole (roll, t, text->str);
}

static void
test_print_size (Fixture *f, gconstpointer data)
{
  /* What the staff screen's print dialog does: ask for pages at the
   * printer's size (US Letter here) and draw each onto its context. */
  g_autoptr(GPtrArray) tickets = fill_day (f, 5);
  g_autoptr(GError) error = NULL;
  g_autoptr(LtSlips) slips = NULL;
  GDate day = the_day ();
  int n;

  slips = lt_slips_new_for_day (f->store, &day, LT_SLIPS_FORMAT_A4, &error);
  g_assert_no_error (error);
  n = lt_slips_get_n_pages (slips, 612, 792);
  g_assert_cmpint (n, ==, 1 + 2);
  for (int page = 0; page < n; page++)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 612, 792);
      cairo_t *cr = cairo_create (surface);
      unsigned char *px;
      guint dark = 0;

      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      lt_slips_render_page (slips, cr, page, 612, 792);
      cairo_surface_flush (surface);
      px = cairo_image_surface_get_data (surface);
      for (int i = 0; i < 612 * 792; i++)
        dark += px[i * 4] < 128;
      g_assert_cmpuint (dark, >, 2000);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }
  /* The roll at its natural length: one slip a page. */
  g_clear_object (&slips);
  slips = lt_slips_new_for_day (f->store, &day, LT_SLIPS_FORMAT_ROLL80, &error);
  g_assert_cmpint (lt_slips_get_n_pages (slips, LT_SLIPS_ROLL80_WIDTH_PT, 0), ==, 1 + 5);
}

int
main (int argc, char **argv)
{
  static const guint counts[] = { 0, 1, 7, 100 };

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      g_autofree char *name = g_strdup_printf ("/slips/a4/%u-tickets", counts[i]);

      g_test_add (name, Fixture, GUINT_TO_POINTER (counts[i]),
                  fixture_set_up, test_a4, fixture_tear_down);
    }
  g_test_add ("/slips/roll80", Fixture, NULL, fixture_set_up, test_roll80, fixture_tear_down);
  g_test_add ("/slips/fields", Fixture, NULL, fixture_set_up, test_fields, fixture_tear_down);
  g_test_add ("/slips/long-description", Fixture, NULL, fixture_set_up,
              test_long_description, fixture_tear_down);
  g_test_add ("/slips/print-size", Fixture, NULL, fixture_set_up, test_print_size, fixture_tear_down);
  return g_test_run ();
}
