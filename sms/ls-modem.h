/* ls-modem.h — the GSM modem, driven through libgammu on a thread of its own.
 *
 * libgammu calls block for seconds on a real modem, so every call runs on
 * one worker thread that owns the GSM state machine; the main loop asks for
 * work with the *_async calls below and gets each answer back in its own
 * context. Jobs run one at a time, in the order they were asked for. */

#pragma once

#include <gio/gio.h>
#include "lt-inbound.h"

G_BEGIN_DECLS

#define LS_MODEM_ERROR (ls_modem_error_quark ())
typedef enum {
  LS_MODEM_ERROR_GONE,     /* cannot connect, or the connection broke */
  LS_MODEM_ERROR_CONFIG,   /* the gammurc cannot be read */
  LS_MODEM_ERROR_FAILED,   /* the modem refused this one request */
} LsModemError;
GQuark ls_modem_error_quark (void);

/* One SMS as the phone stores it: a whole message or one part of one. */
typedef struct {
  int     folder;
  int     location;     /* where to delete it from */
  char   *sender;       /* UTF-8, as the network gave it */
  gint64  sent_at;      /* SMSC time stamp, unix seconds; 0 when unknown */
  GBytes *text;         /* UTF-16BE: parts are joined before decoding, so a
                         * character split across two parts survives */
  guint   ref;          /* concatenation reference; 0 for a single SMS */
  guint   total;        /* number of parts; 1 for a single SMS */
  guint   seq;          /* this part, 1..total */
  LtInboundKind kind;   /* text, a delivery report, WAP push, unreadable … */
  gboolean header_malformed; /* its part header made no sense: used as single */
  guint8  status;       /* delivery reports: TP-Status */
  char   *error;        /* unreadable: what the modem said */
} LsPart;

LsPart  *ls_part_new  (const char *sender, gint64 sent_at, const char *utf8_text,
                       guint ref, guint total, guint seq);
LsPart  *ls_part_ref  (LsPart *self);
void     ls_part_unref(LsPart *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsPart, ls_part_unref)

typedef struct _LsModem LsModem;

/* @gammurc: the gammu configuration file, or NULL for gammu's own search
 * (~/.gammurc, /etc/gammurc). Nothing is opened until the first job. */
LsModem   *ls_modem_new          (const char *gammurc);
/* Lets queued jobs finish, closes the connection and joins the thread. */
void       ls_modem_free         (LsModem *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsModem, ls_modem_free)

/* Every message in the phone's inbox folders, as a GPtrArray of LsPart*.
 * A message the modem cannot read is a part of kind LT_INBOUND_UNREADABLE
 * with its location and the modem's error, and the sweep goes on past it;
 * only a broken link fails the read (LS_MODEM_ERROR_GONE). */
void       ls_modem_read_async   (LsModem *self, GAsyncReadyCallback callback, gpointer user_data);
GPtrArray *ls_modem_read_finish  (LsModem *self, GAsyncResult *result, GError **error);

/* Seconds the job now in libgammu's hands has been running, 0 when none
 * is. gammu can wait forever on a connection that went away (a proxy
 * modem process that exited mid-command); this lets the main loop see it. */
gint64     ls_modem_busy_for     (LsModem *self);

/* How many messages the SIM held and could hold when the last read
 * started (both -1 when the modem did not say). Call from the read's
 * callback. */
void       ls_modem_get_sim_fill (LsModem *self, int *used, int *size);

/* Deletes @parts (LsPart*) from the phone; a part already gone is fine. */
void       ls_modem_delete_async (LsModem *self, GPtrArray *parts,
                                  GAsyncReadyCallback callback, gpointer user_data);
gboolean   ls_modem_delete_finish(LsModem *self, GAsyncResult *result, GError **error);

/* Sends @text to @number, as UCS-2 when it needs it and in several parts
 * when it needs them, asking the network for a delivery report when
 * @report. Returns the modem's reference of the first part, or -1 with
 * @error. */
void       ls_modem_send_async   (LsModem *self, const char *number, const char *text,
                                  gboolean report,
                                  GAsyncReadyCallback callback, gpointer user_data);
int        ls_modem_send_finish  (LsModem *self, GAsyncResult *result, GError **error);

G_END_DECLS
