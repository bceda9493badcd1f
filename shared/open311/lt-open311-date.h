/* lt-open311-date.h — W3C date-times (the ISO 8601 subset Open311 uses). */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Parses "1994-11-05T08:15:30-05:00", "1994-11-05T13:15:30Z" (seconds and
 * a fraction optional) or a bare date "1994-11-05" (local midnight) into
 * unix seconds. A time needs its zone, as the specification requires; a
 * zone whose '+' became a space in an unescaped URL is read as '+'. FALSE
 * with LT_OPEN311_ERROR_BAD_REQUEST naming @field otherwise. */
gboolean lt_open311_date_parse (const char *field, const char *text, gint64 *out, GError **error);

G_END_DECLS
