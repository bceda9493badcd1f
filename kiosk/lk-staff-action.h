/* lk-staff-action.h — the form behind 转办, 备注, 办结 and 重新办理.
 *
 * One form for the four actions: a department to choose (转办), a note
 * typed with the system's input method, and for 办结 the exact closure SMS
 * the resident will get with its segment count. Confirming calls the store
 * (lt_store_transfer/add_note/close/reopen), so the timeline and the outbox
 * are the same as from the `laiting` command. A refusal stays on the form
 * as one sentence, with what was typed kept. */

#pragma once

#include <gtk/gtk.h>
#include "lt-store.h"

G_BEGIN_DECLS

typedef enum {
  LK_STAFF_ACTION_TRANSFER,
  LK_STAFF_ACTION_NOTE,
  LK_STAFF_ACTION_CLOSE,
  LK_STAFF_ACTION_REOPEN,
} LkStaffActionKind;

#define LK_TYPE_STAFF_ACTION (lk_staff_action_get_type ())
G_DECLARE_FINAL_TYPE (LkStaffAction, lk_staff_action, LK, STAFF_ACTION, GtkWidget)

/* Signals: "done" (const char *message) after the store took the change;
 * "cancelled" when 取消 is pressed. */

/* Who the store records for changes made at the desk. */
const char *lk_staff_actor              (void);

/* Empties the form and sets it up for @kind on @ticket (copied). */
void        lk_staff_action_start       (LkStaffAction     *self,
                                         LtStore           *store,
                                         const LtTicket    *ticket,
                                         LkStaffActionKind  kind);
/* The label of the button that opens the form for @kind: 转办 … */
const char *lk_staff_action_kind_label  (LkStaffActionKind kind);

G_END_DECLS
