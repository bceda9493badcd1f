/* lt-time.h — times as laiting shows them: stored as UTC unix seconds,
 * shown in local time. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "2026-11-21T16:30:00+08:00" in local time. Newly allocated. */
char    *lt_time_iso8601       (gint64 unix_seconds) G_GNUC_WARN_UNUSED_RESULT;
/* Local time formatted with g_date_time_format(). Newly allocated. */
char    *lt_time_format        (gint64 unix_seconds, const char *format) G_GNUC_WARN_UNUSED_RESULT;
/* Parses "YYYY-MM-DD" into @date; FALSE if not a valid date. */
gboolean lt_time_parse_date    (const char *text, GDate *date);
/* Parses "YYYY-MM" into year and month; FALSE if not valid. */
gboolean lt_time_parse_month   (const char *text, int *year, int *month);
/* Start of a local day / month as unix seconds. */
gint64   lt_time_day_start     (int year, int month, int day);

G_END_DECLS
