/* lt-slips.c — the day's ticket slips, drawn with cairo and Pango.
 *
 * Officers get one slip per ticket, cut from an A4 sheet or torn off an
 * 80 mm roll, and write what they did in the box at the bottom. So the
 * receipt number is large, every field carries a label, and nothing the
 * resident said is cut off: a long description makes the slip take two or
 * more slots of the sheet, and one longer than a whole page continues on
 * the next slip ("续").
 *
 * Layout happens in two steps so that a print dialog can ask for the page
 * count before drawing: lay_out() splits each ticket into pieces and puts
 * them into slots of pages; render_page() draws one page. Text is measured
 * with our own Pango context at 72 dpi with metric hinting off, so the
 * measurements are in points and the same on every surface. */

#define G_LOG_DOMAIN "lt-slips"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "lt-phone.h"
#include "lt-receipt.h"
#include "lt-print-text.h"
#include "lt-slips.h"
#include "lt-store-private.h"
#include "lt-time.h"


/* Sizes in points. */
#define SHEET_MARGIN   24.0   /* printers cannot reach the sheet's edge */
#define ROLL_MARGIN    10.0
#define PAD            10.0   /* inside a slip, from the cut line */
#define ROLL_PAD        2.0
#define GAP             6.0
#define BOX_MIN_HEIGHT 56.0   /* room for two handwritten lines and a signature */
#define LABEL_WIDTH    48.0   /* the column of field labels */
#define ROLL_MAX_PIECE 1600.0 /* a roll page longer than ~56 cm is hard to handle */
#define FOOTER_HEIGHT  14.0

#define SIZE_LABEL      9.0
#define SIZE_VALUE     11.0
#define SIZE_DESCRIPTION 11.5
#define SIZE_RECEIPT_SHEET 26.0
#define SIZE_RECEIPT_ROLL  22.0

G_DEFINE_QUARK (lt-slips-error-quark, lt_slips_error)

/* A piece of a slip: the whole of it, or the part that fits one frame. */
typedef struct {
  guint    ticket;       /* index into tickets */
  int      first_line;   /* description lines [first_line, first_line + n_lines) */
  int      n_lines;
  gboolean head;         /* the full header (first piece) or the "续" line */
  gboolean box;          /* the 处理结果 box (last piece) */
  double   height;       /* natural height, padding included */
  int      page;
  double   y;            /* frame top on the page */
  double   frame_height; /* what the placement gave it (≥ height) */
} Piece;

struct _LtSlips {
  GObject        parent_instance;
  LtConfig      *config;
  GDate          date;
  GPtrArray     *tickets;
  gint64         now;
  LtSlipsFormat  format;
  PangoContext  *pango;
  GHashTable    *labels;       /* "size|bold|width|text" → PangoLayout */

  /* The layout, valid for laid_width × laid_height. */
  gboolean       laid_out;
  double         laid_width, laid_height;
  GArray        *pieces;       /* Piece */
  GArray        *page_heights; /* double, one per page */
  GArray        *page_first;   /* guint: first piece on each page (page 0 = summary) */
  int            n_pages;
};

G_DEFINE_FINAL_TYPE (LtSlips, lt_slips, G_TYPE_OBJECT)

static void
lt_slips_finalize (GObject *object)
{
  LtSlips *self = LT_SLIPS (object);

  g_clear_object (&self->config);
  g_clear_pointer (&self->tickets, g_ptr_array_unref);
  g_clear_pointer (&self->labels, g_hash_table_unref);
  g_clear_object (&self->pango);
  g_clear_pointer (&self->pieces, g_array_unref);
  g_clear_pointer (&self->page_heights, g_array_unref);
  g_clear_pointer (&self->page_first, g_array_unref);
  G_OBJECT_CLASS (lt_slips_parent_class)->finalize (object);
}

static void
lt_slips_class_init (LtSlipsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lt_slips_finalize;
}

static void
lt_slips_init (LtSlips *self)
{
  self->pango = lt_print_context_new ();

  self->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->pieces = g_array_new (FALSE, TRUE, sizeof (Piece));
  self->page_heights = g_array_new (FALSE, TRUE, sizeof (double));
  self->page_first = g_array_new (FALSE, TRUE, sizeof (guint));
}

gboolean
lt_slips_format_from_string (const char *text, LtSlipsFormat *out)
{
  if (g_strcmp0 (text, "a4") == 0)
    *out = LT_SLIPS_FORMAT_A4;
  else if (g_strcmp0 (text, "roll80") == 0)
    *out = LT_SLIPS_FORMAT_ROLL80;
  else
    return FALSE;
  return TRUE;
}

LtSlips *
lt_slips_new (LtConfig      *config,
              const GDate   *date,
              GPtrArray     *tickets,
              gint64         now,
              LtSlipsFormat  format)
{
  LtSlips *self;

  g_return_val_if_fail (LT_IS_CONFIG (config), NULL);
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);
  g_return_val_if_fail (tickets != NULL, NULL);

  self = g_object_new (LT_TYPE_SLIPS, NULL);
  self->config = g_object_ref (config);
  self->date = *date;
  self->tickets = g_ptr_array_ref (tickets);
  self->now = now;
  self->format = format;
  return self;
}

LtSlips *
lt_slips_new_for_day (LtStore       *store,
                      const GDate   *date,
                      LtSlipsFormat  format,
                      GError       **error)
{
  LtListQuery query = { .filter = LT_LIST_ALL, .with_events = TRUE };
  g_autoptr(GPtrArray) tickets = NULL;
  GDate day = *date;

  g_return_val_if_fail (LT_IS_STORE (store), NULL);

  lt_store_day_bounds (&day, &query.from, &query.to);
  tickets = lt_store_list (store, &query, error);
  if (tickets == NULL)
    return NULL;
  return lt_slips_new (lt_store_get_config (store), date, tickets,
                       lt_store_now (), format);
}

guint
lt_slips_get_n_tickets (LtSlips *self)
{
  g_return_val_if_fail (LT_IS_SLIPS (self), 0);
  return self->tickets->len;
}

LtSlipsFormat
lt_slips_get_format (LtSlips *self)
{
  g_return_val_if_fail (LT_IS_SLIPS (self), LT_SLIPS_FORMAT_A4);
  return self->format;
}

void
lt_slips_get_page_size (LtSlips *self, double *width_pt, double *height_pt)
{
  g_return_if_fail (LT_IS_SLIPS (self));

  if (self->format == LT_SLIPS_FORMAT_ROLL80)
    {
      *width_pt = LT_SLIPS_ROLL80_WIDTH_PT;
      *height_pt = 0;
    }
  else
    {
      *width_pt = LT_SLIPS_A4_WIDTH_PT;
      *height_pt = LT_SLIPS_A4_HEIGHT_PT;
    }
}

/* ---- text ------------------------------------------------------------ */

/* Draws @text at (@x, @y) when @cr is set; returns its height either way. */
static double
text_at (LtSlips *self, cairo_t *cr, double x, double y, double width,
         double size, gboolean bold, const char *text)
{
  return lt_print_text_at (self->pango, cr, x, y, width, size, bold, 0, text);
}

/* The same few labels are on every slip: shaping them once saves a third
 * of the time for a busy day. Owned by self. */
static PangoLayout *
label_layout (LtSlips *self, double size, gboolean bold, double width, const char *text)
{
  g_autofree char *key = g_strdup_printf ("%g|%d|%g|%s", size, bold, width, text);
  PangoLayout *layout = g_hash_table_lookup (self->labels, key);

  if (layout == NULL)
    {
      layout = lt_print_layout_new (self->pango, size, bold, width);
      pango_layout_set_text (layout, text, -1);
      g_hash_table_insert (self->labels, g_steal_pointer (&key), layout);
    }
  return layout;
}

/* text_at for a fixed text. */
static double
label_at (LtSlips *self, cairo_t *cr, double x, double y, double width,
          double size, gboolean bold, const char *text)
{
  PangoLayout *layout = label_layout (self, size, bold, width, text);

  if (cr != NULL)
    {
      cairo_move_to (cr, x, y);
      pango_cairo_show_layout (cr, layout);
    }
  return lt_print_layout_height (layout);
}

static const char *
weekday_name (GDateWeekday day)
{
  switch (day)
    {
    case G_DATE_MONDAY: return _("星期一");
    case G_DATE_TUESDAY: return _("星期二");
    case G_DATE_WEDNESDAY: return _("星期三");
    case G_DATE_THURSDAY: return _("星期四");
    case G_DATE_FRIDAY: return _("星期五");
    case G_DATE_SATURDAY: return _("星期六");
    case G_DATE_SUNDAY: return _("星期日");
    case G_DATE_BAD_WEEKDAY:
    default: return "";
    }
}

static char *
date_title (const GDate *date)
{
  /* TRANSLATORS: a day: year, month, day, weekday. */
  return g_strdup_printf (_("%d年%d月%d日 %s"), g_date_get_year (date),
                          g_date_get_month (date), g_date_get_day (date),
                          weekday_name (g_date_get_weekday (date)));
}

static const char *
category_name (LtSlips *self, const char *code)
{
  const LtCategory *category = lt_config_find_category (self->config, code);

  return category != NULL ? category->name : code;
}

/* The department's name and what the clerk asked of it, from the last
 * transfer: the store writes its note as "部门：说明". */
static char *
assignee_markup (const LtTicket *t)
{
  const char *note = NULL;

  if (t->assignee == NULL || *t->assignee == '\0')
    return NULL;
  for (guint i = 0; t->events != NULL && i < t->events->len; i++)
    {
      const LtEvent *e = g_ptr_array_index (t->events, i);

      if (g_strcmp0 (e->kind, "transferred") == 0 && e->note != NULL &&
          g_str_has_prefix (e->note, t->assignee) &&
          g_str_has_prefix (e->note + strlen (t->assignee), "："))
        note = e->note + strlen (t->assignee) + strlen ("：");
    }
  if (note != NULL && *note != '\0')
    return g_markup_printf_escaped ("<b>%s</b>（%s）", t->assignee, note);
  return g_markup_printf_escaped ("<b>%s</b>", t->assignee);
}

/* ---- one slip ---------------------------------------------------------- */

/* A label and its value, side by side; returns the height. The value is
 * Pango markup. */
static double
field_at (LtSlips *self, cairo_t *cr, double x, double y, double width,
          const char *label, const char *markup)
{
  const double label_w = LABEL_WIDTH;
  PangoLayout *l = label_layout (self, SIZE_LABEL, FALSE, label_w, label);
  g_autoptr(PangoLayout) v = lt_print_layout_new (self->pango, SIZE_VALUE, FALSE, width - label_w);
  double lh, vh;

  pango_layout_set_markup (v, markup, -1);
  lh = lt_print_layout_height (l);
  vh = lt_print_layout_height (v);
  if (cr != NULL)
    {
      /* Labels sit on the value's first baseline. */
      double shift = (double) (pango_layout_get_baseline (v) - pango_layout_get_baseline (l)) / PANGO_SCALE;

      cairo_move_to (cr, x, y + shift);
      pango_cairo_show_layout (cr, l);
      cairo_move_to (cr, x + label_w, y);
      pango_cairo_show_layout (cr, v);
    }
  return MAX (lh, vh);
}

static gboolean
is_roll (LtSlips *self)
{
  return self->format == LT_SLIPS_FORMAT_ROLL80 || self->laid_width < 400;
}

static char *
escaped_or (const char *text, const char *fallback)
{
  if (text == NULL || *text == '\0')
    return g_markup_printf_escaped ("（%s）", fallback);
  return g_markup_escape_text (text, -1);
}

static char *
due_markup (LtSlips *self, const LtTicket *t)
{
  g_autofree char *due = lt_time_format (t->due_at, "%Y-%m-%d %H:%M");

  if (lt_ticket_is_overdue (t, self->now))
    {
      gint64 days = (self->now - t->due_at) / 86400 + 1;
      g_autofree char *tag = g_strdup_printf (_("已超期 %d 天"), (int) days);

      /* Black on white would be lost among the other values: an inverted,
       * bold tag survives any printer and grayscale. */
      return g_markup_printf_escaped ("%s  <b><span background=\"#000000\" foreground=\"#ffffff\"> %s </span></b>",
                                      due, tag);
    }
  if (t->closed_at > 0 && t->closed_at > t->due_at)
    return g_markup_printf_escaped ("%s  <b>%s</b>", due, _("（超期办结）"));
  return g_markup_escape_text (due, -1);
}

/* The header of a slip: receipt number, status and the fields. Returns its
 * height; draws it when @cr is set. */
static double
slip_header (LtSlips *self, cairo_t *cr, const LtTicket *t, double x, double y, double w)
{
  g_autofree char *receipt = lt_receipt_format (t->receipt);
  g_autofree char *created = lt_time_format (t->created_at, "%Y-%m-%d %H:%M");
  g_autofree char *when = g_markup_printf_escaped ("%s  ·  %s", created, lt_channel_label (t->channel));
  g_autofree char *category = g_markup_printf_escaped ("<b>%s</b>", category_name (self, t->category));
  g_autofree char *status = g_markup_printf_escaped ("<b>%s</b>", lt_ticket_status_label (t->status));
  g_autofree char *location = escaped_or (t->location, _("未填写"));
  g_autofree char *phone_text = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *due = due_markup (self, t);
  g_autofree char *assignee = assignee_markup (t);
  gboolean roll = is_roll (self);
  double y0 = y;

  if (assignee == NULL)
    assignee = escaped_or (NULL, _("尚未转办"));
  if (t->phone != NULL && t->phone_is_mobile)
    phone_text = lt_phone_group (t->phone);
  else
    phone_text = g_strdup (t->phone);
  phone = phone_text != NULL
    ? g_markup_printf_escaped ("<b>%s</b>", phone_text)
    : escaped_or (NULL, _("未留电话"));

  if (roll)
    {
      y += label_at (self, cr, x, y, w, SIZE_LABEL, FALSE, _("回执号"));
      y += text_at (self, cr, x, y, w, SIZE_RECEIPT_ROLL, TRUE, receipt);
      y += GAP / 2;
      y += field_at (self, cr, x, y, w, _("受理"), when);
      y += field_at (self, cr, x, y, w, _("类别"), category);
      y += field_at (self, cr, x, y, w, _("状态"), status);
      y += field_at (self, cr, x, y, w, _("地点"), location);
      y += field_at (self, cr, x, y, w, _("电话"), phone);
      y += field_at (self, cr, x, y, w, _("办结期限"), due);
      y += field_at (self, cr, x, y, w, _("转办至"), assignee);
      return y - y0;
    }
  else
    {
      PangoLayout *label = label_layout (self, SIZE_LABEL, FALSE, -1, _("回执号"));
      g_autoptr(PangoLayout) number = lt_print_layout_new (self->pango, SIZE_RECEIPT_SHEET, TRUE, -1);
      PangoLayout *badge = label_layout (self, 14, TRUE, -1, lt_ticket_status_label (t->status));
      g_autoptr(PangoLayout) sub = lt_print_layout_new (self->pango, SIZE_VALUE, FALSE, -1);
      double col = (w - GAP) / 2, row_h, lw, bw, bh, nh, sub_x;
      gboolean sub_fits;

      pango_layout_set_text (number, receipt, -1);
      pango_layout_set_markup (sub, when, -1);
      lw = lt_print_layout_width (label) + 6;
      nh = lt_print_layout_height (number);
      bw = lt_print_layout_width (badge) + 16;
      bh = lt_print_layout_height (badge) + 4;
      sub_x = x + lw + lt_print_layout_width (number) + 16;
      sub_fits = sub_x + lt_print_layout_width (sub) < x + w - bw - 8;
      if (cr != NULL)
        {
          double base = (double) pango_layout_get_baseline (number) / PANGO_SCALE;

          cairo_move_to (cr, x, y + base - (double) pango_layout_get_baseline (label) / PANGO_SCALE);
          pango_cairo_show_layout (cr, label);
          cairo_move_to (cr, x + lw, y);
          pango_cairo_show_layout (cr, number);

          /* The status in a box at the right; reopened tickets inverted so
           * they are seen first. */
          cairo_rectangle (cr, x + w - bw, y + (nh - bh) / 2, bw, bh);
          if (t->status == LT_STATUS_REOPENED)
            {
              cairo_fill (cr);
              cairo_set_source_rgb (cr, 1, 1, 1);
            }
          else
            {
              cairo_set_line_width (cr, 1.5);
              cairo_stroke (cr);
            }
          cairo_move_to (cr, x + w - bw + 8, y + (nh - bh) / 2 + 2);
          pango_cairo_show_layout (cr, badge);
          cairo_set_source_rgb (cr, 0, 0, 0);

          /* The receipt's time and channel, between number and status. */
          if (sub_fits)
            {
              cairo_move_to (cr, sub_x, y + base - (double) pango_layout_get_baseline (sub) / PANGO_SCALE);
              pango_cairo_show_layout (cr, sub);
            }
        }
      y += nh + GAP / 2;
      /* On a narrow page the time and channel get a row of their own. */
      if (!sub_fits)
        y += field_at (self, cr, x, y, w, _("受理"), when);

      row_h = MAX (field_at (self, cr, x, y, col, _("类别"), category),
                   field_at (self, cr, x + col + GAP, y, col, _("电话"), phone));
      y += row_h;
      row_h = MAX (field_at (self, cr, x, y, col, _("办结期限"), due),
                   field_at (self, cr, x + col + GAP, y, col, _("转办至"), assignee));
      y += row_h;
      y += field_at (self, cr, x, y, w, _("地点"), location);
      return y - y0;
    }
}

static double
continuation_header (LtSlips *self, cairo_t *cr, const LtTicket *t, double x, double y, double w)
{
  g_autofree char *receipt = lt_receipt_format (t->receipt);
  /* TRANSLATORS: the header of a slip's continuation; %s is the receipt number. */
  g_autofree char *text = g_strdup_printf (_("回执号 %s（续）"), receipt);

  return text_at (self, cr, x, y, w, 14, TRUE, text);
}

static double
box_label_height (LtSlips *self)
{
  return label_at (self, NULL, 0, 0, -1, SIZE_LABEL, FALSE, _("处理结果 / 签字"));
}

static PangoLayout *
description_layout (LtSlips *self, const LtTicket *t, double w)
{
  PangoLayout *layout = lt_print_layout_new (self->pango, SIZE_DESCRIPTION, FALSE, w);

  /* The full text: the store appends the resident's follow-ups to it.
   * The font's own line height (1.45 em) is airy enough for CJK. */
  pango_layout_set_text (layout, t->text, -1);
  return layout;
}

/* Tops and bottoms of each line of @layout, in points. */
static GArray *
line_extents (PangoLayout *layout)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (double) * 2);
  PangoLayoutIter *iter = pango_layout_get_iter (layout);

  do
    {
      int top, bottom;
      double range[2];

      pango_layout_iter_get_line_yrange (iter, &top, &bottom);
      range[0] = (double) top / PANGO_SCALE;
      range[1] = (double) bottom / PANGO_SCALE;
      g_array_append_vals (lines, range, 1);
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
  return lines;
}

/* On a sheet the description sits in the field column with its label
 * beside it, which leaves a slot room for four lines; the roll is too
 * narrow for that and puts the label above. */
static double
desc_indent (LtSlips *self)
{
  return is_roll (self) ? 0 : LABEL_WIDTH;
}

static double
desc_label_height (LtSlips *self)
{
  if (!is_roll (self))
    return 0;
  return label_at (self, NULL, 0, 0, -1, SIZE_LABEL, FALSE, _("问题描述")) + 2;
}

static double
more_note_height (LtSlips *self)
{
  return label_at (self, NULL, 0, 0, -1, SIZE_LABEL, TRUE, _("未完，接下一张")) + GAP;
}

/* Splits ticket @index into pieces that each fit @max_height (padding
 * included) and appends them to self->pieces. */
static void
split_slip (LtSlips *self, guint index, double width, double max_height)
{
  const LtTicket *t = g_ptr_array_index (self->tickets, index);
  double pad = is_roll (self) ? ROLL_PAD : PAD;
  double w = width - 2 * pad;
  g_autoptr(PangoLayout) desc = description_layout (self, t, w - desc_indent (self));
  g_autoptr(GArray) lines = line_extents (desc);
  double head = slip_header (self, NULL, t, 0, 0, w) + GAP + desc_label_height (self);
  double cont = continuation_header (self, NULL, t, 0, 0, w) + GAP;
  double box = GAP + box_label_height (self) + BOX_MIN_HEIGHT;
  double more = more_note_height (self);
  int n = (int) lines->len, next = 0;
  gboolean first = TRUE;

  while (TRUE)
    {
      Piece piece = { .ticket = index, .first_line = next, .head = first };
      double avail = max_height - 2 * pad - (first ? head : cont);
      double top = next < n ? g_array_index (lines, double, 2 * next) : 0;
      double used = 0;
      int end = next;

      /* Take lines while they fit, keeping room for the "continues" note. */
      while (end < n && g_array_index (lines, double, 2 * end + 1) - top <= avail - more)
        end++;
      if (end == n)
        used = n > next ? g_array_index (lines, double, 2 * n - 1) - top : 0;
      else
        {
          /* Always move on, even if one line is taller than a frame. */
          if (end == next)
            end++;
          used = g_array_index (lines, double, 2 * end - 1) - top;
        }
      piece.n_lines = end - next;
      piece.box = end == n && used + box <= avail;
      piece.height = 2 * pad + (first ? head : cont) + used
                     + (piece.box ? box : more);
      g_array_append_val (self->pieces, piece);
      next = end;
      first = FALSE;
      if (piece.box)
        break;
    }
}

/* ---- the summary page ------------------------------------------------- */

typedef struct {
  const char *label;
  guint       count;
} Count;

static void
count_add (GArray *counts, const char *label)
{
  for (guint i = 0; i < counts->len; i++)
    {
      Count *c = &g_array_index (counts, Count, i);

      if (g_strcmp0 (c->label, label) == 0)
        {
          c->count++;
          return;
        }
    }
  g_array_append_vals (counts, &(Count) { label, 1 }, 1);
}

/* A heading and one row per count: label, a bar, the number. */
static double
count_section (LtSlips *self, cairo_t *cr, double x, double y, double w,
               const char *heading, GArray *counts, guint total)
{
  double label_w = MIN (120.0, w * 0.34), num_w = 64.0;
  double bar_w = w - label_w - num_w - 2 * GAP;
  double y0 = y;

  y += text_at (self, cr, x, y, w, 13, TRUE, heading) + 2;
  if (cr != NULL)
    {
      cairo_set_line_width (cr, 0.8);
      cairo_move_to (cr, x, y);
      cairo_line_to (cr, x + w, y);
      cairo_stroke (cr);
    }
  y += 4;
  for (guint i = 0; i < counts->len; i++)
    {
      const Count *c = &g_array_index (counts, Count, i);
      g_autofree char *num = g_strdup_printf (_("%u 件"), c->count);
      double h = text_at (self, cr, x, y, label_w, SIZE_VALUE, FALSE, c->label);

      if (cr != NULL)
        {
          double len = total > 0 ? bar_w * c->count / total : 0;

          /* Solid dark gray with a black outline: prints on anything. */
          cairo_rectangle (cr, x + label_w + GAP, y + h * 0.2, MAX (len, 1.0), h * 0.6);
          cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
          cairo_fill_preserve (cr);
          cairo_set_source_rgb (cr, 0, 0, 0);
          cairo_set_line_width (cr, 0.6);
          cairo_stroke (cr);
        }
      text_at (self, cr, x + label_w + bar_w + 2 * GAP, y, num_w, SIZE_VALUE, TRUE, num);
      y += h + 2;
    }
  return y - y0;
}

/* A list of the day's tickets under the counts, as many as fit above
 * @limit: the clerk ticks them off as the slips go out. */
static double
ticket_index (LtSlips *self, cairo_t *cr, double x, double y, double w, double limit)
{
  const double cols[] = { 0, 92, 136, 206, 262 };   /* receipt, time, category, status, location */
  double y0 = y, row_h;
  guint shown = 0;

  row_h = label_at (self, NULL, 0, 0, -1, 10, FALSE, "0") + 3;
  if (y + 4 * row_h > limit)
    return 0;
  y += text_at (self, cr, x, y, w, 13, TRUE, _("工单清单")) + 2;
  if (cr != NULL)
    {
      cairo_set_line_width (cr, 0.8);
      cairo_move_to (cr, x, y);
      cairo_line_to (cr, x + w, y);
      cairo_stroke (cr);
    }
  y += 4;
  for (; shown < self->tickets->len; shown++)
    {
      const LtTicket *t = g_ptr_array_index (self->tickets, shown);
      g_autofree char *receipt = NULL;
      g_autofree char *time = NULL;

      /* Keep a line for "N more" unless this is the last ticket. */
      if (y + row_h * (shown + 1 < self->tickets->len ? 2 : 1) > limit)
        break;
      if (cr != NULL)
        {
          receipt = lt_receipt_format (t->receipt);
          time = lt_time_format (t->created_at, "%H:%M");
          text_at (self, cr, x + cols[0], y, cols[1] - cols[0], 10, TRUE, receipt);
          label_at (self, cr, x + cols[1], y, -1, 10, FALSE, time);
          label_at (self, cr, x + cols[2], y, cols[3] - cols[2] - 4, 10, FALSE,
                    category_name (self, t->category));
          label_at (self, cr, x + cols[3], y, -1, 10, FALSE, lt_ticket_status_label (t->status));
          if (t->location != NULL)
            {
              g_autoptr(PangoLayout) place = lt_print_layout_new (self->pango, 10, FALSE, w - cols[4]);

              pango_layout_set_text (place, t->location, -1);
              pango_layout_set_ellipsize (place, PANGO_ELLIPSIZE_END);
              cairo_move_to (cr, x + cols[4], y);
              pango_cairo_show_layout (cr, place);
            }
        }
      y += row_h;
    }
  if (shown < self->tickets->len)
    {
      g_autofree char *more = g_strdup_printf (_("另有 %u 件未列出，见各联单据。"),
                                               self->tickets->len - shown);
      y += text_at (self, cr, x, y, w, 10, TRUE, more);
    }
  return y - y0;
}

static double
summary (LtSlips *self, cairo_t *cr, double x, double y, double w, double limit)
{
  const char *site = lt_config_get_site_name (self->config);
  g_autofree char *day = date_title (&self->date);
  gboolean roll = is_roll (self);
  double y0 = y;

  y += text_at (self, cr, x, y, w, roll ? 11 : 13, FALSE, site != NULL ? site : _("来听"));
  y += text_at (self, cr, x, y, w, roll ? 18 : 24, TRUE, _("工单日报"));
  y += text_at (self, cr, x, y, w, roll ? 12 : 15, FALSE, day) + 2 * GAP;

  if (self->tickets->len == 0)
    {
      g_autofree char *none = g_strdup_printf (_("%s没有新建的工单。"), day);
      double h;

      y += GAP;
      h = text_at (self, NULL, x, y, w, roll ? 24 : 40, TRUE, _("本日无工单"));
      if (cr != NULL)
        {
          cairo_set_line_width (cr, 2);
          cairo_rectangle (cr, x, y, w, h + 2 * 3 * GAP);
          cairo_stroke (cr);
        }
      text_at (self, cr, x + 3 * GAP, y + 3 * GAP, w - 6 * GAP, roll ? 24 : 40, TRUE, _("本日无工单"));
      y += h + 6 * GAP + GAP;
      y += text_at (self, cr, x, y, w, SIZE_VALUE, FALSE, none);
      return y - y0;
    }

  {
    g_autoptr(GArray) by_category = g_array_new (FALSE, FALSE, sizeof (Count));
    g_autoptr(GArray) by_channel = g_array_new (FALSE, FALSE, sizeof (Count));
    g_autoptr(GArray) by_status = g_array_new (FALSE, FALSE, sizeof (Count));
    g_autofree char *total = g_strdup_printf (_("新建工单 %u 件"), self->tickets->len);
    g_autofree char *overdue_text = NULL;
    g_autofree char *printed = NULL;
    g_autofree char *printed_at = lt_time_format (self->now, "%Y-%m-%d %H:%M");
    GPtrArray *categories = lt_config_get_categories (self->config);
    guint overdue = 0;

    /* Fixed orders, so the same day always reads the same way. */
    for (guint i = 0; categories != NULL && i < categories->len; i++)
      {
        const LtCategory *c = g_ptr_array_index (categories, i);
        g_array_append_vals (by_category, &(Count) { c->name, 0 }, 1);
      }
    for (int c = LT_CHANNEL_KIOSK; c <= LT_CHANNEL_LAST; c++)
      g_array_append_vals (by_channel, &(Count) { lt_channel_label (c), 0 }, 1);
    for (int s = LT_STATUS_RECEIVED; s <= LT_STATUS_REOPENED; s++)
      g_array_append_vals (by_status, &(Count) { lt_ticket_status_label (s), 0 }, 1);
    for (guint i = 0; i < self->tickets->len; i++)
      {
        const LtTicket *t = g_ptr_array_index (self->tickets, i);

        count_add (by_category, category_name (self, t->category));
        count_add (by_channel, lt_channel_label (t->channel));
        count_add (by_status, lt_ticket_status_label (t->status));
        overdue += lt_ticket_is_overdue (t, self->now);
      }
    /* Categories nobody used today are noise on a daily sheet. */
    for (guint i = by_category->len; i > 0; i--)
      if (g_array_index (by_category, Count, i - 1).count == 0)
        g_array_remove_index (by_category, i - 1);

    y += text_at (self, cr, x, y, w, roll ? 22 : 30, TRUE, total);
    overdue_text = g_strdup_printf (_("其中已超期未办结 %u 件"), overdue);
    y += text_at (self, cr, x, y, w, SIZE_VALUE + 2, overdue > 0, overdue_text) + 2 * GAP;
    y += count_section (self, cr, x, y, w, _("按类别"), by_category, self->tickets->len) + 2 * GAP;
    y += count_section (self, cr, x, y, w, _("按渠道"), by_channel, self->tickets->len) + 2 * GAP;
    y += count_section (self, cr, x, y, w, _("按状态"), by_status, self->tickets->len) + 2 * GAP;
    printed = g_strdup_printf (roll
                               ? _("以下每件工单一联，交承办人填写处理结果并签字。打印时间 %s。")
                               : _("以下每件工单一联，沿虚线剪开，交承办人填写处理结果并签字。打印时间 %s。"),
                               printed_at);
    y += text_at (self, cr, x, y, w, SIZE_LABEL + 1, FALSE, printed) + 3 * GAP;
    /* On a sheet the rest of the page lists the tickets; a roll page is
     * as long as its content, so there it would only waste paper. */
    if (limit > 0)
      y += ticket_index (self, cr, x, y, w, limit);
  }
  return y - y0;
}

/* ---- layout ------------------------------------------------------------ */

static double
margin (LtSlips *self)
{
  return is_roll (self) ? ROLL_MARGIN : SHEET_MARGIN;
}

static void
lay_out (LtSlips *self, double width, double height)
{
  double m;
  gboolean auto_height;

  if (self->laid_out && self->laid_width == width && self->laid_height == height)
    return;

  g_array_set_size (self->pieces, 0);
  g_array_set_size (self->page_heights, 0);
  g_array_set_size (self->page_first, 0);
  self->laid_width = width;
  self->laid_height = height;
  self->laid_out = TRUE;
  m = margin (self);
  auto_height = height <= 0;

  /* Page 0, the summary. */
  {
    double h = summary (self, NULL, m, m, width - 2 * m, 0) + 2 * m;
    guint zero = 0;

    if (!auto_height)
      h = height;
    g_array_append_val (self->page_heights, h);
    g_array_append_val (self->page_first, zero);
  }

  if (auto_height)
    {
      /* The roll: each piece is a page of its own length. */
      for (guint i = 0; i < self->tickets->len; i++)
        split_slip (self, i, width - 2 * m, ROLL_MAX_PIECE);
      for (guint i = 0; i < self->pieces->len; i++)
        {
          Piece *p = &g_array_index (self->pieces, Piece, i);
          double h = p->height + 2 * m;

          p->page = (int) self->page_heights->len;
          p->y = m;
          p->frame_height = p->height;
          g_array_append_val (self->page_heights, h);
          g_array_append_val (self->page_first, i);
        }
    }
  else
    {
      /* Sheets: equal slots; a piece takes as many as it needs, on one
       * page. */
      double avail = height - 2 * m - (is_roll (self) ? 0 : FOOTER_HEIGHT);
      int per_page = MAX (1, (int) floor (avail / LT_SLIPS_MIN_SLOT_PT));
      double slot = avail / per_page;
      int page = 0, used = per_page;

      for (guint i = 0; i < self->tickets->len; i++)
        split_slip (self, i, width - 2 * m, avail);
      for (guint i = 0; i < self->pieces->len; i++)
        {
          Piece *p = &g_array_index (self->pieces, Piece, i);
          int k = CLAMP ((int) ceil (p->height / slot - 1e-6), 1, per_page);

          if (used + k > per_page)
            {
              page++;
              used = 0;
              g_array_append_val (self->page_heights, height);
              g_array_append_val (self->page_first, i);
            }
          p->page = page;
          p->y = m + used * slot;
          p->frame_height = k * slot;
          used += k;
        }
    }
  self->n_pages = (int) self->page_heights->len;
}

int
lt_slips_get_n_pages (LtSlips *self, double width_pt, double height_pt)
{
  g_return_val_if_fail (LT_IS_SLIPS (self), 0);

  lay_out (self, width_pt, height_pt);
  return self->n_pages;
}

double
lt_slips_get_page_height (LtSlips *self, int page, double width_pt, double height_pt)
{
  g_return_val_if_fail (LT_IS_SLIPS (self), 0);

  lay_out (self, width_pt, height_pt);
  g_return_val_if_fail (page >= 0 && page < self->n_pages, 0);
  return g_array_index (self->page_heights, double, page);
}

/* ---- drawing ----------------------------------------------------------- */

static void
cut_line (LtSlips *self, cairo_t *cr, double y, double width)
{
  static const double dash[] = { 6.0, 4.0 };

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0.25, 0.25, 0.25);
  cairo_set_line_width (cr, 0.8);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_move_to (cr, 6, y);
  cairo_line_to (cr, width - 6, y);
  cairo_stroke (cr);
  cairo_restore (cr);
  /* A pair of scissors on the line, where a hand starts cutting. */
  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 14, y - 6, 14, 12);
  cairo_fill (cr);
  cairo_restore (cr);
  text_at (self, cr, 15, y - 6.5, -1, 9, FALSE, "✂");
}

static void
draw_piece (LtSlips *self, cairo_t *cr, const Piece *p, double width)
{
  const LtTicket *t = g_ptr_array_index (self->tickets, p->ticket);
  double m = margin (self), pad = is_roll (self) ? ROLL_PAD : PAD;
  double x = m + pad, w = width - 2 * m - 2 * pad;
  double y = p->y + pad, bottom = p->y + p->frame_height - pad;

  if (p->head)
    {
      y += slip_header (self, cr, t, x, y, w) + GAP;
      if (is_roll (self))
        y += label_at (self, cr, x, y, w, SIZE_LABEL, FALSE, _("问题描述")) + 2;
      else
        label_at (self, cr, x, y + (SIZE_DESCRIPTION - SIZE_LABEL) * 1.1, LABEL_WIDTH,
                 SIZE_LABEL, FALSE, _("问题描述"));
    }
  else
    y += continuation_header (self, cr, t, x, y, w) + GAP;

  if (p->n_lines > 0)
    {
      g_autoptr(PangoLayout) desc = description_layout (self, t, w - desc_indent (self));
      PangoLayoutIter *iter = pango_layout_get_iter (desc);
      double top = 0, last_bottom = 0;
      int i = 0;

      do
        {
          int ltop, lbottom;

          pango_layout_iter_get_line_yrange (iter, &ltop, &lbottom);
          if (i == p->first_line)
            top = (double) ltop / PANGO_SCALE;
          if (i >= p->first_line && i < p->first_line + p->n_lines)
            {
              double base = (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE;

              cairo_move_to (cr, x + desc_indent (self), y + base - top);
              pango_cairo_show_layout_line (cr, pango_layout_iter_get_line_readonly (iter));
              last_bottom = (double) lbottom / PANGO_SCALE;
            }
          i++;
        }
      while (i < p->first_line + p->n_lines && pango_layout_iter_next_line (iter));
      pango_layout_iter_free (iter);
      y += last_bottom - top;
    }

  if (p->box)
    {
      double bh;

      y += GAP;
      /* The box takes whatever the frame has left: more room to write. */
      bh = label_at (self, cr, x, y, w, SIZE_LABEL, FALSE, _("处理结果 / 签字"));
      y += bh;
      cairo_set_line_width (cr, 1.0);
      cairo_rectangle (cr, x, y, w, MAX (bottom - y, BOX_MIN_HEIGHT));
      cairo_stroke (cr);
      if (!is_roll (self))
        {
          /* Where the officer signs and dates, at the box's lower right. */
          label_at (self, cr, x + w - 190, bottom - 16, 190, SIZE_LABEL, FALSE,
                   _("签字：　　　　　日期：　　　　"));
        }
    }
  else
    text_at (self, cr, x, bottom - more_note_height (self) + GAP, w, SIZE_LABEL, TRUE,
             _("未完，接下一张"));
}

static void
footer (LtSlips *self, cairo_t *cr, int page, double width, double height)
{
  g_autofree char *text = NULL;
  char iso[16];

  g_date_strftime (iso, sizeof iso, "%Y-%m-%d", &self->date);
  /* TRANSLATORS: page footer: date, page, pages. */
  text = g_strdup_printf (_("工单日报 %s　第 %d / %d 页"), iso, page + 1, self->n_pages);
  {
    g_autoptr(PangoLayout) layout = lt_print_layout_new (self->pango, 8, FALSE, -1);

    pango_layout_set_text (layout, text, -1);
    cairo_move_to (cr, (width - lt_print_layout_width (layout)) / 2,
                   height - SHEET_MARGIN - lt_print_layout_height (layout) + 4);
    pango_cairo_show_layout (cr, layout);
  }
}

void
lt_slips_render_page (LtSlips *self, cairo_t *cr, int page, double width_pt, double height_pt)
{
  double m;

  g_return_if_fail (LT_IS_SLIPS (self));
  g_return_if_fail (cr != NULL);

  lay_out (self, width_pt, height_pt);
  g_return_if_fail (page >= 0 && page < self->n_pages);
  m = margin (self);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  if (page == 0)
    summary (self, cr, m, m, width_pt - 2 * m,
             is_roll (self) || height_pt <= 0 ? 0 : height_pt - m - FOOTER_HEIGHT);
  else
    {
      guint first = g_array_index (self->page_first, guint, page);

      for (guint i = first; i < self->pieces->len; i++)
        {
          const Piece *p = &g_array_index (self->pieces, Piece, i);

          if (p->page != page)
            break;
          /* A cut line above every slip but the page's first. */
          if (i > first)
            cut_line (self, cr, p->y, width_pt);
          draw_piece (self, cr, p, width_pt);
        }
    }
  if (!is_roll (self))
    footer (self, cr, page, width_pt, g_array_index (self->page_heights, double, page));
  cairo_restore (cr);
}

static double
pdf_page_height (gpointer data, int page)
{
  LtSlips *self = data;
  double width, height;

  lt_slips_get_page_size (self, &width, &height);
  return lt_slips_get_page_height (self, page, width, height);
}

static void
pdf_render (gpointer data, cairo_t *cr, int page)
{
  LtSlips *self = data;
  double width, height;

  lt_slips_get_page_size (self, &width, &height);
  lt_slips_render_page (self, cr, page, width, height);
}

gboolean
lt_slips_write_pdf (LtSlips *self, const char *path, GError **error)
{
  double width = 0, height = 0;
  cairo_status_t status;

  g_return_val_if_fail (LT_IS_SLIPS (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  lt_slips_get_page_size (self, &width, &height);
  status = lt_print_write_pdf (path, lt_slips_get_n_pages (self, width, height), width, height,
                               pdf_page_height, pdf_render, self);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, LT_SLIPS_ERROR, LT_SLIPS_ERROR_WRITE,
                   _("无法写入文件 %s：%s"), path, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
