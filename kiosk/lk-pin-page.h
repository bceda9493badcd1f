/* lk-pin-page.h — the staff PIN keypad, reached by a 3-second press on the
 * hall's name. The right PIN opens the staff screen. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LK_TYPE_PIN_PAGE (lk_pin_page_get_type ())
G_DECLARE_FINAL_TYPE (LkPinPage, lk_pin_page, LK, PIN_PAGE, GtkWidget)

G_END_DECLS
