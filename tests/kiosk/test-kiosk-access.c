/* test-kiosk-access.c — the kiosk for every resident, on the real window:
 *
 * - more choices than fit: a hall with 30 buildings and a category with 12
 *   common problems page with 上一页 / 下一页 and "第 2 / 3 页" at
 *   1920×1080, 1280×800 and portrait 1080×1920, and every choice can be
 *   reached;
 * - nothing moves under a finger when a hint, an error or a count appears:
 *   every button's place is compared before and after, on every screen
 *   that shows one;
 * - every resident starts with the hall's defaults: voice and text size
 *   switched on the home screen go back to the config's whenever the kiosk
 *   goes home (首页, the receipt's countdown, the idle question);
 * - the receipt screen: a tap starts its countdown again, 再听一遍 reads it
 *   again, the SMS line says "being sent" until the store's outbox row is
 *   sent and then "sent", "发短信 查+回执号 到 <number>" names [sms] number,
 *   and 打印回执 is offered when no phone was left and a printer is set;
 * - headings never break inside a word (between two Chinese characters,
 *   or inside a Latin word), in normal and larger text; the placeholder
 *   that says typing is optional is drawn at 7:1 or more (measured on the
 *   drawn pixels).
 *
 * Runs in-process (gtk_test_init) under Xvfb; the three screen sizes are
 * windows in this one process. */

#define G_LOG_DOMAIN "test-kiosk-access"

#include "config.h"

#include <math.h>
#include <glib/gstdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "kiosk-fixture.h"
#include "lk-draft.h"
#include "lk-idle-overlay.h"
#include "lk-page.h"
#include "lk-pager.h"
#include "lk-receipt-page.h"
#include "lk-screenshot.h"
#include "lk-status-page.h"
#include "lt-pin.h"
#include "lt-receipt.h"

#include <sqlite3.h>

#define MIN_TARGET 96.0

static KioskEnv *env;

static const char config_text[] =
  "[site]\n"
  "name = 幸福里社区服务站\n"
  "origin = 12\n"
  "busy-timeout = 300\n"
  "buildings = 1号楼;2号楼;3号楼;4号楼;5号楼;6号楼;7号楼;8号楼;9号楼;10号楼;11号楼;12号楼;"
  "13号楼;14号楼;15号楼;16号楼;17号楼;18号楼;19号楼;20号楼;21号楼;22号楼;23号楼;24号楼;"
  "小区广场;地下车库;东门;西门;幼儿园旁;老年活动中心\n"
  "[category:roads]\n"
  "name = 道路交通\n"
  "problems = 路面坑洼;路灯不亮;井盖缺失;乱停车占道;红绿灯故障;人行道破损;"
  "积水排不出;路边摊占道;共享单车乱放;减速带损坏;护栏损坏;道路施工扰民\n"
  "[sms]\n"
  "number = 10690012345\n"
  "[kiosk]\n"   /* last: main() adds the staff PIN's hash */
  "receipt-printer = HallSlips\n"
  "voice = false\n"
  "microphone = " KIOSK_TEST_MICROPHONE "\n"   /* 手写 and 说一段话 shown */
  "receipt-seconds = 5\n";

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

/* --- nothing moves ------------------------------------------------------ */

/* Every button in @before that is still on screen in @after is exactly
 * where it was. */
static void
assert_unmoved (const char *before, const char *after, const char *where)
{
  g_auto(GStrv) a = g_strsplit (before, "\n", -1);
  g_auto(GStrv) b = g_strsplit (after, "\n", -1);
  guint compared = 0;

  for (guint i = 0; a[i] && *a[i]; i++)
    {
      const char *at = strrchr (a[i], '@');
      gsize name_len = (gsize) (at - a[i]) + 1;

      for (guint j = 0; b[j]; j++)
        if (strncmp (a[i], b[j], name_len) == 0)
          {
            if (strcmp (a[i], b[j]) != 0)
              g_error ("%s: a button moved: %s → %s", where, a[i], b[j]);
            compared++;
            break;
          }
    }
  g_assert_cmpuint (compared, >, 0);
}

static char *
places (LkWindow *window)
{
  kiosk_settle (GTK_WIDGET (window));
  return kiosk_button_places (GTK_WIDGET (window), GTK_WIDGET (window));
}

static void
type_digits (GtkWidget *page, const char *digits)
{
  for (const char *p = digits; *p; p++)
    {
      char key[2] = { *p, 0 };

      kiosk_tap (page, key);
    }
}

/* The PIN screen's answer to a wrong PIN (checked off the main loop). */
static gboolean
wrong_pin_said (gpointer page)
{
  return kiosk_has_label (page, _("密码不对，请再输一次。"));
}

/* A receipt number with a wrong check digit. */
static void
wrong_receipt (char out[LT_RECEIPT_LEN + 1])
{
  g_strlcpy (out, "12000034", LT_RECEIPT_LEN + 1);
  out[8] = (char) ('0' + (lt_receipt_damm (out, 8) + 1) % 10);
  out[9] = '\0';
}

/* Waits until a countdown @label shows something else. */
static void
wait_for_change (GtkWidget *label)
{
  g_autofree char *was = g_strdup (gtk_label_get_text (GTK_LABEL (label)));
  gint64 deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;

  while (g_strcmp0 (was, gtk_label_get_text (GTK_LABEL (label))) == 0 &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (was, !=, gtk_label_get_text (GTK_LABEL (label)));
}

static GtkWidget *
find_label_with_class (GtkWidget *root, const char *css_class)
{
  if (GTK_IS_LABEL (root) && gtk_widget_has_css_class (root, css_class))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_with_class (child, css_class);

      if (found)
        return found;
    }
  return NULL;
}

static void
test_nothing_moves (void)
{
  for (guint s = 0; s < G_N_ELEMENTS (kiosk_screens); s++)
    {
      const KioskScreen *screen = &kiosk_screens[s];
      LkWindow *window = kiosk_window_new (env, screen);
      LkDraft *draft = lk_window_get_draft (window);
      GtkWidget *page, *overlay;
      g_autofree char *where = NULL;
      g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL;
      char wrong[LT_RECEIPT_LEN + 1];
      LtSubmission sub = { LT_CHANNEL_KIOSK, "roads", "路灯不亮", NULL, "13912345678", NULL };
      g_autoptr(GError) error = NULL;
      g_autoptr(LtTicket) ticket = NULL;
      sqlite3 *db = NULL;

      /* 查询办理进度: a count, then "one digit is wrong", then 删除. */
      g_free (where), where = g_strdup_printf ("lookup at %s", screen->name);
      lk_window_go (window, "lookup");
      page = lk_window_get_page (window, "lookup");
      a = places (window);
      type_digits (page, "1");
      b = places (window);
      assert_unmoved (a, b, where);
      wrong_receipt (wrong);
      type_digits (page, wrong + 1);
      g_assert_true (kiosk_has_label (page, _("这个号码有一位不对，请对照回执再看一下，按删除修改")));
      g_free (c), c = places (window);
      kiosk_save_png (GTK_WIDGET (window), screen, "access-lookup-wrong");
      assert_unmoved (b, c, where);
      kiosk_tap (page, _("删除"));
      g_free (d), d = places (window);
      assert_unmoved (c, d, where);
      /* In a hall the same room holds the hub's answers (lk-hall.c), the
       * longest of the lookup's sentences: they fit it too. */
      {
        static const char *const hall_answers[] = {
          N_("已登记，正在上传。办理进度稍后可以查到。"),
          N_("现在连不上服务中心，请稍后再试，或请工作人员帮忙。"),
          N_("本机查不了，请发短信“查”加号码，或请工作人员帮忙。"),
        };
        GtkLabel *hint = GTK_LABEL (find_label_with_class (page, "lk-message"));

        for (guint i = 0; i < G_N_ELEMENTS (hall_answers); i++)
          {
            g_autofree char *answer_where = g_strdup_printf ("%s, answer “%s”", where,
                                                             _(hall_answers[i]));

            gtk_label_set_text (hint, _(hall_answers[i]));
            g_free (b), b = places (window);
            assert_unmoved (d, b, answer_where);
          }
      }

      /* The phone number: a count, then "not a mobile number". */
      lk_window_home (window);
      g_free (where), where = g_strdup_printf ("phone at %s", screen->name);
      lk_draft_set_category (draft, "roads");
      lk_draft_toggle_problem (draft, "路灯不亮", TRUE);
      lk_window_go (window, "phone");
      page = lk_window_get_page (window, "phone");
      g_free (a), a = places (window);
      type_digits (page, "1234567890");
      g_free (b), b = places (window);
      assert_unmoved (a, b, where);
      type_digits (page, "1");
      g_assert_true (kiosk_has_label (page, _("这好像不是手机号码，请按删除改一下")));
      g_free (c), c = places (window);
      assert_unmoved (b, c, where);

      /* The staff PIN: a wrong one. */
      lk_window_home (window);
      g_free (where), where = g_strdup_printf ("pin at %s", screen->name);
      lk_window_go (window, "pin");
      page = lk_window_get_page (window, "pin");
      g_free (a), a = places (window);
      type_digits (page, "1111");
      kiosk_tap (page, _("确定"));
      g_assert_true (kiosk_wait_until (wrong_pin_said, page, 20));
      kiosk_settle (GTK_WIDGET (window));
      g_free (b), b = places (window);
      assert_unmoved (a, b, where);

      /* Common problems: choosing one wakes 下一步. */
      lk_window_home (window);
      g_free (where), where = g_strdup_printf ("describe at %s", screen->name);
      lk_draft_set_category (draft, "roads");
      g_assert_true (kiosk_notes_ready (window));
      lk_window_go (window, "describe");
      page = lk_window_get_page (window, "describe");
      g_assert_true (gtk_widget_get_visible (kiosk_find_button (page, _("手写"))));
      g_assert_true (gtk_widget_get_visible (kiosk_find_button (page, _("说一段话"))));
      g_free (a), a = places (window);
      kiosk_tap (page, "路灯不亮");
      g_free (b), b = places (window);
      assert_unmoved (a, b, where);

      /* 确认提交 while the store is locked: the error appears, 再试一次
       * takes 确认提交's place and nothing else moves. */
      g_free (where), where = g_strdup_printf ("confirm at %s", screen->name);
      lk_window_go (window, "confirm");
      page = lk_window_get_page (window, "confirm");
      g_free (a), a = places (window);
      g_assert_cmpint (sqlite3_open (env->db, &db), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (db, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);
      kiosk_tap (page, _("确认提交"));
      while (!gtk_widget_get_visible (kiosk_find_button (page, _("再试一次"))))
        g_main_context_iteration (NULL, TRUE);
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      sqlite3_close (db);
      g_free (b), b = places (window);
      assert_unmoved (a, b, where);
      {
        graphene_rect_t submit, retry;
        g_autofree char *submit_place = NULL;

        /* Where 确认提交 was, in the snapshot before. */
        submit_place = g_strdup (strstr (a, _("确认提交")));
        *strchr (submit_place, '\n') = '\0';
        g_assert_true (gtk_widget_compute_bounds (kiosk_find_button (page, _("再试一次")),
                                                  GTK_WIDGET (window), &retry));
        g_assert_cmpint (sscanf (strchr (submit_place, '@') + 1, "%f,%f,%f,%f",
                                 &submit.origin.x, &submit.origin.y,
                                 &submit.size.width, &submit.size.height), ==, 4);
        g_assert_cmpfloat (fabs (submit.origin.x - retry.origin.x), <, 1);
        g_assert_cmpfloat (fabs (submit.origin.y - retry.origin.y), <, 1);
      }

      /* The receipt: its countdown ticks. */
      lk_window_home (window);
      g_free (where), where = g_strdup_printf ("receipt at %s", screen->name);
      ticket = lt_store_submit (env->store, &sub, &error);
      g_assert_no_error (error);
      page = lk_window_get_page (window, "receipt");
      lk_receipt_page_set_ticket (LK_RECEIPT_PAGE (page), ticket);
      lk_window_go (window, "receipt");
      g_free (a), a = places (window);
      wait_for_change (find_label_with_class (page, "lk-countdown"));
      g_free (b), b = places (window);
      assert_unmoved (a, b, where);

      /* The idle question: its countdown ticks under 继续. */
      lk_window_home (window);
      g_free (where), where = g_strdup_printf ("idle question at %s", screen->name);
      lk_draft_set_category (draft, "roads");
      lk_window_go (window, "category");
      kiosk_settle (GTK_WIDGET (window));
      overlay = gtk_widget_get_last_child (gtk_widget_get_first_child (GTK_WIDGET (window)));
      g_assert_true (LK_IS_IDLE_OVERLAY (overlay));
      lk_idle_overlay_start (LK_IDLE_OVERLAY (overlay), 10);
      /* The page behind the question takes nothing. */
      g_assert_false (gtk_widget_is_sensitive (lk_window_get_page (window, "category")));
      /* The first layout of the question can take a frame more. */
      kiosk_settle (GTK_WIDGET (window));
      g_free (a), a = places (window);
      wait_for_change (find_label_with_class (overlay, "lk-idle-countdown"));
      g_free (b), b = places (window);
      assert_unmoved (a, b, where);
      lk_idle_overlay_stop (LK_IDLE_OVERLAY (overlay));

      gtk_window_destroy (GTK_WINDOW (window));
    }
}

/* --- each resident starts afresh ---------------------------------------- */

static GtkWidget *
setting_toggle (LkWindow *window, guint index)
{
  g_autoptr(GPtrArray) buttons = kiosk_visible_buttons (lk_window_get_page (window, "home"));
  guint seen = 0;

  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);

      if (gtk_widget_has_css_class (button, "lk-setting") && seen++ == index)
        return button;
    }
  g_error ("no setting %u on the home screen", index);
}

static void
switch_settings (LkWindow *window)
{
  GtkWidget *voice = setting_toggle (window, 0);
  GtkWidget *large = setting_toggle (window, 1);

  /* The config says voice off: a resident turns it on, and large text. */
  g_assert_false (lk_speech_get_enabled (lk_window_get_speech (window)));
  g_signal_emit_by_name (voice, "clicked");
  g_signal_emit_by_name (large, "clicked");
  g_assert_true (lk_speech_get_enabled (lk_window_get_speech (window)));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window), "large-text"));
}

static void
assert_hall_defaults (LkWindow *window, const char *how)
{
  if (lk_speech_get_enabled (lk_window_get_speech (window)) ||
      gtk_widget_has_css_class (GTK_WIDGET (window), "large-text") ||
      gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (setting_toggle (window, 0))) ||
      gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (setting_toggle (window, 1))))
    g_error ("after %s the last resident's voice or text size is still on", how);
}

static GtkWidget *
nav_button (GtkWidget *page, const char *name)
{
  g_autoptr(GPtrArray) buttons = kiosk_visible_buttons (page);

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (kiosk_button_name (g_ptr_array_index (buttons, i)), name) == 0)
      return g_ptr_array_index (buttons, i);
  g_error ("no button %s", name);
}

static void
test_settings_reset (void)
{
  LkWindow *window = kiosk_window_new (env, NULL);
  LtSubmission sub = { LT_CHANNEL_KIOSK, "roads", "路灯不亮", NULL, NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(LtTicket) ticket = lt_store_submit (env->store, &sub, &error);
  GtkWidget *page;

  g_assert_no_error (error);

  /* 首页 from a later screen. */
  switch_settings (window);
  lk_window_go (window, "category");
  g_signal_emit_by_name (nav_button (lk_window_get_page (window, "category"), _("首页")), "clicked");
  assert_hall_defaults (window, "首页");

  /* The receipt's countdown running out (receipt-seconds = 5). */
  switch_settings (window);
  page = lk_window_get_page (window, "receipt");
  lk_receipt_page_set_ticket (LK_RECEIPT_PAGE (page), ticket);
  lk_window_go (window, "receipt");
  while (g_strcmp0 (lk_window_get_page_name (window), "home") != 0)
    g_main_context_iteration (NULL, TRUE);
  assert_hall_defaults (window, "the receipt's countdown");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* --- the receipt screen ------------------------------------------------- */

static gboolean
page_is_home (gpointer window)
{
  return g_strcmp0 (lk_window_get_page_name (window), "home") == 0;
}

static gboolean
sms_sent_shown (gpointer page)
{
  return kiosk_has_label (page, "短信已发送至 139****5678");
}

static void
test_receipt_screen (void)
{
  LkWindow *window = kiosk_window_new (env, NULL);
  GtkWidget *page = lk_window_get_page (window, "receipt");
  LkSpeech *speech = lk_window_get_speech (window);
  LtSubmission sub = { LT_CHANNEL_KIOSK, "roads", "路灯不亮", NULL, "13912345678", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(LtTicket) with_phone = lt_store_submit (env->store, &sub, &error);
  g_autoptr(LtTicket) without = NULL;
  g_autoptr(LtOutboxMessage) claimed = NULL;
  g_autofree char *prompt = NULL;
  GtkWidget *countdown = find_label_with_class (page, "lk-countdown");
  gint64 shown_at;

  g_assert_no_error (error);
  /* Drain what earlier tests queued, so the claim below is this one's. */
  while ((claimed = lt_store_outbox_claim (env->store, G_MAXINT64 / 2, &error)) &&
         g_strcmp0 (claimed->receipt, with_phone->receipt) != 0)
    {
      g_assert_true (lt_store_outbox_mark_sent (env->store, claimed->id, 1, &error));
      g_clear_pointer (&claimed, lt_outbox_message_free);
    }
  g_assert_nonnull (claimed);
  g_assert_true (lt_store_outbox_mark_failed (env->store, claimed->id, "not yet",
                                              g_get_real_time () / G_USEC_PER_SEC, &error));
  g_clear_pointer (&claimed, lt_outbox_message_free);

  lk_receipt_page_set_ticket (LK_RECEIPT_PAGE (page), with_phone);
  lk_window_go (window, "receipt");
  kiosk_settle (GTK_WIDGET (window));

  /* Queued: the screen does not claim it was sent. */
  g_assert_true (kiosk_has_label (page, "短信正在发往 139****5678"));
  g_assert_false (sms_sent_shown (page));
  g_assert_true (kiosk_has_label (page, "发短信“查+回执号”到 10690012345"));
  g_assert_false (gtk_widget_get_visible (kiosk_find_button (page, "打印回执")));

  /* The listener sends it: the line changes by itself. */
  claimed = lt_store_outbox_claim (env->store, G_MAXINT64 / 2, &error);
  g_assert_no_error (error);
  g_assert_nonnull (claimed);
  g_assert_cmpstr (claimed->receipt, ==, with_phone->receipt);
  g_assert_true (lt_store_outbox_mark_sent (env->store, claimed->id, 9, &error));
  lk_window_user_active (window);   /* keep the screen while waiting */
  g_assert_true (kiosk_wait_until (sms_sent_shown, page, 4));

  /* A tap keeps the screen: the countdown starts again (5 s here). Two
   * seconds after one tap, another: more than 5 s after the first, the
   * receipt is still there. */
  lk_window_user_active (window);
  shown_at = g_get_monotonic_time ();
  wait_for_change (countdown);
  wait_for_change (countdown);
  lk_window_user_active (window);
  g_assert_true (kiosk_has_label (page, "5 秒后回到首页"));
  while (g_get_monotonic_time () - shown_at < 5500 * 1000)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (lk_window_get_page_name (window), ==, "receipt");

  /* 再听一遍 reads the receipt again, and keeps the screen too. */
  lk_speech_set_enabled (speech, TRUE);
  g_signal_emit_by_name (nav_button (page, "再听一遍"), "clicked");
  prompt = lk_page_prompt (LK_PAGE (page));
  g_assert_cmpstr (lk_speech_get_last (speech), ==, prompt);
  g_assert_nonnull (strstr (prompt, "幺 2 0"));
  g_assert_true (kiosk_has_label (page, "5 秒后回到首页"));
  lk_speech_set_enabled (speech, FALSE);

  /* Left alone, it goes home. */
  g_assert_true (kiosk_wait_until (page_is_home, window, 8));

  /* No phone and a receipt printer: the slip is offered. */
  sub.phone = NULL;
  without = lt_store_submit (env->store, &sub, &error);
  g_assert_no_error (error);
  lk_receipt_page_set_ticket (LK_RECEIPT_PAGE (page), without);
  lk_window_go (window, "receipt");
  g_assert_true (gtk_widget_get_visible (kiosk_find_button (page, "打印回执")));
  g_assert_true (kiosk_has_label (page, "没有留电话"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* --- layout ------------------------------------------------------------- */

static gboolean
is_ideograph (gunichar c)
{
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
}

/* Fails when a line of @label starts inside a word: in Chinese, which has
 * no spaces, anywhere but after punctuation; elsewhere, inside a run of
 * letters. */
static void
assert_whole_words (GtkWidget *label, const char *where)
{
  PangoLayout *layout = gtk_label_get_layout (GTK_LABEL (label));
  const char *text = pango_layout_get_text (layout);
  GSList *lines = pango_layout_get_lines_readonly (layout);

  for (GSList *l = lines ? lines->next : NULL; l; l = l->next)
    {
      PangoLayoutLine *line = l->data;
      const char *at = text + line->start_index;
      gunichar before, after;

      if (line->start_index == 0)
        continue;
      before = g_utf8_get_char (g_utf8_prev_char (at));
      after = g_utf8_get_char (at);
      /* A word joiner glues what is around it: look past it. */
      if (before == 0x2060)
        before = g_utf8_get_char (g_utf8_prev_char (g_utf8_prev_char (at)));
      if (after == 0x2060)
        after = g_utf8_get_char (g_utf8_next_char (at));
      g_test_message ("%s: a heading breaks before \"%s\"", where, at);
      if ((is_ideograph (before) && is_ideograph (after)) ||
          (g_unichar_isalnum (before) && g_unichar_isalnum (after) &&
           !is_ideograph (before) && !is_ideograph (after)))
        g_error ("%s: the heading \"%s\" breaks inside a word, before \"%s\"", where, text, at);
    }
}

static void
check_headings (GtkWidget *widget, const char *where, guint *count)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "lk-heading"))
    {
      assert_whole_words (widget, where);
      (*count)++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    check_headings (child, where, count);
}

static double
channel (double c)
{
  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
luminance (const guchar *p)
{
  return 0.2126 * channel (p[0] / 255.0) + 0.7152 * channel (p[1] / 255.0) +
         0.0722 * channel (p[2] / 255.0);
}

/* The contrast of the darkest pixel inside @entry (its text) against the
 * lightest (its background), as drawn in @window. */
static double
drawn_contrast (GtkWidget *window, GtkWidget *entry, const KioskScreen *screen)
{
  g_autofree char *path = g_build_filename (env->dir, "placeholder.png", NULL);
  g_autoptr(GdkPixbuf) shot = NULL;
  g_autoptr(GError) error = NULL;
  graphene_rect_t r;
  double darkest = 1, lightest = 0;
  int stride, channels;
  const guchar *pixels;

  g_assert_true (lk_screenshot_save (window, path, &error));
  shot = gdk_pixbuf_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_true (gtk_widget_compute_bounds (entry, window, &r));
  stride = gdk_pixbuf_get_rowstride (shot);
  channels = gdk_pixbuf_get_n_channels (shot);
  pixels = gdk_pixbuf_read_pixels (shot);
  /* Inside the 3 px border and the rounded corners. */
  for (int y = (int) r.origin.y + 12; y < (int) (r.origin.y + r.size.height) - 12; y++)
    for (int x = (int) r.origin.x + 12; x < (int) (r.origin.x + r.size.width) - 12; x++)
      {
        double l = luminance (pixels + y * stride + x * channels);

        darkest = MIN (darkest, l);
        lightest = MAX (lightest, l);
      }
  (void) screen;
  g_remove (path);
  return (lightest + 0.05) / (darkest + 0.05);
}

static GtkWidget *
find_entry (GtkWidget *root)
{
  if (GTK_IS_ENTRY (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_entry (child);

      if (found)
        return found;
    }
  return NULL;
}

static void
test_layout (void)
{
  static const char *const pages[] = {
    "category", "describe", "location", "phone", "confirm", "receipt", "lookup", "status", "pin",
  };
  LtSubmission sub = { LT_CHANNEL_KIOSK, "roads", "路灯不亮", NULL, "13912345678", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(LtTicket) ticket = lt_store_submit (env->store, &sub, &error);

  g_assert_no_error (error);
  for (guint s = 0; s < G_N_ELEMENTS (kiosk_screens); s++)
    {
      const KioskScreen *screen = &kiosk_screens[s];
      LkWindow *window = kiosk_window_new (env, screen);
      LkDraft *draft = lk_window_get_draft (window);
      GtkWidget *entry;
      double ratio;

      for (guint large = 0; large < 2; large++)
        {
          guint headings = 0;

          lk_window_home (window);
          if (large)
            gtk_widget_add_css_class (GTK_WIDGET (window), "large-text");
          lk_draft_set_category (draft, "roads");
          lk_draft_toggle_problem (draft, "路灯不亮", TRUE);
          lk_receipt_page_set_ticket (LK_RECEIPT_PAGE (lk_window_get_page (window, "receipt")), ticket);
          lk_status_page_set_ticket (LK_STATUS_PAGE (lk_window_get_page (window, "status")), ticket);
          for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
            {
              g_autofree char *where = g_strdup_printf ("%s at %s%s", pages[i], screen->name,
                                                        large ? ", larger text" : "");

              lk_window_go (window, pages[i]);
              kiosk_settle (GTK_WIDGET (window));
              check_headings (lk_window_get_page (window, pages[i]), where, &headings);
            }
          g_assert_cmpuint (headings, >=, G_N_ELEMENTS (pages));
        }

      /* The placeholder, as drawn. */
      lk_window_home (window);
      lk_draft_set_category (draft, "roads");
      lk_window_go (window, "describe");
      gtk_window_set_focus (GTK_WINDOW (window), NULL);
      kiosk_settle (GTK_WIDGET (window));
      entry = find_entry (lk_window_get_page (window, "describe"));
      g_assert_nonnull (entry);
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
      ratio = drawn_contrast (GTK_WIDGET (window), entry, screen);
      g_test_message ("placeholder at %s: %.2f:1", screen->name, ratio);
      g_assert_cmpfloat (ratio, >=, 7.0);

      gtk_window_destroy (GTK_WINDOW (window));
    }
}

int
main (int argc, char **argv)
{
  g_autofree char *hash = NULL;
  g_autofree char *text = NULL;
  int status;

  kiosk_fixture_init (&argc, &argv);
  hash = lt_pin_hash ("2580", NULL);
  text = g_strdup_printf ("%sstaff-pin-hash = %s\n", config_text, hash);
  env = kiosk_env_new (text);
  g_test_add_func ("/kiosk/access/paging", test_paging);
  g_test_add_func ("/kiosk/access/nothing-moves", test_nothing_moves);
  g_test_add_func ("/kiosk/access/settings-reset", test_settings_reset);
  g_test_add_func ("/kiosk/access/receipt-screen", test_receipt_screen);
  g_test_add_func ("/kiosk/access/layout", test_layout);
  status = g_test_run ();
  kiosk_env_free (env);
  return status;
}
