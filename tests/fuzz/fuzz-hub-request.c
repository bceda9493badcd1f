/* fuzz-hub-request.c — the hub's JSON body parsers on any bytes.
 *
 * Every POST to /api/v1/ goes through lt_hub_request_parse_object and then
 * one of the field parsers. Whatever the bytes (and json-glib recurses, so
 * nesting is what to look for), they must answer with an object or an
 * error, never both and never neither, and never crash or leak. */

#include <glib.h>

#include "lt-hub-request.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check (gpointer result, GError *error)
{
  g_assert_true ((result == NULL) != (error == NULL));
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  static const char *actions[] = { "transfer", "note", "close", "reopen", "rate" };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = lt_hub_request_parse_object ((const char *) data, size,
                                                              64 * 1024, &error);

  check (object, error);
  if (object == NULL)
    return 0;
  {
    g_autoptr(GError) e = NULL;
    g_autoptr(LtHubSubmit) s = lt_hub_submit_parse (object, &e);

    check (s, e);
    if (s != NULL)
      g_assert_true (s->category != NULL && s->text != NULL &&
                     g_utf8_validate (s->text, -1, NULL));
  }
  {
    g_autoptr(GError) e = NULL;
    g_autoptr(LtHubInbound) m = lt_hub_inbound_parse (object, &e);

    check (m, e);
  }
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_autoptr(GError) e = NULL;
      g_autoptr(LtHubChange) c = lt_hub_change_parse (actions[i], object, &e);

      check (c, e);
    }
  {
    g_autoptr(GError) e = NULL;
    LtHubLease lease;
    gboolean ok = lt_hub_lease_parse (object, &lease, &e);

    g_assert_true (ok == (e == NULL));
  }
  {
    g_autoptr(GError) e = NULL;
    g_autoptr(LtHubReport) r = lt_hub_report_parse (object, &e);

    check (r, e);
  }
  return 0;
}
