/* lt-receipt.h — receipt numbers: origin code, sequence, Damm check digit. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LT_RECEIPT_LEN 9
#define LT_RECEIPT_DISPLAY_LEN 11        /* "120 345 678" */
#define LT_RECEIPT_ORIGIN_MIN 10
#define LT_RECEIPT_ORIGIN_MAX 99
#define LT_RECEIPT_SEQUENCE_MAX 999999

#define LT_RECEIPT_ERROR (lt_receipt_error_quark ())
typedef enum {
  LT_RECEIPT_ERROR_FORMAT,   /* not nine digits */
  LT_RECEIPT_ERROR_CHECK,    /* nine digits but the check digit is wrong */
  LT_RECEIPT_ERROR_RANGE,    /* origin or sequence out of range */
} LtReceiptError;
GQuark   lt_receipt_error_quark (void);

/* The Damm check digit of the ASCII digits in @digits (@len of them). */
int      lt_receipt_damm        (const char *digits, gsize len);

/* Builds the canonical 9 digits for @origin (10–99) and @sequence
 * (0–999999). Returns FALSE with LT_RECEIPT_ERROR_RANGE otherwise. */
gboolean lt_receipt_build       (guint origin, guint sequence,
                                 char out[LT_RECEIPT_LEN + 1], GError **error);

/* Returns TRUE and stores the canonical 9 digits in @out when @text holds a
 * valid receipt number in any spacing (spaces, dashes, dots, full-width
 * spaces) and in half- or full-width digits. Otherwise FALSE with
 * LT_RECEIPT_ERROR_FORMAT, or LT_RECEIPT_ERROR_CHECK when nine digits were
 * found but the check digit is wrong; @out is then untouched. */
gboolean lt_receipt_parse       (const char *text,
                                 char out[LT_RECEIPT_LEN + 1], GError **error);

/* TRUE when @text, after folding, is nine digits and nothing else
 * (whatever the check digit). Used to tell a mistyped number from words. */
gboolean lt_receipt_looks_like  (const char *text);

/* The origin code of a valid receipt number (any spacing), or 0. */
guint    lt_receipt_origin      (const char *receipt);

/* "120345678" → "120 345 678" (newly allocated). */
char    *lt_receipt_format      (const char *receipt) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
