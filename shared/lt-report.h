/* lt-report.h — the monthly report: what came in, what got done, how fast,
 * how residents rated it, and which problems keep coming back.
 *
 * The figures are computed in SQL over the tickets created in one local
 * calendar month, as the store stands when the report is made. The pages
 * are drawn with cairo and Pango, so a PDF (`laiting report`) and a print
 * dialog get the same pages; the figures also go to CSV for spreadsheets. */

#pragma once

#include <cairo.h>
#include "lt-store.h"

G_BEGIN_DECLS

#define LT_REPORT_ERROR (lt_report_error_quark ())
typedef enum {
  LT_REPORT_ERROR_WRITE,    /* the PDF or CSV could not be written */
} LtReportError;
GQuark lt_report_error_quark (void);

/* A problem counts as repeated when the same category and location were
 * reported this many times in the month. */
#define LT_REPORT_REPEAT_MIN 3
/* The PDF lists the most reported ones, up to this many; the CSV all. */
#define LT_REPORT_REPEAT_ROWS 40

#define LT_REPORT_PAGE_WIDTH_PT   595.276   /* A4 */
#define LT_REPORT_PAGE_HEIGHT_PT  841.890

#define LT_TYPE_REPORT (lt_report_get_type ())
G_DECLARE_FINAL_TYPE (LtReport, lt_report, LT, REPORT, GObject)

/* Computes the report for @month (1–12) of @year from @store, as of
 * lt_store_now(). */
LtReport   *lt_report_new          (LtStore *store, int year, int month,
                                    GError **error) G_GNUC_WARN_UNUSED_RESULT;

guint       lt_report_get_total    (LtReport *self);
/* Share of the month's tickets now closed, 0–1 (0 for an empty month). */
double      lt_report_get_resolution_rate (LtReport *self);

/* Lays the report out on pages of @width_pt × @height_pt and returns their
 * number; lt_report_render_page draws page @page (0-based) with its
 * top-left corner at @cr's origin. */
int         lt_report_get_n_pages  (LtReport *self, double width_pt, double height_pt);
void        lt_report_render_page  (LtReport *self, cairo_t *cr, int page,
                                    double width_pt, double height_pt);

/* An A4 PDF of every page. */
gboolean    lt_report_write_pdf    (LtReport *self, const char *path, GError **error);

/* The figures as CSV (UTF-8 with a byte-order mark, so spreadsheet programs
 * read the Chinese labels), one figure a row: section,key,label,value.
 * Sections: month, total, category, channel, status, resolution,
 * close_time, past_due, satisfaction, repeated (key = category code,
 * label = location, value = count), day (key = YYYY-MM-DD), and
 * department and officer (label = the department or officer the tickets
 * were last transferred to; keys tickets, closed_on_time,
 * median_close_seconds, rated, satisfied_percent). */
gboolean    lt_report_write_csv    (LtReport *self, const char *path, GError **error);

G_END_DECLS
