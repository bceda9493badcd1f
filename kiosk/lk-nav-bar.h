/* lk-nav-bar.h — the top row of every screen after home: a big 返回 on the
 * left, the screen's one question in the middle, a big 首页 on the right. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LK_TYPE_NAV_BAR (lk_nav_bar_get_type ())
G_DECLARE_FINAL_TYPE (LkNavBar, lk_nav_bar, LK, NAV_BAR, GtkWidget)

void        lk_nav_bar_set_title     (LkNavBar *self, const char *title);
const char *lk_nav_bar_get_title     (LkNavBar *self);
/* Portrait: the question on a row of its own, under the buttons. */
void        lk_nav_bar_set_portrait  (LkNavBar *self, gboolean portrait);
/* Greys out both buttons (while a report is being saved). */
void        lk_nav_bar_set_locked    (LkNavBar *self, gboolean locked);

G_END_DECLS
