/* lk-describe-page.h — "遇到了什么问题?": the category's common problems as
 * large toggle buttons, any number of them, and an optional line of text. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LK_TYPE_DESCRIBE_PAGE (lk_describe_page_get_type ())
G_DECLARE_FINAL_TYPE (LkDescribePage, lk_describe_page, LK, DESCRIBE_PAGE, GtkWidget)

G_END_DECLS
