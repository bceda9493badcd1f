/* kiosk-fixture.h — what the kiosk's in-process tests share: a store and a
 * config in a temporary folder, a real window at one of the three screen
 * sizes, waiting for it to draw, finding and tapping its buttons, and
 * measuring where they are.
 *
 * Every test program calls kiosk_fixture_init first (gtk_test_init, the
 * translations built beside the tests, the kiosk's style). */

#pragma once

#include <gtk/gtk.h>

#include "lk-window.h"
#include "lt-config.h"
#include "lt-store.h"

G_BEGIN_DECLS

typedef struct
{
  int         width;
  int         height;
  const char *name;
} KioskScreen;

/* 1920×1080, 1280×800 and portrait 1080×1920. */
extern const KioskScreen kiosk_screens[3];

typedef struct
{
  char     *dir;
  char     *conf;
  char     *db;
  LtConfig *config;
  LtStore  *store;
} KioskEnv;

void        kiosk_fixture_init   (int *argc, char ***argv);

/* A temporary folder holding laiting.conf with @config_text and a fresh
 * store (laiting.db). */
KioskEnv   *kiosk_env_new        (const char *config_text);
void        kiosk_env_free       (KioskEnv *env);

/* A kiosk window on @env, presented at @screen's size (any size when NULL)
 * and drawn. */
LkWindow   *kiosk_window_new     (KioskEnv *env, const KioskScreen *screen);
/* A test microphone for [kiosk] microphone: with it (and the handwriting
 * model) the describe screen shows 手写 and 说一段话. */
#define KIOSK_TEST_MICROPHONE "audiotestsrc is-live=true wave=sine freq=440 volume=0.3"
/* Waits until @window has loaded the handwriting model and checked the
 * microphone; TRUE when both notes are offered. */
gboolean    kiosk_notes_ready    (LkWindow *window);
/* Runs the main loop until pending work is done and the window has drawn
 * twice (a page change can queue a second layout). */
void        kiosk_settle         (GtkWidget *window);
/* Runs the main loop until @done (polled) is TRUE, at most @seconds. */
gboolean    kiosk_wait_until     (gboolean (*done) (gpointer), gpointer data, guint seconds);

/* Runs the main loop until @done (polled) is TRUE; aborts the test,
 * naming @what, after @seconds. */
void        kiosk_wait_for       (gboolean (*done) (gpointer), gpointer data, double seconds,
                                  const char *what);

GtkWidget  *kiosk_find_button    (GtkWidget *root, const char *label);
/* The first widget of @type under @root (itself included), or NULL. */
GtkWidget  *kiosk_find_type      (GtkWidget *root, GType type);
/* Emits clicked on the button labelled @label under @root; it must exist. */
void        kiosk_tap            (GtkWidget *root, const char *label);
/* TRUE when a visible label under @root contains @part. */
gboolean    kiosk_has_label      (GtkWidget *root, const char *part);

/* The visible buttons under @root, in tree order. */
GPtrArray  *kiosk_visible_buttons (GtkWidget *root);
/* A button's label, or the first text inside it (返回, 首页, 上一页…). */
const char *kiosk_button_name    (GtkWidget *button);
/* Each visible button's name and place in @window, "name@x,y,w,h" per
 * line: two snapshots compare equal when nothing moved. */
char       *kiosk_button_places  (GtkWidget *window, GtkWidget *root);
/* Font size in px of @widget's text. */
double      kiosk_font_px        (GtkWidget *widget);

/* Saves a PNG of @window as $G_TEST_BUILDDIR/screenshots/NAME-SCREEN.png,
 * with the language appended outside Simplified Chinese. */
void        kiosk_save_png       (GtkWidget *window, const KioskScreen *screen, const char *name);

G_END_DECLS
