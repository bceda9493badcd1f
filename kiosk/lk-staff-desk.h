/* lk-staff-desk.h — the staff desk: the hall clerk's view of the tickets
 * on the kiosk's own touchscreen, behind the staff PIN.
 *
 * 今日工单 lists the tickets created today, 全部在办 every open one; both
 * put reopened tickets (a resident answered 3, 不满意) first, then overdue
 * ones, each marked in words. A ticket opens into its detail with 转办,
 * 备注, 办结 and 重新办理. 打印今日单据 prints the day's slips. 退出, or
 * [kiosk] staff-idle-seconds (default 120) without a touch, emits "leave":
 * the holder returns to the residents' home screen. */

#pragma once

#include <gtk/gtk.h>
#include "lt-config.h"
#include "lt-store.h"

G_BEGIN_DECLS

#define LK_TYPE_STAFF_DESK (lk_staff_desk_get_type ())
G_DECLARE_FINAL_TYPE (LkStaffDesk, lk_staff_desk, LK, STAFF_DESK, GtkWidget)

/* Signal: "leave" — 退出 was pressed or the desk sat idle. */

/* @store may be NULL when the ticket store cannot be opened: the desk then
 * says so and lists nothing until lk_staff_desk_set_store(). */
GtkWidget *lk_staff_desk_new       (LtStore *store, LtConfig *config);
void       lk_staff_desk_set_store (LkStaffDesk *self, LtStore *store);
/* Reads the list (and the open ticket, if one is shown) again. */
void       lk_staff_desk_refresh   (LkStaffDesk *self);
/* Back to 今日工单's list with nothing open, for the next clerk. */
void       lk_staff_desk_reset     (LkStaffDesk *self);

G_END_DECLS
