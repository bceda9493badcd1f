/* lt-hub-commit.c — the writer thread that commits waiting writes together.
 *
 * See lt-hub-commit.h for why. The batch grows by itself under load: while
 * one commit is flushing, the next requests queue up and go together in
 * the next transaction; a lone request goes alone, without waiting. */

#define G_LOG_DOMAIN "lt-hub"

#include "config.h"

#include "lt-hub-commit.h"

typedef struct {
  LtHubWriteFunc  write;
  LtHubWriteDone  done;
  gpointer        data;
  gboolean        committed;
  GError         *error;
} Write;

struct _LtHubCommitter {
  LtStore      *store;
  GAsyncQueue  *queue;     /* Write*, or the stop marker */
  GThread      *thread;
  GMainContext *context;
  guint         max_batch;
};

/* Pushed once by lt_hub_committer_free: the thread finishes and exits. */
static Write stop_marker;

/* Runs in the main context: answers every write of one batch, in the
 * order they were queued. One dispatch per batch, not per write: under
 * load a batch holds dozens of writes, and each dispatch of the main
 * context walks all of its sources (every client connection's). */
static gboolean
complete_batch (gpointer user_data)
{
  GPtrArray *done = user_data;

  for (guint i = 0; i < done->len; i++)
    {
      Write *w = g_ptr_array_index (done, i);

      w->done (w->data, w->committed, w->error);
      g_clear_error (&w->error);
      g_free (w);
    }
  g_ptr_array_unref (done);
  return G_SOURCE_REMOVE;
}

static void
run_batch (LtHubCommitter *self, GPtrArray *batch)
{
  g_autoptr(GError) error = NULL;
  gboolean began = lt_store_begin (self->store, &error);

  for (guint i = 0; began && i < batch->len; i++)
    {
      Write *w = g_ptr_array_index (batch, i);

      /* A savepoint per write: a refused write undoes only itself. */
      if (!lt_store_begin (self->store, NULL))
        continue;
      if (w->write (self->store, w->data))
        lt_store_commit (self->store, NULL);
      else
        lt_store_rollback (self->store);
    }
  if (began && !lt_store_commit (self->store, &error))
    began = FALSE;
  for (guint i = 0; i < batch->len; i++)
    {
      Write *w = g_ptr_array_index (batch, i);

      w->committed = began;
      if (!began)
        w->error = g_error_copy (error);
    }
  g_main_context_invoke (self->context, complete_batch, g_ptr_array_copy (batch, NULL, NULL));
}

static gpointer
writer_thread (gpointer user_data)
{
  LtHubCommitter *self = user_data;
  g_autoptr(GPtrArray) batch = g_ptr_array_new ();
  gboolean stopping = FALSE;

  while (!stopping)
    {
      Write *w = g_async_queue_pop (self->queue);

      g_ptr_array_set_size (batch, 0);
      while (w != NULL)
        {
          if (w == &stop_marker)
            {
              stopping = TRUE;
              break;
            }
          g_ptr_array_add (batch, w);
          w = batch->len < self->max_batch ? g_async_queue_try_pop (self->queue) : NULL;
        }
      if (batch->len > 0)
        run_batch (self, batch);
    }
  return NULL;
}

LtHubCommitter *
lt_hub_committer_new (LtStore *store, guint max_batch)
{
  LtHubCommitter *self = g_new0 (LtHubCommitter, 1);

  self->store = g_object_ref (store);
  self->queue = g_async_queue_new ();
  self->context = g_main_context_ref_thread_default ();
  self->max_batch = MAX (max_batch, 1);
  self->thread = g_thread_new ("lt-hub-writer", writer_thread, self);
  return self;
}

void
lt_hub_committer_push (LtHubCommitter *self, LtHubWriteFunc write, LtHubWriteDone done,
                       gpointer data)
{
  Write *w = g_new0 (Write, 1);

  w->write = write;
  w->done = done;
  w->data = data;
  g_async_queue_push (self->queue, w);
}

void
lt_hub_committer_free (LtHubCommitter *self)
{
  if (self == NULL)
    return;
  g_async_queue_push (self->queue, &stop_marker);
  g_thread_join (self->thread);
  /* Completions already posted still run if the caller iterates the
   * context; the hub stops only after its in-flight count reaches zero. */
  g_async_queue_unref (self->queue);
  g_main_context_unref (self->context);
  g_object_unref (self->store);
  g_free (self);
}
