/* lk-player.h — plays a voice note back: 重听 at the kiosk, ▶ at the desk.
 *
 * The loudspeaker is a GStreamer sink description ([kiosk] speaker,
 * default "autoaudiosink"), so tests can play into a fakesink in real
 * time and still hear the end of the file. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LK_PLAYER_DEFAULT_SPEAKER "autoaudiosink"

#define LK_TYPE_PLAYER (lk_player_get_type ())
G_DECLARE_FINAL_TYPE (LkPlayer, lk_player, LK, PLAYER, GObject)

/* @speaker: a gst-launch sink description; NULL for the default. */
LkPlayer *lk_player_new        (const char *speaker) G_GNUC_WARN_UNUSED_RESULT;
/* Plays @path from the start, stopping what was playing; FALSE with @error
 * when it cannot even start. ::finished (const GError *error) follows at the
 * end of the file, or on an error, but not after lk_player_stop. */
gboolean  lk_player_play       (LkPlayer *self, const char *path, GError **error);
void      lk_player_stop       (LkPlayer *self);
gboolean  lk_player_is_playing (LkPlayer *self);

G_END_DECLS
