/* lt-json.h — tickets and outbox entries as JSON, for `--json` and for the
 * store service. Times are ISO 8601 with the local offset. */

#pragma once

#include <json-glib/json-glib.h>
#include "lt-ticket.h"
#include "lt-outbox.h"
#include "lt-device.h"
#include "lt-attachment.h"
#include "lt-officer.h"

G_BEGIN_DECLS

JsonNode *lt_json_from_ticket  (const LtTicket *ticket) G_GNUC_WARN_UNUSED_RESULT;
/* Adds "attachments": [{"kind", "seconds", "path"}] to a ticket's object. */
void      lt_json_add_attachments (JsonNode *ticket, GPtrArray *attachments);
JsonNode *lt_json_from_outbox  (const LtOutboxMessage *message) G_GNUC_WARN_UNUSED_RESULT;
/* What a kiosk may show a resident who typed a receipt: the status and the
 * dates of each step, never the text, phone, location or notes. */
JsonNode *lt_json_from_ticket_progress (const LtTicket *ticket) G_GNUC_WARN_UNUSED_RESULT;
/* A device as `laiting device list --json` shows it; it holds no secret. */
JsonNode *lt_json_from_device  (const LtDevice *device) G_GNUC_WARN_UNUSED_RESULT;
/* An officer as `laiting officer list --json` shows it (a staff token reads
 * the same from a hub, for 转办). */
JsonNode *lt_json_from_officer (const LtOfficer *officer) G_GNUC_WARN_UNUSED_RESULT;
/* The reverse of lt_json_from_ticket and lt_json_from_outbox, for a hub's
 * answers: NULL with @error when @node is not such an object. */
LtTicket        *lt_json_to_ticket (JsonNode *node, GError **error) G_GNUC_WARN_UNUSED_RESULT;
LtOutboxMessage *lt_json_to_outbox (JsonNode *node, GError **error) G_GNUC_WARN_UNUSED_RESULT;
LtOfficer       *lt_json_to_officer (JsonNode *node, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Pretty-printed, UTF-8 unescaped; newly allocated. */
char     *lt_json_to_string    (JsonNode *node) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
