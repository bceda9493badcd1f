/* fuzz-officer-command.c — lt_officer_command_parse on any bytes.
 *
 * Only a registered officer's texts reach this parser, but their phone can
 * send anything, and the words it keeps are cut from the original text by
 * character offset: that must never read past the text, whatever bytes it
 * holds, and what it reports must be self-consistent. */

#include <string.h>
#include <glib.h>

#include "lt-officer-command.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  LtOfficerCommand command = { 0 };

  lt_officer_command_parse (text, &command);
  if (command.kind == LT_OFFICER_COMMAND_UNKNOWN)
    g_assert_null (command.words);
  if (command.receipt_state == LT_OFFICER_RECEIPT_VALID)
    g_assert_cmpuint (strlen (command.receipt), ==, LT_RECEIPT_LEN);
  if (command.receipt_state == LT_OFFICER_RECEIPT_BAD)
    g_assert_nonnull (command.typed);
  if (command.words != NULL)
    {
      g_assert_true (g_utf8_validate (command.words, -1, NULL));
      g_assert_cmpuint (strlen (command.words), >, 0);
    }
  lt_officer_command_clear (&command);
  return 0;
}
