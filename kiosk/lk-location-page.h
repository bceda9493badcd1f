/* lk-location-page.h — "问题在哪里?": the hall's buildings and areas as
 * buttons; 跳过 leaves the place out. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LK_TYPE_LOCATION_PAGE (lk_location_page_get_type ())
G_DECLARE_FINAL_TYPE (LkLocationPage, lk_location_page, LK, LOCATION_PAGE, GtkWidget)

G_END_DECLS
