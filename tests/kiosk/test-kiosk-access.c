/* test-kiosk-access.c — the kiosk for every resident, on the real window:
 *
 * - more choices than fit: a hall with 30 buildings and a category with 12
 *   common problems page with 上一页 / 下一页 and "第 2 / 3 页" at
 *   1920×1080, 1280×800 and portrait 1080×1920, and every choice can be
 *   reached;
 *
 * Runs in-process (gtk_test_init) under Xvfb; the three screen sizes are
 * windows in this one process. */

#define G_LOG_DOMAIN "test-kiosk-access"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "kiosk-fixture.h"
#include "lk-draft.h"
#include "lk-pager.h"

#define MIN_TARGET 96.0

static KioskEnv *env;

static const char config_text[] =
  "[site]\n"
  "name = 幸福里社区服务站\n"
  "origin = 12\n"
  "buildings = 1号楼;2号楼;3号楼;4号楼;5号楼;6号楼;7号楼;8号楼;9号楼;10号楼;11号楼;12号楼;"
  "13号楼;14号楼;15号楼;16号楼;17号楼;18号楼;19号楼;20号楼;21号楼;22号楼;23号楼;24号楼;"
  "小区广场;地下车库;东门;西门;幼儿园旁;老年活动中心\n"
  "[kiosk]\n"
  "voice = false\n"
  "[category:roads]\n"
  "name = 道路交通\n"
  "problems = 路面坑洼;路灯不亮;井盖缺失;乱停车占道;红绿灯故障;人行道破损;"
  "积水排不出;路边摊占道;共享单车乱放;减速带损坏;护栏损坏;道路施工扰民\n";

#define N_BUILDINGS 30
#define N_PROBLEMS 12

/* --- paging -------------------------------------------------------------- */

static LkPager *
find_pager (GtkWidget *root)
{
  if (LK_IS_PAGER (root))
    return LK_PAGER (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      LkPager *found = find_pager (child);

      if (found)
        return found;
    }
  return NULL;
}

/* Pages through @page's pager with 下一页 to the end, checking each page's
 * buttons are on screen and big enough; returns every label seen, in
 * order, and the number of pages in @n_pages. */
static GPtrArray *
page_through (LkWindow *window, GtkWidget *page, const KioskScreen *screen,
              const char *shot, guint *n_pages)
{
  GtkWidget *widget = GTK_WIDGET (window);
  LkPager *pager = find_pager (page);
  GPtrArray *seen = g_ptr_array_new_with_free_func (g_free);
  guint pages = 0;

  g_assert_nonnull (pager);
  for (guint turn = 0; turn < 40; turn++)
    {
      g_autoptr(GPtrArray) buttons = NULL;
      g_autofree char *position = NULL;
      GtkWidget *next;

      kiosk_settle (widget);
      pages++;
      buttons = kiosk_visible_buttons (GTK_WIDGET (pager));
      for (guint i = 0; i < buttons->len; i++)
        {
          GtkWidget *button = g_ptr_array_index (buttons, i);
          const char *label = gtk_button_get_label (GTK_BUTTON (button));
          graphene_rect_t r;

          if (label == NULL)      /* 上一页 / 下一页 */
            continue;
          g_assert_true (gtk_widget_compute_bounds (button, widget, &r));
          if (r.size.width < MIN_TARGET || r.size.height < MIN_TARGET ||
              r.origin.x < 0 || r.origin.y < 0 ||
              r.origin.x + r.size.width > screen->width ||
              r.origin.y + r.size.height > screen->height)
            g_error ("%s at %s: \"%s\" is at %.0f,%.0f %.0f×%.0f", shot, screen->name, label,
                     r.origin.x, r.origin.y, r.size.width, r.size.height);
          g_ptr_array_add (seen, g_strdup (label));
        }
      if (lk_pager_get_n_pages (pager) > 1)
        {
          position = g_strdup_printf (_("第 %u / %u 页"), lk_pager_get_page (pager) + 1,
                                      lk_pager_get_n_pages (pager));
          g_assert_true (kiosk_has_label (page, position));
        }
      if (turn == 0)
        kiosk_save_png (widget, screen, shot);
      next = NULL;
      for (guint i = 0; i < buttons->len && next == NULL; i++)
        {
          GtkWidget *button = g_ptr_array_index (buttons, i);

          if (gtk_button_get_label (GTK_BUTTON (button)) == NULL &&
              kiosk_has_label (button, _("下一页")))
            next = button;
        }
      if (next == NULL || !gtk_widget_get_sensitive (next))
        break;
      g_signal_emit_by_name (next, "clicked");
    }
  *n_pages = pages;
  return seen;
}

static void
test_paging (void)
{
  for (guint s = 0; s < G_N_ELEMENTS (kiosk_screens); s++)
    {
      const KioskScreen *screen = &kiosk_screens[s];
      LkWindow *window = kiosk_window_new (env, screen);
      LkDraft *draft = lk_window_get_draft (window);
      const LtCategory *roads = lt_config_find_category (env->config, "roads");
      const char *const *buildings = lt_config_get_buildings (env->config);
      g_autoptr(GPtrArray) seen = NULL;
      guint pages;

      /* Buildings: every one reachable, each exactly once. */
      lk_draft_set_category (draft, "roads");
      lk_draft_toggle_problem (draft, "路灯不亮", TRUE);
      lk_window_go (window, "location");
      seen = page_through (window, lk_window_get_page (window, "location"), screen,
                           "access-location-30", &pages);
      g_test_message ("%s: 30 buildings on %u pages", screen->name, pages);
      g_assert_cmpuint (seen->len, ==, N_BUILDINGS);
      for (guint i = 0; i < N_BUILDINGS; i++)
        g_assert_cmpstr (g_ptr_array_index (seen, i), ==, buildings[i]);
      g_assert_cmpuint (pages, >, 1);
      g_clear_pointer (&seen, g_ptr_array_unref);

      /* Choosing on the last page, then coming back: that page is shown
       * with the choice marked. */
      kiosk_tap (lk_window_get_page (window, "location"), buildings[N_BUILDINGS - 1]);
      g_assert_cmpstr (draft->location, ==, buildings[N_BUILDINGS - 1]);
      lk_window_back (window);
      kiosk_settle (GTK_WIDGET (window));
      g_assert_true (kiosk_has_label (lk_window_get_page (window, "location"), buildings[N_BUILDINGS - 1]));

      /* Common problems: all 12 reachable, and a choice on a later page
       * is kept. */
      lk_window_go (window, "describe");
      seen = page_through (window, lk_window_get_page (window, "describe"), screen,
                           "access-describe-12", &pages);
      g_test_message ("%s: 12 problems on %u pages", screen->name, pages);
      g_assert_cmpuint (seen->len, ==, N_PROBLEMS);
      for (guint i = 0; i < N_PROBLEMS; i++)
        g_assert_cmpstr (g_ptr_array_index (seen, i), ==, roads->problems[i]);
      kiosk_tap (lk_window_get_page (window, "describe"), roads->problems[N_PROBLEMS - 1]);
      g_assert_true (lk_draft_has_problem (draft, roads->problems[N_PROBLEMS - 1]));
      g_assert_true (lk_draft_has_problem (draft, "路灯不亮"));
      if (s == 1)
        g_assert_cmpuint (pages, >, 1);   /* 1280×800 cannot hold 12 */

      gtk_window_destroy (GTK_WINDOW (window));
    }
}

int
main (int argc, char **argv)
{
  int status;

  kiosk_fixture_init (&argc, &argv);
  env = kiosk_env_new (config_text);
  g_test_add_func ("/kiosk/access/paging", test_paging);
  status = g_test_run ();
  kiosk_env_free (env);
  return status;
}
