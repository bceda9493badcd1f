/* lk-cups.c — a finished PDF to a named CUPS queue; see lk-cups.h. */

#define G_LOG_DOMAIN "lk-cups"

#include "config.h"

#include <cups/cups.h>

#include "lk-cups.h"

G_DEFINE_QUARK (lk-cups-error-quark, lk_cups_error)

typedef struct
{
  char *queue;
  char *pdf_path;
  char *title;
  char *media;
} CupsJob;

static void
cups_job_free (gpointer data)
{
  CupsJob *job = data;

  g_free (job->queue);
  g_free (job->pdf_path);
  g_free (job->title);
  g_free (job->media);
  g_free (job);
}

/* libcups keeps its connection and last error per thread, so each job
 * talks to CUPS on its own. */
static void
print_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  CupsJob *job = task_data;
  cups_dest_t *dest = cupsGetNamedDest (CUPS_HTTP_DEFAULT, job->queue, NULL);
  cups_option_t *options = NULL;
  int n_options = 0;
  int id;

  if (dest == NULL)
    {
      g_task_return_new_error (task, LK_CUPS_ERROR, LK_CUPS_ERROR_NO_QUEUE,
                               "CUPS has no queue \"%s\" (%s)", job->queue,
                               cupsLastErrorString ());
      return;
    }
  cupsFreeDests (1, dest);
  if (job->media)
    n_options = cupsAddOption (CUPS_MEDIA, job->media, n_options, &options);
  id = cupsPrintFile2 (CUPS_HTTP_DEFAULT, job->queue, job->pdf_path, job->title,
                       n_options, options);
  cupsFreeOptions (n_options, options);
  if (id == 0)
    g_task_return_new_error (task, LK_CUPS_ERROR, LK_CUPS_ERROR_FAILED,
                             "CUPS queue \"%s\" refused the job: %s", job->queue,
                             cupsLastErrorString ());
  else
    g_task_return_int (task, id);
}

void
lk_cups_print_file_async (const char          *queue,
                          const char          *pdf_path,
                          const char          *title,
                          const char          *media,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  CupsJob *job = g_new0 (CupsJob, 1);

  g_return_if_fail (queue != NULL && pdf_path != NULL);
  job->queue = g_strdup (queue);
  job->pdf_path = g_strdup (pdf_path);
  job->title = g_strdup (title ? title : "laiting");
  job->media = g_strdup (media);
  g_task_set_source_tag (task, lk_cups_print_file_async);
  g_task_set_task_data (task, job, cups_job_free);
  g_task_run_in_thread (task, print_thread);
}

int
lk_cups_print_file_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), 0);
  return (int) g_task_propagate_int (G_TASK (result), error);
}
