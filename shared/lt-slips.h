/* lt-slips.h — the day's ticket slips, drawn with cairo and Pango.
 *
 * One slip per ticket created on a day, for the officers who handle them,
 * after a first page that sums the day up. The same pages go to a PDF (the
 * `laiting slips` command) and to a GtkPrintOperation (the staff screen):
 * ask for the number of pages at the printer's page size, then draw each
 * page onto the cairo context the printer hands over. With GTK:
 *
 *   gtk_print_operation_set_unit (op, GTK_UNIT_POINTS);
 *   begin-print: gtk_print_operation_set_n_pages (op,
 *       lt_slips_get_n_pages (slips, gtk_print_context_get_width (ctx),
 *                                    gtk_print_context_get_height (ctx)));
 *   draw-page:   lt_slips_render_page (slips, gtk_print_context_get_cairo_context (ctx),
 *                                      page, width, height);
 *
 * A page narrower than 400 pt gets the roll layout (one column of fields).
 * An LtSlips belongs to the thread that made it (Pango's font map is per
 * thread). */

#pragma once

#include <cairo.h>
#include "lt-config.h"
#include "lt-store.h"
#include "lt-ticket.h"

G_BEGIN_DECLS

typedef enum {
  LT_SLIPS_FORMAT_A4,      /* A4 sheets, several slips a page, dashed cut lines */
  LT_SLIPS_FORMAT_ROLL80,  /* 80 mm receipt roll: one page per slip, as long as it needs */
} LtSlipsFormat;

/* The page geometry, in points (1/72 inch), so tests can predict pages. */
#define LT_SLIPS_A4_WIDTH_PT        595.276
#define LT_SLIPS_A4_HEIGHT_PT       841.890
#define LT_SLIPS_ROLL80_WIDTH_PT    226.772   /* 80 mm */
/* A sheet is cut into as many equal slots as fit this height; A4 gives 3.
 * A slip whose text does not fit one slot takes two or more, and one that
 * does not fit a page continues on the next. */
#define LT_SLIPS_MIN_SLOT_PT        240.0
#define LT_SLIPS_A4_PER_PAGE        3

#define LT_SLIPS_ERROR (lt_slips_error_quark ())
typedef enum {
  LT_SLIPS_ERROR_WRITE,    /* the PDF could not be written */
} LtSlipsError;
GQuark lt_slips_error_quark (void);

gboolean lt_slips_format_from_string (const char *text, LtSlipsFormat *out);

#define LT_TYPE_SLIPS (lt_slips_get_type ())
G_DECLARE_FINAL_TYPE (LtSlips, lt_slips, LT, SLIPS, GObject)

/* Slips for the tickets in @tickets (LtTicket*, kept by reference), which
 * were created on @date; @now decides which are overdue. @config names the
 * categories and the site. */
LtSlips    *lt_slips_new            (LtConfig      *config,
                                     const GDate   *date,
                                     GPtrArray     *tickets,
                                     gint64         now,
                                     LtSlipsFormat  format) G_GNUC_WARN_UNUSED_RESULT;

/* Reads the tickets created on @date (local day) from @store. */
LtSlips    *lt_slips_new_for_day    (LtStore       *store,
                                     const GDate   *date,
                                     LtSlipsFormat  format,
                                     GError       **error) G_GNUC_WARN_UNUSED_RESULT;

guint       lt_slips_get_n_tickets  (LtSlips *self);
LtSlipsFormat lt_slips_get_format   (LtSlips *self);

/* The natural page size of the format. For the roll, @height_pt is 0: each
 * page is as long as its slip (lt_slips_write_pdf sizes each page). */
void        lt_slips_get_page_size  (LtSlips *self, double *width_pt, double *height_pt);

/* Lays the slips out on pages of @width_pt × @height_pt (a printer's
 * imageable area, or the natural size) and returns how many there are.
 * @height_pt 0 with the roll format means pages as long as each slip. A day
 * without tickets is one page saying so. */
int         lt_slips_get_n_pages    (LtSlips *self, double width_pt, double height_pt);

/* The height of page @page when laid out with @height_pt 0 (the roll):
 * what lt_slips_write_pdf uses. Otherwise returns the page height. */
double      lt_slips_get_page_height (LtSlips *self, int page, double width_pt, double height_pt);

/* Draws page @page (0-based) with its top-left corner at the current origin
 * of @cr, in points. Lays out first if the size changed. */
void        lt_slips_render_page    (LtSlips *self, cairo_t *cr, int page,
                                     double width_pt, double height_pt);

/* Writes every page to a PDF at @path. */
gboolean    lt_slips_write_pdf      (LtSlips *self, const char *path, GError **error);

G_END_DECLS
