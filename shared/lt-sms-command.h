/* lt-sms-command.h — what a resident's text message asks for.
 *
 * A pure classifier: it looks at the words only. Whether a rating has a
 * ticket to apply to, or a receipt exists, is for the caller to find out in
 * the store. */

#pragma once

#include <glib.h>
#include "lt-receipt.h"

G_BEGIN_DECLS

typedef enum {
  LT_SMS_COMMAND_NEW_TICKET,   /* anything else: a complaint or request */
  LT_SMS_COMMAND_STATUS,       /* a receipt number, alone or after 查/CX */
  LT_SMS_COMMAND_LIST,         /* 查/CX alone: the sender's open tickets */
  LT_SMS_COMMAND_RATING,       /* 1/2/3 after a closure notice */
  LT_SMS_COMMAND_OPT_OUT,      /* TD/退订 */
  LT_SMS_COMMAND_HELP,         /* 帮助/BZ/? */
  LT_SMS_COMMAND_BAD_NUMBER,   /* digits that are not a valid receipt number */
} LtSmsCommandKind;

typedef struct {
  LtSmsCommandKind kind;
  char             receipt[LT_RECEIPT_LEN + 1]; /* STATUS: canonical digits */
  int              rating;                      /* RATING: 1..3 */
  char            *typed;                       /* BAD_NUMBER: the digits as sent */
} LtSmsCommand;

/* Classifies @text (UTF-8, as received). Case-insensitive, full-width
 * folded, surrounding spaces and final full stops ignored. Fills @out;
 * free its contents with lt_sms_command_clear(). */
void        lt_sms_command_parse (const char *text, LtSmsCommand *out);
void        lt_sms_command_clear (LtSmsCommand *self);
/* "new-ticket", "status", …: the inbound log's action names. */
const char *lt_sms_command_kind_to_string (LtSmsCommandKind kind);

G_END_DECLS
