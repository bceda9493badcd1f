/* lk-toggle.c — toggles a screen reader understands; see lk-toggle.h. */

#define G_LOG_DOMAIN "lk-toggle"

#include "config.h"

#include "lk-toggle.h"

static void
sync_checked (GtkToggleButton *button)
{
  gtk_accessible_update_state (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_STATE_CHECKED,
                               gtk_toggle_button_get_active (button), -1);
}

void
lk_toggle_attach (GtkToggleButton *button)
{
  g_return_if_fail (GTK_IS_TOGGLE_BUTTON (button));
  g_signal_connect (button, "toggled", G_CALLBACK (sync_checked), NULL);
  sync_checked (button);
}

GtkWidget *
lk_toggle_new (const char *label)
{
  GtkWidget *button = g_object_new (GTK_TYPE_TOGGLE_BUTTON,
                                    "label", label,
                                    "accessible-role", GTK_ACCESSIBLE_ROLE_CHECKBOX,
                                    NULL);

  lk_toggle_attach (GTK_TOGGLE_BUTTON (button));
  return button;
}
