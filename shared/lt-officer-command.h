/* lt-officer-command.h — what an officer's text message asks for.
 *
 * A pure classifier, like lt-sms-command.h for residents: 收到/SD,
 * 进展/JZ, 办结/BJ, 退回/TH, each with an optional receipt number and
 * the words after it. Whether the ticket exists or is the officer's is
 * for lt_officer_handle_sms() to find out in the store. */

#pragma once

#include <glib.h>
#include "lt-receipt.h"

G_BEGIN_DECLS

typedef enum {
  LT_OFFICER_COMMAND_UNKNOWN,      /* not one of the four */
  LT_OFFICER_COMMAND_ACK,          /* 收到 / SD */
  LT_OFFICER_COMMAND_PROGRESS,     /* 进展 / JZ */
  LT_OFFICER_COMMAND_CLOSE,        /* 办结 / BJ */
  LT_OFFICER_COMMAND_RETURN,       /* 退回 / TH */
} LtOfficerCommandKind;

typedef enum {
  LT_OFFICER_RECEIPT_NONE,         /* left out */
  LT_OFFICER_RECEIPT_VALID,        /* in @receipt, canonical */
  LT_OFFICER_RECEIPT_BAD,          /* digits that are not a valid number, in @typed */
} LtOfficerReceiptState;

typedef struct {
  LtOfficerCommandKind  kind;
  LtOfficerReceiptState receipt_state;
  char                  receipt[LT_RECEIPT_LEN + 1];
  char                 *typed;    /* BAD: the digits as sent */
  char                 *words;    /* what follows, trimmed, as sent; NULL when none */
} LtOfficerCommand;

/* Classifies @text. Case-insensitive, full-width folded, spaces and
 * punctuation between the parts ignored. Free with lt_officer_command_clear(). */
void        lt_officer_command_parse (const char *text, LtOfficerCommand *out);
void        lt_officer_command_clear (LtOfficerCommand *self);
/* "SD", "JZ", "BJ", "TH" (what to type), or NULL for UNKNOWN. */
const char *lt_officer_command_code  (LtOfficerCommandKind kind);

G_END_DECLS
