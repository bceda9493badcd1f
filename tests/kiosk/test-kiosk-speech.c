/* test-kiosk-speech.c — the voice really speaks Mandarin, and stops.
 *
 * Every prompt the kiosk's screens read out (with realistic content) is
 * run through espeak-ng's phoneme output with the kiosk's voice: none may
 * fall back to English letter names, which is what the plain "cmn" voice
 * does with many characters. The receipt read-out is rendered to a WAV
 * and must hold seconds of real sound. A tap stops speech; so does
 * switching the voice off. */

#define G_LOG_DOMAIN "test-kiosk-speech"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "kiosk-fixture.h"
#include "lk-draft.h"
#include "lk-page.h"
#include "lk-receipt-page.h"
#include "lk-speech.h"
#include "lk-window.h"

static KioskEnv *env;

static char *
phonemes (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GSubprocess) proc =
    g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                      "espeak-ng", "-q", "-x", "-v", LK_SPEECH_VOICE, "--", text, NULL);

  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&out);
}

static void
assert_mandarin (const char *text)
{
  g_autofree char *ph = phonemes (text);

  g_test_message ("%s → %.60s…", text, ph);
  g_assert_cmpuint (strlen (g_strstrip (ph)), >, 0);
  if (strstr (ph, "(en)") != NULL)
    g_error ("\"%s\" is read partly in English: %s", text, ph);
}

static LkWindow *
new_window (void)
{
  return kiosk_window_new (env, NULL);
}

static void
test_prompts (void)
{
  static const char *const pages[] = {
    "home", "category", "describe", "location", "phone", "confirm", "lookup",
  };
  LkWindow *window = new_window ();
  LkDraft *draft = lk_window_get_draft (window);
  LtSubmission sub = { LT_CHANNEL_KIOSK, "roads", "路灯不亮", "3号楼", "13912345678", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(LtTicket) ticket = lt_store_submit (env->store, &sub, &error);
  g_autofree char *receipt_prompt = NULL;

  g_assert_no_error (error);
  lk_draft_set_category (draft, "roads");
  lk_draft_toggle_problem (draft, "路灯不亮", TRUE);
  lk_draft_set_location (draft, "3号楼");
  g_strlcpy (draft->phone, "13912345678", sizeof draft->phone);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      GtkWidget *page = lk_window_get_page (window, pages[i]);
      g_autofree char *prompt = NULL;

      lk_window_go (window, pages[i]);
      prompt = lk_page_prompt (LK_PAGE (page));
      g_assert_nonnull (prompt);
      assert_mandarin (prompt);
    }
  lk_receipt_page_set_ticket (LK_RECEIPT_PAGE (lk_window_get_page (window, "receipt")), ticket);
  lk_window_go (window, "receipt");
  receipt_prompt = lk_page_prompt (LK_PAGE (lk_window_get_page (window, "receipt")));
  assert_mandarin (receipt_prompt);
  assert_mandarin ("还需要更多时间吗？需要的话，请点继续。");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* RMS of a 16-bit PCM WAV's samples, and its length in seconds. */
static void
wav_stats (const char *path, double *rms, double *seconds)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  guint32 rate;
  double sum = 0;
  gsize n;
  const gint16 *samples;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_cmpuint (len, >, 44);
  g_assert_true (memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WAVE", 4) == 0);
  memcpy (&rate, data + 24, 4);
  samples = (const gint16 *) (data + 44);
  n = (len - 44) / 2;
  for (gsize i = 0; i < n; i++)
    sum += (double) samples[i] * samples[i];
  *rms = n ? sqrt (sum / n) / 32768.0 : 0;
  *seconds = (double) n / rate;
}

static void
test_receipt_sound (void)
{
  g_autofree char *wav = g_build_filename (env->dir, "receipt.wav", NULL);
  g_autofree char *spelled = lk_speech_spell_digits ("120345678");
  g_autofree char *text = g_strdup_printf ("您的回执号是：%s。", spelled);
  g_auto(GStrv) argv = lk_speech_build_argv (text, wav);
  g_autoptr(GError) error = NULL;
  int status = -1;
  double rms, seconds;

  g_assert_cmpstr (spelled, ==, "1 2 0 3 4 5 6 7 8");
  g_assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  wav_stats (wav, &rms, &seconds);
  g_test_message ("receipt read-out: %.1f s, RMS %.3f", seconds, rms);
  /* Nine digits one by one at 130 words a minute take several seconds. */
  g_assert_cmpfloat (seconds, >, 3.0);
  g_assert_cmpfloat (rms, >, 0.02);
  g_remove (wav);
}

static void
test_stops (void)
{
  LkWindow *window = new_window ();
  LkSpeech *speech = lk_window_get_speech (window);

  lk_speech_set_enabled (speech, TRUE);
  lk_window_say (window, "您好，请点我要反映问题。");
  g_assert_cmpstr (lk_speech_get_last (speech), ==, "您好，请点我要反映问题。");
  /* Without a sound card espeak-ng may already have given up; either way a
   * tap must leave nothing speaking. */
  lk_window_user_active (window);
  g_assert_false (lk_speech_is_speaking (speech));

  lk_window_say (window, "请输入回执上的九位号码。");
  lk_speech_set_enabled (speech, FALSE);
  g_assert_false (lk_speech_is_speaking (speech));
  lk_window_say (window, "这句不该读出来。");
  g_assert_cmpstr (lk_speech_get_last (speech), ==, "请输入回执上的九位号码。");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  int status;

  kiosk_fixture_init (&argc, &argv);
  env = kiosk_env_new ("[site]\nname = 幸福里社区服务站\norigin = 12\n"
                       "buildings = 3号楼\n[kiosk]\nvoice = true\n");

  g_test_add_func ("/kiosk/speech/prompts-are-mandarin", test_prompts);
  g_test_add_func ("/kiosk/speech/receipt-sound", test_receipt_sound);
  g_test_add_func ("/kiosk/speech/stops", test_stops);
  status = g_test_run ();

  kiosk_env_free (env);
  return status;
}
