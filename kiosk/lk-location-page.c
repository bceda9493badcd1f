/* lk-location-page.c — the building/area choice; see lk-location-page.h.
 *
 * One tap chooses and moves on, like the category tiles: the place that
 * was chosen shows as selected when the resident comes back with 返回. */

#define G_LOG_DOMAIN "lk-location-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lk-location-page.h"
#include "lk-page.h"
#include "lk-window.h"

struct _LkLocationPage
{
  GtkWidget  parent_instance;
  GtkWidget *flow;
  gboolean   built;
};

static void lk_location_page_page_init (LkPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LkLocationPage, lk_location_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (LK_TYPE_PAGE, lk_location_page_page_init))

static void
place_clicked_cb (GtkButton *button, LkLocationPage *self)
{
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));

  lk_draft_set_location (lk_window_get_draft (window), gtk_button_get_label (button));
  lk_window_go (window, "phone");
}

static void
skip_clicked_cb (LkLocationPage *self)
{
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));

  lk_draft_set_location (lk_window_get_draft (window), NULL);
  lk_window_go (window, "phone");
}

static void
lk_location_page_enter (LkPage *page)
{
  LkLocationPage *self = LK_LOCATION_PAGE (page);
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));
  const char *chosen;

  if (window == NULL)
    return;
  if (!self->built)
    {
      const char *const *buildings = lt_config_get_buildings (lk_window_get_config (window));

      for (guint i = 0; buildings && buildings[i]; i++)
        {
          GtkWidget *button = gtk_button_new_with_label (buildings[i]);

          gtk_widget_add_css_class (button, "lk-toggle");
          g_signal_connect (button, "clicked", G_CALLBACK (place_clicked_cb), self);
          gtk_flow_box_append (GTK_FLOW_BOX (self->flow), button);
        }
      for (GtkWidget *child = gtk_widget_get_first_child (self->flow); child;
           child = gtk_widget_get_next_sibling (child))
        gtk_widget_set_focusable (child, FALSE);
      self->built = TRUE;
    }

  chosen = lk_window_get_draft (window)->location;
  for (GtkWidget *child = gtk_widget_get_first_child (self->flow); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *button = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

      if (g_strcmp0 (chosen, gtk_button_get_label (GTK_BUTTON (button))) == 0)
        gtk_widget_add_css_class (button, "lk-primary");
      else
        gtk_widget_remove_css_class (button, "lk-primary");
    }
}

static char *
lk_location_page_prompt (LkPage *page)
{
  return g_strdup (_("问题在哪里？请点一下；不清楚可以点跳过。"));
}

static void
lk_location_page_set_portrait (LkPage *page, gboolean portrait)
{
  LkLocationPage *self = LK_LOCATION_PAGE (page);

  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (self->flow), portrait ? 2 : 4);
}

static void
lk_location_page_page_init (LkPageInterface *iface)
{
  iface->enter = lk_location_page_enter;
  iface->prompt = lk_location_page_prompt;
  iface->set_portrait = lk_location_page_set_portrait;
}

static void
lk_location_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LK_TYPE_LOCATION_PAGE);
  lk_widget_unparent_children (GTK_WIDGET (object));
  G_OBJECT_CLASS (lk_location_page_parent_class)->dispose (object);
}

static void
lk_location_page_class_init (LkLocationPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lk_location_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/laiting/Kiosk/lk-location-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LkLocationPage, flow);
  gtk_widget_class_bind_template_callback (widget_class, skip_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lk_location_page_init (LkLocationPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
