/* lk-voice-button.c — ▶ for a ticket's voice note; see lk-voice-button.h.
 *
 * A file that has gone missing from the store's folder says so on the
 * button instead of failing silently: the clerk then knows to ask. */

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

static void
lk_voice_button_clicked (GtkButton *button)
{
  LkVoiceButton *self = LK_VOICE_BUTTON (button);
  g_autoptr(GError) error = NULL;

  if (self->path == NULL)
    return;
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

void
lk_voice_button_set_ticket (LkVoiceButton *self, LtStore *store, const char *receipt)
{
  g_autoptr(GPtrArray) attachments = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (LK_IS_VOICE_BUTTON (self));
  if (self->player)
    lk_player_stop (self->player);
  g_clear_pointer (&self->path, g_free);
  if (store && receipt)
    {
      attachments = lt_store_list_attachments (store, receipt, &error);
      if (attachments == NULL)
        g_warning ("cannot list the voice notes of %s: %s", receipt, error->message);
    }
  for (guint i = 0; attachments && i < attachments->len; i++)
    {
      const LtAttachment *a = g_ptr_array_index (attachments, i);

      if (g_str_equal (a->kind, "voice"))
        {
          self->path = g_strdup (a->path);
          self->seconds = a->seconds;
          break;
        }
    }
  if (self->path && self->player == NULL)
    {
      g_autofree char *speaker = lt_config_get_string (lt_store_get_config (store), "kiosk",
                                                       "speaker", LK_PLAYER_DEFAULT_SPEAKER);

      self->player = lk_player_new (speaker);
      g_signal_connect (self->player, "finished", G_CALLBACK (played_cb), self);
    }
  if (self->path)
    show_idle (self);
  gtk_widget_set_visible (GTK_WIDGET (self), self->path != NULL);
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
  g_clear_pointer (&self->path, g_free);
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
