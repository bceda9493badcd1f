/* lt-open311-date.c — W3C date-times (the ISO 8601 subset Open311 uses).
 *
 * A small hand-written reader because g_date_time_new_from_iso8601()
 * accepts far more than the W3C note (week dates, ordinal days, times
 * without a zone taken as local), and a platform that sends a time with no
 * zone should hear so rather than get eight hours of the wrong tickets. */

#define G_LOG_DOMAIN "lt-open311"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lt-open311.h"
#include "lt-open311-date.h"

/* Reads exactly @n digits at *@p into @out and advances. */
static gboolean
digits (const char **p, int n, int *out)
{
  int v = 0;

  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      v = v * 10 + ((*p)[i] - '0');
    }
  *p += n;
  *out = v;
  return TRUE;
}

static gboolean
expect (const char **p, char c)
{
  if (**p != c)
    return FALSE;
  (*p)++;
  return TRUE;
}

/* "Z", "+hh:mm" or "-hh:mm" (a space stands for '+'), as seconds east. */
static gboolean
zone (const char **p, int *offset)
{
  int sign, hh, mm;

  if (expect (p, 'Z'))
    {
      *offset = 0;
      return TRUE;
    }
  if (**p == '+' || **p == ' ')
    sign = 1;
  else if (**p == '-')
    sign = -1;
  else
    return FALSE;
  (*p)++;
  if (!digits (p, 2, &hh) || !expect (p, ':') || !digits (p, 2, &mm) || hh > 14 || mm > 59)
    return FALSE;
  *offset = sign * (hh * 3600 + mm * 60);
  return TRUE;
}

static gboolean
parse (const char *p, gint64 *out)
{
  int y, mo, d, h = 0, mi = 0, s = 0, offset = 0;
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GTimeZone) tz = NULL;

  if (!digits (&p, 4, &y) || !expect (&p, '-') || !digits (&p, 2, &mo) ||
      !expect (&p, '-') || !digits (&p, 2, &d))
    return FALSE;
  if (y < 1970 || !g_date_valid_dmy (d, mo, y))
    return FALSE;
  if (*p == '\0')
    {
      dt = g_date_time_new_local (y, mo, d, 0, 0, 0);
      return dt != NULL && (*out = g_date_time_to_unix (dt), TRUE);
    }
  if (!expect (&p, 'T') || !digits (&p, 2, &h) || !expect (&p, ':') || !digits (&p, 2, &mi))
    return FALSE;
  if (expect (&p, ':'))
    {
      if (!digits (&p, 2, &s))
        return FALSE;
      if (expect (&p, '.'))
        {
          int n = 0, ignored;

          /* Fractions of a second are read and dropped: times are stored
           * in whole seconds. */
          while (n < 9 && digits (&p, 1, &ignored))
            n++;
          if (n == 0)
            return FALSE;
        }
    }
  if (h > 23 || mi > 59 || s > 60 || !zone (&p, &offset) || *p != '\0')
    return FALSE;
  tz = g_time_zone_new_offset (offset);
  /* A leap second is read as the second before it. */
  dt = g_date_time_new (tz, y, mo, d, h, mi, MIN (s, 59));
  if (dt == NULL)
    return FALSE;
  *out = g_date_time_to_unix (dt);
  return TRUE;
}

gboolean
lt_open311_date_parse (const char *field, const char *text, gint64 *out, GError **error)
{
  gint64 t = 0;

  g_return_val_if_fail (field != NULL, FALSE);
  if (text == NULL || strlen (text) > 40 || !parse (text, &t))
    {
      g_set_error (error, LT_OPEN311_ERROR, LT_OPEN311_ERROR_BAD_REQUEST,
                   _("参数“%s”不是 W3C 格式的时间，应形如 2026-11-21T08:30:00+08:00。"), field);
      return FALSE;
    }
  *out = t;
  return TRUE;
}
