/* main.c — laiting-kiosk: the touchscreen front door in the community hall.
 * Everything lives in LkApplication and LkWindow; this only sets up
 * translations and runs. */

#define G_LOG_DOMAIN "laiting-kiosk"

#include "config.h"

#include <locale.h>
#include <glib/gi18n-lib.h>

#include "lk-application.h"

int
main (int argc, char **argv)
{
  g_autoptr(LkApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = lk_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
