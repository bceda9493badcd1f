/* lk-recorder.h — a voice note from the hall's microphone, as Opus in Ogg.
 *
 * The microphone is a GStreamer source description ([kiosk] microphone,
 * default "autoaudiosrc"), so a test can feed a test tone or a WAV file
 * instead. Recording runs in GStreamer's own threads; the main loop only
 * reads the clock four times a second for the countdown. A recording stops
 * at the time limit, on lk_recorder_stop, or when the source runs dry (a
 * file), and then emits ::finished once. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LK_RECORDER_DEFAULT_MICROPHONE "autoaudiosrc"
/* The longest voice note, in seconds. */
#define LK_RECORDER_MAX_SECONDS 120

#define LK_RECORDER_ERROR (lk_recorder_error_quark ())
typedef enum {
  LK_RECORDER_ERROR_MICROPHONE,   /* the source cannot be made or started */
  LK_RECORDER_ERROR_SILENT,       /* the recording holds no sound at all */
  LK_RECORDER_ERROR_FAILED,       /* encoding or writing failed */
} LkRecorderError;
GQuark lk_recorder_error_quark (void);

#define LK_TYPE_RECORDER (lk_recorder_get_type ())
G_DECLARE_FINAL_TYPE (LkRecorder, lk_recorder, LK, RECORDER, GObject)

/* @microphone: a gst-launch source description; NULL for the default. */
LkRecorder *lk_recorder_new          (const char *microphone) G_GNUC_WARN_UNUSED_RESULT;
const char *lk_recorder_get_microphone (LkRecorder *self);

/* Starts recording into @path (replaced), for at most @max_seconds. FALSE
 * with @error when the source cannot even be made. */
gboolean    lk_recorder_start        (LkRecorder *self, const char *path, guint max_seconds,
                                      GError **error);
/* Ends the recording now; ::finished follows once the file is complete. */
void        lk_recorder_stop         (LkRecorder *self);
/* Drops a recording in progress and deletes its file; no ::finished. */
void        lk_recorder_cancel       (LkRecorder *self);
gboolean    lk_recorder_is_recording (LkRecorder *self);
/* Sound recorded so far, in milliseconds. */
gint64      lk_recorder_get_elapsed_ms (LkRecorder *self);

/* Checks that the source gives sound: runs it into a fakesink until the
 * first buffer or an error, at most @timeout_ms. */
void        lk_recorder_probe_async  (LkRecorder *self, guint timeout_ms, GCancellable *cancellable,
                                      GAsyncReadyCallback callback, gpointer user_data);
gboolean    lk_recorder_probe_finish (LkRecorder *self, GAsyncResult *result, GError **error);

/* Signals:
 *   ::finished (const char *path, guint seconds, const GError *error):
 *     the file is complete and @seconds long, or @error says why not (the
 *     file is then deleted and @path is NULL). */

G_END_DECLS
