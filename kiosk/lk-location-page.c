/* lk-location-page.c — the building/area choice; see lk-location-page.h.
 *
 * One tap chooses and moves on, like the category tiles. When the resident
 * comes back with 返回, the place that was chosen is on screen, marked
 * "✔ … 已选" in words as well as colour, and says so to a screen reader.
 * A hall with more places than fit pages through them (LkPager). */

#define G_LOG_DOMAIN "lk-location-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lk-location-page.h"
#include "lk-page.h"
#include "lk-pager.h"
#include "lk-window.h"

struct _LkLocationPage
{
  GtkWidget  parent_instance;
  GtkWidget *pager;
  gboolean   built;
};

static void lk_location_page_page_init (LkPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LkLocationPage, lk_location_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (LK_TYPE_PAGE, lk_location_page_page_init))

static void
place_clicked_cb (GtkButton *button, LkLocationPage *self)
{
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));

  lk_draft_set_location (lk_window_get_draft (window),
                         g_object_get_data (G_OBJECT (button), "lk-place"));
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
  GtkWidget *chosen_button = NULL;
  const char *chosen;
  GPtrArray *items;

  if (window == NULL)
    return;
  if (!self->built)
    {
      const char *const *buildings = lt_config_get_buildings (lk_window_get_config (window));

      for (guint i = 0; buildings && buildings[i]; i++)
        {
          GtkWidget *button = gtk_button_new_with_label (buildings[i]);

          g_object_set_data_full (G_OBJECT (button), "lk-place", g_strdup (buildings[i]), g_free);
          gtk_widget_add_css_class (button, "lk-toggle");
          gtk_widget_set_focusable (button, TRUE);
          g_signal_connect (button, "clicked", G_CALLBACK (place_clicked_cb), self);
          lk_pager_append (LK_PAGER (self->pager), button);
        }
      self->built = TRUE;
    }

  chosen = lk_window_get_draft (window)->location;
  items = lk_pager_get_items (LK_PAGER (self->pager));
  for (guint i = 0; i < items->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (items, i);
      const char *place = g_object_get_data (G_OBJECT (button), "lk-place");
      gboolean is_chosen = g_strcmp0 (chosen, place) == 0;
      g_autofree char *shown = NULL;

      if (is_chosen)
        {
          /* TRANSLATORS: a building the resident chose before, e.g. "✔ 3号楼 已选". */
          shown = g_strdup_printf (_("✔ %s 已选"), place);
          gtk_widget_add_css_class (button, "lk-primary");
          chosen_button = button;
        }
      else
        gtk_widget_remove_css_class (button, "lk-primary");
      gtk_button_set_label (GTK_BUTTON (button), shown ? shown : place);
      gtk_accessible_update_state (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_STATE_SELECTED,
                                   is_chosen, -1);
    }
  lk_pager_show_item (LK_PAGER (self->pager), chosen_button);
}

static void
page_changed_cb (LkLocationPage *self)
{
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));
  g_autofree char *options = lk_pager_describe (LK_PAGER (self->pager));

  if (window)
    lk_window_say (window, options);
}

static char *
lk_location_page_prompt (LkPage *page)
{
  LkLocationPage *self = LK_LOCATION_PAGE (page);
  g_autofree char *options = lk_pager_describe (LK_PAGER (self->pager));

  /* The question, then the options in order, then the way out. */
  return g_strconcat (_("问题在哪里？请点一下。"), options, _("不清楚可以点跳过。"), NULL);
}

static void
lk_location_page_set_portrait (LkPage *page, gboolean portrait)
{
  LkLocationPage *self = LK_LOCATION_PAGE (page);

  lk_pager_set_columns (LK_PAGER (self->pager), portrait ? 2 : 4);
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
  g_type_ensure (LK_TYPE_PAGER);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/laiting/Kiosk/lk-location-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LkLocationPage, pager);
  gtk_widget_class_bind_template_callback (widget_class, skip_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, page_changed_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lk_location_page_init (LkLocationPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
