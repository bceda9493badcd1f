/* lk-home-page.c — the home screen; see lk-home-page.h.
 *
 * The staff entry is a long press, not a button: residents should not meet
 * a door they cannot open. GtkGestureLongPress cannot wait longer than
 * twice the desktop's long-press time, so the 3 s are a timer started on
 * press and dropped on release. */

#define G_LOG_DOMAIN "lk-home-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lk-home-page.h"
#include "lk-page.h"
#include "lk-toggle.h"
#include "lk-window.h"

#define STAFF_PRESS_MS 3000

struct _LkHomePage
{
  GtkWidget  parent_instance;
  GtkWidget *hall_label;
  GtkWidget *doors;
  GtkWidget *report_button;
  GtkWidget *lookup_button;
  GtkWidget *voice_button;
  GtkWidget *voice_state;
  GtkWidget *large_button;
  GtkWidget *large_state;
  guint      staff_timer_id;
};

static void lk_home_page_page_init (LkPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LkHomePage, lk_home_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (LK_TYPE_PAGE, lk_home_page_page_init))

static void
show_switch_state (GtkWidget *button, GtkWidget *state_label)
{
  gboolean on = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button));

  gtk_label_set_text (GTK_LABEL (state_label), on ? _("已打开") : _("已关闭"));
}

static void
report_clicked_cb (LkHomePage *self)
{
  lk_window_go (lk_window_from_widget (GTK_WIDGET (self)), "category");
}

static void
lookup_clicked_cb (LkHomePage *self)
{
  lk_window_go (lk_window_from_widget (GTK_WIDGET (self)), "lookup");
}

static void
voice_toggled_cb (LkHomePage *self)
{
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));
  gboolean on = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->voice_button));

  show_switch_state (self->voice_button, self->voice_state);
  if (window == NULL)
    return;
  lk_speech_set_enabled (lk_window_get_speech (window), on);
  if (on && gtk_widget_get_mapped (GTK_WIDGET (self)))
    lk_window_say (window, _("语音播报已打开。"));
}

static void
large_toggled_cb (LkHomePage *self)
{
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));
  gboolean on = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->large_button));

  show_switch_state (self->large_button, self->large_state);
  if (window == NULL)
    return;
  if (on)
    gtk_widget_add_css_class (GTK_WIDGET (window), "large-text");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (window), "large-text");
}

static gboolean
staff_timer_cb (gpointer user_data)
{
  LkHomePage *self = user_data;
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));

  self->staff_timer_id = 0;
  if (window)
    lk_window_go (window, "pin");
  return G_SOURCE_REMOVE;
}

static void
hall_pressed_cb (GtkGestureClick *gesture, int n_press, double x, double y, LkHomePage *self)
{
  g_clear_handle_id (&self->staff_timer_id, g_source_remove);
  self->staff_timer_id = g_timeout_add (STAFF_PRESS_MS, staff_timer_cb, self);
}

static void
hall_released_cb (LkHomePage *self)
{
  g_clear_handle_id (&self->staff_timer_id, g_source_remove);
}

static void
lk_home_page_enter (LkPage *page)
{
  LkHomePage *self = LK_HOME_PAGE (page);
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));

  if (window == NULL)
    return;
  gtk_label_set_text (GTK_LABEL (self->hall_label),
                      lt_config_get_site_name (lk_window_get_config (window)));
  /* The voice may have been set by config before the page existed. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->voice_button),
                                lk_speech_get_enabled (lk_window_get_speech (window)));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->large_button),
                                gtk_widget_has_css_class (GTK_WIDGET (window), "large-text"));
  show_switch_state (self->voice_button, self->voice_state);
  show_switch_state (self->large_button, self->large_state);
}

static char *
lk_home_page_prompt (LkPage *page)
{
  return g_strdup (_("您好！要反映问题，请点“我要反映问题”；要查进度，请点“查询办理进度”。"));
}

static void
lk_home_page_set_portrait (LkPage *page, gboolean portrait)
{
  LkHomePage *self = LK_HOME_PAGE (page);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->doors),
                                  portrait ? GTK_ORIENTATION_VERTICAL
                                           : GTK_ORIENTATION_HORIZONTAL);
}

static void
lk_home_page_page_init (LkPageInterface *iface)
{
  iface->enter = lk_home_page_enter;
  iface->prompt = lk_home_page_prompt;
  iface->set_portrait = lk_home_page_set_portrait;
}

static void
lk_home_page_dispose (GObject *object)
{
  LkHomePage *self = LK_HOME_PAGE (object);

  g_clear_handle_id (&self->staff_timer_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (object), LK_TYPE_HOME_PAGE);
  lk_widget_unparent_children (GTK_WIDGET (object));
  G_OBJECT_CLASS (lk_home_page_parent_class)->dispose (object);
}

static void
lk_home_page_class_init (LkHomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lk_home_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/laiting/Kiosk/lk-home-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LkHomePage, hall_label);
  gtk_widget_class_bind_template_child (widget_class, LkHomePage, doors);
  gtk_widget_class_bind_template_child (widget_class, LkHomePage, report_button);
  gtk_widget_class_bind_template_child (widget_class, LkHomePage, lookup_button);
  gtk_widget_class_bind_template_child (widget_class, LkHomePage, voice_button);
  gtk_widget_class_bind_template_child (widget_class, LkHomePage, voice_state);
  gtk_widget_class_bind_template_child (widget_class, LkHomePage, large_button);
  gtk_widget_class_bind_template_child (widget_class, LkHomePage, large_state);
  gtk_widget_class_bind_template_callback (widget_class, report_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, lookup_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, voice_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, large_toggled_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lk_home_page_init (LkHomePage *self)
{
  GtkGesture *press;

  gtk_widget_init_template (GTK_WIDGET (self));
  lk_toggle_attach (GTK_TOGGLE_BUTTON (self->voice_button));
  lk_toggle_attach (GTK_TOGGLE_BUTTON (self->large_button));
  /* A translation may break a door's label over two lines: keep it centred. */
  gtk_label_set_justify (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (self->report_button))),
                         GTK_JUSTIFY_CENTER);
  gtk_label_set_justify (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (self->lookup_button))),
                         GTK_JUSTIFY_CENTER);

  press = gtk_gesture_click_new ();
  g_signal_connect (press, "pressed", G_CALLBACK (hall_pressed_cb), self);
  g_signal_connect_swapped (press, "released", G_CALLBACK (hall_released_cb), self);
  g_signal_connect_swapped (press, "cancel", G_CALLBACK (hall_released_cb), self);
  gtk_widget_add_controller (self->hall_label, GTK_EVENT_CONTROLLER (press));
}
