/* lt-attachment.c — files filed with a ticket; see lt-attachment.h. */

#define G_LOG_DOMAIN "lt-attachment"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lt-attachment.h"

LtAttachment *
lt_attachment_new (const char *kind, guint seconds, const char *path)
{
  LtAttachment *self = g_new0 (LtAttachment, 1);

  self->kind = g_strdup (kind);
  self->seconds = seconds;
  self->path = g_strdup (path);
  return self;
}

void
lt_attachment_free (LtAttachment *self)
{
  if (self == NULL)
    return;
  g_free (self->kind);
  g_free (self->path);
  g_free (self);
}

char *
lt_attachment_format_seconds (guint seconds)
{
  guint minutes = seconds / 60, rest = seconds % 60;

  if (minutes == 0)
    return g_strdup_printf (_("%u秒"), rest);
  if (rest == 0)
    return g_strdup_printf (_("%u分钟"), minutes);
  return g_strdup_printf (_("%u分%u秒"), minutes, rest);
}
