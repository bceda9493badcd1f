/* lk-screenshot.c — widget to PNG; see lk-screenshot.h.
 *
 * Used by `laiting-kiosk --screenshots DIR`, which keeps a picture of
 * every screen as it is shown (for a kiosk running on a machine without a
 * display), and by the tests. */

#define G_LOG_DOMAIN "lk-screenshot"

#include "config.h"

#include "lk-screenshot.h"

gboolean
lk_screenshot_save (GtkWidget *widget, const char *path, GError **error)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkNative *native = gtk_widget_get_native (widget);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);

  if (native == NULL || w <= 0 || h <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: nothing drawn yet", path);
      return FALSE;
    }
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: nothing drawn yet", path);
      return FALSE;
    }
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (native), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: cannot write the PNG", path);
      return FALSE;
    }
  return TRUE;
}
