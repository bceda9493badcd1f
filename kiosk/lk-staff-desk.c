/* lk-staff-desk.c — the staff desk; see lk-staff-desk.h.
 *
 * On the local file store calls are synchronous: they are single indexed
 * queries, and a clerk waiting a few milliseconds for the list is better
 * served than one seeing a half-drawn one. Through a hub they leave the
 * main loop (the LtTicketService *_async calls), since a slow or
 * unreachable hub would otherwise freeze the window for the client's
 * timeouts: the desk keeps what it shows, says "正在读取" only while an
 * answer is late, and one sentence when the hub does not answer. The list
 * is capped so a hall with a long backlog still opens at once; the CLI
 * lists everything.
 *
 * The idle clock is the desk's own, separate from the residents' idle
 * question: a clerk who walks away must not leave tickets and phone
 * numbers on the screen, so after [kiosk] staff-idle-seconds the desk asks
 * to leave without asking anything first. */

#define G_LOG_DOMAIN "lk-staff-desk"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lk-staff-desk.h"
#include "lk-hall.h"
#include "lk-staff-detail.h"
#include "lk-staff-row.h"
#include "lk-slips-print.h"

#define LIST_LIMIT 500
/* New tickets arrive from the kiosk and by SMS while the desk is open. */
#define LIST_REFRESH_SECONDS 30
/* The hall line reads only the spool on this disk. */
#define HALL_REFRESH_SECONDS 5
/* A hub answering within this is not worth a word on screen. */
#define WAITING_MS 250
#define STAFF_CSS "/org/laiting/Kiosk/staff.css"

struct _LkStaffDesk
{
  GtkWidget     parent_instance;

  GtkWidget    *today_button;
  GtkWidget    *open_button;
  GtkWidget    *print_button;
  GtkWidget    *message_label;
  GtkWidget    *list_page;
  GtkWidget    *summary_label;
  GtkWidget    *hall_label;
  GtkWidget    *list_scroller;
  GtkWidget    *list_box;
  GtkWidget    *detail;

  LtStore      *store;
  LtConfig     *config;
  guint         idle_seconds;
  guint         idle_id;
  guint         refresh_id;
  guint         hall_id;
  guint         list_waiting_id;
  guint         open_waiting_id;
  GCancellable *cancellable;   /* the print in progress */
  GCancellable *list_cancellable;  /* the list on its way from the hub */
  GCancellable *open_cancellable;  /* the ticket on its way from the hub */
  char         *list_signature;
  char         *list_problem;  /* the last refusal logged, so it is logged once */
};

enum { SIGNAL_LEAVE, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LkStaffDesk, lk_staff_desk, GTK_TYPE_WIDGET)

/* The list or one ticket. Plain visibility rather than a GtkStack: a hidden
 * stack page stays in the accessibility tree looking visible, and a screen
 * reader should not wander into a ticket that is not on screen. */
static void
show_detail (LkStaffDesk *self, gboolean detail)
{
  gtk_widget_set_visible (self->list_page, !detail);
  gtk_widget_set_visible (self->detail, detail);
}

static gboolean
showing_detail (LkStaffDesk *self)
{
  return gtk_widget_get_visible (self->detail);
}

static void
show_message (LkStaffDesk *self, const char *text, gboolean is_error)
{
  gtk_label_set_text (GTK_LABEL (self->message_label), text ? text : "");
  gtk_widget_set_css_classes (self->message_label,
                              (const char *[]) { is_error ? "lk-error" : "lk-staff-ok", NULL });
  gtk_widget_set_visible (self->message_label, text != NULL);
}

/* --- idle ---------------------------------------------------------------- */

static gboolean
idle_cb (gpointer user_data)
{
  LkStaffDesk *self = user_data;

  self->idle_id = 0;
  g_debug ("staff desk idle for %u s: leaving", self->idle_seconds);
  g_signal_emit (self, signals[SIGNAL_LEAVE], 0);
  return G_SOURCE_REMOVE;
}

static void
restart_idle (LkStaffDesk *self)
{
  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->idle_id = g_timeout_add_seconds (self->idle_seconds, idle_cb, self);
}

/* A press through the accessibility layer (a screen reader) makes no input
 * event, so the desk's own handlers count as activity too. */
static void
user_active (LkStaffDesk *self)
{
  restart_idle (self);
}

static gboolean
input_event_cb (GtkEventControllerLegacy *controller, GdkEvent *event, LkStaffDesk *self)
{
  switch (gdk_event_get_event_type (event))
    {
    case GDK_BUTTON_PRESS:
    case GDK_TOUCH_BEGIN:
    case GDK_KEY_PRESS:
    case GDK_SCROLL:
      restart_idle (self);
      break;
    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

/* --- the list ------------------------------------------------------------ */

static gboolean
showing_today (LkStaffDesk *self)
{
  return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->today_button));
}

static void
set_summary (LkStaffDesk *self, GPtrArray *tickets, gint64 now)
{
  guint open = 0, overdue = 0, reopened = 0;
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < tickets->len; i++)
    {
      const LtTicket *t = g_ptr_array_index (tickets, i);

      open += lt_ticket_is_open (t);
      overdue += lt_ticket_is_overdue (t, now);
      reopened += t->status == LT_STATUS_REOPENED;
    }
  if (tickets->len == 0)
    g_string_append (text, showing_today (self) ? _("今天还没有工单。")
                                                : _("没有在办的工单。"));
  else if (showing_today (self))
    g_string_append_printf (text, _("今天共 %u 件，在办 %u 件，超期 %u 件，居民不满意 %u 件。"),
                            tickets->len, open, overdue, reopened);
  else
    g_string_append_printf (text, _("在办共 %u 件，超期 %u 件，居民不满意 %u 件。"),
                            tickets->len, overdue, reopened);
  if (tickets->len >= LIST_LIMIT)
    g_string_append_printf (text, _("这里只列出前 %u 件，其余请用 laiting 命令查看。"),
                            LIST_LIMIT);
  gtk_label_set_text (GTK_LABEL (self->summary_label), text->str);
}

static gboolean
open_waiting_cb (gpointer user_data)
{
  LkStaffDesk *self = user_data;

  self->open_waiting_id = 0;
  show_message (self, _("正在读取……"), FALSE);
  return G_SOURCE_REMOVE;
}

static void
opened_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(LkStaffDesk) self = user_data;
  g_autoptr(GError) error = NULL;
  LtTicket *ticket = lt_ticket_service_get_finish (LT_TICKET_SERVICE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_handle_id (&self->open_waiting_id, g_source_remove);
  if (ticket == NULL)
    {
      const char *hall = lk_hall_staff_sentence (error);

      g_message ("cannot read a ticket from the hub: %s", error->message);
      show_message (self, hall ? hall : error->message, TRUE);
      return;
    }
  show_message (self, NULL, FALSE);
  if (self->store == NULL)
    {
      lt_ticket_free (ticket);
      return;
    }
  lk_staff_detail_show_ticket (LK_STAFF_DETAIL (self->detail), self->store, ticket);
  show_detail (self, TRUE);
}

static void
row_clicked_cb (LkStaffRow *row, LkStaffDesk *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LtTicketService) service = NULL;

  user_active (self);
  service = lk_hall_staff_tickets (GTK_WIDGET (self), self->store);
  if (lt_ticket_service_get_hub (service) != NULL)
    {
      g_cancellable_cancel (self->open_cancellable);
      g_clear_object (&self->open_cancellable);
      self->open_cancellable = g_cancellable_new ();
      g_clear_handle_id (&self->open_waiting_id, g_source_remove);
      self->open_waiting_id = g_timeout_add (WAITING_MS, open_waiting_cb, self);
      lt_ticket_service_get_async (service, lk_staff_row_get_receipt (row), self->open_cancellable,
                                   opened_cb, g_object_ref (self));
      return;
    }
  if (!lk_staff_detail_show (LK_STAFF_DETAIL (self->detail), self->store,
                             lk_staff_row_get_receipt (row), &error))
    {
      show_message (self, error->message, TRUE);
      return;
    }
  show_message (self, NULL, FALSE);
  show_detail (self, TRUE);
}

static void
clear_rows (LkStaffDesk *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->list_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->list_box), child);
  g_clear_pointer (&self->list_signature, g_free);
}

/* Everything the rows show, in order. While it stays the same the rows are
 * kept, so the refresh every 30 s does not move the list under a clerk's
 * finger or a screen reader's cursor. */
static char *
list_signature (LkStaffDesk *self, GPtrArray *tickets, gint64 now)
{
  GString *sig = g_string_new (showing_today (self) ? "today" : "open");

  for (guint i = 0; i < tickets->len; i++)
    {
      const LtTicket *t = g_ptr_array_index (tickets, i);
      gint64 late = lt_ticket_is_overdue (t, now) ? (now - t->due_at + 86399) / 86400 : 0;

      g_string_append_printf (sig, ";%s,%d,%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT,
                              t->receipt, (int) t->status, t->updated_at, late);
    }
  return g_string_free (sig, FALSE);
}

static int
closed_last_cmp (gconstpointer a, gconstpointer b)
{
  const LtTicket *ta = *(const LtTicket *const *) a;
  const LtTicket *tb = *(const LtTicket *const *) b;

  return (ta->status == LT_STATUS_CLOSED) - (tb->status == LT_STATUS_CLOSED);
}

/* The hall line: refreshed on its own clock, since the backlog and the
 * hub's last answer change while the list stays the same. */
static void
update_hall (LkStaffDesk *self)
{
  g_autofree char *hall = lk_hall_status_text (GTK_WIDGET (self));

  if (hall != NULL && g_strcmp0 (gtk_label_get_text (GTK_LABEL (self->hall_label)), hall) != 0)
    gtk_label_set_text (GTK_LABEL (self->hall_label), hall);
  gtk_widget_set_visible (self->hall_label, hall != NULL);
}

static void
show_list_failure (LkStaffDesk *self, const GError *error)
{
  const char *hall = lk_hall_staff_sentence (error);

  /* Once per kind of failure, not once per refresh. */
  if (g_strcmp0 (self->list_problem, error->message) != 0)
    {
      g_message ("cannot list the tickets from %s: %s", hall ? "the hub" : "the store",
                 error->message);
      g_free (self->list_problem);
      self->list_problem = g_strdup (error->message);
    }
  clear_rows (self);
  gtk_label_set_text (GTK_LABEL (self->summary_label), hall ? hall : error->message);
}

static void
show_tickets (LkStaffDesk *self, GPtrArray *tickets)
{
  g_autofree char *signature = NULL;
  gint64 now = lt_store_now ();

  g_clear_pointer (&self->list_problem, g_free);
  /* Today's list holds closed tickets too: they go after the open ones,
   * in the store's staff order otherwise (the sort is stable). */
  g_ptr_array_sort (tickets, closed_last_cmp);
  set_summary (self, tickets, now);
  signature = list_signature (self, tickets, now);
  if (g_strcmp0 (signature, self->list_signature) == 0)
    return;
  clear_rows (self);
  self->list_signature = g_steal_pointer (&signature);
  for (guint i = 0; i < tickets->len; i++)
    {
      GtkWidget *row = lk_staff_row_new (self->config, g_ptr_array_index (tickets, i), now);

      g_signal_connect (row, "clicked", G_CALLBACK (row_clicked_cb), self);
      gtk_box_append (GTK_BOX (self->list_box), row);
    }
}

static gboolean
list_waiting_cb (gpointer user_data)
{
  LkStaffDesk *self = user_data;

  self->list_waiting_id = 0;
  gtk_label_set_text (GTK_LABEL (self->summary_label), _("正在读取……"));
  return G_SOURCE_REMOVE;
}

static void
listed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(LkStaffDesk) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tickets = lt_ticket_service_list_finish (LT_TICKET_SERVICE (source),
                                                                result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_handle_id (&self->list_waiting_id, g_source_remove);
  update_hall (self);
  if (tickets == NULL)
    show_list_failure (self, error);
  else
    show_tickets (self, tickets);
}

static void
fill_list (LkStaffDesk *self)
{
  LtListQuery query = { 0 };
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LtTicketService) service = NULL;

  update_hall (self);
  if (self->store == NULL)
    {
      clear_rows (self);
      gtk_label_set_text (GTK_LABEL (self->summary_label),
                          _("工单数据库现在打不开，请稍后再进来；如果一直这样，请联系管理员。"));
      return;
    }

  query.reopened_first = TRUE;
  query.with_events = TRUE;
  query.limit = LIST_LIMIT;
  if (showing_today (self))
    {
      g_autoptr(GDateTime) today = g_date_time_new_from_unix_local (lt_store_now ());
      g_autoptr(GDate) date = g_date_new_dmy (g_date_time_get_day_of_month (today),
                                              g_date_time_get_month (today),
                                              g_date_time_get_year (today));

      query.filter = LT_LIST_ALL;
      lt_store_day_bounds (date, &query.from, &query.to);
    }
  else
    query.filter = LT_LIST_OPEN;

  service = lk_hall_staff_tickets (GTK_WIDGET (self), self->store);
  if (lt_ticket_service_get_hub (service) != NULL)
    {
      /* A newer question replaces one still on its way. */
      g_cancellable_cancel (self->list_cancellable);
      g_clear_object (&self->list_cancellable);
      self->list_cancellable = g_cancellable_new ();
      if (self->list_waiting_id == 0)
        self->list_waiting_id = g_timeout_add (WAITING_MS, list_waiting_cb, self);
      lt_ticket_service_list_async (service, &query, self->list_cancellable, listed_cb,
                                    g_object_ref (self));
      return;
    }
  tickets = lt_ticket_service_list (service, &query, &error);
  if (tickets == NULL)
    show_list_failure (self, error);
  else
    show_tickets (self, tickets);
}

void
lk_staff_desk_refresh (LkStaffDesk *self)
{
  g_return_if_fail (LK_IS_STAFF_DESK (self));

  fill_list (self);
  if (showing_detail (self))
    {
      g_autoptr(GError) error = NULL;

      if (!lk_staff_detail_reload (LK_STAFF_DETAIL (self->detail), &error))
        {
          show_message (self, error->message, TRUE);
          show_detail (self, FALSE);
        }
    }
}

static void
show_list (LkStaffDesk *self)
{
  g_cancellable_cancel (self->open_cancellable);
  g_clear_handle_id (&self->open_waiting_id, g_source_remove);
  show_detail (self, FALSE);
  lk_staff_detail_clear (LK_STAFF_DETAIL (self->detail));
}

void
lk_staff_desk_reset (LkStaffDesk *self)
{
  g_return_if_fail (LK_IS_STAFF_DESK (self));

  /* A print still going on finishes, but its outcome is not shown to the
   * next clerk. */
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->list_cancellable);
  g_clear_handle_id (&self->list_waiting_id, g_source_remove);
  gtk_widget_set_sensitive (self->print_button, TRUE);
  show_message (self, NULL, FALSE);
  show_list (self);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->today_button), TRUE);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->list_scroller)), 0);
}

void
lk_staff_desk_set_store (LkStaffDesk *self, LtStore *store)
{
  g_return_if_fail (LK_IS_STAFF_DESK (self));
  g_return_if_fail (store == NULL || LT_IS_STORE (store));

  if (g_set_object (&self->store, store))
    {
      show_message (self, NULL, FALSE);
      show_list (self);
      fill_list (self);
    }
}

/* --- the buttons --------------------------------------------------------- */

static void
mode_toggled_cb (LkStaffDesk *self, GtkToggleButton *button)
{
  /* Both buttons of the group report; act once, for the one turned on. */
  if (!gtk_toggle_button_get_active (button))
    return;
  user_active (self);
  show_message (self, NULL, FALSE);
  show_list (self);
  fill_list (self);
}

static void
detail_back_cb (LkStaffDesk *self)
{
  user_active (self);
  show_list (self);
  fill_list (self);
}

static void
detail_changed_cb (LkStaffDesk *self, const char *message)
{
  /* The detail shows the outcome itself; the list behind it is refilled
   * so that it is right when the clerk goes back. */
  user_active (self);
  fill_list (self);
}

static void
printed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(LkStaffDesk) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = lk_slips_print_finish (result, &error);

  /* Cancelled: the desk was reset or is going away; leave it alone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_sensitive (self->print_button, TRUE);
  show_message (self, message ? message : error->message, message == NULL);
}

static void
print_clicked_cb (LkStaffDesk *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (lt_store_now ());
  g_autoptr(GDate) today = g_date_new_dmy (g_date_time_get_day_of_month (now),
                                           g_date_time_get_month (now),
                                           g_date_time_get_year (now));

  user_active (self);
  if (self->store == NULL)
    {
      show_message (self, _("工单数据库现在打不开，没法打印。"), TRUE);
      return;
    }
  show_message (self, _("正在准备今日单据……"), FALSE);
  gtk_widget_set_sensitive (self->print_button, FALSE);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  {
    g_autoptr(LtTicketService) service = lk_hall_staff_tickets (GTK_WIDGET (self), self->store);

    lk_slips_print_async (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, service, today,
                          self->cancellable, printed_cb, g_object_ref (self));
  }
}

static void
leave_clicked_cb (LkStaffDesk *self)
{
  g_signal_emit (self, signals[SIGNAL_LEAVE], 0);
}

/* --- life cycle ---------------------------------------------------------- */

/* Only the list is refreshed on its own: a ticket being read or a form
 * being filled in must not change under the clerk's finger. */
static gboolean
refresh_cb (gpointer user_data)
{
  LkStaffDesk *self = user_data;

  if (!showing_detail (self))
    fill_list (self);
  return G_SOURCE_CONTINUE;
}

/* The hall line follows the spool; a list the hub could not give is asked
 * for again on the same clock, so the desk comes back soon after the hub
 * does (the failure is logged once, not per try). */
static gboolean
hall_cb (gpointer user_data)
{
  LkStaffDesk *self = user_data;

  update_hall (self);
  if (self->list_problem != NULL && !showing_detail (self))
    fill_list (self);
  return G_SOURCE_CONTINUE;
}

static void
lk_staff_desk_map (GtkWidget *widget)
{
  LkStaffDesk *self = LK_STAFF_DESK (widget);

  GTK_WIDGET_CLASS (lk_staff_desk_parent_class)->map (widget);
  restart_idle (self);
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add_seconds (LIST_REFRESH_SECONDS, refresh_cb, self);
  if (self->hall_id == 0 && lk_hall_for_widget (widget) != NULL)
    self->hall_id = g_timeout_add_seconds (HALL_REFRESH_SECONDS, hall_cb, self);
}

static void
lk_staff_desk_unmap (GtkWidget *widget)
{
  LkStaffDesk *self = LK_STAFF_DESK (widget);

  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_handle_id (&self->hall_id, g_source_remove);
  GTK_WIDGET_CLASS (lk_staff_desk_parent_class)->unmap (widget);
}

/* The desk's style sheet comes with the desk, so whatever window holds it
 * (the kiosk, a test) gets the same look; once per display. */
static void
lk_staff_desk_realize (GtkWidget *widget)
{
  GdkDisplay *display = gtk_widget_get_display (widget);

  GTK_WIDGET_CLASS (lk_staff_desk_parent_class)->realize (widget);
  if (g_object_get_data (G_OBJECT (display), "lk-staff-css") == NULL)
    {
      GtkCssProvider *css = gtk_css_provider_new ();

      gtk_css_provider_load_from_resource (css, STAFF_CSS);
      gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (css),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
      g_object_set_data_full (G_OBJECT (display), "lk-staff-css", css, g_object_unref);
    }
}

static void
lk_staff_desk_dispose (GObject *object)
{
  GtkWidget *child;
  LkStaffDesk *self = LK_STAFF_DESK (object);

  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_handle_id (&self->hall_id, g_source_remove);
  g_clear_handle_id (&self->list_waiting_id, g_source_remove);
  g_clear_handle_id (&self->open_waiting_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->list_cancellable);
  g_cancellable_cancel (self->open_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), LK_TYPE_STAFF_DESK);
  /* GTK 4.8 leaves the template's top widget parented. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->list_cancellable);
  g_clear_object (&self->open_cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->list_problem, g_free);
  g_clear_object (&self->config);
  g_clear_pointer (&self->list_signature, g_free);
  G_OBJECT_CLASS (lk_staff_desk_parent_class)->dispose (object);
}

static void
lk_staff_desk_class_init (LkStaffDeskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lk_staff_desk_dispose;
  widget_class->map = lk_staff_desk_map;
  widget_class->unmap = lk_staff_desk_unmap;
  widget_class->realize = lk_staff_desk_realize;

  signals[SIGNAL_LEAVE] =
    g_signal_new ("leave", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);

  g_type_ensure (LK_TYPE_STAFF_DETAIL);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/laiting/Kiosk/lk-staff-desk.ui");
  gtk_widget_class_bind_template_child (widget_class, LkStaffDesk, today_button);
  gtk_widget_class_bind_template_child (widget_class, LkStaffDesk, open_button);
  gtk_widget_class_bind_template_child (widget_class, LkStaffDesk, print_button);
  gtk_widget_class_bind_template_child (widget_class, LkStaffDesk, message_label);
  gtk_widget_class_bind_template_child (widget_class, LkStaffDesk, list_page);
  gtk_widget_class_bind_template_child (widget_class, LkStaffDesk, summary_label);
  gtk_widget_class_bind_template_child (widget_class, LkStaffDesk, hall_label);
  gtk_widget_class_bind_template_child (widget_class, LkStaffDesk, list_scroller);
  gtk_widget_class_bind_template_child (widget_class, LkStaffDesk, list_box);
  gtk_widget_class_bind_template_child (widget_class, LkStaffDesk, detail);
  gtk_widget_class_bind_template_callback (widget_class, mode_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, print_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, leave_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, detail_back_cb);
  gtk_widget_class_bind_template_callback (widget_class, detail_changed_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lk_staff_desk_init (LkStaffDesk *self)
{
  GtkEventController *legacy;

  gtk_widget_init_template (GTK_WIDGET (self));
  legacy = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (legacy, GTK_PHASE_CAPTURE);
  g_signal_connect (legacy, "event", G_CALLBACK (input_event_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), legacy);
}

GtkWidget *
lk_staff_desk_new (LtStore *store, LtConfig *config)
{
  LkStaffDesk *self;

  g_return_val_if_fail (store == NULL || LT_IS_STORE (store), NULL);
  g_return_val_if_fail (LT_IS_CONFIG (config), NULL);

  self = g_object_new (LK_TYPE_STAFF_DESK, NULL);
  self->config = g_object_ref (config);
  self->idle_seconds = (guint) lt_config_get_int (config, "kiosk", "staff-idle-seconds", 120, 1);
  self->store = store ? g_object_ref (store) : NULL;
  fill_list (self);
  return GTK_WIDGET (self);
}
