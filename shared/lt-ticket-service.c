/* lt-ticket-service.c — the tickets on the local file or through a hub
 * (see lt-ticket-service.h).
 *
 * Each call goes to exactly one of the two backends; nothing here adds a
 * rule of its own, so the store (locally, or inside the hub) stays the
 * only place that decides. */

#define G_LOG_DOMAIN "lt-ticket-service"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>

#include <stdio.h>

#include "lt-officer.h"
#include "lt-report.h"
#include "lt-receipt.h"
#include "lt-ticket-service.h"
#include "lt-time.h"

struct _LtTicketService {
  GObject      parent_instance;
  LtStore     *store;   /* exactly one of these two */
  LtHubClient *hub;
  LtConfig    *config;
  char        *cache_dir; /* where notes from the hub are kept to play */
};

G_DEFINE_FINAL_TYPE (LtTicketService, lt_ticket_service, G_TYPE_OBJECT)

static void
lt_ticket_service_finalize (GObject *object)
{
  LtTicketService *self = LT_TICKET_SERVICE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->hub);
  g_clear_object (&self->config);
  g_free (self->cache_dir);
  G_OBJECT_CLASS (lt_ticket_service_parent_class)->finalize (object);
}

static void
lt_ticket_service_class_init (LtTicketServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lt_ticket_service_finalize;
}

static void
lt_ticket_service_init (LtTicketService *self)
{
}

LtTicketService *
lt_ticket_service_new_local (LtStore *store)
{
  LtTicketService *self = g_object_new (LT_TYPE_TICKET_SERVICE, NULL);

  self->store = g_object_ref (store);
  self->config = g_object_ref (lt_store_get_config (store));
  return self;
}

LtTicketService *
lt_ticket_service_new_hub (LtHubClient *client, LtConfig *config)
{
  LtTicketService *self = g_object_new (LT_TYPE_TICKET_SERVICE, NULL);

  self->hub = g_object_ref (client);
  self->config = g_object_ref (config);
  return self;
}

LtTicketService *
lt_ticket_service_open (LtConfig *config, GError **error)
{
  if (lt_hub_client_configured (config))
    {
      g_autoptr(LtHubClient) hub = lt_hub_client_new (config, error);

      if (hub == NULL)
        return NULL;
      return lt_ticket_service_new_hub (hub, config);
    }
  {
    g_autoptr(LtStore) store = lt_store_open (lt_config_get_database_path (config), config, error);

    return store ? lt_ticket_service_new_local (store) : NULL;
  }
}

LtStore *
lt_ticket_service_get_store (LtTicketService *self)
{
  return self->store;
}

LtHubClient *
lt_ticket_service_get_hub (LtTicketService *self)
{
  return self->hub;
}

LtConfig *
lt_ticket_service_get_config (LtTicketService *self)
{
  return self->config;
}

const char *
lt_ticket_service_describe (LtTicketService *self)
{
  return self->hub ? lt_hub_client_get_url (self->hub) : lt_store_get_path (self->store);
}

LtTicket *
lt_ticket_service_submit (LtTicketService *self, const LtSubmission *submission, GError **error)
{
  if (self->hub)
    return lt_hub_client_submit (self->hub, submission, NULL, error);
  return lt_store_submit (self->store, submission, error);
}

LtTicket *
lt_ticket_service_get (LtTicketService *self, const char *receipt, GError **error)
{
  if (self->hub)
    return lt_hub_client_get (self->hub, receipt, error);
  return lt_store_get (self->store, receipt, error);
}

GPtrArray *
lt_ticket_service_attachments (LtTicketService *self, const char *receipt, GError **error)
{
  if (self->hub)
    return lt_hub_client_attachments (self->hub, receipt, error);
  return lt_store_list_attachments (self->store, receipt, error);
}

GPtrArray *
lt_ticket_service_list (LtTicketService *self, const LtListQuery *query, GError **error)
{
  if (self->hub)
    return lt_hub_client_list (self->hub, query, error);
  return lt_store_list (self->store, query, error);
}

gboolean
lt_ticket_service_change (LtTicketService *self, const char *action, const char *receipt,
                          const char *to, const char *note, const char *actor, GError **error)
{
  if (self->hub)
    return lt_hub_client_change (self->hub, action, receipt, to, note, 0, error);
  if (g_str_equal (action, "transfer"))
    return lt_store_transfer (self->store, receipt, to, note, actor, error);
  if (g_str_equal (action, "note"))
    return lt_store_add_note (self->store, receipt, note, actor, error);
  if (g_str_equal (action, "close"))
    return lt_store_close (self->store, receipt, note, actor, error);
  g_return_val_if_fail (g_str_equal (action, "reopen"), FALSE);
  return lt_store_reopen (self->store, receipt, note, actor, error);
}

GPtrArray *
lt_ticket_service_outbox (LtTicketService *self, int state, GError **error)
{
  if (self->hub)
    return lt_hub_client_outbox (self->hub, state, error);
  return lt_store_outbox_list (self->store, state, error);
}

GPtrArray *
lt_ticket_service_officers (LtTicketService *self, GError **error)
{
  if (self->hub)
    return lt_hub_client_officers (self->hub, error);
  return lt_store_officer_list (self->store, error);
}

static void
officers_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *officers = lt_ticket_service_officers (source, &error);

  if (officers == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, officers, (GDestroyNotify) g_ptr_array_unref);
}

void
lt_ticket_service_officers_async (LtTicketService *self, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, lt_ticket_service_officers_async);
  g_task_run_in_thread (task, officers_thread);
}

GPtrArray *
lt_ticket_service_officers_finish (LtTicketService *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
lt_ticket_service_slips (LtTicketService *self, GDate *day, LtSlipsFormat format,
                         const char *output, guint *tickets, int *pages, GError **error)
{
  if (self->hub)
    {
      char date[16];
      g_autofree char *path = NULL;
      SoupMessageHeaders *headers;
      const char *counts;

      g_date_strftime (date, sizeof date, "%Y-%m-%d", day);
      path = g_strdup_printf ("/slips?date=%s&format=%s", date,
                              format == LT_SLIPS_FORMAT_A4 ? "a4" : "roll80");
      headers = lt_hub_client_download (self->hub, path, output, error);
      if (headers == NULL)
        return FALSE;
      counts = soup_message_headers_get_one (headers, "X-Laiting-Tickets-Pages");
      if (counts == NULL || sscanf (counts, "%u %d", tickets, pages) != 2)
        *tickets = 0, *pages = 0;
      soup_message_headers_unref (headers);
      return TRUE;
    }
  {
    g_autoptr(LtSlips) slips = lt_slips_new_for_day (self->store, day, format, error);
    double w, h;

    if (slips == NULL || !lt_slips_write_pdf (slips, output, error))
      return FALSE;
    lt_slips_get_page_size (slips, &w, &h);
    *pages = lt_slips_get_n_pages (slips, w, h);
    *tickets = lt_slips_get_n_tickets (slips);
    return TRUE;
  }
}

gboolean
lt_ticket_service_report (LtTicketService *self, int year, int month, const char *output,
                          const char *csv, guint *total, GError **error)
{
  if (self->hub)
    {
      g_autofree char *path = g_strdup_printf ("/report?month=%04d-%02d", year, month);
      SoupMessageHeaders *headers = lt_hub_client_download (self->hub, path, output, error);
      const char *count;

      if (headers == NULL)
        return FALSE;
      count = soup_message_headers_get_one (headers, "X-Laiting-Tickets");
      *total = count ? (guint) g_ascii_strtoull (count, NULL, 10) : 0;
      soup_message_headers_unref (headers);
      if (csv != NULL)
        {
          g_autofree char *csv_path = g_strconcat (path, "&format=csv", NULL);

          headers = lt_hub_client_download (self->hub, csv_path, csv, error);
          if (headers == NULL)
            return FALSE;
          soup_message_headers_unref (headers);
        }
      return TRUE;
    }
  {
    g_autoptr(LtReport) report = lt_report_new (self->store, year, month, error);

    if (report == NULL || !lt_report_write_pdf (report, output, error) ||
        (csv != NULL && !lt_report_write_csv (report, csv, error)))
      return FALSE;
    *total = lt_report_get_total (report);
    return TRUE;
  }
}

static void
get_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  GError *error = NULL;
  LtTicket *t = lt_ticket_service_get (source, data, &error);

  if (t == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, t, (GDestroyNotify) lt_ticket_free);
}

void
lt_ticket_service_get_async (LtTicketService *self, const char *receipt, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, lt_ticket_service_get_async);
  g_task_set_task_data (task, g_strdup (receipt), g_free);
  g_task_run_in_thread (task, get_thread);
}

LtTicket *
lt_ticket_service_get_finish (LtTicketService *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
lt_ticket_service_set_cache_dir (LtTicketService *self, const char *dir)
{
  g_return_if_fail (LT_IS_TICKET_SERVICE (self));
  g_free (self->cache_dir);
  self->cache_dir = g_strdup (dir);
}

static LtAttachment *
find_voice (GPtrArray *attachments, const char *receipt, GError **error)
{
  for (guint i = 0; i < attachments->len; i++)
    {
      LtAttachment *a = g_ptr_array_index (attachments, i);

      if (g_str_equal (a->kind, "voice"))
        return lt_attachment_new (a->kind, a->seconds, a->path);
    }
  {
    g_autofree char *shown = lt_receipt_format (receipt);

    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND, _("工单 %s 没有语音留言。"),
                 shown);
  }
  return NULL;
}

/* A note never changes once the hub holds it (another one for the same
 * ticket is refused), so a copy in the cache is as good as the hub's. */
LtAttachment *
lt_ticket_service_voice_note (LtTicketService *self, const char *receipt, GError **error)
{
  g_autoptr(GPtrArray) attachments = NULL;
  g_autoptr(LtAttachment) voice = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *local = NULL;

  g_return_val_if_fail (LT_IS_TICKET_SERVICE (self), NULL);
  attachments = lt_ticket_service_attachments (self, receipt, error);
  if (attachments == NULL || (voice = find_voice (attachments, receipt, error)) == NULL)
    return NULL;
  if (self->hub == NULL)
    return g_steal_pointer (&voice);
  dir = self->cache_dir ? g_strdup (self->cache_dir)
                        : g_build_filename (g_get_user_cache_dir (), "laiting", "voice", NULL);
  name = g_strdup_printf ("%s-voice.ogg", receipt);
  local = g_build_filename (dir, name, NULL);
  if (!g_file_test (local, G_FILE_TEST_IS_REGULAR))
    {
      if (g_mkdir_with_parents (dir, 0750) != 0)
        {
          int saved = errno;

          g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_IO, _("无法保存语音留言 %s：%s。"),
                       dir, g_strerror (saved));
          return NULL;
        }
      if (!lt_hub_client_get_voice (self->hub, receipt, local, error))
        return NULL;
    }
  return lt_attachment_new (voice->kind, voice->seconds, local);
}

static void
voice_note_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  GError *error = NULL;
  LtAttachment *a = lt_ticket_service_voice_note (source, data, &error);

  if (a == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, a, (GDestroyNotify) lt_attachment_free);
}

void
lt_ticket_service_voice_note_async (LtTicketService *self, const char *receipt,
                                    GCancellable *cancellable, GAsyncReadyCallback callback,
                                    gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, lt_ticket_service_voice_note_async);
  g_task_set_task_data (task, g_strdup (receipt), g_free);
  g_task_run_in_thread (task, voice_note_thread);
}

LtAttachment *
lt_ticket_service_voice_note_finish (LtTicketService *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
list_query_free (LtListQuery *q)
{
  g_free ((char *) q->phone);
  g_strfreev ((char **) q->categories);
  g_free (q);
}

static void
list_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *tickets = lt_ticket_service_list (source, data, &error);

  if (tickets == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, tickets, (GDestroyNotify) g_ptr_array_unref);
}

void
lt_ticket_service_list_async (LtTicketService *self, const LtListQuery *query,
                              GCancellable *cancellable, GAsyncReadyCallback callback,
                              gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  LtListQuery *copy = g_memdup2 (query, sizeof *query);

  copy->phone = g_strdup (query->phone);
  copy->categories = (const char *const *) g_strdupv ((char **) query->categories);
  g_task_set_source_tag (task, lt_ticket_service_list_async);
  g_task_set_task_data (task, copy, (GDestroyNotify) list_query_free);
  g_task_run_in_thread (task, list_thread);
}

GPtrArray *
lt_ticket_service_list_finish (LtTicketService *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct {
  char *action, *receipt, *to, *note, *actor;
} Change;

static void
change_free (Change *c)
{
  g_free (c->action);
  g_free (c->receipt);
  g_free (c->to);
  g_free (c->note);
  g_free (c->actor);
  g_free (c);
}

static void
change_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Change *c = data;
  GError *error = NULL;

  if (lt_ticket_service_change (source, c->action, c->receipt, c->to, c->note, c->actor, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
lt_ticket_service_change_async (LtTicketService *self, const char *action, const char *receipt,
                                const char *to, const char *note, const char *actor,
                                GCancellable *cancellable, GAsyncReadyCallback callback,
                                gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Change *c = g_new0 (Change, 1);

  c->action = g_strdup (action);
  c->receipt = g_strdup (receipt);
  c->to = g_strdup (to);
  c->note = g_strdup (note);
  c->actor = g_strdup (actor);
  g_task_set_source_tag (task, lt_ticket_service_change_async);
  g_task_set_task_data (task, c, (GDestroyNotify) change_free);
  g_task_run_in_thread (task, change_thread);
}

gboolean
lt_ticket_service_change_finish (LtTicketService *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct {
  GDate         date;
  LtSlipsFormat format;
} SlipsDay;

static void
slips_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  LtTicketService *self = source;
  SlipsDay *d = data;
  GError *error = NULL;
  LtSlips *slips = NULL;

  if (self->store != NULL)
    slips = lt_slips_new_for_day (self->store, &d->date, d->format, &error);
  else
    {
      LtListQuery query = { .filter = LT_LIST_ALL, .with_events = TRUE };
      g_autoptr(GPtrArray) tickets = NULL;

      lt_store_day_bounds (&d->date, &query.from, &query.to);
      tickets = lt_hub_client_list (self->hub, &query, &error);
      if (tickets != NULL)
        slips = lt_slips_new (self->config, &d->date, tickets, lt_store_now (), d->format);
    }
  if (slips == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, slips, g_object_unref);
}

void
lt_ticket_service_slips_new_async (LtTicketService *self, const GDate *date, LtSlipsFormat format,
                                   GCancellable *cancellable, GAsyncReadyCallback callback,
                                   gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  SlipsDay *d = g_new0 (SlipsDay, 1);

  g_return_if_fail (self->config != NULL);
  d->date = *date;
  d->format = format;
  g_task_set_source_tag (task, lt_ticket_service_slips_new_async);
  g_task_set_task_data (task, d, g_free);
  g_task_run_in_thread (task, slips_thread);
}

LtSlips *
lt_ticket_service_slips_new_finish (LtTicketService *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
