/* lk-speech.c — Mandarin read-out through espeak-ng; see lk-speech.h.
 *
 * A child process rather than libespeak-ng: the library plays through a
 * global, single-threaded engine that cannot be stopped from the main loop
 * without blocking it, while killing a child stops the sound at once.
 *
 * The child is started with posix_spawn, which shares the kiosk's memory
 * until the exec instead of copying its page tables as fork does
 * (GSubprocess forks when it must close the descriptors it does not pass
 * on). A fork of the kiosk costs 20–60 ms on a small machine, on the main
 * loop, and the receipt screen speaks as it appears: that was most of the
 * time between 确认提交 and the receipt drawn. */

#define G_LOG_DOMAIN "lk-speech"
/* posix_spawn_file_actions_addclosefrom_np (glibc 2.34). */
#define _GNU_SOURCE

#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <glib/gi18n-lib.h>

#include "lk-speech.h"

extern char **environ;

struct _LkSpeech
{
  GObject      parent_instance;
  gboolean     enabled;
  GPid         child;   /* the espeak-ng speaking now, 0 when silent */
  char        *last;
};

enum { PROP_0, PROP_ENABLED, N_PROPS };
static GParamSpec *props[N_PROPS];

G_DEFINE_FINAL_TYPE (LkSpeech, lk_speech, G_TYPE_OBJECT)

static void
lk_speech_dispose (GObject *object)
{
  LkSpeech *self = LK_SPEECH (object);

  lk_speech_stop (self);
  g_clear_pointer (&self->last, g_free);
  G_OBJECT_CLASS (lk_speech_parent_class)->dispose (object);
}

static void
lk_speech_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LkSpeech *self = LK_SPEECH (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lk_speech_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  LkSpeech *self = LK_SPEECH (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      lk_speech_set_enabled (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lk_speech_class_init (LkSpeechClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lk_speech_dispose;
  object_class->get_property = lk_speech_get_property;
  object_class->set_property = lk_speech_set_property;

  props[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
lk_speech_init (LkSpeech *self)
{
}

LkSpeech *
lk_speech_new (gboolean enabled)
{
  return g_object_new (LK_TYPE_SPEECH, "enabled", enabled, NULL);
}

gboolean
lk_speech_get_enabled (LkSpeech *self)
{
  g_return_val_if_fail (LK_IS_SPEECH (self), FALSE);
  return self->enabled;
}

void
lk_speech_set_enabled (LkSpeech *self, gboolean enabled)
{
  g_return_if_fail (LK_IS_SPEECH (self));
  enabled = !!enabled;
  if (self->enabled == enabled)
    return;
  self->enabled = enabled;
  if (!enabled)
    lk_speech_stop (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ENABLED]);
}

char *
lk_speech_respell (const char *text)
{
  /* espeak-ng reads 重 as zhòng everywhere; where it means "again" it is
   * chóng, so it is spelt with a character read that way (虫). */
  static const char *const fixes[][2] = {
    { "重听", "虫听" }, { "重录", "虫录" }, { "重新", "虫新" }, { "重写", "虫写" },
  };
  g_autoptr(GString) out = g_string_new (text);

  for (guint i = 0; i < G_N_ELEMENTS (fixes); i++)
    g_string_replace (out, fixes[i][0], fixes[i][1], 0);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

GStrv
lk_speech_build_argv (const char *text, const char *wav_path)
{
  g_autofree char *spoken = lk_speech_respell (text);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *program = g_getenv ("LAITING_ESPEAK");

  g_strv_builder_add (builder, program && *program ? program : "espeak-ng");
  /* Slower than the default 175 words a minute: the listeners are old. */
  g_strv_builder_add_many (builder, "-v", lk_speech_voice (), "-s", "130", NULL);
  if (wav_path != NULL)
    g_strv_builder_add_many (builder, "-w", wav_path, NULL);
  g_strv_builder_add_many (builder, "--", spoken, NULL);
  return g_strv_builder_end (builder);
}

const char *
lk_speech_voice (void)
{
  /* TRANSLATORS: the espeak-ng voice that reads this language aloud
   * (`espeak-ng --voices` lists them); "en" for English. */
  return C_("espeak-ng voice", "cmn-latn-pinyin");
}

const char *
lk_speech_digit (char digit)
{
  static const char digits[][2] = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9" };

  if (digit == '1')
    /* TRANSLATORS: the digit 1 as read out in a number: 幺 (yāo) in
     * Mandarin; just "1" where there is no such custom. */
    return C_("spoken digit", "幺");
  return g_ascii_isdigit (digit) ? digits[digit - '0'] : "";
}

char *
lk_speech_spell_digits (const char *digits)
{
  GString *out = g_string_new (NULL);

  for (const char *p = digits; *p; p++)
    {
      if (!g_ascii_isdigit (*p))
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, lk_speech_digit (*p));
    }
  return g_string_free (out, FALSE);
}

/* @digits spelled in groups of the sizes in @groups (0-terminated; the
 * last size repeats), with a pause between groups. */
static char *
spell_in_groups (const char *digits, const guint *groups)
{
  GString *out = g_string_new (NULL);
  guint in_group = 0;

  for (const char *p = digits; *p; p++)
    {
      if (!g_ascii_isdigit (*p))
        continue;
      if (out->len > 0 && in_group == *groups)
        {
          /* TRANSLATORS: the pause between groups of digits read out,
           * "幺 2 0，3 4 5"; a comma and a space in English. */
          g_string_append (out, C_("spoken pause", "，"));
          in_group = 0;
          if (groups[1] != 0)
            groups++;
        }
      else if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, lk_speech_digit (*p));
      in_group++;
    }
  return g_string_free (out, FALSE);
}

char *
lk_speech_spell_receipt (const char *digits)
{
  static const guint threes[] = { 3, 0 };

  return spell_in_groups (digits, threes);
}

char *
lk_speech_spell_phone (const char *digits)
{
  static const guint mobile[] = { 3, 4, 0 };

  return spell_in_groups (digits, mobile);
}

char *
lk_speech_format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (unix_seconds);

  /* TRANSLATORS: a date and time as read aloud (strftime), never digits
   * with a colon: 11月21日8点30分. */
  return g_date_time_format (dt, C_("spoken time", "%-m月%-d日%-H点%M分"));
}

static void
child_exited_cb (GPid pid, gint status, gpointer user_data)
{
  LkSpeech *self = user_data;

  g_spawn_close_pid (pid);
  if (self->child == pid)
    self->child = 0;
}

/* Starts @argv with stdin, stdout and stderr on /dev/null and no other
 * descriptor of ours, signals as a new program expects them. Returns the
 * child, or 0 with @error. */
static GPid
spawn_quiet (char **argv, GError **error)
{
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  sigset_t none, all;
  pid_t pid = 0;
  int rc;

  posix_spawn_file_actions_init (&actions);
  posix_spawn_file_actions_addopen (&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen (&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen (&actions, 2, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addclosefrom_np (&actions, 3);
  posix_spawnattr_init (&attr);
  sigemptyset (&none);
  sigfillset (&all);
  posix_spawnattr_setsigmask (&attr, &none);
  posix_spawnattr_setsigdefault (&attr, &all);
  posix_spawnattr_setflags (&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  rc = posix_spawnp (&pid, argv[0], &actions, &attr, argv, environ);
  posix_spawnattr_destroy (&attr);
  posix_spawn_file_actions_destroy (&actions);
  if (rc != 0)
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                   "%s: %s", argv[0], g_strerror (rc));
      return 0;
    }
  return pid;
}

void
lk_speech_say (LkSpeech *self, const char *text)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;

  g_return_if_fail (LK_IS_SPEECH (self));
  lk_speech_stop (self);
  if (!self->enabled || text == NULL || *text == '\0')
    return;

  g_free (self->last);
  self->last = g_strdup (text);
  argv = lk_speech_build_argv (text, NULL);
  self->child = spawn_quiet (argv, &error);
  if (self->child == 0)
    {
      /* A kiosk without speech still works; say why once in the journal. */
      g_warning ("cannot start speech: %s", error->message);
      return;
    }
  /* The watch reaps the child whenever it ends, even after a stop. */
  g_child_watch_add_full (G_PRIORITY_DEFAULT, self->child, child_exited_cb,
                          g_object_ref (self), g_object_unref);
}

void
lk_speech_stop (LkSpeech *self)
{
  g_return_if_fail (LK_IS_SPEECH (self));
  if (self->child != 0)
    {
      kill (self->child, SIGKILL);
      self->child = 0;
    }
}

gboolean
lk_speech_is_speaking (LkSpeech *self)
{
  g_return_val_if_fail (LK_IS_SPEECH (self), FALSE);
  return self->child != 0;
}

const char *
lk_speech_get_last (LkSpeech *self)
{
  g_return_val_if_fail (LK_IS_SPEECH (self), NULL);
  return self->last;
}
