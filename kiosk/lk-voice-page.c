/* lk-voice-page.c — recording a voice note; see lk-voice-page.h.
 *
 * The recording goes into the store's attachments/ folder under a
 * temporary name, where filing the ticket renames it (same file system, so
 * nothing is copied). The countdown is read from the recorder four times a
 * second; each tick also counts as activity for the idle watch, so a
 * resident speaking for two minutes is never asked whether they are still
 * there. Leaving the page while recording ends the recording and keeps it;
 * 首页 and the idle timeout wipe it with the rest of the draft. */

#define G_LOG_DOMAIN "lk-voice-page"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "lk-voice-page.h"
#include "lk-nav-bar.h"
#include "lk-page.h"
#include "lk-player.h"
#include "lk-recorder.h"
#include "lk-window.h"

#define PROBE_TIMEOUT_MS 30000
#define TICK_MS 250

typedef enum { STATE_READY, STATE_RECORDING, STATE_REVIEW } State;

struct _LkVoicePage
{
  GtkWidget   parent_instance;
  GtkWidget  *nav;
  GtkWidget  *status_label;
  GtkWidget  *countdown_label;
  GtkWidget  *start_button;
  GtkWidget  *stop_button;
  GtkWidget  *play_button;
  GtkWidget  *rerecord_button;
  GtkWidget  *done_button;

  LkRecorder *recorder;
  LkPlayer   *player;
  gboolean    probed;
  gboolean    available;
  guint       max_seconds;
  guint       tick_id;
  guint       awake_id;      /* while 重听 plays */
  guint       last_spoken;   /* seconds left last read aloud */
  State       state;
};

static void lk_voice_page_page_init (LkPageInterface *iface);
static void stop_playing (LkVoicePage *self);

G_DEFINE_FINAL_TYPE_WITH_CODE (LkVoicePage, lk_voice_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (LK_TYPE_PAGE, lk_voice_page_page_init))

static void
say (LkVoicePage *self, const char *text)
{
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));

  if (window)
    lk_window_say (window, text);
}

static LkDraft *
get_draft (LkVoicePage *self)
{
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));

  return window ? lk_window_get_draft (window) : NULL;
}

static char *
remaining_text (guint seconds)
{
  g_autofree char *length = lt_attachment_format_seconds (seconds);

  return g_strdup_printf (_("还可以说%s"), length);
}

static void
set_state (LkVoicePage *self, State state, const char *status)
{
  self->state = state;
  gtk_button_set_label (GTK_BUTTON (self->play_button), _("重听"));
  gtk_widget_set_visible (self->start_button, state == STATE_READY);
  gtk_widget_set_visible (self->stop_button, state == STATE_RECORDING);
  gtk_widget_set_visible (self->play_button, state == STATE_REVIEW);
  gtk_widget_set_visible (self->rerecord_button, state == STATE_REVIEW);
  gtk_widget_set_visible (self->done_button, state == STATE_REVIEW);
  gtk_widget_set_visible (self->countdown_label, state == STATE_RECORDING);
  gtk_label_set_text (GTK_LABEL (self->status_label), status);
}

static void
show_review (LkVoicePage *self, guint seconds)
{
  g_autofree char *length = lt_attachment_format_seconds (seconds);
  g_autofree char *status = g_strdup_printf (_("录好了，一共%s。可以点“重听”听一遍，不满意就点“重录”。"), length);

  set_state (self, STATE_REVIEW, status);
}

static void
show_ready (LkVoicePage *self)
{
  g_autofree char *length = lt_attachment_format_seconds (self->max_seconds);
  g_autofree char *status = g_strdup_printf (_("点“开始说话”，然后对着机器说，最多%s。说完点“停止”。"), length);

  set_state (self, STATE_READY, status);
}

/* --- recording ----------------------------------------------------------- */

static void
update_countdown (LkVoicePage *self)
{
  gint64 elapsed = lk_recorder_get_elapsed_ms (self->recorder);
  guint left = (guint) MAX (0, (gint64) self->max_seconds - elapsed / 1000);
  g_autofree char *text = remaining_text (left);

  static const guint marks[] = { 60, 30, 10 };

  gtk_label_set_text (GTK_LABEL (self->countdown_label), text);
  /* Read aloud on passing one minute, half a minute and ten seconds left
   * (on passing, not at: a busy second must not swallow the warning). */
  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    if (left <= marks[i] && self->last_spoken > marks[i] && marks[i] < self->max_seconds)
      {
        self->last_spoken = left;
        say (self, text);
        break;
      }
}

static gboolean
tick_cb (gpointer user_data)
{
  LkVoicePage *self = user_data;
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));

  update_countdown (self);
  if (window)
    lk_window_keep_awake (window);
  return G_SOURCE_CONTINUE;
}

static void
finished_cb (LkRecorder *recorder, const char *path, guint seconds, const GError *error,
             LkVoicePage *self)
{
  LkDraft *draft = get_draft (self);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (path == NULL || draft == NULL)
    {
      g_autofree char *status = g_strdup_printf (_("这次没有录上（%s）请再试一次。"),
                                                 error ? error->message : "");

      if (path)
        g_remove (path);
      set_state (self, STATE_READY, status);
      say (self, status);
      return;
    }
  lk_draft_set_voice (draft, path, seconds);
  show_review (self, seconds);
  say (self, gtk_label_get_text (GTK_LABEL (self->status_label)));
}

static char *
new_recording_path (LkVoicePage *self, GError **error)
{
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));
  LtStore *store = window ? lk_window_get_store (window, error) : NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  int fd;

  if (store == NULL)
    return NULL;
  dir = lt_store_attachment_dir (store);
  if (g_mkdir_with_parents (dir, 0750) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   _("无法创建文件夹 %s。"), dir);
      return NULL;
    }
  /* A dot name: not a filed attachment, and wiped with the draft. */
  path = g_build_filename (dir, ".unfiled-XXXXXX.ogg", NULL);
  fd = g_mkstemp_full (path, O_RDWR, 0640);
  if (fd < 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   _("无法创建文件 %s。"), path);
      return NULL;
    }
  close (fd);
  return g_steal_pointer (&path);
}

static void
start_recording (LkVoicePage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  LkDraft *draft = get_draft (self);
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));

  stop_playing (self);
  if (draft)
    lk_draft_set_voice (draft, NULL, 0);
  path = new_recording_path (self, &error);
  if (path == NULL || !lk_recorder_start (self->recorder, path, self->max_seconds, &error))
    {
      g_warning ("cannot record a voice note: %s", error->message);
      if (path)
        g_remove (path);
      set_state (self, STATE_READY, _("现在录不了音，请用点选或手写，或请工作人员帮忙。"));
      say (self, gtk_label_get_text (GTK_LABEL (self->status_label)));
      return;
    }
  /* The voice must not talk over the resident: stop it, then only the
   * countdown speaks. */
  if (window)
    lk_speech_stop (lk_window_get_speech (window));
  self->last_spoken = G_MAXUINT;
  set_state (self, STATE_RECORDING, _("正在录音，请说吧。说完点“停止”。"));
  update_countdown (self);
  /* Starting a pipeline can take a while: the count starts now. */
  if (window)
    lk_window_keep_awake (window);
  self->tick_id = g_timeout_add (TICK_MS, tick_cb, self);
}

static void
start_clicked_cb (LkVoicePage *self)
{
  start_recording (self);
}

static void
stop_clicked_cb (LkVoicePage *self)
{
  lk_recorder_stop (self->recorder);
}

static void
rerecord_clicked_cb (LkVoicePage *self)
{
  start_recording (self);
}

static gboolean
awake_cb (gpointer user_data)
{
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (user_data));

  if (window)
    lk_window_keep_awake (window);
  return G_SOURCE_CONTINUE;
}

static void
stop_playing (LkVoicePage *self)
{
  g_clear_handle_id (&self->awake_id, g_source_remove);
  if (self->player)
    lk_player_stop (self->player);
  gtk_button_set_label (GTK_BUTTON (self->play_button), _("重听"));
}

static void
play_clicked_cb (LkVoicePage *self)
{
  LkDraft *draft = get_draft (self);
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));
  g_autoptr(GError) error = NULL;

  if (draft == NULL || draft->voice_path == NULL)
    return;
  if (window)
    lk_speech_stop (lk_window_get_speech (window));
  if (lk_player_is_playing (self->player))
    {
      stop_playing (self);
      return;
    }
  if (!lk_player_play (self->player, draft->voice_path, &error))
    {
      g_warning ("cannot play the voice note back: %s", error->message);
      return;
    }
  gtk_button_set_label (GTK_BUTTON (self->play_button), _("停止播放"));
  /* Listening is not idleness: two minutes of it keep the question away. */
  g_clear_handle_id (&self->awake_id, g_source_remove);
  self->awake_id = g_timeout_add (TICK_MS, awake_cb, self);
}

static void
done_clicked_cb (LkVoicePage *self)
{
  stop_playing (self);
  lk_window_back (lk_window_from_widget (GTK_WIDGET (self)));
}

static void
played_cb (LkPlayer *player, const GError *error, LkVoicePage *self)
{
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));

  stop_playing (self);
  if (window)
    lk_window_keep_awake (window);
}

/* --- the microphone ------------------------------------------------------ */

static void
probed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(LkVoicePage) self = user_data;
  g_autoptr(GError) error = NULL;

  self->probed = TRUE;
  self->available = lk_recorder_probe_finish (LK_RECORDER (source), result, &error);
  /* A hall without a microphone is a choice, not a fault: a message, once. */
  if (self->available)
    g_debug ("microphone %s works", lk_recorder_get_microphone (LK_RECORDER (source)));
  else
    g_message ("no voice notes, the 说一段话 button is hidden: %s", error->message);
}

static void
lk_voice_page_root (GtkWidget *widget)
{
  LkVoicePage *self = LK_VOICE_PAGE (widget);
  LkWindow *window;
  LtConfig *config;
  g_autofree char *microphone = NULL;
  g_autofree char *speaker = NULL;
  const char *max = g_getenv ("LAITING_VOICE_MAX_SECONDS");

  GTK_WIDGET_CLASS (lk_voice_page_parent_class)->root (widget);
  window = lk_window_from_widget (widget);
  if (window == NULL || self->recorder != NULL)
    return;
  config = lk_window_get_config (window);
  microphone = lt_config_get_string (config, "kiosk", "microphone", LK_RECORDER_DEFAULT_MICROPHONE);
  speaker = lt_config_get_string (config, "kiosk", "speaker", LK_PLAYER_DEFAULT_SPEAKER);
  self->max_seconds = LK_RECORDER_MAX_SECONDS;
  if (max && g_ascii_strtoull (max, NULL, 10) > 0)
    self->max_seconds = (guint) MIN (g_ascii_strtoull (max, NULL, 10), LK_RECORDER_MAX_SECONDS);
  self->recorder = lk_recorder_new (microphone);
  self->player = lk_player_new (speaker);
  g_signal_connect (self->recorder, "finished", G_CALLBACK (finished_cb), self);
  g_signal_connect (self->player, "finished", G_CALLBACK (played_cb), self);
  show_ready (self);
  lk_recorder_probe_async (self->recorder, PROBE_TIMEOUT_MS, NULL, probed_cb, g_object_ref (self));
}

static void
lk_voice_page_unmap (GtkWidget *widget)
{
  LkVoicePage *self = LK_VOICE_PAGE (widget);

  /* 返回 while speaking: what was said is kept, as if 停止 was tapped. */
  if (self->recorder && lk_recorder_is_recording (self->recorder))
    lk_recorder_stop (self->recorder);
  stop_playing (self);
  GTK_WIDGET_CLASS (lk_voice_page_parent_class)->unmap (widget);
}

gboolean
lk_voice_page_is_available (LkVoicePage *self)
{
  g_return_val_if_fail (LK_IS_VOICE_PAGE (self), FALSE);
  return self->available;
}

gboolean
lk_voice_page_is_probed (LkVoicePage *self)
{
  g_return_val_if_fail (LK_IS_VOICE_PAGE (self), FALSE);
  return self->probed;
}

guint
lk_voice_page_get_max_seconds (LkVoicePage *self)
{
  g_return_val_if_fail (LK_IS_VOICE_PAGE (self), 0);
  return self->max_seconds;
}

/* --- LkPage -------------------------------------------------------------- */

static void
lk_voice_page_enter (LkPage *page)
{
  LkVoicePage *self = LK_VOICE_PAGE (page);
  LkDraft *draft = get_draft (self);

  if (self->recorder == NULL || lk_recorder_is_recording (self->recorder))
    return;
  if (draft && draft->voice_path)
    show_review (self, draft->voice_seconds);
  else
    show_ready (self);
}

static void
lk_voice_page_reset (LkPage *page)
{
  LkVoicePage *self = LK_VOICE_PAGE (page);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->recorder)
    {
      /* The draft is wiped too; a recording in progress goes with it. */
      lk_recorder_cancel (self->recorder);
      stop_playing (self);
      show_ready (self);
    }
}

static char *
lk_voice_page_prompt (LkPage *page)
{
  LkVoicePage *self = LK_VOICE_PAGE (page);

  return g_strdup (gtk_label_get_text (GTK_LABEL (self->status_label)));
}

static void
lk_voice_page_page_init (LkPageInterface *iface)
{
  iface->enter = lk_voice_page_enter;
  iface->reset = lk_voice_page_reset;
  iface->prompt = lk_voice_page_prompt;
}

/* --- life cycle ---------------------------------------------------------- */

static void
lk_voice_page_dispose (GObject *object)
{
  LkVoicePage *self = LK_VOICE_PAGE (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->awake_id, g_source_remove);
  if (self->recorder)
    {
      g_signal_handlers_disconnect_by_data (self->recorder, self);
      lk_recorder_cancel (self->recorder);
    }
  if (self->player)
    g_signal_handlers_disconnect_by_data (self->player, self);
  g_clear_object (&self->recorder);
  g_clear_object (&self->player);
  gtk_widget_dispose_template (GTK_WIDGET (object), LK_TYPE_VOICE_PAGE);
  lk_widget_unparent_children (GTK_WIDGET (object));
  G_OBJECT_CLASS (lk_voice_page_parent_class)->dispose (object);
}

static void
lk_voice_page_class_init (LkVoicePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lk_voice_page_dispose;
  widget_class->root = lk_voice_page_root;
  widget_class->unmap = lk_voice_page_unmap;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/laiting/Kiosk/lk-voice-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LkVoicePage, nav);
  gtk_widget_class_bind_template_child (widget_class, LkVoicePage, status_label);
  gtk_widget_class_bind_template_child (widget_class, LkVoicePage, countdown_label);
  gtk_widget_class_bind_template_child (widget_class, LkVoicePage, start_button);
  gtk_widget_class_bind_template_child (widget_class, LkVoicePage, stop_button);
  gtk_widget_class_bind_template_child (widget_class, LkVoicePage, play_button);
  gtk_widget_class_bind_template_child (widget_class, LkVoicePage, rerecord_button);
  gtk_widget_class_bind_template_child (widget_class, LkVoicePage, done_button);
  gtk_widget_class_bind_template_callback (widget_class, start_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, play_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, rerecord_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, done_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lk_voice_page_init (LkVoicePage *self)
{
  self->max_seconds = LK_RECORDER_MAX_SECONDS;
  gtk_widget_init_template (GTK_WIDGET (self));
  set_state (self, STATE_READY, "");
}
