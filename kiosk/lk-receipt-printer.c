/* lk-receipt-printer.c — the receipt slip; see lk-receipt-printer.h.
 *
 * The slip carries the hall's name, the receipt number and the time, never
 * the description or phone number: slips get left on the counter. It is
 * rendered to a PDF with cairo and Pango and sent with GtkPrintJob (GTK
 * 4.8's dialog-less print operation is not reliable); the printer is found
 * with gtk_enumerate_printers without waiting, so a missing CUPS or printer
 * costs the resident nothing. */

#define G_LOG_DOMAIN "lk-receipt-printer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <gtk/gtkunixprint.h>

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

typedef struct
{
  char    *printer_name;
  char    *pdf_path;
  char    *title;       /* names the job in the queue: 回执 120345678 */
  gboolean found;
} PrintRequest;

static void
print_request_free (gpointer data)
{
  PrintRequest *request = data;

  if (!request->found)
    {
      g_warning ("receipt printer \"%s\" not found; no slip printed", request->printer_name);
      g_unlink (request->pdf_path);
    }
  g_free (request->printer_name);
  g_free (request->pdf_path);
  g_free (request->title);
  g_free (request);
}

static void
job_done_cb (GtkPrintJob *job, gpointer user_data, const GError *error)
{
  char *pdf_path = user_data;

  if (error != NULL)
    g_warning ("printing the receipt slip failed: %s", error->message);
  g_unlink (pdf_path);
  g_free (pdf_path);
}

static gboolean
printer_found_cb (GtkPrinter *printer, gpointer user_data)
{
  PrintRequest *request = user_data;
  g_autoptr(GtkPrintSettings) settings = NULL;
  g_autoptr(GtkPageSetup) setup = NULL;
  g_autoptr(GtkPaperSize) paper = NULL;
  g_autoptr(GtkPrintJob) job = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (gtk_printer_get_name (printer), request->printer_name) != 0)
    return FALSE;
  request->found = TRUE;
  settings = gtk_print_settings_new ();
  setup = gtk_page_setup_new ();
  paper = gtk_paper_size_new_custom ("laiting-slip", "laiting-slip",
                                     SLIP_WIDTH_MM, SLIP_HEIGHT_MM, GTK_UNIT_MM);
  gtk_page_setup_set_paper_size (setup, paper);
  /* A job sent from a file takes its options from the settings alone: ask
   * CUPS for the slip's own size rather than the queue's default page. */
  gtk_print_settings_set_paper_size (settings, paper);
  gtk_print_settings_set (settings, "cups-media", "Custom." G_STRINGIFY (SLIP_WIDTH_MM_INT) "x"
                          G_STRINGIFY (SLIP_HEIGHT_MM_INT) "mm");
  job = gtk_print_job_new (request->title, printer, settings, setup);
  if (!gtk_print_job_set_source_file (job, request->pdf_path, &error))
    {
      g_warning ("receipt slip: %s", error->message);
      g_unlink (request->pdf_path);
      return TRUE;
    }
  gtk_print_job_send (job, job_done_cb, g_strdup (request->pdf_path), NULL);
  return TRUE;
}

void
lk_receipt_printer_print (LtConfig *config, const LtTicket *ticket)
{
  g_autofree char *printer = lt_config_get_string (config, "kiosk", "receipt-printer", NULL);
  g_autoptr(GError) error = NULL;
  PrintRequest *request;
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
  request = g_new0 (PrintRequest, 1);
  request->printer_name = g_steal_pointer (&printer);
  request->pdf_path = pdf_path;
  request->title = g_strdup_printf (_("回执 %s"), ticket->receipt);
  gtk_enumerate_printers (printer_found_cb, request, print_request_free, FALSE);
}
