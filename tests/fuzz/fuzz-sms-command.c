/* fuzz-sms-command.c — lt_sms_command_parse on any bytes.
 *
 * The text of an inbound SMS is whatever a phone, a network or another
 * machine sent. The classifier must never read past it, whatever it is, and
 * what it reports must be self-consistent. Invalid UTF-8 is passed in too:
 * the parser must cope with it, not only with what the modem layer already
 * cleaned. */

#include <string.h>
#include <glib.h>

#include "lt-sms-command.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  LtSmsCommand command = { 0 };

  lt_sms_command_parse (text, &command);
  switch (command.kind)
    {
    case LT_SMS_COMMAND_STATUS:
      g_assert_cmpuint (strlen (command.receipt), ==, LT_RECEIPT_LEN);
      break;
    case LT_SMS_COMMAND_RATING:
      g_assert_cmpint (command.rating, >=, 1);
      g_assert_cmpint (command.rating, <=, 3);
      break;
    case LT_SMS_COMMAND_BAD_NUMBER:
      g_assert_nonnull (command.typed);
      break;
    default:
      break;
    }
  lt_sms_command_clear (&command);
  return 0;
}
