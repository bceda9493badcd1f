/* lk-window.h — the kiosk's one window: a stack of screens, the report
 * being filled in, the voice, and the idle watch.
 *
 * Screens are LkPage widgets in a GtkStack, found by name ("home",
 * "category", "describe", "location", "phone", "confirm", "receipt",
 * "lookup", "status", "pin", "staff", "handwriting", "voice"). Navigation
 * keeps a history so 返回 goes where the resident came from. */

#pragma once

#include <gtk/gtk.h>
#include "lt-config.h"
#include "lt-store.h"
#include "lk-draft.h"
#include "lk-speech.h"

G_BEGIN_DECLS

#define LK_TYPE_WINDOW (lk_window_get_type ())
G_DECLARE_FINAL_TYPE (LkWindow, lk_window, LK, WINDOW, GtkApplicationWindow)

/* @store may be NULL when it could not be opened at start: it is then
 * opened again, at @db_path, when a report is submitted. */
LkWindow   *lk_window_new             (GtkApplication *app, LtConfig *config,
                                       LtStore *store, const char *db_path);

/* The LkWindow holding @widget, or NULL while it is not in one. */
LkWindow   *lk_window_from_widget     (GtkWidget *widget);

LtConfig   *lk_window_get_config      (LkWindow *self);
/* The store, opening it now if it failed before; NULL with @error. */
LtStore    *lk_window_get_store       (LkWindow *self, GError **error);
LkDraft    *lk_window_get_draft       (LkWindow *self);
LkSpeech   *lk_window_get_speech      (LkWindow *self);
GtkWidget  *lk_window_get_page        (LkWindow *self, const char *name);
const char *lk_window_get_page_name   (LkWindow *self);
gboolean    lk_window_get_portrait    (LkWindow *self);

/* Shows the screen @name, remembering the current one for 返回. */
void        lk_window_go              (LkWindow *self, const char *name);
/* 返回: the previous screen, or home. */
void        lk_window_back            (LkWindow *self);
/* 首页: wipes the draft and every screen, puts the voice and text size
 * back to the hall's settings, then shows home. */
void        lk_window_home            (LkWindow *self);
/* After a receipt: 返回 must not lead back into a filed report. */
void        lk_window_forget_history  (LkWindow *self);

/* A tap or key: stops speech, restarts the idle watch and tells the
 * current screen (the receipt then stays). */
void        lk_window_user_active     (LkWindow *self);
/* Writing or speaking is activity too: restarts the idle watch without
 * stopping the voice (a stroke, a second of recording). */
void        lk_window_keep_awake      (LkWindow *self);
/* Reads @text aloud when the voice is on. */
void        lk_window_say             (LkWindow *self, const char *text);
/* Saves a PNG of every screen into @dir as it is first drawn
 * (NNN-name.png); NULL stops. */
void        lk_window_set_screenshot_dir (LkWindow *self, const char *dir);
/* The idle question: TRUE while it is on screen. */
gboolean    lk_window_idle_showing    (LkWindow *self);

G_END_DECLS
