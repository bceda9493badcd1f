/* lk-page.c — the LkPage interface; every method is optional. */

#define G_LOG_DOMAIN "lk-page"

#include "lk-page.h"

G_DEFINE_INTERFACE (LkPage, lk_page, GTK_TYPE_WIDGET)

static void
lk_page_default_init (LkPageInterface *iface)
{
}

void
lk_page_enter (LkPage *self)
{
  g_return_if_fail (LK_IS_PAGE (self));
  if (LK_PAGE_GET_IFACE (self)->enter)
    LK_PAGE_GET_IFACE (self)->enter (self);
}

void
lk_page_reset (LkPage *self)
{
  g_return_if_fail (LK_IS_PAGE (self));
  if (LK_PAGE_GET_IFACE (self)->reset)
    LK_PAGE_GET_IFACE (self)->reset (self);
}

char *
lk_page_prompt (LkPage *self)
{
  g_return_val_if_fail (LK_IS_PAGE (self), NULL);
  if (LK_PAGE_GET_IFACE (self)->prompt)
    return LK_PAGE_GET_IFACE (self)->prompt (self);
  return NULL;
}

void
lk_page_set_portrait (LkPage *self, gboolean portrait)
{
  g_return_if_fail (LK_IS_PAGE (self));
  if (LK_PAGE_GET_IFACE (self)->set_portrait)
    LK_PAGE_GET_IFACE (self)->set_portrait (self, portrait);
}

void
lk_page_touched (LkPage *self)
{
  g_return_if_fail (LK_IS_PAGE (self));
  if (LK_PAGE_GET_IFACE (self)->touched)
    LK_PAGE_GET_IFACE (self)->touched (self);
}

void
lk_widget_unparent_children (GtkWidget *widget)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (widget)))
    gtk_widget_unparent (child);
}
