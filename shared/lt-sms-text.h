/* lt-sms-text.h — every text laiting sends by SMS, in one place.
 *
 * Each function returns a newly allocated, translated, signed text. Every
 * automatic reply fits one segment and a closure notice at most two;
 * tests/test-sms-text.c renders each with its longest fields to hold us to
 * that. Receipts are shown grouped ("120 345 678"). */

#pragma once

#include <glib.h>
#include "lt-config.h"
#include "lt-ticket.h"

G_BEGIN_DECLS

/* Longest signature, in characters, brackets included ("【来听】" is 4):
 * every automatic reply is written to fit one segment with a signature
 * this long. */
#define LT_SMS_SIGNATURE_MAX 8

/* Longest closure note kept in a closure notice; longer notes are cut with
 * "…" so the notice stays within two segments. */
char *lt_sms_text_receipt        (const char *signature, const char *receipt) G_GNUC_WARN_UNUSED_RESULT;
/* Status reply; @assignee may be NULL; @when is the last change. */
char *lt_sms_text_status         (const char *signature, const char *receipt,
                                  LtTicketStatus status, const char *assignee,
                                  gint64 when) G_GNUC_WARN_UNUSED_RESULT;
/* The sender's open tickets; shows up to three, then "等N件". */
char *lt_sms_text_open_list      (const char *signature, const char *const *receipts,
                                  guint n_receipts) G_GNUC_WARN_UNUSED_RESULT;
char *lt_sms_text_help           (const char *signature) G_GNUC_WARN_UNUSED_RESULT;
/* Closure notice with the 1/2/3 question. @note is cut to fit two segments. */
char *lt_sms_text_closure        (const char *signature, const char *receipt,
                                  const char *note) G_GNUC_WARN_UNUSED_RESULT;
/* Thanks after a rating of 1 or 2. */
char *lt_sms_text_rating_thanks  (const char *signature, const char *receipt) G_GNUC_WARN_UNUSED_RESULT;
/* After a rating of 3: the ticket is being handled again. */
char *lt_sms_text_reopened       (const char *signature, const char *receipt) G_GNUC_WARN_UNUSED_RESULT;
char *lt_sms_text_opt_out        (const char *signature) G_GNUC_WARN_UNUSED_RESULT;
char *lt_sms_text_unknown_receipt(const char *signature, const char *receipt) G_GNUC_WARN_UNUSED_RESULT;
char *lt_sms_text_bad_check_digit(const char *signature, const char *typed) G_GNUC_WARN_UNUSED_RESULT;
/* A follow-up SMS was added to the sender's recent ticket. */
char *lt_sms_text_appended       (const char *signature, const char *receipt) G_GNUC_WARN_UNUSED_RESULT;
/* A picture or recording (an MMS) arrived: this number takes text only. */
char *lt_sms_text_text_only      (const char *signature) G_GNUC_WARN_UNUSED_RESULT;
/* A text with no open ticket to query ("查" alone, nothing open). */
char *lt_sms_text_no_open        (const char *signature) G_GNUC_WARN_UNUSED_RESULT;

/* Renders every automatic reply in the current language with @config's
 * signature and departments and the longest receipt fields, and returns
 * FALSE with LT_CONFIG_ERROR_INVALID, one sentence naming the key to
 * change, when one would take more segments than promised (one for a
 * reply, two for a closure notice): a Chinese signature on English
 * replies, a department name outside the replies' alphabet. Programs that
 * send SMS call it at start. */
gboolean lt_sms_text_check_config (LtConfig *config, GError **error);

G_END_DECLS
