/* lk-screenshot.h — a PNG of what a widget shows, drawn by its own
 * renderer; no screen capture needed, so it works under Xvfb too. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Saves @widget (drawn and sized) as a PNG at @path. */
gboolean lk_screenshot_save (GtkWidget *widget, const char *path, GError **error);

G_END_DECLS
