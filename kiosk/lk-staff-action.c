/* lk-staff-action.c — the form for one staff action; see lk-staff-action.h.
 *
 * The closure SMS shown is rendered by the same function the store uses
 * when it queues the notice (lt_sms_text_closure), from the note as the
 * store will keep it (trimmed), so what the clerk reads is what the
 * resident gets. */

#define G_LOG_DOMAIN "lk-staff-action"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lk-staff-action.h"
#include "lt-officer.h"
#include "lt-quiet-hours.h"
#include "lk-hall.h"
#include "lt-receipt.h"
#include "lt-time.h"
#include "lt-segments.h"
#include "lt-sms-text.h"

struct _LkStaffAction
{
  GtkWidget          parent_instance;

  GtkWidget         *title_label;
  GtkWidget         *departments;
  GtkWidget         *to_entry;
  GtkWidget         *note_hint;
  GtkWidget         *note_entry;
  GtkWidget         *sms_box;
  GtkWidget         *sms_hint;
  GtkWidget         *sms_text;
  GtkWidget         *error_label;
  GtkWidget         *confirm_button;

  LtStore           *store;
  LtTicket          *ticket;
  LkStaffActionKind  kind;
  char              *department;   /* the chosen one, for 转办 */
  GCancellable      *cancellable;  /* the change on its way to the hub */
  GCancellable      *officers_cancellable;  /* 转办's officers, from the hub */
  char              *message;      /* shown when it is made; set while saving */
};

enum { SIGNAL_DONE, SIGNAL_CANCELLED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LkStaffAction, lk_staff_action, GTK_TYPE_WIDGET)

const char *
lk_staff_actor (void)
{
  return _("大厅工作人员");
}

const char *
lk_staff_action_kind_label (LkStaffActionKind kind)
{
  switch (kind)
    {
    case LK_STAFF_ACTION_TRANSFER: return _("转办");
    case LK_STAFF_ACTION_NOTE:     return _("备注");
    case LK_STAFF_ACTION_CLOSE:    return _("办结");
    case LK_STAFF_ACTION_REOPEN:   return C_("staff action", "重新办理");
    default:                       g_return_val_if_reached (NULL);
    }
}

static void
show_error (LkStaffAction *self, const char *message)
{
  gtk_label_set_text (GTK_LABEL (self->error_label), message ? message : "");
  gtk_widget_set_css_classes (self->error_label, (const char *[]) { "lk-error", NULL });
  gtk_widget_set_visible (self->error_label, message != NULL);
}

static void
show_saving (LkStaffAction *self)
{
  gtk_label_set_text (GTK_LABEL (self->error_label), _("正在保存……"));
  gtk_widget_set_css_classes (self->error_label, (const char *[]) { "lk-staff-ok", NULL });
  gtk_widget_set_visible (self->error_label, TRUE);
}

/* The note as the store keeps it: trimmed, NULL when empty. */
static char *
get_note (LkStaffAction *self)
{
  g_autofree char *note = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->note_entry)));

  g_strstrip (note);
  return *note ? g_steal_pointer (&note) : NULL;
}

/* When a closure notice queued now will leave: at once, or at the end of
 * the quiet hours. */
static char *
notice_time_text (LkStaffAction *self)
{
  LtQuietHours quiet;
  gint64 now = lt_store_now ();
  gint64 at;

  lt_quiet_hours_from_config (lt_store_get_config (self->store), &quiet);
  at = lt_quiet_hours_not_before (&quiet, now);
  if (at <= now)
    return g_strdup (_("短信马上发出。"));
  {
    /* TRANSLATORS: a g_date_time_format() time: month, day, hour, minute */
    g_autofree char *when = lt_time_format (at, _("%-m月%-d日 %H:%M"));

    /* TRANSLATORS: in the quiet hours; %s is when the SMS will leave */
    return g_strdup_printf (_("现在是免打扰时段，短信将于%s发出。"), when);
  }
}

static void
update_sms_preview (LkStaffAction *self)
{
  LtConfig *config = lt_store_get_config (self->store);
  g_autofree char *note = get_note (self);
  g_autofree char *text = NULL;
  g_autofree char *hint = NULL;
  LtSmsEncoding encoding;
  guint segments;

  if (!self->ticket->phone_is_mobile)
    {
      gtk_label_set_text (GTK_LABEL (self->sms_hint),
                          _("这件工单没有留手机号，办结后不会发短信，请另行告知居民。"));
      gtk_widget_set_visible (self->sms_text, FALSE);
      return;
    }
  text = lt_sms_text_closure (lt_config_get_signature (config), self->ticket->receipt,
                              note ? note : _("（请在上面写明办理结果）"));
  segments = lt_sms_count_segments (text, &encoding);
  {
    g_autofree char *when = notice_time_text (self);
    g_autofree char *size = NULL;

    /* TRANSLATORS: characters, then segments (what the resident pays for) */
    size = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "办结后居民会收到这条短信（%u 字，%u 条短信）：",
                                         "办结后居民会收到这条短信（%u 字，%u 条短信）：",
                                         segments),
                            lt_sms_units (text, encoding), segments);
    /* TRANSLATORS: when the closure SMS will leave, then the size line */
    hint = g_strdup_printf (_("%s%s"), when, size);
  }
  gtk_label_set_text (GTK_LABEL (self->sms_hint), hint);
  gtk_label_set_text (GTK_LABEL (self->sms_text), text);
  gtk_widget_set_visible (self->sms_text, TRUE);
}

static void
entry_changed_cb (LkStaffAction *self)
{
  if (self->ticket == NULL)
    return;
  show_error (self, NULL);
  if (self->kind == LK_STAFF_ACTION_CLOSE)
    update_sms_preview (self);
}

static void
department_toggled_cb (GtkToggleButton *button, LkStaffAction *self)
{
  if (!gtk_toggle_button_get_active (button))
    return;
  g_free (self->department);
  self->department = g_strdup (g_object_get_data (G_OBJECT (button), "lk-transfer-to"));
  show_error (self, NULL);
}

/* One choice for 转办: @to is what the store is given, @label what the
 * clerk reads (a department with its officer on duty, an officer with
 * their department). */
static GtkToggleButton *
add_choice (LkStaffAction *self, GtkToggleButton *group, const char *to, const char *label)
{
  GtkWidget *button = gtk_toggle_button_new_with_label (label);

  gtk_widget_add_css_class (button, "lk-toggle");
  g_object_set_data_full (G_OBJECT (button), "lk-transfer-to", g_strdup (to), g_free);
  if (group)
    gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);
  g_signal_connect (button, "toggled", G_CALLBACK (department_toggled_cb), self);
  gtk_flow_box_append (GTK_FLOW_BOX (self->departments), button);
  return group ? group : GTK_TOGGLE_BUTTON (button);
}

/* The officer on duty for @department among @officers, or NULL. */
static const LtOfficer *
on_duty_for (GPtrArray *officers, const char *department)
{
  for (guint i = 0; officers != NULL && i < officers->len; i++)
    {
      const LtOfficer *o = officers->pdata[i];

      if (o->on_duty_for && g_strv_contains ((const char *const *) o->on_duty_for, department))
        return o;
    }
  return NULL;
}

/* The 转办 choices: the config's departments (with the officer on duty)
 * and the officers in @officers (may be NULL while they are on their way
 * from the hub). A choice already made stays made. */
static void
fill_departments (LkStaffAction *self, GPtrArray *officers)
{
  const char *const *names = lt_config_get_departments (lt_store_get_config (self->store));
  GtkWidget *child;
  GtkToggleButton *group = NULL;
  g_autofree char *chosen = g_strdup (self->department);

  while ((child = gtk_widget_get_first_child (self->departments)) != NULL)
    gtk_flow_box_remove (GTK_FLOW_BOX (self->departments), child);
  for (guint i = 0; names && names[i]; i++)
    {
      const LtOfficer *duty = on_duty_for (officers, names[i]);
      /* TRANSLATORS: a department and its officer on duty, on a 转办 button */
      g_autofree char *label = duty ? g_strdup_printf (_("%s（%s）"), names[i], duty->name)
                                    : g_strdup (names[i]);

      group = add_choice (self, group, names[i], label);
    }
  for (guint i = 0; officers != NULL && i < officers->len; i++)
    {
      const LtOfficer *o = officers->pdata[i];
      /* TRANSLATORS: an officer (and their department) on a 转办 button */
      g_autofree char *label = o->department
                                 ? g_strdup_printf (_("经办人 %s · %s"), o->name, o->department)
                                 : g_strdup_printf (_("经办人 %s"), o->name);

      group = add_choice (self, group, o->name, label);
    }
  /* Without a configured list the clerk types the name. */
  gtk_widget_set_visible (self->departments, group != NULL);
  gtk_widget_set_visible (self->to_entry, group == NULL);
  if (chosen)
    for (child = gtk_widget_get_first_child (self->departments); child;
         child = gtk_widget_get_next_sibling (child))
      {
        GtkWidget *button = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

        if (g_strcmp0 (g_object_get_data (G_OBJECT (button), "lk-transfer-to"), chosen) == 0)
          gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
      }
}

static void
officers_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(LkStaffAction) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) officers =
    lt_ticket_service_officers_finish (LT_TICKET_SERVICE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (officers == NULL)
    {
      /* The departments are there; the clerk can still transfer. */
      g_message ("transfer offers departments only, no officers: %s", error->message);
      return;
    }
  if (self->kind == LK_STAFF_ACTION_TRANSFER)
    fill_departments (self, officers);
}

/* Offers the departments at once and the officers when they are known:
 * at once from the local file, from the hub in a worker thread. */
static void
offer_transfer_choices (LkStaffAction *self)
{
  g_autoptr(LtTicketService) service = lk_hall_staff_tickets (GTK_WIDGET (self), self->store);
  g_autoptr(GPtrArray) officers = NULL;

  if (lt_ticket_service_get_hub (service) == NULL)
    {
      officers = lt_ticket_service_officers (service, NULL);
      fill_departments (self, officers);
      return;
    }
  fill_departments (self, NULL);
  g_cancellable_cancel (self->officers_cancellable);
  g_clear_object (&self->officers_cancellable);
  self->officers_cancellable = g_cancellable_new ();
  lt_ticket_service_officers_async (service, self->officers_cancellable, officers_cb,
                                    g_object_ref (self));
}

/* What the confirm button asks of the store: the change, its target and
 * the sentence shown once it is made. FALSE with @error when the form is
 * not complete. */
static gboolean
prepare_action (LkStaffAction *self, const char **action, char **to, char **message,
                GError **error)
{
  g_autofree char *grouped = lt_receipt_format (self->ticket->receipt);

  switch (self->kind)
    {
    case LK_STAFF_ACTION_TRANSFER:
      {
        g_autofree char *typed = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->to_entry)));
        const char *chosen = gtk_widget_get_visible (self->to_entry) ? g_strstrip (typed)
                                                                     : self->department;

        if (chosen == NULL || *chosen == '\0')
          {
            g_set_error_literal (error, LT_TICKET_ERROR, LT_TICKET_ERROR_INVALID,
                                 _("请先选一个承办部门。"));
            return FALSE;
          }
        *action = "transfer";
        *to = g_strdup (chosen);
        *message = g_strdup_printf (_("工单 %s 已转办给%s。"), grouped, chosen);
        return TRUE;
      }
    case LK_STAFF_ACTION_NOTE:
      *action = "note";
      *message = g_strdup_printf (_("工单 %s 已添加备注。"), grouped);
      return TRUE;
    case LK_STAFF_ACTION_CLOSE:
      *action = "close";
      if (self->ticket->phone_is_mobile)
        {
          g_autofree char *when = notice_time_text (self);

          /* TRANSLATORS: receipt, then when the resident will be told */
          *message = g_strdup_printf (_("工单 %s 已办结，告知短信已排队发送。%s"), grouped, when);
          return TRUE;
        }
      *message = g_strdup_printf (_("工单 %s 已办结。这件工单没有手机号，请另行告知居民。"), grouped);
      return TRUE;
    case LK_STAFF_ACTION_REOPEN:
      *action = "reopen";
      *message = g_strdup_printf (_("工单 %s 已重新办理。"), grouped);
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

/* A refusal in one sentence. The store and the ticket rules already speak
 * to people, and so does the hall link about a hub that cannot be reached
 * or refuses; anything else (an unexpected error) gets a general sentence
 * and goes to the journal in full. */
static char *
refusal_text (const GError *error)
{
  const char *hall = lk_hall_staff_sentence (error);

  if (hall != NULL)
    {
      g_message ("staff action through the hub: %s", error->message);
      return g_strdup (hall);
    }
  if (error->domain == LT_TICKET_ERROR || error->domain == LT_STORE_ERROR)
    return g_strdup (error->message);
  g_warning ("staff action failed: %s", error->message);
  return g_strdup (_("没能保存，请稍后再试；如果一直这样，请联系管理员。"));
}

static void
finish_action (LkStaffAction *self, gboolean ok, const GError *error)
{
  gtk_widget_set_sensitive (self->confirm_button, TRUE);
  if (ok)
    {
      g_autofree char *message = g_steal_pointer (&self->message);

      show_error (self, NULL);
      g_signal_emit (self, signals[SIGNAL_DONE], 0, message);
      return;
    }
  g_clear_pointer (&self->message, g_free);
  {
    g_autofree char *text = refusal_text (error);

    show_error (self, text);
  }
}

static void
changed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(LkStaffAction) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = lt_ticket_service_change_finish (LT_TICKET_SERVICE (source), result, &error);

  /* Cancelled: the form went away; the next one starts afresh. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  finish_action (self, ok, error);
}

/* On the local file the change is one short transaction, made at once;
 * through a hub it leaves the main loop, and the form says it is saving
 * until the hub answers. */
static void
confirm_clicked_cb (LkStaffAction *self)
{
  g_autofree char *note = get_note (self);
  g_autofree char *to = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LtTicketService) service = NULL;
  const char *action = NULL;

  if (self->ticket == NULL || self->message != NULL)
    return;
  if (!prepare_action (self, &action, &to, &self->message, &error))
    {
      finish_action (self, FALSE, error);
      return;
    }
  service = lk_hall_staff_tickets (GTK_WIDGET (self), self->store);
  if (lt_ticket_service_get_hub (service) == NULL)
    {
      gboolean ok = lt_ticket_service_change (service, action, self->ticket->receipt, to, note,
                                              lk_staff_actor (), &error);

      finish_action (self, ok, error);
      return;
    }
  show_saving (self);
  gtk_widget_set_sensitive (self->confirm_button, FALSE);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  lt_ticket_service_change_async (service, action, self->ticket->receipt, to, note,
                                  lk_staff_actor (), self->cancellable, changed_cb,
                                  g_object_ref (self));
}

/* The form goes away: an answer still on its way is not shown on the
 * next one. */
static void
forget_pending (LkStaffAction *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->officers_cancellable);
  g_clear_object (&self->officers_cancellable);
  g_clear_pointer (&self->message, g_free);
  gtk_widget_set_sensitive (self->confirm_button, TRUE);
}

static void
cancel_clicked_cb (LkStaffAction *self)
{
  forget_pending (self);
  show_error (self, NULL);
  g_signal_emit (self, signals[SIGNAL_CANCELLED], 0);
}

void
lk_staff_action_start (LkStaffAction     *self,
                       LtStore           *store,
                       const LtTicket    *ticket,
                       LkStaffActionKind  kind)
{
  g_autofree char *grouped = lt_receipt_format (ticket->receipt);
  g_autofree char *title = NULL;
  const char *hint = NULL, *confirm = NULL, *field = NULL;

  g_return_if_fail (LK_IS_STAFF_ACTION (self));
  g_return_if_fail (LT_IS_STORE (store));
  g_return_if_fail (ticket != NULL);

  forget_pending (self);
  g_set_object (&self->store, store);
  g_clear_pointer (&self->ticket, lt_ticket_free);
  g_clear_pointer (&self->department, g_free);
  self->ticket = lt_ticket_copy (ticket);
  self->kind = kind;

  /* The form takes the whole detail (the clerk does one thing at a time);
   * its title names the ticket and asks the one question. */
  switch (kind)
    {
    case LK_STAFF_ACTION_TRANSFER:
      title = g_strdup_printf (_("把工单 %s 转给哪个部门？"), grouped);
      hint = _("转办说明（可以不填）");
      field = _("转办说明");
      confirm = _("确认转办");
      break;
    case LK_STAFF_ACTION_NOTE:
      title = g_strdup_printf (_("给工单 %s 添加备注（居民看不到）"), grouped);
      field = _("备注内容");
      confirm = _("保存备注");
      break;
    case LK_STAFF_ACTION_CLOSE:
      title = g_strdup_printf (_("办结工单 %s：请写明办理结果（必填，居民会在短信里看到）"),
                               grouped);
      field = _("办理结果");
      confirm = _("确认办结");
      break;
    case LK_STAFF_ACTION_REOPEN:
      title = g_strdup_printf (_("重新办理工单 %s：原因可以不填"), grouped);
      field = _("重新办理原因");
      confirm = _("确认重新办理");
      break;
    default:
      g_return_if_reached ();
    }

  gtk_label_set_text (GTK_LABEL (self->title_label), title);
  gtk_label_set_text (GTK_LABEL (self->note_hint), hint ? hint : "");
  gtk_widget_set_visible (self->note_hint, hint != NULL);
  gtk_button_set_label (GTK_BUTTON (self->confirm_button), confirm);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->note_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, field, -1);
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), "");
  show_error (self, NULL);

  if (kind == LK_STAFF_ACTION_TRANSFER)
    offer_transfer_choices (self);
  else
    {
      gtk_widget_set_visible (self->departments, FALSE);
      gtk_widget_set_visible (self->to_entry, FALSE);
    }
  gtk_widget_set_visible (self->sms_box, kind == LK_STAFF_ACTION_CLOSE);
  if (kind == LK_STAFF_ACTION_CLOSE)
    update_sms_preview (self);
  gtk_widget_grab_focus (kind == LK_STAFF_ACTION_TRANSFER && gtk_widget_get_visible (self->to_entry)
                           ? self->to_entry : self->note_entry);
}

static void
lk_staff_action_dispose (GObject *object)
{
  GtkWidget *child;
  LkStaffAction *self = LK_STAFF_ACTION (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->officers_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), LK_TYPE_STAFF_ACTION);
  /* GTK 4.8 leaves the template's top widget parented. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->officers_cancellable);
  G_OBJECT_CLASS (lk_staff_action_parent_class)->dispose (object);
}

static void
lk_staff_action_finalize (GObject *object)
{
  LkStaffAction *self = LK_STAFF_ACTION (object);

  g_clear_pointer (&self->ticket, lt_ticket_free);
  g_clear_pointer (&self->department, g_free);
  g_clear_pointer (&self->message, g_free);
  G_OBJECT_CLASS (lk_staff_action_parent_class)->finalize (object);
}

static void
lk_staff_action_class_init (LkStaffActionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lk_staff_action_dispose;
  object_class->finalize = lk_staff_action_finalize;

  signals[SIGNAL_DONE] =
    g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_CANCELLED] =
    g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/laiting/Kiosk/lk-staff-action.ui");
  gtk_widget_class_bind_template_child (widget_class, LkStaffAction, title_label);
  gtk_widget_class_bind_template_child (widget_class, LkStaffAction, departments);
  gtk_widget_class_bind_template_child (widget_class, LkStaffAction, to_entry);
  gtk_widget_class_bind_template_child (widget_class, LkStaffAction, note_hint);
  gtk_widget_class_bind_template_child (widget_class, LkStaffAction, note_entry);
  gtk_widget_class_bind_template_child (widget_class, LkStaffAction, sms_box);
  gtk_widget_class_bind_template_child (widget_class, LkStaffAction, sms_hint);
  gtk_widget_class_bind_template_child (widget_class, LkStaffAction, sms_text);
  gtk_widget_class_bind_template_child (widget_class, LkStaffAction, error_label);
  gtk_widget_class_bind_template_child (widget_class, LkStaffAction, confirm_button);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, confirm_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lk_staff_action_init (LkStaffAction *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
