/* lk-home-page.h — the front door: the hall's name, 我要反映问题,
 * 查询办理进度, and the voice and larger-text switches. A 3-second press
 * on the hall's name opens the staff PIN keypad. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LK_TYPE_HOME_PAGE (lk_home_page_get_type ())
G_DECLARE_FINAL_TYPE (LkHomePage, lk_home_page, LK, HOME_PAGE, GtkWidget)

G_END_DECLS
