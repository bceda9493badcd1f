/* lt-time.c — stored as UTC unix seconds, shown in local time. */

#define G_LOG_DOMAIN "lt-time"

#include "config.h"

#include <stdlib.h>
#include <time.h>

#include "lt-time.h"

/* Every JSON answer carries a few of these, so they are built from the C
 * library's broken-down local time (the same zone rules GLib reads: TZ,
 * else /etc/localtime) instead of through g_date_time_format, which
 * interprets its format string and showed in the hub's profile. */
char *
lt_time_iso8601 (gint64 unix_seconds)
{
  time_t t = (time_t) unix_seconds;
  struct tm tm;
  long offset;

  if (localtime_r (&t, &tm) == NULL || tm.tm_year + 1900 < 1 || tm.tm_year + 1900 > 9999)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (unix_seconds);

      return dt ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S%:z") : g_strdup ("");
    }
  offset = tm.tm_gmtoff / 60;
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld", tm.tm_year + 1900,
                          tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                          offset < 0 ? '-' : '+', labs (offset) / 60, labs (offset) % 60);
}

char *
lt_time_format (gint64 unix_seconds, const char *format)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (unix_seconds);

  return g_date_time_format (dt, format);
}

static gboolean
parse_fields (const char *text, int n_fields, int *fields)
{
  g_auto(GStrv) parts = NULL;

  if (text == NULL)
    return FALSE;
  parts = g_strsplit (text, "-", -1);
  if ((int) g_strv_length (parts) != n_fields)
    return FALSE;
  for (int i = 0; i < n_fields; i++)
    {
      guint64 v;

      if (!g_ascii_string_to_unsigned (parts[i], 10, 0, 9999, &v, NULL))
        return FALSE;
      fields[i] = (int) v;
    }
  return TRUE;
}

gboolean
lt_time_parse_date (const char *text, GDate *date)
{
  int f[3];

  if (!parse_fields (text, 3, f) || !g_date_valid_dmy (f[2], f[1], f[0]))
    return FALSE;
  g_date_set_dmy (date, f[2], f[1], f[0]);
  return TRUE;
}

gboolean
lt_time_parse_month (const char *text, int *year, int *month)
{
  int f[2];

  if (!parse_fields (text, 2, f) || f[1] < 1 || f[1] > 12 || f[0] < 1970)
    return FALSE;
  *year = f[0];
  *month = f[1];
  return TRUE;
}

gint64
lt_time_day_start (int year, int month, int day)
{
  g_autoptr(GDateTime) dt = g_date_time_new_local (year, month, day, 0, 0, 0);

  return dt ? g_date_time_to_unix (dt) : 0;
}
