/* lk-describe-page.c — common problems and free text; see
 * lk-describe-page.h.
 *
 * The toggles are rebuilt whenever the category changes and set from the
 * draft on every entry, so 返回 from a later screen shows what was chosen.
 * 下一步 stays grey until something is chosen or typed. The entry is a
 * plain GtkEntry so the system's input method (pinyin, handwriting) works. */

#define G_LOG_DOMAIN "lk-describe-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lk-describe-page.h"
#include "lk-page.h"
#include "lk-nav-bar.h"
#include "lk-pager.h"
#include "lk-toggle.h"
#include "lk-window.h"
#include "lk-handwriting-pad.h"
#include "lk-voice-page.h"

struct _LkDescribePage
{
  GtkWidget  parent_instance;
  GtkWidget *nav;
  GtkWidget *pager;
  GtkWidget *entry;
  GtkWidget *next_button;
  GtkWidget *handwriting_button;
  GtkWidget *voice_button;
  char      *built_for;   /* category code the toggles belong to */
  gboolean   syncing;     /* filling widgets from the draft */
};

static void lk_describe_page_page_init (LkPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LkDescribePage, lk_describe_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (LK_TYPE_PAGE, lk_describe_page_page_init))

static LkDraft *
get_draft (LkDescribePage *self)
{
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));

  return window ? lk_window_get_draft (window) : NULL;
}

static void
update_next (LkDescribePage *self)
{
  LkDraft *draft = get_draft (self);

  gtk_widget_set_sensitive (self->next_button, draft && lk_draft_has_description (draft));
}

static void
problem_toggled_cb (GtkToggleButton *button, LkDescribePage *self)
{
  LkDraft *draft = get_draft (self);

  if (self->syncing || draft == NULL)
    return;
  lk_draft_toggle_problem (draft, gtk_button_get_label (GTK_BUTTON (button)),
                           gtk_toggle_button_get_active (button));
  update_next (self);
}

static void
entry_changed_cb (LkDescribePage *self)
{
  LkDraft *draft = get_draft (self);

  if (self->syncing || draft == NULL)
    return;
  lk_draft_set_text (draft, gtk_editable_get_text (GTK_EDITABLE (self->entry)));
  update_next (self);
}

static void
next_clicked_cb (LkDescribePage *self)
{
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));
  const char *const *buildings = lt_config_get_buildings (lk_window_get_config (window));

  if (!lk_draft_has_description (lk_window_get_draft (window)))
    return;
  /* A hall with no buildings configured has no "where" question. */
  lk_window_go (window, buildings && buildings[0] ? "location" : "phone");
}

static void
handwriting_clicked_cb (LkDescribePage *self)
{
  lk_window_go (lk_window_from_widget (GTK_WIDGET (self)), "handwriting");
}

static void
voice_clicked_cb (LkDescribePage *self)
{
  lk_window_go (lk_window_from_widget (GTK_WIDGET (self)), "voice");
}

/* 手写 and 说一段话 show only where the model loaded and the microphone
 * gives sound. */
static void
update_note_buttons (LkDescribePage *self, LkWindow *window)
{
  GtkWidget *pad = lk_window_get_page (window, "handwriting");
  GtkWidget *voice = lk_window_get_page (window, "voice");

  gtk_widget_set_visible (self->handwriting_button,
                          pad && lk_handwriting_pad_is_available (LK_HANDWRITING_PAD (pad)));
  gtk_widget_set_visible (self->voice_button,
                          voice && lk_voice_page_is_available (LK_VOICE_PAGE (voice)));
}

static void
entry_activate_cb (LkDescribePage *self)
{
  next_clicked_cb (self);
}

static void
rebuild (LkDescribePage *self, const LtCategory *category)
{
  lk_pager_remove_all (LK_PAGER (self->pager));
  for (guint i = 0; category->problems && category->problems[i]; i++)
    {
      GtkWidget *toggle = lk_toggle_new (category->problems[i]);

      gtk_widget_add_css_class (toggle, "lk-toggle");
      g_signal_connect (toggle, "toggled", G_CALLBACK (problem_toggled_cb), self);
      lk_pager_append (LK_PAGER (self->pager), toggle);
    }
  g_free (self->built_for);
  self->built_for = g_strdup (category->code);
}

static void
lk_describe_page_enter (LkPage *page)
{
  LkDescribePage *self = LK_DESCRIBE_PAGE (page);
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));
  LkDraft *draft;
  const LtCategory *category;
  g_autofree char *title = NULL;
  GPtrArray *items;

  if (window == NULL)
    return;
  draft = lk_window_get_draft (window);
  category = lt_config_find_category (lk_window_get_config (window), draft->category);
  if (category == NULL)
    return;
  if (g_strcmp0 (self->built_for, category->code) != 0)
    rebuild (self, category);

  title = g_strdup_printf (_("%s：遇到了什么问题？"), category->name);
  lk_nav_bar_set_title (LK_NAV_BAR (self->nav), title);

  self->syncing = TRUE;
  items = lk_pager_get_items (LK_PAGER (self->pager));
  for (guint i = 0; i < items->len; i++)
    {
      GtkWidget *toggle = g_ptr_array_index (items, i);

      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle),
                                    lk_draft_has_problem (draft, gtk_button_get_label (GTK_BUTTON (toggle))));
    }
  gtk_editable_set_text (GTK_EDITABLE (self->entry), draft->text ? draft->text : "");
  self->syncing = FALSE;
  update_next (self);
  update_note_buttons (self, window);
}

static void
lk_describe_page_reset (LkPage *page)
{
  LkDescribePage *self = LK_DESCRIBE_PAGE (page);

  self->syncing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  lk_pager_remove_all (LK_PAGER (self->pager));
  g_clear_pointer (&self->built_for, g_free);
  self->syncing = FALSE;
  gtk_widget_set_sensitive (self->next_button, FALSE);
}

static char *
lk_describe_page_prompt (LkPage *page)
{
  LkDescribePage *self = LK_DESCRIBE_PAGE (page);
  g_autofree char *options = lk_pager_describe (LK_PAGER (self->pager));

  /* The question, then the options in order, then what to do after. */
  return g_strconcat (_("遇到了什么问题？可以点选几项。"), options, _("选好后点下一步。"), NULL);
}

static void
page_changed_cb (LkDescribePage *self)
{
  LkWindow *window = lk_window_from_widget (GTK_WIDGET (self));
  g_autofree char *options = lk_pager_describe (LK_PAGER (self->pager));

  if (window)
    lk_window_say (window, options);
}

static void
lk_describe_page_set_portrait (LkPage *page, gboolean portrait)
{
  LkDescribePage *self = LK_DESCRIBE_PAGE (page);

  lk_pager_set_columns (LK_PAGER (self->pager), portrait ? 2 : 3);
}

static void
lk_describe_page_page_init (LkPageInterface *iface)
{
  iface->enter = lk_describe_page_enter;
  iface->reset = lk_describe_page_reset;
  iface->prompt = lk_describe_page_prompt;
  iface->set_portrait = lk_describe_page_set_portrait;
}

static void
lk_describe_page_dispose (GObject *object)
{
  LkDescribePage *self = LK_DESCRIBE_PAGE (object);

  g_clear_pointer (&self->built_for, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), LK_TYPE_DESCRIBE_PAGE);
  lk_widget_unparent_children (GTK_WIDGET (object));
  G_OBJECT_CLASS (lk_describe_page_parent_class)->dispose (object);
}

static void
lk_describe_page_class_init (LkDescribePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lk_describe_page_dispose;
  g_type_ensure (LK_TYPE_PAGER);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/laiting/Kiosk/lk-describe-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LkDescribePage, nav);
  gtk_widget_class_bind_template_child (widget_class, LkDescribePage, pager);
  gtk_widget_class_bind_template_child (widget_class, LkDescribePage, entry);
  gtk_widget_class_bind_template_child (widget_class, LkDescribePage, next_button);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, page_changed_cb);
  gtk_widget_class_bind_template_child (widget_class, LkDescribePage, handwriting_button);
  gtk_widget_class_bind_template_child (widget_class, LkDescribePage, voice_button);
  gtk_widget_class_bind_template_callback (widget_class, handwriting_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, voice_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lk_describe_page_init (LkDescribePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
