/* test-sms-text.c — every SMS laiting sends, rendered with its longest
 * possible fields (an 8-character signature, a 12-character department,
 * the longest status word and date, three receipts and "等999件"): each
 * automatic reply must be one segment and a closure notice at most two,
 * whatever the clerk's note. Each text must carry the signature and the
 * receipt in groups of three. */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "lt-config.h"
#include "lt-receipt.h"
#include "lt-segments.h"
#include "lt-sms-text.h"
#include "lt-time.h"

/* As long as a signature may be, and all UCS-2. */
#define LONG_SIGNATURE "【某某街道便民热线】"
#define SHORT_SIGNATURE "【来听】"
/* As long as a department may be. */
#define LONG_ASSIGNEE "某某区城市管理综合执法队"

typedef struct {
  char receipt[LT_RECEIPT_LEN + 1];
  char *grouped;
  char *signature;
} Fixture;

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autofree char *sig = NULL;

  g_assert_true (lt_receipt_build (12, 34567, fx->receipt, NULL));
  fx->grouped = lt_receipt_format (fx->receipt);
  g_assert_cmpstr (fx->grouped, ==, "120 345 672");

  /* Eight characters exactly: the signature limit. */
  sig = g_utf8_substring (LONG_SIGNATURE, 0, LT_SMS_SIGNATURE_MAX - 1);
  fx->signature = g_strconcat (sig, "】", NULL);
  g_assert_cmpint (g_utf8_strlen (fx->signature, -1), ==, LT_SMS_SIGNATURE_MAX);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_free (fx->grouped);
  g_free (fx->signature);
}

/* Checks @text (taken) is signed, shows @grouped (may be NULL) and costs
 * at most @max_segments; logs it for the record. */
static void
check_text (const char *name,
            char       *text,
            const char *signature,
            const char *grouped,
            guint       max_segments)
{
  LtSmsEncoding encoding;
  guint segments = lt_sms_count_segments (text, &encoding);

  g_test_message ("%s (%u segment%s, %u units): %s", name, segments,
                  segments == 1 ? "" : "s", lt_sms_units (text, encoding), text);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_true (g_str_has_prefix (text, signature));
  if (grouped != NULL)
    g_assert_nonnull (strstr (text, grouped));
  if (segments > max_segments)
    g_error ("%s takes %u segments (at most %u): %s", name, segments, max_segments, text);
  g_free (text);
}

/* The latest date of the year, two digits of month and of day. */
static gint64
longest_date (void)
{
  return lt_time_day_start (2026, 12, 31) + 12 * 3600;
}

static void
test_receipt (Fixture       *fx,
              gconstpointer  data)
{
  check_text ("receipt", lt_sms_text_receipt (fx->signature, fx->receipt),
              fx->signature, fx->grouped, 1);
}

static void
test_status (Fixture       *fx,
             gconstpointer  data)
{
  LtTicketStatus statuses[] = {
    LT_STATUS_RECEIVED, LT_STATUS_TRANSFERRED, LT_STATUS_CLOSED, LT_STATUS_REOPENED,
  };

  g_assert_cmpint (g_utf8_strlen (LONG_ASSIGNEE, -1), ==, LT_CONFIG_ASSIGNEE_MAX);

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autofree char *with = lt_sms_text_status (fx->signature, fx->receipt, statuses[i],
                                                  LONG_ASSIGNEE, longest_date ());
      g_autofree char *without = lt_sms_text_status (fx->signature, fx->receipt, statuses[i],
                                                     NULL, longest_date ());

      g_assert_nonnull (strstr (with, lt_ticket_status_label (statuses[i])));
      g_assert_nonnull (strstr (with, "12月31日"));
      g_assert_nonnull (strstr (with, LONG_ASSIGNEE));
      g_assert_null (strstr (without, "承办"));
      check_text ("status", g_steal_pointer (&with), fx->signature, fx->grouped, 1);
      check_text ("status without assignee", g_steal_pointer (&without),
                  fx->signature, fx->grouped, 1);
    }
}

static void
test_status_short_date (Fixture       *fx,
                        gconstpointer  data)
{
  g_autofree char *text = lt_sms_text_status (fx->signature, fx->receipt, LT_STATUS_RECEIVED,
                                              NULL, lt_time_day_start (2026, 1, 5) + 3600);

  /* No leading zeros: "1月5日", as it is said. */
  g_assert_nonnull (strstr (text, "（1月5日）"));
}

static void
test_status_assignee_cut (Fixture       *fx,
                          gconstpointer  data)
{
  /* A department name longer than the configuration allows cannot push
   * the reply into a second segment. */
  g_autofree char *text = lt_sms_text_status (fx->signature, fx->receipt, LT_STATUS_REOPENED,
                                              LONG_ASSIGNEE LONG_ASSIGNEE, longest_date ());

  g_assert_nonnull (strstr (text, "…"));
  check_text ("status with an over-long assignee", g_steal_pointer (&text),
              fx->signature, fx->grouped, 1);
}

static void
test_open_list (Fixture       *fx,
                gconstpointer  data)
{
  char r2[LT_RECEIPT_LEN + 1], r3[LT_RECEIPT_LEN + 1], r4[LT_RECEIPT_LEN + 1];
  const char *receipts[4] = { fx->receipt, r2, r3, r4 };
  g_autofree char *g2 = NULL;
  g_autofree char *g3 = NULL;
  g_autofree char *g4 = NULL;

  g_assert_true (lt_receipt_build (99, 999998, r2, NULL));
  g_assert_true (lt_receipt_build (99, 999999, r3, NULL));
  g_assert_true (lt_receipt_build (10, 1, r4, NULL));
  g2 = lt_receipt_format (r2);
  g3 = lt_receipt_format (r3);
  g4 = lt_receipt_format (r4);

  {
    g_autofree char *one = lt_sms_text_open_list (fx->signature, receipts, 1);
    g_assert_null (strstr (one, "等"));
    check_text ("open list, one", g_steal_pointer (&one), fx->signature, fx->grouped, 1);
  }
  {
    g_autofree char *three = lt_sms_text_open_list (fx->signature, receipts, 3);
    g_assert_nonnull (strstr (three, g3));
    g_assert_null (strstr (three, "等"));
    check_text ("open list, three", g_steal_pointer (&three), fx->signature, fx->grouped, 1);
  }
  {
    g_autofree char *four = lt_sms_text_open_list (fx->signature, receipts, 4);
    g_assert_nonnull (strstr (four, "等4件"));
    g_assert_null (strstr (four, g4));
    check_text ("open list, four", g_steal_pointer (&four), fx->signature, fx->grouped, 1);
  }
  {
    /* Only the first three are read, whatever the count says. */
    g_autofree char *many = lt_sms_text_open_list (fx->signature, receipts, 999);
    g_assert_nonnull (strstr (many, g2));
    g_assert_nonnull (strstr (many, g3));
    g_assert_nonnull (strstr (many, "等999件"));
    check_text ("open list, 999", g_steal_pointer (&many), fx->signature, fx->grouped, 1);
  }
  {
    g_autofree char *none = lt_sms_text_open_list (fx->signature, NULL, 0);
    g_autofree char *no_open = lt_sms_text_no_open (fx->signature);
    g_assert_cmpstr (none, ==, no_open);
  }
}

static void
test_help (Fixture       *fx,
           gconstpointer  data)
{
  g_autofree char *text = lt_sms_text_help (fx->signature);

  g_assert_nonnull (strstr (text, "“查”加回执号"));
  g_assert_nonnull (strstr (text, "TD"));
  g_assert_nonnull (strstr (text, "直接发文字"));
  check_text ("help", g_steal_pointer (&text), fx->signature, NULL, 1);
}

static void
test_fixed_texts (Fixture       *fx,
                  gconstpointer  data)
{
  check_text ("rating thanks", lt_sms_text_rating_thanks (fx->signature, fx->receipt),
              fx->signature, fx->grouped, 1);
  check_text ("reopened", lt_sms_text_reopened (fx->signature, fx->receipt),
              fx->signature, fx->grouped, 1);
  check_text ("opt-out", lt_sms_text_opt_out (fx->signature), fx->signature, NULL, 1);
  check_text ("unknown receipt", lt_sms_text_unknown_receipt (fx->signature, fx->receipt),
              fx->signature, fx->grouped, 1);
  check_text ("appended", lt_sms_text_appended (fx->signature, fx->receipt),
              fx->signature, fx->grouped, 1);
  check_text ("no open tickets", lt_sms_text_no_open (fx->signature), fx->signature, NULL, 1);
  check_text ("text only", lt_sms_text_text_only (fx->signature), fx->signature, NULL, 1);
}

static void
test_bad_check_digit (Fixture       *fx,
                      gconstpointer  data)
{
  /* Shown grouped and half-width, however it was typed. */
  check_text ("bad check digit", lt_sms_text_bad_check_digit (fx->signature, "１２０３４５６７８"),
              fx->signature, "120 345 678", 1);
  check_text ("bad check digit", lt_sms_text_bad_check_digit (fx->signature, "120-345 678"),
              fx->signature, "120 345 678", 1);
  /* Not nine digits (a caller's mistake): shown cut, still one segment. */
  check_text ("bad check digit, long input",
              lt_sms_text_bad_check_digit (fx->signature, "1203456781203456781203456789999"),
              fx->signature, NULL, 1);
}

static void
test_closure_short_note (Fixture       *fx,
                         gconstpointer  data)
{
  const char *note = "路灯已于12月30日更换，经现场核实已正常亮灯。";
  g_autofree char *text = lt_sms_text_closure (fx->signature, fx->receipt, note);

  g_assert_nonnull (strstr (text, note));
  g_assert_null (strstr (text, "…"));
  g_assert_nonnull (strstr (text, "满意请回复1，基本满意回复2，不满意回复3"));
  check_text ("closure", g_steal_pointer (&text), fx->signature, fx->grouped, 2);
}

static void
test_closure_no_note (Fixture       *fx,
                      gconstpointer  data)
{
  g_autofree char *empty = lt_sms_text_closure (fx->signature, fx->receipt, "");
  g_autofree char *null = lt_sms_text_closure (fx->signature, fx->receipt, NULL);

  g_assert_cmpstr (empty, ==, null);
  g_assert_nonnull (strstr (empty, "满意请回复1"));
  check_text ("closure without note", g_steal_pointer (&empty), fx->signature, fx->grouped, 1);
}

static void
test_closure_long_note (Fixture       *fx,
                        gconstpointer  data)
{
  GString *note = g_string_new (NULL);
  g_autofree char *note_str = NULL;
  g_autofree char *text = NULL;

  /* A thousand characters of a clerk's account. */
  while (g_utf8_strlen (note->str, -1) < 1000)
    g_string_append (note, "经街道城管科现场查看，已联系物业更换损坏路灯，");
  note_str = g_string_free (note, FALSE);

  text = lt_sms_text_closure (fx->signature, fx->receipt, note_str);
  g_assert_true (g_str_has_suffix (text, "…"));
  g_assert_nonnull (strstr (text, "满意请回复1，基本满意回复2，不满意回复3"));
  g_assert_cmpuint (lt_sms_count_segments (text, NULL), ==, 2);
  /* Cut as late as possible: one more character would not fit. */
  g_assert_cmpuint (lt_sms_units (text, LT_SMS_UCS2), >=, 2 * LT_SMS_UCS2_PART - 1);
  /* A cut never leaves a comma before the "…". */
  g_assert_null (strstr (text, "，…"));
  check_text ("closure with a 1000-character note", g_steal_pointer (&text),
              fx->signature, fx->grouped, 2);
}

static void
test_closure_boundary (Fixture       *fx,
                       gconstpointer  data)
{
  /* The units left for the note are what a one-character note leaves plus
   * one; a note of exactly that many is kept whole, one more is cut. */
  g_autofree char *probe = lt_sms_text_closure (fx->signature, fx->receipt, "修");
  guint room = 2 * LT_SMS_UCS2_PART - (lt_sms_units (probe, LT_SMS_UCS2) - 1);
  GString *fits = g_string_new (NULL);
  g_autofree char *fits_str = NULL;
  g_autofree char *over_str = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *cut = NULL;

  for (guint i = 0; i < room; i++)
    g_string_append (fits, "修");
  fits_str = g_string_free (fits, FALSE);
  over_str = g_strconcat (fits_str, "好", NULL);

  kept = lt_sms_text_closure (fx->signature, fx->receipt, fits_str);
  g_assert_true (g_str_has_suffix (kept, fits_str));
  g_assert_cmpuint (lt_sms_count_segments (kept, NULL), ==, 2);

  cut = lt_sms_text_closure (fx->signature, fx->receipt, over_str);
  g_assert_true (g_str_has_suffix (cut, "…"));
  g_assert_cmpuint (lt_sms_count_segments (cut, NULL), ==, 2);
}

static void
test_closure_odd_notes (Fixture       *fx,
                        gconstpointer  data)
{
  /* Emoji (two units each), line breaks and invalid UTF-8 in a note. */
  const char *notes[] = {
    "已修好👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍",
    "第一行\n\n第二行\r\n\t第三行   ",
    "bad \xff\xfe bytes",
  };

  for (guint i = 0; i < G_N_ELEMENTS (notes); i++)
    {
      g_autofree char *text = lt_sms_text_closure (fx->signature, fx->receipt, notes[i]);

      g_assert_null (strchr (text, '\n'));
      check_text ("closure with an odd note", g_steal_pointer (&text),
                  fx->signature, fx->grouped, 2);
    }
}

static void
test_everyday_signature (Fixture       *fx,
                         gconstpointer  data)
{
  /* The default signature, and none at all, also work. */
  check_text ("receipt", lt_sms_text_receipt (SHORT_SIGNATURE, fx->receipt),
              SHORT_SIGNATURE, fx->grouped, 1);
  check_text ("receipt unsigned", lt_sms_text_receipt (NULL, fx->receipt), "", fx->grouped, 1);
}

/* A Latin signature gets a space after it; a bracketed Chinese one does not. */
static void
test_latin_signature (Fixture *fx, gconstpointer data)
{
  g_autofree char *latin = lt_sms_text_help ("Laiting:");
  g_autofree char *chinese = lt_sms_text_help ("【来听】");

  g_assert_true (g_str_has_prefix (latin, "Laiting: "));
  g_assert_false (g_str_has_prefix (latin, "Laiting:  "));
  g_assert_true (g_str_has_prefix (chinese, "【来听】"));
  g_assert_false (g_str_has_prefix (chinese, "【来听】 "));
}

/* A Latin note is cut with "..." (GSM-7), a Chinese one with "…". */
static void
test_closure_cut_marks (Fixture *fx, gconstpointer data)
{
  g_autofree char *latin_note = g_strnfill (400, 'a');
  g_autofree char *latin = lt_sms_text_closure ("【来听】", fx->receipt, latin_note);
  GString *chinese_note = g_string_new (NULL);
  g_autofree char *chinese = NULL;

  for (int i = 0; i < 200; i++)
    g_string_append (chinese_note, "修");
  chinese = lt_sms_text_closure ("【来听】", fx->receipt, chinese_note->str);
  g_string_free (chinese_note, TRUE);

  g_assert_true (g_str_has_suffix (latin, "a..."));
  g_assert_null (strstr (latin, "…"));
  g_assert_true (g_str_has_suffix (chinese, "修…"));
  g_assert_cmpuint (lt_sms_count_segments (latin, NULL), <=, 2);
  g_assert_cmpuint (lt_sms_count_segments (chinese, NULL), <=, 2);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/laiting/sms-text/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("receipt", test_receipt);
  ADD ("status", test_status);
  ADD ("status/short-date", test_status_short_date);
  ADD ("status/assignee-cut", test_status_assignee_cut);
  ADD ("open-list", test_open_list);
  ADD ("help", test_help);
  ADD ("fixed-texts", test_fixed_texts);
  ADD ("bad-check-digit", test_bad_check_digit);
  ADD ("closure/short-note", test_closure_short_note);
  ADD ("closure/no-note", test_closure_no_note);
  ADD ("closure/long-note", test_closure_long_note);
  ADD ("closure/boundary", test_closure_boundary);
  ADD ("closure/odd-notes", test_closure_odd_notes);
  ADD ("everyday-signature", test_everyday_signature);
  ADD ("latin-signature", test_latin_signature);
  ADD ("closure/cut-marks", test_closure_cut_marks);

#undef ADD

  return g_test_run ();
}
