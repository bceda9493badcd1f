/* lk-speech.h — reading prompts and receipt numbers aloud in the
 * resident's language.
 *
 * Speech runs in an `espeak-ng` child process. The voice follows the
 * translation: cmn-latn-pinyin for Chinese, which pronounces characters
 * and digits as Mandarin (the plain "cmn" voice reads many characters as
 * English letter names), an English voice for LANGUAGE=en. A new
 * utterance, any tap, or switching the voice off stops the one playing.
 *
 * Numbers are spoken the way people read them out to each other: digit by
 * digit in groups of three with a pause between groups, "1" as "幺" in
 * Chinese (yī is easily taken for qī), and times as times. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The Mandarin voice; lk_speech_voice () gives the one for the language. */
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

/* The espeak-ng voice for the current translation. */
const char *lk_speech_voice        (void);

/* How one digit is said: "幺" for 1 in Chinese, the digit otherwise. */
const char *lk_speech_digit        (char digit);

/* "13912345678" → "幺 3 9 幺 2 3 4 5 6 7 8": spaced so each digit is read
 * alone (otherwise the voice reads one hundred and twenty million …). */
char       *lk_speech_spell_digits (const char *digits) G_GNUC_WARN_UNUSED_RESULT;

/* A receipt number in its groups of three, with the language's pause
 * between groups: "幺 2 0，3 4 5，6 7 8" ("1 2 0, 3 4 5, 6 7 8" in
 * English). Also the receipt's accessible text, for screen readers. */
char       *lk_speech_spell_receipt (const char *digits) G_GNUC_WARN_UNUSED_RESULT;

/* A mobile number in its groups, 3 4 4, the same way. */
char       *lk_speech_spell_phone  (const char *digits) G_GNUC_WARN_UNUSED_RESULT;

/* A time as said aloud: "11月21日8点30分", "November 21 at 8:30 AM". */
char       *lk_speech_format_time  (gint64 unix_seconds) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
