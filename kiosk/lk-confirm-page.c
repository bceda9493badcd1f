/* lk-confirm-page.c — the summary and the submit; see lk-confirm-page.h.
 *
 * Submitting runs in the store's worker thread (lt_store_submit_async), so
 * the screen keeps drawing while SQLite waits on a lock. While it runs,
 * every button on the page is grey: a second tap must not file a second
 * ticket. The receipt screen is shown only with a ticket in hand, that is
 * after the commit. The store copies the submission, so the draft may be
 * wiped under it (idle timeout) without harm. */

#define G_LOG_DOMAIN "lk-confirm-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lk-confirm-page.h"
#include "lk-hall.h"
#include "lk-nav-bar.h"
#include "lk-page.h"
#include "lk-receipt-page.h"
#include "lk-window.h"

struct _LkConfirmPage
{
  GtkWidget     parent_instance;
  GtkWidget    *nav;
  GtkWidget    *category_value;
  GtkWidget    *text_value;
  GtkWidget    *location_value;
  GtkWidget    *phone_value;
  GtkWidget    *status_label;
  GtkWidget    *edit_button;
  GtkWidget    *submit_button;
  GtkWidget    *retry_button;
  GCancellable *cancellable;
  gboolean      busy;
};

static void lk_confirm_page_page_init (LkPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LkConfirmPage, lk_confirm_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (LK_TYPE_PAGE, lk_confirm_page_page_init))

char *
lk_confirm_page_explain (const GError *error)
{
  if (error != NULL && error->domain == LT_STORE_ERROR)
    switch ((LtStoreError) error->code)
      {
      case LT_STORE_ERROR_BUSY:
        return g_strdup (_("系统正忙，这次没有保存成功。您填的内容都还在，请点“再试一次”。"));
      case LT_STORE_ERROR_FULL:
        return g_strdup (_("机器的存储空间满了，这次没有保存成功。您填的内容都还在，请点“再试一次”或请工作人员帮忙。"));
      case LT_STORE_ERROR_IO:
      case LT_STORE_ERROR_NOT_LAITING:
      case LT_STORE_ERROR_TOO_NEW:
        return g_strdup (_("机器暂时无法保存您的反映。您填的内容都还在，请点“再试一次”或请工作人员帮忙。"));
      case LT_STORE_ERROR_EXHAUSTED:
        return g_strdup (_("这台机器的回执号已经用完，请工作人员帮忙。您填的内容都还在。"));
      default:
        break;
      }
  return g_strdup (_("这次没有保存成功。您填的内容都还在，请点“再试一次”。"));
}

static void
set_busy (LkConfirmPage *self, gboolean busy)
{
  self->busy = busy;
  lk_nav_bar_set_locked (LK_NAV_BAR (self->nav), busy);
  gtk_widget_set_sensitive (self->edit_button, !busy);
  gtk_widget_set_sensitive (self->submit_button, !busy);
  gtk_widget_set_sensitive (self->retry_button, !busy);
}

static void
show_status (LkConfirmPage *self, const char *text, gboolean is_error)
{
  gtk_label_set_text (GTK_LABEL (self->status_label), text ? text : "");
  gtk_widget_set_visible (self->status_label, text != NULL);
  if (is_error)
    {
      gtk_widget_add_css_class (self->status_label, "lk-error");
      gtk_widget_remove_css_class (self->status_label, "lk-hint");
    }
  else
    {
      gtk_widget_add_css_class (self->status_label, "lk-hint");
      gtk_widget_remove_css_class (self->status_label, "lk-error");
    }
}

static void
show_failure (LkConfirmPage *self, const GError *error)
{
  g_autofree char *sentence = lk_confirm_page_explain (error);
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));

  g_message ("submitting a report failed: %s", error ? error->message : "?");
  set_busy (self, FALSE);
  show_status (self, sentence, TRUE);
  gtk_widget_set_visible (self->submit_button, FALSE);
  gtk_widget_set_visible (self->retry_button, TRUE);
  if (window)
    lk_window_say (window, sentence);
}

static void
submitted_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(LkConfirmPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LtTicket) ticket = lt_store_submit_finish (LT_STORE (source), result, &error);
  LkWindow *window;

  if (ticket == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  window = lk_window_from_widget (GTK_WIDGET (self));
  if (ticket == NULL)
    {
      show_failure (self, error);
      return;
    }
  g_debug ("ticket %s filed", ticket->receipt);
  if (lk_hall_for_widget (GTK_WIDGET (self)))
    lt_spool_wake (lk_hall_for_widget (GTK_WIDGET (self)));
  set_busy (self, FALSE);
  if (window == NULL)
    return;
  /* Filed: nothing of it may be shown or filed again. */
  lk_draft_clear (lk_window_get_draft (window));
  lk_receipt_page_set_ticket (LK_RECEIPT_PAGE (lk_window_get_page (window, "receipt")), ticket);
  lk_window_forget_history (window);
  lk_window_go (window, "receipt");
  lk_window_forget_history (window);
}

static void
submit (LkConfirmPage *self)
{
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));
  LkDraft *draft;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  char phone[LT_PHONE_LEN + 1] = "";
  LtSubmission sub;
  LtStore *store;

  if (self->busy || window == NULL)
    return;
  draft = lk_window_get_draft (window);
  if (draft->category == NULL || !lk_draft_has_description (draft))
    return;
  lk_draft_to_submission (draft, &sub, &text, phone);

  set_busy (self, TRUE);
  show_status (self, _("正在提交，请稍等……"), FALSE);
  store = lk_window_get_store (window, &error);
  if (store == NULL)
    {
      show_failure (self, error);
      return;
    }
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  lt_store_submit_async (store, &sub, self->cancellable, submitted_cb, g_object_ref (self));
}

static void
submit_clicked_cb (LkConfirmPage *self)
{
  submit (self);
}

static void
edit_clicked_cb (LkConfirmPage *self)
{
  lk_window_back (lk_window_from_widget (GTK_WIDGET (self)));
}

static char *
phone_shown (const LkDraft *draft)
{
  char phone[LT_PHONE_LEN + 1];

  if (!draft->no_phone && lk_draft_phone_valid (draft, phone))
    return lt_phone_group (phone);
  return g_strdup (_("不留电话"));
}

static void
lk_confirm_page_enter (LkPage *page)
{
  LkConfirmPage *self = LK_CONFIRM_PAGE (page);
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));
  const LtCategory *category;
  LkDraft *draft;
  g_autofree char *text = NULL;
  g_autofree char *phone = NULL;

  if (window == NULL)
    return;
  draft = lk_window_get_draft (window);
  category = lt_config_find_category (lk_window_get_config (window), draft->category);
  text = lk_draft_describe (draft);
  phone = phone_shown (draft);
  gtk_label_set_text (GTK_LABEL (self->category_value), category ? category->name : "");
  gtk_label_set_text (GTK_LABEL (self->text_value), text);
  gtk_label_set_text (GTK_LABEL (self->location_value),
                      draft->location ? draft->location : _("未填写"));
  gtk_label_set_text (GTK_LABEL (self->phone_value), phone);
  if (!self->busy)
    {
      show_status (self, NULL, FALSE);
      gtk_widget_set_visible (self->submit_button, TRUE);
      gtk_widget_set_visible (self->retry_button, FALSE);
    }
}

static void
lk_confirm_page_reset (LkPage *page)
{
  LkConfirmPage *self = LK_CONFIRM_PAGE (page);

  gtk_label_set_text (GTK_LABEL (self->category_value), "");
  gtk_label_set_text (GTK_LABEL (self->text_value), "");
  gtk_label_set_text (GTK_LABEL (self->location_value), "");
  gtk_label_set_text (GTK_LABEL (self->phone_value), "");
  show_status (self, NULL, FALSE);
  gtk_widget_set_visible (self->submit_button, TRUE);
  gtk_widget_set_visible (self->retry_button, FALSE);
}

static char *
lk_confirm_page_prompt (LkPage *page)
{
  LkConfirmPage *self = LK_CONFIRM_PAGE (page);
  const char *phone = gtk_label_get_text (GTK_LABEL (self->phone_value));
  g_autofree char *spoken_phone = NULL;

  if (g_ascii_isdigit (phone[0]))
    spoken_phone = lk_speech_spell_phone (phone);
  return g_strdup_printf (_("请核对。类别：%s。问题：%s。地点：%s。电话：%s。没问题请点确认提交，要改请点修改。"),
                          gtk_label_get_text (GTK_LABEL (self->category_value)),
                          gtk_label_get_text (GTK_LABEL (self->text_value)),
                          gtk_label_get_text (GTK_LABEL (self->location_value)),
                          spoken_phone ? spoken_phone : phone);
}

static void
lk_confirm_page_page_init (LkPageInterface *iface)
{
  iface->enter = lk_confirm_page_enter;
  iface->reset = lk_confirm_page_reset;
  iface->prompt = lk_confirm_page_prompt;
}

static void
lk_confirm_page_dispose (GObject *object)
{
  LkConfirmPage *self = LK_CONFIRM_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), LK_TYPE_CONFIRM_PAGE);
  lk_widget_unparent_children (GTK_WIDGET (object));
  G_OBJECT_CLASS (lk_confirm_page_parent_class)->dispose (object);
}

static void
lk_confirm_page_class_init (LkConfirmPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lk_confirm_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/laiting/Kiosk/lk-confirm-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LkConfirmPage, nav);
  gtk_widget_class_bind_template_child (widget_class, LkConfirmPage, category_value);
  gtk_widget_class_bind_template_child (widget_class, LkConfirmPage, text_value);
  gtk_widget_class_bind_template_child (widget_class, LkConfirmPage, location_value);
  gtk_widget_class_bind_template_child (widget_class, LkConfirmPage, phone_value);
  gtk_widget_class_bind_template_child (widget_class, LkConfirmPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, LkConfirmPage, edit_button);
  gtk_widget_class_bind_template_child (widget_class, LkConfirmPage, submit_button);
  gtk_widget_class_bind_template_child (widget_class, LkConfirmPage, retry_button);
  gtk_widget_class_bind_template_callback (widget_class, submit_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, edit_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lk_confirm_page_init (LkConfirmPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
