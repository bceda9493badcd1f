/* lk-draft.c — the report being filled in; see lk-draft.h. */

#define G_LOG_DOMAIN "lk-draft"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "lk-draft.h"

LkDraft *
lk_draft_new (void)
{
  LkDraft *self = g_new0 (LkDraft, 1);

  self->problems = g_ptr_array_new_with_free_func (g_free);
  return self;
}

void
lk_draft_free (LkDraft *self)
{
  if (self == NULL)
    return;
  lk_draft_clear (self);
  g_ptr_array_unref (self->problems);
  g_free (self);
}

void
lk_draft_clear (LkDraft *self)
{
  g_clear_pointer (&self->category, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->location, g_free);
  g_ptr_array_set_size (self->problems, 0);
  /* Overwrite rather than just truncate: the number is personal. */
  memset (self->phone, 0, sizeof self->phone);
  self->no_phone = FALSE;
  lk_draft_set_voice (self, NULL, 0);
}

void
lk_draft_set_voice (LkDraft *self, const char *path, guint seconds)
{
  /* A voice note never filed is the resident's own voice: it goes with the
   * draft (a filed one was moved away by the store, so nothing is lost). */
  if (self->voice_path != NULL && g_strcmp0 (self->voice_path, path) != 0)
    g_remove (self->voice_path);
  g_free (self->voice_path);
  self->voice_path = g_strdup (path);
  self->voice_seconds = path ? seconds : 0;
}

gboolean
lk_draft_is_empty (const LkDraft *self)
{
  return self->category == NULL && self->problems->len == 0 &&
         self->text == NULL && self->location == NULL &&
         self->phone[0] == '\0' && !self->no_phone && self->voice_path == NULL;
}

void
lk_draft_set_category (LkDraft *self, const char *code)
{
  /* Another category has other common problems: the old choices go. */
  if (g_strcmp0 (self->category, code) != 0)
    g_ptr_array_set_size (self->problems, 0);
  g_free (self->category);
  self->category = g_strdup (code);
}

static gboolean
find_problem (const LkDraft *self, const char *problem, guint *index)
{
  return g_ptr_array_find_with_equal_func (self->problems, problem, g_str_equal, index);
}

gboolean
lk_draft_has_problem (const LkDraft *self, const char *problem)
{
  return find_problem (self, problem, NULL);
}

void
lk_draft_toggle_problem (LkDraft *self, const char *problem, gboolean chosen)
{
  guint index;

  if (find_problem (self, problem, &index))
    {
      if (!chosen)
        g_ptr_array_remove_index (self->problems, index);
    }
  else if (chosen)
    g_ptr_array_add (self->problems, g_strdup (problem));
}

static char *
dup_stripped_or_null (const char *text)
{
  char *copy;

  if (text == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}

void
lk_draft_set_text (LkDraft *self, const char *text)
{
  g_free (self->text);
  self->text = dup_stripped_or_null (text);
}

void
lk_draft_set_location (LkDraft *self, const char *location)
{
  g_free (self->location);
  self->location = dup_stripped_or_null (location);
}

gboolean
lk_draft_has_description (const LkDraft *self)
{
  return self->problems->len > 0 || self->text != NULL || self->voice_path != NULL;
}

static char *
join (const LkDraft *self, const char *separator)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->problems->len; i++)
    {
      if (text->len > 0)
        g_string_append (text, separator);
      g_string_append (text, g_ptr_array_index (self->problems, i));
    }
  if (self->text != NULL)
    {
      if (text->len > 0)
        g_string_append (text, separator);
      g_string_append (text, self->text);
    }
  if (self->voice_path != NULL)
    {
      g_autofree char *length = lt_attachment_format_seconds (self->voice_seconds);

      g_string_append_printf (text, _("（语音留言 %s）"), length);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
lk_draft_compose_text (const LkDraft *self)
{
  /* The store's text is Chinese whatever the screen's language. */
  return join (self, "；");
}

char *
lk_draft_describe (const LkDraft *self)
{
  /* TRANSLATORS: between the problems a resident chose, on screen and
   * read aloud: "路灯不亮；井盖缺失"; "; " in English. */
  return join (self, C_("problem list", "；"));
}

gboolean
lk_draft_phone_valid (const LkDraft *self, char out[LT_PHONE_LEN + 1])
{
  char scratch[LT_PHONE_LEN + 1];

  return strlen (self->phone) == LT_PHONE_LEN &&
         lt_phone_normalize (self->phone, out ? out : scratch);
}

void
lk_draft_to_submission (const LkDraft *self, LtSubmission *sub,
                        char **text_out, char phone_out[LT_PHONE_LEN + 1])
{
  memset (sub, 0, sizeof *sub);
  *text_out = lk_draft_compose_text (self);
  sub->channel = LT_CHANNEL_KIOSK;
  sub->category = self->category;
  sub->text = *text_out;
  sub->location = self->location;
  sub->phone = NULL;
  sub->voice_path = self->voice_path;
  sub->voice_seconds = self->voice_seconds;
  if (!self->no_phone && lk_draft_phone_valid (self, phone_out))
    sub->phone = phone_out;
}
