/* lt-sms-udh.h — a received SMS's user data header, and what it carries.
 *
 * The header says whether a message is one part of a longer one and
 * whether it is addressed to an application port (WAP push, an MMS
 * notification) rather than to a person. It arrives from strangers'
 * phones and networks, so it is parsed here without trusting a byte. */

#pragma once

#include <glib.h>
#include "lt-inbound.h"

G_BEGIN_DECLS

typedef struct {
  guint ref;        /* concatenation reference (8 or 16 bit); 0 when single */
  guint total;      /* parts announced; 1 when single */
  guint seq;        /* this part, 1..total; 1 when single */
  int   port;       /* destination application port, -1 when none */
} LtSmsUdh;

#define LT_SMS_PORT_WAP_PUSH   2948
#define LT_SMS_PORT_WAP_PUSH_S 2949

/* Parses @len bytes of header, the length byte first (UDHL, then the
 * information elements). Fills @out in every case; returns FALSE when the
 * header is malformed (lengths that do not add up, a part number of 0 or
 * beyond the part count): what could be read is in @out, and a broken
 * concatenation element leaves the message single. An empty header is
 * valid and single. */
gboolean      lt_sms_udh_parse     (const guint8 *udh, gsize len, LtSmsUdh *out);

/* What a received part is: a delivery report when @is_report; else by
 * its header and, for 8-bit data, its first bytes @data: an MMS
 * notification or other WAP push on the WAP push ports, other 8-bit or
 * port-addressed data as binary, and text otherwise. */
LtInboundKind lt_sms_classify      (gboolean is_report, gboolean eight_bit,
                                    const LtSmsUdh *udh, const guint8 *data, gsize len);

G_END_DECLS
