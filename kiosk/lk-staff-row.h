/* lk-staff-row.h — one ticket in the staff desk's list: a big button that
 * opens the ticket.
 *
 * It shows what a clerk scans for: the receipt number, when and how it came
 * in, category, status, who has it, the start of the description, and the
 * words 重新办理 and 超期 when they apply (words, not colour alone). */

#pragma once

#include <gtk/gtk.h>
#include "lt-config.h"
#include "lt-ticket.h"

G_BEGIN_DECLS

#define LK_TYPE_STAFF_ROW (lk_staff_row_get_type ())
G_DECLARE_FINAL_TYPE (LkStaffRow, lk_staff_row, LK, STAFF_ROW, GtkButton)

/* @now decides whether the ticket is overdue. */
GtkWidget  *lk_staff_row_new         (LtConfig *config, const LtTicket *ticket, gint64 now);
/* The ticket's canonical 9 digits. */
const char *lk_staff_row_get_receipt (LkStaffRow *self);

/* What the desk shows for a ticket's category code: its name, or the code
 * itself when the category has left the config since. */
const char *lk_staff_category_name   (LtConfig *config, const char *code);

G_END_DECLS
