/* lt-ticket-service.h — the tickets as a program reaches them: on the
 * local SQLite file, or through a hub.
 *
 * Chosen once at start from the configuration: `[hub] url` set means the
 * hub (lt-hub-client.h), otherwise the store file. Both give the same
 * values and the same errors, so a program's output does not depend on
 * which one it runs on. The calls are synchronous and thread-safe; the
 * *_async ones run them in a GTask thread for programs with a window,
 * whose main loop must not wait for a slow or unreachable hub. */

#pragma once

#include "lt-hub-client.h"
#include "lt-slips.h"
#include "lt-store.h"

G_BEGIN_DECLS

#define LT_TYPE_TICKET_SERVICE (lt_ticket_service_get_type ())
G_DECLARE_FINAL_TYPE (LtTicketService, lt_ticket_service, LT, TICKET_SERVICE, GObject)

/* The hub when @config sets [hub] url, else the store at the config's
 * database path (opened, created if needed). NULL with @error. */
LtTicketService *lt_ticket_service_open      (LtConfig *config, GError **error) G_GNUC_WARN_UNUSED_RESULT;
LtTicketService *lt_ticket_service_new_local (LtStore *store) G_GNUC_WARN_UNUSED_RESULT;
/* @config names the categories and the site for what is laid out here
 * (the slips). */
LtTicketService *lt_ticket_service_new_hub   (LtHubClient *client,
                                              LtConfig    *config) G_GNUC_WARN_UNUSED_RESULT;

LtStore     *lt_ticket_service_get_store (LtTicketService *self);  /* NULL through a hub */
LtHubClient *lt_ticket_service_get_hub   (LtTicketService *self);  /* NULL on a local file */
LtConfig    *lt_ticket_service_get_config (LtTicketService *self);
/* Where the tickets are, for messages: the file's path or the hub's url. */
const char  *lt_ticket_service_describe  (LtTicketService *self);

LtTicket  *lt_ticket_service_submit (LtTicketService *self, const LtSubmission *submission,
                                     GError **error) G_GNUC_WARN_UNUSED_RESULT;
LtTicket  *lt_ticket_service_get    (LtTicketService *self, const char *receipt,
                                     GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* The files filed with ticket @receipt (LtAttachment*), oldest first. */
GPtrArray *lt_ticket_service_attachments (LtTicketService *self, const char *receipt,
                                          GError **error) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray *lt_ticket_service_list   (LtTicketService *self, const LtListQuery *query,
                                     GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* @action: "transfer" (@to), "note", "close", "reopen". @actor is used
 * on a local file; a hub records the device that asked. */
gboolean   lt_ticket_service_change (LtTicketService *self, const char *action,
                                     const char *receipt, const char *to, const char *note,
                                     const char *actor, GError **error);
GPtrArray *lt_ticket_service_outbox (LtTicketService *self, int state,
                                     GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* The day's slips as PDF at @output; counts in @tickets and @pages. */
gboolean   lt_ticket_service_slips  (LtTicketService *self, GDate *day, LtSlipsFormat format,
                                     const char *output, guint *tickets, int *pages,
                                     GError **error);
/* The month's report as PDF at @output and CSV at @csv (may be NULL). */
gboolean   lt_ticket_service_report (LtTicketService *self, int year, int month,
                                     const char *output, const char *csv, guint *total,
                                     GError **error);

void       lt_ticket_service_get_async  (LtTicketService *self, const char *receipt,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback, gpointer user_data);
LtTicket  *lt_ticket_service_get_finish (LtTicketService *self, GAsyncResult *result,
                                         GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* lt_ticket_service_list in a thread; @query is copied. */
/* Whom a ticket can be transferred to (LtOfficer*, each with the
 * departments they are on duty for), by name. */
GPtrArray *lt_ticket_service_officers (LtTicketService *self, GError **error) G_GNUC_WARN_UNUSED_RESULT;
void       lt_ticket_service_officers_async  (LtTicketService *self, GCancellable *cancellable,
                                              GAsyncReadyCallback callback, gpointer user_data);
GPtrArray *lt_ticket_service_officers_finish (LtTicketService *self, GAsyncResult *result,
                                              GError **error) G_GNUC_WARN_UNUSED_RESULT;
void       lt_ticket_service_list_async  (LtTicketService *self, const LtListQuery *query,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback, gpointer user_data);
GPtrArray *lt_ticket_service_list_finish (LtTicketService *self, GAsyncResult *result,
                                          GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* lt_ticket_service_change in a thread. Cancelling only stops the
 * callback from hearing the outcome: a change already sent may still be
 * made. */
void       lt_ticket_service_change_async  (LtTicketService *self, const char *action,
                                            const char *receipt, const char *to,
                                            const char *note, const char *actor,
                                            GCancellable *cancellable,
                                            GAsyncReadyCallback callback, gpointer user_data);
gboolean   lt_ticket_service_change_finish (LtTicketService *self, GAsyncResult *result,
                                            GError **error);
/* The slips for the tickets created on @date (local day), read in a
 * thread: from the store file, or the tickets listed by the hub laid out
 * here, so the print dialog can draw them on the printer's pages. */
void       lt_ticket_service_slips_new_async  (LtTicketService *self, const GDate *date,
                                               LtSlipsFormat format, GCancellable *cancellable,
                                               GAsyncReadyCallback callback, gpointer user_data);
LtSlips   *lt_ticket_service_slips_new_finish (LtTicketService *self, GAsyncResult *result,
                                               GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* A file the desk can play for ticket @receipt's voice note: on a local
 * file the store's own; through a hub a copy fetched once into the cache
 * directory (set_cache_dir; default the user's cache folder), so only the
 * first play waits for the network. @path of the result is that local
 * file. NULL with LT_STORE_ERROR_NOT_FOUND when the ticket has no note,
 * or the hub's error (LT_HUB_CLIENT_ERROR_UNREACHABLE …). Blocks: a
 * program with a window calls the _async one. */
void          lt_ticket_service_set_cache_dir     (LtTicketService *self, const char *dir);
LtAttachment *lt_ticket_service_voice_note        (LtTicketService *self, const char *receipt,
                                                   GError **error) G_GNUC_WARN_UNUSED_RESULT;
void          lt_ticket_service_voice_note_async  (LtTicketService *self, const char *receipt,
                                                   GCancellable *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer user_data);
LtAttachment *lt_ticket_service_voice_note_finish (LtTicketService *self, GAsyncResult *result,
                                                   GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
