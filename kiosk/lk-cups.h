/* lk-cups.h — a finished PDF to a named CUPS queue, off the main loop.
 *
 * The kiosk's receipt slips and the desk's day slips are PDFs laiting
 * draws itself, sent to the queue the config names. libcups is asked
 * directly, in a worker thread: no GTK printer enumeration, which waits on
 * every backend, and a slow or missing CUPS never holds up the screen. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LK_CUPS_ERROR (lk_cups_error_quark ())
typedef enum {
  LK_CUPS_ERROR_NO_QUEUE,   /* CUPS does not know the queue (or is not there) */
  LK_CUPS_ERROR_FAILED,     /* the queue refused the job */
} LkCupsError;
GQuark lk_cups_error_quark (void);

/* Sends @pdf_path to @queue as a job titled @title; @media (a CUPS media
 * name such as "Custom.80x90mm", or NULL for the queue's default). The
 * result is the CUPS job id; errors in English, for the journal. */
void     lk_cups_print_file_async  (const char          *queue,
                                    const char          *pdf_path,
                                    const char          *title,
                                    const char          *media,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
int      lk_cups_print_file_finish (GAsyncResult        *result,
                                    GError             **error);

G_END_DECLS
