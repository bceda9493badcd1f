/* lk-staff-detail.h — one ticket at the staff desk: everything about it,
 * its timeline, and 转办, 备注, 办结, 重新办理.
 *
 * Staff may see what residents never see on the kiosk: the full
 * description and the phone number. */

#pragma once

#include <gtk/gtk.h>
#include "lt-store.h"

G_BEGIN_DECLS

#define LK_TYPE_STAFF_DETAIL (lk_staff_detail_get_type ())
G_DECLARE_FINAL_TYPE (LkStaffDetail, lk_staff_detail, LK, STAFF_DETAIL, GtkWidget)

/* Signals: "back" when 返回列表 is pressed; "changed" (const char *message)
 * after an action changed the ticket in the store. */

/* Reads ticket @receipt from @store and shows it with the action buttons.
 * FALSE with @error when it cannot be read. */
gboolean    lk_staff_detail_show        (LkStaffDetail *self, LtStore *store,
                                         const char *receipt, GError **error);
/* Shows @ticket, already read (through a hub, off the main loop), with the
 * action buttons; @store is the kiosk's own, for the recording and the
 * hall's settings. Takes @ticket. */
void        lk_staff_detail_show_ticket (LkStaffDetail *self, LtStore *store,
                                         LtTicket *ticket);
/* Reads the shown ticket again (it may have changed elsewhere). On the
 * local file at once; through a hub in the background, keeping what is
 * shown until the answer comes (TRUE), and saying so on the ticket when
 * the hub does not answer. */
gboolean    lk_staff_detail_reload      (LkStaffDetail *self, GError **error);
/* The receipt shown, or NULL. */
const char *lk_staff_detail_get_receipt (LkStaffDetail *self);
/* Drops the ticket and any half-filled form. */
void        lk_staff_detail_clear       (LkStaffDetail *self);

G_END_DECLS
