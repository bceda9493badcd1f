/* lk-confirm-page.h — "请核对": the whole report on one screen, read aloud;
 * 确认提交 files it, 修改 goes back. When the store fails the page says so
 * in one sentence, keeps everything and offers 再试一次. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LK_TYPE_CONFIRM_PAGE (lk_confirm_page_get_type ())
G_DECLARE_FINAL_TYPE (LkConfirmPage, lk_confirm_page, LK, CONFIRM_PAGE, GtkWidget)

/* One sentence for a resident about a failed submit (any GError). */
char *lk_confirm_page_explain (const GError *error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
