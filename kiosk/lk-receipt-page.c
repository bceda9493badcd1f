/* lk-receipt-page.c — the receipt; see lk-receipt-page.h.
 *
 * The page keeps only the receipt number and the masked phone number, never
 * the description, and forgets both on reset. The countdown to home is
 * [kiosk] receipt-seconds (60). When [kiosk] receipt-printer is set a slip
 * is printed too, without waiting for the printer. */

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

struct _LkReceiptPage
{
  GtkWidget  parent_instance;
  GtkWidget *number_label;
  GtkWidget *sms_label;
  GtkWidget *countdown_label;
  char      *receipt;
  char      *masked_phone;   /* NULL without a mobile number */
  guint      remaining;
  guint      tick_id;
};

static void lk_receipt_page_page_init (LkPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LkReceiptPage, lk_receipt_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (LK_TYPE_PAGE, lk_receipt_page_page_init))

void
lk_receipt_page_set_ticket (LkReceiptPage *self, const LtTicket *ticket)
{
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));

  g_return_if_fail (LK_IS_RECEIPT_PAGE (self));
  g_free (self->receipt);
  self->receipt = g_strdup (ticket->receipt);
  g_clear_pointer (&self->masked_phone, g_free);
  if (ticket->phone && ticket->phone_is_mobile)
    self->masked_phone = lt_phone_mask (ticket->phone);
  if (window)
    lk_receipt_printer_print (lk_window_get_config (window), ticket);
}

const char *
lk_receipt_page_get_receipt (LkReceiptPage *self)
{
  g_return_val_if_fail (LK_IS_RECEIPT_PAGE (self), NULL);
  return self->receipt;
}

static void
show_remaining (LkReceiptPage *self)
{
  g_autofree char *text =
    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u 秒后回到首页", "%u 秒后回到首页",
                                  self->remaining),
                     self->remaining);

  gtk_label_set_text (GTK_LABEL (self->countdown_label), text);
}

/* The SMS line tells the truth: while the ticket waits in the spool for
 * the hub, the receipt SMS cannot have gone yet. Checked every second
 * while the screen is up. */
static void
show_sms (LkReceiptPage *self)
{
  const char *pending = self->masked_phone
                        ? lk_hall_sms_pending (lk_hall_for_widget (GTK_WIDGET (self)), self->receipt)
                        : NULL;
  g_autofree char *sms = NULL;

  if (pending)
    sms = g_strdup (pending);
  else if (self->masked_phone)
    sms = g_strdup_printf (_("短信已发送至 %s"), self->masked_phone);
  else
    sms = g_strdup (_("没有留电话，请把这个号码抄下来或拍照留存，凭它查询办理进度。"));
  if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (self->sms_label)), sms) != 0)
    gtk_label_set_text (GTK_LABEL (self->sms_label), sms);
}

static gboolean
tick_cb (gpointer user_data)
{
  LkReceiptPage *self = user_data;
  LkWindow *window;

  show_sms (self);

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
lk_receipt_page_enter (LkPage *page)
{
  LkReceiptPage *self = LK_RECEIPT_PAGE (page);
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));
  g_autofree char *grouped = NULL;

  if (window == NULL || self->receipt == NULL)
    return;
  grouped = lt_receipt_format (self->receipt);
  gtk_label_set_text (GTK_LABEL (self->number_label), grouped);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->number_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, grouped, -1);
  show_sms (self);

  self->remaining = (guint) lt_config_get_int (lk_window_get_config (window), "kiosk",
                                               "receipt-seconds", 60, 5);
  show_remaining (self);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
}

static void
lk_receipt_page_reset (LkPage *page)
{
  LkReceiptPage *self = LK_RECEIPT_PAGE (page);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_pointer (&self->receipt, g_free);
  g_clear_pointer (&self->masked_phone, g_free);
  gtk_label_set_text (GTK_LABEL (self->number_label), "");
  gtk_label_set_text (GTK_LABEL (self->sms_label), "");
}

static char *
lk_receipt_page_prompt (LkPage *page)
{
  LkReceiptPage *self = LK_RECEIPT_PAGE (page);
  g_autofree char *spelled = NULL;

  if (self->receipt == NULL)
    return NULL;
  spelled = lk_speech_spell_digits (self->receipt);
  if (self->masked_phone)
    return g_strdup_printf (_("提交成功。您的回执号是：%s。再说一遍：%s。回执号已经用短信发到您的手机。"),
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
}

static void
lk_receipt_page_dispose (GObject *object)
{
  LkReceiptPage *self = LK_RECEIPT_PAGE (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_pointer (&self->receipt, g_free);
  g_clear_pointer (&self->masked_phone, g_free);
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
  gtk_widget_class_bind_template_child (widget_class, LkReceiptPage, countdown_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lk_receipt_page_init (LkReceiptPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
