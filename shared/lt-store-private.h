/* lt-store-private.h — what the store's own files share.
 *
 * The store is split by concept (lt-store.c: opening and transactions,
 * lt-store-schema.c: migrations, lt-store-tickets.c, lt-store-outbox.c,
 * lt-store-inbound.c); they meet here. Nothing outside shared/ includes this,
 * except tests that need to reach under the API. */

#pragma once

#include <sqlite3.h>
#include "lt-store.h"

G_BEGIN_DECLS

struct _LtStore {
  GObject     parent_instance;
  sqlite3    *db;
  GRecMutex   lock;        /* held for the length of every call or transaction */
  guint       tx_depth;    /* 0 outside a transaction */
  guint       savepoint;   /* names nested savepoints */
  GHashTable *statements;  /* SQL text → sqlite3_stmt*, prepared once */
  LtConfig   *config;
  char       *path;
  guint       kill_before_commit; /* tests: die at the Nth lt_store_commit() */
};

/* PRAGMA application_id of every laiting database ("LTNG"). */
#define LT_STORE_APPLICATION_ID 0x4c544e47

/* Runs the forward migrations; sets LT_STORE_ERROR_TOO_NEW for a database
 * made by a newer laiting. */
gboolean      lt_store_migrate        (LtStore *self, GError **error);
int           lt_store_schema_version (void);

/* A cached, reset statement for @sql, or NULL with @error. Caller holds the
 * lock; the statement stays owned by the store. */
sqlite3_stmt *lt_store_stmt           (LtStore *self, const char *sql, GError **error);

/* Turns an SQLite result code into an LtStoreError with a sentence a person
 * understands; @doing says what was being done ("保存工单"). Always FALSE. */
gboolean      lt_store_fail           (LtStore *self, int rc, const char *doing, GError **error);

/* Steps a statement that returns no rows and resets it; FALSE with an
 * LtStoreError (see lt_store_fail) unless it ran to completion. */
gboolean      lt_store_step_done      (LtStore *self, sqlite3_stmt *stmt, const char *doing,
                                       GError **error);

/* Open a write transaction (BEGIN IMMEDIATE, or a savepoint when nested)
 * and take the lock; lt_store_write_end commits when @ok, else rolls back,
 * and releases the lock. lt_store_write_end returns FALSE if the commit
 * failed (with @error set). */
gboolean      lt_store_write_begin    (LtStore *self, GError **error);
gboolean      lt_store_write_end      (LtStore *self, gboolean ok, GError **error);

/* Column helpers. */
char         *lt_store_column_dup     (sqlite3_stmt *stmt, int col);   /* NULL for NULL */
void          lt_store_bind_text      (sqlite3_stmt *stmt, int idx, const char *text); /* NULL → NULL */

/* Looks up a ticket's row id; 0 with LT_STORE_ERROR_NOT_FOUND. */
gint64        lt_store_ticket_id      (LtStore *self, const char *receipt, GError **error);
/* Appends an event row. */
gboolean      lt_store_add_event      (LtStore *self, gint64 ticket_id, gint64 at,
                                       const char *kind, const char *actor,
                                       const char *note, GError **error);


G_END_DECLS

G_BEGIN_DECLS
/* Queues an SMS tied to ticket row @ticket_id (0 = none); caller holds a
 * write transaction. Returns the outbox id or 0 with @error. */
gint64        lt_store_outbox_queue_for (LtStore *self, gint64 ticket_id, const char *phone,
                                         const char *kind, const char *body, GError **error);
/* TRUE when @phone has texted TD/退订: no automatic notices go to it. */
gboolean      lt_store_contact_opted_out (LtStore *self, const char *phone);
G_END_DECLS

G_BEGIN_DECLS
/* Files the recording at @path with ticket row @ticket_id: inserts its row
 * and renames it to attachments/<receipt>-voice.ogg, stored in
 * @final_path. Caller holds a write transaction and renames the file back
 * if that transaction does not commit. */
gboolean      lt_store_attach_voice    (LtStore *self, gint64 ticket_id, const char *receipt,
                                        const char *path, guint seconds, char **final_path,
                                        GError **error);
G_END_DECLS
