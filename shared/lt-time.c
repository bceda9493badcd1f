/* lt-time.c — stored as UTC unix seconds, shown in local time. */

#define G_LOG_DOMAIN "lt-time"

#include "config.h"

#include <stdlib.h>

#include "lt-time.h"

char *
lt_time_iso8601 (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (unix_seconds);

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S%:z");
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
