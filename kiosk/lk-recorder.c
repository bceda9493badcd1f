/* lk-recorder.c — GStreamer capture to Opus in Ogg; see lk-recorder.h.
 *
 * <microphone> ! queue ! audioconvert ! audioresample ! opusenc ! oggmux !
 * filesink. A pad probe in front of the encoder keeps the length recorded
 * so far (from the buffers' own timestamps, so a file fed faster than real
 * time is measured as long as it sounds) and drops what comes after the
 * limit; the main loop then sends end-of-stream so the Ogg file is closed
 * properly. If end-of-stream never comes back (a source that ignores it),
 * the pipeline is stopped after a grace period and the file kept. */

#define G_LOG_DOMAIN "lk-recorder"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "lk-recorder.h"

#define STOP_GRACE_MS 3000

struct _LkRecorder
{
  GObject     parent_instance;
  char       *microphone;
  GstElement *pipeline;
  guint       bus_watch;
  guint       grace_id;
  char       *path;
  gboolean    stopping;

  GMutex      lock;         /* guards what the streaming thread writes: */
  GstClockTime first_pts;   /* GST_CLOCK_TIME_NONE until the first buffer */
  GstClockTime recorded;    /* sound kept so far */
  GstClockTime limit;
  gboolean    limit_hit;
};

enum { SIGNAL_FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LkRecorder, lk_recorder, G_TYPE_OBJECT)
G_DEFINE_QUARK (lk-recorder-error-quark, lk_recorder_error)

static void
teardown (LkRecorder *self)
{
  g_clear_handle_id (&self->grace_id, g_source_remove);
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->pipeline)
    {
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      g_clear_object (&self->pipeline);
    }
  self->stopping = FALSE;
}

static void
lk_recorder_dispose (GObject *object)
{
  lk_recorder_cancel (LK_RECORDER (object));
  G_OBJECT_CLASS (lk_recorder_parent_class)->dispose (object);
}

static void
lk_recorder_finalize (GObject *object)
{
  LkRecorder *self = LK_RECORDER (object);

  g_free (self->microphone);
  g_free (self->path);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (lk_recorder_parent_class)->finalize (object);
}

static void
lk_recorder_class_init (LkRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  gst_init (NULL, NULL);
  object_class->dispose = lk_recorder_dispose;
  object_class->finalize = lk_recorder_finalize;
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_UINT, G_TYPE_ERROR);
}

static void
lk_recorder_init (LkRecorder *self)
{
  g_mutex_init (&self->lock);
}

LkRecorder *
lk_recorder_new (const char *microphone)
{
  LkRecorder *self = g_object_new (LK_TYPE_RECORDER, NULL);

  self->microphone = g_strdup (microphone && *microphone ? microphone : LK_RECORDER_DEFAULT_MICROPHONE);
  return self;
}

const char *
lk_recorder_get_microphone (LkRecorder *self)
{
  g_return_val_if_fail (LK_IS_RECORDER (self), NULL);
  return self->microphone;
}

/* The configured source as one element with a source pad. */
static GstElement *
make_source (LkRecorder *self, GError **error)
{
  g_autoptr(GError) local = NULL;
  GstElement *bin = gst_parse_bin_from_description (self->microphone, TRUE, &local);

  if (bin == NULL)
    {
      g_set_error (error, LK_RECORDER_ERROR, LK_RECORDER_ERROR_MICROPHONE,
                   _("麦克风“%s”无法使用：%s"), self->microphone, local->message);
      return NULL;
    }
  return bin;
}

static GstElement *
make (const char *factory, GError **error)
{
  GstElement *element = gst_element_factory_make (factory, NULL);

  if (element == NULL)
    g_set_error (error, LK_RECORDER_ERROR, LK_RECORDER_ERROR_FAILED,
                 _("缺少 GStreamer 组件 %s，无法录音。"), factory);
  return element;
}

static GstPadProbeReturn
buffer_probe_cb (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  LkRecorder *self = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  GstClockTime end;
  gboolean over = FALSE, first_over = FALSE;

  if (!GST_BUFFER_PTS_IS_VALID (buffer))
    return GST_PAD_PROBE_OK;
  g_mutex_lock (&self->lock);
  if (self->first_pts == GST_CLOCK_TIME_NONE)
    self->first_pts = GST_BUFFER_PTS (buffer);
  end = GST_BUFFER_PTS (buffer) - MIN (self->first_pts, GST_BUFFER_PTS (buffer));
  if (GST_BUFFER_DURATION_IS_VALID (buffer))
    end += GST_BUFFER_DURATION (buffer);
  if (end > self->limit)
    {
      over = TRUE;
      first_over = !self->limit_hit;
      self->limit_hit = TRUE;
    }
  else
    self->recorded = MAX (self->recorded, end);
  g_mutex_unlock (&self->lock);
  if (first_over)
    {
      GstElement *encoder = gst_pad_get_parent_element (pad);

      gst_element_post_message (encoder, gst_message_new_application (GST_OBJECT (encoder),
                                                                       gst_structure_new_empty ("lk-limit")));
      gst_object_unref (encoder);
    }
  return over ? GST_PAD_PROBE_DROP : GST_PAD_PROBE_OK;
}

static void
finish (LkRecorder *self, GError *error)
{
  g_autofree char *path = g_steal_pointer (&self->path);
  guint seconds;

  teardown (self);
  g_mutex_lock (&self->lock);
  seconds = (guint) ((self->recorded + GST_SECOND / 2) / GST_SECOND);
  g_mutex_unlock (&self->lock);
  if (error == NULL && seconds == 0)
    error = g_error_new_literal (LK_RECORDER_ERROR, LK_RECORDER_ERROR_SILENT,
                                 _("没有录到声音。"));
  if (error != NULL)
    {
      g_message ("voice note not kept: %s", error->message);
      g_remove (path);
      g_signal_emit (self, signals[SIGNAL_FINISHED], 0, NULL, 0u, error);
      g_error_free (error);
      return;
    }
  g_debug ("voice note of %u s in %s", seconds, path);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, path, seconds, NULL);
}

static gboolean
grace_cb (gpointer user_data)
{
  LkRecorder *self = user_data;

  self->grace_id = 0;
  g_message ("the microphone did not end its stream; keeping what was recorded");
  finish (self, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
bus_cb (GstBus *bus, GstMessage *message, gpointer user_data)
{
  LkRecorder *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_EOS:
      self->bus_watch = 0;
      finish (self, NULL);
      return G_SOURCE_REMOVE;
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) gst_error = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_error (message, &gst_error, &debug);
        g_message ("recording failed: %s (%s)", gst_error->message, debug ? debug : "");
        self->bus_watch = 0;
        finish (self, g_error_new (LK_RECORDER_ERROR, LK_RECORDER_ERROR_FAILED,
                                   _("录音出了问题：%s"), gst_error->message));
        return G_SOURCE_REMOVE;
      }
    case GST_MESSAGE_APPLICATION:
      if (gst_message_has_name (message, "lk-limit"))
        lk_recorder_stop (self);
      break;
    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

static const char *const factories[] = {
  "queue", "audioconvert", "audioresample", "opusenc", "oggmux", "filesink"
};

static GstElement *
build_pipeline (LkRecorder *self, const char *path, GError **error)
{
  g_autoptr(GstElement) pipeline = gst_object_ref_sink (gst_pipeline_new ("voice-note"));
  GstElement *elements[G_N_ELEMENTS (factories)];
  GstElement *source = make_source (self, error);
  g_autoptr(GstPad) pad = NULL;

  if (source == NULL)
    return NULL;
  gst_bin_add (GST_BIN (pipeline), source);
  for (guint i = 0; i < G_N_ELEMENTS (factories); i++)
    {
      elements[i] = make (factories[i], error);
      if (elements[i] == NULL)
        return NULL;
      gst_bin_add (GST_BIN (pipeline), elements[i]);
    }
  /* Speech, not music: a small file that still sounds like the person. */
  gst_util_set_object_arg (G_OBJECT (elements[3]), "audio-type", "voice");
  g_object_set (elements[3], "bitrate", 32000, NULL);
  g_object_set (elements[5], "location", path, NULL);
  if (!gst_element_link (source, elements[0]) ||
      !gst_element_link_many (elements[0], elements[1], elements[2], elements[3],
                              elements[4], elements[5], NULL))
    {
      g_set_error (error, LK_RECORDER_ERROR, LK_RECORDER_ERROR_MICROPHONE,
                   _("麦克风“%s”给出的不是声音。"), self->microphone);
      return NULL;
    }
  pad = gst_element_get_static_pad (elements[3], "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, buffer_probe_cb, self, NULL);
  return g_steal_pointer (&pipeline);
}

gboolean
lk_recorder_start (LkRecorder *self, const char *path, guint max_seconds, GError **error)
{
  g_autoptr(GstBus) bus = NULL;

  g_return_val_if_fail (LK_IS_RECORDER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  lk_recorder_cancel (self);

  self->pipeline = build_pipeline (self, path, error);
  if (self->pipeline == NULL)
    return FALSE;
  g_mutex_lock (&self->lock);
  self->first_pts = GST_CLOCK_TIME_NONE;
  self->recorded = 0;
  self->limit = (GstClockTime) MAX (max_seconds, 1) * GST_SECOND;
  self->limit_hit = FALSE;
  g_mutex_unlock (&self->lock);
  self->path = g_strdup (path);
  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      teardown (self);
      g_remove (path);
      g_clear_pointer (&self->path, g_free);
      g_set_error (error, LK_RECORDER_ERROR, LK_RECORDER_ERROR_MICROPHONE,
                   _("麦克风“%s”打不开。"), self->microphone);
      return FALSE;
    }
  return TRUE;
}

void
lk_recorder_stop (LkRecorder *self)
{
  g_return_if_fail (LK_IS_RECORDER (self));
  if (self->pipeline == NULL || self->stopping)
    return;
  self->stopping = TRUE;
  gst_element_send_event (self->pipeline, gst_event_new_eos ());
  self->grace_id = g_timeout_add (STOP_GRACE_MS, grace_cb, self);
}

void
lk_recorder_cancel (LkRecorder *self)
{
  g_return_if_fail (LK_IS_RECORDER (self));
  if (self->pipeline == NULL)
    return;
  teardown (self);
  if (self->path)
    g_remove (self->path);
  g_clear_pointer (&self->path, g_free);
}

gboolean
lk_recorder_is_recording (LkRecorder *self)
{
  g_return_val_if_fail (LK_IS_RECORDER (self), FALSE);
  return self->pipeline != NULL;
}

gint64
lk_recorder_get_elapsed_ms (LkRecorder *self)
{
  gint64 ms;

  g_return_val_if_fail (LK_IS_RECORDER (self), 0);
  g_mutex_lock (&self->lock);
  ms = (gint64) (self->recorded / GST_MSECOND);
  g_mutex_unlock (&self->lock);
  return ms;
}

/* --- probing the microphone ---------------------------------------------- */

typedef struct {
  GstElement *pipeline;
  guint       bus_watch;
  guint       timeout_id;
  guint       timeout_ms;
} Probe;

static void
probe_free (Probe *probe)
{
  g_clear_handle_id (&probe->bus_watch, g_source_remove);
  g_clear_handle_id (&probe->timeout_id, g_source_remove);
  if (probe->pipeline)
    {
      gst_element_set_state (probe->pipeline, GST_STATE_NULL);
      g_clear_object (&probe->pipeline);
    }
  g_free (probe);
}

static void
probe_return (GTask *task, GError *error)
{
  Probe *probe = g_task_get_task_data (task);

  /* Stop listening before answering: the task data outlives this call. */
  g_clear_handle_id (&probe->bus_watch, g_source_remove);
  g_clear_handle_id (&probe->timeout_id, g_source_remove);
  if (probe->pipeline)
    gst_element_set_state (probe->pipeline, GST_STATE_NULL);
  if (error)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static GstPadProbeReturn
probe_buffer_cb (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  GstElement *sink;

  /* autoaudiosrc with no sound card falls back to a source of silent gap
   * buffers: those are not a microphone. */
  if (GST_BUFFER_FLAG_IS_SET (GST_PAD_PROBE_INFO_BUFFER (info), GST_BUFFER_FLAG_GAP))
    return GST_PAD_PROBE_OK;
  sink = gst_pad_get_parent_element (pad);

  gst_element_post_message (sink, gst_message_new_application (GST_OBJECT (sink),
                                                               gst_structure_new_empty ("lk-sound")));
  gst_object_unref (sink);
  return GST_PAD_PROBE_REMOVE;
}

static gboolean
probe_bus_cb (GstBus *bus, GstMessage *message, gpointer user_data)
{
  GTask *task = user_data;
  LkRecorder *self = g_task_get_source_object (task);
  Probe *probe = g_task_get_task_data (task);

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR ||
      GST_MESSAGE_TYPE (message) == GST_MESSAGE_WARNING)
    {
      g_autoptr(GError) gst_error = NULL;

      /* A warning before any sound is how autoaudiosrc says it found no
       * device ("Failed to connect"). */
      if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
        gst_message_parse_error (message, &gst_error, NULL);
      else
        gst_message_parse_warning (message, &gst_error, NULL);
      probe->bus_watch = 0;
      probe_return (task, g_error_new (LK_RECORDER_ERROR, LK_RECORDER_ERROR_MICROPHONE,
                                       _("麦克风“%s”无法使用：%s"), self->microphone,
                                       gst_error->message));
      return G_SOURCE_REMOVE;
    }
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_APPLICATION &&
      gst_message_has_name (message, "lk-sound"))
    {
      probe->bus_watch = 0;
      probe_return (task, NULL);
      return G_SOURCE_REMOVE;
    }
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS)
    {
      probe->bus_watch = 0;
      probe_return (task, g_error_new (LK_RECORDER_ERROR, LK_RECORDER_ERROR_MICROPHONE,
                                       _("麦克风“%s”没有送来声音就结束了。"), self->microphone));
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
probe_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  LkRecorder *self = g_task_get_source_object (task);
  Probe *probe = g_task_get_task_data (task);

  probe->timeout_id = 0;
  probe_return (task, g_error_new (LK_RECORDER_ERROR, LK_RECORDER_ERROR_MICROPHONE,
                                   _("麦克风“%s”在 %u 毫秒内没有送来声音。"),
                                   self->microphone, probe->timeout_ms));
  return G_SOURCE_REMOVE;
}

static void
start_probe_cb (GstElement *pipeline, gpointer user_data)
{
  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    GST_ELEMENT_ERROR (pipeline, RESOURCE, OPEN_READ, ("the source cannot be started"), (NULL));
}

void
lk_recorder_probe_async (LkRecorder *self, guint timeout_ms, GCancellable *cancellable,
                         GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task;
  Probe *probe;
  GError *error = NULL;
  GstElement *source, *sink;
  g_autoptr(GstPad) pad = NULL;
  g_autoptr(GstBus) bus = NULL;

  g_return_if_fail (LK_IS_RECORDER (self));
  /* Load the encoder's plugins now, at start-up, rather than on the main
   * loop while a resident waits for 开始说话 to answer. */
  for (guint i = 0; i < G_N_ELEMENTS (factories); i++)
    {
      GstElement *element = gst_element_factory_make (factories[i], NULL);

      if (element)
        gst_object_unref (gst_object_ref_sink (element));
    }
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lk_recorder_probe_async);
  probe = g_new0 (Probe, 1);
  probe->timeout_ms = timeout_ms;
  g_task_set_task_data (task, probe, (GDestroyNotify) probe_free);

  source = make_source (self, &error);
  if (source == NULL)
    {
      probe_return (task, error);
      return;
    }
  probe->pipeline = g_object_ref_sink (gst_pipeline_new ("microphone-probe"));
  sink = gst_element_factory_make ("fakesink", NULL);
  gst_bin_add_many (GST_BIN (probe->pipeline), source, sink, NULL);
  if (!gst_element_link (source, sink))
    {
      probe_return (task, g_error_new (LK_RECORDER_ERROR, LK_RECORDER_ERROR_MICROPHONE,
                                       _("麦克风“%s”给出的不是声音。"), self->microphone));
      return;
    }
  pad = gst_element_get_static_pad (sink, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, probe_buffer_cb, NULL, NULL);
  bus = gst_element_get_bus (probe->pipeline);
  probe->bus_watch = gst_bus_add_watch (bus, probe_bus_cb, task);
  probe->timeout_id = g_timeout_add (timeout_ms, probe_timeout_cb, task);
  /* Opening a device (autoaudiosrc tries one sound server after another)
   * can take seconds: not on the main loop. A failure posts an error. */
  gst_element_call_async (probe->pipeline, start_probe_cb, NULL, NULL);
}

gboolean
lk_recorder_probe_finish (LkRecorder *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
