/* lk-phone-page.c — the phone number keypad; see lk-phone-page.h.
 *
 * The digits live in the draft, so 返回 and 修改 bring them back. The
 * display shows blanks for the digits still to come: a resident can see at
 * a glance whether a digit is missing. */

#define G_LOG_DOMAIN "lk-phone-page"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "lk-phone-page.h"
#include "lk-keypad.h"
#include "lk-page.h"
#include "lk-window.h"

struct _LkPhonePage
{
  GtkWidget  parent_instance;
  GtkWidget *body;
  GtkWidget *display;
  GtkWidget *hint;
  GtkWidget *keypad;
  GtkWidget *next_button;
};

static void lk_phone_page_page_init (LkPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LkPhonePage, lk_phone_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (LK_TYPE_PAGE, lk_phone_page_page_init))

char *
lk_phone_page_format (const char *digits)
{
  GString *out = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < LT_PHONE_LEN; i++)
    {
      if (i == 3 || i == 7)
        g_string_append_c (out, ' ');
      g_string_append_c (out, i < len ? digits[i] : '_');
    }
  return g_string_free (out, FALSE);
}

static LkDraft *
get_draft (LkPhonePage *self)
{
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));

  return window ? lk_window_get_draft (window) : NULL;
}

static void
refresh (LkPhonePage *self)
{
  LkDraft *draft = get_draft (self);
  const char *digits = draft ? draft->phone : "";
  g_autofree char *shown = lk_phone_page_format (digits);
  g_autofree char *spoken = NULL;
  gsize len = strlen (digits);
  gboolean valid = draft && lk_draft_phone_valid (draft, NULL);

  gtk_label_set_text (GTK_LABEL (self->display), shown);
  /* Read digit by digit in its groups, not as one large number. */
  spoken = lk_speech_spell_phone (digits);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->display),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  *spoken ? spoken : _("还没有输入"), -1);
  gtk_widget_set_sensitive (self->next_button, valid);
  gtk_widget_remove_css_class (self->hint, "lk-error");
  gtk_widget_add_css_class (self->hint, "lk-hint");
  if (valid)
    gtk_label_set_text (GTK_LABEL (self->hint), _("号码输好了，请点下一步"));
  else if (len == LT_PHONE_LEN)
    {
      gtk_label_set_text (GTK_LABEL (self->hint),
                          _("这好像不是手机号码，请按删除改一下"));
      gtk_widget_remove_css_class (self->hint, "lk-hint");
      gtk_widget_add_css_class (self->hint, "lk-error");
    }
  else
    {
      g_autofree char *left =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "还差 %u 位数字", "还差 %u 位数字",
                                      (guint) (LT_PHONE_LEN - len)),
                         (guint) (LT_PHONE_LEN - len));
      gtk_label_set_text (GTK_LABEL (self->hint), left);
    }
}

static void
digit_cb (LkPhonePage *self, int digit)
{
  LkDraft *draft = get_draft (self);
  gsize len;

  if (draft == NULL)
    return;
  len = strlen (draft->phone);
  if (len >= LT_PHONE_LEN)
    return;
  draft->phone[len] = (char) ('0' + digit);
  draft->phone[len + 1] = '\0';
  draft->no_phone = FALSE;
  refresh (self);
  /* Each key is echoed: a resident who cannot see the display hears it. */
  lk_window_say (lk_window_from_widget (GTK_WIDGET (self)), lk_speech_digit ((char) ('0' + digit)));
}

static void
delete_cb (LkPhonePage *self)
{
  LkDraft *draft = get_draft (self);
  gsize len;

  if (draft == NULL)
    return;
  len = strlen (draft->phone);
  if (len > 0)
    draft->phone[len - 1] = '\0';
  refresh (self);
}

static void
next_clicked_cb (LkPhonePage *self)
{
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));
  LkDraft *draft = lk_window_get_draft (window);

  if (!lk_draft_phone_valid (draft, NULL))
    return;
  draft->no_phone = FALSE;
  lk_window_go (window, "confirm");
}

static void
no_phone_clicked_cb (LkPhonePage *self)
{
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));
  LkDraft *draft = lk_window_get_draft (window);

  memset (draft->phone, 0, sizeof draft->phone);
  draft->no_phone = TRUE;
  refresh (self);
  lk_window_go (window, "confirm");
}

static void
lk_phone_page_enter (LkPage *page)
{
  refresh (LK_PHONE_PAGE (page));
}

static void
lk_phone_page_reset (LkPage *page)
{
  LkPhonePage *self = LK_PHONE_PAGE (page);
  g_autofree char *blank = lk_phone_page_format ("");

  gtk_label_set_text (GTK_LABEL (self->display), blank);
  gtk_widget_set_sensitive (self->next_button, FALSE);
}

static char *
lk_phone_page_prompt (LkPage *page)
{
  return g_strdup (_("请输入您的手机号码，我们会把回执号发短信给您。不想留，请点不留电话。"));
}

static void
lk_phone_page_set_portrait (LkPage *page, gboolean portrait)
{
  LkPhonePage *self = LK_PHONE_PAGE (page);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->body),
                                  portrait ? GTK_ORIENTATION_VERTICAL
                                           : GTK_ORIENTATION_HORIZONTAL);
}

static void
lk_phone_page_page_init (LkPageInterface *iface)
{
  iface->enter = lk_phone_page_enter;
  iface->reset = lk_phone_page_reset;
  iface->prompt = lk_phone_page_prompt;
  iface->set_portrait = lk_phone_page_set_portrait;
}

static void
lk_phone_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LK_TYPE_PHONE_PAGE);
  lk_widget_unparent_children (GTK_WIDGET (object));
  G_OBJECT_CLASS (lk_phone_page_parent_class)->dispose (object);
}

static void
lk_phone_page_class_init (LkPhonePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lk_phone_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/laiting/Kiosk/lk-phone-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LkPhonePage, body);
  gtk_widget_class_bind_template_child (widget_class, LkPhonePage, display);
  gtk_widget_class_bind_template_child (widget_class, LkPhonePage, hint);
  gtk_widget_class_bind_template_child (widget_class, LkPhonePage, keypad);
  gtk_widget_class_bind_template_child (widget_class, LkPhonePage, next_button);
  gtk_widget_class_bind_template_callback (widget_class, digit_cb);
  gtk_widget_class_bind_template_callback (widget_class, delete_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, no_phone_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lk_phone_page_init (LkPhonePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  lk_phone_page_reset (LK_PAGE (self));
}
