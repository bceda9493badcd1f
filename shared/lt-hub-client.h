/* lt-hub-client.h — the client side of laiting-hub: one keep-alive HTTPS
 * session with a device's bearer token.
 *
 * A program is a client when its configuration sets `[hub] url` (with
 * `token`, and `ca-file` or `pin`, the SHA-256 of the hub's certificate in
 * hex); the hub's own `listen` and `tls-*` keys never make it one. The
 * calls are synchronous and may be made from any thread at once (libsoup
 * ≥ 3.2 sends from any thread); programs with a window call them from a
 * worker. Answers come back as the values the local store returns
 * (LtTicket, LtOutboxMessage), and the hub's refusals as the errors the
 * store would have set (LT_STORE_ERROR, LT_TICKET_ERROR) with the hub's
 * sentence, so a program prints the same either way. What only a network
 * can do is LT_HUB_CLIENT_ERROR. */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>
#include "lt-config.h"
#include "lt-inbound.h"
#include "lt-store.h"

G_BEGIN_DECLS

#define LT_HUB_CLIENT_ERROR (lt_hub_client_error_quark ())
typedef enum {
  LT_HUB_CLIENT_ERROR_CONFIG,       /* url without token, bad pin … */
  LT_HUB_CLIENT_ERROR_UNREACHABLE,  /* no answer: network, TLS, hub down */
  LT_HUB_CLIENT_ERROR_REFUSED,      /* 401/403: revoked token, foreign origin, wrong role */
  LT_HUB_CLIENT_ERROR_FAILED,       /* any other answer the hub gave */
} LtHubClientError;
GQuark lt_hub_client_error_quark (void);

#define LT_TYPE_HUB_CLIENT (lt_hub_client_get_type ())
G_DECLARE_FINAL_TYPE (LtHubClient, lt_hub_client, LT, HUB_CLIENT, GObject)

/* TRUE when @config sets [hub] url: the program then works through a hub. */
gboolean      lt_hub_client_configured (LtConfig *config);
/* A client for [hub] url, token, ca-file or pin, timeout (seconds, default
 * 10). NULL with LT_HUB_CLIENT_ERROR_CONFIG and one sentence when they do
 * not make a usable client. */
LtHubClient  *lt_hub_client_new        (LtConfig *config, GError **error) G_GNUC_WARN_UNUSED_RESULT;
const char   *lt_hub_client_get_url    (LtHubClient *self);
/* Unix time of the last answer from the hub (any status), 0 = never. */
gint64        lt_hub_client_last_reached (LtHubClient *self);

/* GET /health: TRUE when the hub answers and is not stopping. */
gboolean      lt_hub_client_health     (LtHubClient *self, GError **error);

/* POST /tickets. With submission->receipt (an edge's), *@existed says the
 * hub had it already (200) rather than storing it now (201). */
LtTicket     *lt_hub_client_submit     (LtHubClient *self, const LtSubmission *submission,
                                        gboolean *existed, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* The files filed with ticket @receipt, from the hub's answer for it
 * (LtAttachment*; paths are on the hub's machine). */
GPtrArray    *lt_hub_client_attachments (LtHubClient *self, const char *receipt,
                                         GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* PUT /tickets/R/voice: the Ogg file at @path as ticket @receipt's voice
 * note of @seconds. TRUE once the hub holds it (*@existed: it had the same
 * note already); LT_STORE_ERROR_NOT_FOUND while the hub does not hold the
 * ticket, LT_STORE_ERROR_CONFLICT when it holds another note for it. */
gboolean      lt_hub_client_put_voice  (LtHubClient *self, const char *receipt, const char *path,
                                        guint seconds, gboolean *existed, GError **error);
/* GET /tickets/R/voice into the file @output (replaced whole). */
gboolean      lt_hub_client_get_voice  (LtHubClient *self, const char *receipt,
                                        const char *output, GError **error);
LtTicket     *lt_hub_client_get        (LtHubClient *self, const char *receipt,
                                        GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* GET /tickets with the query's filter, day (from/to as one local day),
 * limit; the rest of @query is the hub's business. */
GPtrArray    *lt_hub_client_list       (LtHubClient *self, const LtListQuery *query,
                                        GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* POST /tickets/R/@action ("transfer", "note", "close", "reopen", "rate"). */
gboolean      lt_hub_client_change     (LtHubClient *self, const char *action, const char *receipt,
                                        const char *to, const char *note, int rating,
                                        GError **error);
/* GET /outbox?state= (state < 0: all). */
/* The officers a ticket can be transferred to (LtOfficer*); staff. */
GPtrArray    *lt_hub_client_officers   (LtHubClient *self, GError **error) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray    *lt_hub_client_outbox     (LtHubClient *self, int state,
                                        GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* POST /sms/inbound: TRUE once the hub holds @message (now or from an
 * earlier copy, *@duplicate then TRUE). */
gboolean      lt_hub_client_forward_sms (LtHubClient *self, const LtInbound *message,
                                         gboolean *duplicate, GError **error);
/* POST /outbox/lease: up to @max messages for @lease_seconds. */
GPtrArray    *lt_hub_client_lease      (LtHubClient *self, guint max, gint64 lease_seconds,
                                        GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* POST /outbox/N/report. */
gboolean      lt_hub_client_report     (LtHubClient *self, gint64 id, gboolean sent, int modem_ref,
                                        const char *reason, gint64 retry_at, GError **error);

/* GET @path_and_query (e.g. "/slips?date=2026-11-21") as a file: writes
 * the body to @output and returns the answer's headers (for the counts
 * the hub puts in them). */
SoupMessageHeaders *lt_hub_client_download (LtHubClient *self, const char *path_and_query,
                                            const char *output, GError **error);

G_END_DECLS
