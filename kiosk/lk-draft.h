/* lk-draft.h — the report a resident is filling in, screen by screen.
 *
 * One draft lives in the window. It is kept whole when submitting fails and
 * wiped on idle timeout, on 首页 and after a receipt, so nothing one
 * resident typed is ever shown to the next. */

#pragma once

#include <glib.h>
#include "lt-phone.h"
#include "lt-store.h"

G_BEGIN_DECLS

typedef struct
{
  char      *category;                 /* category code, or NULL */
  GPtrArray *problems;                 /* char*, common problems chosen, in tap order */
  char      *text;                     /* free text, or NULL */
  char      *location;                 /* a building/area, or NULL */
  char       phone[LT_PHONE_LEN + 1];  /* digits typed so far */
  gboolean   no_phone;                 /* 不留电话 */
  char      *voice_path;               /* an unfiled voice note, or NULL */
  guint      voice_seconds;
} LkDraft;

LkDraft  *lk_draft_new             (void);
void      lk_draft_free            (LkDraft *self);
void      lk_draft_clear           (LkDraft *self);
gboolean  lk_draft_is_empty        (const LkDraft *self);
void      lk_draft_set_category    (LkDraft *self, const char *code);
gboolean  lk_draft_has_problem     (const LkDraft *self, const char *problem);
void      lk_draft_toggle_problem  (LkDraft *self, const char *problem, gboolean chosen);
void      lk_draft_set_text        (LkDraft *self, const char *text);
void      lk_draft_set_location    (LkDraft *self, const char *location);
/* Takes the recording at @path (NULL: none); the one it replaces is deleted,
 * and so is this one when the draft is wiped without being filed. */
void      lk_draft_set_voice       (LkDraft *self, const char *path, guint seconds);
/* TRUE when something was chosen or typed on the describe screen. */
gboolean  lk_draft_has_description (const LkDraft *self);
/* The ticket text: the problems chosen and the words typed, "；"-joined,
 * then "（语音留言 1分20秒）" when a voice note goes with it. */
char     *lk_draft_compose_text    (const LkDraft *self) G_GNUC_WARN_UNUSED_RESULT;
/* The same, for the confirm screen and its read-out: joined the way the
 * screen's language lists things. */
char     *lk_draft_describe        (const LkDraft *self) G_GNUC_WARN_UNUSED_RESULT;
/* TRUE and the normalised number in @out when the typed digits are a mobile. */
gboolean  lk_draft_phone_valid     (const LkDraft *self, char out[LT_PHONE_LEN + 1]);
/* Fills @sub with pointers into the draft and @text_out/@phone_out. */
void      lk_draft_to_submission   (const LkDraft *self, LtSubmission *sub,
                                    char **text_out, char phone_out[LT_PHONE_LEN + 1]);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LkDraft, lk_draft_free)

G_END_DECLS
