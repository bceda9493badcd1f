/* lk-idle-overlay.c — the idle question; see lk-idle-overlay.h.
 *
 * Its colours are the inverse of the pages' so that it reads as an
 * interruption, not as another step of the form. */

#define G_LOG_DOMAIN "lk-idle-overlay"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lk-idle-overlay.h"
#include "lk-page.h"

struct _LkIdleOverlay
{
  GtkWidget  parent_instance;
  GtkWidget *box;
  GtkWidget *countdown_label;
  guint      remaining;
  guint      tick_id;
};

enum { SIGNAL_RESUME, SIGNAL_EXPIRED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LkIdleOverlay, lk_idle_overlay, GTK_TYPE_WIDGET)

static void
show_remaining (LkIdleOverlay *self)
{
  g_autofree char *text =
    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                  "%u 秒后将清除您填写的内容，回到首页",
                                  "%u 秒后将清除您填写的内容，回到首页",
                                  self->remaining),
                     self->remaining);

  gtk_label_set_text (GTK_LABEL (self->countdown_label), text);
}

static gboolean
tick_cb (gpointer user_data)
{
  LkIdleOverlay *self = user_data;

  if (self->remaining > 0)
    self->remaining--;
  show_remaining (self);
  if (self->remaining > 0)
    return G_SOURCE_CONTINUE;
  self->tick_id = 0;
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  g_signal_emit (self, signals[SIGNAL_EXPIRED], 0);
  return G_SOURCE_REMOVE;
}

static void
resume (LkIdleOverlay *self)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (self)))
    return;
  lk_idle_overlay_stop (self);
  g_signal_emit (self, signals[SIGNAL_RESUME], 0);
}

static void
continue_clicked_cb (LkIdleOverlay *self)
{
  resume (self);
}

static void
background_pressed_cb (GtkGestureClick *gesture, int n_press, double x, double y,
                       LkIdleOverlay *self)
{
  /* Whoever taps is still there: treat a tap anywhere like 继续. */
  resume (self);
}

void
lk_idle_overlay_start (LkIdleOverlay *self, guint seconds)
{
  g_return_if_fail (LK_IS_IDLE_OVERLAY (self));
  g_clear_handle_id (&self->tick_id, g_source_remove);
  self->remaining = MAX (seconds, 1);
  show_remaining (self);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
}

void
lk_idle_overlay_stop (LkIdleOverlay *self)
{
  g_return_if_fail (LK_IS_IDLE_OVERLAY (self));
  g_clear_handle_id (&self->tick_id, g_source_remove);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

static void
lk_idle_overlay_dispose (GObject *object)
{
  LkIdleOverlay *self = LK_IDLE_OVERLAY (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (object), LK_TYPE_IDLE_OVERLAY);
  lk_widget_unparent_children (GTK_WIDGET (object));
  G_OBJECT_CLASS (lk_idle_overlay_parent_class)->dispose (object);
}

static void
lk_idle_overlay_class_init (LkIdleOverlayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lk_idle_overlay_dispose;

  signals[SIGNAL_RESUME] =
    g_signal_new ("resume", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_EXPIRED] =
    g_signal_new ("expired", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/laiting/Kiosk/lk-idle-overlay.ui");
  gtk_widget_class_bind_template_child (widget_class, LkIdleOverlay, box);
  gtk_widget_class_bind_template_child (widget_class, LkIdleOverlay, countdown_label);
  gtk_widget_class_bind_template_callback (widget_class, continue_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, background_pressed_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "idleoverlay");
  /* An interruption that must be answered: an alert, modal. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ALERT);
}

static void
lk_idle_overlay_init (LkIdleOverlay *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("还需要更多时间吗?"),
                                  GTK_ACCESSIBLE_PROPERTY_MODAL, TRUE,
                                  -1);
}
