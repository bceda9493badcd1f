/* lk-application.c — the kiosk application; see lk-application.h.
 *
 * `laiting-kiosk [--config FILE] [--db PATH] [--windowed] [--screenshots DIR]`. A config that
 * cannot be read stops the program (systemd restarts it and the journal
 * says why); a store that cannot be opened does not: the window still
 * comes up, status lookups and submits say "not now" kindly, and the store
 * is opened again on the next submit.
 *
 * GTK's animations are switched off for the whole program: the kiosk rules
 * allow nothing over 200 ms, and an unsteady hand should never chase a
 * moving target. $LAITING_KIOSK_TIMING makes the program print, on stdout,
 * the wall-clock time of its first frame (for bench/kiosk). */

#define G_LOG_DOMAIN "lk-application"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n-lib.h>

#include "lk-application.h"
#include "lk-hall.h"
#include "lk-window.h"

struct _LkApplication
{
  GtkApplication parent_instance;
  char          *config_path;
  char          *db_path;
  gboolean       windowed;
  char          *screenshot_dir;
  LtConfig      *config;
  LtStore       *store;
};

G_DEFINE_FINAL_TYPE (LkApplication, lk_application, GTK_TYPE_APPLICATION)

void
lk_application_load_style (GdkDisplay *display)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  g_autoptr(GtkCssProvider) notes_css = gtk_css_provider_new ();

  g_object_set (gtk_settings_get_for_display (display), "gtk-enable-animations", FALSE, NULL);
  gtk_css_provider_load_from_resource (css, "/org/laiting/Kiosk/style.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_css_provider_load_from_resource (notes_css, "/org/laiting/Kiosk/notes.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (notes_css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (display),
                                    "/org/laiting/Kiosk/icons");
}

static void
lk_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (lk_application_parent_class)->startup (app);
  lk_application_load_style (gdk_display_get_default ());
}

static void
first_frame_cb (GdkFrameClock *clock, gpointer user_data)
{
  g_signal_handlers_disconnect_by_func (clock, first_frame_cb, user_data);
  printf ("first-frame %" G_GINT64_FORMAT "\n", g_get_real_time ());
  fflush (stdout);
}

/* Full screen with a window manager or a kiosk compositor; without one
 * (an X server alone) fullscreen is a request nobody grants, so the
 * window also asks for the monitor's size and no decorations. */
static void
fill_screen (GtkWindow *window)
{
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (window)));
  g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, 0);

  gtk_window_set_decorated (window, FALSE);
  if (monitor != NULL)
    {
      GdkRectangle geometry;

      gdk_monitor_get_geometry (monitor, &geometry);
      gtk_window_set_default_size (window, geometry.width, geometry.height);
    }
  gtk_window_fullscreen (window);
}

static void
lk_application_activate (GApplication *app)
{
  LkApplication *self = LK_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (lk_window_new (GTK_APPLICATION (app), self->config, self->store,
                                          lt_config_get_database_path (self->config)));
      if (!self->windowed)
        fill_screen (window);
      if (self->screenshot_dir)
        lk_window_set_screenshot_dir (LK_WINDOW (window), self->screenshot_dir);
    }
  gtk_window_present (window);
  if (g_getenv ("LAITING_KIOSK_TIMING"))
    g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                      G_CALLBACK (first_frame_cb), NULL);
}

static int
lk_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  LkApplication *self = LK_APPLICATION (app);
  g_autoptr(GError) error = NULL;

  self->config = lt_config_load (self->config_path, &error);
  if (self->config == NULL)
    {
      g_printerr ("laiting-kiosk: %s\n", error->message);
      return 1;
    }
  if (self->db_path != NULL)
    lt_config_set_database_path (self->config, self->db_path);
  {
    /* In a district the reports go to the kiosk's spool, then the hub. */
    LtSpool *spool = lk_hall_open (self->config, &error);

    if (spool != NULL)
      g_object_set_data_full (G_OBJECT (app), "lk-hall-spool", spool, g_object_unref);
    else if (error != NULL)
      {
        g_printerr ("laiting-kiosk: %s\n", error->message);
        return 1;
      }
  }
  self->store = lt_store_open (lt_config_get_database_path (self->config), self->config, &error);
  if (self->store == NULL)
    g_warning ("cannot open the ticket store now, will retry on submit: %s", error->message);
  return -1;
}

static void
lk_application_finalize (GObject *object)
{
  LkApplication *self = LK_APPLICATION (object);

  g_clear_object (&self->store);
  g_clear_object (&self->config);
  g_clear_pointer (&self->config_path, g_free);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->screenshot_dir, g_free);
  G_OBJECT_CLASS (lk_application_parent_class)->finalize (object);
}

static void
lk_application_class_init (LkApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = lk_application_finalize;
  app_class->startup = lk_application_startup;
  app_class->activate = lk_application_activate;
  app_class->handle_local_options = lk_application_handle_local_options;
}

static void
lk_application_init (LkApplication *self)
{
  const GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &self->config_path,
      N_("从 FILE 读取配置"), N_("FILE") },
    { "db", 'd', 0, G_OPTION_ARG_FILENAME, &self->db_path,
      N_("使用 PATH 处的工单库"), N_("PATH") },
    { "windowed", 'w', 0, G_OPTION_ARG_NONE, &self->windowed,
      N_("在窗口中运行，不全屏"), NULL },
    { "screenshots", 's', 0, G_OPTION_ARG_FILENAME, &self->screenshot_dir,
      N_("把每个画面截图保存到 DIR（无显示器时查看用）"), N_("DIR") },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

LkApplication *
lk_application_new (void)
{
  /* NON_UNIQUE: tests and benchmarks start several kiosks on one bus. */
  return g_object_new (LK_TYPE_APPLICATION,
                       "application-id", LK_APPLICATION_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       NULL);
}
