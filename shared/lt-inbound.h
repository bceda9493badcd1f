/* lt-inbound.h — the log of inbound SMS and per-number contact state.
 *
 * The SMS listener stores every message it reads here before it deletes it
 * from the modem; the dedupe key makes a second read of the same message (after
 * a crash between the two) a no-op. The contacts table remembers per number
 * whether it opted out, how many replies it got this hour and whether it
 * keeps sending the same text, so the listener can never get into an
 * endless conversation with another machine. All calls join the caller's
 * transaction when one is open (lt_store_begin). */

#pragma once

#include <glib.h>
#include "lt-store.h"

G_BEGIN_DECLS

/* What a received message is. Only text is a resident speaking; the rest
 * is kept so staff can see it arrived, and never answered. */
typedef enum {
  LT_INBOUND_TEXT,
  LT_INBOUND_DELIVERY_REPORT,   /* the network saying an SMS of ours arrived (or not) */
  LT_INBOUND_MMS_NOTIFICATION,  /* someone sent a picture or a recording */
  LT_INBOUND_WAP_PUSH,          /* other WAP push: settings, service messages */
  LT_INBOUND_BINARY,            /* any other 8-bit data */
  LT_INBOUND_UNREADABLE,        /* the modem could not read it */
} LtInboundKind;

/* "text", "delivery-report", "mms-notification", "wap-push", "binary",
 * "unreadable": the names stored and shown. */
const char *lt_inbound_kind_to_string   (LtInboundKind kind);
gboolean    lt_inbound_kind_from_string (const char *s, LtInboundKind *out);

typedef struct {
  const char   *dedupe_key;   /* sender, SMSC time, text, multipart reference */
  const char   *sender;       /* as the network gave it */
  gint64        sent_at;      /* SMSC time; 0 when unknown */
  gint64        received_at;
  const char   *text;         /* for binary kinds, a readable rendering */
  guint         parts;        /* parts received */
  gboolean      incomplete;   /* used without all its parts */
  LtInboundKind kind;
  guint         ref;          /* concatenation reference; 0 for a single SMS */
  guint         total;        /* parts announced; 0 or 1 for a single SMS */
  GPtrArray    *fragments;    /* const char*, the text of each received part
                               * of an incomplete message; may be NULL */
  guint         status;       /* delivery reports: TP-Status (GSM 03.40
                               * 9.2.3.15); @ref is the reported SMS's
                               * reference and @sender its recipient */
} LtInbound;

/* Stores @inbound. Returns its row id, or 0 with LT_STORE_ERROR_DUPLICATE
 * when a message with the same dedupe key is already stored (or another
 * error). */
gint64   lt_store_inbound_add         (LtStore *self, const LtInbound *inbound, GError **error);
/* Records what became of message @id: an action name ("new-ticket",
 * "appended", "status" …) and the ticket it concerned (@receipt may be NULL). */
gboolean lt_store_inbound_set_result  (LtStore *self, gint64 id, const char *action,
                                       const char *receipt, GError **error);
/* TRUE in @out when every one of @fragments (parts of an incomplete
 * multipart message from @sender with reference @ref of @total parts) is
 * already in a message stored within the last two days: what is left on
 * the phone when a crash came while the parts of a stored message were
 * being deleted. */
gboolean lt_store_inbound_is_remnant  (LtStore *self, const char *sender, guint ref, guint total,
                                       GPtrArray *fragments, gint64 now, gboolean *out,
                                       GError **error);
/* The receipt of @phone's newest ticket still open that an SMS sent
 * between @since and @until opened (by the message's sending time, or its
 * reading time when it had none), for adding a follow-up text to it; NULL
 * without error when there is none. */
char    *lt_store_inbound_recent_ticket (LtStore *self, const char *phone, gint64 since,
                                         gint64 until, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* The receipt of @phone's most recently closed ticket whose closure notice
 * was sent before @at (the rating's sending time) and that has not been
 * rated since it was last closed; NULL without error when there is none. */
char    *lt_store_inbound_rating_target (LtStore *self, const char *phone, gint64 at,
                                         GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Limits on automatic replies to one number. */
typedef struct {
  guint  cap;            /* replies per window */
  gint64 window;         /* seconds */
  guint  repeat_limit;   /* the same text this many times in a row mutes */
  gint64 mute_for;       /* seconds */
} LtReplyLimits;

typedef struct {
  gboolean opted_out;
  gboolean muted;        /* repeating itself: no replies until the mute ends */
  guint    replies_left; /* in the current window */
} LtContactState;

/* Notes that @phone sent @text at @now: opens a new reply window when the
 * last one is over, counts and mutes repeats. Fills @out. */
gboolean lt_store_contact_note_text   (LtStore *self, const char *phone, const char *text,
                                       gint64 now, const LtReplyLimits *limits,
                                       LtContactState *out, GError **error);
gboolean lt_store_contact_set_opted_out (LtStore *self, const char *phone, gboolean opted_out,
                                         GError **error);
gboolean lt_store_contact_get         (LtStore *self, const char *phone, gint64 now,
                                       LtContactState *out, GError **error);

/* The newest outbox id, to pass to lt_store_contact_settle_replies(). */
gint64   lt_store_inbound_outbox_mark (LtStore *self, GError **error);
/* Settles the replies queued for @phone after outbox id @mark: counts them
 * against the hourly cap when @allowed, else marks them failed with
 * @reason so they are never sent. Stores how many in @n_replies. */
gboolean lt_store_contact_settle_replies (LtStore *self, const char *phone, gint64 mark,
                                          gboolean allowed, const char *reason,
                                          guint *n_replies, GError **error);

G_END_DECLS
