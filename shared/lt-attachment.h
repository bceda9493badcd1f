/* lt-attachment.h — a file filed with a ticket: a resident's voice note.
 *
 * The file lives in the store's directory (attachments/ next to the
 * database); the store keeps its path relative to that directory, so a
 * store moved with its folder keeps its attachments. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char  *kind;      /* "voice" */
  guint  seconds;   /* length of the recording */
  char  *path;      /* absolute path of the file */
} LtAttachment;

LtAttachment *lt_attachment_new  (const char *kind, guint seconds, const char *path) G_GNUC_WARN_UNUSED_RESULT;
void          lt_attachment_free (LtAttachment *self);

/* "1分20秒", "45秒", "2分钟": a length as a resident says it. */
char         *lt_attachment_format_seconds (guint seconds) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtAttachment, lt_attachment_free)

G_END_DECLS
