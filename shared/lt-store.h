/* lt-store.h — the ticket store: one SQLite file shared by every process.
 *
 * Every write is one durable transaction (WAL, synchronous=FULL): when a
 * call returns TRUE the change is on disk. Anything that must be sent by SMS
 * is queued in the outbox inside the same transaction as the change that
 * causes it. All calls are thread-safe (one connection behind a mutex), so
 * the *_async wrappers can run them in a GTask thread.
 *
 * Errors come as LT_STORE_ERROR with a message a person can read; the
 * ticket state machine refuses changes with LT_TICKET_ERROR_ILLEGAL. */

#pragma once

#include <gio/gio.h>
#include "lt-config.h"
#include "lt-ticket.h"
#include "lt-outbox.h"
#include "lt-device.h"
#include "lt-attachment.h"

G_BEGIN_DECLS

#define LT_STORE_ERROR (lt_store_error_quark ())
typedef enum {
  LT_STORE_ERROR_NOT_LAITING,   /* the file is not a laiting database */
  LT_STORE_ERROR_TOO_NEW,       /* made by a newer laiting */
  LT_STORE_ERROR_NOT_FOUND,     /* no such ticket */
  LT_STORE_ERROR_INVALID,       /* bad input: unknown category, empty text … */
  LT_STORE_ERROR_BUSY,          /* locked by another process for too long */
  LT_STORE_ERROR_FULL,          /* disk full */
  LT_STORE_ERROR_IO,            /* cannot open, read or write the file */
  LT_STORE_ERROR_EXHAUSTED,     /* an origin used up its million numbers */
  LT_STORE_ERROR_DUPLICATE,     /* an inbound SMS already stored (dedupe key) */
  LT_STORE_ERROR_UNAUTHORIZED,  /* unknown or revoked device token */
  LT_STORE_ERROR_CONFLICT,      /* taken: a receipt with other content, a device name or origin */
  LT_STORE_ERROR_LEASE_LOST,    /* an outbox row no longer leased to the reporter */
} LtStoreError;
GQuark lt_store_error_quark (void);

#define LT_TYPE_STORE (lt_store_get_type ())
G_DECLARE_FINAL_TYPE (LtStore, lt_store, LT, STORE, GObject)

/* Opens (creating if needed, with its directory) the database at @path and
 * migrates it forward. @config supplies categories, origins and the SMS
 * signature; the store keeps a reference. */
LtStore    *lt_store_open        (const char *path, LtConfig *config, GError **error) G_GNUC_WARN_UNUSED_RESULT;
LtConfig   *lt_store_get_config  (LtStore *self);
void        lt_store_set_config  (LtStore *self, LtConfig *config);  /* after SIGHUP */
const char *lt_store_get_path    (LtStore *self);

typedef struct {
  LtChannel   channel;
  const char *category;   /* a code from the catalogue */
  const char *text;       /* non-empty */
  const char *location;   /* may be NULL */
  const char *phone;      /* as typed; may be NULL */
  const char *actor;      /* may be NULL: the channel's name */
  const char *receipt;    /* minted by an edge; NULL: the store mints one */
  gint64      created_at; /* the edge's time; 0: now */
  const char *voice_path; /* a recorded Opus file to file with it, or NULL */
  guint       voice_seconds;
} LtSubmission;

/* Creates a ticket with the next receipt number of the channel's origin, its
 * "created" event and, for a valid mobile number, the receipt SMS. With a
 * receipt in @submission, as lt_store_submit_idempotent. */
LtTicket   *lt_store_submit      (LtStore *self, const LtSubmission *submission,
                                  GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Submits exactly once. Without submission->receipt, as lt_store_submit.
 * With one (an edge minted it; any spacing, the check digit is checked):
 * the first call stores the ticket under that receipt with its receipt SMS
 * and keeps the origin's own sequence beyond it; a later call with the same
 * content (channel, category, text, location, phone) returns the stored
 * ticket with *@existed TRUE and changes nothing; other content fails with
 * LT_STORE_ERROR_CONFLICT. An edge's created_at more than 5 minutes ahead
 * of the store's clock or 30 days behind it is replaced by now; the due
 * date follows the stored time. @existed may be NULL. */
LtTicket   *lt_store_submit_idempotent (LtStore *self, const LtSubmission *submission,
                                        gboolean *existed, GError **error) G_GNUC_WARN_UNUSED_RESULT;
void        lt_store_submit_async  (LtStore *self, const LtSubmission *submission,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback, gpointer user_data);
LtTicket   *lt_store_submit_finish (LtStore *self, GAsyncResult *result, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Where voice notes live: attachments/ beside the database file. A
 * recording made there is moved under the ticket's name when filed with
 * LtSubmission.voice_path. Newly allocated. */
char       *lt_store_attachment_dir   (LtStore *self) G_GNUC_WARN_UNUSED_RESULT;
/* The ticket's attachments (LtAttachment*), oldest first; NULL with @error. */
GPtrArray  *lt_store_list_attachments (LtStore *self, const char *receipt,
                                       GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Files @data (an Ogg file, checked by the caller) as ticket @receipt's
 * voice note of @seconds, written to disk before the row commits. The
 * same bytes again change nothing and set *@existed; other bytes for a
 * ticket that has a note fail with LT_STORE_ERROR_CONFLICT; a ticket not
 * (yet) in the store fails with LT_STORE_ERROR_NOT_FOUND. @existed may
 * be NULL. */
gboolean    lt_store_put_voice        (LtStore *self, const char *receipt, GBytes *data,
                                       guint seconds, gboolean *existed, GError **error);

/* @receipt: canonical 9 digits. The ticket comes with its events. */
LtTicket   *lt_store_get         (LtStore *self, const char *receipt, GError **error) G_GNUC_WARN_UNUSED_RESULT;
void        lt_store_get_async   (LtStore *self, const char *receipt, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data);
LtTicket   *lt_store_get_finish  (LtStore *self, GAsyncResult *result, GError **error) G_GNUC_WARN_UNUSED_RESULT;

typedef enum {
  LT_LIST_ALL,
  LT_LIST_OPEN,       /* received, transferred, reopened */
  LT_LIST_CLOSED,
  LT_LIST_OVERDUE,    /* open and past due */
} LtListFilter;

typedef struct {
  LtListFilter  filter;
  gint64        from;        /* created_at >= from; 0 = no bound */
  gint64        to;          /* created_at <  to;   0 = no bound */
  const char   *phone;       /* only this sender; NULL = any */
  guint         limit;       /* 0 = no limit */
  gboolean      with_events; /* fill each ticket's events */
  gboolean      reopened_first; /* staff order: returned by an officer (退回),
                                 * reopened, overdue, then by time */
  const char *const *categories; /* only these category codes; NULL = any */
  gboolean      newest_first; /* newest first, so a limit keeps the latest */
} LtListQuery;

/* Tickets, oldest first (or staff order). An array of LtTicket*. */
GPtrArray  *lt_store_list        (LtStore *self, const LtListQuery *query, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* One event of the timeline of all tickets, with the ticket it belongs to. */
typedef struct {
  gint64          id;       /* row id: unique, increasing with time */
  char           *receipt;
  gint64          at;
  char           *kind;     /* as LtEvent.kind */
  char           *actor;
  char           *note;     /* may be NULL */
  LtTicketStatus  status;   /* the ticket's status right after this event */
  char           *phone;    /* the ticket's phone, may be NULL: only so that
                             * a reader can mask it in the note, never to show */
} LtStoreEvent;

void        lt_store_event_free  (LtStoreEvent *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtStoreEvent, lt_store_event_free)

/* Events of every ticket with @since <= at < @until (@until 0 = no bound),
 * oldest first, at most @limit (0 = no limit). An array of LtStoreEvent*. */
GPtrArray  *lt_store_events_since (LtStore *self, gint64 since, gint64 until, guint limit,
                                   GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Local-day bounds for lt_store_list: [start of @date, start of next day). */
void        lt_store_day_bounds  (GDate *date, gint64 *from, gint64 *to);

gboolean    lt_store_transfer    (LtStore *self, const char *receipt, const char *to,
                                  const char *note, const char *actor, GError **error);
gboolean    lt_store_add_note    (LtStore *self, const char *receipt, const char *note,
                                  const char *actor, GError **error);
/* @note is required; queues the closure notice with the rating question. */
gboolean    lt_store_close       (LtStore *self, const char *receipt, const char *note,
                                  const char *actor, GError **error);
gboolean    lt_store_reopen      (LtStore *self, const char *receipt, const char *note,
                                  const char *actor, GError **error);
/* Records a resident's rating (1 satisfied, 2 partly, 3 not) of a closed
 * ticket; 3 reopens it. Queues the thanks or reopen SMS when @reply. */
gboolean    lt_store_rate        (LtStore *self, const char *receipt, int rating,
                                  const char *actor, gboolean reply, GError **error);
/* Adds a follow-up text from the resident to an open ticket. */
gboolean    lt_store_append_text (LtStore *self, const char *receipt, const char *text,
                                  const char *actor, GError **error);

/* Unix seconds now; $LAITING_NOW overrides it so tests can move time. */
gint64      lt_store_now         (void);

/* Explicit transactions, for callers (the SMS listener) that must make
 * several changes atomically: every call above nests inside one. */
gboolean    lt_store_begin       (LtStore *self, GError **error);
gboolean    lt_store_commit      (LtStore *self, GError **error);
void        lt_store_rollback    (LtStore *self);

G_END_DECLS
