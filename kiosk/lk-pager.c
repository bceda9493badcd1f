/* lk-pager.c — buttons a page at a time; see lk-pager.h.
 *
 * The page size is worked out in size_allocate, the only place that knows
 * the room there is; changing which buttons are children would ask for a
 * new layout from inside this one, so that happens in an idle callback
 * and the next layout places them. Every button of a page gets the same
 * cell, so a page with fewer buttons (the last) keeps them where they
 * were, and the 上一页 / 下一页 row stays at the bottom whatever the page. */

#define G_LOG_DOMAIN "lk-pager"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lk-pager.h"

#define COLUMN_SPACING 24
#define ROW_SPACING    20
#define NAV_GAP        20

struct _LkPager
{
  GtkWidget  parent_instance;
  GtkWidget *nav;
  GtkWidget *prev_button;
  GtkWidget *position;
  GtkWidget *next_button;
  GPtrArray *items;       /* GtkWidget*, referenced */
  guint      columns;     /* at most, from the layout */
  guint      fit_columns; /* what fits across now */
  guint      per_page;    /* 0 until the first allocation */
  guint      page;
  guint      repage_id;
};

enum { SIGNAL_PAGE_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LkPager, lk_pager, GTK_TYPE_WIDGET)

guint
lk_pager_get_n_pages (LkPager *self)
{
  g_return_val_if_fail (LK_IS_PAGER (self), 1);
  if (self->per_page == 0 || self->items->len == 0)
    return 1;
  return (self->items->len + self->per_page - 1) / self->per_page;
}

guint
lk_pager_get_page (LkPager *self)
{
  g_return_val_if_fail (LK_IS_PAGER (self), 0);
  return self->page;
}

/* Makes the current page's items (and only those) children, before the
 * navigation row so that readers meet them first. */
static void
repage (LkPager *self)
{
  guint n_pages = lk_pager_get_n_pages (self);
  guint first, last;
  g_autofree char *position = NULL;

  if (self->page >= n_pages)
    self->page = n_pages - 1;
  first = self->per_page ? self->page * self->per_page : 0;
  last = self->per_page ? MIN (first + self->per_page, self->items->len) : self->items->len;
  for (guint i = 0; i < self->items->len; i++)
    {
      GtkWidget *item = g_ptr_array_index (self->items, i);
      gboolean on_page = i >= first && i < last;

      if (on_page && gtk_widget_get_parent (item) == NULL)
        gtk_widget_insert_before (item, GTK_WIDGET (self), self->nav);
      else if (!on_page && gtk_widget_get_parent (item) != NULL)
        gtk_widget_unparent (item);
    }
  /* Children in item order, whatever order they were added back in. */
  for (guint i = first; i < last; i++)
    gtk_widget_insert_before (g_ptr_array_index (self->items, i), GTK_WIDGET (self), self->nav);

  position = g_strdup_printf (_("第 %u / %u 页"), self->page + 1, n_pages);
  gtk_label_set_text (GTK_LABEL (self->position), position);
  gtk_widget_set_visible (self->nav, n_pages > 1);
  gtk_widget_set_sensitive (self->prev_button, self->page > 0);
  gtk_widget_set_sensitive (self->next_button, self->page + 1 < n_pages);
}

static gboolean
repage_cb (gpointer user_data)
{
  LkPager *self = user_data;

  self->repage_id = 0;
  repage (self);
  return G_SOURCE_REMOVE;
}

void
lk_pager_set_page (LkPager *self, guint page)
{
  g_return_if_fail (LK_IS_PAGER (self));
  self->page = page;
  repage (self);
}

static void
prev_clicked_cb (LkPager *self)
{
  if (self->page == 0)
    return;
  lk_pager_set_page (self, self->page - 1);
  g_signal_emit (self, signals[SIGNAL_PAGE_CHANGED], 0);
}

static void
next_clicked_cb (LkPager *self)
{
  if (self->page + 1 >= lk_pager_get_n_pages (self))
    return;
  lk_pager_set_page (self, self->page + 1);
  g_signal_emit (self, signals[SIGNAL_PAGE_CHANGED], 0);
}

void
lk_pager_show_item (LkPager *self, GtkWidget *item)
{
  guint index;

  g_return_if_fail (LK_IS_PAGER (self));
  if (item == NULL || !g_ptr_array_find (self->items, item, &index))
    lk_pager_set_page (self, 0);
  else
    lk_pager_set_page (self, self->per_page ? index / self->per_page : 0);
}

/* --- layout -------------------------------------------------------------- */

static void
item_size (LkPager *self, GtkOrientation orientation, int for_size, int *min, int *nat)
{
  *min = *nat = 0;
  for (guint i = 0; i < self->items->len; i++)
    {
      int m = 0, n = 0;

      gtk_widget_measure (g_ptr_array_index (self->items, i), orientation, for_size,
                          &m, &n, NULL, NULL);
      *min = MAX (*min, m);
      *nat = MAX (*nat, n);
    }
}

static void
lk_pager_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                  int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  LkPager *self = LK_PAGER (widget);
  int item_min, item_nat, nav_min, nav_nat;

  /* The buttons, not the row: the row is hidden while there is one page. */
  gtk_widget_measure (self->prev_button, orientation, -1, &nav_min, &nav_nat, NULL, NULL);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      item_size (self, orientation, -1, &item_min, &item_nat);
      int next_min, next_nat, position_min, position_nat;

      gtk_widget_measure (self->next_button, orientation, -1, &next_min, &next_nat, NULL, NULL);
      gtk_widget_measure (self->position, orientation, -1, &position_min, &position_nat,
                          NULL, NULL);
      nav_min += next_min + position_min + 2 * 24;
      nav_nat += next_nat + position_nat + 2 * 24;
      *minimum = MAX (item_min, nav_min);
      *natural = MAX ((int) self->columns * item_nat + ((int) self->columns - 1) * COLUMN_SPACING,
                      nav_nat);
    }
  else
    {
      /* One row and the navigation row: the rest goes to further pages. */
      item_size (self, orientation, -1, &item_min, &item_nat);
      *minimum = item_nat;
      if (self->items->len > self->columns)
        *minimum += nav_nat + NAV_GAP;
      *natural = *minimum;
    }
}

static guint
rows_fitting (int height, int row_height)
{
  return (guint) MAX (1, (height + ROW_SPACING) / (row_height + ROW_SPACING));
}

static void
lk_pager_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  LkPager *self = LK_PAGER (widget);
  int item_min, item_nat, nav_h, row_h, cell_w, grid_h;
  guint columns, per_page, first;

  if (self->items->len == 0)
    return;
  item_size (self, GTK_ORIENTATION_HORIZONTAL, -1, &item_min, &item_nat);
  columns = CLAMP ((guint) ((width + COLUMN_SPACING) / (item_min + COLUMN_SPACING)), 1,
                   self->columns);
  cell_w = (width - ((int) columns - 1) * COLUMN_SPACING) / (int) columns;
  item_size (self, GTK_ORIENTATION_VERTICAL, cell_w, &item_min, &row_h);
  gtk_widget_measure (self->prev_button, GTK_ORIENTATION_VERTICAL, -1, NULL, &nav_h, NULL, NULL);

  per_page = rows_fitting (height, row_h) * columns;
  grid_h = height;
  if (self->items->len > per_page)
    {
      grid_h = height - nav_h - NAV_GAP;
      per_page = rows_fitting (grid_h, row_h) * columns;
    }
  if (per_page != self->per_page || columns != self->fit_columns)
    {
      self->per_page = per_page;
      self->fit_columns = columns;
      if (self->repage_id == 0)
        self->repage_id = g_idle_add (repage_cb, self);
    }

  first = self->page * self->per_page;
  for (guint i = first; i < self->items->len; i++)
    {
      GtkWidget *item = g_ptr_array_index (self->items, i);
      guint k = i - first;
      GtkAllocation cell;

      if (gtk_widget_get_parent (item) != widget)
        continue;
      cell.x = (int) (k % columns) * (cell_w + COLUMN_SPACING);
      cell.y = (int) (k / columns) * (row_h + ROW_SPACING);
      cell.width = cell_w;
      cell.height = row_h;
      /* Until the idle repage, a page that just shrank keeps one item too
       * many: leave it out rather than over the navigation row. */
      gtk_widget_set_child_visible (item, cell.y + row_h <= grid_h);
      gtk_widget_size_allocate (item, &cell, -1);
    }
  gtk_widget_size_allocate (self->nav, &(GtkAllocation) { 0, height - nav_h, width, nav_h }, -1);
}

static GtkSizeRequestMode
lk_pager_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

/* --- items --------------------------------------------------------------- */

void
lk_pager_append (LkPager *self, GtkWidget *item)
{
  g_return_if_fail (LK_IS_PAGER (self));
  g_return_if_fail (GTK_IS_WIDGET (item));
  g_ptr_array_add (self->items, g_object_ref_sink (item));
  repage (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
lk_pager_remove_all (LkPager *self)
{
  g_return_if_fail (LK_IS_PAGER (self));
  for (guint i = 0; i < self->items->len; i++)
    {
      GtkWidget *item = g_ptr_array_index (self->items, i);

      if (gtk_widget_get_parent (item) != NULL)
        gtk_widget_unparent (item);
    }
  g_ptr_array_set_size (self->items, 0);
  self->page = 0;
  repage (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

GPtrArray *
lk_pager_get_items (LkPager *self)
{
  g_return_val_if_fail (LK_IS_PAGER (self), NULL);
  return self->items;
}

void
lk_pager_set_columns (LkPager *self, guint columns)
{
  g_return_if_fail (LK_IS_PAGER (self));
  self->columns = MAX (columns, 1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* What an item is called: its label, or the first text inside it. */
static const char *
item_name (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)))
    return gtk_button_get_label (GTK_BUTTON (widget));
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_text (GTK_LABEL (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *name = item_name (child);

      if (name)
        return name;
    }
  return NULL;
}

char *
lk_pager_describe (LkPager *self)
{
  GString *out = g_string_new (NULL);
  guint n_pages = lk_pager_get_n_pages (self);
  gboolean first = TRUE;

  g_return_val_if_fail (LK_IS_PAGER (self), NULL);
  if (n_pages > 1)
    g_string_append_printf (out, _("第 %u 页，共 %u 页："), self->page + 1, n_pages);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child && child != self->nav; child = gtk_widget_get_next_sibling (child))
    {
      const char *label = item_name (child);

      if (label == NULL)
        continue;
      /* TRANSLATORS: between the options read aloud, e.g. "1号楼、2号楼". */
      g_string_append (out, first ? "" : C_("list", "、"));
      g_string_append (out, label);
      first = FALSE;
    }
  if (!first)
    g_string_append (out, C_("list", "。"));
  if (self->page + 1 < n_pages)
    g_string_append (out, _("还有更多，请点下一页。"));
  return g_string_free (out, FALSE);
}

/* --- life cycle ---------------------------------------------------------- */

static GtkWidget *
nav_button (LkPager *self, const char *label, const char *icon, GCallback callback)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *image = gtk_image_new_from_icon_name (icon);
  GtkWidget *text = gtk_label_new (label);

  gtk_image_set_pixel_size (GTK_IMAGE (image), 40);
  /* The arrow only repeats the word: readers skip it. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), text);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_add_css_class (button, "lk-pager-button");
  gtk_widget_set_hexpand (button, TRUE);
  g_signal_connect_swapped (button, "clicked", callback, self);
  return button;
}

static void
lk_pager_dispose (GObject *object)
{
  LkPager *self = LK_PAGER (object);

  g_clear_handle_id (&self->repage_id, g_source_remove);
  if (self->items)
    lk_pager_remove_all (self);
  g_clear_pointer (&self->nav, gtk_widget_unparent);
  G_OBJECT_CLASS (lk_pager_parent_class)->dispose (object);
}

static void
lk_pager_finalize (GObject *object)
{
  LkPager *self = LK_PAGER (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  G_OBJECT_CLASS (lk_pager_parent_class)->finalize (object);
}

static void
lk_pager_class_init (LkPagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lk_pager_dispose;
  object_class->finalize = lk_pager_finalize;
  widget_class->measure = lk_pager_measure;
  widget_class->size_allocate = lk_pager_size_allocate;
  widget_class->get_request_mode = lk_pager_get_request_mode;

  /* ::page-changed: the resident turned the page (not a re-layout). */
  signals[SIGNAL_PAGE_CHANGED] =
    g_signal_new ("page-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_css_name (widget_class, "pager");
}

static void
lk_pager_init (LkPager *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->columns = 3;
  self->nav = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  self->prev_button = nav_button (self, _("上一页"), "go-previous-symbolic",
                                  G_CALLBACK (prev_clicked_cb));
  self->position = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->position, "lk-page-position");
  /* A fixed width: "第 9 / 10 页" must not push the buttons about. */
  gtk_label_set_width_chars (GTK_LABEL (self->position), 9);
  self->next_button = nav_button (self, _("下一页"), "go-next-symbolic",
                                  G_CALLBACK (next_clicked_cb));
  gtk_box_append (GTK_BOX (self->nav), self->prev_button);
  gtk_box_append (GTK_BOX (self->nav), self->position);
  gtk_box_append (GTK_BOX (self->nav), self->next_button);
  gtk_widget_set_parent (self->nav, GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("可以选的项目"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->nav), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("翻页"), -1);
  repage (self);
}

GtkWidget *
lk_pager_new (void)
{
  return g_object_new (LK_TYPE_PAGER, NULL);
}
