/* lk-pin-page.c — staff PIN entry; see lk-pin-page.h.
 *
 * The PIN is checked against [kiosk] staff-pin-hash (lt-pin.h). The digits
 * show as dots. After five wrong PINs the keypad rests for a minute, which
 * makes trying all 10,000 four-digit PINs at the hall take a week. The
 * check itself (Argon2id, about a third of a second on purpose) runs in a
 * worker thread so the screen keeps answering meanwhile. */

#define G_LOG_DOMAIN "lk-pin-page"

#include "config.h"

#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "lk-pin-page.h"
#include "lk-keypad.h"
#include "lk-page.h"
#include "lk-window.h"
#include "lt-pin.h"

#define MAX_TRIES 5
#define LOCKOUT_SECONDS 60

struct _LkPinPage
{
  GtkWidget  parent_instance;
  GtkWidget *body;
  GtkWidget *display;
  GtkWidget *hint;
  GtkWidget *keypad;
  GtkWidget *ok_button;
  char       pin[LT_PIN_MAX_LEN + 1];
  guint      failures;
  guint      lockout_id;
  GCancellable *checking;  /* while a PIN is being checked */
};

static void lk_pin_page_page_init (LkPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LkPinPage, lk_pin_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (LK_TYPE_PAGE, lk_pin_page_page_init))

static void
set_hint (LkPinPage *self, const char *text, gboolean is_error)
{
  gtk_label_set_text (GTK_LABEL (self->hint), text);
  gtk_widget_set_css_classes (self->hint, (const char *[]) { is_error ? "lk-error" : "lk-hint",
                                                           "lk-message", NULL });
}

static void
refresh (LkPinPage *self)
{
  gsize len = strlen (self->pin);
  GString *dots = g_string_new (NULL);

  for (gsize i = 0; i < len; i++)
    g_string_append (dots, "●");
  if (len == 0)
    g_string_append (dots, " ");
  gtk_label_set_text (GTK_LABEL (self->display), dots->str);
  g_string_free (dots, TRUE);
  gtk_widget_set_sensitive (self->ok_button, self->lockout_id == 0 && self->checking == NULL &&
                                             len >= LT_PIN_MIN_LEN);
  gtk_widget_set_sensitive (self->keypad, self->lockout_id == 0 && self->checking == NULL);
}

static void
clear_pin (LkPinPage *self)
{
  memset (self->pin, 0, sizeof self->pin);
}

static void
stop_checking (LkPinPage *self)
{
  if (self->checking)
    g_cancellable_cancel (self->checking);
  g_clear_object (&self->checking);
}

/* What the worker thread needs: copies, so the page may go meanwhile. */
typedef struct
{
  char  pin[LT_PIN_MAX_LEN + 1];
  char *stored;
} PinCheck;

static void
pin_check_free (gpointer data)
{
  PinCheck *check = data;

  memset (check->pin, 0, sizeof check->pin);
  g_free (check->stored);
  g_free (check);
}

static void
verify_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  PinCheck *check = task_data;

  g_task_return_boolean (task, lt_pin_verify (check->pin, check->stored));
}

static gboolean
lockout_over_cb (gpointer user_data)
{
  LkPinPage *self = user_data;

  self->lockout_id = 0;
  self->failures = 0;
  set_hint (self, _("请输入工作人员密码"), FALSE);
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
digit_cb (LkPinPage *self, int digit)
{
  gsize len = strlen (self->pin);

  if (len >= LT_PIN_MAX_LEN || self->lockout_id)
    return;
  self->pin[len] = (char) ('0' + digit);
  self->pin[len + 1] = '\0';
  refresh (self);
}

static void
delete_cb (LkPinPage *self)
{
  gsize len = strlen (self->pin);

  if (len > 0)
    self->pin[len - 1] = '\0';
  refresh (self);
}

static void
verified_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  LkPinPage *self = LK_PIN_PAGE (source);
  LkWindow *window;
  g_autoptr(GError) error = NULL;
  gboolean right = g_task_propagate_boolean (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_task_get_cancellable (G_TASK (result)) != self->checking)
    return;  /* the page was left or reset meanwhile */
  g_clear_object (&self->checking);
  window = lk_window_from_widget (GTK_WIDGET (self));
  if (right)
    {
      self->failures = 0;
      refresh (self);
      if (window)
        lk_window_go (window, "staff");
      return;
    }

  self->failures++;
  g_message ("wrong staff PIN (%u in a row)", self->failures);
  if (self->failures >= MAX_TRIES)
    {
      self->lockout_id = g_timeout_add_seconds (LOCKOUT_SECONDS, lockout_over_cb, self);
      set_hint (self, _("密码错误次数太多，请一分钟后再试。"), TRUE);
    }
  else
    set_hint (self, _("密码不对，请再输一次。"), TRUE);
  refresh (self);
}

static void
ok_clicked_cb (LkPinPage *self)
{
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));
  g_autofree char *stored = NULL;
  g_autoptr(GTask) task = NULL;
  PinCheck *check;

  if (window == NULL || self->lockout_id || self->checking)
    return;
  stored = lt_config_get_string (lk_window_get_config (window), "kiosk", "staff-pin-hash", NULL);
  if (stored == NULL || *stored == '\0')
    {
      clear_pin (self);
      set_hint (self, _("这台机器还没有设置工作人员密码，请管理员先设置。"), TRUE);
      refresh (self);
      return;
    }

  check = g_new0 (PinCheck, 1);
  memcpy (check->pin, self->pin, sizeof check->pin);
  check->stored = g_steal_pointer (&stored);
  clear_pin (self);
  self->checking = g_cancellable_new ();
  task = g_task_new (self, self->checking, verified_cb, NULL);
  g_task_set_source_tag (task, ok_clicked_cb);
  g_task_set_task_data (task, check, pin_check_free);
  g_task_run_in_thread (task, verify_thread);
  set_hint (self, _("正在核对密码…"), FALSE);
  refresh (self);
}

static void
lk_pin_page_enter (LkPage *page)
{
  LkPinPage *self = LK_PIN_PAGE (page);

  stop_checking (self);
  clear_pin (self);
  if (self->lockout_id == 0)
    set_hint (self, _("请输入工作人员密码"), FALSE);
  refresh (self);
}

static void
lk_pin_page_reset (LkPage *page)
{
  LkPinPage *self = LK_PIN_PAGE (page);

  stop_checking (self);
  clear_pin (self);
  refresh (self);
}

static void
lk_pin_page_set_portrait (LkPage *page, gboolean portrait)
{
  LkPinPage *self = LK_PIN_PAGE (page);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->body),
                                  portrait ? GTK_ORIENTATION_VERTICAL
                                           : GTK_ORIENTATION_HORIZONTAL);
}

static void
lk_pin_page_page_init (LkPageInterface *iface)
{
  iface->enter = lk_pin_page_enter;
  iface->reset = lk_pin_page_reset;
  iface->set_portrait = lk_pin_page_set_portrait;
}

static void
lk_pin_page_dispose (GObject *object)
{
  LkPinPage *self = LK_PIN_PAGE (object);

  g_clear_handle_id (&self->lockout_id, g_source_remove);
  stop_checking (self);
  clear_pin (self);
  gtk_widget_dispose_template (GTK_WIDGET (object), LK_TYPE_PIN_PAGE);
  lk_widget_unparent_children (GTK_WIDGET (object));
  G_OBJECT_CLASS (lk_pin_page_parent_class)->dispose (object);
}

static void
lk_pin_page_class_init (LkPinPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lk_pin_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/laiting/Kiosk/lk-pin-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LkPinPage, body);
  gtk_widget_class_bind_template_child (widget_class, LkPinPage, display);
  gtk_widget_class_bind_template_child (widget_class, LkPinPage, hint);
  gtk_widget_class_bind_template_child (widget_class, LkPinPage, keypad);
  gtk_widget_class_bind_template_child (widget_class, LkPinPage, ok_button);
  gtk_widget_class_bind_template_callback (widget_class, digit_cb);
  gtk_widget_class_bind_template_callback (widget_class, delete_cb);
  gtk_widget_class_bind_template_callback (widget_class, ok_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lk_pin_page_init (LkPinPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  refresh (self);
}
