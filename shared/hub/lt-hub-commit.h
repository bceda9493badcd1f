/* lt-hub-commit.h — group commit: the hub's writes, many to a transaction.
 *
 * Each durable commit costs a flush of the disk, and the flush, not the
 * SQL, is what limits how many tickets a second the store takes. One
 * writer thread takes every write request waiting at that moment, runs
 * them in one transaction (each in its own savepoint, so one refusal does
 * not undo its neighbours) and commits once. Only then does each request
 * learn its result: "2xx only after the commit is on disk" still holds for
 * every one of them. While nothing is waiting the thread sleeps in
 * g_async_queue_pop: no timer, no wake-up. */

#pragma once

#include "lt-store.h"

G_BEGIN_DECLS

/* Runs in the writer thread inside the batch's transaction, in a savepoint
 * of its own. Returns TRUE to keep its changes, FALSE to roll them back (a
 * refused request). */
typedef gboolean (*LtHubWriteFunc) (LtStore *store, gpointer data);
/* Runs in the main context after the batch is committed (@committed TRUE)
 * or after the commit failed (@committed FALSE, @error set). */
typedef void     (*LtHubWriteDone) (gpointer data, gboolean committed, const GError *error);

typedef struct _LtHubCommitter LtHubCommitter;

/* Starts the writer thread. Completions go to the thread-default main
 * context of the caller. */
LtHubCommitter *lt_hub_committer_new  (LtStore *store, guint max_batch);
/* Queues a write; @done is always called exactly once. */
void            lt_hub_committer_push (LtHubCommitter *self, LtHubWriteFunc write,
                                       LtHubWriteDone done, gpointer data);
/* Finishes what is queued, then stops the thread. */
void            lt_hub_committer_free (LtHubCommitter *self);

G_END_DECLS
