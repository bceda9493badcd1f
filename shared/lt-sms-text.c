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

/* Renders a text around @words (a clerk's note, a resident's complaint),
 * the last field of the text. */
typedef char *(*RenderFunc) (gconstpointer fields, const char *words);

/* render (@fields, @words) with @words kept whole when the text then fits
 * @max_segments, and otherwise cut and marked ("…") at the longest length
 * that does. */
static char *
fit_words (RenderFunc    render,
           gconstpointer fields,
           const char   *words,
           guint         max_segments)
{
  g_autofree char *clean = collapse_whitespace (words != NULL ? words : "");
  char *text = render (fields, clean);
  glong lo = 0, hi;

  if (lt_sms_count_segments (text, NULL) <= max_segments)
    return text;
  g_free (text);

  /* The segment count only grows with the length of the words, so search
   * for the longest head that fits. lo always fits or is 0. */
  hi = g_utf8_strlen (clean, -1) - 1;
  while (lo < hi)
    {
      glong mid = lo + (hi - lo + 1) / 2;
      g_autofree char *head = note_head (clean, mid);
      g_autofree char *candidate = render (fields, head);

      if (lt_sms_count_segments (candidate, NULL) <= max_segments)
        lo = mid;
      else
        hi = mid - 1;
    }

  {
    g_autofree char *head = note_head (clean, lo);

    return render (fields, head);
  }
}

typedef struct {
  const char *signature;
  const char *shown;
} ClosureFields;

static char *
render_closure_fields (gconstpointer data,
                       const char   *note)
{
  const ClosureFields *f = data;

  return render_closure (f->signature, f->shown, note);
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
  ClosureFields fields = { signature, shown };

  return fit_words (render_closure_fields, &fields, note, CLOSURE_MAX_SEGMENTS);
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

/* Texts to officers. They read them on an ordinary phone between jobs:
 * the ticket in at most two segments with the resident's words last (cut
 * and marked when long), every reply in one segment saying what was done
 * or exactly what to send. */

/* The most segments the SMS carrying a ticket to an officer may take. */
#define OFFICER_TICKET_MAX_SEGMENTS 2
/* Longest location kept in it, in units of its encoding; the resident's
 * words get the rest. */
#define OFFICER_LOCATION_MAX 16

typedef struct {
  const char *signature;
  const char *shown;
  const char *category;
  const char *location;   /* may be NULL */
  const char *phone;      /* may be NULL */
  const char *due;
} OfficerTicketFields;

static char *
render_officer_ticket (gconstpointer data,
                       const char   *words)
{
  const OfficerTicketFields *f = data;
  const char *phone = f->phone != NULL ? f->phone : _("未留");

  if (f->location == NULL)
    /* Translators: a ticket sent to an officer by SMS, at most two
     * segments. %1$s receipt, %2$s category, %3$s due date, %4$s the
     * resident's phone number (officers call back), %5$s the resident's
     * words, last: they are cut to fit. SD, BJ must stay as they are. */
    return sign (f->signature, g_strdup_printf (_("新工单%1$s（%2$s），%3$s前办结。居民电话%4$s。收到请回复SD，办结回复BJ加结果。内容：%5$s"),
                                                f->shown, f->category, f->due, phone, words));
  /* Translators: the same with the place, %4$s (up to 16 characters);
   * %5$s the phone, %6$s the words. */
  return sign (f->signature, g_strdup_printf (_("新工单%1$s（%2$s），%3$s前办结。地点：%4$s。居民电话%5$s。收到请回复SD，办结回复BJ加结果。内容：%6$s"),
                                              f->shown, f->category, f->due, f->location, phone, words));
}

static char *
due_date (gint64 due_at)
{
  /* Translators: a due date in an SMS to an officer, a g_date_time_format()
   * format; "%-m" and "%-d" are month and day without a leading zero. */
  /* xgettext:no-c-format */
  return lt_time_format (due_at, _("%-m月%-d日"));
}

char *
lt_sms_text_officer_ticket (const char *signature,
                            const char *receipt,
                            const char *category,
                            const char *location,
                            const char *text,
                            const char *phone,
                            gint64      due_at)
{
  g_autofree char *shown = show_receipt (receipt);
  g_autofree char *cat = cut_field (category != NULL ? category : "", LT_CONFIG_CATEGORY_NAME_MAX);
  g_autofree char *place = NULL;
  g_autofree char *number = phone != NULL && *phone != '\0' ? cut_field (phone, 20) : NULL;
  g_autofree char *due = due_date (due_at);
  OfficerTicketFields fields = { signature, shown, cat, NULL, number, due };

  char *rendered;

  if (location != NULL && *location != '\0')
    {
      /* Cut like every field we do not control: "..." in a Latin text so
       * it stays GSM-7. */
      place = cut_field (location, OFFICER_LOCATION_MAX);
      fields.location = place;
    }
  rendered = fit_words (render_officer_ticket, &fields, text, OFFICER_TICKET_MAX_SEGMENTS);
  if (lt_sms_count_segments (rendered, NULL) <= OFFICER_TICKET_MAX_SEGMENTS || fields.location == NULL)
    return rendered;
  /* A Latin text turned UCS-2 by the resident's words has room for the
   * essentials only: the officer can read the place on the slip. */
  g_free (rendered);
  fields.location = NULL;
  return fit_words (render_officer_ticket, &fields, text, OFFICER_TICKET_MAX_SEGMENTS);
}

char *
lt_sms_text_officer_reply (const char        *signature,
                           LtOfficerReplyKind kind,
                           const char        *receipt)
{
  g_autofree char *shown = show_receipt (receipt);

  switch (kind)
    {
    case LT_OFFICER_REPLY_ACKNOWLEDGED:
      /* Translators: reply to an officer's 收到/SD. One segment. */
      return sign (signature, g_strdup_printf (_("已确认您收到工单%s。有进展回复JZ加内容，办结回复BJ加结果。"), shown));
    case LT_OFFICER_REPLY_PROGRESS:
      /* Translators: reply to an officer's 进展/JZ. One segment. */
      return sign (signature, g_strdup_printf (_("工单%s的办理进展已记录，谢谢。"), shown));
    case LT_OFFICER_REPLY_CLOSED:
      /* Translators: reply to an officer's 办结/BJ. One segment. */
      return sign (signature, g_strdup_printf (_("工单%s已办结，结果已记录，将短信告知居民。谢谢。"), shown));
    case LT_OFFICER_REPLY_RETURNED:
      /* Translators: reply to an officer's 退回/TH. One segment. */
      return sign (signature, g_strdup_printf (_("工单%s已退回服务站，退回原因已记录。"), shown));
    case LT_OFFICER_REPLY_NOT_YOURS:
      /* Translators: an officer named a ticket not transferred to them. */
      return sign (signature, g_strdup_printf (_("工单%s没有转给您，请核对回执号后重发。"), shown));
    case LT_OFFICER_REPLY_ALREADY_CLOSED:
      /* Translators: an officer named a closed ticket. */
      return sign (signature, g_strdup_printf (_("工单%s已经办结，不能再操作。如有问题请联系服务站。"), shown));
    case LT_OFFICER_REPLY_BAD_NUMBER:
      /* Translators: an officer's receipt number is mistyped or unknown. */
      return sign (signature, g_strdup_printf (_("回执号%s有误，请核对后重发，例如：BJ 回执号 已修好"), shown));
    default:
      g_return_val_if_reached (NULL);
    }
}

char *
lt_sms_text_officer_missing (const char *signature,
                             const char *command)
{
  const char *what;

  if (g_strcmp0 (command, "BJ") == 0)
    /* Translators: what an officer must add after BJ. */
    what = C_("officer SMS", "办理结果");
  else if (g_strcmp0 (command, "TH") == 0)
    /* Translators: what an officer must add after TH. */
    what = C_("officer SMS", "退回原因");
  else
    /* Translators: what an officer must add after JZ. */
    what = C_("officer SMS", "办理进展");
  /* Translators: an officer's BJ/JZ/TH without words. %1$s is what is
   * missing (办理结果 …), %2$s the command (BJ, JZ or TH). One segment. */
  return sign (signature, g_strdup_printf (_("请写明%1$s，格式：%2$s 回执号 %1$s"), what, command));
}

char *
lt_sms_text_officer_which (const char *signature,
                           guint       n_open,
                           const char *command)
{
  if (n_open == 0)
    /* Translators: an officer's command without a receipt, and nothing open. */
    return sign (signature, g_strdup (_("您目前没有转给您的在办工单。如有疑问请联系服务站。")));
  /* Translators: an officer's command without a receipt while several
   * tickets are open. %1$u how many, %2$s the command (SD, BJ …). */
  return sign (signature, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                        "您有%1$u件在办工单，请在%2$s后写上回执号再发。",
                                                        "您有%1$u件在办工单，请在%2$s后写上回执号再发。",
                                                        n_open),
                                           n_open, command));
}

char *
lt_sms_text_officer_help (const char *signature)
{
  /* Translators: reply to anything else a registered officer texts. One
   * segment; the command letters stay as they are. */
  return sign (signature, g_strdup (_("请回复：SD 回执号（收到），JZ 回执号 进展，BJ 回执号 结果（办结），TH 回执号 原因（退回）")));
}

char *
lt_sms_text_officer_reminder (const char *signature,
                              const char *receipt,
                              const char *category)
{
  g_autofree char *shown = show_receipt (receipt);
  g_autofree char *cat = cut_field (category != NULL ? category : "", LT_CONFIG_CATEGORY_NAME_MAX);

  /* Translators: the morning reminder on a ticket's due day, to its
   * officer. %1$s receipt, %2$s category. One segment. */
  return sign (signature, g_strdup_printf (_("提醒：工单%1$s（%2$s）今天到期，请按时办结，办结回复BJ加回执号和结果。"),
                                           shown, cat));
}

char *
lt_sms_text_officer_overdue (const char *signature,
                             const char *receipt,
                             const char *category,
                             guint       days)
{
  g_autofree char *shown = show_receipt (receipt);
  g_autofree char *cat = cut_field (category != NULL ? category : "", LT_CONFIG_CATEGORY_NAME_MAX);

  /* Translators: the daily notice to an officer while a ticket is
   * overdue. %1$s receipt, %2$s category, %3$u days overdue. One segment. */
  return sign (signature, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                        "督办：工单%1$s（%2$s）已超期%3$u天，请尽快办结，办结回复BJ加回执号和结果。",
                                                        "督办：工单%1$s（%2$s）已超期%3$u天，请尽快办结，办结回复BJ加回执号和结果。",
                                                        days),
                                           shown, cat, MIN (days, 999u)));
}

char *
lt_sms_text_supervisor_overdue (const char *signature,
                                const char *receipt,
                                guint       days,
                                const char *handler,
                                const char *phone)
{
  g_autofree char *shown = show_receipt (receipt);
  /* Translators: in the supervisor's notice, for a ticket not yet
   * transferred; at most 12 characters. */
  const char *name = handler != NULL && *handler != '\0' ? handler : _("未转办");
  g_autofree char *who = cut_field (name, LT_CONFIG_ASSIGNEE_MAX);

  days = MIN (days, 999u);
  if (phone == NULL || *phone == '\0')
    /* Translators: the daily notice to the hall's supervisor. %1$s receipt,
     * %2$u days overdue, %3$s department or officer (or 未转办). */
    return sign (signature, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "督办：工单%1$s已超期%2$u天，承办：%3$s。",
                                                          "督办：工单%1$s已超期%2$u天，承办：%3$s。",
                                                          days),
                                             shown, days, who));
  {
    g_autofree char *number = cut_field (phone, 11);

    /* Translators: the same with the officer's phone number, %4$s. */
    return sign (signature, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "督办：工单%1$s已超期%2$u天，承办：%3$s，电话%4$s。",
                                                          "督办：工单%1$s已超期%2$u天，承办：%3$s，电话%4$s。",
                                                          days),
                                             shown, days, who, number));
  }
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
    /* The replies to officers carry the signature too. */
    case 13: return lt_sms_text_officer_help (signature);
    case 14: return lt_sms_text_officer_missing (signature, "BJ");
    case 15: return lt_sms_text_officer_which (signature, 999, "SD");
    default:
      if (n < 16 + LT_OFFICER_REPLY_BAD_NUMBER + 1)
        return lt_sms_text_officer_reply (signature, n - 16, r);
      return NULL;
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
