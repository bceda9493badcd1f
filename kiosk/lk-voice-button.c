/* lk-voice-button.c — ▶ for a ticket's voice note; see lk-voice-button.h.
 *
 * The note is found (and, through a hub, fetched into the kiosk's cache)
 * in a worker thread, so the desk never waits on the network; the button
 * shows once a file is there to play. A file that has gone missing, or a
 * hub that cannot be reached, says so on the button instead of failing
 * silently: the clerk then knows to ask, or to try again. */

#define G_LOG_DOMAIN "lk-voice-button"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lk-voice-button.h"
#include "lk-player.h"

struct _LkVoiceButton
{
  GtkButton  parent_instance;
  LkPlayer  *player;
  char      *path;
  guint      seconds;
  LtTicketService *tickets;
  char      *receipt;
  char      *speaker;
  GCancellable *cancellable;  /* the note being looked for */
};

enum { SIGNAL_PLAYED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LkVoiceButton, lk_voice_button, GTK_TYPE_BUTTON)

static void
show_idle (LkVoiceButton *self)
{
  g_autofree char *length = lt_attachment_format_seconds (self->seconds);
  g_autofree char *label = g_strdup_printf (_("▶ 播放语音留言（%s）"), length);

  gtk_button_set_label (GTK_BUTTON (self), label);
}

static void
played_cb (LkPlayer *player, const GError *error, LkVoiceButton *self)
{
  if (error)
    gtk_button_set_label (GTK_BUTTON (self), _("语音留言放不出来"));
  else
    show_idle (self);
  g_signal_emit (self, signals[SIGNAL_PLAYED], 0, error);
}

static void fetch (LkVoiceButton *self);

static void
lk_voice_button_clicked (GtkButton *button)
{
  LkVoiceButton *self = LK_VOICE_BUTTON (button);
  g_autoptr(GError) error = NULL;

  if (self->path == NULL)
    {
      /* The hub could not be reached: pressing again tries again. */
      if (self->receipt != NULL && self->cancellable == NULL)
        fetch (self);
      return;
    }
  if (lk_player_is_playing (self->player))
    {
      lk_player_stop (self->player);
      show_idle (self);
      return;
    }
  if (!g_file_test (self->path, G_FILE_TEST_IS_REGULAR))
    {
      g_warning ("voice note %s is missing", self->path);
      gtk_button_set_label (button, _("语音留言文件找不到了"));
      return;
    }
  if (!lk_player_play (self->player, self->path, &error))
    {
      g_warning ("cannot play %s: %s", self->path, error->message);
      gtk_button_set_label (button, _("语音留言放不出来"));
      return;
    }
  gtk_button_set_label (button, _("■ 停止播放"));
}

static void
found_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LtAttachment) voice =
    lt_ticket_service_voice_note_finish (LT_TICKET_SERVICE (source), result, &error);
  LkVoiceButton *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* another ticket, or the button is gone */
  self = LK_VOICE_BUTTON (data);
  g_clear_object (&self->cancellable);
  if (voice == NULL && g_error_matches (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND))
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }
  if (voice == NULL)
    {
      g_message ("cannot fetch the voice note of %s: %s", self->receipt, error->message);
      gtk_button_set_label (GTK_BUTTON (self), _("现在连不上服务中心，语音留言暂时放不出来。点这里再试一次。"));
      gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
      return;
    }
  self->path = g_strdup (voice->path);
  self->seconds = voice->seconds;
  if (self->player == NULL)
    {
      self->player = lk_player_new (self->speaker);
      g_signal_connect (self->player, "finished", G_CALLBACK (played_cb), self);
    }
  show_idle (self);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

static void
fetch (LkVoiceButton *self)
{
  self->cancellable = g_cancellable_new ();
  lt_ticket_service_voice_note_async (self->tickets, self->receipt, self->cancellable, found_cb,
                                      self);
}

void
lk_voice_button_set_ticket (LkVoiceButton *self, LtTicketService *tickets, LtConfig *config,
                            const char *receipt)
{
  g_return_if_fail (LK_IS_VOICE_BUTTON (self));
  g_return_if_fail (tickets == NULL || LT_IS_TICKET_SERVICE (tickets));
  if (self->player)
    lk_player_stop (self->player);
  /* The same ticket again (the desk refills it after every action): a
   * note never changes once filed, so the button stays as it is. */
  if (tickets != NULL && self->path != NULL && g_strcmp0 (receipt, self->receipt) == 0)
    {
      show_idle (self);
      return;
    }
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->receipt, g_free);
  g_set_object (&self->tickets, tickets);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  if (tickets == NULL || receipt == NULL)
    return;
  if (self->speaker == NULL)
    self->speaker = config ? lt_config_get_string (config, "kiosk", "speaker",
                                                   LK_PLAYER_DEFAULT_SPEAKER)
                           : g_strdup (LK_PLAYER_DEFAULT_SPEAKER);
  self->receipt = g_strdup (receipt);
  fetch (self);
}

gboolean
lk_voice_button_is_playing (LkVoiceButton *self)
{
  g_return_val_if_fail (LK_IS_VOICE_BUTTON (self), FALSE);
  return self->player && lk_player_is_playing (self->player);
}

static void
lk_voice_button_dispose (GObject *object)
{
  LkVoiceButton *self = LK_VOICE_BUTTON (object);

  if (self->player)
    {
      g_signal_handlers_disconnect_by_data (self->player, self);
      lk_player_stop (self->player);
    }
  g_clear_object (&self->player);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->tickets);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->receipt, g_free);
  g_clear_pointer (&self->speaker, g_free);
  G_OBJECT_CLASS (lk_voice_button_parent_class)->dispose (object);
}

static void
lk_voice_button_class_init (LkVoiceButtonClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = lk_voice_button_dispose;
  GTK_BUTTON_CLASS (klass)->clicked = lk_voice_button_clicked;
  signals[SIGNAL_PLAYED] =
    g_signal_new ("played", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
lk_voice_button_init (LkVoiceButton *self)
{
  gtk_widget_add_css_class (GTK_WIDGET (self), "lk-voice-play");
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_START);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
