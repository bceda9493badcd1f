/* lk-player.c — playbin with a configurable sink; see lk-player.h. */

#define G_LOG_DOMAIN "lk-player"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/gst.h>

#include "lk-player.h"

struct _LkPlayer
{
  GObject     parent_instance;
  char       *speaker;
  GstElement *playbin;
  guint       bus_watch;
};

enum { SIGNAL_FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LkPlayer, lk_player, G_TYPE_OBJECT)

static void
lk_player_dispose (GObject *object)
{
  lk_player_stop (LK_PLAYER (object));
  G_OBJECT_CLASS (lk_player_parent_class)->dispose (object);
}

static void
lk_player_finalize (GObject *object)
{
  g_free (LK_PLAYER (object)->speaker);
  G_OBJECT_CLASS (lk_player_parent_class)->finalize (object);
}

static void
lk_player_class_init (LkPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  gst_init (NULL, NULL);
  object_class->dispose = lk_player_dispose;
  object_class->finalize = lk_player_finalize;
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
lk_player_init (LkPlayer *self)
{
}

LkPlayer *
lk_player_new (const char *speaker)
{
  LkPlayer *self = g_object_new (LK_TYPE_PLAYER, NULL);

  self->speaker = g_strdup (speaker && *speaker ? speaker : LK_PLAYER_DEFAULT_SPEAKER);
  return self;
}

static void
finish (LkPlayer *self, const GError *error)
{
  lk_player_stop (self);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, error);
}

static gboolean
bus_cb (GstBus *bus, GstMessage *message, gpointer user_data)
{
  LkPlayer *self = user_data;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS)
    {
      self->bus_watch = 0;
      finish (self, NULL);
      return G_SOURCE_REMOVE;
    }
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gst_message_parse_error (message, &error, NULL);
      g_message ("playing a voice note failed: %s", error->message);
      self->bus_watch = 0;
      finish (self, error);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

gboolean
lk_player_play (LkPlayer *self, const char *path, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autofree char *uri = NULL;
  GstElement *sink;

  g_return_val_if_fail (LK_IS_PLAYER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  lk_player_stop (self);

  uri = g_filename_to_uri (path, NULL, error);
  if (uri == NULL)
    return FALSE;
  sink = gst_parse_bin_from_description (self->speaker, TRUE, &local);
  self->playbin = gst_element_factory_make ("playbin", NULL);
  if (sink == NULL || self->playbin == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("扬声器“%s”无法使用：%s"), self->speaker,
                   local ? local->message : _("缺少 GStreamer 组件 playbin"));
      if (sink)
        gst_object_unref (gst_object_ref_sink (sink));
      g_clear_object (&self->playbin);
      return FALSE;
    }
  gst_object_ref_sink (self->playbin);
  g_object_set (self->playbin, "uri", uri, "audio-sink", sink, NULL);
  bus = gst_element_get_bus (self->playbin);
  self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);
  if (gst_element_set_state (self->playbin, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      lk_player_stop (self);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("无法播放语音留言 %s。"), path);
      return FALSE;
    }
  return TRUE;
}

void
lk_player_stop (LkPlayer *self)
{
  g_return_if_fail (LK_IS_PLAYER (self));
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->playbin)
    {
      gst_element_set_state (self->playbin, GST_STATE_NULL);
      g_clear_object (&self->playbin);
    }
}

gboolean
lk_player_is_playing (LkPlayer *self)
{
  g_return_val_if_fail (LK_IS_PLAYER (self), FALSE);
  return self->playbin != NULL;
}
