/* lk-receipt-page.c — the receipt; see lk-receipt-page.h.
 *
 * The page keeps only the receipt number, the masked phone number and the
 * slip's facts, never the description or the whole phone number, and
 * forgets them on reset. The countdown to home is [kiosk] receipt-seconds
 * (60), and starts again at every tap: a resident copying the number down
 * is never hurried away. The SMS line says only what is true: "being sent"
 * while the receipt SMS is queued, "sent" once the store says so (polled
 * while the page is up), and a plea to write the number down if it failed;
 * in a hall, "收到，短信稍后发出" until the hub holds the ticket.
 * With no phone and a receipt printer ([kiosk] receipt-printer), it offers
 * to print the slip. */

#define G_LOG_DOMAIN "lk-receipt-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lk-receipt-page.h"
#include "lk-hall.h"
#include "lk-page.h"
#include "lk-receipt-printer.h"
#include "lk-window.h"
#include "lt-phone.h"
#include "lt-receipt.h"

#define SMS_POLL_SECONDS 2

struct _LkReceiptPage
{
  GtkWidget  parent_instance;
  GtkWidget *number_label;
  GtkWidget *sms_label;
  GtkWidget *lookup_label;
  GtkWidget *print_button;
  GtkWidget *countdown_label;
  char      *receipt;
  char      *masked_phone;   /* NULL without a mobile number */
  LtTicket  *slip;           /* receipt, category and time only, for 打印回执 */
  guint      remaining;
  guint      tick_id;
  guint      poll_id;
};

static void lk_receipt_page_page_init (LkPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LkReceiptPage, lk_receipt_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (LK_TYPE_PAGE, lk_receipt_page_page_init))

void
lk_receipt_page_set_ticket (LkReceiptPage *self, const LtTicket *ticket)
{
  g_return_if_fail (LK_IS_RECEIPT_PAGE (self));
  g_free (self->receipt);
  self->receipt = g_strdup (ticket->receipt);
  g_clear_pointer (&self->masked_phone, g_free);
  if (ticket->phone && ticket->phone_is_mobile)
    self->masked_phone = lt_phone_mask (ticket->phone);
  /* What the slip prints, and nothing a slip left on the counter must not
   * show. */
  g_clear_pointer (&self->slip, lt_ticket_free);
  self->slip = lt_ticket_copy (ticket);
  g_clear_pointer (&self->slip->text, g_free);
  g_clear_pointer (&self->slip->phone, g_free);
  g_clear_pointer (&self->slip->location, g_free);
}

const char *
lk_receipt_page_get_receipt (LkReceiptPage *self)
{
  g_return_val_if_fail (LK_IS_RECEIPT_PAGE (self), NULL);
  return self->receipt;
}

/* --- the countdown ------------------------------------------------------- */

static void
show_remaining (LkReceiptPage *self)
{
  g_autofree char *text =
    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u 秒后回到首页，点一下屏幕可以多看一会儿",
                                  "%u 秒后回到首页，点一下屏幕可以多看一会儿", self->remaining),
                     self->remaining);

  gtk_label_set_text (GTK_LABEL (self->countdown_label), text);
}

static gboolean
tick_cb (gpointer user_data)
{
  LkReceiptPage *self = user_data;
  LkWindow *window;

  if (self->remaining > 1)
    {
      self->remaining--;
      show_remaining (self);
      return G_SOURCE_CONTINUE;
    }
  self->tick_id = 0;
  window = lk_window_from_widget (GTK_WIDGET (self));
  if (window)
    lk_window_home (window);
  return G_SOURCE_REMOVE;
}

static void
restart_countdown (LkReceiptPage *self)
{
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));

  if (window == NULL || self->receipt == NULL)
    return;
  self->remaining = (guint) lt_config_get_int (lk_window_get_config (window), "kiosk",
                                               "receipt-seconds", 60, 5);
  show_remaining (self);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
}

/* --- the SMS line -------------------------------------------------------- */

/* Shows what became of the receipt SMS; TRUE once there is nothing more
 * to wait for. In a hall, while the ticket waits in the spool for the hub
 * the SMS cannot have gone yet; once the hub holds it the SMS is on its
 * way, and the hub, not this kiosk, sends it (the spool's store has no
 * outbox row, so the line stays "on its way" and is polled until the page
 * leaves). On its own, the kiosk's store says queued, sent or failed. */
static gboolean
show_sms_state (LkReceiptPage *self)
{
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));
  LtOutboxState state = LT_OUTBOX_QUEUED;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *pending;
  LtStore *store;

  if (self->masked_phone == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->sms_label),
                          _("没有留电话，请把这个号码抄下来或拍照留存，凭它查询办理进度。"));
      return TRUE;
    }
  pending = lk_hall_sms_pending (lk_hall_for_widget (GTK_WIDGET (self)), self->receipt);
  if (pending != NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->sms_label), pending);
      return FALSE;
    }
  store = window ? lk_window_get_store (window, &error) : NULL;
  if (store && !lt_store_outbox_state_for (store, self->receipt, "receipt", &state, &error) &&
      error != NULL)
    g_message ("receipt %s: cannot read its SMS state: %s", self->receipt, error->message);
  switch (state)
    {
    case LT_OUTBOX_SENT:
      text = g_strdup_printf (_("短信已发送至 %s"), self->masked_phone);
      break;
    case LT_OUTBOX_FAILED:
      text = g_strdup (_("短信没能发出，请把这个号码抄下来或拍照留存。"));
      break;
    case LT_OUTBOX_QUEUED:
    case LT_OUTBOX_SENDING:
    default:
      text = g_strdup_printf (_("短信正在发往 %s，稍后就到"), self->masked_phone);
      break;
    }
  if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (self->sms_label)), text) != 0)
    gtk_label_set_text (GTK_LABEL (self->sms_label), text);
  return state == LT_OUTBOX_SENT || state == LT_OUTBOX_FAILED;
}

static gboolean
poll_cb (gpointer user_data)
{
  LkReceiptPage *self = user_data;

  if (!show_sms_state (self))
    return G_SOURCE_CONTINUE;
  self->poll_id = 0;
  return G_SOURCE_REMOVE;
}

static void
show_lookup_hint (LkReceiptPage *self, LtConfig *config)
{
  g_autofree char *number = lt_config_get_string (config, "sms", "number", NULL);
  g_autofree char *text = NULL;

  if (number && *number)
    /* TRANSLATORS: %s is the hall's SMS number; 查 is the command. */
    text = g_strdup_printf (_("凭回执号可在这里点“查询办理进度”，或发短信“查+回执号”到 %s"), number);
  else
    text = g_strdup (_("凭回执号可在这里点“查询办理进度”"));
  gtk_label_set_text (GTK_LABEL (self->lookup_label), text);
}

/* --- buttons ------------------------------------------------------------- */

static void
again_clicked_cb (LkReceiptPage *self)
{
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));
  g_autofree char *prompt = lk_page_prompt (LK_PAGE (self));

  restart_countdown (self);
  if (window)
    lk_window_say (window, prompt);
}

static void
print_clicked_cb (LkReceiptPage *self)
{
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));

  restart_countdown (self);
  if (window == NULL || self->slip == NULL)
    return;
  lk_receipt_printer_print (lk_window_get_config (window), self->slip);
  /* One slip per tap is enough; a second would only confuse. */
  gtk_button_set_label (GTK_BUTTON (self->print_button), _("已送去打印"));
  gtk_widget_set_sensitive (self->print_button, FALSE);
}

/* --- LkPage -------------------------------------------------------------- */

static void
lk_receipt_page_enter (LkPage *page)
{
  LkReceiptPage *self = LK_RECEIPT_PAGE (page);
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));
  g_autofree char *grouped = NULL;
  g_autofree char *printer = NULL;
  g_autofree char *spoken = NULL;
  LtConfig *config;

  if (window == NULL || self->receipt == NULL)
    return;
  config = lk_window_get_config (window);
  grouped = lt_receipt_format (self->receipt);
  gtk_label_set_text (GTK_LABEL (self->number_label), grouped);
  /* A reader speaks the digits one by one, in their groups. */
  spoken = lk_speech_spell_receipt (self->receipt);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->number_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
  show_lookup_hint (self, config);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  if (!show_sms_state (self))
    self->poll_id = g_timeout_add_seconds (SMS_POLL_SECONDS, poll_cb, self);

  printer = lt_config_get_string (config, "kiosk", "receipt-printer", NULL);
  gtk_button_set_label (GTK_BUTTON (self->print_button), _("打印回执"));
  gtk_widget_set_sensitive (self->print_button, TRUE);
  gtk_widget_set_visible (self->print_button,
                          self->masked_phone == NULL && printer != NULL && *printer != '\0');
  restart_countdown (self);
}

static void
lk_receipt_page_reset (LkPage *page)
{
  LkReceiptPage *self = LK_RECEIPT_PAGE (page);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_clear_pointer (&self->receipt, g_free);
  g_clear_pointer (&self->masked_phone, g_free);
  g_clear_pointer (&self->slip, lt_ticket_free);
  gtk_label_set_text (GTK_LABEL (self->number_label), "");
  gtk_label_set_text (GTK_LABEL (self->sms_label), "");
}

static void
lk_receipt_page_touched (LkPage *page)
{
  restart_countdown (LK_RECEIPT_PAGE (page));
}

static char *
lk_receipt_page_prompt (LkPage *page)
{
  LkReceiptPage *self = LK_RECEIPT_PAGE (page);
  g_autofree char *spelled = NULL;

  if (self->receipt == NULL)
    return NULL;
  spelled = lk_speech_spell_receipt (self->receipt);
  if (self->masked_phone)
    return g_strdup_printf (_("提交成功。您的回执号是：%s。再说一遍：%s。回执号会用短信发到您的手机。"),
                            spelled, spelled);
  return g_strdup_printf (_("提交成功。您的回执号是：%s。再说一遍：%s。请把这个号码记下来。"),
                          spelled, spelled);
}

static void
lk_receipt_page_page_init (LkPageInterface *iface)
{
  iface->enter = lk_receipt_page_enter;
  iface->reset = lk_receipt_page_reset;
  iface->prompt = lk_receipt_page_prompt;
  iface->touched = lk_receipt_page_touched;
}

static void
lk_receipt_page_dispose (GObject *object)
{
  LkReceiptPage *self = LK_RECEIPT_PAGE (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_clear_pointer (&self->receipt, g_free);
  g_clear_pointer (&self->masked_phone, g_free);
  g_clear_pointer (&self->slip, lt_ticket_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), LK_TYPE_RECEIPT_PAGE);
  lk_widget_unparent_children (GTK_WIDGET (object));
  G_OBJECT_CLASS (lk_receipt_page_parent_class)->dispose (object);
}

static void
lk_receipt_page_class_init (LkReceiptPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lk_receipt_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/laiting/Kiosk/lk-receipt-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LkReceiptPage, number_label);
  gtk_widget_class_bind_template_child (widget_class, LkReceiptPage, sms_label);
  gtk_widget_class_bind_template_child (widget_class, LkReceiptPage, lookup_label);
  gtk_widget_class_bind_template_child (widget_class, LkReceiptPage, print_button);
  gtk_widget_class_bind_template_child (widget_class, LkReceiptPage, countdown_label);
  gtk_widget_class_bind_template_callback (widget_class, again_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, print_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lk_receipt_page_init (LkReceiptPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
