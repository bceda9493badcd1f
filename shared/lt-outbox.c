/* lt-outbox.c — an outbox message as a value. The store side is in
 * lt-store-outbox.c. */

#define G_LOG_DOMAIN "lt-outbox"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lt-outbox.h"

G_DEFINE_BOXED_TYPE (LtOutboxMessage, lt_outbox_message, lt_outbox_message_copy, lt_outbox_message_free)

static const char *const state_names[] = { "queued", "sending", "sent", "failed" };

void
lt_outbox_message_free (LtOutboxMessage *self)
{
  if (self == NULL)
    return;
  g_free (self->receipt);
  g_free (self->phone);
  g_free (self->kind);
  g_free (self->body);
  g_free (self->last_error);
  g_free (self->lease_holder);
  g_free (self);
}

LtOutboxMessage *
lt_outbox_message_copy (const LtOutboxMessage *self)
{
  LtOutboxMessage *copy = g_memdup2 (self, sizeof *self);

  copy->receipt = g_strdup (self->receipt);
  copy->phone = g_strdup (self->phone);
  copy->kind = g_strdup (self->kind);
  copy->body = g_strdup (self->body);
  copy->last_error = g_strdup (self->last_error);
  copy->lease_holder = g_strdup (self->lease_holder);
  return copy;
}

const char *
lt_outbox_state_to_string (LtOutboxState state)
{
  g_return_val_if_fail (state < G_N_ELEMENTS (state_names), NULL);
  return state_names[state];
}

gboolean
lt_outbox_state_from_string (const char *s, LtOutboxState *out)
{
  for (guint i = 0; s != NULL && i < G_N_ELEMENTS (state_names); i++)
    if (g_str_equal (s, state_names[i]))
      {
        *out = (LtOutboxState) i;
        return TRUE;
      }
  return FALSE;
}

const char *
lt_outbox_delivery_to_string (LtOutboxDelivery delivery)
{
  switch (delivery)
    {
    case LT_OUTBOX_DELIVERY_DELIVERED: return "delivered";
    case LT_OUTBOX_DELIVERY_FAILED:    return "failed";
    default:                           return NULL;
    }
}

const char *
lt_outbox_delivery_label (LtOutboxDelivery delivery)
{
  switch (delivery)
    {
    case LT_OUTBOX_DELIVERY_DELIVERED: return _("已送达");
    case LT_OUTBOX_DELIVERY_FAILED:    return _("未送达");
    default:                           return NULL;
    }
}
