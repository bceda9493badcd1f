/* lk-page.h — what every kiosk screen does when shown, wiped or read out.
 *
 * LkWindow keeps its screens in one GtkStack and knows them only through
 * this interface, so a new screen (the staff desk, say) is a new pair of
 * files plus one line in lk-window.c. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LK_TYPE_PAGE (lk_page_get_type ())
G_DECLARE_INTERFACE (LkPage, lk_page, LK, PAGE, GtkWidget)

struct _LkPageInterface
{
  GTypeInterface parent_iface;

  /* The page is about to be shown: refresh it from the window's draft. */
  void   (*enter)        (LkPage *self);
  /* Forget everything entered on it (idle timeout, a new resident). */
  void   (*reset)        (LkPage *self);
  /* What the voice reads when the page appears; newly allocated or NULL. */
  char  *(*prompt)       (LkPage *self);
  /* The screen turned between landscape and portrait. */
  void   (*set_portrait) (LkPage *self, gboolean portrait);
  /* A tap anywhere while the page is shown: someone is still there. */
  void   (*touched)      (LkPage *self);
};

void  lk_page_enter        (LkPage *self);
void  lk_page_reset        (LkPage *self);
char *lk_page_prompt       (LkPage *self) G_GNUC_WARN_UNUSED_RESULT;
void  lk_page_set_portrait (LkPage *self, gboolean portrait);
void  lk_page_touched      (LkPage *self);

/* For the dispose of a widget whose template's top object has no id:
 * gtk_widget_dispose_template only drops the bound children. */
void  lk_widget_unparent_children (GtkWidget *widget);

G_END_DECLS
