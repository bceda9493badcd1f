/* lk-voice-page.h — "说一段话": a voice note of at most two minutes.
 *
 * 开始说话 records from the hall's microphone with a countdown on screen
 * and read aloud; 停止 ends it at any time; then 重听 plays it back, 重录
 * throws it away and records again, 好了 goes back with it in the report.
 * The recording belongs to the draft (lk_draft_set_voice) until the ticket
 * is filed, so abandoning the report deletes it.
 *
 * $LAITING_VOICE_MAX_SECONDS shortens the two-minute limit (a test knob). */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LK_TYPE_VOICE_PAGE (lk_voice_page_get_type ())
G_DECLARE_FINAL_TYPE (LkVoicePage, lk_voice_page, LK, VOICE_PAGE, GtkWidget)

/* TRUE once the microphone was found to give sound (checked when the page
 * joins a window); the 说一段话 button shows only then. */
gboolean lk_voice_page_is_available (LkVoicePage *self);
/* TRUE once that check has an answer, either way. */
gboolean lk_voice_page_is_probed    (LkVoicePage *self);
/* The longest note allowed, in seconds. */
guint    lk_voice_page_get_max_seconds (LkVoicePage *self);

G_END_DECLS
