/* lk-idle-overlay.h — the full-screen "还需要更多时间吗?" question.
 *
 * Shown over every screen after a quiet period. It counts down; a tap on
 * 继续 (or anywhere on it) emits ::resume, running out emits ::expired. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LK_TYPE_IDLE_OVERLAY (lk_idle_overlay_get_type ())
G_DECLARE_FINAL_TYPE (LkIdleOverlay, lk_idle_overlay, LK, IDLE_OVERLAY, GtkWidget)

/* Shows the question and counts down from @seconds. */
void lk_idle_overlay_start (LkIdleOverlay *self, guint seconds);
/* Hides it without emitting anything. */
void lk_idle_overlay_stop  (LkIdleOverlay *self);

G_END_DECLS
