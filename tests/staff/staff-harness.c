/* staff-harness.c — a real window holding the staff desk, for the staff
 * tests: the desk on its own, on a given store and config, without going
 * through the kiosk's long press and PIN.
 *
 *   staff-harness --config FILE --db PATH
 *       a window as large as the screen with LkStaffDesk in it; when the
 *       desk emits "leave" the window shows a stand-in home screen (a
 *       label 首页 and a button 工作人员 that goes back in).
 *   staff-harness --config FILE --db PATH --rate RECEIPT N
 *       records a resident's rating through the store and exits, the way
 *       the SMS listener does (reply queued). */

#define G_LOG_DOMAIN "staff-harness"

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <gtk/gtk.h>

#include "lk-staff-desk.h"
#include "lt-config.h"
#include "lt-store.h"

typedef struct {
  GtkWidget *home;
  GtkWidget *desk;
  gboolean   done;
} Harness;

static void
leave_cb (LkStaffDesk *desk, Harness *h)
{
  lk_staff_desk_reset (desk);
  gtk_widget_set_visible (h->desk, FALSE);
  gtk_widget_set_visible (h->home, TRUE);
  g_print ("left\n");
}

static void
enter_cb (GtkButton *button, Harness *h)
{
  lk_staff_desk_refresh (LK_STAFF_DESK (h->desk));
  gtk_widget_set_visible (h->home, FALSE);
  gtk_widget_set_visible (h->desk, TRUE);
}

static void
destroy_cb (GtkWidget *window, Harness *h)
{
  h->done = TRUE;
}

/* The tests stop the harness with SIGTERM: close the window and return
 * from main, so that the leak checker sees everything the desk left. */
static gboolean
terminate_cb (gpointer user_data)
{
  gtk_window_destroy (GTK_WINDOW (user_data));
  return G_SOURCE_REMOVE;
}

static GtkWidget *
home_page (Harness *h)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 32);
  GtkWidget *label = gtk_label_new ("首页");
  GtkWidget *button = gtk_button_new_with_label ("工作人员");

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "lk-heading");
  gtk_box_append (GTK_BOX (box), label);
  g_signal_connect (button, "clicked", G_CALLBACK (enter_cb), h);
  gtk_box_append (GTK_BOX (box), button);
  return box;
}

static void
screen_size (int *width, int *height)
{
  GListModel *monitors = gdk_display_get_monitors (gdk_display_get_default ());
  g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, 0);
  GdkRectangle geometry = { 0, 0, 1280, 800 };

  if (monitor)
    gdk_monitor_get_geometry (monitor, &geometry);
  *width = geometry.width;
  *height = geometry.height;
}

static int
rate (LtStore *store, const char *receipt, int rating)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LtTicket) ticket = lt_store_get (store, receipt, &error);

  /* The answer comes from the resident's phone, as by SMS. */
  if (ticket == NULL ||
      !lt_store_rate (store, receipt, rating, ticket->phone, TRUE, &error))
    {
      g_printerr ("staff-harness: %s\n", error->message);
      return 1;
    }
  return 0;
}

int
main (int argc, char **argv)
{
  g_autofree char *config_path = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *rate_receipt = NULL;
  int rating = 0;
  GOptionEntry entries[] = {
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &config_path, "config file", "FILE" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "ticket database", "PATH" },
    { "rate", 0, 0, G_OPTION_ARG_STRING, &rate_receipt, "rate this ticket and exit", "RECEIPT" },
    { "rating", 0, 0, G_OPTION_ARG_INT, &rating, "the rating for --rate", "N" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LtConfig) config = NULL;
  g_autoptr(LtStore) store = NULL;
  g_autoptr(GtkCssProvider) css = NULL;
  Harness h = { 0 };
  GtkWidget *window, *box;
  int width, height;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || db_path == NULL)
    {
      g_printerr ("staff-harness: %s\n", error ? error->message : "--db is required");
      return 2;
    }
  config = lt_config_load (config_path, &error);
  if (config == NULL || (store = lt_store_open (db_path, config, &error)) == NULL)
    {
      g_printerr ("staff-harness: %s\n", error->message);
      return 1;
    }
  if (rate_receipt != NULL)
    return rate (store, rate_receipt, rating);

  gtk_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/org/laiting/Kiosk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), "laiting-staff");
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_widget_add_css_class (window, "lk-window");
  screen_size (&width, &height);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);

  /* Shown one at a time by visibility, so the accessibility tree holds
   * only what is on screen. */
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  h.desk = lk_staff_desk_new (store, config);
  gtk_widget_set_vexpand (h.desk, TRUE);
  g_signal_connect (h.desk, "leave", G_CALLBACK (leave_cb), &h);
  h.home = home_page (&h);
  gtk_widget_set_vexpand (h.home, TRUE);
  gtk_widget_set_visible (h.home, FALSE);
  gtk_box_append (GTK_BOX (box), h.desk);
  gtk_box_append (GTK_BOX (box), h.home);
  gtk_window_set_child (GTK_WINDOW (window), box);
  g_signal_connect (window, "destroy", G_CALLBACK (destroy_cb), &h);
  g_unix_signal_add (SIGTERM, terminate_cb, window);
  gtk_window_present (GTK_WINDOW (window));

  while (!h.done)
    g_main_context_iteration (NULL, TRUE);
  return 0;
}
