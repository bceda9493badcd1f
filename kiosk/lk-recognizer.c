/* lk-recognizer.c — zinnia behind a GTask; see lk-recognizer.h.
 *
 * The strokes are copied into a zinnia character on the calling thread (a
 * few hundred points) and classified in a worker. zinnia does not promise
 * that one recogniser may classify on two threads at once, so a mutex
 * keeps it to one at a time; a character takes a few milliseconds. */

#define G_LOG_DOMAIN "lk-recognizer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <zinnia.h>

#include "lk-recognizer.h"

struct _LkRecognizer
{
  GObject              parent_instance;
  zinnia_recognizer_t *zinnia;
  GMutex               lock;
};

G_DEFINE_FINAL_TYPE (LkRecognizer, lk_recognizer, G_TYPE_OBJECT)
G_DEFINE_QUARK (lk-recognizer-error-quark, lk_recognizer_error)

static void
lk_recognizer_finalize (GObject *object)
{
  LkRecognizer *self = LK_RECOGNIZER (object);

  if (self->zinnia)
    zinnia_recognizer_destroy (self->zinnia);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (lk_recognizer_parent_class)->finalize (object);
}

static void
lk_recognizer_class_init (LkRecognizerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lk_recognizer_finalize;
}

static void
lk_recognizer_init (LkRecognizer *self)
{
  g_mutex_init (&self->lock);
}

LkRecognizer *
lk_recognizer_new (const char *model_path, GError **error)
{
  g_autoptr(LkRecognizer) self = g_object_new (LK_TYPE_RECOGNIZER, NULL);

  if (model_path == NULL || *model_path == '\0')
    model_path = LK_RECOGNIZER_DEFAULT_MODEL;
  self->zinnia = zinnia_recognizer_new ();
  if (!zinnia_recognizer_open (self->zinnia, model_path))
    {
      g_set_error (error, LK_RECOGNIZER_ERROR, LK_RECOGNIZER_ERROR_MODEL,
                   _("无法读取手写识别模型 %s：%s"), model_path,
                   zinnia_recognizer_strerror (self->zinnia));
      return NULL;
    }
  return g_steal_pointer (&self);
}

static zinnia_character_t *
character_new (GPtrArray *strokes, int width, int height)
{
  zinnia_character_t *c = zinnia_character_new ();

  zinnia_character_set_width (c, (size_t) MAX (width, 1));
  zinnia_character_set_height (c, (size_t) MAX (height, 1));
  for (guint s = 0; s < strokes->len; s++)
    {
      GArray *points = g_ptr_array_index (strokes, s);

      for (guint i = 0; i < points->len; i++)
        {
          const graphene_point_t *p = &g_array_index (points, graphene_point_t, i);

          zinnia_character_add (c, s, (int) CLAMP (p->x, 0, width), (int) CLAMP (p->y, 0, height));
        }
    }
  return c;
}

static GStrv
classify (LkRecognizer *self, zinnia_character_t *c)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  zinnia_result_t *result;

  g_mutex_lock (&self->lock);
  result = zinnia_recognizer_classify (self->zinnia, c, LK_RECOGNIZER_MAX_CANDIDATES);
  g_mutex_unlock (&self->lock);
  for (size_t i = 0; result != NULL && i < zinnia_result_size (result); i++)
    g_strv_builder_add (builder, zinnia_result_value (result, i));
  if (result)
    zinnia_result_destroy (result);
  return g_strv_builder_end (builder);
}

static void
classify_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  g_task_return_pointer (task, classify (source, data), (GDestroyNotify) g_strfreev);
}

void
lk_recognizer_classify_async (LkRecognizer *self, GPtrArray *strokes, int width, int height,
                              GCancellable *cancellable, GAsyncReadyCallback callback,
                              gpointer user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LK_IS_RECOGNIZER (self));
  g_return_if_fail (strokes != NULL);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lk_recognizer_classify_async);
  g_task_set_task_data (task, character_new (strokes, width, height),
                        (GDestroyNotify) zinnia_character_destroy);
  g_task_run_in_thread (task, classify_thread);
}

GStrv
lk_recognizer_classify_finish (LkRecognizer *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

GStrv
lk_recognizer_classify (LkRecognizer *self, GPtrArray *strokes, int width, int height)
{
  zinnia_character_t *c;
  GStrv out;

  g_return_val_if_fail (LK_IS_RECOGNIZER (self), NULL);
  c = character_new (strokes, width, height);
  out = classify (self, c);
  zinnia_character_destroy (c);
  return out;
}
