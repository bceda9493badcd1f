/* lk-receipt-printer.c — the receipt slip; see lk-receipt-printer.h.
 *
 * The slip carries the hall's name, the receipt number and the time, never
 * the description or phone number: slips get left on the counter. It is
 * rendered to a PDF with cairo and Pango and handed to the CUPS queue off
 * the main loop (lk-cups.h), so a missing CUPS or printer costs the
 * resident nothing. */

#define G_LOG_DOMAIN "lk-receipt-printer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "lk-cups.h"
#include "lk-receipt-printer.h"
#include "lt-receipt.h"

#define MM_TO_PT(mm) ((mm) * 72.0 / 25.4)
#define SLIP_WIDTH_MM_INT 80
#define SLIP_HEIGHT_MM_INT 90
#define SLIP_WIDTH_MM ((double) SLIP_WIDTH_MM_INT)
#define SLIP_HEIGHT_MM ((double) SLIP_HEIGHT_MM_INT)

static double
draw_text (cairo_t *cr, double y, const char *font, const char *text)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (font);
  int width, height;

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, (int) (MM_TO_PT (SLIP_WIDTH_MM - 8) * PANGO_SCALE));
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  cairo_move_to (cr, MM_TO_PT (4), y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_size (layout, &width, &height);
  return y + (double) height / PANGO_SCALE + MM_TO_PT (3);
}

gboolean
lk_receipt_printer_render (LtConfig *config, const LtTicket *ticket,
                           const char *path, GError **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  g_autofree char *grouped = lt_receipt_format (ticket->receipt);
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (ticket->created_at);
  g_autofree char *time_text = g_date_time_format (when, _("%Y年%-m月%-d日 %H:%M"));
  double y = MM_TO_PT (6);

  surface = cairo_pdf_surface_create (path, MM_TO_PT (SLIP_WIDTH_MM), MM_TO_PT (SLIP_HEIGHT_MM));
  /* Print queues and PDF printers name the job after the document. */
  {
    g_autofree char *title = g_strdup_printf (_("回执 %s"), ticket->receipt);

    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  }
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 0, 0, 0);
  y = draw_text (cr, y, "Noto Sans CJK SC Bold 14", lt_config_get_site_name (config));
  y = draw_text (cr, y, "Noto Sans CJK SC 11", _("您的回执号"));
  y = draw_text (cr, y, "Noto Sans Mono CJK SC Bold 26", grouped);
  y = draw_text (cr, y, "Noto Sans CJK SC 10", time_text);
  draw_text (cr, y, "Noto Sans CJK SC 10",
             _("凭回执号可在自助机上查询办理进度，也可以把回执号用短信发来查询。"));
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/* The job is in the queue or has failed: the slip's file goes either way. */
static void
printed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autofree char *pdf_path = user_data;
  g_autoptr(GError) error = NULL;

  if (lk_cups_print_file_finish (result, &error) == 0)
    g_warning ("no receipt slip printed: %s", error->message);
  g_unlink (pdf_path);
}

void
lk_receipt_printer_print (LtConfig *config, const LtTicket *ticket)
{
  g_autofree char *printer = lt_config_get_string (config, "kiosk", "receipt-printer", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  char *pdf_path;
  int fd;

  if (printer == NULL || *printer == '\0')
    return;
  fd = g_file_open_tmp ("laiting-slip-XXXXXX.pdf", &pdf_path, &error);
  if (fd < 0)
    {
      g_warning ("receipt slip: %s", error->message);
      return;
    }
  close (fd);
  if (!lk_receipt_printer_render (config, ticket, pdf_path, &error))
    {
      g_warning ("receipt slip: %s", error->message);
      g_unlink (pdf_path);
      g_free (pdf_path);
      return;
    }
  title = g_strdup_printf (_("回执 %s"), ticket->receipt);
  lk_cups_print_file_async (printer, pdf_path, title,
                            "Custom." G_STRINGIFY (SLIP_WIDTH_MM_INT) "x"
                            G_STRINGIFY (SLIP_HEIGHT_MM_INT) "mm",
                            NULL, printed_cb, pdf_path);
}
