/* ls-inbox.c — turning the parts found on the phone into whole messages.
 *
 * The phone itself is the buffer: parts of an incomplete message stay on it
 * until the message is used, so nothing here must survive a restart. The
 * only memory kept between sweeps is when we first saw each incomplete
 * message, used when the SMSC gave no usable time stamp. */

#define G_LOG_DOMAIN "ls-inbox"

#include "config.h"

#include <string.h>

#include "ls-inbox.h"

struct _LsInbox {
  GHashTable *first_seen;   /* group key → gint64* unix seconds */
};

typedef struct {
  char      *key;           /* sender, reference, part count */
  LsPart   **slots;         /* total of them, by seq - 1 */
  GPtrArray *all;           /* every part, extras (re-deliveries) included */
  guint      received;
  gint64     oldest;
  gint64     newest;
} Group;

static void
group_free (Group *g)
{
  g_free (g->key);
  g_free (g->slots);
  g_ptr_array_unref (g->all);
  g_free (g);
}

void
ls_message_free (LsMessage *self)
{
  if (self == NULL)
    return;
  g_free (self->sender);
  g_free (self->text);
  g_free (self->dedupe_key);
  g_clear_pointer (&self->parts, g_ptr_array_unref);
  g_clear_pointer (&self->fragments, g_ptr_array_unref);
  g_free (self);
}

LsInbox *
ls_inbox_new (void)
{
  LsInbox *self = g_new0 (LsInbox, 1);

  self->first_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

void
ls_inbox_free (LsInbox *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->first_seen);
  g_free (self);
}

char *
ls_utf16be_to_utf8 (const guint8 *data, gsize len)
{
  GString *out = g_string_sized_new (len * 3 / 2 + 1);

  for (gsize i = 0; i + 1 < len; i += 2)
    {
      gunichar c = (gunichar) data[i] << 8 | data[i + 1];

      if (c >= 0xD800 && c <= 0xDBFF && i + 3 < len)
        {
          gunichar lo = (gunichar) data[i + 2] << 8 | data[i + 3];

          if (lo >= 0xDC00 && lo <= 0xDFFF)
            {
              c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
              i += 2;
            }
          else
            c = 0xFFFD;
        }
      else if (c >= 0xD800 && c <= 0xDFFF)
        c = 0xFFFD;
      if (c != 0)
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static gint
part_by_time_cb (gconstpointer a, gconstpointer b)
{
  const LsPart *pa = *(LsPart *const *) a, *pb = *(LsPart *const *) b;

  if (pa->sent_at != pb->sent_at)
    return pa->sent_at < pb->sent_at ? -1 : 1;
  return pa->location - pb->location;
}

static gboolean
same_part (const LsPart *a, const LsPart *b)
{
  return a->sent_at == b->sent_at && g_bytes_equal (a->text, b->text);
}

/* Puts @part in the first group of its key with a free slot for it. Two
 * messages from one sender can share a reference (it is only one byte), so
 * a key may hold several groups; parts are added oldest first, so the
 * earlier message fills first. */
static void
add_part (GHashTable *groups, GPtrArray *order, LsPart *part)
{
  g_autofree char *key = g_strdup_printf ("%s\x1f%u\x1f%u", part->sender, part->ref, part->total);
  GPtrArray *list = g_hash_table_lookup (groups, key);
  Group *g = NULL;

  if (list == NULL)
    {
      list = g_ptr_array_new ();
      g_hash_table_insert (groups, g_strdup (key), list);
    }
  for (guint i = 0; i < list->len && g == NULL; i++)
    {
      Group *candidate = list->pdata[i];
      LsPart *there = candidate->slots[part->seq - 1];

      if (there == NULL || same_part (there, part))
        g = candidate;
    }
  if (g == NULL)
    {
      g = g_new0 (Group, 1);
      g->key = g_strdup_printf ("%s\x1f%u", key, list->len);
      g->slots = g_new0 (LsPart *, part->total);
      g->all = g_ptr_array_new_with_free_func ((GDestroyNotify) ls_part_unref);
      g->oldest = G_MAXINT64;
      g_ptr_array_add (list, g);
      g_ptr_array_add (order, g);
    }
  g_ptr_array_add (g->all, ls_part_ref (part));
  if (g->slots[part->seq - 1] == NULL)
    {
      g->slots[part->seq - 1] = part;
      g->received++;
    }
  g->oldest = MIN (g->oldest, part->sent_at);
  g->newest = MAX (g->newest, part->sent_at);
}

/* 8-bit data is kept by the modem layer one byte per UTF-16 unit; it is
 * stored as hex, which nobody mistakes for words. */
static char *
binary_to_hex (const GByteArray *utf16)
{
  GString *hex = g_string_sized_new (utf16->len + 1);

  for (guint i = 1; i < utf16->len; i += 2)
    g_string_append_printf (hex, "%02X", utf16->data[i]);
  return g_string_free (hex, FALSE);
}

/* A message that is one part alone and no words: a delivery report, or
 * one the modem could not read. */
static LsMessage *
message_from_lone_part (LsPart *p, gint64 now)
{
  LsMessage *m = g_new0 (LsMessage, 1);
  g_autoptr(GDateTime) today = g_date_time_new_from_unix_utc (now);
  g_autofree char *day = g_date_time_format (today, "%Y%m%d");

  m->sender = g_strdup (p->sender);
  m->sent_at = p->sent_at;
  m->kind = p->kind;
  m->status = p->status;
  m->location = p->location;
  m->ref = p->ref;
  m->total = 1;
  m->received = 1;
  m->parts = g_ptr_array_new_with_free_func ((GDestroyNotify) ls_part_unref);
  g_ptr_array_add (m->parts, ls_part_ref (p));
  m->fragments = g_ptr_array_new_with_free_func (g_free);
  if (p->kind == LT_INBOUND_DELIVERY_REPORT)
    {
      m->text = g_strdup_printf ("status 0x%02X", p->status);
      m->dedupe_key = g_strdup_printf ("report|%s|%u|%" G_GINT64_FORMAT "|%u",
                                       p->sender, p->ref, p->sent_at, p->status);
    }
  else
    {
      /* Nothing of it is known for sure, so the key holds where and
       * (by the day) when it was found. */
      m->text = g_strdup_printf ("location %d: %s", p->location, p->error ? p->error : "?");
      m->dedupe_key = g_strdup_printf ("unreadable|%d|%s|%" G_GINT64_FORMAT "|%s",
                                       p->location, p->sender, p->sent_at, day);
    }
  return m;
}

static LsMessage *
message_from_group (Group *g)
{
  LsMessage *m = g_new0 (LsMessage, 1);
  GByteArray *utf16 = g_byte_array_new ();
  LsPart *first = g->all->pdata[0];
  g_autofree char *digest = NULL;
  static const guint8 ellipsis[] = { 0x20, 0x26 };   /* … */
  guint total = first->total;

  m->fragments = g_ptr_array_new_with_free_func (g_free);
  for (guint s = 0; s < total; s++)
    {
      LsPart *p = g->slots[s];
      gsize len;
      const guint8 *data;

      if (p == NULL)
        {
          g_byte_array_append (utf16, ellipsis, 2);
          continue;
        }
      data = g_bytes_get_data (p->text, &len);
      g_byte_array_append (utf16, data, len);
      g_ptr_array_add (m->fragments, ls_utf16be_to_utf8 (data, len));
    }
  m->sender = g_strdup (first->sender);
  m->sent_at = g->oldest;
  m->location = first->location;
  m->kind = LT_INBOUND_TEXT;
  for (guint i = 0; i < g->all->len; i++)
    {
      LsPart *p = g->all->pdata[i];

      /* The first part of a long WAP push says whether it is an MMS. */
      if (p->kind != LT_INBOUND_TEXT && (m->kind == LT_INBOUND_TEXT || p->seq == 1))
        m->kind = p->kind;
      m->header_malformed |= p->header_malformed;
    }
  if (m->kind == LT_INBOUND_TEXT)
    m->text = ls_utf16be_to_utf8 (utf16->data, utf16->len);
  else
    m->text = binary_to_hex (utf16);
  m->ref = first->ref;
  m->total = total;
  m->received = g->received;
  m->incomplete = g->received < total;
  m->parts = g_ptr_array_ref (g->all);
  digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256, utf16->data, utf16->len);
  m->dedupe_key = g_strdup_printf ("%s|%u/%u|%" G_GINT64_FORMAT "|%.32s",
                                   m->sender, m->ref, m->total, m->sent_at, digest);
  g_byte_array_unref (utf16);
  return m;
}

static gint
message_by_time_cb (gconstpointer a, gconstpointer b)
{
  const LsMessage *ma = *(LsMessage *const *) a, *mb = *(LsMessage *const *) b;

  return ma->sent_at < mb->sent_at ? -1 : ma->sent_at > mb->sent_at;
}

GPtrArray *
ls_inbox_sort (LsInbox   *self,
               GPtrArray *parts,
               gint64     now,
               gint64     timeout,
               guint     *n_waiting)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_sized_new (parts->len);
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  g_autoptr(GHashTable) still_waiting = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *ready = g_ptr_array_new_with_free_func ((GDestroyNotify) ls_message_free);
  GHashTableIter iter;
  gpointer key;
  guint waiting = 0;

  /* A plain copy: g_ptr_array_copy would take the free function along. */
  g_ptr_array_extend (sorted, parts, NULL, NULL);
  g_ptr_array_sort (sorted, part_by_time_cb);
  for (guint i = 0; i < sorted->len; i++)
    {
      LsPart *p = sorted->pdata[i];

      if (p->kind == LT_INBOUND_DELIVERY_REPORT || p->kind == LT_INBOUND_UNREADABLE)
        g_ptr_array_add (ready, message_from_lone_part (p, now));
      else
        add_part (groups, order, p);
    }

  for (guint i = 0; i < order->len; i++)
    {
      Group *g = order->pdata[i];
      LsPart *first = g->all->pdata[0];
      gint64 *seen = g_hash_table_lookup (self->first_seen, g->key);
      gint64 since;

      if (g->received < first->total)
        {
          if (seen == NULL)
            {
              seen = g_new (gint64, 1);
              *seen = now;
              g_hash_table_insert (self->first_seen, g_strdup (g->key), seen);
            }
          /* The SMSC's time of the newest part, unless the network gave
           * none or one from the future; then when we first saw it. */
          since = g->newest > 0 && g->newest <= now ? g->newest : *seen;
          if (now - since < timeout)
            {
              waiting++;
              g_hash_table_add (still_waiting, g->key);
              continue;
            }
        }
      g_ptr_array_add (ready, message_from_group (g));
    }

  /* Forget messages that were used or vanished. */
  g_hash_table_iter_init (&iter, self->first_seen);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (still_waiting, key))
      g_hash_table_iter_remove (&iter);

  g_ptr_array_sort (ready, message_by_time_cb);
  if (n_waiting != NULL)
    *n_waiting = waiting;
  return ready;
}
