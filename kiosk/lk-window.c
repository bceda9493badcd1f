/* lk-window.c — the kiosk window; see lk-window.h.
 *
 * It owns everything that outlives one screen: the draft report, the
 * voice, the navigation history and the idle watch. Idle works on two
 * clocks: a quiet period ([kiosk] idle-seconds) after the last tap, then
 * the question's countdown ([kiosk] idle-countdown). Only when both run out
 * is the draft wiped. The receipt screen has its own countdown, and on the
 * home screen with nothing entered there is nothing to protect. */

#define G_LOG_DOMAIN "lk-window"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "lk-window.h"
#include "lk-page.h"
#include "lk-idle-overlay.h"
#include "lk-keypad.h"
#include "lk-nav-bar.h"
#include "lk-home-page.h"
#include "lk-category-page.h"
#include "lk-describe-page.h"
#include "lk-location-page.h"
#include "lk-phone-page.h"
#include "lk-confirm-page.h"
#include "lk-receipt-page.h"
#include "lk-screenshot.h"
#include "lk-lookup-page.h"
#include "lk-status-page.h"
#include "lk-pin-page.h"
#include "lk-staff-page.h"
#include "lk-handwriting-pad.h"
#include "lk-voice-page.h"

struct _LkWindow
{
  GtkApplicationWindow parent_instance;

  GtkWidget *stack;
  GtkWidget *idle_overlay;

  LtConfig  *config;
  LtStore   *store;
  char      *db_path;
  dev_t      db_dev;         /* the file the store opened, to notice it vanish */
  ino_t      db_ino;
  LkDraft   *draft;
  LkSpeech  *speech;
  GPtrArray *history;       /* char* page names, oldest first */

  guint      idle_seconds;
  guint      idle_countdown;
  guint      idle_id;
  gboolean   portrait;
  gboolean   roomy;          /* tall enough for bigger keys (≥ 1000 px) */
  guint      layout_id;

  char      *screenshot_dir;
  guint      screenshot_count;
  gulong     screenshot_handler;
};

G_DEFINE_FINAL_TYPE (LkWindow, lk_window, GTK_TYPE_APPLICATION_WINDOW)

/* Each screen's name for a screen reader, which would otherwise announce
 * the widget's type. */
static const struct {
  const char *name;
  GType     (*get_type) (void);
  const char *title;
} page_types[] = {
  { "home",     lk_home_page_get_type,     N_("首页") },
  { "category", lk_category_page_get_type, N_("选择问题类别") },
  { "describe", lk_describe_page_get_type, N_("遇到了什么问题") },
  { "location", lk_location_page_get_type, N_("问题在哪里") },
  { "phone",    lk_phone_page_get_type,    N_("留手机号码") },
  { "confirm",  lk_confirm_page_get_type,  N_("请核对") },
  { "receipt",  lk_receipt_page_get_type,  N_("提交成功") },
  { "lookup",   lk_lookup_page_get_type,   N_("查询办理进度") },
  { "status",   lk_status_page_get_type,   N_("办理进度") },
  { "pin",      lk_pin_page_get_type,      N_("工作人员登录") },
  { "staff",    lk_staff_page_get_type,    N_("工作人员") },
  { "handwriting", lk_handwriting_pad_get_type, N_("用手指写字") },
  { "voice",    lk_voice_page_get_type,    N_("说一段话") },
};

/* --- idle ---------------------------------------------------------------- */

static gboolean idle_cb (gpointer user_data);
static void     queue_screenshot (LkWindow *self);

static void
restart_idle (LkWindow *self)
{
  g_clear_handle_id (&self->idle_id, g_source_remove);
  self->idle_id = g_timeout_add_seconds (self->idle_seconds, idle_cb, self);
}

static gboolean
idle_cb (gpointer user_data)
{
  LkWindow *self = user_data;
  const char *page = lk_window_get_page_name (self);

  self->idle_id = 0;
  /* The receipt screen counts down to home on its own, and so does the
   * staff desk (its own, longer rule: a clerk is not asked the residents'
   * question); an untouched home screen holds nothing to wipe. */
  if (g_strcmp0 (page, "receipt") == 0 || g_strcmp0 (page, "staff") == 0 ||
      (g_strcmp0 (page, "home") == 0 && lk_draft_is_empty (self->draft)))
    {
      restart_idle (self);
      return G_SOURCE_REMOVE;
    }
  lk_speech_stop (self->speech);
  lk_idle_overlay_start (LK_IDLE_OVERLAY (self->idle_overlay), self->idle_countdown);
  queue_screenshot (self);
  lk_window_say (self, _("还需要更多时间吗？需要的话，请点继续。"));
  return G_SOURCE_REMOVE;
}

/* While the question is up, the page behind it takes nothing, for a
 * finger or a screen reader. */
static void
idle_visible_cb (LkWindow *self)
{
  gboolean asking = lk_window_idle_showing (self);

  gtk_widget_set_sensitive (self->stack, !asking);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->stack), GTK_ACCESSIBLE_STATE_HIDDEN, asking, -1);
}

static void
idle_resume_cb (LkWindow *self)
{
  restart_idle (self);
}

static void
idle_expired_cb (LkWindow *self)
{
  g_debug ("idle: wiping the report and going home");
  lk_window_home (self);
}

gboolean
lk_window_idle_showing (LkWindow *self)
{
  g_return_val_if_fail (LK_IS_WINDOW (self), FALSE);
  return gtk_widget_get_visible (self->idle_overlay);
}

void
lk_window_user_active (LkWindow *self)
{
  GtkWidget *page;

  g_return_if_fail (LK_IS_WINDOW (self));
  lk_speech_stop (self->speech);
  if (!lk_window_idle_showing (self))
    restart_idle (self);
  page = gtk_stack_get_visible_child (GTK_STACK (self->stack));
  if (page)
    lk_page_touched (LK_PAGE (page));
}

void
lk_window_keep_awake (LkWindow *self)
{
  g_return_if_fail (LK_IS_WINDOW (self));
  if (!lk_window_idle_showing (self))
    restart_idle (self);
}

static gboolean
input_event_cb (GtkEventControllerLegacy *controller, GdkEvent *event, LkWindow *self)
{
  switch (gdk_event_get_event_type (event))
    {
    case GDK_BUTTON_PRESS:
    case GDK_TOUCH_BEGIN:
    case GDK_KEY_PRESS:
      lk_window_user_active (self);
      break;
    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

/* --- screenshots --------------------------------------------------------- */

static void
screenshot_after_paint_cb (GdkFrameClock *clock, LkWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;

  g_clear_signal_handler (&self->screenshot_handler, clock);
  file = g_strdup_printf ("%03u-%s%s.png", ++self->screenshot_count,
                          lk_window_get_page_name (self),
                          lk_window_idle_showing (self) ? "-idle" : "");
  path = g_build_filename (self->screenshot_dir, file, NULL);
  if (lk_screenshot_save (GTK_WIDGET (self), path, &error))
    g_message ("screenshot %s", path);
  else
    g_message ("no screenshot: %s", error->message);
}

/* Takes a screenshot once the frame after now has been painted. */
static void
queue_screenshot (LkWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (self->screenshot_dir == NULL || clock == NULL || self->screenshot_handler)
    return;
  self->screenshot_handler = g_signal_connect (clock, "after-paint",
                                               G_CALLBACK (screenshot_after_paint_cb), self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
first_map_cb (LkWindow *self)
{
  g_signal_handlers_disconnect_by_func (self, first_map_cb, NULL);
  queue_screenshot (self);
}

void
lk_window_set_screenshot_dir (LkWindow *self, const char *dir)
{
  g_return_if_fail (LK_IS_WINDOW (self));
  g_free (self->screenshot_dir);
  self->screenshot_dir = g_strdup (dir);
  if (dir == NULL)
    return;
  g_mkdir_with_parents (dir, 0755);
  /* The home screen was shown before there was anything to draw on. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    queue_screenshot (self);
  else
    g_signal_connect (self, "map", G_CALLBACK (first_map_cb), NULL);
}

/* --- navigation ---------------------------------------------------------- */

GtkWidget *
lk_window_get_page (LkWindow *self, const char *name)
{
  g_return_val_if_fail (LK_IS_WINDOW (self), NULL);
  return gtk_stack_get_child_by_name (GTK_STACK (self->stack), name);
}

const char *
lk_window_get_page_name (LkWindow *self)
{
  g_return_val_if_fail (LK_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (GTK_STACK (self->stack));
}

static void
show_page (LkWindow *self, const char *name)
{
  GtkWidget *page = lk_window_get_page (self, name);
  g_autofree char *prompt = NULL;

  g_return_if_fail (page != NULL);
  lk_page_enter (LK_PAGE (page));
  /* Only the current screen is visible, not just on top: screen readers
   * (and the tests) then find its buttons and none of the others'. */
  gtk_widget_set_visible (page, TRUE);
  gtk_stack_set_visible_child (GTK_STACK (self->stack), page);
  for (GtkWidget *child = gtk_widget_get_first_child (self->stack); child;
       child = gtk_widget_get_next_sibling (child))
    if (child != page)
      gtk_widget_set_visible (child, FALSE);
  prompt = lk_page_prompt (LK_PAGE (page));
  lk_window_say (self, prompt);
  if (!lk_window_idle_showing (self))
    restart_idle (self);
  queue_screenshot (self);
}

void
lk_window_go (LkWindow *self, const char *name)
{
  const char *current;

  g_return_if_fail (LK_IS_WINDOW (self));
  current = lk_window_get_page_name (self);
  if (current != NULL && g_strcmp0 (current, name) != 0)
    g_ptr_array_add (self->history, g_strdup (current));
  show_page (self, name);
}

void
lk_window_back (LkWindow *self)
{
  g_autofree char *previous = NULL;

  g_return_if_fail (LK_IS_WINDOW (self));
  if (self->history->len == 0)
    {
      lk_window_home (self);
      return;
    }
  previous = g_ptr_array_steal_index (self->history, self->history->len - 1);
  if (g_str_equal (previous, "home"))
    lk_window_home (self);
  else
    show_page (self, previous);
}

void
lk_window_forget_history (LkWindow *self)
{
  g_return_if_fail (LK_IS_WINDOW (self));
  g_ptr_array_set_size (self->history, 0);
}

void
lk_window_home (LkWindow *self)
{
  GtkWidget *child;

  g_return_if_fail (LK_IS_WINDOW (self));
  lk_idle_overlay_stop (LK_IDLE_OVERLAY (self->idle_overlay));
  lk_speech_stop (self->speech);
  /* Whoever comes next starts from the hall's settings, not the last
   * resident's: voice and text size go back to the config's, however the
   * kiosk came home (首页, the receipt's countdown, the idle question). */
  lk_speech_set_enabled (self->speech, lt_config_get_bool (self->config, "kiosk", "voice", TRUE));
  gtk_widget_remove_css_class (GTK_WIDGET (self), "large-text");
  lk_draft_clear (self->draft);
  g_ptr_array_set_size (self->history, 0);
  for (child = gtk_widget_get_first_child (self->stack); child;
       child = gtk_widget_get_next_sibling (child))
    lk_page_reset (LK_PAGE (child));
  show_page (self, "home");
}

void
lk_window_say (LkWindow *self, const char *text)
{
  g_return_if_fail (LK_IS_WINDOW (self));
  if (text != NULL)
    lk_speech_say (self->speech, text);
}

/* --- layout -------------------------------------------------------------- */

static void
set_nav_bars_portrait (GtkWidget *widget, gboolean portrait)
{
  if (LK_IS_NAV_BAR (widget))
    {
      lk_nav_bar_set_portrait (LK_NAV_BAR (widget), portrait);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    set_nav_bars_portrait (child, portrait);
}

static gboolean
apply_layout_cb (gpointer user_data)
{
  LkWindow *self = user_data;

  self->layout_id = 0;
  if (self->portrait)
    gtk_widget_add_css_class (GTK_WIDGET (self), "portrait");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "portrait");
  if (self->roomy)
    gtk_widget_add_css_class (GTK_WIDGET (self), "roomy");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "roomy");
  for (GtkWidget *child = gtk_widget_get_first_child (self->stack); child;
       child = gtk_widget_get_next_sibling (child))
    lk_page_set_portrait (LK_PAGE (child), self->portrait);
  set_nav_bars_portrait (self->stack, self->portrait);
  return G_SOURCE_REMOVE;
}

static void
lk_window_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  LkWindow *self = LK_WINDOW (widget);
  gboolean portrait = height > width;
  gboolean roomy = height >= 1000;

  GTK_WIDGET_CLASS (lk_window_parent_class)->size_allocate (widget, width, height, baseline);
  /* GTK 4.8 has no breakpoints: switch layouts after this allocation, not
   * inside it, since the switch itself asks for a new one. */
  if ((portrait != self->portrait || roomy != self->roomy) && self->layout_id == 0)
    {
      self->portrait = portrait;
      self->roomy = roomy;
      self->layout_id = g_idle_add (apply_layout_cb, self);
    }
}

gboolean
lk_window_get_portrait (LkWindow *self)
{
  g_return_val_if_fail (LK_IS_WINDOW (self), FALSE);
  return self->portrait;
}

/* --- accessors ----------------------------------------------------------- */

LkWindow *
lk_window_from_widget (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  return LK_IS_WINDOW (root) ? LK_WINDOW (root) : NULL;
}

LtConfig *
lk_window_get_config (LkWindow *self)
{
  g_return_val_if_fail (LK_IS_WINDOW (self), NULL);
  return self->config;
}

static void
remember_db_file (LkWindow *self)
{
  GStatBuf st;

  if (self->store && g_stat (lt_store_get_path (self->store), &st) == 0)
    {
      self->db_dev = st.st_dev;
      self->db_ino = st.st_ino;
    }
}

LtStore *
lk_window_get_store (LkWindow *self, GError **error)
{
  GStatBuf st;

  g_return_val_if_fail (LK_IS_WINDOW (self), NULL);
  if (self->store == NULL)
    {
      self->store = lt_store_open (self->db_path, self->config, error);
      remember_db_file (self);
      return self->store;
    }
  /* SQLite goes on writing into a database file that was deleted or
   * replaced under it, and nobody else would ever see those tickets. Opening
   * afresh would start the receipt numbers again. So: refuse, keep the
   * report, and work again once the file is back. */
  if (g_stat (lt_store_get_path (self->store), &st) != 0 ||
      st.st_dev != self->db_dev || st.st_ino != self->db_ino)
    {
      g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_IO,
                   _("找不到工单库文件 %s。"), lt_store_get_path (self->store));
      return NULL;
    }
  return self->store;
}

LkDraft *
lk_window_get_draft (LkWindow *self)
{
  g_return_val_if_fail (LK_IS_WINDOW (self), NULL);
  return self->draft;
}

LkSpeech *
lk_window_get_speech (LkWindow *self)
{
  g_return_val_if_fail (LK_IS_WINDOW (self), NULL);
  return self->speech;
}

/* --- life cycle ---------------------------------------------------------- */

/* Screens never scroll (everything fits, or pages): a scroll bar, which a
 * reader would announce as "GtkScrollbar", has nothing to offer it. */
static void
hide_scrollbars (GtkWidget *widget)
{
  if (GTK_IS_SCROLLBAR (widget))
    gtk_accessible_update_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    hide_scrollbars (child);
}

static void
lk_window_dispose (GObject *object)
{
  LkWindow *self = LK_WINDOW (object);

  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_handle_id (&self->layout_id, g_source_remove);
  if (self->screenshot_handler)
    g_clear_signal_handler (&self->screenshot_handler, gtk_widget_get_frame_clock (GTK_WIDGET (self)));
  if (self->speech)
    lk_speech_stop (self->speech);
  gtk_widget_dispose_template (GTK_WIDGET (object), LK_TYPE_WINDOW);
  G_OBJECT_CLASS (lk_window_parent_class)->dispose (object);
}

static void
lk_window_finalize (GObject *object)
{
  LkWindow *self = LK_WINDOW (object);

  g_clear_object (&self->speech);
  g_clear_object (&self->store);
  g_clear_object (&self->config);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->screenshot_dir, g_free);
  g_clear_pointer (&self->draft, lk_draft_free);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  G_OBJECT_CLASS (lk_window_parent_class)->finalize (object);
}

static void
lk_window_class_init (LkWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lk_window_dispose;
  object_class->finalize = lk_window_finalize;
  widget_class->size_allocate = lk_window_size_allocate;

  g_type_ensure (LK_TYPE_IDLE_OVERLAY);
  g_type_ensure (LK_TYPE_NAV_BAR);
  g_type_ensure (LK_TYPE_KEYPAD);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/laiting/Kiosk/lk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LkWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, LkWindow, idle_overlay);
  gtk_widget_class_bind_template_callback (widget_class, idle_resume_cb);
  gtk_widget_class_bind_template_callback (widget_class, idle_expired_cb);
  gtk_widget_class_bind_template_callback (widget_class, input_event_cb);
}

static void
lk_window_init (LkWindow *self)
{
  self->draft = lk_draft_new ();
  self->history = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->idle_overlay, "notify::visible",
                            G_CALLBACK (idle_visible_cb), self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_window_get_child (GTK_WINDOW (self))),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("来听"), -1);
}

LkWindow *
lk_window_new (GtkApplication *app, LtConfig *config, LtStore *store, const char *db_path)
{
  LkWindow *self;

  g_return_val_if_fail (LT_IS_CONFIG (config), NULL);

  self = g_object_new (LK_TYPE_WINDOW, "application", app, NULL);
  self->config = g_object_ref (config);
  self->store = store ? g_object_ref (store) : NULL;
  self->db_path = g_strdup (db_path);
  remember_db_file (self);
  self->idle_seconds = (guint) lt_config_get_int (config, "kiosk", "idle-seconds", 90, 1);
  self->idle_countdown = (guint) lt_config_get_int (config, "kiosk", "idle-countdown", 30, 1);
  self->speech = lk_speech_new (lt_config_get_bool (config, "kiosk", "voice", TRUE));

  /* Pages read the config and the window when built, so they come after. */
  for (guint i = 0; i < G_N_ELEMENTS (page_types); i++)
    {
      GtkWidget *page = g_object_new (page_types[i].get_type (), NULL);
      GtkStackPage *stack_page;
      const char *title = _(page_types[i].title);

      stack_page = gtk_stack_add_titled (GTK_STACK (self->stack), page, page_types[i].name, title);
      gtk_accessible_update_property (GTK_ACCESSIBLE (page), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (stack_page), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      title, -1);
      hide_scrollbars (page);
    }
  lk_window_home (self);
  return self;
}
