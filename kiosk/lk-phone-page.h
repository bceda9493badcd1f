/* lk-phone-page.h — "留个手机号码吗?": a keypad, the number grouped 3-4-4
 * in huge digits, 下一步 once it is a mobile number, 不留电话 to go on
 * without one. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LK_TYPE_PHONE_PAGE (lk_phone_page_get_type ())
G_DECLARE_FINAL_TYPE (LkPhonePage, lk_phone_page, LK, PHONE_PAGE, GtkWidget)

/* "139", "13912" → "139 12__ ____": what is typed, and how much is left. */
char *lk_phone_page_format (const char *digits) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
