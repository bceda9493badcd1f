/* lk-staff-page.h — the staff screen behind the PIN. For now it only
 * proves the way in and offers the way out; the ticket desk comes with the
 * staff desk work, in this file's place. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LK_TYPE_STAFF_PAGE (lk_staff_page_get_type ())
G_DECLARE_FINAL_TYPE (LkStaffPage, lk_staff_page, LK, STAFF_PAGE, GtkWidget)

G_END_DECLS
