/* lk-lookup-page.c — receipt number entry; see lk-lookup-page.h.
 *
 * The check digit is tested on entry, not by the store: a mistyped digit
 * gets "one digit is wrong" rather than "not found", which an older
 * resident would read as "my report is lost". Lookups run in the store's
 * worker thread. */

#define G_LOG_DOMAIN "lk-lookup-page"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "lk-lookup-page.h"
#include "lk-hall.h"
#include "lk-keypad.h"
#include "lk-page.h"
#include "lk-status-page.h"
#include "lk-window.h"
#include "lt-receipt.h"

struct _LkLookupPage
{
  GtkWidget     parent_instance;
  GtkWidget    *body;
  GtkWidget    *display;
  GtkWidget    *hint;
  GtkWidget    *search_button;
  char          digits[LT_RECEIPT_LEN + 1];
  GCancellable *cancellable;
};

static void lk_lookup_page_page_init (LkPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LkLookupPage, lk_lookup_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (LK_TYPE_PAGE, lk_lookup_page_page_init))

static void
set_hint (LkLookupPage *self, const char *text, gboolean is_error)
{
  gtk_label_set_text (GTK_LABEL (self->hint), text);
  if (is_error)
    {
      gtk_widget_remove_css_class (self->hint, "lk-hint");
      gtk_widget_add_css_class (self->hint, "lk-error");
    }
  else
    {
      gtk_widget_remove_css_class (self->hint, "lk-error");
      gtk_widget_add_css_class (self->hint, "lk-hint");
    }
}

static void
refresh (LkLookupPage *self)
{
  GString *shown = g_string_new (NULL);
  gsize len = strlen (self->digits);
  char receipt[LT_RECEIPT_LEN + 1];
  gboolean valid = FALSE;

  for (gsize i = 0; i < LT_RECEIPT_LEN; i++)
    {
      if (i == 3 || i == 6)
        g_string_append_c (shown, ' ');
      g_string_append_c (shown, i < len ? self->digits[i] : '_');
    }
  gtk_label_set_text (GTK_LABEL (self->display), shown->str);
  g_string_free (shown, TRUE);
  {
    /* Read digit by digit in its groups, not as one large number. */
    g_autofree char *spoken = lk_speech_spell_receipt (self->digits);

    gtk_accessible_update_property (GTK_ACCESSIBLE (self->display),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    *spoken ? spoken : _("还没有输入"), -1);
  }

  if (len == LT_RECEIPT_LEN)
    {
      g_autoptr(GError) error = NULL;

      valid = lt_receipt_parse (self->digits, receipt, &error);
      if (valid)
        set_hint (self, _("号码输好了，请点查询"), FALSE);
      else
        set_hint (self, _("这个号码有一位不对，请对照回执再看一下，按删除修改"), TRUE);
    }
  else
    {
      g_autofree char *left =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "还差 %u 位数字", "还差 %u 位数字",
                                      (guint) (LT_RECEIPT_LEN - len)),
                         (guint) (LT_RECEIPT_LEN - len));
      set_hint (self, left, FALSE);
    }
  gtk_widget_set_sensitive (self->search_button, valid);
}

static void
digit_cb (LkLookupPage *self, int digit)
{
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));
  gsize len = strlen (self->digits);

  if (len >= LT_RECEIPT_LEN)
    return;
  self->digits[len] = (char) ('0' + digit);
  self->digits[len + 1] = '\0';
  refresh (self);
  if (window == NULL)
    return;
  /* Each key is echoed, so a resident who cannot see the display hears
   * what was typed; the last one brings the verdict. */
  if (len + 1 == LT_RECEIPT_LEN)
    {
      g_autofree char *said = g_strconcat (lk_speech_digit ((char) ('0' + digit)),
                                           C_("spoken pause", "，"),
                                           gtk_label_get_text (GTK_LABEL (self->hint)), NULL);

      lk_window_say (window, said);
    }
  else
    lk_window_say (window, lk_speech_digit ((char) ('0' + digit)));
}

static void
delete_cb (LkLookupPage *self)
{
  gsize len = strlen (self->digits);

  if (len > 0)
    self->digits[len - 1] = '\0';
  refresh (self);
}

static void
looked_up_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(LkLookupPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *hall_sentence = NULL;
  g_autoptr(LtTicket) ticket = LT_IS_SPOOL (source)
    ? lk_hall_lookup_finish (LT_SPOOL (source), result, &hall_sentence, &error)
    : lt_store_get_finish (LT_STORE (source), result, &error);
  LkWindow *window;
  const char *sentence;

  if (ticket == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  window = lk_window_from_widget (GTK_WIDGET (self));
  gtk_widget_set_sensitive (self->search_button, TRUE);
  if (window == NULL)
    return;
  if (ticket != NULL)
    {
      lk_status_page_set_ticket (LK_STATUS_PAGE (lk_window_get_page (window, "status")), ticket);
      lk_window_go (window, "status");
      return;
    }
  if (hall_sentence != NULL)
    sentence = hall_sentence;
  else if (g_error_matches (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND))
    sentence = _("没有找到这个号码。请核对回执上的号码，或请工作人员帮忙。");
  else
    {
      g_message ("lookup failed: %s", error->message);
      sentence = _("暂时查不到，请稍后再试，或请工作人员帮忙。");
    }
  set_hint (self, sentence, TRUE);
  lk_window_say (window, sentence);
}

static void
search_clicked_cb (LkLookupPage *self)
{
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));
  g_autoptr(GError) error = NULL;
  char receipt[LT_RECEIPT_LEN + 1];
  LtStore *store;

  if (window == NULL || !lt_receipt_parse (self->digits, receipt, NULL))
    return;
  store = lk_hall_for_widget (GTK_WIDGET (self)) ? NULL : lk_window_get_store (window, &error);
  if (store == NULL && lk_hall_for_widget (GTK_WIDGET (self)) == NULL)
    {
      g_message ("lookup: %s", error->message);
      set_hint (self, _("暂时查不到，请稍后再试，或请工作人员帮忙。"), TRUE);
      return;
    }
  gtk_widget_set_sensitive (self->search_button, FALSE);
  set_hint (self, _("正在查询，请稍等……"), FALSE);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (store == NULL)
    lk_hall_lookup_async (lk_hall_for_widget (GTK_WIDGET (self)), receipt, self->cancellable,
                          looked_up_cb, g_object_ref (self));
  else
    lt_store_get_async (store, receipt, self->cancellable, looked_up_cb, g_object_ref (self));
}

static void
lk_lookup_page_enter (LkPage *page)
{
  refresh (LK_LOOKUP_PAGE (page));
}

static void
lk_lookup_page_reset (LkPage *page)
{
  LkLookupPage *self = LK_LOOKUP_PAGE (page);

  g_cancellable_cancel (self->cancellable);
  memset (self->digits, 0, sizeof self->digits);
  refresh (self);
}

static char *
lk_lookup_page_prompt (LkPage *page)
{
  return g_strdup (_("请输入回执上的九位号码，输好后点查询。"));
}

static void
lk_lookup_page_set_portrait (LkPage *page, gboolean portrait)
{
  LkLookupPage *self = LK_LOOKUP_PAGE (page);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->body),
                                  portrait ? GTK_ORIENTATION_VERTICAL
                                           : GTK_ORIENTATION_HORIZONTAL);
}

static void
lk_lookup_page_page_init (LkPageInterface *iface)
{
  iface->enter = lk_lookup_page_enter;
  iface->reset = lk_lookup_page_reset;
  iface->prompt = lk_lookup_page_prompt;
  iface->set_portrait = lk_lookup_page_set_portrait;
}

static void
lk_lookup_page_dispose (GObject *object)
{
  LkLookupPage *self = LK_LOOKUP_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), LK_TYPE_LOOKUP_PAGE);
  lk_widget_unparent_children (GTK_WIDGET (object));
  G_OBJECT_CLASS (lk_lookup_page_parent_class)->dispose (object);
}

static void
lk_lookup_page_class_init (LkLookupPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lk_lookup_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/laiting/Kiosk/lk-lookup-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LkLookupPage, body);
  gtk_widget_class_bind_template_child (widget_class, LkLookupPage, display);
  gtk_widget_class_bind_template_child (widget_class, LkLookupPage, hint);
  gtk_widget_class_bind_template_child (widget_class, LkLookupPage, search_button);
  gtk_widget_class_bind_template_callback (widget_class, digit_cb);
  gtk_widget_class_bind_template_callback (widget_class, delete_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lk_lookup_page_init (LkLookupPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  refresh (self);
}
