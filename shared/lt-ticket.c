/* lt-ticket.c — tickets as values, and the state machine every caller obeys.
 *
 * received ──transfer──► transferred ──close──► closed ──reopen──► reopened
 *     │                    ▲   │                                  │   │
 *     └───────close────────┼───┘◄──────────transfer───────────────┘   │
 *                          └──────────────(transfer again)            │
 *                                               closed ◄──close───────┘
 *
 * A closed ticket can only be reopened; an open one can be transferred (again)
 * or closed; reopening an open ticket makes no sense and is refused. */

#define G_LOG_DOMAIN "lt-ticket"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lt-ticket.h"

G_DEFINE_QUARK (lt-ticket-error-quark, lt_ticket_error)
G_DEFINE_BOXED_TYPE (LtTicket, lt_ticket, lt_ticket_copy, lt_ticket_free)

LtEvent *
lt_event_new (gint64 at, const char *kind, const char *actor, const char *note)
{
  LtEvent *self = g_new0 (LtEvent, 1);

  self->at = at;
  self->kind = g_strdup (kind);
  self->actor = g_strdup (actor);
  self->note = g_strdup (note);
  return self;
}

void
lt_event_free (LtEvent *self)
{
  if (self == NULL)
    return;
  g_free (self->kind);
  g_free (self->actor);
  g_free (self->note);
  g_free (self);
}

static gpointer
event_copy (gconstpointer src, gpointer unused)
{
  const LtEvent *e = src;

  return lt_event_new (e->at, e->kind, e->actor, e->note);
}

LtTicket *
lt_ticket_copy (const LtTicket *self)
{
  LtTicket *copy = g_memdup2 (self, sizeof *self);

  copy->receipt = g_strdup (self->receipt);
  copy->category = g_strdup (self->category);
  copy->text = g_strdup (self->text);
  copy->location = g_strdup (self->location);
  copy->phone = g_strdup (self->phone);
  copy->assignee = g_strdup (self->assignee);
  copy->events = self->events
    ? g_ptr_array_copy (self->events, event_copy, NULL)
    : g_ptr_array_new ();
  g_ptr_array_set_free_func (copy->events, (GDestroyNotify) lt_event_free);
  return copy;
}

void
lt_ticket_free (LtTicket *self)
{
  if (self == NULL)
    return;
  g_free (self->receipt);
  g_free (self->category);
  g_free (self->text);
  g_free (self->location);
  g_free (self->phone);
  g_free (self->assignee);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_free (self);
}

gboolean
lt_ticket_is_open (const LtTicket *self)
{
  return self->status != LT_STATUS_CLOSED;
}

gboolean
lt_ticket_is_overdue (const LtTicket *self, gint64 now)
{
  return lt_ticket_is_open (self) && self->due_at < now;
}

gboolean
lt_ticket_check_action (LtTicketStatus status, LtTicketAction action, GError **error)
{
  gboolean closed = status == LT_STATUS_CLOSED;

  switch (action)
    {
    case LT_ACTION_TRANSFER:
      if (!closed)
        return TRUE;
      g_set_error_literal (error, LT_TICKET_ERROR, LT_TICKET_ERROR_ILLEGAL,
                           _("这件工单已办结，不能再转办；如需继续处理，请先重新办理。"));
      return FALSE;
    case LT_ACTION_CLOSE:
      if (!closed)
        return TRUE;
      g_set_error_literal (error, LT_TICKET_ERROR, LT_TICKET_ERROR_ILLEGAL,
                           _("这件工单已经办结，不能重复办结。"));
      return FALSE;
    case LT_ACTION_REOPEN:
      if (closed)
        return TRUE;
      g_set_error_literal (error, LT_TICKET_ERROR, LT_TICKET_ERROR_ILLEGAL,
                           _("这件工单还在办理中，不需要重新办理。"));
      return FALSE;
    default:
      g_assert_not_reached ();
    }
}

LtTicketStatus
lt_ticket_status_after (LtTicketAction action)
{
  switch (action)
    {
    case LT_ACTION_TRANSFER: return LT_STATUS_TRANSFERRED;
    case LT_ACTION_CLOSE:    return LT_STATUS_CLOSED;
    case LT_ACTION_REOPEN:   return LT_STATUS_REOPENED;
    default:                 g_assert_not_reached ();
    }
}

static const char *const status_names[] = { "received", "transferred", "closed", "reopened" };
static const char *const channel_names[] = { "kiosk", "sms", "staff", "platform" };

const char *
lt_ticket_status_to_string (LtTicketStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (status_names), NULL);
  return status_names[status];
}

static gboolean
index_of (const char *const *names, guint n, const char *s, guint *out)
{
  for (guint i = 0; s != NULL && i < n; i++)
    if (g_ascii_strcasecmp (names[i], s) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
lt_ticket_status_from_string (const char *s, LtTicketStatus *out)
{
  guint i;

  if (!index_of (status_names, G_N_ELEMENTS (status_names), s, &i))
    return FALSE;
  *out = (LtTicketStatus) i;
  return TRUE;
}

const char *
lt_ticket_status_label (LtTicketStatus status)
{
  switch (status)
    {
    case LT_STATUS_RECEIVED:    return _("已受理");
    case LT_STATUS_TRANSFERRED: return _("已转办");
    case LT_STATUS_CLOSED:      return _("已办结");
    case LT_STATUS_REOPENED:    return _("重新办理");
    default:                    g_return_val_if_reached ("?");
    }
}

const char *
lt_channel_to_string (LtChannel channel)
{
  g_return_val_if_fail (channel < G_N_ELEMENTS (channel_names), NULL);
  return channel_names[channel];
}

gboolean
lt_channel_from_string (const char *s, LtChannel *out)
{
  guint i;

  if (!index_of (channel_names, G_N_ELEMENTS (channel_names), s, &i))
    return FALSE;
  *out = (LtChannel) i;
  return TRUE;
}

const char *
lt_channel_label (LtChannel channel)
{
  switch (channel)
    {
    case LT_CHANNEL_KIOSK: return _("自助机");
    case LT_CHANNEL_SMS:   return _("短信");
    case LT_CHANNEL_STAFF: return _("窗口登记");
    case LT_CHANNEL_PLATFORM: return _("市民热线平台");
    default:               g_return_val_if_reached ("?");
    }
}

const char *
lt_event_kind_label (const char *kind)
{
  static const struct { const char *kind; const char *label; } labels[] = {
    { "created",     N_("已受理") },
    { "transferred", N_("已转办") },
    { "note",        N_("备注") },
    { "closed",      N_("已办结") },
    { "reopened",    N_("重新办理") },
    { "rated",       N_("评价") },
    { "appended",    N_("补充内容") },
    { "delivered",   N_("已送达") },
    { "undelivered", N_("未送达") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (labels[i].kind, kind) == 0)
      return _(labels[i].label);
  return kind;
}
