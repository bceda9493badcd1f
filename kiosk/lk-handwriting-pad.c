/* lk-handwriting-pad.c — the writing pad screen; see lk-handwriting-pad.h.
 *
 * A single-finger drag on the square is the resident's writing, not a
 * gesture: GtkGestureDrag collects each stroke's points, the stroke is
 * painted thick and near-black on white as the finger moves, and when the
 * finger lifts the character so far goes to the recogniser in a worker
 * thread (lk-recognizer.c). Strokes written within [kiosk]
 * handwriting-pause-ms of each other belong to one character; a stroke
 * after a longer pause starts the next character and takes the first
 * candidate of the last. Every stroke counts as activity for the idle
 * watch, so a resident writing slowly is never wiped. */

#define G_LOG_DOMAIN "lk-handwriting-pad"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "lk-handwriting-pad.h"
#include "lk-nav-bar.h"
#include "lk-page.h"
#include "lk-window.h"

#define DEFAULT_PAUSE_MS 1500

struct _LkHandwritingPad
{
  GtkWidget     parent_instance;
  GtkWidget    *nav;
  GtkWidget    *written_label;
  GtkWidget    *main_box;
  GtkWidget    *canvas;
  GtkWidget    *candidate_grid;
  GtkWidget    *candidate_hint;
  GtkWidget    *delete_button;
  GtkWidget    *clear_button;
  GtkWidget    *done_button;
  GtkWidget    *candidate_buttons[LK_RECOGNIZER_MAX_CANDIDATES];

  LkRecognizer *recognizer;
  gboolean      loading;
  GPtrArray    *strokes;        /* GArray of graphene_point_t, this character */
  graphene_point_t start;       /* of the stroke being drawn */
  GString      *written;
  GStrv         candidates;
  GCancellable *cancellable;    /* the recognition in flight */
  guint         pause_ms;
  guint         pause_id;
  gboolean      char_done;      /* paused after the last stroke */
};

enum { SIGNAL_CANDIDATES_SHOWN, N_SIGNALS };
static guint signals[N_SIGNALS];

static void lk_handwriting_pad_page_init (LkPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LkHandwritingPad, lk_handwriting_pad, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (LK_TYPE_PAGE, lk_handwriting_pad_page_init))

static LkWindow *
get_window (LkHandwritingPad *self)
{
  return lk_window_from_widget (GTK_WIDGET (self));
}

static void
say (LkHandwritingPad *self, const char *text)
{
  LkWindow *window = get_window (self);

  if (window)
    lk_window_say (window, text);
}

/* --- what is shown ------------------------------------------------------- */

static void
show_written (LkHandwritingPad *self)
{
  gboolean empty = self->written->len == 0;

  gtk_label_set_text (GTK_LABEL (self->written_label),
                      empty ? _("写的字会出现在这里") : self->written->str);
  if (empty)
    gtk_widget_add_css_class (self->written_label, "lk-written-empty");
  else
    gtk_widget_remove_css_class (self->written_label, "lk-written-empty");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->written_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("写好的字"), -1);
}

static void
show_candidates (LkHandwritingPad *self)
{
  guint n = self->candidates ? g_strv_length (self->candidates) : 0;

  for (guint i = 0; i < LK_RECOGNIZER_MAX_CANDIDATES; i++)
    {
      GtkWidget *button = self->candidate_buttons[i];

      /* An ideographic space keeps an empty button as tall as a full one. */
      gtk_button_set_label (GTK_BUTTON (button), i < n ? self->candidates[i] : "\u3000");
      /* Hidden ones stay in the grid's layout (opacity, not visibility):
       * nothing moves under a finger when candidates come and go. */
      gtk_widget_set_opacity (button, i < n ? 1.0 : 0.0);
      gtk_widget_set_sensitive (button, i < n);
      gtk_widget_set_can_target (button, i < n);
      gtk_accessible_update_state (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_STATE_HIDDEN, i >= n, -1);
    }
  gtk_widget_set_opacity (self->candidate_hint, n > 0 ? 1.0 : 0.0);
}

static void
clear_ink (LkHandwritingPad *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->pause_id, g_source_remove);
  g_ptr_array_set_size (self->strokes, 0);
  g_clear_pointer (&self->candidates, g_strfreev);
  self->char_done = FALSE;
  show_candidates (self);
  gtk_widget_queue_draw (self->canvas);
}

static void
take_candidate (LkHandwritingPad *self, guint index)
{
  g_autofree char *chosen = NULL;

  if (self->candidates == NULL || index >= g_strv_length (self->candidates))
    return;
  chosen = g_strdup (self->candidates[index]);
  g_string_append (self->written, chosen);
  clear_ink (self);
  show_written (self);
  say (self, chosen);
}

/* --- drawing ------------------------------------------------------------- */

static void
draw_cb (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  LkHandwritingPad *self = user_data;
  double line = MAX (12.0, MIN (width, height) / 28.0);
  const double dashes[] = { 12.0, 12.0 };

  /* White paper with a 田字格 guide, as children learn to write on. */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.72, 0.72, 0.72);
  cairo_set_line_width (cr, 2);
  cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
  cairo_move_to (cr, width / 2.0, 0);
  cairo_line_to (cr, width / 2.0, height);
  cairo_move_to (cr, 0, height / 2.0);
  cairo_line_to (cr, width, height / 2.0);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  cairo_set_source_rgb (cr, 0.08, 0.08, 0.08);
  cairo_set_line_width (cr, line);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint s = 0; s < self->strokes->len; s++)
    {
      GArray *points = g_ptr_array_index (self->strokes, s);

      for (guint i = 0; i < points->len; i++)
        {
          const graphene_point_t *p = &g_array_index (points, graphene_point_t, i);

          if (i == 0)
            {
              cairo_move_to (cr, p->x, p->y);
              cairo_line_to (cr, p->x, p->y);   /* a dot is a stroke too */
            }
          else
            cairo_line_to (cr, p->x, p->y);
        }
      cairo_stroke (cr);
    }
}

/* --- writing ------------------------------------------------------------- */

static void
recognized_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(LkHandwritingPad) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) candidates = lk_recognizer_classify_finish (LK_RECOGNIZER (source), result, &error);

  if (candidates == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("recognition failed: %s", error->message);
      return;
    }
  /* A stroke rubbed out or taken meanwhile: this answer is stale. */
  if (self->strokes->len == 0)
    return;
  g_strfreev (self->candidates);
  self->candidates = g_steal_pointer (&candidates);
  show_candidates (self);
  g_signal_emit (self, signals[SIGNAL_CANDIDATES_SHOWN], 0);
}

static gboolean
pause_cb (gpointer user_data)
{
  LkHandwritingPad *self = user_data;

  self->pause_id = 0;
  self->char_done = TRUE;
  return G_SOURCE_REMOVE;
}

static void
activity (LkHandwritingPad *self)
{
  LkWindow *window = get_window (self);

  if (window)
    lk_window_keep_awake (window);
}

static void
add_point (LkHandwritingPad *self, double x, double y)
{
  GArray *points;
  graphene_point_t p = GRAPHENE_POINT_INIT (x, y);

  if (self->strokes->len == 0)
    return;
  points = g_ptr_array_index (self->strokes, self->strokes->len - 1);
  g_array_append_val (points, p);
  gtk_widget_queue_draw (self->canvas);
}

static void
drag_begin_cb (GtkGestureDrag *gesture, double x, double y, LkHandwritingPad *self)
{
  GArray *points = g_array_new (FALSE, FALSE, sizeof (graphene_point_t));

  activity (self);
  if (self->recognizer == NULL)
    {
      g_array_unref (points);
      return;
    }
  /* Writing on after a pause: the last character is done, take the best. */
  if (self->char_done && self->candidates && self->candidates[0])
    take_candidate (self, 0);
  g_clear_handle_id (&self->pause_id, g_source_remove);
  self->char_done = FALSE;
  self->start = GRAPHENE_POINT_INIT (x, y);
  g_ptr_array_add (self->strokes, points);
  add_point (self, x, y);
}

static void
drag_update_cb (GtkGestureDrag *gesture, double dx, double dy, LkHandwritingPad *self)
{
  activity (self);
  add_point (self, self->start.x + dx, self->start.y + dy);
}

static void
drag_end_cb (GtkGestureDrag *gesture, double dx, double dy, LkHandwritingPad *self)
{
  activity (self);
  if (self->recognizer == NULL || self->strokes->len == 0)
    return;
  add_point (self, self->start.x + dx, self->start.y + dy);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  lk_recognizer_classify_async (self->recognizer, self->strokes,
                                gtk_widget_get_width (self->canvas),
                                gtk_widget_get_height (self->canvas),
                                self->cancellable, recognized_cb, g_object_ref (self));
  g_clear_handle_id (&self->pause_id, g_source_remove);
  self->pause_id = g_timeout_add (self->pause_ms, pause_cb, self);
}

/* --- buttons ------------------------------------------------------------- */

static void
candidate_clicked_cb (GtkButton *button, LkHandwritingPad *self)
{
  for (guint i = 0; i < LK_RECOGNIZER_MAX_CANDIDATES; i++)
    if (self->candidate_buttons[i] == GTK_WIDGET (button))
      take_candidate (self, i);
}

static void
delete_clicked_cb (LkHandwritingPad *self)
{
  if (self->strokes->len > 0)
    {
      clear_ink (self);
      say (self, _("擦掉了正在写的字。"));
      return;
    }
  if (self->written->len > 0)
    {
      const char *last = g_utf8_find_prev_char (self->written->str,
                                                self->written->str + self->written->len);

      g_string_truncate (self->written, (gsize) (last - self->written->str));
      show_written (self);
      say (self, _("删掉了一个字。"));
    }
}

static void
clear_clicked_cb (LkHandwritingPad *self)
{
  clear_ink (self);
  g_string_truncate (self->written, 0);
  show_written (self);
  say (self, _("都清空了，可以重新写。"));
}

static void
done_clicked_cb (LkHandwritingPad *self)
{
  LkWindow *window = get_window (self);

  if (window == NULL)
    return;
  /* A character still on the pad was meant: take its best reading. */
  if (self->strokes->len > 0 && self->candidates && self->candidates[0])
    take_candidate (self, 0);
  lk_draft_set_text (lk_window_get_draft (window), self->written->str);
  lk_window_back (window);
}

/* --- the model ----------------------------------------------------------- */

static void
model_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  GError *error = NULL;
  LkRecognizer *recognizer = lk_recognizer_new (data, &error);

  if (recognizer == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, recognizer, g_object_unref);
}

static void
model_loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  LkHandwritingPad *self = LK_HANDWRITING_PAD (source);
  g_autoptr(GError) error = NULL;

  self->loading = FALSE;
  self->recognizer = g_task_propagate_pointer (G_TASK (result), &error);
  if (self->recognizer == NULL)
    g_warning ("handwriting is not available, the 手写 button is hidden: %s", error->message);
}

static void
lk_handwriting_pad_root (GtkWidget *widget)
{
  LkHandwritingPad *self = LK_HANDWRITING_PAD (widget);
  LkWindow *window;

  GTK_WIDGET_CLASS (lk_handwriting_pad_parent_class)->root (widget);
  window = get_window (self);
  if (window == NULL || self->recognizer || self->loading)
    return;
  {
    LtConfig *config = lk_window_get_config (window);
    g_autoptr(GTask) task = g_task_new (self, NULL, model_loaded_cb, NULL);

    self->pause_ms = (guint) lt_config_get_int (config, "kiosk", "handwriting-pause-ms",
                                                DEFAULT_PAUSE_MS, 100);
    g_task_set_task_data (task, lt_config_get_string (config, "kiosk", "handwriting-model",
                                                      LK_RECOGNIZER_DEFAULT_MODEL), g_free);
    self->loading = TRUE;
    g_task_run_in_thread (task, model_thread);
  }
}

gboolean
lk_handwriting_pad_is_available (LkHandwritingPad *self)
{
  g_return_val_if_fail (LK_IS_HANDWRITING_PAD (self), FALSE);
  return self->recognizer != NULL;
}

const char *
lk_handwriting_pad_get_text (LkHandwritingPad *self)
{
  g_return_val_if_fail (LK_IS_HANDWRITING_PAD (self), NULL);
  return self->written->str;
}

const char *const *
lk_handwriting_pad_get_candidates (LkHandwritingPad *self)
{
  static const char *const none[] = { NULL };

  g_return_val_if_fail (LK_IS_HANDWRITING_PAD (self), NULL);
  return self->candidates ? (const char *const *) self->candidates : none;
}

GtkWidget *
lk_handwriting_pad_get_canvas (LkHandwritingPad *self)
{
  g_return_val_if_fail (LK_IS_HANDWRITING_PAD (self), NULL);
  return self->canvas;
}

/* --- LkPage -------------------------------------------------------------- */

static void
lk_handwriting_pad_enter (LkPage *page)
{
  LkHandwritingPad *self = LK_HANDWRITING_PAD (page);
  LkWindow *window = get_window (self);
  LkDraft *draft = window ? lk_window_get_draft (window) : NULL;

  clear_ink (self);
  /* Writing goes on from the words already in the report. */
  g_string_assign (self->written, draft && draft->text ? draft->text : "");
  show_written (self);
}

static void
lk_handwriting_pad_reset (LkPage *page)
{
  LkHandwritingPad *self = LK_HANDWRITING_PAD (page);

  clear_ink (self);
  g_string_truncate (self->written, 0);
  show_written (self);
}

static char *
lk_handwriting_pad_prompt (LkPage *page)
{
  return g_strdup (_("请用手指在方框里写字，一次写一个。写完一个字，右边会出现几个字，点一下就选用。写好了请点“写好了”。"));
}

static void
lk_handwriting_pad_set_portrait (LkPage *page, gboolean portrait)
{
  LkHandwritingPad *self = LK_HANDWRITING_PAD (page);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->main_box),
                                  portrait ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
}

static void
lk_handwriting_pad_page_init (LkPageInterface *iface)
{
  iface->enter = lk_handwriting_pad_enter;
  iface->reset = lk_handwriting_pad_reset;
  iface->prompt = lk_handwriting_pad_prompt;
  iface->set_portrait = lk_handwriting_pad_set_portrait;
}

/* --- life cycle ---------------------------------------------------------- */

static void
lk_handwriting_pad_dispose (GObject *object)
{
  LkHandwritingPad *self = LK_HANDWRITING_PAD (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->pause_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (object), LK_TYPE_HANDWRITING_PAD);
  lk_widget_unparent_children (GTK_WIDGET (object));
  G_OBJECT_CLASS (lk_handwriting_pad_parent_class)->dispose (object);
}

static void
lk_handwriting_pad_finalize (GObject *object)
{
  LkHandwritingPad *self = LK_HANDWRITING_PAD (object);

  g_clear_object (&self->recognizer);
  g_clear_pointer (&self->strokes, g_ptr_array_unref);
  g_clear_pointer (&self->candidates, g_strfreev);
  g_string_free (self->written, TRUE);
  G_OBJECT_CLASS (lk_handwriting_pad_parent_class)->finalize (object);
}

static void
lk_handwriting_pad_class_init (LkHandwritingPadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lk_handwriting_pad_dispose;
  object_class->finalize = lk_handwriting_pad_finalize;
  widget_class->root = lk_handwriting_pad_root;

  signals[SIGNAL_CANDIDATES_SHOWN] =
    g_signal_new ("candidates-shown", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/laiting/Kiosk/lk-handwriting-pad.ui");
  gtk_widget_class_bind_template_child (widget_class, LkHandwritingPad, nav);
  gtk_widget_class_bind_template_child (widget_class, LkHandwritingPad, written_label);
  gtk_widget_class_bind_template_child (widget_class, LkHandwritingPad, main_box);
  gtk_widget_class_bind_template_child (widget_class, LkHandwritingPad, canvas);
  gtk_widget_class_bind_template_child (widget_class, LkHandwritingPad, candidate_grid);
  gtk_widget_class_bind_template_child (widget_class, LkHandwritingPad, candidate_hint);
  gtk_widget_class_bind_template_child (widget_class, LkHandwritingPad, delete_button);
  gtk_widget_class_bind_template_child (widget_class, LkHandwritingPad, clear_button);
  gtk_widget_class_bind_template_child (widget_class, LkHandwritingPad, done_button);
  gtk_widget_class_bind_template_callback (widget_class, delete_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, done_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lk_handwriting_pad_init (LkHandwritingPad *self)
{
  GtkGesture *drag;

  self->strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  self->written = g_string_new (NULL);
  self->pause_ms = DEFAULT_PAUSE_MS;
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->canvas), draw_cb, self, NULL);
  drag = gtk_gesture_drag_new ();
  /* Mouse, pen and one finger alike. */
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), 0);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (self->canvas, GTK_EVENT_CONTROLLER (drag));

  for (guint i = 0; i < LK_RECOGNIZER_MAX_CANDIDATES; i++)
    {
      GtkWidget *button = gtk_button_new_with_label ("\u3000");

      gtk_widget_add_css_class (button, "lk-candidate");
      gtk_widget_set_focusable (button, FALSE);
      g_signal_connect (button, "clicked", G_CALLBACK (candidate_clicked_cb), self);
      gtk_grid_attach (GTK_GRID (self->candidate_grid), button, (int) (i % 4), (int) (i / 4), 1, 1);
      self->candidate_buttons[i] = button;
    }
  show_candidates (self);
  show_written (self);
}
