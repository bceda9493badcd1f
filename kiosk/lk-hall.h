/* lk-hall.h — the kiosk in a district: its spool, forwarder and hub.
 *
 * With [hub] url set, a report is committed to the kiosk's spool (a store
 * file numbered from the kiosk's own origin) and carried to the hub by the
 * spool's forwarder; status lookups ask the hub. Without it there is no
 * hall link and the kiosk works on its local file as it always did. The
 * application owns the link; pages reach it through lk_hall_for_widget. */

#pragma once

#include <gtk/gtk.h>
#include "lt-spool.h"
#include "lt-ticket-service.h"

G_BEGIN_DECLS

/* The spool of the kiosk holding @widget, or NULL on a local file. */
LtSpool  *lk_hall_for_widget   (GtkWidget *widget);

/* Sets up the link for @config when it sets [hub] url: opens the hub
 * client and spool, points the config's database at the spool and starts
 * forwarding. Returns NULL without error on a local file, NULL with
 * @error when the link cannot be made. */
LtSpool  *lk_hall_open         (LtConfig *config, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* What the receipt screen says about the SMS while the ticket has not
 * reached the hub; NULL once it has (or on a local file). */
const char *lk_hall_sms_pending (LtSpool *spool, const char *receipt);

/* The resident's lookup through the hub: a finished ticket, or a sentence
 * for the screen in @sentence (the spooled-ticket and unreachable-hub
 * answers). */
void      lk_hall_lookup_async  (LtSpool *spool, const char *receipt, GCancellable *cancellable,
                                 GAsyncReadyCallback callback, gpointer user_data);
LtTicket *lk_hall_lookup_finish (LtSpool *spool, GAsyncResult *result, char **sentence,
                                 GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* The tickets the staff desk works on: in a district the hub, with the
 * token of [hub] staff-token (without one, the kiosk's own token, whose
 * refusal then says why); otherwise @store. A new reference. */
LtTicketService *lk_hall_staff_tickets (GtkWidget *widget, LtStore *store) G_GNUC_WARN_UNUSED_RESULT;

/* One line for the staff desk about the hall's link: the spool's backlog
 * and when the hub was last reached (local time), or why the hub refuses
 * this kiosk. NULL on a local file. Reads only the spool on this disk, so
 * it is cheap enough for the main loop. */
char     *lk_hall_status_text   (GtkWidget *widget) G_GNUC_WARN_UNUSED_RESULT;

/* The one sentence the staff desk shows when the hub could not answer
 * (@error unreachable or refused); NULL for any other error, whose own
 * message speaks to people already. */
const char *lk_hall_staff_sentence (const GError *error);

G_END_DECLS
