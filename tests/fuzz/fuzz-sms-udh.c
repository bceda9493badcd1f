/* fuzz-sms-udh.c — lt_sms_udh_parse and lt_sms_classify on any bytes.
 *
 * A received SMS's header and 8-bit data come from strangers' phones and
 * networks. The first input byte splits the rest into header and data.
 * Whatever they hold, the parser must stay inside them and what it reports
 * must be usable: a part number within the part count, a port that fits
 * 16 bits, a kind that exists. */

#include <glib.h>

#include "lt-sms-udh.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autofree guint8 *udh = NULL;
  g_autofree guint8 *body = NULL;
  gsize split;
  LtSmsUdh out;
  LtInboundKind kind;

  if (size == 0)
    return 0;
  split = MIN ((gsize) data[0], size - 1);
  /* Exact-size copies, so a read past either end is caught. */
  udh = g_memdup2 (data + 1, split);
  body = g_memdup2 (data + 1 + split, size - 1 - split);
  lt_sms_udh_parse (udh, split, &out);
  g_assert_cmpuint (out.total, >=, 1);
  g_assert_cmpuint (out.seq, >=, 1);
  g_assert_cmpuint (out.seq, <=, out.total);
  g_assert_cmpint (out.port, >=, -1);
  g_assert_cmpint (out.port, <=, 0xFFFF);
  kind = lt_sms_classify (FALSE, data[0] & 1, &out, body, size - 1 - split);
  g_assert_cmpint (kind, >=, LT_INBOUND_TEXT);
  g_assert_cmpint (kind, <=, LT_INBOUND_UNREADABLE);
  g_assert_nonnull (lt_inbound_kind_to_string (kind));
  return 0;
}
