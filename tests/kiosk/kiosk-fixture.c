/* kiosk-fixture.c — the kiosk tests' shared fixture; see kiosk-fixture.h. */

#define G_LOG_DOMAIN "kiosk-fixture"

#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>

#include "kiosk-fixture.h"
#include "lk-application.h"
#include "lk-handwriting-pad.h"
#include "lk-voice-page.h"
#include "lk-screenshot.h"

const KioskScreen kiosk_screens[3] = {
  { 1920, 1080, "1920x1080" },
  { 1280, 800,  "1280x800" },
  { 1080, 1920, "1080x1920" },
};

void
kiosk_fixture_init (int *argc, char ***argv)
{
  gtk_test_init (argc, argv, NULL);
  /* The translations built beside the tests, for the zh_TW and en runs.
   * gtk_test_init sets a locale this machine may lack, and in the plain C
   * locale gettext ignores $LANGUAGE. */
  if (g_getenv ("LAITING_TEST_LOCALEDIR"))
    {
      setlocale (LC_ALL, "C.UTF-8");
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("LAITING_TEST_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
    }
  lk_application_load_style (gdk_display_get_default ());
}

KioskEnv *
kiosk_env_new (const char *config_text)
{
  g_autoptr(GError) error = NULL;
  KioskEnv *env = g_new0 (KioskEnv, 1);

  env->dir = g_dir_make_tmp ("laiting-kiosk-test-XXXXXX", &error);
  g_assert_no_error (error);
  env->conf = g_build_filename (env->dir, "laiting.conf", NULL);
  env->db = g_build_filename (env->dir, "laiting.db", NULL);
  g_assert_true (g_file_set_contents (env->conf, config_text, -1, NULL));
  env->config = lt_config_load (env->conf, &error);
  g_assert_no_error (error);
  env->store = lt_store_open (env->db, env->config, &error);
  g_assert_no_error (error);
  return env;
}

/* The kiosk may leave folders there too (voice notes, spools). */
static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

void
kiosk_env_free (KioskEnv *env)
{
  if (env == NULL)
    return;
  g_clear_object (&env->store);
  g_clear_object (&env->config);
  remove_tree (env->dir);
  g_free (env->dir);
  g_free (env->conf);
  g_free (env->db);
  g_free (env);
}

void
kiosk_settle (GtkWidget *window)
{
  for (int i = 0; i < 2; i++)
    {
      while (g_main_context_pending (NULL))
        g_main_context_iteration (NULL, FALSE);
      gtk_test_widget_wait_for_draw (window);
    }
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
kiosk_wait_until (gboolean (*done) (gpointer), gpointer data, guint seconds)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (seconds, timeout_cb, &timed_out);

  while (!done (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return done (data);
}

void
kiosk_wait_for (gboolean (*done) (gpointer), gpointer data, double seconds, const char *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

GtkWidget *
kiosk_find_type (GtkWidget *root, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = kiosk_find_type (child, type);

      if (found)
        return found;
    }
  return NULL;
}

static gboolean
notes_checked (gpointer data)
{
  LkWindow *window = data;
  LkHandwritingPad *pad = LK_HANDWRITING_PAD (lk_window_get_page (window, "handwriting"));

  return lk_voice_page_is_probed (LK_VOICE_PAGE (lk_window_get_page (window, "voice"))) &&
         lk_handwriting_pad_is_available (pad);
}

gboolean
kiosk_notes_ready (LkWindow *window)
{
  /* Generous: the first GStreamer start on a loaded machine is slow. */
  kiosk_wait_until (notes_checked, window, 40);
  return notes_checked (window) &&
         lk_voice_page_is_available (LK_VOICE_PAGE (lk_window_get_page (window, "voice")));
}

LkWindow *
kiosk_window_new (KioskEnv *env, const KioskScreen *screen)
{
  LkWindow *window = lk_window_new (NULL, env->config, env->store, env->db);

  if (screen)
    {
      gtk_window_set_default_size (GTK_WINDOW (window), screen->width, screen->height);
      gtk_window_set_resizable (GTK_WINDOW (window), FALSE);
    }
  gtk_window_present (GTK_WINDOW (window));
  kiosk_settle (GTK_WIDGET (window));
  if (screen)
    {
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), ==, screen->width);
      g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), ==, screen->height);
    }
  return window;
}

GtkWidget *
kiosk_find_button (GtkWidget *root, const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = kiosk_find_button (child, label);

      if (found)
        return found;
    }
  return NULL;
}

void
kiosk_tap (GtkWidget *root, const char *label)
{
  GtkWidget *button = kiosk_find_button (root, label);

  if (button == NULL)
    g_error ("no button \"%s\"", label);
  g_signal_emit_by_name (button, "clicked");
}

gboolean
kiosk_has_label (GtkWidget *root, const char *part)
{
  if (!gtk_widget_get_visible (root))
    return FALSE;
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), part) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    if (kiosk_has_label (child, part))
      return TRUE;
  return FALSE;
}

static void
collect_buttons (GtkWidget *widget, GPtrArray *out)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return;
  if (GTK_IS_BUTTON (widget))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    collect_buttons (child, out);
}

GPtrArray *
kiosk_visible_buttons (GtkWidget *root)
{
  GPtrArray *out = g_ptr_array_new ();

  collect_buttons (root, out);
  return out;
}

static const char *
first_label_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_text (GTK_LABEL (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *text = first_label_text (child);

      if (text)
        return text;
    }
  return NULL;
}

const char *
kiosk_button_name (GtkWidget *button)
{
  const char *label = gtk_button_get_label (GTK_BUTTON (button));

  if (label == NULL)
    label = first_label_text (button);
  return label ? label : G_OBJECT_TYPE_NAME (button);
}

char *
kiosk_button_places (GtkWidget *window, GtkWidget *root)
{
  g_autoptr(GPtrArray) buttons = kiosk_visible_buttons (root);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);
      graphene_rect_t r;

      g_assert_true (gtk_widget_compute_bounds (button, window, &r));
      g_string_append_printf (out, "%s@%.0f,%.0f,%.0f,%.0f\n", kiosk_button_name (button),
                              r.origin.x, r.origin.y, r.size.width, r.size.height);
    }
  return g_string_free (out, FALSE);
}

double
kiosk_font_px (GtkWidget *widget)
{
  PangoContext *context = gtk_widget_get_pango_context (widget);
  const PangoFontDescription *desc = pango_context_get_font_description (context);
  double size = (double) pango_font_description_get_size (desc) / PANGO_SCALE;

  /* GTK 4 hands CSS px to Pango as points at 96 dpi unless absolute. */
  return pango_font_description_get_size_is_absolute (desc) ? size : size * 96.0 / 72.0;
}

void
kiosk_save_png (GtkWidget *window, const KioskScreen *screen, const char *name)
{
  const char *language = g_getenv ("LANGUAGE");
  gboolean source = language == NULL || g_str_has_prefix (language, "zh_CN");
  g_autofree char *shots = g_test_build_filename (G_TEST_BUILT, "screenshots", NULL);
  g_autofree char *file = g_strdup_printf ("%s-%s%s%s.png", name, screen->name,
                                           source ? "" : "-", source ? "" : language);
  g_autofree char *path = g_build_filename (shots, file, NULL);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (shots, 0755);
  g_assert_true (lk_screenshot_save (window, path, &error));
  g_assert_no_error (error);
}
