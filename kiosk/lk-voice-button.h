/* lk-voice-button.h — the staff desk's big ▶ for a ticket's voice note.
 *
 * Hidden when the ticket has none; "▶ 播放语音留言（1分20秒）" otherwise,
 * "■ 停止播放" while it plays through [kiosk] speaker. */

#pragma once

#include <gtk/gtk.h>
#include "lt-store.h"

G_BEGIN_DECLS

#define LK_TYPE_VOICE_BUTTON (lk_voice_button_get_type ())
G_DECLARE_FINAL_TYPE (LkVoiceButton, lk_voice_button, LK, VOICE_BUTTON, GtkButton)

/* Shows the first voice note of @receipt, or hides the button; stops
 * whatever was playing. @store NULL hides it. */
void      lk_voice_button_set_ticket (LkVoiceButton *self, LtStore *store, const char *receipt);
gboolean  lk_voice_button_is_playing (LkVoiceButton *self);

/* Signals:
 *   ::played (const GError *error): playback reached the end, or failed. */

G_END_DECLS
