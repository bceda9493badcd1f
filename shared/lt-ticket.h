/* lt-ticket.h — a ticket, its events, and the rules for changing its state.
 *
 * A ticket is a plain value read out of the store; the store is the only
 * thing that changes tickets. The state machine lives here so that the CLI,
 * the kiosk's staff screen and the SMS listener refuse the same changes. */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  LT_CHANNEL_KIOSK,
  LT_CHANNEL_SMS,
  LT_CHANNEL_STAFF,
  LT_CHANNEL_PLATFORM,   /* the city's hotline platform, over Open311 */
} LtChannel;

#define LT_CHANNEL_LAST LT_CHANNEL_PLATFORM

typedef enum {
  LT_STATUS_RECEIVED,     /* 已受理 */
  LT_STATUS_TRANSFERRED,  /* 已转办 */
  LT_STATUS_CLOSED,       /* 已办结 */
  LT_STATUS_REOPENED,     /* 重新办理 */
} LtTicketStatus;

/* What a state change is; also the event kinds stored in the timeline. */
typedef enum {
  LT_ACTION_TRANSFER,
  LT_ACTION_CLOSE,
  LT_ACTION_REOPEN,
} LtTicketAction;

#define LT_TICKET_ERROR (lt_ticket_error_quark ())
typedef enum {
  LT_TICKET_ERROR_ILLEGAL,   /* the change is not allowed from this state */
  LT_TICKET_ERROR_INVALID,   /* a required field is missing or malformed */
} LtTicketError;
GQuark lt_ticket_error_quark (void);

/* One line of a ticket's timeline. Kinds: "created", "transferred", "note",
 * "closed", "reopened", "rated", "appended". */
typedef struct {
  gint64  at;      /* unix seconds, UTC */
  char   *kind;
  char   *actor;
  char   *note;    /* may be NULL */
} LtEvent;

typedef struct {
  char           *receipt;        /* canonical 9 digits */
  LtTicketStatus  status;
  LtChannel       channel;
  char           *category;       /* category code, e.g. "roads" */
  char           *text;
  char           *location;       /* may be NULL */
  char           *phone;          /* normalised mobile, or as given; may be NULL */
  gboolean        phone_is_mobile;
  char           *assignee;       /* last department/officer transferred to; may be NULL */
  gint64          created_at;     /* unix seconds, UTC */
  gint64          updated_at;
  gint64          due_at;
  gint64          closed_at;      /* 0 while open */
  int             rating;         /* 0 = none, else 1..3 of the latest rating */
  GPtrArray      *events;         /* LtEvent*, oldest first; may be empty */
} LtTicket;

GType        lt_ticket_get_type        (void) G_GNUC_CONST;
LtTicket    *lt_ticket_copy            (const LtTicket *self);
void         lt_ticket_free            (LtTicket *self);
void         lt_event_free             (LtEvent *self);
LtEvent     *lt_event_new              (gint64 at, const char *kind, const char *actor, const char *note);

/* TRUE while the ticket is not closed and its due time has passed. */
gboolean     lt_ticket_is_overdue      (const LtTicket *self, gint64 now);
gboolean     lt_ticket_is_open         (const LtTicket *self);

/* Returns TRUE when @action is allowed from @status; otherwise FALSE with
 * LT_TICKET_ERROR_ILLEGAL and a sentence a clerk understands. */
gboolean     lt_ticket_check_action    (LtTicketStatus status, LtTicketAction action, GError **error);
LtTicketStatus lt_ticket_status_after  (LtTicketAction action);

const char  *lt_ticket_status_to_string (LtTicketStatus status);   /* "received" … */
gboolean     lt_ticket_status_from_string (const char *s, LtTicketStatus *out);
const char  *lt_ticket_status_label    (LtTicketStatus status);    /* translated: 已受理 … */
const char  *lt_channel_to_string      (LtChannel channel);        /* "kiosk" … */
gboolean     lt_channel_from_string    (const char *s, LtChannel *out);
const char  *lt_channel_label          (LtChannel channel);        /* translated: 自助机 … */
const char  *lt_event_kind_label       (const char *kind);         /* translated */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtTicket, lt_ticket_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtEvent, lt_event_free)

G_END_DECLS
