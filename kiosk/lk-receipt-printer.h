/* lk-receipt-printer.h — the paper receipt slip, when the hall has a
 * receipt printer ([kiosk] receipt-printer names its CUPS queue). */

#pragma once

#include <gtk/gtk.h>
#include "lt-config.h"
#include "lt-ticket.h"

G_BEGIN_DECLS

/* Writes the slip for @ticket as a one-page PDF to @path (80 mm wide). */
gboolean lk_receipt_printer_render (LtConfig *config, const LtTicket *ticket,
                                    const char *path, GError **error);

/* Prints the slip on the configured printer, if any. Best effort: returns
 * at once, never blocks the screen, logs what went wrong. */
void     lk_receipt_printer_print  (LtConfig *config, const LtTicket *ticket);

G_END_DECLS
