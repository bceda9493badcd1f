/* lk-receipt-page.h — the receipt number, huge and grouped, read aloud
 * digit by digit; where the SMS went or a plea to write the number down;
 * home again after a visible countdown. */

#pragma once

#include <gtk/gtk.h>
#include "lt-ticket.h"

G_BEGIN_DECLS

#define LK_TYPE_RECEIPT_PAGE (lk_receipt_page_get_type ())
G_DECLARE_FINAL_TYPE (LkReceiptPage, lk_receipt_page, LK, RECEIPT_PAGE, GtkWidget)

/* The ticket just filed; shown on the next entry. */
void        lk_receipt_page_set_ticket  (LkReceiptPage *self, const LtTicket *ticket);
/* The canonical receipt shown, or NULL (for tests). */
const char *lk_receipt_page_get_receipt (LkReceiptPage *self);

G_END_DECLS
