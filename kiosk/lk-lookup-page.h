/* lk-lookup-page.h — "请输入回执号": a keypad for the 9-digit receipt
 * number; a wrong check digit is caught as soon as the ninth digit is in. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LK_TYPE_LOOKUP_PAGE (lk_lookup_page_get_type ())
G_DECLARE_FINAL_TYPE (LkLookupPage, lk_lookup_page, LK, LOOKUP_PAGE, GtkWidget)

G_END_DECLS
