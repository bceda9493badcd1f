/* lt-sms-text.c — every text laiting sends by SMS, in one place.
 *
 * The readers are residents, many elderly, on feature phones with small
 * screens, who pay attention to every word and may show the message to a
 * relative. So each text says what happened, gives the receipt number in
 * groups of three, and tells what to do next, in one segment: a multi-part
 * message shows badly on such phones and costs the site double. The closure
 * notice is the one text allowed two segments, and puts its question before
 * the clerk's note so that the question survives even when the note is cut.
 *
 * Each text is the site's signature (e.g. 【来听】) followed by a translated
 * body. The signature is not translated: it is the site's own name.
 * tests/test-sms-text.c renders every text with its longest fields. */

#define G_LOG_DOMAIN "lt-sms-text"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "lt-config.h"
#include "lt-phone.h"
#include "lt-receipt.h"
#include "lt-segments.h"
#include "lt-sms-text.h"
#include "lt-ticket.h"
#include "lt-time.h"

/* The most segments a closure notice may take. */
#define CLOSURE_MAX_SEGMENTS 2
/* Receipts shown by name in the list of open tickets. */
#define OPEN_LIST_SHOWN 3

/* Prefixes @body (taken) with @signature (may be NULL). A Chinese
 * signature in brackets (【来听】) reads well run together with the text; a
 * Latin one ("Laiting:") needs a space after it. */
static char *
sign (const char *signature,
      char       *body)
{
  g_autofree char *owned = body;
  gsize len = signature != NULL ? strlen (signature) : 0;
  gboolean spaced = len > 0 && g_ascii_isgraph (signature[len - 1]) && owned[0] != ' ';

  return g_strconcat (signature != NULL ? signature : "", spaced ? " " : "", owned, NULL);
}

/* Cuts @text to at most @max units of its encoding (septets for GSM-7,
 * UTF-16 units otherwise), marked "..." or "…", so that a field we do not
 * control cannot push a text into a second segment. Runs of whitespace a
 * person typed (tabs, line breaks) become one space first. */
static char *collapse_whitespace (const char *text);

static char *
cut_field (const char *text,
           guint       max)
{
  g_autofree char *folded = collapse_whitespace (text);

  return lt_sms_cut (folded, max);
}

/* The receipt as residents see it: "120 345 672". Anything that is not a
 * canonical receipt (a caller's mistake) is shown as it is but never longer
 * than a grouped receipt. */
static char *
show_receipt (const char *receipt)
{
  g_autofree char *grouped = lt_receipt_format (receipt != NULL ? receipt : "");

  return cut_field (grouped, LT_RECEIPT_DISPLAY_LEN);
}

char *
lt_sms_text_receipt (const char *signature,
                     const char *receipt)
{
  g_autofree char *shown = show_receipt (receipt);

  /* Translators: sent at once when a resident's report becomes a ticket.
   * %s is the receipt number in groups ("120 345 672"). Must stay within
   * 62 characters with the number so the SMS is one segment. */
  return sign (signature, g_strdup_printf (_("您反映的问题已受理，回执号：%s，请保存。回复“查”加回执号可查询进度。"),
                                           shown));
}

/* Status reply. @assignee (may be NULL) is the department the ticket was
 * last transferred to, cut to LT_CONFIG_ASSIGNEE_MAX units; @when is
 * the time of the last change, shown as a local date. */
char *
lt_sms_text_status (const char     *signature,
                    const char     *receipt,
                    LtTicketStatus  status,
                    const char     *assignee,
                    gint64          when)
{
  g_autofree char *shown = show_receipt (receipt);
  /* Translators: the date in a status SMS, a g_date_time_format() format;
   * "%-m" and "%-d" are month and day without a leading zero. */
  /* xgettext:no-c-format */
  g_autofree char *date = lt_time_format (when, _("%-m月%-d日"));
  const char *label = lt_ticket_status_label (status);

  if (assignee == NULL || *assignee == '\0')
    /* Translators: status SMS. %1$s receipt, %2$s status (已受理, 已转办,
     * 已办结, 重新办理), %3$s the date of that change. */
    return sign (signature, g_strdup_printf (_("回执号%1$s办理进度：%2$s（%3$s）。"),
                                             shown, label, date));

  {
    g_autofree char *who = cut_field (assignee, LT_CONFIG_ASSIGNEE_MAX);

    /* Translators: status SMS with the department or officer handling it. %1$s
     * receipt, %2$s status, %3$s date, %4$s department or officer (up to 12
     * characters). */
    return sign (signature, g_strdup_printf (_("回执号%1$s办理进度：%2$s（%3$s），承办：%4$s。"),
                                             shown, label, date, who));
  }
}

/* The sender's open tickets: the first three receipts, then "等N件" with
 * the total when there are more. With none it is the "nothing open" text. */
char *
lt_sms_text_open_list (const char        *signature,
                       const char *const *receipts,
                       guint              n_receipts)
{
  g_autoptr (GString) list = NULL;
  guint i;

  g_return_val_if_fail (receipts != NULL || n_receipts == 0, NULL);

  if (n_receipts == 0)
    return lt_sms_text_no_open (signature);

  list = g_string_new (NULL);
  for (i = 0; i < n_receipts && i < OPEN_LIST_SHOWN; i++)
    {
      g_autofree char *shown = show_receipt (receipts[i]);

      if (i > 0)
        /* Translators: separates receipt numbers in a list. */
        g_string_append (list, _("、"));
      g_string_append (list, shown);
    }
  if (n_receipts > OPEN_LIST_SHOWN)
    /* Translators: after the first three receipts of a longer list; %u is
     * how many there are in all. */
    g_string_append_printf (list, g_dngettext (GETTEXT_PACKAGE, "等%u件", "等%u件", n_receipts),
                            n_receipts);

  /* Translators: reply to "查" alone. %s is up to three receipt numbers and
   * possibly "等N件". */
  return sign (signature, g_strdup_printf (_("您在办的问题：%s。回复“查”加回执号查进度。"), list->str));
}

char *
lt_sms_text_help (const char *signature)
{
  /* Translators: reply to "帮助", "BZ" or "?": every command a resident
   * can text, in one segment (62 characters at most). */
  return sign (signature, g_strdup (_("短信服务：直接发文字即可反映问题；回复“查”加回执号查进度；回复“查”看在办问题；回复TD退订通知。")));
}

/* Runs of whitespace (line breaks a clerk typed) become one space: a
 * feature phone shows them as boxes or wastes a line on each. */
static char *
collapse_whitespace (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *out = g_string_new (NULL);
  gboolean in_space = FALSE;
  const char *p;

  for (p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          in_space = TRUE;
          continue;
        }
      if (in_space && out->len > 0)
        g_string_append_c (out, ' ');
      in_space = FALSE;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static char *
render_closure (const char *signature,
                const char *shown,
                const char *note)
{
  if (note == NULL || *note == '\0')
    /* Translators: closure notice without a note. %s is the receipt. The
     * rating question must keep the digits 1, 2 and 3. */
    return sign (signature, g_strdup_printf (_("您反映的问题（回执号%s）已办结。满意请回复1，基本满意回复2，不满意回复3。"),
                                             shown));

  /* Translators: closure notice. %1$s is the receipt, %2$s the clerk's note
   * on what was done, last so that cutting it keeps the question whole. */
  return sign (signature, g_strdup_printf (_("您反映的问题（回执号%1$s）已办结。满意请回复1，基本满意回复2，不满意回复3。办理结果：%2$s"),
                                           shown, note));
}

/* The first @n characters of @note, without a trailing comma or space,
 * and an ellipsis. */
static char *
note_head (const char *note,
           glong       n)
{
  g_autofree char *head = g_utf8_substring (note, 0, n);
  char *end = head + strlen (head);

  while (end > head)
    {
      char *prev = g_utf8_prev_char (end);
      gunichar c = g_utf8_get_char (prev);

      if (c != ' ' && c != ',' && c != 0xFF0C /* ， */ && c != 0x3001 /* 、 */
          && c != ';' && c != 0xFF1B /* ； */ && c != ':' && c != 0xFF1A /* ： */)
        break;
      end = prev;
    }
  *end = '\0';

  /* "…" is not in the GSM alphabet: a Latin note cut with it would turn an
   * English notice into UCS-2 and halve what fits. */
  {
    LtSmsEncoding encoding;

    lt_sms_count_segments (head, &encoding);
    return g_strconcat (head, encoding == LT_SMS_GSM7 ? "..." : "…", NULL);
  }
}

/* Closure notice with the 1/2/3 question. @note (may be NULL) is kept
 * whole when the notice then fits two segments, and otherwise cut with "…"
 * at the longest length that does. */
char *
lt_sms_text_closure (const char *signature,
                     const char *receipt,
                     const char *note)
{
  g_autofree char *shown = show_receipt (receipt);
  g_autofree char *clean = collapse_whitespace (note != NULL ? note : "");
  char *text = render_closure (signature, shown, clean);
  glong lo = 0, hi;

  if (lt_sms_count_segments (text, NULL) <= CLOSURE_MAX_SEGMENTS)
    return text;
  g_free (text);

  /* The segment count only grows with the length of the note, so search
   * for the longest head that fits. lo always fits or is 0. */
  hi = g_utf8_strlen (clean, -1) - 1;
  while (lo < hi)
    {
      glong mid = lo + (hi - lo + 1) / 2;
      g_autofree char *head = note_head (clean, mid);
      g_autofree char *candidate = render_closure (signature, shown, head);

      if (lt_sms_count_segments (candidate, NULL) <= CLOSURE_MAX_SEGMENTS)
        lo = mid;
      else
        hi = mid - 1;
    }

  {
    g_autofree char *head = note_head (clean, lo);

    return render_closure (signature, shown, head);
  }
}

char *
lt_sms_text_rating_thanks (const char *signature,
                           const char *receipt)
{
  g_autofree char *shown = show_receipt (receipt);

  /* Translators: after a rating of 1 or 2. %s is the receipt. */
  return sign (signature, g_strdup_printf (_("感谢您的评价！回执号%s的问题已办结。今后有事，直接发短信反映即可。"),
                                           shown));
}

char *
lt_sms_text_reopened (const char *signature,
                      const char *receipt)
{
  g_autofree char *shown = show_receipt (receipt);

  /* Translators: after a rating of 3, which reopens the ticket. */
  return sign (signature, g_strdup_printf (_("抱歉没能让您满意。回执号%s的问题已重新办理，办好后会再发短信告诉您。"),
                                           shown));
}

char *
lt_sms_text_opt_out (const char *signature)
{
  /* Translators: reply to "TD" or "退订". */
  return sign (signature, g_strdup (_("已为您退订，本号码今后不再收到办理通知短信。感谢您的支持。")));
}

char *
lt_sms_text_unknown_receipt (const char *signature,
                             const char *receipt)
{
  g_autofree char *shown = show_receipt (receipt);

  /* Translators: a well-formed receipt that is not in the store. */
  return sign (signature, g_strdup_printf (_("没有查到回执号%s，请核对回执上的号码后再发。反映新问题请直接发文字。"),
                                           shown));
}

/* @typed is what the resident sent; it is shown as nine grouped digits
 * when it holds nine, so they can compare it with their slip. */
char *
lt_sms_text_bad_check_digit (const char *signature,
                             const char *typed)
{
  g_autofree char *shown = NULL;
  char digits[LT_RECEIPT_LEN + 1];
  guint n = 0;

  if (typed != NULL && lt_receipt_looks_like (typed))
    {
      g_autofree char *folded = lt_fold_width (typed);

      for (const char *p = folded; *p != '\0' && n < LT_RECEIPT_LEN; p++)
        if (g_ascii_isdigit (*p))
          digits[n++] = *p;
      digits[n] = '\0';
      shown = lt_receipt_format (digits);
    }
  else
    shown = show_receipt (typed);

  /* Translators: nine digits whose check digit is wrong. %s is what the
   * resident typed, grouped. */
  return sign (signature, g_strdup_printf (_("回执号%s好像输错了一位，请核对回执上的号码后再发。"),
                                           shown));
}

char *
lt_sms_text_appended (const char *signature,
                      const char *receipt)
{
  g_autofree char *shown = show_receipt (receipt);

  /* Translators: a second SMS soon after a new ticket was added to it. */
  return sign (signature, g_strdup_printf (_("您补充的内容已收到，已并入回执号%s的问题，我们会一并办理。"),
                                           shown));
}

char *
lt_sms_text_no_open (const char *signature)
{
  /* Translators: reply to "查" alone when nothing is open. */
  return sign (signature, g_strdup (_("您目前没有正在办理的问题。如需反映问题，直接发文字即可。")));
}

char *
lt_sms_text_text_only (const char *signature)
{
  /* Translators: reply to a picture or voice message (MMS) sent to the
   * SMS number, which only reads text. One segment. */
  return sign (signature, g_strdup (_("本号码只能收文字短信，图片和语音收不到。请用文字写下您要反映的问题。")));
}

/* One automatic reply rendered with @signature and, for the status reply,
 * @assignee. */
static char *
render_reply (guint n, const char *signature, const char *assignee)
{
  static const char *const four[] = { "120345672", "120345680", "120345698", "120345703" };
  const char *r = four[0];

  switch (n)
    {
    case 0: return lt_sms_text_receipt (signature, r);
    case 1: return lt_sms_text_status (signature, r, LT_STATUS_REOPENED, assignee,
                                       1795250000);
    case 2: return lt_sms_text_open_list (signature, four, G_N_ELEMENTS (four) + 96);
    case 3: return lt_sms_text_help (signature);
    case 4: return lt_sms_text_rating_thanks (signature, r);
    case 5: return lt_sms_text_reopened (signature, r);
    case 6: return lt_sms_text_opt_out (signature);
    case 7: return lt_sms_text_unknown_receipt (signature, r);
    case 8: return lt_sms_text_bad_check_digit (signature, "123 456 789 012");
    case 9: return lt_sms_text_appended (signature, r);
    case 10: return lt_sms_text_no_open (signature);
    case 11: return lt_sms_text_text_only (signature);
    case 12: return lt_sms_text_closure (signature, r, NULL);
    default: return NULL;
    }
}

/* Whose fault it is that @n with @assignee breaks its promise: the
 * signature, the department, or the translation. */
static void
blame (guint n, const char *signature, const char *assignee, guint promise, GError **error)
{
  g_autofree char *unsigned_text = render_reply (n, "", assignee);
  g_autofree char *plain = render_reply (n, signature, NULL);
  g_autofree char *text = render_reply (n, signature, assignee);

  /* The text passed without the department (checked first), so a
   * department that breaks it is to blame even when a shorter signature
   * would make room. */
  if (assignee != NULL && lt_sms_count_segments (plain, NULL) <= promise)
    g_set_error (error, LT_CONFIG_ERROR, LT_CONFIG_ERROR_INVALID,
                 _("[site] departments 里的“%s”会让进度回复短信超过一条，请改短或改用与回复相同的文字。"),
                 assignee);
  else if (lt_sms_count_segments (unsigned_text, NULL) <= promise)
    g_set_error (error, LT_CONFIG_ERROR, LT_CONFIG_ERROR_INVALID,
                 _("[site] signature “%s”会让自动回复短信超过一条（在本语言下），请改短或改用与回复相同的文字。"),
                 signature);
  else
    g_set_error (error, LT_CONFIG_ERROR, LT_CONFIG_ERROR_INVALID,
                 _("本语言的自动回复短信超过了一条，请更新翻译：%s"), text);
}

gboolean
lt_sms_text_check_config (LtConfig *config, GError **error)
{
  const char *signature = lt_config_get_signature (config);
  const char *const *departments = lt_config_get_departments (config);

  for (guint n = 0;; n++)
    {
      g_autofree char *text = render_reply (n, signature, NULL);
      guint promise = n == 12 ? CLOSURE_MAX_SEGMENTS : 1;

      if (text == NULL)
        return TRUE;
      if (lt_sms_count_segments (text, NULL) > promise)
        {
          blame (n, signature, NULL, promise, error);
          return FALSE;
        }
      /* The status reply names the department handling the ticket. */
      for (guint d = 0; n == 1 && departments[d] != NULL; d++)
        {
          g_autofree char *with = render_reply (n, signature, departments[d]);

          if (lt_sms_count_segments (with, NULL) > promise)
            {
              blame (n, signature, departments[d], promise, error);
              return FALSE;
            }
        }
    }
}
