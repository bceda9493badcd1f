/* lt-hub-voice.h — checking a voice note an edge uploads to the hub.
 *
 * A kiosk on the network records a resident's note as Opus in Ogg and its
 * spool sends it after the ticket (PUT /api/v1/tickets/R/voice, the body
 * the file itself, ?seconds= its length). Like lt-hub-request.h these are
 * pure functions of what arrived, so a refusal never reaches the store. */

#pragma once

#include "lt-hub-request.h"

G_BEGIN_DECLS

/* The longest note the hub takes: the kiosk records at most two minutes;
 * a little slack for a length rounded up. */
#define LT_HUB_VOICE_MAX_SECONDS 130

/* TRUE when @body is an Ogg file (it starts with the "OggS" capture
 * pattern) sent as @content_type audio/ogg (or audio/opus), and
 * @seconds_text is a whole number of seconds from 1 to
 * LT_HUB_VOICE_MAX_SECONDS, stored in *@seconds. Otherwise FALSE with
 * LT_HUB_REQUEST_ERROR_MEDIA_TYPE, _MISSING or _VALUE. */
gboolean lt_hub_voice_check (GBytes *body, const char *content_type, const char *seconds_text,
                             guint *seconds, GError **error);

G_END_DECLS
