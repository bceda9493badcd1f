/* lk-category-page.c — the category tiles; see lk-category-page.h.
 *
 * Tiles are built from the config the first time the page is shown (the
 * page does not know its window before). A tile is an icon above the
 * category's name; its accessible name is the name alone. */

#define G_LOG_DOMAIN "lk-category-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lk-category-page.h"
#include "lk-page.h"
#include "lk-pager.h"
#include "lk-window.h"

struct _LkCategoryPage
{
  GtkWidget  parent_instance;
  GtkWidget *pager;
  gboolean   built;
};

static void lk_category_page_page_init (LkPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LkCategoryPage, lk_category_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (LK_TYPE_PAGE, lk_category_page_page_init))

static void
tile_clicked_cb (GtkButton *button, LkCategoryPage *self)
{
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));
  const char *code = g_object_get_data (G_OBJECT (button), "lk-category");

  lk_draft_set_category (lk_window_get_draft (window), code);
  lk_window_go (window, "describe");
}

static GtkWidget *
make_tile (LkCategoryPage *self, const LtCategory *category)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *image = gtk_image_new_from_icon_name (category->icon);
  GtkWidget *label = gtk_label_new (category->name);

  gtk_image_set_pixel_size (GTK_IMAGE (image), 80);
  /* The picture only repeats the name: readers skip it. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), label);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "lk-tile");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, category->name, -1);
  g_object_set_data_full (G_OBJECT (button), "lk-category", g_strdup (category->code), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (tile_clicked_cb), self);
  return button;
}

static void
lk_category_page_enter (LkPage *page)
{
  LkCategoryPage *self = LK_CATEGORY_PAGE (page);
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));
  GPtrArray *categories;

  if (self->built || window == NULL)
    return;
  categories = lt_config_get_categories (lk_window_get_config (window));
  for (guint i = 0; i < categories->len; i++)
    lk_pager_append (LK_PAGER (self->pager), make_tile (self, g_ptr_array_index (categories, i)));
  self->built = TRUE;
}

static char *
lk_category_page_prompt (LkPage *page)
{
  LkCategoryPage *self = LK_CATEGORY_PAGE (page);
  g_autofree char *options = lk_pager_describe (LK_PAGER (self->pager));

  return g_strconcat (_("您要反映哪一类问题？请点一下。"), options, NULL);
}

static void
page_changed_cb (LkCategoryPage *self)
{
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));
  g_autofree char *options = lk_pager_describe (LK_PAGER (self->pager));

  if (window)
    lk_window_say (window, options);
}

static void
lk_category_page_set_portrait (LkPage *page, gboolean portrait)
{
  LkCategoryPage *self = LK_CATEGORY_PAGE (page);

  lk_pager_set_columns (LK_PAGER (self->pager), portrait ? 3 : 5);
}

static void
lk_category_page_page_init (LkPageInterface *iface)
{
  iface->enter = lk_category_page_enter;
  iface->prompt = lk_category_page_prompt;
  iface->set_portrait = lk_category_page_set_portrait;
}

static void
lk_category_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LK_TYPE_CATEGORY_PAGE);
  lk_widget_unparent_children (GTK_WIDGET (object));
  G_OBJECT_CLASS (lk_category_page_parent_class)->dispose (object);
}

static void
lk_category_page_class_init (LkCategoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lk_category_page_dispose;
  g_type_ensure (LK_TYPE_PAGER);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/laiting/Kiosk/lk-category-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LkCategoryPage, pager);
  gtk_widget_class_bind_template_callback (widget_class, page_changed_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lk_category_page_init (LkCategoryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
