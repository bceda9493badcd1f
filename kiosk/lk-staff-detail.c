/* lk-staff-detail.c — one ticket at the staff desk; see lk-staff-detail.h.
 *
 * An action the ticket's state does not allow is refused when its button
 * is pressed, by the same rule the store applies (lt_ticket_check_action),
 * so the clerk does not fill in a form for nothing; the store checks again
 * on confirming, since the CLI or another desk may have changed the ticket
 * in between. */

#define G_LOG_DOMAIN "lk-staff-detail"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "lk-staff-detail.h"
#include "lk-hall.h"
#include "lk-staff-action.h"
#include "lk-staff-row.h"
#include "lk-voice-button.h"
#include "lt-phone.h"
#include "lt-receipt.h"
#include "lt-time.h"

struct _LkStaffDetail
{
  GtkWidget  parent_instance;

  GtkWidget *header;
  GtkWidget *receipt_label;
  GtkWidget *badges;
  GtkWidget *facts;
  GtkWidget *text_label;
  GtkWidget *voice_button;
  GtkWidget *timeline;
  GtkWidget *ticket_page;
  GtkWidget *outcome_label;
  GtkWidget *action;

  LtStore      *store;
  LtTicket     *ticket;
  GCancellable *cancellable;  /* the ticket being read again from the hub */
};

enum { SIGNAL_BACK, SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LkStaffDetail, lk_staff_detail, GTK_TYPE_WIDGET)

/* The ticket with its header and action buttons, or the form for one
 * action on its own. Not a GtkStack, for the same reason as in the desk:
 * what is hidden must be hidden from screen readers too. */
static void
show_form (LkStaffDetail *self, gboolean form)
{
  gtk_widget_set_visible (self->header, !form);
  gtk_widget_set_visible (self->ticket_page, !form);
  gtk_widget_set_visible (self->action, form);
}

static void
remove_children (GtkWidget *parent)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (parent)) != NULL)
    gtk_widget_unparent (child);
}

static void
show_outcome (LkStaffDetail *self, const char *text, gboolean is_error)
{
  gtk_label_set_text (GTK_LABEL (self->outcome_label), text ? text : "");
  gtk_widget_set_css_classes (self->outcome_label,
                              (const char *[]) { is_error ? "lk-error" : "lk-staff-ok", NULL });
  gtk_widget_set_visible (self->outcome_label, text != NULL);
}

static GtkWidget *
new_label (const char *text, const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
add_fact (LkStaffDetail *self, int row, const char *key, const char *value)
{
  GtkWidget *key_label = new_label (key, "lk-staff-key");
  GtkWidget *value_label = new_label (value, "lk-staff-value");

  /* Key and value in different sizes still read as one line. */
  gtk_widget_set_valign (key_label, GTK_ALIGN_BASELINE);
  gtk_widget_set_valign (value_label, GTK_ALIGN_BASELINE);
  gtk_label_set_max_width_chars (GTK_LABEL (value_label), 16);
  gtk_grid_attach (GTK_GRID (self->facts), key_label, 0, row, 1, 1);
  gtk_grid_attach (GTK_GRID (self->facts), value_label, 1, row, 1, 1);
}

static const char *
rating_label (int rating)
{
  switch (rating)
    {
    case 1:  return _("满意");
    case 2:  return _("基本满意");
    case 3:  return _("不满意");
    default: return _("还没有评价");
    }
}

static void
fill_facts (LkStaffDetail *self, LtConfig *config, gint64 now)
{
  const LtTicket *t = self->ticket;
  char digits[LT_PHONE_LEN + 1];
  g_autofree char *created = lt_time_format (t->created_at, _("%Y-%m-%d %H:%M"));
  g_autofree char *due = lt_time_format (t->due_at, _("%Y-%m-%d %H:%M"));
  g_autofree char *due_text = NULL;
  g_autofree char *phone = NULL;
  int row = 0;

  remove_children (self->facts);
  add_fact (self, row++, _("状态"), lt_ticket_status_label (t->status));
  add_fact (self, row++, _("类别"), lk_staff_category_name (config, t->category));
  add_fact (self, row++, _("来源"), lt_channel_label (t->channel));
  add_fact (self, row++, _("登记时间"), created);
  if (t->status == LT_STATUS_CLOSED)
    {
      g_autofree char *closed = lt_time_format (t->closed_at, _("%Y-%m-%d %H:%M"));

      add_fact (self, row++, _("办结时间"), closed);
    }
  else
    {
      due_text = lt_ticket_is_overdue (t, now) ? g_strdup_printf (_("%s（超期）"), due)
                                               : g_strdup (due);
      add_fact (self, row++, _("办结时限"), due_text);
    }
  if (t->phone && t->phone_is_mobile && lt_phone_normalize (t->phone, digits))
    phone = lt_phone_group (digits);
  else
    phone = g_strdup (t->phone ? t->phone : _("没有留电话"));
  add_fact (self, row++, _("电话"), phone);
  add_fact (self, row++, _("地点"), t->location ? t->location : _("没有填写"));
  add_fact (self, row++, _("承办"), t->assignee ? t->assignee : _("还没有转办"));
  if (t->officer != NULL)
    {
      const LtEvent *ack = lt_ticket_last_event (t, "acknowledged");
      const LtEvent *progress = lt_ticket_last_event (t, "progress");
      const LtEvent *returned = t->returned_at ? lt_ticket_last_event (t, "returned") : NULL;
      g_autofree char *who = g_strdup_printf (_("%s（%s）"), t->officer,
                                              t->officer_phone ? t->officer_phone : "");
      g_autofree char *ack_text = ack ? lt_time_format (ack->at, _("%Y-%m-%d %H:%M"))
                                      : g_strdup (_("还没有回复“收到”"));

      add_fact (self, row++, _("经办人"), who);
      add_fact (self, row++, _("确认收到"), ack_text);
      if (progress != NULL)
        {
          g_autofree char *when = lt_time_format (progress->at, _("%m-%d %H:%M"));
          g_autofree char *text = g_strdup_printf (_("%s（%s）"), progress->note, when);

          add_fact (self, row++, _("最新进展"), text);
        }
      if (returned != NULL)
        add_fact (self, row++, _("退回原因"), returned->note ? returned->note : "");
    }
  if (t->status == LT_STATUS_CLOSED || t->rating != 0)
    add_fact (self, row++, _("居民评价"), rating_label (t->rating));
}

/* A rating's note is the digit the resident sent; say what it means. */
static char *
event_note (const LtEvent *e)
{
  if (g_strcmp0 (e->kind, "rated") == 0 && e->note != NULL &&
      strlen (e->note) == 1 && e->note[0] >= '1' && e->note[0] <= '3')
    /* TRANSLATORS: the digit a resident answered, then what it means */
    return g_strdup_printf (_("%s（%s）"), e->note, rating_label (e->note[0] - '0'));
  return g_strdup (e->note);
}

/* Newest first: what happened last (a reopening and why) is what the
 * clerk needs, and it must not sit below the fold. */
static void
fill_timeline (LkStaffDetail *self)
{
  GPtrArray *events = self->ticket->events;

  remove_children (self->timeline);
  for (guint i = events ? events->len : 0; i > 0; i--)
    {
      const LtEvent *e = g_ptr_array_index (events, i - 1);
      g_autofree char *when = lt_time_format (e->at, _("%Y-%m-%d %H:%M"));
      /* TRANSLATORS: time, what happened, who did it */
      g_autofree char *head = g_strdup_printf (_("%s　%s　%s"), when,
                                               lt_event_kind_label (e->kind),
                                               e->actor ? e->actor : "");
      g_autofree char *note = event_note (e);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

      gtk_widget_add_css_class (box, "lk-staff-event");
      gtk_box_append (GTK_BOX (box), new_label (head, "lk-staff-event-head"));
      if (note && *note)
        gtk_box_append (GTK_BOX (box), new_label (note, "lk-staff-value"));
      gtk_box_append (GTK_BOX (self->timeline), box);
    }
}

static void
fill_badges (LkStaffDetail *self, gint64 now)
{
  remove_children (self->badges);
  if (self->ticket->status == LT_STATUS_REOPENED)
    {
      GtkWidget *badge = new_label (_("居民不满意"), "lk-badge");

      gtk_widget_add_css_class (badge, "lk-badge-reopened");
      gtk_box_append (GTK_BOX (self->badges), badge);
    }
  if (lt_ticket_is_overdue (self->ticket, now))
    {
      GtkWidget *badge = new_label (_("超期"), "lk-badge");

      gtk_widget_add_css_class (badge, "lk-badge-overdue");
      gtk_box_append (GTK_BOX (self->badges), badge);
    }
}

static void
fill (LkStaffDetail *self)
{
  LtConfig *config = lt_store_get_config (self->store);
  gint64 now = lt_store_now ();
  g_autofree char *grouped = lt_receipt_format (self->ticket->receipt);
  g_autofree char *title = g_strdup_printf (_("工单 %s"), grouped);

  gtk_label_set_text (GTK_LABEL (self->receipt_label), title);
  gtk_label_set_text (GTK_LABEL (self->text_label), self->ticket->text);
  {
    g_autoptr(LtTicketService) tickets = lk_hall_staff_tickets (GTK_WIDGET (self), self->store);

    lk_voice_button_set_ticket (LK_VOICE_BUTTON (self->voice_button), tickets, config,
                                self->ticket->receipt);
  }
  fill_badges (self, now);
  fill_facts (self, config, now);
  fill_timeline (self);
}

static void
reloaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(LkStaffDetail) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LtTicket) ticket = lt_ticket_service_get_finish (LT_TICKET_SERVICE (source), result,
                                                             &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->ticket == NULL)
    return;
  if (ticket == NULL)
    {
      const char *hall = lk_hall_staff_sentence (error);

      g_message ("cannot read ticket %s back from the hub: %s", self->ticket->receipt,
                 error->message);
      show_outcome (self, hall ? hall : error->message, TRUE);
      return;
    }
  g_clear_pointer (&self->ticket, lt_ticket_free);
  self->ticket = g_steal_pointer (&ticket);
  fill (self);
}

gboolean
lk_staff_detail_reload (LkStaffDetail *self, GError **error)
{
  g_autoptr(LtTicket) ticket = NULL;
  g_autoptr(LtTicketService) service = NULL;

  g_return_val_if_fail (LK_IS_STAFF_DETAIL (self), FALSE);
  g_return_val_if_fail (self->ticket != NULL, FALSE);

  service = lk_hall_staff_tickets (GTK_WIDGET (self), self->store);
  if (lt_ticket_service_get_hub (service) != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      lt_ticket_service_get_async (service, self->ticket->receipt, self->cancellable,
                                   reloaded_cb, g_object_ref (self));
      return TRUE;
    }
  ticket = lt_ticket_service_get (service, self->ticket->receipt, error);
  if (ticket == NULL)
    return FALSE;
  g_clear_pointer (&self->ticket, lt_ticket_free);
  self->ticket = g_steal_pointer (&ticket);
  fill (self);
  return TRUE;
}

void
lk_staff_detail_show_ticket (LkStaffDetail *self, LtStore *store, LtTicket *ticket)
{
  g_return_if_fail (LK_IS_STAFF_DETAIL (self));
  g_return_if_fail (LT_IS_STORE (store));
  g_return_if_fail (ticket != NULL);

  g_cancellable_cancel (self->cancellable);
  g_set_object (&self->store, store);
  g_clear_pointer (&self->ticket, lt_ticket_free);
  self->ticket = ticket;
  show_outcome (self, NULL, FALSE);
  show_form (self, FALSE);
  fill (self);
}

gboolean
lk_staff_detail_show (LkStaffDetail *self, LtStore *store, const char *receipt, GError **error)
{
  g_autoptr(LtTicketService) service = NULL;
  LtTicket *ticket;

  g_return_val_if_fail (LK_IS_STAFF_DETAIL (self), FALSE);
  g_return_val_if_fail (LT_IS_STORE (store), FALSE);
  g_return_val_if_fail (receipt != NULL, FALSE);

  service = lk_hall_staff_tickets (GTK_WIDGET (self), store);
  ticket = lt_ticket_service_get (service, receipt, error);
  if (ticket == NULL)
    return FALSE;
  lk_staff_detail_show_ticket (self, store, ticket);
  return TRUE;
}

const char *
lk_staff_detail_get_receipt (LkStaffDetail *self)
{
  g_return_val_if_fail (LK_IS_STAFF_DETAIL (self), NULL);
  return self->ticket ? self->ticket->receipt : NULL;
}

void
lk_staff_detail_clear (LkStaffDetail *self)
{
  g_return_if_fail (LK_IS_STAFF_DETAIL (self));
  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->ticket, lt_ticket_free);
  lk_voice_button_set_ticket (LK_VOICE_BUTTON (self->voice_button), NULL, NULL, NULL);
  show_outcome (self, NULL, FALSE);
  show_form (self, FALSE);
  remove_children (self->facts);
  remove_children (self->timeline);
  remove_children (self->badges);
}

/* --- actions ------------------------------------------------------------- */

static void
open_form (LkStaffDetail *self, LkStaffActionKind kind)
{
  g_autoptr(GError) error = NULL;
  gboolean allowed = TRUE;

  if (self->ticket == NULL)
    return;
  switch (kind)
    {
    case LK_STAFF_ACTION_TRANSFER:
      allowed = lt_ticket_check_action (self->ticket->status, LT_ACTION_TRANSFER, &error);
      break;
    case LK_STAFF_ACTION_CLOSE:
      allowed = lt_ticket_check_action (self->ticket->status, LT_ACTION_CLOSE, &error);
      break;
    case LK_STAFF_ACTION_REOPEN:
      allowed = lt_ticket_check_action (self->ticket->status, LT_ACTION_REOPEN, &error);
      break;
    case LK_STAFF_ACTION_NOTE:
    default:
      break;
    }
  if (!allowed)
    {
      show_outcome (self, error->message, TRUE);
      return;
    }
  show_outcome (self, NULL, FALSE);
  lk_staff_action_start (LK_STAFF_ACTION (self->action), self->store, self->ticket, kind);
  show_form (self, TRUE);
}

static void
transfer_clicked_cb (LkStaffDetail *self)
{
  open_form (self, LK_STAFF_ACTION_TRANSFER);
}

static void
note_clicked_cb (LkStaffDetail *self)
{
  open_form (self, LK_STAFF_ACTION_NOTE);
}

static void
close_clicked_cb (LkStaffDetail *self)
{
  open_form (self, LK_STAFF_ACTION_CLOSE);
}

static void
reopen_clicked_cb (LkStaffDetail *self)
{
  open_form (self, LK_STAFF_ACTION_REOPEN);
}

static void
action_done_cb (LkStaffDetail *self, const char *message)
{
  g_autoptr(GError) error = NULL;

  show_form (self, FALSE);
  if (!lk_staff_detail_reload (self, &error))
    g_warning ("cannot read the ticket back: %s", error->message);
  show_outcome (self, message, FALSE);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, message);
}

static void
action_cancelled_cb (LkStaffDetail *self)
{
  show_form (self, FALSE);
}

static void
back_clicked_cb (LkStaffDetail *self)
{
  g_signal_emit (self, signals[SIGNAL_BACK], 0);
}

/* --- life cycle ---------------------------------------------------------- */

static void
lk_staff_detail_dispose (GObject *object)
{
  GtkWidget *child;
  LkStaffDetail *self = LK_STAFF_DETAIL (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), LK_TYPE_STAFF_DETAIL);
  /* GTK 4.8 leaves the template's top widget parented. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (lk_staff_detail_parent_class)->dispose (object);
}

static void
lk_staff_detail_finalize (GObject *object)
{
  LkStaffDetail *self = LK_STAFF_DETAIL (object);

  g_clear_pointer (&self->ticket, lt_ticket_free);
  G_OBJECT_CLASS (lk_staff_detail_parent_class)->finalize (object);
}

static void
lk_staff_detail_class_init (LkStaffDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lk_staff_detail_dispose;
  object_class->finalize = lk_staff_detail_finalize;

  signals[SIGNAL_BACK] =
    g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (LK_TYPE_STAFF_ACTION);
  g_type_ensure (LK_TYPE_VOICE_BUTTON);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/laiting/Kiosk/lk-staff-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, LkStaffDetail, header);
  gtk_widget_class_bind_template_child (widget_class, LkStaffDetail, receipt_label);
  gtk_widget_class_bind_template_child (widget_class, LkStaffDetail, badges);
  gtk_widget_class_bind_template_child (widget_class, LkStaffDetail, facts);
  gtk_widget_class_bind_template_child (widget_class, LkStaffDetail, text_label);
  gtk_widget_class_bind_template_child (widget_class, LkStaffDetail, voice_button);
  gtk_widget_class_bind_template_child (widget_class, LkStaffDetail, timeline);
  gtk_widget_class_bind_template_child (widget_class, LkStaffDetail, ticket_page);
  gtk_widget_class_bind_template_child (widget_class, LkStaffDetail, outcome_label);
  gtk_widget_class_bind_template_child (widget_class, LkStaffDetail, action);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, transfer_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, note_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, close_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, reopen_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, action_done_cb);
  gtk_widget_class_bind_template_callback (widget_class, action_cancelled_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lk_staff_detail_init (LkStaffDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
