/* lt-quiet-hours.c — when notices nobody asked for may not be sent.
 *
 * Residents are often elderly and keep their phone by the bed; an SMS at
 * midnight about a street lamp is a bad service. The rule is expressed as
 * a not-before time on the queued message, computed here in local time. */

#define G_LOG_DOMAIN "lt-quiet-hours"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lt-quiet-hours.h"

#define DEFAULT_QUIET_HOURS "21:00-08:00"

static gboolean
parse_clock (const char *text, int *minutes)
{
  g_auto(GStrv) parts = g_strsplit (text, ":", -1);
  guint64 h, m;

  if (g_strv_length (parts) != 2 ||
      !g_ascii_string_to_unsigned (g_strstrip (parts[0]), 10, 0, 24, &h, NULL) ||
      !g_ascii_string_to_unsigned (g_strstrip (parts[1]), 10, 0, 59, &m, NULL) ||
      (h == 24 && m != 0))
    return FALSE;
  *minutes = (int) (h * 60 + m) % (24 * 60);
  return TRUE;
}

gboolean
lt_quiet_hours_parse (const char *text, LtQuietHours *out, GError **error)
{
  g_autofree char *clean = g_strstrip (g_strdup (text ? text : ""));
  g_auto(GStrv) ends = NULL;
  LtQuietHours q = { TRUE, 0, 0 };

  if (g_ascii_strcasecmp (clean, "off") == 0 || g_ascii_strcasecmp (clean, "none") == 0)
    {
      *out = (LtQuietHours) { FALSE, 0, 0 };
      return TRUE;
    }
  /* "21:00-08:00", "21:00–08:00", "21:00~08:00" */
  g_strdelimit (clean, "~", '-');
  {
    g_autofree char *dashed = NULL;
    g_auto(GStrv) en = g_strsplit (clean, "–", -1);

    dashed = g_strjoinv ("-", en);
    ends = g_strsplit (dashed, "-", -1);
  }
  if (g_strv_length (ends) != 2 || !parse_clock (ends[0], &q.start) ||
      !parse_clock (ends[1], &q.end) || q.start == q.end)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   _("免打扰时段（quiet-hours）应写成 21:00-08:00 这样的起止时间，或写 off。"));
      return FALSE;
    }
  *out = q;
  return TRUE;
}

void
lt_quiet_hours_from_config (LtConfig *config, LtQuietHours *out)
{
  g_autofree char *text = lt_config_get_string (config, "sms", "quiet-hours", DEFAULT_QUIET_HOURS);

  if (!lt_quiet_hours_parse (text, out, NULL))
    lt_quiet_hours_parse (DEFAULT_QUIET_HOURS, out, NULL);
}

gint64
lt_quiet_hours_not_before (const LtQuietHours *self, gint64 now)
{
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (now);
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GDateTime) end = NULL;
  int minute;
  gboolean quiet;

  if (!self->enabled || local == NULL)
    return now;
  minute = g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);
  quiet = self->start < self->end ? (minute >= self->start && minute < self->end)
                                  : (minute >= self->start || minute < self->end);
  if (!quiet)
    return now;
  midnight = g_date_time_new_local (g_date_time_get_year (local), g_date_time_get_month (local),
                                    g_date_time_get_day_of_month (local), 0, 0, 0);
  /* The end is later today, or tomorrow when the quiet hours run over
   * midnight and it is still evening. Built from the date, not by adding
   * seconds, so a change of offset in between does not shift it. */
  if (minute >= self->end)
    {
      g_autoptr(GDateTime) tomorrow = g_date_time_add_days (midnight, 1);

      end = g_date_time_new_local (g_date_time_get_year (tomorrow), g_date_time_get_month (tomorrow),
                                   g_date_time_get_day_of_month (tomorrow),
                                   self->end / 60, self->end % 60, 0);
    }
  else
    end = g_date_time_new_local (g_date_time_get_year (local), g_date_time_get_month (local),
                                 g_date_time_get_day_of_month (local),
                                 self->end / 60, self->end % 60, 0);
  return end ? g_date_time_to_unix (end) : now;
}
