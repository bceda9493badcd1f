/* lk-application.h — laiting-kiosk's GtkApplication: options, config,
 * store, styling, and the one window. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LK_APPLICATION_ID "org.laiting.Kiosk"

#define LK_TYPE_APPLICATION (lk_application_get_type ())
G_DECLARE_FINAL_TYPE (LkApplication, lk_application, LK, APPLICATION, GtkApplication)

LkApplication *lk_application_new        (void) G_GNUC_WARN_UNUSED_RESULT;
/* Loads the kiosk's CSS and icons for @display and turns GTK's animations
 * off; done at startup, and by tests that build an LkWindow themselves. */
void           lk_application_load_style (GdkDisplay *display);

G_END_DECLS
