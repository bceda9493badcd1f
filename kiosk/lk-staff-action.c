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
#include "lk-hall.h"
#include "lt-receipt.h"
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
  gtk_widget_set_visible (self->error_label, message != NULL);
}

/* The note as the store keeps it: trimmed, NULL when empty. */
static char *
get_note (LkStaffAction *self)
{
  g_autofree char *note = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->note_entry)));

  g_strstrip (note);
  return *note ? g_steal_pointer (&note) : NULL;
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
  /* TRANSLATORS: characters, then segments (what the resident pays for) */
  hint = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "办结后居民会收到这条短信（%u 字，%u 条短信）：",
                                       "办结后居民会收到这条短信（%u 字，%u 条短信）：",
                                       segments),
                          lt_sms_units (text, encoding), segments);
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
  self->department = g_strdup (gtk_button_get_label (GTK_BUTTON (button)));
  show_error (self, NULL);
}

static void
fill_departments (LkStaffAction *self)
{
  const char *const *names = lt_config_get_departments (lt_store_get_config (self->store));
  GtkWidget *child;
  GtkToggleButton *group = NULL;

  while ((child = gtk_widget_get_first_child (self->departments)) != NULL)
    gtk_flow_box_remove (GTK_FLOW_BOX (self->departments), child);
  for (guint i = 0; names && names[i]; i++)
    {
      GtkWidget *button = gtk_toggle_button_new_with_label (names[i]);

      gtk_widget_add_css_class (button, "lk-toggle");
      if (group)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);
      else
        group = GTK_TOGGLE_BUTTON (button);
      g_signal_connect (button, "toggled", G_CALLBACK (department_toggled_cb), self);
      gtk_flow_box_append (GTK_FLOW_BOX (self->departments), button);
    }
  /* Without a configured list the clerk types the name. */
  gtk_widget_set_visible (self->departments, group != NULL);
  gtk_widget_set_visible (self->to_entry, group == NULL);
}

static gboolean
run_action (LkStaffAction *self, const char *note, char **message, GError **error)
{
  const char *receipt = self->ticket->receipt;
  const char *actor = lk_staff_actor ();
  g_autofree char *grouped = lt_receipt_format (receipt);
  g_autoptr(LtTicketService) service = lk_hall_staff_tickets (GTK_WIDGET (self), self->store);

  switch (self->kind)
    {
    case LK_STAFF_ACTION_TRANSFER:
      {
        g_autofree char *typed = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->to_entry)));
        const char *to = gtk_widget_get_visible (self->to_entry) ? g_strstrip (typed)
                                                                 : self->department;

        if (to == NULL || *to == '\0')
          {
            g_set_error_literal (error, LT_TICKET_ERROR, LT_TICKET_ERROR_INVALID,
                                 _("请先选一个承办部门。"));
            return FALSE;
          }
        if (!lt_ticket_service_change (service, "transfer", receipt, to, note, actor, error))
          return FALSE;
        *message = g_strdup_printf (_("工单 %s 已转办给%s。"), grouped, to);
        return TRUE;
      }
    case LK_STAFF_ACTION_NOTE:
      if (!lt_ticket_service_change (service, "note", receipt, NULL, note, actor, error))
        return FALSE;
      *message = g_strdup_printf (_("工单 %s 已添加备注。"), grouped);
      return TRUE;
    case LK_STAFF_ACTION_CLOSE:
      if (!lt_ticket_service_change (service, "close", receipt, NULL, note, actor, error))
        return FALSE;
      *message = self->ticket->phone_is_mobile
                   ? g_strdup_printf (_("工单 %s 已办结，告知短信已排队发送。"), grouped)
                   : g_strdup_printf (_("工单 %s 已办结。这件工单没有手机号，请另行告知居民。"), grouped);
      return TRUE;
    case LK_STAFF_ACTION_REOPEN:
      if (!lt_ticket_service_change (service, "reopen", receipt, NULL, note, actor, error))
        return FALSE;
      *message = g_strdup_printf (_("工单 %s 已重新办理。"), grouped);
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

/* A refusal in one sentence. The store and the ticket rules already speak
 * to people; anything else (an unexpected error) gets a general sentence
 * and goes to the journal in full. */
static char *
refusal_text (const GError *error)
{
  if (error->domain == LT_TICKET_ERROR || error->domain == LT_STORE_ERROR)
    return g_strdup (error->message);
  g_warning ("staff action failed: %s", error->message);
  return g_strdup (_("没能保存，请稍后再试；如果一直这样，请联系管理员。"));
}

static void
confirm_clicked_cb (LkStaffAction *self)
{
  g_autofree char *note = get_note (self);
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;

  if (self->ticket == NULL)
    return;
  if (run_action (self, note, &message, &error))
    {
      show_error (self, NULL);
      g_signal_emit (self, signals[SIGNAL_DONE], 0, message);
      return;
    }
  g_autofree char *text = refusal_text (error);
  show_error (self, text);
}

static void
cancel_clicked_cb (LkStaffAction *self)
{
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
    fill_departments (self);
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

  gtk_widget_dispose_template (GTK_WIDGET (object), LK_TYPE_STAFF_ACTION);
  /* GTK 4.8 leaves the template's top widget parented. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (lk_staff_action_parent_class)->dispose (object);
}

static void
lk_staff_action_finalize (GObject *object)
{
  LkStaffAction *self = LK_STAFF_ACTION (object);

  g_clear_pointer (&self->ticket, lt_ticket_free);
  g_clear_pointer (&self->department, g_free);
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
