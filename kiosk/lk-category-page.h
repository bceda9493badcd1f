/* lk-category-page.h — "反映哪一类问题?": one large tile per category. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LK_TYPE_CATEGORY_PAGE (lk_category_page_get_type ())
G_DECLARE_FINAL_TYPE (LkCategoryPage, lk_category_page, LK, CATEGORY_PAGE, GtkWidget)

G_END_DECLS
