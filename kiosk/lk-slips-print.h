/* lk-slips-print.h — 打印今日单据: the day's ticket slips from the staff
 * desk, drawn by lt-slips.h exactly as `laiting slips` draws them.
 *
 * With [staff] printer set, the pages go straight to that printer as a PDF
 * through CUPS (printer = file saves them into [staff]
 * print-directory instead, for a hall without a printer). Otherwise the
 * print dialog opens. [staff] slips-format is a4 (default) or roll80. */

#pragma once

#include <gtk/gtk.h>
#include "lt-ticket-service.h"

G_BEGIN_DECLS

#define LK_SLIPS_PRINT_ERROR (lk_slips_print_error_quark ())
typedef enum {
  LK_SLIPS_PRINT_ERROR_NO_PRINTER,   /* the configured printer is not there */
  LK_SLIPS_PRINT_ERROR_FAILED,       /* the printer or the dialog failed */
} LkSlipsPrintError;
GQuark lk_slips_print_error_quark (void);

/* Prints the slips of the tickets created on @date (local day), read
 * from @tickets off the main loop (the local file, or the hub). The
 * result is a sentence for the clerk: what was printed, or that printing
 * was cancelled. */
void      lk_slips_print_async  (GtkWindow           *parent,
                                 LtTicketService     *tickets,
                                 const GDate         *date,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data);
char     *lk_slips_print_finish (GAsyncResult        *result,
                                 GError             **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
