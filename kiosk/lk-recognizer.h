/* lk-recognizer.h — handwritten characters to candidate characters, with
 * zinnia and Debian's Simplified Chinese model.
 *
 * Recognition runs in a worker thread (GTask), so the kiosk keeps drawing
 * while it works; the model is loaded once per kiosk. */

#pragma once

#include <gio/gio.h>
#include <graphene.h>

G_BEGIN_DECLS

/* tegaki-zinnia-simplified-chinese installs it here. */
#define LK_RECOGNIZER_DEFAULT_MODEL "/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model"
#define LK_RECOGNIZER_MAX_CANDIDATES 8

#define LK_RECOGNIZER_ERROR (lk_recognizer_error_quark ())
typedef enum {
  LK_RECOGNIZER_ERROR_MODEL,   /* the model file cannot be read */
} LkRecognizerError;
GQuark lk_recognizer_error_quark (void);

#define LK_TYPE_RECOGNIZER (lk_recognizer_get_type ())
G_DECLARE_FINAL_TYPE (LkRecognizer, lk_recognizer, LK, RECOGNIZER, GObject)

/* Loads the model at @model_path (NULL: the default); NULL with @error. */
LkRecognizer *lk_recognizer_new             (const char *model_path, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Recognises one character written on a @width × @height square.
 * @strokes holds one GArray of graphene_point_t per stroke, in the order
 * written; it is copied, so the caller may go on changing it. */
void          lk_recognizer_classify_async  (LkRecognizer        *self,
                                             GPtrArray           *strokes,
                                             int                  width,
                                             int                  height,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
/* The candidates, best first (at most LK_RECOGNIZER_MAX_CANDIDATES, maybe
 * none), or NULL with @error. */
GStrv         lk_recognizer_classify_finish (LkRecognizer  *self,
                                             GAsyncResult  *result,
                                             GError       **error) G_GNUC_WARN_UNUSED_RESULT;
/* The same, waiting for the answer (benchmarks and tools). */
GStrv         lk_recognizer_classify        (LkRecognizer *self,
                                             GPtrArray    *strokes,
                                             int           width,
                                             int           height) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
