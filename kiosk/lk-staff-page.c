/* lk-staff-page.c — the staff screen's place; see lk-staff-page.h.
 *
 * Leaving it returns to the resident's home screen, wiping nothing a
 * resident could have left (the draft is empty on the way in: the PIN page
 * is only reachable from home). */

#define G_LOG_DOMAIN "lk-staff-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lk-staff-page.h"
#include "lk-page.h"
#include "lk-window.h"

struct _LkStaffPage
{
  GtkWidget parent_instance;
};

static void lk_staff_page_page_init (LkPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LkStaffPage, lk_staff_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (LK_TYPE_PAGE, lk_staff_page_page_init))

static void
leave_clicked_cb (LkStaffPage *self)
{
  lk_window_home (lk_window_from_widget (GTK_WIDGET (self)));
}

static void
lk_staff_page_page_init (LkPageInterface *iface)
{
}

static void
lk_staff_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LK_TYPE_STAFF_PAGE);
  lk_widget_unparent_children (GTK_WIDGET (object));
  G_OBJECT_CLASS (lk_staff_page_parent_class)->dispose (object);
}

static void
lk_staff_page_class_init (LkStaffPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lk_staff_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/laiting/Kiosk/lk-staff-page.ui");
  gtk_widget_class_bind_template_callback (widget_class, leave_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lk_staff_page_init (LkStaffPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
