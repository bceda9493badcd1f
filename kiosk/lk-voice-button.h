/* lk-voice-button.h — the staff desk's big ▶ for a ticket's voice note.
 *
 * Hidden when the ticket has none; "▶ 播放语音留言（1分20秒）" otherwise,
 * "■ 停止播放" while it plays through [kiosk] speaker. */

#pragma once

#include <gtk/gtk.h>
#include "lt-ticket-service.h"

G_BEGIN_DECLS

#define LK_TYPE_VOICE_BUTTON (lk_voice_button_get_type ())
G_DECLARE_FINAL_TYPE (LkVoiceButton, lk_voice_button, LK, VOICE_BUTTON, GtkButton)

/* Looks for the voice note of @receipt in @tickets (the local store, or
 * the hub: then fetched into the cache off the main loop) and shows the
 * button once it can play it; hidden while looking and when the ticket has
 * none; a sentence on the button when the hub cannot be reached (pressing
 * it tries again). Stops whatever was playing. @tickets NULL hides it.
 * @config gives [kiosk] speaker. */
void      lk_voice_button_set_ticket (LkVoiceButton *self, LtTicketService *tickets,
                                      LtConfig *config, const char *receipt);
gboolean  lk_voice_button_is_playing (LkVoiceButton *self);

/* Signals:
 *   ::played (const GError *error): playback reached the end, or failed. */

G_END_DECLS
