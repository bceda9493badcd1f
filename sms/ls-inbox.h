/* ls-inbox.h — turning the parts found on the phone into whole messages.
 *
 * Each sweep of the phone gives every part still stored there. Parts of one
 * message share sender, reference and part count; several incomplete
 * messages can wait at once, from different senders even with the same
 * reference, their parts in any order. A message still missing parts is
 * used as far as it arrived once the newest part is older than the
 * timeout. */

#pragma once

#include <glib.h>
#include "ls-modem.h"

G_BEGIN_DECLS

typedef struct {
  char      *sender;
  gint64     sent_at;      /* SMSC time of the earliest part; 0 when unknown */
  char      *text;         /* UTF-8; "…" where parts are missing */
  guint      ref;          /* 0 for a single SMS */
  guint      total;        /* parts announced */
  guint      received;     /* parts received */
  gboolean   incomplete;
  char      *dedupe_key;   /* sender, reference, SMSC time and a digest of the text */
  GPtrArray *parts;        /* LsPart*: what to delete from the phone once stored */
  GPtrArray *fragments;    /* UTF-8 text of each received part, in order */
  LtInboundKind kind;      /* text, or what else it is */
  guint8     status;       /* delivery reports: TP-Status */
  int        location;     /* of its first part, for the log */
  gboolean   header_malformed; /* a part's header made no sense */
} LsMessage;

void ls_message_free (LsMessage *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsMessage, ls_message_free)

typedef struct _LsInbox LsInbox;

LsInbox   *ls_inbox_new     (void);
void       ls_inbox_free    (LsInbox *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsInbox, ls_inbox_free)

/* Sorts one sweep's @parts (LsPart*) into messages ready to store, oldest
 * first: every single SMS, every complete multipart message, and every
 * incomplete one whose newest part is @timeout seconds old at @now. Parts of
 * messages still waiting are left out; @n_waiting (may be NULL) gets how
 * many such messages there are. Delivery reports and unreadable messages
 * come as messages of their own kind; binary data as hex text. */
GPtrArray *ls_inbox_sort    (LsInbox *self, GPtrArray *parts, gint64 now, gint64 timeout,
                             guint *n_waiting);

/* UTF-16BE to UTF-8, replacing anything undecodable with U+FFFD. */
char      *ls_utf16be_to_utf8 (const guint8 *data, gsize len);

G_END_DECLS
