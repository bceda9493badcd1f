/* lk-staff-page.h — the staff screen behind the PIN: the window's page that
 * holds the staff desk (LkStaffDesk) and returns home when the desk is left. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LK_TYPE_STAFF_PAGE (lk_staff_page_get_type ())
G_DECLARE_FINAL_TYPE (LkStaffPage, lk_staff_page, LK, STAFF_PAGE, GtkWidget)

G_END_DECLS
