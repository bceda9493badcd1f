/* lk-nav-bar.c — 返回, the question, 首页; see lk-nav-bar.h.
 *
 * The buttons act on the window that holds the bar, so a screen only has to
 * put a bar in its template to get both. */

#define G_LOG_DOMAIN "lk-nav-bar"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lk-nav-bar.h"
#include "lk-page.h"
#include "lk-window.h"

struct _LkNavBar
{
  GtkWidget  parent_instance;
  GtkWidget *outer;
  GtkWidget *box;
  GtkWidget *back_button;
  GtkWidget *title_label;
  GtkWidget *home_button;
  char      *title;
};

enum { PROP_0, PROP_TITLE, N_PROPS };
static GParamSpec *props[N_PROPS];

G_DEFINE_FINAL_TYPE (LkNavBar, lk_nav_bar, GTK_TYPE_WIDGET)

static LkWindow *
get_window (LkNavBar *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return LK_IS_WINDOW (root) ? LK_WINDOW (root) : NULL;
}

static void
back_clicked_cb (LkNavBar *self)
{
  LkWindow *window = get_window (self);

  if (window)
    lk_window_back (window);
}

static void
home_clicked_cb (LkNavBar *self)
{
  LkWindow *window = get_window (self);

  if (window)
    lk_window_home (window);
}

void
lk_nav_bar_set_portrait (LkNavBar *self, gboolean portrait)
{
  GtkWidget *parent;

  g_return_if_fail (LK_IS_NAV_BAR (self));
  parent = gtk_widget_get_parent (self->title_label);
  if ((parent == self->outer) == !!portrait)
    return;
  /* Between 返回 and 首页 a portrait screen leaves the question ten
   * characters a line, and it would break inside words: give it a row of
   * its own under the buttons there. */
  g_object_ref (self->title_label);
  gtk_box_remove (GTK_BOX (parent), self->title_label);
  if (portrait)
    gtk_box_append (GTK_BOX (self->outer), self->title_label);
  else
    gtk_box_insert_child_after (GTK_BOX (self->box), self->title_label, self->back_button);
  g_object_unref (self->title_label);
  gtk_widget_set_hexpand (self->back_button, portrait);
  gtk_widget_set_halign (self->back_button, portrait ? GTK_ALIGN_START : GTK_ALIGN_FILL);
  gtk_widget_set_margin_start (self->title_label, portrait ? 24 : 0);
  gtk_widget_set_margin_end (self->title_label, portrait ? 24 : 0);
}

static void
lk_nav_bar_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LkNavBar *self = LK_NAV_BAR (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, lk_nav_bar_get_title (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lk_nav_bar_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  LkNavBar *self = LK_NAV_BAR (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      lk_nav_bar_set_title (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lk_nav_bar_dispose (GObject *object)
{
  g_clear_pointer (&LK_NAV_BAR (object)->title, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), LK_TYPE_NAV_BAR);
  lk_widget_unparent_children (GTK_WIDGET (object));
  G_OBJECT_CLASS (lk_nav_bar_parent_class)->dispose (object);
}

static void
lk_nav_bar_class_init (LkNavBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lk_nav_bar_dispose;
  object_class->get_property = lk_nav_bar_get_property;
  object_class->set_property = lk_nav_bar_set_property;

  props[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/laiting/Kiosk/lk-nav-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, LkNavBar, outer);
  gtk_widget_class_bind_template_child (widget_class, LkNavBar, box);
  gtk_widget_class_bind_template_child (widget_class, LkNavBar, back_button);
  gtk_widget_class_bind_template_child (widget_class, LkNavBar, title_label);
  gtk_widget_class_bind_template_child (widget_class, LkNavBar, home_button);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, home_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "navbar");
}

static void
lk_nav_bar_init (LkNavBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("返回和首页"), -1);
}

static gboolean
is_ideograph (gunichar c)
{
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
}

/* @title with a WORD JOINER between neighbouring Chinese characters.
 * Chinese has no spaces, so a line may break between any two characters,
 * even inside a word ("问/题"); glued, the question breaks only after its
 * punctuation ("道路交通：/遇到了什么问题？") or, in other languages, at
 * spaces. */
static char *
glue_words (const char *title)
{
  GString *out = g_string_new (NULL);
  gunichar previous = 0;

  for (const char *p = title; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_ideograph (previous) && is_ideograph (c))
        g_string_append_unichar (out, 0x2060);
      g_string_append_unichar (out, c);
      previous = c;
    }
  return g_string_free (out, FALSE);
}

void
lk_nav_bar_set_title (LkNavBar *self, const char *title)
{
  g_autofree char *glued = NULL;

  g_return_if_fail (LK_IS_NAV_BAR (self));
  g_free (self->title);
  self->title = g_strdup (title ? title : "");
  glued = glue_words (self->title);
  gtk_label_set_text (GTK_LABEL (self->title_label), glued);
  /* Readers get the plain words. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->title_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->title, -1);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TITLE]);
}

const char *
lk_nav_bar_get_title (LkNavBar *self)
{
  g_return_val_if_fail (LK_IS_NAV_BAR (self), NULL);
  return self->title ? self->title : "";
}

void
lk_nav_bar_set_locked (LkNavBar *self, gboolean locked)
{
  g_return_if_fail (LK_IS_NAV_BAR (self));
  gtk_widget_set_sensitive (self->back_button, !locked);
  gtk_widget_set_sensitive (self->home_button, !locked);
}
