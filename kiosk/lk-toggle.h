/* lk-toggle.h — a button that is tapped to choose and tapped again to
 * clear, and says so to a screen reader.
 *
 * GTK 4.8 exposes a GtkToggleButton as a plain push button that is
 * "pressed", which sounds just like the buttons that move to another
 * screen. These toggles take the check box role and keep its checked state
 * in step with the button, so a reader says "复选框，已选中". */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A new toggle labelled @label. */
GtkWidget *lk_toggle_new    (const char *label);
/* Gives @button (built elsewhere, e.g. in a template with the "checkbox"
 * accessible role) the checked state that follows it. */
void       lk_toggle_attach (GtkToggleButton *button);

G_END_DECLS
