/* lt-hub-request.h — reading what a client sent to the hub: a JSON body
 * and its fields, checked before anything reaches the store.
 *
 * These are pure functions of their input (no store, no network), so the
 * fuzz harnesses in tests/fuzz/ call them directly. Each refusal is one
 * LT_HUB_REQUEST_ERROR with a sentence a person understands; the hub turns
 * it into a 4xx answer. */

#pragma once

#include <json-glib/json-glib.h>
#include "lt-ticket.h"

G_BEGIN_DECLS

#define LT_HUB_REQUEST_ERROR (lt_hub_request_error_quark ())
typedef enum {
  LT_HUB_REQUEST_ERROR_TOO_LARGE,   /* more than the hub's max-body */
  LT_HUB_REQUEST_ERROR_ENCODING,    /* not UTF-8, or a NUL byte */
  LT_HUB_REQUEST_ERROR_SYNTAX,      /* not JSON, too deep, not an object */
  LT_HUB_REQUEST_ERROR_MISSING,     /* a required field is absent */
  LT_HUB_REQUEST_ERROR_TYPE,        /* a field of the wrong type */
  LT_HUB_REQUEST_ERROR_VALUE,       /* a field out of range or malformed */
  LT_HUB_REQUEST_ERROR_MEDIA_TYPE,  /* a body of the wrong kind (a voice note that is not Ogg) */
} LtHubRequestError;
GQuark lt_hub_request_error_quark (void);

/* Nesting deeper than this is refused before json-glib (which recurses)
 * sees it. */
#define LT_HUB_REQUEST_MAX_DEPTH 16

/* Parses @len bytes of @data as one JSON object, refusing more than @max
 * bytes, invalid UTF-8, NUL bytes and deep nesting. Returns a new
 * reference, or NULL with @error. */
JsonObject *lt_hub_request_parse_object (const char *data, gsize len, gsize max,
                                         GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Field readers. Each returns FALSE with @error for a field of the wrong
 * type or value, or for a missing one when @required; an absent optional
 * field (or JSON null) leaves the default: NULL, or @out untouched. */
gboolean lt_hub_request_string  (JsonObject *object, const char *name, gboolean required,
                                 guint max_chars, char **out, GError **error);
gboolean lt_hub_request_int     (JsonObject *object, const char *name, gboolean required,
                                 gint64 min, gint64 max, gint64 *out, GError **error);
gboolean lt_hub_request_boolean (JsonObject *object, const char *name, gboolean required,
                                 gboolean *out, GError **error);
/* An ISO 8601 time with an offset ("2026-11-21T16:30:00+08:00") as unix
 * seconds. */
gboolean lt_hub_request_time    (JsonObject *object, const char *name, gboolean required,
                                 gint64 *out, GError **error);

/* A ticket sent by an edge (POST /api/v1/tickets). */
typedef struct {
  char      *receipt;     /* canonical 9 digits; NULL: the hub mints one */
  LtChannel  channel;
  char      *category;
  char      *text;
  char      *location;    /* may be NULL */
  char      *phone;       /* may be NULL */
  gint64     created_at;  /* 0: now */
} LtHubSubmit;

LtHubSubmit *lt_hub_submit_parse (JsonObject *object, GError **error) G_GNUC_WARN_UNUSED_RESULT;
void         lt_hub_submit_free  (LtHubSubmit *self);

/* An inbound SMS forwarded by a gateway (POST /api/v1/sms/inbound). */
typedef struct {
  char     *dedupe_key;
  char     *sender;
  gint64    sent_at;      /* 0 = unknown */
  gint64    received_at;  /* 0: now */
  char     *text;
  guint     parts;
  gboolean  incomplete;
} LtHubInbound;

LtHubInbound *lt_hub_inbound_parse (JsonObject *object, GError **error) G_GNUC_WARN_UNUSED_RESULT;
void          lt_hub_inbound_free  (LtHubInbound *self);

/* A change to a ticket: transfer {to, note}, note {note}, close {note},
 * reopen {note}, rate {rating}. Which fields are required depends on
 * @action: "transfer", "note", "close", "reopen" or "rate". */
typedef struct {
  char *to;
  char *note;
  int   rating;
} LtHubChange;

LtHubChange *lt_hub_change_parse (const char *action, JsonObject *object,
                                  GError **error) G_GNUC_WARN_UNUSED_RESULT;
void         lt_hub_change_free  (LtHubChange *self);

/* An outbox lease request {max, lease_seconds} and a send report
 * {sent, modem_ref, reason, retry_at}. */
typedef struct {
  guint  max;
  gint64 lease_seconds;
} LtHubLease;

typedef struct {
  gboolean sent;
  int      modem_ref;
  char    *reason;
  gint64   retry_at;      /* 0 = failed for good */
} LtHubReport;

gboolean     lt_hub_lease_parse  (JsonObject *object, LtHubLease *out, GError **error);
LtHubReport *lt_hub_report_parse (JsonObject *object, GError **error) G_GNUC_WARN_UNUSED_RESULT;
void         lt_hub_report_free  (LtHubReport *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtHubSubmit, lt_hub_submit_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtHubInbound, lt_hub_inbound_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtHubChange, lt_hub_change_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtHubReport, lt_hub_report_free)

G_END_DECLS
