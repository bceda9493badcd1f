/* test-translated-texts.c — the translations as the programs use them.
 *
 * Run once per catalog, named as the argument, against the build tree's
 * compiled catalogs (LAITING_TEST_LOCALEDIR, set by meson). It
 * checks that the catalog loads, that the built-in configuration is still
 * valid once translated (category names, departments and the signature have
 * length limits, and an invalid default would stop every program), and that
 * every SMS laiting sends keeps its segment budget in that language, with
 * the translated default signature and with one as long as allowed.
 *
 * A text that is not translated yet comes out in the Chinese source, which
 * tests/test-sms-text.c already measures, so a string added since the last
 * translation pass never fails here. A translated English SMS must be plain
 * GSM-7: one curly quote would make it UCS-2 and cut its room from 160
 * characters to 70. */

#define G_LOG_DOMAIN "test-translated-texts"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>

#include "lt-config.h"
#include "lt-receipt.h"
#include "lt-segments.h"
#include "lt-sms-text.h"
#include "lt-ticket.h"
#include "lt-time.h"

/* The language under test, from the command line. */
static const char *language;

typedef struct {
  char receipt[LT_RECEIPT_LEN + 1];
  char *grouped;
  char *signatures[2];
  char *assignee;
} Fixture;

/* A signature of LT_SMS_SIGNATURE_MAX characters in the script of
 * @signature: the longest a site may configure. */
static char *
longest_signature (const char *signature)
{
  gboolean latin = TRUE;
  GString *s;

  for (const char *p = signature; *p != '\0'; p = g_utf8_next_char (p))
    latin &= g_utf8_get_char (p) < 0x80;
  s = g_string_new (latin ? "Laiting" : "【某某街道热线");
  while (g_utf8_strlen (s->str, -1) < LT_SMS_SIGNATURE_MAX - 1)
    g_string_append (s, latin ? "x" : "线");
  g_string_append (s, latin ? ":" : "】");
  return g_string_free (s, FALSE);
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LtConfig) config = lt_config_load (NULL, &error);

  g_assert_no_error (error);
  g_assert_true (lt_receipt_build (12, 34567, fx->receipt, NULL));
  fx->grouped = lt_receipt_format (fx->receipt);
  fx->signatures[0] = g_strdup (lt_config_get_signature (config));
  fx->signatures[1] = longest_signature (fx->signatures[0]);
  /* As long as a department may be. */
  fx->assignee = g_strnfill (LT_CONFIG_ASSIGNEE_MAX, 'M');
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_free (fx->grouped);
  g_free (fx->signatures[0]);
  g_free (fx->signatures[1]);
  g_free (fx->assignee);
}

/* Renders one SMS with @signature and the arguments in @args. */
typedef char *(*RenderFunc) (const char *signature, gconstpointer args);

/* TRUE if @text holds a Han character or CJK punctuation. */
static gboolean
has_cjk (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c >= 0x3000 && c <= 0x9fff) || (c >= 0xff00 && c <= 0xffef))
        return TRUE;
    }
  return FALSE;
}

/* Renders @render with @signature and @args and checks the text is signed,
 * shows @grouped (may be NULL) and costs at most @max_segments; in English
 * it must also be plain GSM-7. An English text that still holds Chinese is
 * not (wholly) translated yet: it is reported, not judged. */
static void
check_text (const char    *name,
            RenderFunc     render,
            const char    *signature,
            gconstpointer  args,
            const char    *grouped,
            guint          max_segments)
{
  g_autofree char *text = render (signature, args);
  gboolean latin = g_str_has_prefix (language, "en");
  gboolean untranslated = latin && has_cjk (text);
  LtSmsEncoding encoding;
  guint segments = lt_sms_count_segments (text, &encoding);

  g_test_message ("%s (%s%u segment%s, %u units): %s", name,
                  untranslated ? "NOT TRANSLATED, " : "", segments,
                  segments == 1 ? "" : "s", lt_sms_units (text, encoding), text);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_true (g_str_has_prefix (text, signature));
  if (grouped != NULL && strstr (text, grouped) == NULL)
    g_error ("%s does not show the receipt %s: %s", name, grouped, text);
  if (untranslated)
    return;
  if (segments > max_segments)
    g_error ("%s takes %u segments in %s (at most %u): %s",
             name, segments, language, max_segments, text);
  if (latin && encoding != LT_SMS_GSM7)
    {
      /* The "…" that lt_sms_text_closure() puts on a cut note is the
       * library's, not the translation's: judge the text without it. */
      g_autofree char *bare = g_str_has_suffix (text, "…")
        ? g_strndup (text, strlen (text) - strlen ("…")) : g_strdup (text);

      if (lt_sms_count_segments (bare, &encoding) > 0 && encoding != LT_SMS_GSM7)
        g_error ("%s is not plain GSM-7 in %s, so it has 70 characters, not 160: %s",
                 name, language, text);
      g_test_message ("%s: only the closing \"…\" makes it UCS-2", name);
    }
}

static void
test_catalog_loaded (void)
{
  const char *header = dgettext (GETTEXT_PACKAGE, "");
  g_autofree char *line = g_strdup_printf ("Language: %s\n", language);

  /* The PO header comes back as the translation of "" only when the
   * catalog was found and read. */
  g_test_message ("catalog header: %s", header);
  g_assert_nonnull (strstr (header, line));
}

static void
test_config_defaults (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LtConfig) config = lt_config_load (NULL, &error);

  /* Category names, departments and the signature are translated and each
   * has a length limit: a long translation must not make the built-in
   * configuration invalid, which would stop every program. */
  g_assert_no_error (error);
  g_assert_nonnull (config);
  g_assert_cmpuint (g_utf8_strlen (lt_config_get_signature (config), -1), <=, LT_SMS_SIGNATURE_MAX);
  g_assert_cmpuint (lt_config_get_categories (config)->len, >, 0);
  g_test_message ("signature \"%s\", %u categories", lt_config_get_signature (config),
                  lt_config_get_categories (config)->len);
}

#define RECEIPT_RENDER(func) \
  static char * \
  render_##func (const char *signature, gconstpointer receipt) \
  { \
    return lt_sms_text_##func (signature, receipt); \
  }
#define PLAIN_RENDER(func) \
  static char * \
  render_##func (const char *signature, gconstpointer unused) \
  { \
    return lt_sms_text_##func (signature); \
  }

RECEIPT_RENDER (receipt)
RECEIPT_RENDER (rating_thanks)
RECEIPT_RENDER (reopened)
RECEIPT_RENDER (unknown_receipt)
RECEIPT_RENDER (bad_check_digit)
RECEIPT_RENDER (appended)
PLAIN_RENDER (help)
PLAIN_RENDER (opt_out)
PLAIN_RENDER (no_open)
PLAIN_RENDER (text_only)

typedef struct {
  const char     *receipt;
  LtTicketStatus  status;
  const char     *assignee;
  gint64          when;
  const char     *note;
  const char    **receipts;
  guint           n_receipts;
} Args;

static char *
render_status (const char *signature, gconstpointer data)
{
  const Args *a = data;

  return lt_sms_text_status (signature, a->receipt, a->status, a->assignee, a->when);
}

static char *
render_closure (const char *signature, gconstpointer data)
{
  const Args *a = data;

  return lt_sms_text_closure (signature, a->receipt, a->note);
}

static char *
render_open_list (const char *signature, gconstpointer data)
{
  const Args *a = data;

  return lt_sms_text_open_list (signature, a->receipts, a->n_receipts);
}

static void
test_fixed_replies (Fixture       *fx,
                    gconstpointer  data)
{
  static const struct {
    const char *name;
    RenderFunc  render;
    gboolean    shows_receipt;
  } replies[] = {
    { "receipt",         render_receipt,         TRUE },
    { "rating thanks",   render_rating_thanks,   TRUE },
    { "reopened",        render_reopened,        TRUE },
    { "unknown receipt", render_unknown_receipt, TRUE },
    { "bad check digit", render_bad_check_digit, TRUE },
    { "appended",        render_appended,        TRUE },
    { "help",            render_help,            FALSE },
    { "opt-out",         render_opt_out,         FALSE },
    { "no open tickets", render_no_open,         FALSE },
    { "text only",       render_text_only,       FALSE },
  };

  for (guint s = 0; s < G_N_ELEMENTS (fx->signatures); s++)
    for (guint i = 0; i < G_N_ELEMENTS (replies); i++)
      check_text (replies[i].name, replies[i].render, fx->signatures[s], fx->receipt,
                  replies[i].shows_receipt ? fx->grouped : NULL, 1);
}

static void
test_status (Fixture       *fx,
             gconstpointer  data)
{
  const LtTicketStatus statuses[] = {
    LT_STATUS_RECEIVED, LT_STATUS_TRANSFERRED, LT_STATUS_CLOSED, LT_STATUS_REOPENED,
  };
  /* The latest date of the year: two digits of month and of day. */
  Args a = { .receipt = fx->receipt, .when = lt_time_day_start (2026, 12, 31) + 12 * 3600 };

  for (guint s = 0; s < G_N_ELEMENTS (fx->signatures); s++)
    for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
      {
        a.status = statuses[i];
        a.assignee = fx->assignee;
        check_text ("status", render_status, fx->signatures[s], &a, fx->grouped, 1);
        a.assignee = NULL;
        check_text ("status without assignee", render_status, fx->signatures[s], &a,
                    fx->grouped, 1);
      }
}

static void
test_open_list (Fixture       *fx,
                gconstpointer  data)
{
  char r2[LT_RECEIPT_LEN + 1], r3[LT_RECEIPT_LEN + 1];
  const char *receipts[3] = { fx->receipt, r2, r3 };
  Args a = { .receipts = receipts };

  g_assert_true (lt_receipt_build (99, 999998, r2, NULL));
  g_assert_true (lt_receipt_build (99, 999999, r3, NULL));
  for (guint s = 0; s < G_N_ELEMENTS (fx->signatures); s++)
    {
      /* Three shown and the count of all said: the longest list. */
      a.n_receipts = 999;
      check_text ("open list, 999", render_open_list, fx->signatures[s], &a, fx->grouped, 1);
      a.n_receipts = 1;
      check_text ("open list, one", render_open_list, fx->signatures[s], &a, fx->grouped, 1);
    }
}

static void
test_closure (Fixture       *fx,
              gconstpointer  data)
{
  GString *note = g_string_new (NULL);
  g_autofree char *note_str = NULL;
  Args a = { .receipt = fx->receipt };

  /* A long account in the clerk's own words, cut to fit two segments. */
  while (g_utf8_strlen (note->str, -1) < 1000)
    g_string_append (note, g_str_has_prefix (language, "en")
                     ? "Street light replaced and checked on site. "
                     : "经街道城管科现场查看，已联系物业更换损坏路灯，");
  note_str = g_string_free (note, FALSE);
  for (guint s = 0; s < G_N_ELEMENTS (fx->signatures); s++)
    {
      a.note = note_str;
      check_text ("closure, long note", render_closure, fx->signatures[s], &a, fx->grouped, 2);
      a.note = "OK";
      check_text ("closure, short note", render_closure, fx->signatures[s], &a, fx->grouped, 1);
      a.note = NULL;
      check_text ("closure, no note", render_closure, fx->signatures[s], &a, fx->grouped, 1);
    }
}

static char *
render_typed (const char *signature, gconstpointer typed)
{
  return lt_sms_text_bad_check_digit (signature, typed);
}

/* What a resident typed comes back in the "looks mistyped" reply: a tab,
 * a line break or twelve digits must not make it UCS-2 or two segments. */
static void
test_typed_fields (Fixture       *fx,
                   gconstpointer  data)
{
  static const char *const typed[] = {
    "12345678901\t2", "123\n456\n789\n012", "123 456 789 012", "1234567890123",
  };

  for (guint s = 0; s < G_N_ELEMENTS (fx->signatures); s++)
    for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
      {
        g_autofree char *text = render_typed (fx->signatures[s], typed[i]);

        check_text ("bad check digit, typed", render_typed, fx->signatures[s], typed[i], NULL, 1);
        g_assert_null (strchr (text, '\t'));
        g_assert_null (strchr (text, '\n'));
      }
}

/* Department names count as the SMS counts, and a name outside the
 * replies' alphabet is judged by what it does to the status reply. */
static void
test_config_promises (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LtConfig) defaults = lt_config_load (NULL, &error);
  gboolean latin = g_str_has_prefix (language, "en");
  g_autofree char *dir = g_dir_make_tmp ("laiting-i18n-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "laiting.conf", NULL);
  g_autoptr(LtConfig) config = NULL;

  g_assert_no_error (error);
  g_assert_true (lt_sms_text_check_config (defaults, &error));
  g_assert_no_error (error);

  /* A Chinese signature on English replies turns each into UCS-2, 70
   * characters: refused at start, naming the key. */
  g_assert_true (g_file_set_contents (path, "[site]\nsignature = 【某街道】\n", -1, NULL));
  config = lt_config_load (path, &error);
  g_assert_no_error (error);
  if (latin)
    {
      g_assert_false (lt_sms_text_check_config (config, &error));
      g_assert_error (error, LT_CONFIG_ERROR, LT_CONFIG_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "[site] signature"));
      g_test_message ("%s", error->message);
      g_clear_error (&error);
    }
  g_clear_object (&config);

  /* Twelve characters, one of them outside the BMP: thirteen UTF-16
   * units, one more than a status reply has room for. */
  g_assert_true (g_file_set_contents (path, "[site]\ndepartments = 𠀀街道城管执法中队第一队\n", -1, NULL));
  config = lt_config_load (path, &error);
  g_assert_error (error, LT_CONFIG_ERROR, LT_CONFIG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "[site] departments"));
  g_clear_error (&error);

  if (latin)
    {
      /* A name outside GSM-7 makes the English status reply UCS-2. */
      g_assert_true (g_file_set_contents (path, "[site]\ndepartments = Ōmiya Roads\n", -1, NULL));
      config = lt_config_load (path, &error);
      g_assert_no_error (error);
      g_assert_false (lt_sms_text_check_config (config, &error));
      g_assert_nonnull (strstr (error->message, "[site] departments"));
      g_test_message ("%s", error->message);
    }
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (argc != 2)
    g_error ("usage: %s LANGUAGE", argv[0]);
  language = argv[1];
  g_setenv ("LANGUAGE", language, TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LAITING_TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

#define ADD(path, func) \
  g_test_add ("/laiting/i18n/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/laiting/i18n/catalog-loaded", test_catalog_loaded);
  g_test_add_func ("/laiting/i18n/config-defaults", test_config_defaults);
  ADD ("sms/fixed-replies", test_fixed_replies);
  ADD ("sms/status", test_status);
  ADD ("sms/open-list", test_open_list);
  ADD ("sms/closure", test_closure);
  ADD ("sms/typed-fields", test_typed_fields);
  g_test_add_func ("/laiting/i18n/config-promises", test_config_promises);

#undef ADD

  return g_test_run ();
}
