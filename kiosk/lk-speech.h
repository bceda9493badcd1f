/* lk-speech.h — reading prompts and receipt numbers aloud in Mandarin.
 *
 * Speech runs in an `espeak-ng` child process with the cmn-latn-pinyin
 * voice, which pronounces Chinese characters and digits as Mandarin (the
 * plain "cmn" voice reads many characters as English letter names). A new
 * utterance, any tap, or switching the voice off stops the one playing. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LK_SPEECH_VOICE "cmn-latn-pinyin"

#define LK_TYPE_SPEECH (lk_speech_get_type ())
G_DECLARE_FINAL_TYPE (LkSpeech, lk_speech, LK, SPEECH, GObject)

LkSpeech   *lk_speech_new          (gboolean enabled) G_GNUC_WARN_UNUSED_RESULT;
gboolean    lk_speech_get_enabled  (LkSpeech *self);
void        lk_speech_set_enabled  (LkSpeech *self, gboolean enabled);
/* Stops what is playing and, when enabled, starts reading @text. */
void        lk_speech_say          (LkSpeech *self, const char *text);
void        lk_speech_stop         (LkSpeech *self);
/* TRUE while an utterance is playing. */
gboolean    lk_speech_is_speaking  (LkSpeech *self);
/* The last text handed to lk_speech_say while enabled (for tests). */
const char *lk_speech_get_last     (LkSpeech *self);

/* The espeak-ng command line for @text; to @wav_path instead of the sound
 * card when it is not NULL. $LAITING_ESPEAK names another program. */
GStrv       lk_speech_build_argv   (const char *text, const char *wav_path) G_GNUC_WARN_UNUSED_RESULT;

/* @text as the voice must be given it to pronounce it right: 重 meaning
 * "again" (重听, 重录, 重新) is read chóng, not zhòng. Newly allocated. */
char       *lk_speech_respell      (const char *text) G_GNUC_WARN_UNUSED_RESULT;

/* "120345678" → "1 2 0 3 4 5 6 7 8": spaced so each digit is read alone
 * (otherwise the voice reads one hundred and twenty million …). */
char       *lk_speech_spell_digits (const char *digits) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
