/* lk-slips-print.c — printing the day's slips; see lk-slips-print.h.
 *
 * The dialog path lays the slips out on the printer's imageable area, so
 * the margins the printer needs are respected. The direct path sends the
 * PDF that lt_slips_write_pdf makes to the CUPS queue from a worker thread
 * (lk-cups.h), so a slow or missing CUPS never freezes the desk; printer =
 * file copies it into [staff] print-directory. */

#define G_LOG_DOMAIN "lk-slips-print"

#include "config.h"

#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "lk-cups.h"
#include "lk-hall.h"
#include "lk-slips-print.h"
#include "lt-slips.h"

/* [staff] printer = file: save instead of print. */
#define FILE_PRINTER "file"

G_DEFINE_QUARK (lk-slips-print-error-quark, lk_slips_print_error)

typedef struct
{
  LtSlips *slips;
  char    *date_text;     /* YYYY-MM-DD */
  char    *printer_name;
  char    *pdf_path;      /* the temporary PDF for the direct path */
  char    *output_path;   /* where the file printer saves */
  LtConfig  *config;
  GtkWindow *parent;
} PrintData;

static void
print_data_free (gpointer data)
{
  PrintData *p = data;

  g_clear_object (&p->slips);
  g_clear_object (&p->config);
  g_clear_object (&p->parent);
  if (p->pdf_path)
    g_unlink (p->pdf_path);
  g_free (p->pdf_path);
  g_free (p->date_text);
  g_free (p->printer_name);
  g_free (p->output_path);
  g_free (p);
}

static char *
count_text (LtSlips *slips)
{
  guint n = lt_slips_get_n_tickets (slips);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u 件工单", "%u 件工单", n), n);
}

/* --- straight to the configured printer ---------------------------------- */

static void
return_done (GTask *task)
{
  PrintData *p = g_task_get_task_data (task);
  g_autofree char *count = count_text (p->slips);

  if (p->output_path)
    g_task_return_pointer (task, g_strdup_printf (_("今日单据（%s）已存为 %s。"),
                                                  count, p->output_path), g_free);
  else
    g_task_return_pointer (task, g_strdup_printf (_("今日单据（%s）已送到打印机“%s”。"),
                                                  count, p->printer_name), g_free);
}

static void
printed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  PrintData *p = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (lk_cups_print_file_finish (result, &error) != 0)
    return_done (task);
  else if (g_error_matches (error, LK_CUPS_ERROR, LK_CUPS_ERROR_NO_QUEUE))
    {
      g_warning ("slips: %s", error->message);
      g_task_return_new_error (task, LK_SLIPS_PRINT_ERROR, LK_SLIPS_PRINT_ERROR_NO_PRINTER,
                               _("找不到打印机“%s”，请检查打印机是否打开，或请管理员核对设置。"),
                               p->printer_name);
    }
  else
    {
      g_warning ("printing the slips: %s", error->message);
      g_task_return_new_error (task, LK_SLIPS_PRINT_ERROR, LK_SLIPS_PRINT_ERROR_FAILED,
                               _("打印机“%s”没能打印今日单据，请检查打印机后再试。"),
                               p->printer_name);
    }
}

static void
saved_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (g_file_copy_finish (G_FILE (source), result, &error))
    return_done (task);
  else
    {
      g_warning ("saving the slips: %s", error->message);
      g_task_return_new_error (task, LK_SLIPS_PRINT_ERROR, LK_SLIPS_PRINT_ERROR_FAILED,
                               _("没能生成今日单据，请检查磁盘空间后再试。"));
    }
}

static char *
output_path_for (LtConfig *config, const char *date_text)
{
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  g_autofree char *dir = lt_config_get_string (config, "staff", "print-directory",
                                               documents ? documents : g_get_home_dir ());
  g_autofree char *name = g_strdup_printf ("laiting-slips-%s.pdf", date_text);

  return g_build_filename (dir, name, NULL);
}

static void
print_direct (GTask *task, LtConfig *config)
{
  PrintData *p = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  int fd;

  fd = g_file_open_tmp ("laiting-slips-XXXXXX.pdf", &p->pdf_path, &error);
  if (fd >= 0)
    close (fd);
  if (fd < 0 || !lt_slips_write_pdf (p->slips, p->pdf_path, &error))
    {
      g_warning ("slips: %s", error->message);
      g_task_return_new_error (task, LK_SLIPS_PRINT_ERROR, LK_SLIPS_PRINT_ERROR_FAILED,
                               _("没能生成今日单据，请检查磁盘空间后再试。"));
      g_object_unref (task);
      return;
    }
  if (g_str_equal (p->printer_name, FILE_PRINTER))
    {
      g_autofree char *dir = NULL;
      g_autoptr(GFile) from = g_file_new_for_path (p->pdf_path);
      g_autoptr(GFile) to = NULL;

      p->output_path = output_path_for (config, p->date_text);
      dir = g_path_get_dirname (p->output_path);
      g_mkdir_with_parents (dir, 0755);
      to = g_file_new_for_path (p->output_path);
      g_file_copy_async (from, to, G_FILE_COPY_OVERWRITE, G_PRIORITY_DEFAULT,
                         g_task_get_cancellable (task), NULL, NULL, saved_cb, task);
      return;
    }
  {
    double width, height;
    g_autofree char *media = NULL;

    /* A4 pages, or the 80 mm roll cut at A4 length (in points). */
    lt_slips_get_page_size (p->slips, &width, &height);
    media = height > 0 ? g_strdup ("A4")
                       : g_strdup_printf ("Custom.%.0fx%.0f", width, LT_SLIPS_A4_HEIGHT_PT);
    lk_cups_print_file_async (p->printer_name, p->pdf_path, _("今日单据"), media,
                              g_task_get_cancellable (task), printed_cb, task);
  }
}

/* --- the print dialog ---------------------------------------------------- */

static void
begin_print_cb (GtkPrintOperation *operation, GtkPrintContext *context, GTask *task)
{
  PrintData *p = g_task_get_task_data (task);

  gtk_print_operation_set_n_pages (operation,
                                   lt_slips_get_n_pages (p->slips,
                                                         gtk_print_context_get_width (context),
                                                         gtk_print_context_get_height (context)));
}

static void
draw_page_cb (GtkPrintOperation *operation, GtkPrintContext *context, int page, GTask *task)
{
  PrintData *p = g_task_get_task_data (task);

  lt_slips_render_page (p->slips, gtk_print_context_get_cairo_context (context), page,
                        gtk_print_context_get_width (context),
                        gtk_print_context_get_height (context));
}

static void
operation_done_cb (GtkPrintOperation *operation, GtkPrintOperationResult result, GTask *task)
{
  PrintData *p = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *count = count_text (p->slips);

  switch (result)
    {
    case GTK_PRINT_OPERATION_RESULT_ERROR:
      gtk_print_operation_get_error (operation, &error);
      g_warning ("printing the slips failed: %s", error ? error->message : "?");
      g_task_return_new_error (task, LK_SLIPS_PRINT_ERROR, LK_SLIPS_PRINT_ERROR_FAILED,
                               _("没能打印今日单据，请检查打印机后再试。"));
      break;
    case GTK_PRINT_OPERATION_RESULT_CANCEL:
      g_task_return_pointer (task, g_strdup (_("已取消打印。")), g_free);
      break;
    case GTK_PRINT_OPERATION_RESULT_APPLY:
    case GTK_PRINT_OPERATION_RESULT_IN_PROGRESS:
    default:
      g_task_return_pointer (task, g_strdup_printf (_("今日单据（%s）已送去打印。"), count),
                             g_free);
      break;
    }
  g_object_unref (task);
}

static void
print_with_dialog (GTask *task, GtkWindow *parent)
{
  PrintData *p = g_task_get_task_data (task);
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;
  double width, height;

  lt_slips_get_page_size (p->slips, &width, &height);
  if (height == 0)
    {
      g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
      g_autoptr(GtkPaperSize) paper =
        gtk_paper_size_new_custom ("laiting-roll80", _("80 毫米卷纸"),
                                   width, LT_SLIPS_A4_HEIGHT_PT, GTK_UNIT_POINTS);

      gtk_page_setup_set_paper_size (setup, paper);
      gtk_print_operation_set_default_page_setup (operation, setup);
    }
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, _("今日单据"));
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), task);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), task);
  g_signal_connect (operation, "done", G_CALLBACK (operation_done_cb), task);
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    parent, &error);
  /* With allow_async "done" reports the end; a synchronous run (some
   * backends) reports it here and emits "done" as well. */
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR && error != NULL)
    g_warning ("print dialog: %s", error->message);
}

static void
slips_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  PrintData *p = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  p->slips = lt_ticket_service_slips_new_finish (LT_TICKET_SERVICE (source), result, &error);
  if (p->slips == NULL)
    {
      const char *hall = lk_hall_staff_sentence (error);

      if (hall != NULL)
        g_message ("slips: %s", error->message);
      g_task_return_new_error (task, LK_SLIPS_PRINT_ERROR, LK_SLIPS_PRINT_ERROR_FAILED,
                               "%s", hall ? hall : error->message);
      g_object_unref (task);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  if (p->printer_name != NULL && *p->printer_name != '\0')
    print_direct (task, p->config);
  else
    print_with_dialog (task, p->parent);
}

void
lk_slips_print_async (GtkWindow           *parent,
                      LtTicketService     *tickets,
                      const GDate         *date,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  LtConfig *config;
  GTask *task;
  PrintData *p;
  char date_text[16];
  LtSlipsFormat format = LT_SLIPS_FORMAT_A4;

  g_return_if_fail (LT_IS_TICKET_SERVICE (tickets));
  g_return_if_fail (date != NULL && g_date_valid (date));

  config = lt_ticket_service_get_config (tickets);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, lk_slips_print_async);
  p = g_new0 (PrintData, 1);
  g_task_set_task_data (task, p, print_data_free);
  g_date_strftime (date_text, sizeof date_text, "%Y-%m-%d", date);
  p->date_text = g_strdup (date_text);
  p->config = g_object_ref (config);
  p->parent = parent ? g_object_ref (parent) : NULL;
  p->printer_name = lt_config_get_string (config, "staff", "printer", NULL);
  {
    g_autofree char *format_text = lt_config_get_string (config, "staff", "slips-format", "a4");

    if (!lt_slips_format_from_string (format_text, &format))
      g_warning ("[staff] slips-format \"%s\" is neither a4 nor roll80; using a4", format_text);
  }
  lt_ticket_service_slips_new_async (tickets, date, format, NULL, slips_read_cb, task);
}

char *
lk_slips_print_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
