/* lk-handwriting-pad.h — "用手指写字": a square a finger writes one
 * character in, recognised after every stroke.
 *
 * The best candidates come up as big buttons; tapping one takes it, and
 * so does simply writing on after a pause (the first candidate is taken).
 * 删一个字 rubs out the character being written, or else the last one
 * taken; 清空 starts again; 写好了 puts the text into the report's words and
 * goes back. The written text stands large above the pad. */

#pragma once

#include <gtk/gtk.h>
#include "lk-recognizer.h"

G_BEGIN_DECLS

#define LK_TYPE_HANDWRITING_PAD (lk_handwriting_pad_get_type ())
G_DECLARE_FINAL_TYPE (LkHandwritingPad, lk_handwriting_pad, LK, HANDWRITING_PAD, GtkWidget)

/* TRUE once the recognition model is loaded (it loads in a worker when the
 * pad joins a window); the 手写 button shows only then. */
gboolean    lk_handwriting_pad_is_available  (LkHandwritingPad *self);
/* The text written so far on the pad, candidates taken. */
const char *lk_handwriting_pad_get_text      (LkHandwritingPad *self);
/* The candidates on show now (NULL-terminated, maybe empty). */
const char *const *lk_handwriting_pad_get_candidates (LkHandwritingPad *self);
/* The drawing area strokes are written on (for tests and benchmarks). */
GtkWidget  *lk_handwriting_pad_get_canvas    (LkHandwritingPad *self);

/* Signals:
 *   ::candidates-shown: new candidates were put on screen. */

G_END_DECLS
