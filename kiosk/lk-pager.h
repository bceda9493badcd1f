/* lk-pager.h — more choices than fit on one screen, a page at a time.
 *
 * Scrolling is a gesture the kiosk does not ask for, so a long list of
 * buttons (a hall's buildings, a category's common problems) is cut into
 * pages that fill the space the screen gives: as many rows as fit, and
 * below them, only when there is more than one page, big 上一页 and 下一页
 * buttons around "第 2 / 3 页". The pager only decides how many fit after
 * it knows its size, so every screen size gets full pages and nothing is
 * ever out of reach. Only the current page's buttons are in the widget
 * tree, so a screen reader (and the tests) meet exactly what is shown. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LK_TYPE_PAGER (lk_pager_get_type ())
G_DECLARE_FINAL_TYPE (LkPager, lk_pager, LK, PAGER, GtkWidget)

GtkWidget  *lk_pager_new          (void);
/* Adds @item (a button) at the end; the pager holds a reference. */
void        lk_pager_append       (LkPager *self, GtkWidget *item);
void        lk_pager_remove_all   (LkPager *self);
/* Every item, shown or not, in order (owned by the pager). */
GPtrArray  *lk_pager_get_items    (LkPager *self);
/* At most @columns buttons a row (fewer when they do not fit across). */
void        lk_pager_set_columns  (LkPager *self, guint columns);
guint       lk_pager_get_page     (LkPager *self);   /* from 0 */
guint       lk_pager_get_n_pages  (LkPager *self);
void        lk_pager_set_page     (LkPager *self, guint page);
/* Shows the page holding @item (the resident's earlier choice). */
void        lk_pager_show_item    (LkPager *self, GtkWidget *item);
/* What the voice reads for the page shown: its position when there are
 * several ("第 2 / 3 页") and the labels of its buttons, in order, joined
 * by the language's list separator. Newly allocated. */
char       *lk_pager_describe     (LkPager *self) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
