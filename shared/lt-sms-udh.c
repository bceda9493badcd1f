/* lt-sms-udh.c — a received SMS's user data header, and what it carries.
 *
 * GSM 03.40 9.2.3.24: the header is a length byte and information
 * elements (tag, length, value). We need four of them: concatenation with
 * an 8-bit (0x00) or 16-bit (0x08) reference, and application ports with
 * 8-bit (0x04) or 16-bit (0x05) addresses. An MMS notification is a WAP
 * push (WAP-230 WSP, port 2948) whose content type is
 * application/vnd.wap.mms-message (well-known value 0x3E). */

#define G_LOG_DOMAIN "lt-sms-udh"

#include "config.h"

#include <string.h>

#include "lt-sms-udh.h"

#define IE_CONCAT_8    0x00
#define IE_PORT_8      0x04
#define IE_PORT_16     0x05
#define IE_CONCAT_16   0x08

#define WSP_PUSH       0x06
#define WSP_MMS_TYPE   (0x3E | 0x80)
#define MMS_TYPE_NAME  "application/vnd.wap.mms-message"

gboolean
lt_sms_udh_parse (const guint8 *udh, gsize len, LtSmsUdh *out)
{
  gsize end, i;
  gboolean ok = TRUE;

  g_return_val_if_fail (out != NULL, FALSE);

  out->ref = 0;
  out->total = 1;
  out->seq = 1;
  out->port = -1;
  if (udh == NULL || len == 0)
    return TRUE;
  end = (gsize) udh[0] + 1;
  if (end != len)
    ok = FALSE;
  end = MIN (end, len);
  for (i = 1; i + 2 <= end;)
    {
      guint tag = udh[i], n = udh[i + 1];
      const guint8 *v = udh + i + 2;
      guint ref, total, seq;

      if (i + 2 + n > end)
        return FALSE;
      i += 2 + n;
      if ((tag == IE_CONCAT_8 && n == 3) || (tag == IE_CONCAT_16 && n == 4))
        {
          ref = tag == IE_CONCAT_8 ? v[0] : (guint) v[0] << 8 | v[1];
          total = v[n - 2];
          seq = v[n - 1];
          if (total == 0 || seq == 0 || seq > total)
            {
              ok = FALSE;
              continue;
            }
          out->ref = ref;
          out->total = total;
          out->seq = seq;
        }
      else if (tag == IE_PORT_8 && n == 2)
        out->port = v[0];
      else if (tag == IE_PORT_16 && n == 4)
        out->port = (int) ((guint) v[0] << 8 | v[1]);
      else if (tag == IE_CONCAT_8 || tag == IE_CONCAT_16 || tag == IE_PORT_8 ||
               tag == IE_PORT_16)
        ok = FALSE;
    }
  return ok && i == end;
}

/* A WSP push whose content type is the MMS one, by its well-known number
 * or by name. Only the first part of a long push carries the WSP header. */
static gboolean
is_mms_push (const guint8 *data, gsize len)
{
  gsize i = 2;

  if (data == NULL || len < 4 || data[1] != WSP_PUSH)
    return FALSE;
  /* The headers' length, a uintvar of up to five bytes. */
  while (i < len && i < 7 && (data[i] & 0x80))
    i++;
  i++;
  if (i >= len)
    return FALSE;
  if (data[i] == WSP_MMS_TYPE)
    return TRUE;
  return len - i >= strlen (MMS_TYPE_NAME) &&
         memcmp (data + i, MMS_TYPE_NAME, strlen (MMS_TYPE_NAME)) == 0;
}

LtInboundKind
lt_sms_classify (gboolean        is_report,
                 gboolean        eight_bit,
                 const LtSmsUdh *udh,
                 const guint8   *data,
                 gsize           len)
{
  if (is_report)
    return LT_INBOUND_DELIVERY_REPORT;
  if (udh != NULL && (udh->port == LT_SMS_PORT_WAP_PUSH || udh->port == LT_SMS_PORT_WAP_PUSH_S))
    return udh->seq == 1 && is_mms_push (data, len) ? LT_INBOUND_MMS_NOTIFICATION
                                                    : LT_INBOUND_WAP_PUSH;
  if (eight_bit || (udh != NULL && udh->port >= 0))
    return LT_INBOUND_BINARY;
  return LT_INBOUND_TEXT;
}
