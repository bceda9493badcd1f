/* lk-keypad.h — the big digit keypad shared by the phone, receipt-lookup
 * and PIN screens.
 *
 * Keys are named "0"…"9" and "删除" for screen readers and tests. The
 * keypad holds no number itself: it emits ::digit and ::delete and the
 * screen keeps (and shows) what was typed. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LK_TYPE_KEYPAD (lk_keypad_get_type ())
G_DECLARE_FINAL_TYPE (LkKeypad, lk_keypad, LK, KEYPAD, GtkWidget)

GtkWidget *lk_keypad_new (void);

G_END_DECLS
