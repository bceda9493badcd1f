/* test-kiosk-look.c — the kiosk rules, measured on the real window.
 *
 * For each of the three screens the kiosk must work on (1920×1080,
 * 1280×800, portrait 1080×1920) every screen of the kiosk is shown with
 * realistic content from a real store, drawn, saved as a PNG into
 * screenshots/ beside this test in the build tree, and measured:
 * every visible button is at least 96×96 px and clear of its neighbours,
 * no text is under 24 px, button text is at least 32 px and headings at
 * least 48 px. The colour pairs of style.css are checked for a contrast of
 * at least 7:1 and its line height for at least 1.3.
 *
 * Runs in-process (gtk_test_init) under Xvfb; see run-under-xvfb.sh. */

#define G_LOG_DOMAIN "test-kiosk-look"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>
#include <gtk/gtk.h>
#include <sqlite3.h>

#include "kiosk-fixture.h"
#include "lk-application.h"
#include "lk-confirm-page.h"
#include "lk-draft.h"
#include "lk-idle-overlay.h"
#include "lk-receipt-page.h"
#include "lk-receipt-printer.h"
#include "lk-screenshot.h"
#include "lk-status-page.h"
#include "lk-window.h"
#include "lt-receipt.h"
#include "lt-store.h"

#define MIN_TARGET 96.0
#define MIN_GAP 12.0
#define MIN_TEXT_PX 24.0
#define MIN_BUTTON_TEXT_PX 32.0
#define MIN_HEADING_PX 48.0

typedef struct
{
  KioskEnv *k;
  LtConfig *config;     /* k's, for short */
  LtStore  *store;
  LtTicket *filed;      /* with a phone */
  LtTicket *closed;     /* transferred and closed */
} Env;

static Env env;

static const char config_text[] =
    "[site]\n"
    "name = 幸福里社区服务站\n"
    "origin = 12\n"
    "busy-timeout = 300\n"
    /* More places than fit on one screen: the pages' buttons are measured too. */
    "buildings = 1号楼;2号楼;3号楼;4号楼;5号楼;6号楼;7号楼;8号楼;9号楼;10号楼;11号楼;12号楼;"
    "13号楼;14号楼;15号楼;16号楼;小区广场;地下车库;东门;西门;幼儿园旁;老年活动中心\n"
    "[kiosk]\n"
    "voice = false\n"
    /* 手写 and 说一段话 shown, so they are measured with the rest. */
    "microphone = " KIOSK_TEST_MICROPHONE "\n";

static void
env_setup (void)
{
  g_autoptr(GError) error = NULL;
  LtSubmission sub = { 0 };

  env.k = kiosk_env_new (config_text);
  env.config = env.k->config;
  env.store = env.k->store;

  sub.channel = LT_CHANNEL_KIOSK;
  sub.category = "roads";
  sub.text = "路灯不亮；井盖缺失";
  sub.location = "3号楼";
  sub.phone = "13912345678";
  env.filed = lt_store_submit (env.store, &sub, &error);
  g_assert_no_error (error);

  sub.category = "property";
  sub.text = "电梯故障";
  sub.phone = NULL;
  env.closed = lt_store_submit (env.store, &sub, &error);
  g_assert_no_error (error);
  g_assert_true (lt_store_transfer (env.store, env.closed->receipt, "物业公司", NULL, "staff", &error));
  g_assert_true (lt_store_close (env.store, env.closed->receipt,
                                 "电梯已修好，并已安排每月检查。", "staff", &error));
  g_clear_pointer (&env.closed, lt_ticket_free);
  /* Read it back with its events for the status screen. */
  {
    GPtrArray *all;
    LtListQuery query = { .filter = LT_LIST_CLOSED, .with_events = TRUE };

    all = lt_store_list (env.store, &query, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (all->len, ==, 1);
    env.closed = lt_ticket_copy (g_ptr_array_index (all, 0));
    g_ptr_array_unref (all);
  }
}

static void
env_teardown (void)
{
  g_clear_pointer (&env.filed, lt_ticket_free);
  g_clear_pointer (&env.closed, lt_ticket_free);
  g_clear_pointer (&env.k, kiosk_env_free);
}

/* --- driving the window ------------------------------------------------- */

static gboolean
inside_button (GtkWidget *widget)
{
  return gtk_widget_get_ancestor (widget, GTK_TYPE_BUTTON) != NULL;
}

typedef struct
{
  GPtrArray  *buttons;   /* GtkWidget* */
  GtkWidget  *window;
  const char *where;
  guint       labels;
} Walk;

static void
walk (Walk *w, GtkWidget *widget)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return;
  if (GTK_IS_BUTTON (widget))
    g_ptr_array_add (w->buttons, widget);
  if (GTK_IS_SCROLLED_WINDOW (widget))
    {
      GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (widget));
      double hidden = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

      /* Scrolling is a gesture: everything must fit, in larger text too. */
      if (hidden > 1)
        g_error ("%s: %.0f px of the screen are hidden below the fold", w->where, hidden);
    }
  if (GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)) != '\0')
    {
      double px = kiosk_font_px (widget);
      double floor = MIN_TEXT_PX;

      if (inside_button (widget))
        floor = MIN_BUTTON_TEXT_PX;
      if (gtk_widget_has_css_class (widget, "lk-heading"))
        floor = MIN_HEADING_PX;
      if (px + 0.01 < floor)
        g_error ("%s: text \"%s\" is %.1f px, under %.0f px", w->where,
                 gtk_label_get_text (GTK_LABEL (widget)), px, floor);
      w->labels++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    walk (w, child);
}

static const char *
button_name (GtkWidget *button)
{
  const char *label = gtk_button_get_label (GTK_BUTTON (button));

  return label ? label : G_OBJECT_TYPE_NAME (button);
}

/* Measures the buttons and labels under @root; returns the button count. */
static guint
measure (GtkWidget *window, GtkWidget *root, const char *where)
{
  Walk w = { g_ptr_array_new (), window, where, 0 };
  g_autofree graphene_rect_t *rects = NULL;
  guint n;

  walk (&w, root);
  n = w.buttons->len;
  rects = g_new0 (graphene_rect_t, n);
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *button = g_ptr_array_index (w.buttons, i);

      g_assert_true (gtk_widget_compute_bounds (button, window, &rects[i]));
      if (rects[i].size.width < MIN_TARGET || rects[i].size.height < MIN_TARGET)
        g_error ("%s: button \"%s\" is %.0f×%.0f px, under %.0f×%.0f", where,
                 button_name (button), rects[i].size.width, rects[i].size.height,
                 MIN_TARGET, MIN_TARGET);
    }
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      {
        graphene_rect_t a = rects[i];

        graphene_rect_inset (&a, -MIN_GAP / 2 + 0.5, -MIN_GAP / 2 + 0.5);
        graphene_rect_t b = rects[j];
        graphene_rect_inset (&b, -MIN_GAP / 2 + 0.5, -MIN_GAP / 2 + 0.5);
        if (graphene_rect_intersection (&a, &b, NULL))
          g_error ("%s: buttons \"%s\" and \"%s\" are less than %.0f px apart", where,
                   button_name (g_ptr_array_index (w.buttons, i)),
                   button_name (g_ptr_array_index (w.buttons, j)), MIN_GAP);
      }
  g_ptr_array_unref (w.buttons);
  return n;
}

static void
fill_draft (LkWindow *window)
{
  LkDraft *draft = lk_window_get_draft (window);

  lk_draft_set_category (draft, "roads");
  lk_draft_toggle_problem (draft, "路灯不亮", TRUE);
  lk_draft_toggle_problem (draft, "井盖缺失", TRUE);
  lk_draft_set_text (draft, "晚上七点以后整条路都是黑的");
  lk_draft_set_location (draft, "3号楼");
  g_strlcpy (draft->phone, "13912345678", sizeof draft->phone);
}

static void
shoot (GtkWidget *window, const KioskScreen *screen, const char *shot, GtkWidget *root)
{
  g_autofree char *where = g_strdup_printf ("%s at %s", shot, screen->name);
  guint n;

  kiosk_settle (window);
  kiosk_save_png (window, screen, shot);
  /* A window that grew past the screen means the page did not fit. */
  if (gtk_widget_get_width (window) != screen->width ||
      gtk_widget_get_height (window) != screen->height)
    g_error ("%s: the window grew to %d×%d", where,
             gtk_widget_get_width (window), gtk_widget_get_height (window));
  n = measure (window, root ? root : window, where);
  g_test_message ("%s: %u buttons measured", where, n);
}

/* Submits while another connection holds the write lock: the confirm page
 * must show its error and 再试一次 (the end-to-end test checks the data;
 * here the look). The config's busy-timeout keeps the wait short. */
static void
show_failed_submit (LkWindow *window)
{
  GtkWidget *page = lk_window_get_page (window, "confirm");
  GtkWidget *retry = kiosk_find_button (page, _("再试一次"));
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (lt_store_get_path (env.store), &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);
  g_signal_emit_by_name (kiosk_find_button (page, _("确认提交")), "clicked");
  while (!gtk_widget_get_visible (retry))
    g_main_context_iteration (NULL, TRUE);
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (db);
}

static void
test_screens (gconstpointer data)
{
  const KioskScreen *screen = data;
  LkWindow *window = kiosk_window_new (env.k, screen);
  GtkWidget *widget = GTK_WIDGET (window);
  GtkWidget *overlay;

  shoot (widget, screen, "01-home", NULL);
  lk_window_go (window, "category");
  shoot (widget, screen, "02-category", NULL);

  fill_draft (window);
  g_assert_true (kiosk_notes_ready (window));
  lk_window_go (window, "describe");
  g_assert_true (gtk_widget_get_visible (kiosk_find_button (lk_window_get_page (window, "describe"),
                                                            _("手写"))));
  g_assert_true (gtk_widget_get_visible (kiosk_find_button (lk_window_get_page (window, "describe"),
                                                            _("说一段话"))));
  shoot (widget, screen, "03-describe", NULL);
  lk_window_go (window, "location");
  shoot (widget, screen, "04-location", NULL);
  lk_window_go (window, "phone");
  shoot (widget, screen, "05-phone", NULL);
  lk_window_go (window, "confirm");
  shoot (widget, screen, "06-confirm", NULL);
  show_failed_submit (window);
  shoot (widget, screen, "06-confirm-failed", NULL);

  lk_receipt_page_set_ticket (LK_RECEIPT_PAGE (lk_window_get_page (window, "receipt")), env.filed);
  lk_window_go (window, "receipt");
  shoot (widget, screen, "07-receipt", NULL);

  lk_window_home (window);
  lk_window_go (window, "lookup");
  shoot (widget, screen, "08-lookup", NULL);
  lk_status_page_set_ticket (LK_STATUS_PAGE (lk_window_get_page (window, "status")), env.closed);
  lk_window_go (window, "status");
  shoot (widget, screen, "09-status", NULL);

  lk_window_home (window);
  lk_window_go (window, "pin");
  shoot (widget, screen, "10-pin", NULL);

  lk_window_home (window);
  fill_draft (window);
  lk_window_go (window, "describe");
  overlay = gtk_widget_get_last_child (gtk_widget_get_first_child (widget));
  g_assert_true (LK_IS_IDLE_OVERLAY (overlay));
  lk_idle_overlay_start (LK_IDLE_OVERLAY (overlay), 30);
  shoot (widget, screen, "11-idle", overlay);
  lk_idle_overlay_stop (LK_IDLE_OVERLAY (overlay));

  lk_window_home (window);
  gtk_widget_add_css_class (widget, "large-text");
  shoot (widget, screen, "12-home-large", NULL);
  fill_draft (window);
  lk_window_go (window, "confirm");
  shoot (widget, screen, "13-confirm-large", NULL);

  gtk_window_destroy (GTK_WINDOW (widget));
}

/* --- colours ------------------------------------------------------------ */

static double
channel (double c)
{
  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
luminance (const GdkRGBA *c)
{
  return 0.2126 * channel (c->red) + 0.7152 * channel (c->green) + 0.0722 * channel (c->blue);
}

static double
contrast (const GdkRGBA *a, const GdkRGBA *b)
{
  double la = luminance (a), lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

static GHashTable *
read_palette (char **css_out)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data ("/org/laiting/Kiosk/style.css", 0, NULL);
  GHashTable *palette = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) lines = NULL;

  g_assert_nonnull (bytes);
  *css_out = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  lines = g_strsplit (*css_out, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      char name[64], value[64];

      if (sscanf (lines[i], "@define-color %63s %63[^;];", name, value) == 2)
        {
          GdkRGBA *rgba = g_new (GdkRGBA, 1);

          g_assert_true (gdk_rgba_parse (rgba, value));
          g_hash_table_insert (palette, g_strdup (name), rgba);
        }
    }
  return palette;
}

static void
test_contrast (void)
{
  /* Every pair that text is drawn in; see the colour list in style.css. */
  static const char *const pairs[][2] = {
    { "lk_text", "lk_bg" },
    { "lk_muted", "lk_bg" },
    { "lk_primary", "lk_bg" },
    { "lk_on_primary", "lk_primary" },
    { "lk_button_text", "lk_button_bg" },
    { "lk_disabled_text", "lk_disabled_bg" },
    { "lk_error_text", "lk_error_bg" },
    { "lk_overlay_text", "lk_overlay_bg" },
    { "lk_primary", "lk_on_primary" },
    { "lk_text", "lk_button_bg" },
  };
  g_autofree char *css = NULL;
  g_autoptr(GHashTable) palette = read_palette (&css);

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      const GdkRGBA *fg = g_hash_table_lookup (palette, pairs[i][0]);
      const GdkRGBA *bg = g_hash_table_lookup (palette, pairs[i][1]);
      double ratio;

      g_assert_nonnull (fg);
      g_assert_nonnull (bg);
      ratio = contrast (fg, bg);
      g_test_message ("%s on %s: %.2f:1", pairs[i][0], pairs[i][1], ratio);
      g_assert_cmpfloat (ratio, >=, 7.0);
    }
}

static void
test_css_rules (void)
{
  g_autofree char *css = NULL;
  g_autoptr(GHashTable) palette = read_palette (&css);
  const char *p = css;
  guint line_heights = 0;

  /* Every line-height at least 1.3; every transition and animation off. */
  while ((p = strstr (p, "line-height:")))
    {
      double value = g_ascii_strtod (p + strlen ("line-height:"), NULL);

      g_assert_cmpfloat (value, >=, 1.3);
      line_heights++;
      p++;
    }
  g_assert_cmpuint (line_heights, >, 0);
  g_assert_nonnull (strstr (css, "transition: none"));
  g_assert_nonnull (strstr (css, "animation: none"));
}

/* The paper slip: the receipt and the hall, never the description or the
 * phone number (slips get left on the counter). Read back with pdftotext. */
static void
test_receipt_slip (void)
{
  g_autofree char *pdf = g_build_filename (env.k->dir, "slip.pdf", NULL);
  g_autofree char *grouped = lt_receipt_format (env.filed->receipt);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;
  char *argv[] = { (char *) "pdftotext", pdf, (char *) "-", NULL };

  g_assert_true (lk_receipt_printer_render (env.config, env.filed, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &text, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, grouped));
  g_assert_nonnull (strstr (text, "幸福里社区服务站"));
  g_assert_null (strstr (text, "路灯"));
  g_assert_null (strstr (text, "5678"));
  g_remove (pdf);
}

/* No motion over 200 ms: GTK's own animations off, page changes instant. */
static void
test_no_animation (void)
{
  LkWindow *window = lk_window_new (NULL, env.config, env.store, lt_store_get_path (env.store));
  GtkWidget *overlay = gtk_window_get_child (GTK_WINDOW (window));
  GtkWidget *stack = gtk_overlay_get_child (GTK_OVERLAY (overlay));
  gboolean animations = TRUE;

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (window)), "gtk-enable-animations",
                &animations, NULL);
  g_assert_false (animations);
  g_assert_true (GTK_IS_STACK (stack));
  g_assert_cmpint (gtk_stack_get_transition_type (GTK_STACK (stack)), ==,
                   GTK_STACK_TRANSITION_TYPE_NONE);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  int status;

  kiosk_fixture_init (&argc, &argv);
  env_setup ();

  g_test_add_func ("/kiosk/look/contrast", test_contrast);
  g_test_add_func ("/kiosk/look/css-rules", test_css_rules);
  g_test_add_func ("/kiosk/look/receipt-slip", test_receipt_slip);
  g_test_add_func ("/kiosk/look/no-animation", test_no_animation);
  for (guint i = 0; i < G_N_ELEMENTS (kiosk_screens); i++)
    {
      g_autofree char *path = g_strdup_printf ("/kiosk/look/screens/%s", kiosk_screens[i].name);

      g_test_add_data_func (path, &kiosk_screens[i], test_screens);
    }
  status = g_test_run ();
  env_teardown ();
  return status;
}
