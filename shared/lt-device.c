/* lt-device.c — a device of the hub as a value, and its role names. The
 * store side is in lt-store-devices.c. */

#define G_LOG_DOMAIN "lt-device"

#include "config.h"

#include "lt-device.h"

G_DEFINE_BOXED_TYPE (LtDevice, lt_device, lt_device_copy, lt_device_free)

static const char *const role_names[] = { "kiosk", "gateway", "staff", "office", "open311" };

void
lt_device_free (LtDevice *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->department);
  g_free (self->last_seen_from);
  g_free (self);
}

LtDevice *
lt_device_copy (const LtDevice *self)
{
  LtDevice *copy = g_memdup2 (self, sizeof *self);

  copy->name = g_strdup (self->name);
  copy->department = g_strdup (self->department);
  copy->last_seen_from = g_strdup (self->last_seen_from);
  return copy;
}

const char *
lt_role_to_string (LtRole role)
{
  g_return_val_if_fail ((guint) role < G_N_ELEMENTS (role_names), NULL);
  return role_names[role];
}

gboolean
lt_role_from_string (const char *s, LtRole *out)
{
  for (guint i = 0; s != NULL && i < G_N_ELEMENTS (role_names); i++)
    if (g_str_equal (s, role_names[i]))
      {
        *out = (LtRole) i;
        return TRUE;
      }
  return FALSE;
}
