/* lk-keypad.c — the digit keypad; see lk-keypad.h.
 *
 * Laid out like a telephone (1 2 3 on top), which is what older residents
 * know, not like a calculator. */

#define G_LOG_DOMAIN "lk-keypad"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lk-keypad.h"
#include "lk-page.h"

struct _LkKeypad
{
  GtkWidget  parent_instance;
  GtkWidget *grid;
};

enum { SIGNAL_DIGIT, SIGNAL_DELETE, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LkKeypad, lk_keypad, GTK_TYPE_WIDGET)

static void
digit_clicked_cb (LkKeypad *self, GtkButton *button)
{
  const char *label = gtk_button_get_label (button);

  g_signal_emit (self, signals[SIGNAL_DIGIT], 0, label[0] - '0');
}

static void
delete_clicked_cb (LkKeypad *self, GtkButton *button)
{
  g_signal_emit (self, signals[SIGNAL_DELETE], 0);
}

static void
lk_keypad_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LK_TYPE_KEYPAD);
  lk_widget_unparent_children (GTK_WIDGET (object));
  G_OBJECT_CLASS (lk_keypad_parent_class)->dispose (object);
}

static void
lk_keypad_class_init (LkKeypadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lk_keypad_dispose;

  /* ::digit (int value 0–9): a digit key was tapped. */
  signals[SIGNAL_DIGIT] =
    g_signal_new ("digit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  /* ::delete: 删除 was tapped. */
  signals[SIGNAL_DELETE] =
    g_signal_new ("delete", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/laiting/Kiosk/lk-keypad.ui");
  gtk_widget_class_bind_template_child (widget_class, LkKeypad, grid);
  gtk_widget_class_bind_template_callback (widget_class, digit_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, delete_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "keypad");
}

static void
lk_keypad_init (LkKeypad *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("数字键盘"), -1);
}

GtkWidget *
lk_keypad_new (void)
{
  return g_object_new (LK_TYPE_KEYPAD, NULL);
}
