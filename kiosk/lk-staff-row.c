/* lk-staff-row.c — one ticket in the staff list; see lk-staff-row.h.
 *
 * The row's accessible name starts with the grouped receipt number and
 * carries the same words as its badges, so a screen reader (and the tests)
 * hear 超期 and 重新办理 as well as see them. */

#define G_LOG_DOMAIN "lk-staff-row"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lk-staff-row.h"
#include "lt-receipt.h"
#include "lt-time.h"

/* Enough of the description to recognise the ticket on one line. */
#define EXCERPT_CHARS 40

struct _LkStaffRow
{
  GtkButton  parent_instance;
  char      *receipt;
};

G_DEFINE_FINAL_TYPE (LkStaffRow, lk_staff_row, GTK_TYPE_BUTTON)

const char *
lk_staff_category_name (LtConfig *config, const char *code)
{
  const LtCategory *category = lt_config_find_category (config, code);

  return category ? category->name : code;
}

static GtkWidget *
add_label (GtkWidget *box, const char *text, const char *css_class, float xalign)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  if (css_class)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (GTK_BOX (box), label);
  return label;
}

static GtkWidget *
add_badge (GtkWidget *box, const char *text, const char *css_class)
{
  GtkWidget *label = add_label (box, text, "lk-badge", 0.5);

  gtk_widget_add_css_class (label, css_class);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  return label;
}

static char *
excerpt (const char *text)
{
  g_autofree char *one_line = g_strdup (text ? text : "");
  g_autofree char *head = NULL;

  g_strdelimit (one_line, "\r\n\t", ' ');
  if (g_utf8_strlen (one_line, -1) <= EXCERPT_CHARS)
    return g_steal_pointer (&one_line);
  head = g_utf8_substring (one_line, 0, EXCERPT_CHARS);
  return g_strconcat (head, "…", NULL);
}

/* What the officer has said: acknowledged or not, and the last progress. */
static char *
officer_line (const LtTicket *t)
{
  const LtEvent *ack = lt_ticket_last_event (t, "acknowledged");
  const LtEvent *progress = lt_ticket_last_event (t, "progress");
  const LtEvent *returned = lt_ticket_last_event (t, "returned");
  g_autoptr(GString) line = g_string_new (NULL);

  if (t->returned_at != 0 && t->status == LT_STATUS_RECEIVED && returned != NULL)
    {
      /* TRANSLATORS: the officer who sent a ticket back, and their reason */
      g_string_append_printf (line, _("经办人 %s 退回：%s"), t->officer,
                              returned->note ? returned->note : "");
      return g_string_free (g_steal_pointer (&line), FALSE);
    }
  if (ack != NULL)
    {
      g_autofree char *when = lt_time_format (ack->at, _("%m-%d %H:%M"));

      /* TRANSLATORS: the officer, and when they texted 收到 */
      g_string_append_printf (line, _("经办人 %s · %s 已收到"), t->officer, when);
    }
  else
    /* TRANSLATORS: the officer has not texted 收到 yet */
    g_string_append_printf (line, _("经办人 %s · 未确认收到"), t->officer);
  if (progress != NULL && progress->note != NULL)
    {
      g_autofree char *when = lt_time_format (progress->at, _("%m-%d %H:%M"));

      /* TRANSLATORS: the officer's last progress note and its time */
      g_string_append_printf (line, _(" · 进展：%s（%s）"), progress->note, when);
    }
  return g_string_free (g_steal_pointer (&line), FALSE);
}

static void
build (LkStaffRow *self, LtConfig *config, const LtTicket *ticket, gint64 now)
{
  g_autofree char *grouped = lt_receipt_format (ticket->receipt);
  g_autofree char *when = lt_time_format (ticket->created_at, _("%m-%d %H:%M"));
  g_autofree char *summary = NULL;
  g_autofree char *short_text = excerpt (ticket->text);
  g_autoptr(GString) name = g_string_new (grouped);
  const char *category = lk_staff_category_name (config, ticket->category);
  const char *status = lt_ticket_status_label (ticket->status);
  gboolean overdue = lt_ticket_is_overdue (ticket, now);
  gboolean reopened = ticket->status == LT_STATUS_REOPENED;
  GtkWidget *outer, *left, *middle, *badges, *label;

  outer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  gtk_button_set_child (GTK_BUTTON (self), outer);

  left = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_valign (left, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (outer), left);
  add_label (left, grouped, "lk-staff-receipt", 0);
  add_label (left, when, "lk-staff-meta", 0);

  middle = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_hexpand (middle, TRUE);
  gtk_widget_set_valign (middle, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (outer), middle);
  if (ticket->assignee && ticket->status != LT_STATUS_CLOSED)
    /* TRANSLATORS: category · status · the department that has it */
    summary = g_strdup_printf (_("%s · %s · %s"), category, status, ticket->assignee);
  else
    summary = g_strdup_printf (_("%s · %s"), category, status);
  add_label (middle, summary, "lk-staff-summary", 0);
  if (ticket->officer != NULL && lt_ticket_is_open (ticket))
    {
      g_autofree char *follow = officer_line (ticket);

      /* A long progress note must not widen the list past the screen. */
      label = add_label (middle, follow, "lk-staff-meta", 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      g_string_append_printf (name, _("，%s"), follow);
    }
  label = add_label (middle, short_text, "lk-staff-excerpt", 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);

  badges = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_valign (badges, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (outer), badges);

  g_string_append_printf (name, _("，%s，%s"), category, status);
  if (ticket->returned_at != 0 && ticket->status == LT_STATUS_RECEIVED)
    {
      add_badge (badges, _("经办人退回"), "lk-badge-reopened");
      g_string_append (name, _("，经办人退回"));
      gtk_widget_add_css_class (GTK_WIDGET (self), "lk-staff-row-reopened");
    }
  if (reopened)
    {
      /* The status already says 重新办理; the badge makes it stand out. */
      add_badge (badges, _("居民不满意"), "lk-badge-reopened");
      g_string_append (name, _("，居民不满意"));
    }
  if (overdue)
    {
      /* Whole days past due, counting a started day: "超期 1 天" the
       * moment it is late. */
      guint days = lt_days_overdue (ticket->due_at, now);
      g_autofree char *late = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "超期 %u 天",
                                                            "超期 %u 天", days), days);

      add_badge (badges, late, "lk-badge-overdue");
      g_string_append_printf (name, _("，%s"), late);
      gtk_widget_add_css_class (GTK_WIDGET (self), "lk-staff-row-overdue");
    }
  if (reopened)
    gtk_widget_add_css_class (GTK_WIDGET (self), "lk-staff-row-reopened");

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name->str, -1);
}

static void
lk_staff_row_finalize (GObject *object)
{
  LkStaffRow *self = LK_STAFF_ROW (object);

  g_free (self->receipt);
  G_OBJECT_CLASS (lk_staff_row_parent_class)->finalize (object);
}

static void
lk_staff_row_class_init (LkStaffRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lk_staff_row_finalize;
}

static void
lk_staff_row_init (LkStaffRow *self)
{
  gtk_widget_add_css_class (GTK_WIDGET (self), "lk-staff-row");
}

GtkWidget *
lk_staff_row_new (LtConfig *config, const LtTicket *ticket, gint64 now)
{
  LkStaffRow *self;

  g_return_val_if_fail (LT_IS_CONFIG (config), NULL);
  g_return_val_if_fail (ticket != NULL, NULL);

  self = g_object_new (LK_TYPE_STAFF_ROW, NULL);
  self->receipt = g_strdup (ticket->receipt);
  build (self, config, ticket, now);
  return GTK_WIDGET (self);
}

const char *
lk_staff_row_get_receipt (LkStaffRow *self)
{
  g_return_val_if_fail (LK_IS_STAFF_ROW (self), NULL);
  return self->receipt;
}
