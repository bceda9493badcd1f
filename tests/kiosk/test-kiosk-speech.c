/* test-kiosk-speech.c — the voice really speaks the resident's language,
 * says what matters, and stops.
 *
 * Every prompt the kiosk's screens read out (with realistic content) is
 * run through espeak-ng's phoneme output with the kiosk's voice: in
 * Chinese none may fall back to English letter names, which is what the
 * plain "cmn" voice does with many characters; with LANGUAGE=en the voice
 * is an English one. A screen's options are read after its question, in
 * order; each keypad digit is echoed; times are read as times. The receipt
 * read-out is rendered to a WAV: the digits come in groups of three with a
 * real pause between groups and none inside a group, "1" said as "幺". A
 * tap stops speech; so does switching the voice off. */

#define G_LOG_DOMAIN "test-kiosk-speech"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <glib/gi18n-lib.h>

#include "kiosk-fixture.h"
#include "lk-draft.h"
#include "lk-page.h"
#include "lk-receipt-page.h"
#include "lk-speech.h"
#include "lk-status-page.h"
#include "lk-window.h"

static KioskEnv *env;

static char *
phonemes (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GSubprocess) proc =
    g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                      "espeak-ng", "-q", "-x", "-v", lk_speech_voice (), "--", text, NULL);

  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&out);
}

static gboolean
english (void)
{
  return g_str_has_prefix (lk_speech_voice (), "en");
}

static void
assert_mandarin (const char *text)
{
  g_autofree char *ph = NULL;

  if (english ())
    return;   /* the English prompts carry the hall's Chinese names */
  ph = phonemes (text);
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
  lk_draft_toggle_problem (draft, "井盖缺失", TRUE);
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

/* The silent stretches (10 ms windows under 1 % of full scale) longer than
 * @min_ms between the first and the last sound of a 16-bit PCM WAV. */
static guint
count_pauses (const char *path, guint min_ms, double *seconds)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  guint32 rate;
  const gint16 *samples;
  gsize n, window;
  gboolean heard = FALSE;
  guint quiet = 0, pauses = 0;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_cmpuint (len, >, 44);
  g_assert_true (memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WAVE", 4) == 0);
  memcpy (&rate, data + 24, 4);
  samples = (const gint16 *) (data + 44);
  n = (len - 44) / 2;
  window = rate / 100;
  *seconds = (double) n / rate;
  for (gsize start = 0; start + window <= n; start += window)
    {
      double sum = 0;

      for (gsize i = start; i < start + window; i++)
        sum += (double) samples[i] * samples[i];
      if (sqrt (sum / window) < 0.01 * 32768)
        quiet++;
      else
        {
          /* Only a silence with sound on both sides is a pause. */
          if (heard && quiet * 10 >= min_ms)
            pauses++;
          heard = TRUE;
          quiet = 0;
        }
    }
  return pauses;
}

static guint
render_pauses (const char *text, guint min_ms, double *seconds)
{
  g_autofree char *wav = g_build_filename (env->dir, "said.wav", NULL);
  g_auto(GStrv) argv = lk_speech_build_argv (text, wav);
  g_autoptr(GError) error = NULL;
  int status = -1;
  guint pauses;

  g_assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  pauses = count_pauses (wav, min_ms, seconds);
  g_remove (wav);
  return pauses;
}

static void
test_receipt_sound (void)
{
  g_autofree char *spelled = lk_speech_spell_receipt ("120345678");
  g_autofree char *one_group = lk_speech_spell_receipt ("120");
  double seconds = 0;
  guint pauses;

  /* Groups of three, 1 as 幺 in Chinese. */
  if (english ())
    g_assert_cmpstr (spelled, ==, "1 2 0, 3 4 5, 6 7 8");
  else
    g_assert_cmpstr (spelled, ==, "幺 2 0，3 4 5，6 7 8");
  g_assert_cmpstr (lk_speech_digit ('1'), ==, english () ? "1" : "幺");

  /* Rendered: two clear pauses, between the three groups… */
  pauses = render_pauses (spelled, 180, &seconds);
  g_test_message ("receipt read-out (%s): %.1f s, %u pauses of 180 ms or more",
                  lk_speech_voice (), seconds, pauses);
  g_assert_cmpfloat (seconds, >, 2.5);
  g_assert_cmpuint (pauses, ==, 2);
  /* …and none inside a group. */
  g_assert_cmpuint (render_pauses (one_group, 180, &seconds), ==, 0);
}

static void
test_voice_language (void)
{
  const char *language = g_getenv ("LANGUAGE");
  g_auto(GStrv) argv = lk_speech_build_argv ("x", NULL);
  g_autofree char *ph = NULL;

  if (language && g_str_has_prefix (language, "en"))
    {
      g_assert_cmpstr (lk_speech_voice (), ==, "en");
      /* An English prompt comes out in English phonemes. */
      ph = phonemes (_("请输入回执上的九位号码，输好后点查询。"));
      g_test_message ("%s", ph);
      g_assert_null (strstr (ph, "(zh)"));
      g_assert_null (strstr (ph, "(cmn)"));
    }
  else
    g_assert_cmpstr (lk_speech_voice (), ==, LK_SPEECH_VOICE);
  g_assert_cmpstr (argv[2], ==, lk_speech_voice ());
}

/* After the question, the options in order; each keypad digit echoed;
 * times as times. */
static void
test_says_what_matters (void)
{
  LkWindow *window = new_window ();
  LkSpeech *speech = lk_window_get_speech (window);
  LkDraft *draft = lk_window_get_draft (window);
  const LtCategory *roads = lt_config_find_category (env->config, "roads");
  g_autofree char *prompt = NULL;
  g_autofree char *status_prompt = NULL;
  const char *at;
  LtSubmission sub = { LT_CHANNEL_KIOSK, "roads", "路灯不亮", NULL, NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(LtTicket) filed = lt_store_submit (env->store, &sub, &error);
  g_autoptr(LtTicket) ticket = NULL;

  g_assert_no_error (error);
  lk_speech_set_enabled (speech, TRUE);
  lk_draft_set_category (draft, "roads");
  lk_window_go (window, "describe");
  prompt = lk_page_prompt (LK_PAGE (lk_window_get_page (window, "describe")));
  g_test_message ("describe: %s", prompt);
  at = strstr (prompt, _("遇到了什么问题？可以点选几项。"));
  g_assert_nonnull (at);
  for (guint i = 0; roads->problems[i]; i++)
    {
      const char *next = strstr (at, roads->problems[i]);

      if (next == NULL)
        g_error ("the describe prompt does not read \"%s\" after the question: %s",
                 roads->problems[i], prompt);
      at = next;
    }
  g_assert_nonnull (strstr (prompt, C_("list", "、")));

  /* Keypad echo on the phone screen. */
  lk_window_go (window, "phone");
  kiosk_tap (lk_window_get_page (window, "phone"), "1");
  g_assert_cmpstr (lk_speech_get_last (speech), ==, lk_speech_digit ('1'));
  kiosk_tap (lk_window_get_page (window, "phone"), "3");
  g_assert_cmpstr (lk_speech_get_last (speech), ==, "3");

  /* The status read-out says times as times, never "08:30". */
  ticket = lt_store_get (env->store, filed->receipt, &error);
  g_assert_no_error (error);
  lk_status_page_set_ticket (LK_STATUS_PAGE (lk_window_get_page (window, "status")), ticket);
  lk_window_go (window, "status");
  status_prompt = lk_page_prompt (LK_PAGE (lk_window_get_page (window, "status")));
  g_test_message ("status: %s", status_prompt);
  {
    g_autoptr(GRegex) clock = g_regex_new ("[0-9]:[0-9]", 0, 0, NULL);
    g_autofree char *said = lk_speech_format_time (ticket->created_at);

    g_assert_nonnull (strstr (status_prompt, said));
    /* In Chinese "08:30" would be read as digits; English voices read
     * "8:30 AM" as a time. */
    if (!english ())
      {
        g_assert_false (g_regex_match (clock, status_prompt, 0, NULL));
        g_assert_nonnull (strstr (said, "点"));
      }
  }
  lk_speech_set_enabled (speech, FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
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
                       "buildings = 3号楼\n[kiosk]\nvoice = true\n"
                       "[category:roads]\nproblems = 路面坑洼;路灯不亮;井盖缺失\n");

  g_test_add_func ("/kiosk/speech/prompts-are-mandarin", test_prompts);
  g_test_add_func ("/kiosk/speech/receipt-sound", test_receipt_sound);
  g_test_add_func ("/kiosk/speech/voice-language", test_voice_language);
  g_test_add_func ("/kiosk/speech/says-what-matters", test_says_what_matters);
  g_test_add_func ("/kiosk/speech/stops", test_stops);
  status = g_test_run ();

  kiosk_env_free (env);
  return status;
}
