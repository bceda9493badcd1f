/* lt-phone.h — Chinese mobile numbers: normalising and masking. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LT_PHONE_LEN 11

/* Returns TRUE and stores 11 digits in @out when @text is a Chinese mobile
 * number: optional +86 / 0086 / 86 prefix, spaces, dashes, full-width
 * digits allowed, then 1, then 3–9, then nine digits. FALSE otherwise. */
gboolean lt_phone_normalize (const char *text, char out[LT_PHONE_LEN + 1]);

/* "13912345678" → "139****5678"; other text is returned masked but for its
 * last four characters. Newly allocated. */
char    *lt_phone_mask      (const char *phone) G_GNUC_WARN_UNUSED_RESULT;

/* "13912345678" → "139 1234 5678"; a partial number is grouped as far as it
 * goes (used by the kiosk keypad). Newly allocated. */
char    *lt_phone_group     (const char *digits) G_GNUC_WARN_UNUSED_RESULT;

/* Folds full-width ASCII (！–～) and the ideographic space to half-width.
 * Newly allocated UTF-8. Shared by every parser that reads what people type. */
char    *lt_fold_width      (const char *text) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
