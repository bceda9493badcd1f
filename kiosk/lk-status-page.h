/* lk-status-page.h — "办理进度": 已受理 → 已转办 → 已办结 with dates and the
 * closure note. Never the description or the phone number: whoever stands
 * at the kiosk may not be the one who filed the report. */

#pragma once

#include <gtk/gtk.h>
#include "lt-ticket.h"

G_BEGIN_DECLS

#define LK_TYPE_STATUS_PAGE (lk_status_page_get_type ())
G_DECLARE_FINAL_TYPE (LkStatusPage, lk_status_page, LK, STATUS_PAGE, GtkWidget)

void lk_status_page_set_ticket (LkStatusPage *self, const LtTicket *ticket);

G_END_DECLS
