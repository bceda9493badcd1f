/* lk-staff-page.c — the staff screen's place; see lk-staff-page.h.
 *
 * It holds the staff desk (lk-staff-desk.h), made the first time the page
 * is shown, when the window's store and config are known. Leaving it (退出,
 * or the desk's own idle time) returns to the resident's home screen,
 * wiping nothing a resident could have left (the draft is empty on the way
 * in: the PIN page is only reachable from home). */

#define G_LOG_DOMAIN "lk-staff-page"

#include "config.h"

#include "lk-staff-page.h"
#include "lk-page.h"
#include "lk-staff-desk.h"
#include "lk-window.h"

struct _LkStaffPage
{
  GtkWidget  parent_instance;
  GtkWidget *desk;
};

static void lk_staff_page_page_init (LkPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LkStaffPage, lk_staff_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (LK_TYPE_PAGE, lk_staff_page_page_init))

static void
leave_cb (LkStaffPage *self)
{
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));

  if (window)
    lk_window_home (window);
}

static void
lk_staff_page_enter (LkPage *page)
{
  LkStaffPage *self = LK_STAFF_PAGE (page);
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));
  g_autoptr(GError) error = NULL;
  LtStore *store;

  if (window == NULL)
    return;
  /* NULL when the store cannot be opened: the desk says so. */
  store = lk_window_get_store (window, &error);
  if (store == NULL)
    g_warning ("staff desk without a ticket store: %s", error->message);
  if (self->desk == NULL)
    {
      self->desk = lk_staff_desk_new (store, lk_window_get_config (window));
      g_signal_connect_swapped (self->desk, "leave", G_CALLBACK (leave_cb), self);
      gtk_widget_set_parent (self->desk, GTK_WIDGET (self));
    }
  else
    lk_staff_desk_set_store (LK_STAFF_DESK (self->desk), store);
  lk_staff_desk_refresh (LK_STAFF_DESK (self->desk));
}

static void
lk_staff_page_reset (LkPage *page)
{
  LkStaffPage *self = LK_STAFF_PAGE (page);

  if (self->desk)
    lk_staff_desk_reset (LK_STAFF_DESK (self->desk));
}

static void
lk_staff_page_page_init (LkPageInterface *iface)
{
  iface->enter = lk_staff_page_enter;
  iface->reset = lk_staff_page_reset;
}

static void
lk_staff_page_dispose (GObject *object)
{
  LK_STAFF_PAGE (object)->desk = NULL;
  lk_widget_unparent_children (GTK_WIDGET (object));
  G_OBJECT_CLASS (lk_staff_page_parent_class)->dispose (object);
}

static void
lk_staff_page_class_init (LkStaffPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lk_staff_page_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lk_staff_page_init (LkStaffPage *self)
{
  gtk_widget_add_css_class (GTK_WIDGET (self), "lk-page");
}
