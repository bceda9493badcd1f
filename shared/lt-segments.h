/* lt-segments.h — how many SMS segments a text costs. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  LT_SMS_GSM7,
  LT_SMS_UCS2,
} LtSmsEncoding;

#define LT_SMS_GSM7_SINGLE 160
#define LT_SMS_GSM7_PART   153
#define LT_SMS_UCS2_SINGLE  70
#define LT_SMS_UCS2_PART    67

/* The number of segments @utf8 needs: GSM-7 (160 single / 153 per part,
 * extension characters count two) when every character is in the GSM 03.38
 * alphabet, UCS-2 otherwise (70 / 67, characters outside the BMP count two).
 * An empty text is one segment. @encoding may be NULL. */
guint    lt_sms_count_segments (const char *utf8, LtSmsEncoding *encoding);

/* Length in the encoding's units: septets for GSM-7, UTF-16 units for UCS-2. */
guint    lt_sms_units          (const char *utf8, LtSmsEncoding encoding);

/* Length of @utf8 in the units of the encoding it would go in alone. */
guint    lt_sms_own_units      (const char *utf8);

/* @utf8 cut to at most @max units of its own encoding, the cut marked:
 * "..." for a GSM-7 text (the one-character ellipsis is not in GSM-7 and
 * would turn a whole English SMS into UCS-2), "…" otherwise. A surrogate
 * pair or an escaped GSM-7 character is never split. Invalid UTF-8 is
 * made valid first. Newly allocated. */
char    *lt_sms_cut            (const char *utf8, guint max);

G_END_DECLS
