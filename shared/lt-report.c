/* lt-report.c — the monthly report: figures in SQL, pages in cairo.
 *
 * A month can hold tens of thousands of tickets, so the figures are
 * aggregated by SQLite over the created_at index inside one read
 * transaction (every figure from the same snapshot) rather than by loading
 * tickets. Only the close times come back row by row, to find the median
 * and the 90th percentile.
 *
 * Which tickets: those created in the local calendar month. Their status,
 * rating and lateness are as the store stands when the report is made, so
 * a report made later shows more of that month's tickets closed.
 *
 * Charts are horizontal bars with the number and share written beside each
 * bar, and the satisfaction bars carry distinct fill patterns, so a
 * grayscale printout loses nothing. */

#define G_LOG_DOMAIN "lt-report"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "lt-print-text.h"
#include "lt-report.h"
#include "lt-store-private.h"
#include "lt-time.h"

#define MARGIN 40.0
#define GAP     8.0
#define FOOTER_HEIGHT 16.0

G_DEFINE_QUARK (lt-report-error-quark, lt_report_error)

typedef struct {
  char  *key;     /* category code, channel or status name */
  char  *label;   /* what people read */
  guint  count;
} Count;

typedef struct {
  char  *category;
  char  *location;
  guint  count;
} Repeat;

typedef enum {
  BLOCK_TITLE,
  BLOCK_FIGURES,
  BLOCK_CATEGORY,
  BLOCK_CHANNEL,
  BLOCK_STATUS,
  BLOCK_SATISFACTION,
  BLOCK_DAILY,
  BLOCK_REPEAT_HEADING,
  BLOCK_REPEAT_ROW,
  BLOCK_REPEAT_NONE,
  BLOCK_REPEAT_MORE,
} BlockKind;

typedef struct {
  BlockKind kind;
  guint     arg;
  gboolean  head;     /* a table row that starts a page repeats the column heads */
  double    height;
  int       page;
  double    y;
} Block;

struct _LtReport {
  GObject       parent_instance;
  LtConfig     *config;
  int           year, month;
  gint64        from, to, now;

  guint         total;
  GArray       *by_category;   /* Count */
  GArray       *by_channel;
  GArray       *by_status;
  guint         closed;
  GArray       *close_times;   /* gint64 seconds, sorted */
  gint64        median_close, p90_close;
  guint         overdue_open, closed_late;
  guint         ratings[3];    /* satisfied, partly, not */
  guint         rated;
  GArray       *repeats;       /* Repeat, most reported first */
  guint         per_day[31];
  guint         n_days;

  PangoContext *pango;
  GArray       *blocks;        /* Block */
  double        laid_width, laid_height;
  int           n_pages;
};

G_DEFINE_FINAL_TYPE (LtReport, lt_report, G_TYPE_OBJECT)

static void
count_clear (gpointer data)
{
  Count *c = data;

  g_free (c->key);
  g_free (c->label);
}

static void
repeat_clear (gpointer data)
{
  Repeat *r = data;

  g_free (r->category);
  g_free (r->location);
}

static void
lt_report_finalize (GObject *object)
{
  LtReport *self = LT_REPORT (object);

  g_clear_object (&self->config);
  g_clear_pointer (&self->by_category, g_array_unref);
  g_clear_pointer (&self->by_channel, g_array_unref);
  g_clear_pointer (&self->by_status, g_array_unref);
  g_clear_pointer (&self->close_times, g_array_unref);
  g_clear_pointer (&self->repeats, g_array_unref);
  g_clear_pointer (&self->blocks, g_array_unref);
  g_clear_object (&self->pango);
  G_OBJECT_CLASS (lt_report_parent_class)->finalize (object);
}

static void
lt_report_class_init (LtReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lt_report_finalize;
}

static GArray *
new_counts (void)
{
  GArray *counts = g_array_new (FALSE, TRUE, sizeof (Count));

  g_array_set_clear_func (counts, count_clear);
  return counts;
}

static void
lt_report_init (LtReport *self)
{
  self->by_category = new_counts ();
  self->by_channel = new_counts ();
  self->by_status = new_counts ();
  self->close_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->repeats = g_array_new (FALSE, TRUE, sizeof (Repeat));
  g_array_set_clear_func (self->repeats, repeat_clear);
  self->blocks = g_array_new (FALSE, TRUE, sizeof (Block));

  self->pango = lt_print_context_new ();
}

/* ---- figures ----------------------------------------------------------- */

static Count *
count_find (GArray *counts, const char *key)
{
  for (guint i = 0; i < counts->len; i++)
    {
      Count *c = &g_array_index (counts, Count, i);

      if (g_strcmp0 (c->key, key) == 0)
        return c;
    }
  return NULL;
}

static void
count_append (GArray *counts, const char *key, const char *label)
{
  Count c = { g_strdup (key), g_strdup (label), 0 };

  g_array_append_val (counts, c);
}

/* Runs @sql with the month's bounds (and now) bound to ?1, ?2, ?3 and calls
 * @row for each result row. */
typedef void (*RowFunc) (LtReport *self, sqlite3_stmt *stmt);

static gboolean
query (LtStore *store, LtReport *self, const char *sql, RowFunc row, GError **error)
{
  sqlite3_stmt *stmt = lt_store_stmt (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->from);
  sqlite3_bind_int64 (stmt, 2, self->to);
  if (sqlite3_bind_parameter_count (stmt) >= 3)
    sqlite3_bind_int64 (stmt, 3, self->now);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    row (self, stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return lt_store_fail (store, rc, _("统计月报"), error);
  return TRUE;
}

static void
add_to (GArray *counts, sqlite3_stmt *stmt, const char *label)
{
  const char *key = (const char *) sqlite3_column_text (stmt, 0);
  Count *c = count_find (counts, key);

  if (c == NULL)
    {
      count_append (counts, key, label != NULL ? label : key);
      c = &g_array_index (counts, Count, counts->len - 1);
    }
  c->count += sqlite3_column_int (stmt, 1);
}

static void
category_row (LtReport *self, sqlite3_stmt *stmt)
{
  add_to (self->by_category, stmt, NULL);
  self->total += sqlite3_column_int (stmt, 1);
}

static void
channel_row (LtReport *self, sqlite3_stmt *stmt)
{
  add_to (self->by_channel, stmt, NULL);
}

static void
status_row (LtReport *self, sqlite3_stmt *stmt)
{
  add_to (self->by_status, stmt, NULL);
}

static void
close_time_row (LtReport *self, sqlite3_stmt *stmt)
{
  gint64 seconds = sqlite3_column_int64 (stmt, 0);

  g_array_append_val (self->close_times, seconds);
}

static void
lateness_row (LtReport *self, sqlite3_stmt *stmt)
{
  self->overdue_open = sqlite3_column_int (stmt, 0);
  self->closed_late = sqlite3_column_int (stmt, 1);
}

static void
rating_row (LtReport *self, sqlite3_stmt *stmt)
{
  int rating = sqlite3_column_int (stmt, 0);

  if (rating >= 1 && rating <= 3)
    {
      self->ratings[rating - 1] = sqlite3_column_int (stmt, 1);
      self->rated += self->ratings[rating - 1];
    }
}

static void
repeat_row (LtReport *self, sqlite3_stmt *stmt)
{
  Repeat r = {
    g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
    g_strdup ((const char *) sqlite3_column_text (stmt, 1)),
    sqlite3_column_int (stmt, 2),
  };

  g_array_append_val (self->repeats, r);
}

static void
day_row (LtReport *self, sqlite3_stmt *stmt)
{
  int day = sqlite3_column_int (stmt, 0);

  if (day >= 1 && day <= 31)
    self->per_day[day - 1] = sqlite3_column_int (stmt, 1);
}

#define IN_MONTH " FROM tickets WHERE created_at >= ?1 AND created_at < ?2"

static gboolean
compute (LtReport *self, LtStore *store, GError **error)
{
  return
    query (store, self, "SELECT category, count(*)" IN_MONTH " GROUP BY category",
           category_row, error) &&
    query (store, self, "SELECT channel, count(*)" IN_MONTH " GROUP BY channel",
           channel_row, error) &&
    query (store, self, "SELECT status, count(*)" IN_MONTH " GROUP BY status",
           status_row, error) &&
    query (store, self, "SELECT closed_at - created_at" IN_MONTH
           " AND status = 'closed' AND closed_at IS NOT NULL ORDER BY 1",
           close_time_row, error) &&
    query (store, self, "SELECT"
           " coalesce (sum (status <> 'closed' AND due_at < ?3), 0),"
           " coalesce (sum (status = 'closed' AND closed_at > due_at), 0)" IN_MONTH,
           lateness_row, error) &&
    query (store, self, "SELECT rating, count(*)" IN_MONTH
           " AND rating BETWEEN 1 AND 3 GROUP BY rating",
           rating_row, error) &&
    /* Locations are typed by people: ignore surrounding blanks. */
    query (store, self, "SELECT category, trim (location) AS place, count(*) AS n" IN_MONTH
           " AND trim (coalesce (location, '')) <> ''"
           " GROUP BY category, place HAVING n >= " G_STRINGIFY (LT_REPORT_REPEAT_MIN)
           " ORDER BY n DESC, category, place",
           repeat_row, error) &&
    query (store, self, "SELECT CAST (strftime ('%d', created_at, 'unixepoch', 'localtime') AS INTEGER),"
           " count(*)" IN_MONTH " GROUP BY 1",
           day_row, error);
}

/* Nearest-rank percentile of the sorted close times; the median is the
 * mean of the middle two for an even count, rounded to the second. */
static void
percentiles (LtReport *self)
{
  GArray *t = self->close_times;
  guint n = t->len;

  if (n == 0)
    return;
  if (n % 2 == 1)
    self->median_close = g_array_index (t, gint64, n / 2);
  else
    self->median_close = (g_array_index (t, gint64, n / 2 - 1) +
                          g_array_index (t, gint64, n / 2) + 1) / 2;
  self->p90_close = g_array_index (t, gint64, (guint) ceil (0.9 * n) - 1);
}

/* Every category, channel and status appears, in the catalogue's order,
 * even at zero: a month without SMS is a finding too. */
static void
seed_counts (LtReport *self)
{
  GPtrArray *categories = lt_config_get_categories (self->config);

  for (guint i = 0; categories != NULL && i < categories->len; i++)
    {
      const LtCategory *c = g_ptr_array_index (categories, i);
      count_append (self->by_category, c->code, c->name);
    }
  for (int c = LT_CHANNEL_KIOSK; c <= LT_CHANNEL_LAST; c++)
    count_append (self->by_channel, lt_channel_to_string (c), lt_channel_label (c));
  for (int s = LT_STATUS_RECEIVED; s <= LT_STATUS_REOPENED; s++)
    count_append (self->by_status, lt_ticket_status_to_string (s), lt_ticket_status_label (s));
}

LtReport *
lt_report_new (LtStore *store, int year, int month, GError **error)
{
  g_autoptr(LtReport) self = NULL;
  gboolean ok, own_tx;

  g_return_val_if_fail (LT_IS_STORE (store), NULL);
  g_return_val_if_fail (month >= 1 && month <= 12, NULL);

  self = g_object_new (LT_TYPE_REPORT, NULL);
  self->config = g_object_ref (lt_store_get_config (store));
  self->year = year;
  self->month = month;
  self->from = lt_time_day_start (year, month, 1);
  self->to = month == 12 ? lt_time_day_start (year + 1, 1, 1) : lt_time_day_start (year, month + 1, 1);
  self->now = lt_store_now ();
  self->n_days = g_date_get_days_in_month (month, year);
  seed_counts (self);

  g_rec_mutex_lock (&store->lock);
  /* One snapshot for every figure, unless the caller already holds a
   * transaction (then it is theirs). */
  own_tx = store->tx_depth == 0 && sqlite3_get_autocommit (store->db);
  if (own_tx && sqlite3_exec (store->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    own_tx = FALSE;
  ok = compute (self, store, error);
  if (own_tx)
    sqlite3_exec (store->db, "COMMIT", NULL, NULL, NULL);
  g_rec_mutex_unlock (&store->lock);
  if (!ok)
    return NULL;

  {
    Count *closed = count_find (self->by_status, "closed");
    self->closed = closed != NULL ? closed->count : 0;
  }
  for (guint i = 0; i < self->by_category->len; i++)
    {
      Count *c = &g_array_index (self->by_category, Count, i);
      const LtCategory *category = lt_config_find_category (self->config, c->key);

      if (category != NULL)
        {
          g_free (c->label);
          c->label = g_strdup (category->name);
        }
    }
  percentiles (self);
  return g_steal_pointer (&self);
}

guint
lt_report_get_total (LtReport *self)
{
  g_return_val_if_fail (LT_IS_REPORT (self), 0);
  return self->total;
}

double
lt_report_get_resolution_rate (LtReport *self)
{
  g_return_val_if_fail (LT_IS_REPORT (self), 0);
  return self->total > 0 ? (double) self->closed / self->total : 0;
}

static double
share (guint part, guint whole)
{
  return whole > 0 ? 100.0 * part / whole : 0;
}

static const char *
rating_label (int rating)
{
  switch (rating)
    {
    case 1: return _("满意");
    case 2: return _("基本满意");
    default: return _("不满意");
    }
}

/* "45 分钟", "6.5 小时", "3.2 天": how long, in words a leader reads. */
static char *
duration_text (gint64 seconds)
{
  if (seconds < 3600)
    return g_strdup_printf (_("%d 分钟"), (int) ((seconds + 59) / 60));
  if (seconds < 48 * 3600)
    return g_strdup_printf (_("%.1f 小时"), seconds / 3600.0);
  return g_strdup_printf (_("%.1f 天"), seconds / 86400.0);
}

/* ---- CSV ----------------------------------------------------------------- */

static void
csv_field (GString *out, const char *text)
{
  if (text == NULL)
    text = "";
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
csv_row (GString *out, const char *section, const char *key, const char *label, const char *value)
{
  csv_field (out, section);
  g_string_append_c (out, ',');
  csv_field (out, key);
  g_string_append_c (out, ',');
  csv_field (out, label);
  g_string_append_c (out, ',');
  csv_field (out, value);
  g_string_append (out, "\r\n");
}

static void
csv_uint (GString *out, const char *section, const char *key, const char *label, guint64 value)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, value);
  csv_row (out, section, key, label, buf);
}

static void
csv_percent (GString *out, const char *section, const char *key, const char *label, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* A dot whatever the locale: spreadsheets and scripts read it. */
  g_ascii_formatd (buf, sizeof buf, "%.1f", value);
  csv_row (out, section, key, label, buf);
}

static void
csv_counts (GString *out, const char *section, GArray *counts)
{
  for (guint i = 0; i < counts->len; i++)
    {
      const Count *c = &g_array_index (counts, Count, i);
      csv_uint (out, section, c->key, c->label, c->count);
    }
}

static gboolean
write_file (const char *path, const char *data, gsize len, GError **error)
{
  g_autoptr(GError) local = NULL;

  if (!g_file_set_contents (path, data, len, &local))
    {
      g_set_error (error, LT_REPORT_ERROR, LT_REPORT_ERROR_WRITE,
                   _("无法写入文件 %s：%s"), path, local->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
lt_report_write_csv (LtReport *self, const char *path, GError **error)
{
  g_autoptr(GString) out = g_string_new ("\xEF\xBB\xBF");
  g_autofree char *month = g_strdup_printf ("%04d-%02d", self->year, self->month);
  guint total_due = self->overdue_open + self->closed_late;

  g_return_val_if_fail (LT_IS_REPORT (self), FALSE);

  csv_row (out, "section", "key", "label", "value");
  csv_row (out, "month", "", _("月份"), month);
  csv_uint (out, "total", "", _("工单总数"), self->total);
  csv_counts (out, "category", self->by_category);
  csv_counts (out, "channel", self->by_channel);
  csv_counts (out, "status", self->by_status);
  csv_uint (out, "resolution", "closed", _("已办结"), self->closed);
  csv_percent (out, "resolution", "rate_percent", _("办结率（%）"), share (self->closed, self->total));
  csv_uint (out, "close_time", "count", _("计入办结用时的工单"), self->close_times->len);
  csv_uint (out, "close_time", "median_seconds", _("办结用时中位数（秒）"), self->median_close);
  csv_uint (out, "close_time", "p90_seconds", _("90% 工单办结用时（秒）"), self->p90_close);
  csv_uint (out, "past_due", "open", _("超期未办结"), self->overdue_open);
  csv_uint (out, "past_due", "closed_late", _("超期办结"), self->closed_late);
  csv_uint (out, "past_due", "total", _("超期合计"), total_due);
  csv_uint (out, "satisfaction", "rated", _("已评价"), self->rated);
  for (int r = 1; r <= 3; r++)
    {
      char key[16];

      g_snprintf (key, sizeof key, "%d", r);
      csv_uint (out, "satisfaction", key, rating_label (r), self->ratings[r - 1]);
      g_autofree char *label = g_strdup_printf (_("%s占比（%%）"), rating_label (r));

      g_snprintf (key, sizeof key, "%d_percent", r);
      csv_percent (out, "satisfaction", key, label, share (self->ratings[r - 1], self->rated));
    }
  for (guint i = 0; i < self->repeats->len; i++)
    {
      const Repeat *r = &g_array_index (self->repeats, Repeat, i);
      csv_uint (out, "repeated", r->category, r->location, r->count);
    }
  for (guint d = 1; d <= self->n_days; d++)
    {
      char key[16];

      g_snprintf (key, sizeof key, "%04d-%02d-%02u", self->year, self->month, d);
      csv_uint (out, "day", key, "", self->per_day[d - 1]);
    }
  return write_file (path, out->str, out->len, error);
}

/* ---- text and charts ---------------------------------------------------- */

static double
heading (LtReport *self, cairo_t *cr, double x, double y, double w, const char *text)
{
  double h = lt_print_text_at (self->pango, cr, x, y, w, 14, TRUE, 0, text) + 3;

  if (cr != NULL)
    {
      cairo_set_line_width (cr, 1.2);
      cairo_move_to (cr, x, y + h);
      cairo_line_to (cr, x + w, y + h);
      cairo_stroke (cr);
    }
  return h + 6;
}

/* Fill patterns that stay apart in grayscale: solid dark, diagonal
 * hatching, dots on white. */
static void
set_fill (cairo_t *cr, int pattern)
{
  cairo_surface_t *tile;
  cairo_pattern_t *p;
  cairo_t *t;

  if (pattern == 0)
    {
      cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
      return;
    }
  tile = cairo_surface_create_similar (cairo_get_target (cr), CAIRO_CONTENT_COLOR, 6, 6);
  t = cairo_create (tile);
  cairo_set_source_rgb (t, 1, 1, 1);
  cairo_paint (t);
  cairo_set_source_rgb (t, 0, 0, 0);
  if (pattern == 1)
    {
      cairo_set_line_width (t, 1.2);
      cairo_move_to (t, -1, 7);
      cairo_line_to (t, 7, -1);
      cairo_move_to (t, -1, 1);
      cairo_line_to (t, 1, -1);
      cairo_move_to (t, 5, 7);
      cairo_line_to (t, 7, 5);
      cairo_stroke (t);
    }
  else
    {
      cairo_arc (t, 3, 3, 1.1, 0, 2 * G_PI);
      cairo_fill (t);
    }
  cairo_destroy (t);
  p = cairo_pattern_create_for_surface (tile);
  cairo_pattern_set_extend (p, CAIRO_EXTEND_REPEAT);
  cairo_set_source (cr, p);
  cairo_pattern_destroy (p);
  cairo_surface_destroy (tile);
}

/* One bar per row: label, bar scaled to the largest count, "N 件 (P%)". */
static double
bar_chart (LtReport *self, cairo_t *cr, double x, double y, double w,
           const char *title, GArray *counts, guint whole, gboolean patterned)
{
  const double row_h = 22, label_w = 110, num_w = 120;
  double bar_w = w - label_w - num_w - 2 * GAP, y0 = y;
  guint max = 1;

  y += heading (self, cr, x, y, w, title);
  for (guint i = 0; i < counts->len; i++)
    max = MAX (max, g_array_index (counts, Count, i).count);
  for (guint i = 0; i < counts->len; i++)
    {
      const Count *c = &g_array_index (counts, Count, i);
      g_autofree char *num = g_strdup_printf (_("%u 件（%.1f%%）"), c->count, share (c->count, whole));

      if (cr != NULL)
        {
          double len = bar_w * c->count / max;

          lt_print_text_at (self->pango, cr, x, y + 2, label_w, 11, FALSE, 0, c->label);
          cairo_rectangle (cr, x + label_w + GAP, y + 4, MAX (len, 0.5), row_h - 8);
          set_fill (cr, patterned ? (int) i % 3 : 0);
          cairo_fill_preserve (cr);
          cairo_set_source_rgb (cr, 0, 0, 0);
          cairo_set_line_width (cr, 0.8);
          cairo_stroke (cr);
          lt_print_text_at (self->pango, cr, x + label_w + GAP + len + GAP, y + 2, num_w, 11, TRUE, 0, num);
        }
      y += row_h;
    }
  return y - y0;
}

/* Counts sorted by size for the category chart: what is hot comes first. */
static gint
by_count_desc (gconstpointer a, gconstpointer b)
{
  const Count *ca = a, *cb = b;

  return (ca->count < cb->count) - (ca->count > cb->count);
}

static double
category_chart (LtReport *self, cairo_t *cr, double x, double y, double w)
{
  g_autoptr(GArray) sorted = g_array_sized_new (FALSE, FALSE, sizeof (Count), self->by_category->len);

  /* Shallow copies: the strings stay owned by self->by_category. */
  g_array_append_vals (sorted, self->by_category->data, self->by_category->len);
  g_array_sort (sorted, by_count_desc);
  return bar_chart (self, cr, x, y, w, _("按类别"), sorted, self->total, FALSE);
}

static double
satisfaction_chart (LtReport *self, cairo_t *cr, double x, double y, double w)
{
  g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (Count));
  g_autofree char *title = g_strdup_printf (_("满意度（已评价 %u 件）"), self->rated);

  for (int r = 1; r <= 3; r++)
    g_array_append_vals (counts, &(Count) { NULL, (char *) rating_label (r), self->ratings[r - 1] }, 1);
  return bar_chart (self, cr, x, y, w, title, counts, self->rated, TRUE);
}

static double
daily_chart (LtReport *self, cairo_t *cr, double x, double y, double w)
{
  const double chart_h = 120, label_h = 14;
  double col = w / self->n_days, y0 = y;
  guint max = 1;

  y += heading (self, cr, x, y, w, _("每日新建工单"));
  for (guint d = 0; d < self->n_days; d++)
    max = MAX (max, self->per_day[d]);
  if (cr != NULL)
    {
      for (guint d = 0; d < self->n_days; d++)
        {
          double h = chart_h * self->per_day[d] / max;
          char day[8];

          cairo_rectangle (cr, x + d * col + 2, y + label_h + chart_h - h, col - 4, h);
          cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
          cairo_fill_preserve (cr);
          cairo_set_source_rgb (cr, 0, 0, 0);
          cairo_set_line_width (cr, 0.5);
          cairo_stroke (cr);
          g_snprintf (day, sizeof day, "%u", d + 1);
          lt_print_text_at (self->pango, cr, x + d * col, y + label_h + chart_h + 2, col, 7, FALSE, 0.5, day);
          /* The number on top of its bar: no need to read a scale. */
          if (self->per_day[d] > 0)
            {
              g_snprintf (day, sizeof day, "%u", self->per_day[d]);
              lt_print_text_at (self->pango, cr, x + d * col - 4, y + label_h + chart_h - h - 10, col + 8, 6, FALSE, 0.5, day);
            }
        }
      cairo_set_line_width (cr, 0.8);
      cairo_move_to (cr, x, y + label_h + chart_h);
      cairo_line_to (cr, x + w, y + label_h + chart_h);
      cairo_stroke (cr);
    }
  return (y - y0) + label_h + chart_h + 14;
}

static double
title_block (LtReport *self, cairo_t *cr, double x, double y, double w)
{
  const char *site = lt_config_get_site_name (self->config);
  g_autofree char *title = g_strdup_printf (_("%s 工单月报"), site != NULL ? site : _("来听"));
  g_autofree char *month = g_strdup_printf (_("%d年%d月"), self->year, self->month);
  g_autofree char *now = lt_time_format (self->now, "%Y-%m-%d %H:%M");
  g_autofree char *note = g_strdup_printf (_("统计本月新建的工单，状态截至 %s。"), now);
  double y0 = y;

  y += lt_print_text_at (self->pango, cr, x, y, w, 24, TRUE, 0, title);
  y += lt_print_text_at (self->pango, cr, x, y, w, 16, FALSE, 0, month);
  y += lt_print_text_at (self->pango, cr, x, y, w, 9, FALSE, 0, note);
  return y - y0 + GAP;
}

/* Six boxed key figures, three to a row. */
static double
figures_block (LtReport *self, cairo_t *cr, double x, double y, double w)
{
  const double box_h = 70;
  double box_w = (w - 2 * GAP) / 3;
  g_autofree char *total = g_strdup_printf (_("%u 件"), self->total);
  g_autofree char *rate = g_strdup_printf ("%.1f%%", share (self->closed, self->total));
  g_autofree char *rate_note = g_strdup_printf (_("已办结 %u 件"), self->closed);
  g_autofree char *median = self->close_times->len ? duration_text (self->median_close) : g_strdup ("—");
  g_autofree char *p90 = self->close_times->len ? duration_text (self->p90_close) : g_strdup ("—");
  g_autofree char *due = g_strdup_printf (_("%u 件"), self->overdue_open + self->closed_late);
  g_autofree char *due_note = g_strdup_printf (_("未办结 %u，超期办结 %u"), self->overdue_open, self->closed_late);
  g_autofree char *sat = self->rated ? g_strdup_printf ("%.1f%%", share (self->ratings[0], self->rated)) : g_strdup ("—");
  g_autofree char *sat_note = g_strdup_printf (_("已评价 %u 件，其中满意 %u 件"), self->rated, self->ratings[0]);
  g_autofree char *close_note = g_strdup_printf (_("按 %u 件已办结工单"), self->close_times->len);
  const char *labels[6] = { _("工单总数"), _("办结率"), _("办结用时中位数"),
                            _("90% 工单办结用时"), _("超期工单"), _("满意率") };
  const char *values[6] = { total, rate, median, p90, due, sat };
  const char *notes[6] = { "", rate_note, close_note, close_note, due_note, sat_note };

  if (cr != NULL)
    for (int i = 0; i < 6; i++)
      {
        double bx = x + (i % 3) * (box_w + GAP), by = y + (i / 3) * (box_h + GAP);

        cairo_set_line_width (cr, 1.2);
        cairo_rectangle (cr, bx, by, box_w, box_h);
        cairo_stroke (cr);
        lt_print_text_at (self->pango, cr, bx + 8, by + 5, box_w - 16, 10, FALSE, 0, labels[i]);
        lt_print_text_at (self->pango, cr, bx + 8, by + 20, box_w - 16, 22, TRUE, 0, values[i]);
        lt_print_text_at (self->pango, cr, bx + 8, by + box_h - 16, box_w - 16, 8, FALSE, 0, notes[i]);
      }
  return 2 * box_h + GAP + 2 * GAP;
}

static double
repeat_row_block (LtReport *self, cairo_t *cr, double x, double y, double w, guint i)
{
  const double count_w = 60, cat_w = 110;
  double h;

  if (i == G_MAXUINT)
    {
      /* The table's column heads. */
      h = lt_print_text_at (self->pango, cr, x, y, cat_w, 10, TRUE, 0, _("类别"));
      lt_print_text_at (self->pango, cr, x + cat_w, y, w - cat_w - count_w, 10, TRUE, 0, _("地点"));
      lt_print_text_at (self->pango, cr, x + w - count_w, y, count_w, 10, TRUE, 1, _("次数"));
    }
  else
    {
      const Repeat *r = &g_array_index (self->repeats, Repeat, i);
      const LtCategory *category = lt_config_find_category (self->config, r->category);
      g_autofree char *n = g_strdup_printf (_("%u 次"), r->count);

      h = lt_print_text_at (self->pango, cr, x + cat_w, y, w - cat_w - count_w - GAP, 11, FALSE, 0, r->location);
      lt_print_text_at (self->pango, cr, x, y, cat_w, 11, FALSE, 0, category != NULL ? category->name : r->category);
      lt_print_text_at (self->pango, cr, x + w - count_w, y, count_w, 11, TRUE, 1, n);
    }
  if (cr != NULL)
    {
      cairo_set_line_width (cr, 0.4);
      cairo_move_to (cr, x, y + h + 2);
      cairo_line_to (cr, x + w, y + h + 2);
      cairo_stroke (cr);
    }
  return h + 5;
}

static double
draw_block (LtReport *self, cairo_t *cr, const Block *b, double x, double y, double w)
{
  switch (b->kind)
    {
    case BLOCK_TITLE:
      return title_block (self, cr, x, y, w);
    case BLOCK_FIGURES:
      return figures_block (self, cr, x, y, w);
    case BLOCK_CATEGORY:
      return category_chart (self, cr, x, y, w) + 2 * GAP;
    case BLOCK_CHANNEL:
      return bar_chart (self, cr, x, y, w, _("按渠道"), self->by_channel, self->total, FALSE) + 2 * GAP;
    case BLOCK_STATUS:
      return bar_chart (self, cr, x, y, w, _("按状态（当前）"), self->by_status, self->total, FALSE) + 2 * GAP;
    case BLOCK_SATISFACTION:
      return satisfaction_chart (self, cr, x, y, w) + 2 * GAP;
    case BLOCK_DAILY:
      return daily_chart (self, cr, x, y, w) + 2 * GAP;
    case BLOCK_REPEAT_HEADING:
      {
        g_autofree char *title = g_strdup_printf (_("重复反映的问题（同一类别、同一地点本月 %d 次及以上）"),
                                                  LT_REPORT_REPEAT_MIN);
        double h = heading (self, cr, x, y, w, title);
        return h + repeat_row_block (self, cr, x, y + h, w, G_MAXUINT);
      }
    case BLOCK_REPEAT_ROW:
      if (b->head)
        {
          double h = repeat_row_block (self, cr, x, y, w, G_MAXUINT);
          return h + repeat_row_block (self, cr, x, y + h, w, b->arg);
        }
      return repeat_row_block (self, cr, x, y, w, b->arg);
    case BLOCK_REPEAT_NONE:
      return lt_print_text_at (self->pango, cr, x, y, w, 11, FALSE, 0, _("本月没有重复反映的问题。"));
    case BLOCK_REPEAT_MORE:
      {
        g_autofree char *more = g_strdup_printf (_("另有 %u 处重复反映的问题未列出，完整清单见 CSV 文件（laiting report --csv）。"),
                                                 self->repeats->len - LT_REPORT_REPEAT_ROWS);
        return GAP + lt_print_text_at (self->pango, cr, x, y + GAP, w, 10, TRUE, 0, more);
      }
    default:
      g_assert_not_reached ();
    }
}

static void
add_block (LtReport *self, BlockKind kind, guint arg)
{
  Block b = { .kind = kind, .arg = arg };

  g_array_append_val (self->blocks, b);
}

static void
lay_out (LtReport *self, double width, double height)
{
  double bottom = height - MARGIN - FOOTER_HEIGHT, y = MARGIN;
  int page = 0;

  if (self->blocks->len > 0 && self->laid_width == width && self->laid_height == height)
    return;
  self->laid_width = width;
  self->laid_height = height;
  g_array_set_size (self->blocks, 0);

  add_block (self, BLOCK_TITLE, 0);
  add_block (self, BLOCK_FIGURES, 0);
  add_block (self, BLOCK_CATEGORY, 0);
  add_block (self, BLOCK_CHANNEL, 0);
  add_block (self, BLOCK_STATUS, 0);
  add_block (self, BLOCK_SATISFACTION, 0);
  add_block (self, BLOCK_DAILY, 0);
  add_block (self, BLOCK_REPEAT_HEADING, 0);
  if (self->repeats->len == 0)
    add_block (self, BLOCK_REPEAT_NONE, 0);
  for (guint i = 0; i < self->repeats->len && i < LT_REPORT_REPEAT_ROWS; i++)
    add_block (self, BLOCK_REPEAT_ROW, i);
  if (self->repeats->len > LT_REPORT_REPEAT_ROWS)
    add_block (self, BLOCK_REPEAT_MORE, 0);

  /* Stack the blocks; one that does not fit starts a new page. The table
   * heading keeps at least its first row with it. */
  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *b = &g_array_index (self->blocks, Block, i);
      double need;

      b->height = draw_block (self, NULL, b, MARGIN, 0, width - 2 * MARGIN);
      need = b->height;
      if (b->kind == BLOCK_REPEAT_HEADING && i + 1 < self->blocks->len)
        need += 30;
      if (y + need > bottom && y > MARGIN)
        {
          page++;
          y = MARGIN;
          if (b->kind == BLOCK_REPEAT_ROW)
            {
              b->head = TRUE;
              b->height = draw_block (self, NULL, b, MARGIN, 0, width - 2 * MARGIN);
            }
        }
      b->page = page;
      b->y = y;
      y += b->height;
    }
  self->n_pages = page + 1;
}

int
lt_report_get_n_pages (LtReport *self, double width_pt, double height_pt)
{
  g_return_val_if_fail (LT_IS_REPORT (self), 0);

  lay_out (self, width_pt, height_pt);
  return self->n_pages;
}

void
lt_report_render_page (LtReport *self, cairo_t *cr, int page, double width_pt, double height_pt)
{
  g_autofree char *footer = NULL;

  g_return_if_fail (LT_IS_REPORT (self));

  lay_out (self, width_pt, height_pt);
  g_return_if_fail (page >= 0 && page < self->n_pages);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint i = 0; i < self->blocks->len; i++)
    {
      const Block *b = &g_array_index (self->blocks, Block, i);

      if (b->page == page)
        draw_block (self, cr, b, MARGIN, b->y, width_pt - 2 * MARGIN);
    }
  /* TRANSLATORS: page footer: year, month, page, pages. */
  footer = g_strdup_printf (_("工单月报 %d年%d月　第 %d / %d 页"), self->year, self->month,
                            page + 1, self->n_pages);
  lt_print_text_at (self->pango, cr, MARGIN, height_pt - MARGIN, width_pt - 2 * MARGIN, 8, FALSE, 0.5, footer);
  cairo_restore (cr);
}

static void
pdf_render (gpointer data, cairo_t *cr, int page)
{
  lt_report_render_page (data, cr, page, LT_REPORT_PAGE_WIDTH_PT, LT_REPORT_PAGE_HEIGHT_PT);
}

gboolean
lt_report_write_pdf (LtReport *self, const char *path, GError **error)
{
  const double w = LT_REPORT_PAGE_WIDTH_PT, h = LT_REPORT_PAGE_HEIGHT_PT;
  cairo_status_t status;

  g_return_val_if_fail (LT_IS_REPORT (self), FALSE);

  status = lt_print_write_pdf (path, lt_report_get_n_pages (self, w, h), w, h,
                               NULL, pdf_render, self);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, LT_REPORT_ERROR, LT_REPORT_ERROR_WRITE,
                   _("无法写入文件 %s：%s"), path, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
