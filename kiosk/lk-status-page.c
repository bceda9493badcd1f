/* lk-status-page.c — a ticket's progress; see lk-status-page.h.
 *
 * The page copies out of the ticket only what may be shown: receipt,
 * category, status, the dates of the steps, the department it went to and
 * the closure note. */

#define G_LOG_DOMAIN "lk-status-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lk-status-page.h"
#include "lk-page.h"
#include "lk-window.h"
#include "lt-receipt.h"

struct _LkStatusPage
{
  GtkWidget  parent_instance;
  GtkWidget *receipt_label;
  GtkWidget *category_label;
  GtkWidget *steps;
  char      *spoken;
};

static void lk_status_page_page_init (LkPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LkStatusPage, lk_status_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (LK_TYPE_PAGE, lk_status_page_page_init))

static char *
format_day (gint64 at)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (at);

  /* TRANSLATORS: a date on the status screen, e.g. 11月21日 16:30 */
  return g_date_time_format (dt, _("%-m月%-d日 %H:%M"));
}

static const LtEvent *
last_event (const LtTicket *ticket, const char *kind)
{
  const LtEvent *found = NULL;

  for (guint i = 0; ticket->events && i < ticket->events->len; i++)
    {
      const LtEvent *event = g_ptr_array_index (ticket->events, i);

      if (g_str_equal (event->kind, kind))
        found = event;
    }
  return found;
}

static void
add_step (LkStatusPage *self, GString *spoken, const char *name,
          gint64 at, const char *detail)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *title;
  g_autofree char *heading = NULL;

  if (at > 0)
    {
      g_autofree char *day = format_day (at);
      g_autofree char *said = lk_speech_format_time (at);

      heading = g_strdup_printf ("✔ %s　%s", name, day);
      /* TRANSLATORS: a step of the status read aloud: its name, its time. */
      g_string_append_printf (spoken, _("%s，%s。"), name, said);
    }
  else
    heading = g_strdup_printf ("○ %s", name);
  title = gtk_label_new (heading);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, at > 0 ? "lk-step-done" : "lk-step-todo");
  gtk_box_append (GTK_BOX (row), title);
  if (detail != NULL)
    {
      GtkWidget *more = gtk_label_new (detail);

      gtk_label_set_xalign (GTK_LABEL (more), 0);
      gtk_label_set_wrap (GTK_LABEL (more), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (more), PANGO_WRAP_WORD_CHAR);
      gtk_widget_set_margin_start (more, 56);
      gtk_widget_add_css_class (more, "lk-step-detail");
      gtk_box_append (GTK_BOX (row), more);
      /* TRANSLATORS: one sentence of a read-out; "%s. " in English. */
      g_string_append_printf (spoken, C_("spoken sentence", "%s。"), detail);
    }
  gtk_box_append (GTK_BOX (self->steps), row);
}

static void
clear_steps (LkStatusPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->steps)))
    gtk_box_remove (GTK_BOX (self->steps), child);
}

void
lk_status_page_set_ticket (LkStatusPage *self, const LtTicket *ticket)
{
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));
  const LtCategory *category = NULL;
  const LtEvent *transferred = last_event (ticket, "transferred");
  const LtEvent *closed = last_event (ticket, "closed");
  const LtEvent *reopened = last_event (ticket, "reopened");
  g_autofree char *grouped = lt_receipt_format (ticket->receipt);
  g_autofree char *spelled = lk_speech_spell_receipt (ticket->receipt);
  g_autofree char *receipt_text = g_strdup_printf (_("回执号 %s"), grouped);
  g_autofree char *to = NULL;
  g_autoptr(GString) spoken = g_string_new (NULL);
  gboolean is_closed = ticket->status == LT_STATUS_CLOSED;

  g_return_if_fail (LK_IS_STATUS_PAGE (self));
  if (window)
    category = lt_config_find_category (lk_window_get_config (window), ticket->category);
  gtk_label_set_text (GTK_LABEL (self->receipt_label), receipt_text);
  gtk_label_set_text (GTK_LABEL (self->category_label), category ? category->name : "");
  g_string_append_printf (spoken, _("回执号 %s 的办理进度："), spelled);

  clear_steps (self);
  add_step (self, spoken, _("已受理"), ticket->created_at, NULL);
  if (ticket->assignee)
    to = g_strdup_printf (_("转给：%s"), ticket->assignee);
  add_step (self, spoken, _("已转办"), transferred ? transferred->at : 0, to);
  if (ticket->status == LT_STATUS_REOPENED && reopened)
    add_step (self, spoken, _("重新办理"), reopened->at, NULL);
  add_step (self, spoken, _("已办结"),
            is_closed && closed ? closed->at : 0,
            is_closed && closed && closed->note ? closed->note : NULL);
  if (!is_closed && ticket->due_at > 0)
    {
      g_autofree char *day = format_day (ticket->due_at);
      g_autofree char *due = g_strdup_printf (_("预计 %s 前办结"), day);
      GtkWidget *label = gtk_label_new (due);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "lk-hint");
      gtk_box_append (GTK_BOX (self->steps), label);
      {
        g_autofree char *said = lk_speech_format_time (ticket->due_at);
        g_autofree char *due_said = g_strdup_printf (_("预计 %s 前办结"), said);

        g_string_append_printf (spoken, C_("spoken sentence", "%s。"), due_said);
      }
    }
  g_free (self->spoken);
  self->spoken = g_string_free (g_steal_pointer (&spoken), FALSE);
}

static void
lk_status_page_reset (LkPage *page)
{
  LkStatusPage *self = LK_STATUS_PAGE (page);

  clear_steps (self);
  gtk_label_set_text (GTK_LABEL (self->receipt_label), "");
  gtk_label_set_text (GTK_LABEL (self->category_label), "");
  g_clear_pointer (&self->spoken, g_free);
}

static char *
lk_status_page_prompt (LkPage *page)
{
  return g_strdup (LK_STATUS_PAGE (page)->spoken);
}

static void
lk_status_page_page_init (LkPageInterface *iface)
{
  iface->reset = lk_status_page_reset;
  iface->prompt = lk_status_page_prompt;
}

static void
lk_status_page_dispose (GObject *object)
{
  LkStatusPage *self = LK_STATUS_PAGE (object);

  g_clear_pointer (&self->spoken, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), LK_TYPE_STATUS_PAGE);
  lk_widget_unparent_children (GTK_WIDGET (object));
  G_OBJECT_CLASS (lk_status_page_parent_class)->dispose (object);
}

static void
lk_status_page_class_init (LkStatusPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lk_status_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/laiting/Kiosk/lk-status-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LkStatusPage, receipt_label);
  gtk_widget_class_bind_template_child (widget_class, LkStatusPage, category_label);
  gtk_widget_class_bind_template_child (widget_class, LkStatusPage, steps);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lk_status_page_init (LkStatusPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
