/* test-staff-look.c — the staff desk against the kiosk's size rules,
 * measured on the real widgets.
 *
 * The desk is on the same touchscreen as the residents' screens, so it
 * keeps their rules for a clerk's hands and eyes: every visible button at
 * least 96×96 px and at least 12 px from its neighbours, no text under
 * 24 px, and the window never growing past the screen. Each view (both
 * lists, a reopened ticket, each action's form) is shown with a real store
 * behind it at 1920×1080, 1280×800 and portrait 1080×1920.
 *
 * Runs in-process (gtk_test_init) under Xvfb. */

#define G_LOG_DOMAIN "test-staff-look"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "lk-staff-desk.h"
#include "lk-staff-row.h"
#include "lt-store.h"

#define MIN_TARGET 96.0
#define MIN_GAP 12.0
#define MIN_TEXT_PX 24.0

typedef struct
{
  int         width;
  int         height;
  const char *name;
} Screen;

static const Screen screens[] = {
  { 1920, 1080, "1920x1080" },
  { 1280, 800,  "1280x800" },
  { 1080, 1920, "1080x1920" },
};

typedef struct
{
  char      *dir;
  LtConfig  *config;
  LtStore   *store;
  char      *reopened;   /* a ticket the resident answered 3 to */
} Env;

static Env env;

static void
settle (GtkWidget *window)
{
  /* Two frames: one to lay out after a change, one to draw it. */
  for (int i = 0; i < 2; i++)
    {
      gtk_widget_queue_resize (window);
      gtk_test_widget_wait_for_draw (window);
      while (g_main_context_pending (NULL))
        g_main_context_iteration (NULL, FALSE);
    }
}

static char *
submit (const char *category, const char *text, const char *phone)
{
  LtSubmission s = { LT_CHANNEL_KIOSK, category, text, "3号楼", phone, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(LtTicket) t = lt_store_submit (env.store, &s, &error);

  g_assert_no_error (error);
  return g_strdup (t->receipt);
}

static void
setup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *a = NULL;

  env.dir = g_dir_make_tmp ("laiting-staff-look-XXXXXX", &error);
  g_assert_no_error (error);
  conf = g_build_filename (env.dir, "laiting.conf", NULL);
  g_assert_true (g_file_set_contents (conf, "[site]\nname = 幸福里社区服务站\n", -1, NULL));
  env.config = lt_config_load (conf, &error);
  g_assert_no_error (error);
  db = g_build_filename (env.dir, "laiting.db", NULL);
  env.store = lt_store_open (db, env.config, &error);
  g_assert_no_error (error);

  a = submit ("roads", "小区东门的路灯坏了三盏，晚上很黑，老人走路容易摔倒。", "13912345678");
  g_free (submit ("sanitation", "垃圾站好几天没人清运，味道很大，夏天蚊蝇很多，"
                  "附近住户都不敢开窗，希望尽快安排清运并定期消毒。", "13800001111"));
  g_free (submit ("safety", "楼道里堆满了纸箱和旧家具，挡住了消防通道。", NULL));
  env.reopened = submit ("noise", "楼上装修每天早上七点就开始电钻，家里有病人。", "13700002222");
  g_assert_true (lt_store_transfer (env.store, env.reopened, "物业公司", "请物业上门沟通",
                                    "staff", &error));
  g_assert_true (lt_store_close (env.store, env.reopened, "已提醒装修户九点以后施工",
                                 "staff", &error));
  g_assert_true (lt_store_rate (env.store, env.reopened, 3, "13700002222", TRUE, &error));
  g_assert_no_error (error);
}

static void
teardown (void)
{
  g_autoptr(GDir) dir = g_dir_open (env.dir, 0, NULL);
  const char *name;

  g_clear_object (&env.store);
  g_clear_object (&env.config);
  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (env.dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (env.dir);
  g_clear_pointer (&env.dir, g_free);
  g_clear_pointer (&env.reopened, g_free);
}

/* --- measuring ----------------------------------------------------------- */

static double
font_px (GtkWidget *widget)
{
  PangoContext *context = gtk_widget_get_pango_context (widget);
  const PangoFontDescription *desc = pango_context_get_font_description (context);
  double size = (double) pango_font_description_get_size (desc) / PANGO_SCALE;

  /* GTK 4 hands CSS px to Pango as points at 96 dpi unless absolute. */
  return pango_font_description_get_size_is_absolute (desc) ? size : size * 96.0 / 72.0;
}

typedef struct
{
  GPtrArray  *buttons;
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
  if (GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)) != '\0')
    {
      double px = font_px (widget);

      if (px + 0.01 < MIN_TEXT_PX)
        g_error ("%s: text \"%s\" is %.1f px, under %.0f px", w->where,
                 gtk_label_get_text (GTK_LABEL (widget)), px, MIN_TEXT_PX);
      w->labels++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    walk (w, child);
}

static const char *
button_name (GtkWidget *button)
{
  if (LK_IS_STAFF_ROW (button))
    return lk_staff_row_get_receipt (LK_STAFF_ROW (button));
  return gtk_button_get_label (GTK_BUTTON (button)) ? gtk_button_get_label (GTK_BUTTON (button))
                                                    : G_OBJECT_TYPE_NAME (button);
}

/* Only what is on screen: a row scrolled out of the list's view is not a
 * target until it is scrolled in. */
static gboolean
on_screen (const graphene_rect_t *r, GtkWidget *window)
{
  return r->origin.y + r->size.height <= gtk_widget_get_height (window) + 0.5 &&
         r->origin.y >= -0.5;
}

/* Saves what the window shows as look-VIEW-SCREEN.png in $STAFF_SHOTS. */
static void
save_png (GtkWidget *window, const Screen *screen, const char *view)
{
  const char *dir = g_getenv ("STAFF_SHOTS");
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = g_strdup_printf ("look-%s-%s.png", view, screen->name);
  g_autofree char *path = NULL;
  int w = gtk_widget_get_width (window), h = gtk_widget_get_height (window);

  if (dir == NULL)
    return;
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, file, NULL);
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static void
measure (GtkWidget *window, const Screen *screen, const char *view)
{
  g_autofree char *where = g_strdup_printf ("%s at %s", view, screen->name);
  Walk w = { g_ptr_array_new (), where, 0 };
  g_autofree graphene_rect_t *rects = NULL;
  guint n, measured = 0;

  settle (window);
  if (gtk_widget_get_width (window) != screen->width ||
      gtk_widget_get_height (window) != screen->height)
    g_error ("%s: the window grew to %d×%d", where,
             gtk_widget_get_width (window), gtk_widget_get_height (window));
  walk (&w, window);
  n = w.buttons->len;
  rects = g_new0 (graphene_rect_t, n);
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *button = g_ptr_array_index (w.buttons, i);

      g_assert_true (gtk_widget_compute_bounds (button, window, &rects[i]));
      if (!on_screen (&rects[i], window))
        continue;
      measured++;
      if (rects[i].size.width < MIN_TARGET || rects[i].size.height < MIN_TARGET)
        g_error ("%s: button \"%s\" is %.0f×%.0f px, under %.0f×%.0f", where,
                 button_name (button), rects[i].size.width, rects[i].size.height,
                 MIN_TARGET, MIN_TARGET);
    }
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      {
        graphene_rect_t a = rects[i], b = rects[j];

        if (!on_screen (&a, window) || !on_screen (&b, window))
          continue;
        graphene_rect_inset (&a, -MIN_GAP / 2 + 0.5, -MIN_GAP / 2 + 0.5);
        graphene_rect_inset (&b, -MIN_GAP / 2 + 0.5, -MIN_GAP / 2 + 0.5);
        if (graphene_rect_intersection (&a, &b, NULL))
          g_error ("%s: buttons \"%s\" and \"%s\" are less than %.0f px apart", where,
                   button_name (g_ptr_array_index (w.buttons, i)),
                   button_name (g_ptr_array_index (w.buttons, j)), MIN_GAP);
      }
  g_test_message ("%s: %u buttons and %u labels measured", where, measured, w.labels);
  g_assert_cmpuint (measured, >, 0);
  g_ptr_array_unref (w.buttons);
}

/* --- driving the desk ---------------------------------------------------- */

static GtkWidget *
find_button (GtkWidget *root, const char *label)
{
  if (GTK_IS_BUTTON (root) && gtk_widget_get_visible (root) &&
      g_strcmp0 (button_name (root), label) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = gtk_widget_get_visible (child) ? find_button (child, label) : NULL;

      if (found)
        return found;
    }
  return NULL;
}

static void
click (GtkWidget *window, const char *label)
{
  GtkWidget *button = find_button (window, label);

  if (button == NULL)
    g_error ("no visible button \"%s\"", label);
  g_signal_emit_by_name (button, "clicked");
  settle (window);
}

static void
test_views (gconstpointer data)
{
  const Screen *screen = data;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *desk = lk_staff_desk_new (env.store, env.config);
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  static const char *forms[] = { "转办", "备注", "办结", "重新办理" };

  gtk_css_provider_load_from_resource (css, "/org/laiting/Kiosk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_widget_add_css_class (window, "lk-window");
  gtk_window_set_default_size (GTK_WINDOW (window), screen->width, screen->height);
  gtk_window_set_resizable (GTK_WINDOW (window), FALSE);
  gtk_window_set_child (GTK_WINDOW (window), desk);
  gtk_window_present (GTK_WINDOW (window));
  settle (window);

  measure (window, screen, "今日工单");
  click (window, "全部在办");
  measure (window, screen, "全部在办");
  save_png (window, screen, "list");
  click (window, env.reopened);
  measure (window, screen, "a reopened ticket");
  save_png (window, screen, "detail");
  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autofree char *view = g_strdup_printf ("the %s form", forms[i]);

      click (window, forms[i]);
      /* 办结 on a reopened ticket is allowed; each form must fit. */
      if (find_button (window, "取消") != NULL)
        {
          measure (window, screen, view);
          if (i == 0)
            save_png (window, screen, "transfer");
          click (window, "取消");
        }
    }
  click (window, "返回列表");
  measure (window, screen, "back at the list");

  gtk_window_destroy (GTK_WINDOW (window));
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (),
                                                 GTK_STYLE_PROVIDER (css));
}

static gboolean
shows_text (GtkWidget *root, const char *fragment)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_visible (root) &&
      strstr (gtk_label_get_text (GTK_LABEL (root)), fragment) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_visible (child) && shows_text (child, fragment))
      return TRUE;
  return FALSE;
}

/* The kiosk may come up without its store (disk gone, file locked): the
 * desk must say so in a sentence, list nothing, and refuse to print. */
static void
test_no_store (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *desk = lk_staff_desk_new (NULL, env.config);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_set_child (GTK_WINDOW (window), desk);
  gtk_window_present (GTK_WINDOW (window));
  settle (window);
  g_assert_true (shows_text (window, "工单数据库现在打不开"));
  click (window, "打印今日单据");
  g_assert_true (shows_text (window, "没法打印"));
  lk_staff_desk_set_store (LK_STAFF_DESK (desk), env.store);
  settle (window);
  g_assert_false (shows_text (window, "工单数据库现在打不开"));
  g_assert_nonnull (find_button (window, env.reopened));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The list is read again every 30 s; rows stay the same widgets while
 * nothing they show changed, and are rebuilt when something did. */
static void
test_refresh_keeps_rows (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *desk = lk_staff_desk_new (env.store, env.config);
  GtkWidget *before, *after;
  g_autoptr(GError) error = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_set_child (GTK_WINDOW (window), desk);
  gtk_window_present (GTK_WINDOW (window));
  settle (window);
  before = find_button (window, env.reopened);
  g_assert_nonnull (before);
  lk_staff_desk_refresh (LK_STAFF_DESK (desk));
  g_assert_true (find_button (window, env.reopened) == before);
  /* updated_at has a one-second grain: make sure the note is newer. */
  g_usleep (1100 * 1000);
  g_assert_true (lt_store_add_note (env.store, env.reopened, "物业已上门", "staff", &error));
  g_assert_no_error (error);
  lk_staff_desk_refresh (LK_STAFF_DESK (desk));
  after = find_button (window, env.reopened);
  g_assert_nonnull (after);
  g_assert_true (after != before);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  setup ();
  for (guint i = 0; i < G_N_ELEMENTS (screens); i++)
    {
      g_autofree char *path = g_strdup_printf ("/staff/look/%s", screens[i].name);

      g_test_add_data_func (path, &screens[i], test_views);
    }
  g_test_add_func ("/staff/no-store", test_no_store);
  g_test_add_func ("/staff/refresh-keeps-rows", test_refresh_keeps_rows);
  status = g_test_run ();
  teardown ();
  return status;
}
