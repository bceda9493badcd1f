/* lt-hub-voice.c — checking an uploaded voice note; see lt-hub-voice.h.
 *
 * The hub keeps what it is given and the staff desk plays it back, so
 * what is not an Ogg file is refused here: a player fed a stranger's
 * bytes is the last place to find out. */

#define G_LOG_DOMAIN "lt-hub"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "lt-hub-voice.h"

gboolean
lt_hub_voice_check (GBytes *body, const char *content_type, const char *seconds_text,
                    guint *seconds, GError **error)
{
  gsize len = body ? g_bytes_get_size (body) : 0;
  guint64 n;

  if (content_type == NULL ||
      (g_ascii_strcasecmp (content_type, "audio/ogg") != 0 &&
       g_ascii_strcasecmp (content_type, "audio/opus") != 0))
    {
      g_set_error_literal (error, LT_HUB_REQUEST_ERROR, LT_HUB_REQUEST_ERROR_MEDIA_TYPE,
                           _("语音留言应以 Ogg 文件上传（Content-Type: audio/ogg）。"));
      return FALSE;
    }
  if (len < 4 || memcmp (g_bytes_get_data (body, NULL), "OggS", 4) != 0)
    {
      g_set_error_literal (error, LT_HUB_REQUEST_ERROR, LT_HUB_REQUEST_ERROR_MEDIA_TYPE,
                           _("上传的内容不是 Ogg 音频文件。"));
      return FALSE;
    }
  if (seconds_text == NULL)
    {
      g_set_error_literal (error, LT_HUB_REQUEST_ERROR, LT_HUB_REQUEST_ERROR_MISSING,
                           _("请用参数 seconds 给出语音留言的长度（秒）。"));
      return FALSE;
    }
  if (!g_ascii_string_to_unsigned (seconds_text, 10, 1, LT_HUB_VOICE_MAX_SECONDS, &n, NULL))
    {
      g_set_error (error, LT_HUB_REQUEST_ERROR, LT_HUB_REQUEST_ERROR_VALUE,
                   _("seconds 应为 1 到 %u 之间的整数。"), LT_HUB_VOICE_MAX_SECONDS);
      return FALSE;
    }
  *seconds = (guint) n;
  return TRUE;
}
