/* lt-print-text.c — what the daily slips and the monthly report share to
 * set text on paper: one font, one measuring rule, one way to write a PDF. */

#define G_LOG_DOMAIN "lt-print"

#include "config.h"

#include <cairo-pdf.h>

#include "lt-print-text.h"

PangoContext *
lt_print_context_new (void)
{
  cairo_font_options_t *options = cairo_font_options_create ();
  PangoContext *context = pango_font_map_create_context (pango_cairo_font_map_get_default ());

  /* Hinting snaps glyph advances to a device's pixels; without it a line
   * measures the same on a PDF, a printer and a screen preview. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_resolution (context, 72.0);
  pango_cairo_context_set_font_options (context, options);
  pango_context_set_language (context, pango_language_from_string ("zh-cn"));
  cairo_font_options_destroy (options);
  return context;
}

PangoLayout *
lt_print_layout_new (PangoContext *context, double size, gboolean bold, double width)
{
  PangoLayout *layout = pango_layout_new (context);
  PangoFontDescription *font = pango_font_description_new ();

  pango_font_description_set_family (font, LT_PRINT_FONT_FAMILY);
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  return layout;
}

double
lt_print_layout_height (PangoLayout *layout)
{
  int h;

  pango_layout_get_size (layout, NULL, &h);
  return (double) h / PANGO_SCALE;
}

double
lt_print_layout_width (PangoLayout *layout)
{
  int w;

  pango_layout_get_size (layout, &w, NULL);
  return (double) w / PANGO_SCALE;
}

double
lt_print_text_at (PangoContext *context, cairo_t *cr, double x, double y, double width,
                  double size, gboolean bold, double align, const char *text)
{
  g_autoptr(PangoLayout) layout = lt_print_layout_new (context, size, bold, width);

  pango_layout_set_text (layout, text, -1);
  if (cr != NULL)
    {
      double tx = x;

      if (width > 0 && align > 0)
        tx = x + (width - lt_print_layout_width (layout)) * align;
      cairo_move_to (cr, tx, y);
      pango_cairo_show_layout (cr, layout);
    }
  return lt_print_layout_height (layout);
}

cairo_status_t
lt_print_write_pdf (const char *path, int n_pages, double width, double height,
                    LtPrintHeightFunc page_height, LtPrintRenderFunc render, gpointer data)
{
  double first = page_height ? page_height (data, 0) : height;
  cairo_surface_t *surface = cairo_pdf_surface_create (path, width, first);
  cairo_t *cr = cairo_create (surface);
  cairo_status_t status;

  for (int page = 0; page < n_pages; page++)
    {
      if (page_height != NULL)
        cairo_pdf_surface_set_size (surface, width, page_height (data, page));
      render (data, cr, page);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  return status;
}
