/* lt-print-text.h — setting Chinese text on printed pages (slips, report). */

#pragma once

#include <pango/pangocairo.h>

G_BEGIN_DECLS

#define LT_PRINT_FONT_FAMILY "Noto Sans CJK SC"

/* A Pango context for print: 72 units per inch (points), no hinting, so a
 * line measures the same on a PDF, a printer and a screen preview. */
PangoContext *lt_print_context_new   (void) G_GNUC_WARN_UNUSED_RESULT;

/* A layout in the print font at @size points; wraps at @width points
 * (between words or characters) when @width > 0. */
PangoLayout  *lt_print_layout_new    (PangoContext *context, double size,
                                      gboolean bold, double width) G_GNUC_WARN_UNUSED_RESULT;
double        lt_print_layout_height (PangoLayout *layout);
double        lt_print_layout_width  (PangoLayout *layout);

/* Draws @text at (@x, @y) when @cr is not NULL and returns its height
 * either way, so one function both measures and draws. @align places the
 * text within @width: 0 left, 0.5 centred, 1 right. */
double        lt_print_text_at       (PangoContext *context, cairo_t *cr, double x, double y,
                                      double width, double size, gboolean bold,
                                      double align, const char *text);

/* Renders @n_pages pages of @width × @height points with @render into a PDF
 * at @path; @page_height (may be NULL) gives each page its own height.
 * Returns the cairo status. */
typedef void   (*LtPrintRenderFunc) (gpointer data, cairo_t *cr, int page);
typedef double (*LtPrintHeightFunc) (gpointer data, int page);
cairo_status_t lt_print_write_pdf    (const char *path, int n_pages, double width, double height,
                                      LtPrintHeightFunc page_height, LtPrintRenderFunc render,
                                      gpointer data);

G_END_DECLS
