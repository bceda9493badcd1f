/* ls-listener.c — the listener's main loop.
 *
 * One pass ("cycle") is: read every message on the phone, store and act on
 * each whole one, delete what is stored, then send what the outbox holds.
 * Each modem step runs on the modem's thread; the store calls run here on
 * the main thread, where they are quick. Cycles repeat every poll interval.
 *
 * When the modem cannot be reached the listener says so once, retries with
 * a growing wait, and says so once more when it is back; the phone keeps
 * what arrives and the outbox keeps what is queued, so nothing is lost
 * meanwhile. */

#define G_LOG_DOMAIN "laiting-sms"

#include "config.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lt-inbound.h"
#include "lt-sms-receive.h"
#include "ls-inbox.h"
#include "ls-listener.h"
#include "ls-modem.h"
#include "ls-outbound.h"
#include "ls-test-hook.h"

typedef enum {
  LINK_UNKNOWN,
  LINK_UP,
  LINK_DOWN,
} LinkState;

struct _LsListener {
  LtStore    *store;
  LsSettings *settings;
  LsSettings *next_settings; /* after a reload, until the next cycle */
  LsModem    *modem;
  LsInbox    *inbox;
  LsOutbound *outbound;
  LsRelay    *relay;         /* through a hub; NULL on the local store */
  GMainLoop  *loop;
  gboolean    once;
  gboolean    busy;          /* a cycle is under way */
  gboolean    stopping;
  guint       timer;
  LinkState   link;
  gint64      backoff;       /* seconds; 0 while the modem is up */
  guint       waiting;       /* incomplete messages last seen */
  int         status;
  gboolean    crash_after_commit;   /* tests: die between commit and delete */
  gboolean    sim_full;      /* said so; say when there is space again */
  guint       watchdog;
};

static void start_cycle (LsListener *self);

/* A proxy modem process (gammu's proxyat) that exited while gammu waits
 * on it; gammu never gives up. Peeks without reaping: gammu waits for
 * its own child when it closes the connection. */
static gboolean
modem_process_exited (void)
{
  siginfo_t info = { 0 };

  return waitid (P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid != 0;
}

/* libgammu can hang for good inside a call (its proxy connection retries
 * a write to a process that is gone; a wedged USB modem does the same).
 * Nothing can cancel it, so the listener says so and exits: its service
 * manager starts it again, and the store puts the SMS that was being
 * sent back in the queue. */
static gboolean
watchdog_cb (gpointer user_data)
{
  LsListener *self = user_data;
  gint64 busy = ls_modem_busy_for (self->modem);
  const char *why = NULL;

  if (busy > self->settings->modem_timeout)
    why = "has not answered";
  else if (busy > 5 && modem_process_exited ())
    why = "process exited and gammu is still waiting on it after";
  if (why == NULL)
    return G_SOURCE_CONTINUE;
  g_warning ("the modem %s %" G_GINT64_FORMAT " s; exiting so the listener is started again",
             why, busy);
  _exit (1);
}

static gboolean
timer_cb (gpointer user_data)
{
  LsListener *self = user_data;

  self->timer = 0;
  start_cycle (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (LsListener *self, gint64 seconds)
{
  g_clear_handle_id (&self->timer, g_source_remove);
  self->timer = g_timeout_add_seconds ((guint) CLAMP (seconds, 0, G_MAXUINT), timer_cb, self);
}

static void
finish_cycle (LsListener *self)
{
  g_autoptr(GError) error = NULL;
  gint64 wait = self->settings->poll_interval;
  gint64 due;

  self->busy = FALSE;
  if (self->stopping || self->once)
    {
      g_main_loop_quit (self->loop);
      return;
    }
  /* Wake for the next retry if it comes before the next sweep. */
  due = lt_store_outbox_next_due (self->store, lt_store_now (), &error);
  if (due >= 0)
    wait = MIN (wait, MAX (due, 1));
  schedule (self, wait);
}

/* The modem is gone or unreachable: say so once, and try again later. */
static void
link_down (LsListener *self, const GError *error)
{
  if (error->domain == LS_MODEM_ERROR && error->code == LS_MODEM_ERROR_CONFIG)
    {
      g_printerr ("%s\n", error->message);
      self->status = 1;
      self->stopping = TRUE;
    }
  else if (self->link != LINK_DOWN && !self->once)
    g_message ("modem unavailable, will keep retrying: %s", error->message);
  self->link = LINK_DOWN;
  self->busy = FALSE;

  if (self->once || self->stopping)
    {
      if (self->once && self->status == 0)
        {
          g_printerr ("%s\n", error->message);
          self->status = 1;
        }
      g_main_loop_quit (self->loop);
      return;
    }
  self->backoff = self->backoff > 0 ? MIN (self->backoff * 2, self->settings->reconnect_max) : 1;
  schedule (self, self->backoff);
}

static void
link_up (LsListener *self)
{
  if (self->link == LINK_DOWN)
    g_message ("modem is back");
  else if (self->link == LINK_UNKNOWN)
    g_message ("modem connected");
  self->link = LINK_UP;
  self->backoff = 0;
}

static void
drained_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  LsListener *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ls_outbound_drain_finish (self->outbound, result, NULL, &error))
    {
      if (error->domain == LS_MODEM_ERROR)
        {
          link_down (self, error);
          return;
        }
      g_warning ("cannot read the outbox: %s", error->message);
    }
  finish_cycle (self);
}

static void
drain (LsListener *self)
{
  if (self->stopping)
    {
      finish_cycle (self);
      return;
    }
  ls_outbound_drain_async (self->outbound, self->settings, drained_cb, self);
}

static void
deleted_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  LsListener *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ls_modem_delete_finish (self->modem, result, &error))
    {
      if (error->domain == LS_MODEM_ERROR && error->code == LS_MODEM_ERROR_GONE)
        {
          /* Stored already: the next read finds them again, harmlessly. */
          link_down (self, error);
          return;
        }
      g_warning ("cannot delete stored messages from the phone: %s", error->message);
    }
  drain (self);
}

/* What the listener says about a message before the rules act on it:
 * where the modem could not read one, and a part header that made no
 * sense. Said only when the message is stored, so once. */
static void
log_reading (const LsMessage *m)
{
  if (m->kind == LT_INBOUND_UNREADABLE)
    g_message ("a message the modem cannot read is kept in the store as unreadable and"
               " deleted from the phone; reading goes on (%s)", m->text);
  else if (m->header_malformed)
    g_message ("the message at location %d has a malformed part header; used as it came",
               m->location);
}

/* Stores and acts on each whole message; returns the parts that may now be
 * deleted from the phone. */
static GPtrArray *
store_messages (LsListener *self, GPtrArray *parts)
{
  g_autoptr(GPtrArray) messages = NULL;
  GPtrArray *to_delete = g_ptr_array_new_with_free_func ((GDestroyNotify) ls_part_unref);
  gint64 now = lt_store_now ();
  guint waiting = 0;

  messages = ls_inbox_sort (self->inbox, parts, now, self->settings->multipart_timeout,
                            &waiting);
  for (guint i = 0; i < messages->len; i++)
    {
      LsMessage *m = messages->pdata[i];
      g_autoptr(GError) error = NULL;
      LtSmsReceived done;
      LtInbound in = {
        .dedupe_key = m->dedupe_key,
        .sender = m->sender,
        .sent_at = m->sent_at,
        .received_at = now,
        .text = m->text,
        .parts = m->received,
        .incomplete = m->incomplete,
        .kind = m->kind,
        .ref = m->ref,
        .total = m->total,
        .fragments = m->fragments,
        .status = m->status,
      };

      ls_test_hook (LS_TEST_HOOK_STORE);
      done.committed = TRUE;
      if (self->relay ? !ls_relay_receive (self->relay, &in, &error)
                      : !lt_sms_receive (self->store, &in, now, &done, &error))
        {
          /* Left on the phone; the next sweep tries again. */
          g_warning ("cannot store a message, will retry: %s", error->message);
          break;
        }
      if (done.committed)
        log_reading (m);
      if (done.committed && self->crash_after_commit)
        raise (SIGKILL);
      if (done.committed)
        ls_test_hook (LS_TEST_HOOK_STORED);
      for (guint p = 0; p < m->parts->len; p++)
        g_ptr_array_add (to_delete, ls_part_ref (m->parts->pdata[p]));
    }

  if (waiting != self->waiting)
    g_message ("%u incomplete multipart message%s waiting for missing parts",
               waiting, waiting == 1 ? "" : "s");
  self->waiting = waiting;
  return to_delete;
}

/* A full SIM is not an error of ours, but while it lasts the network keeps
 * residents' messages back: say so once, and once when it is over. */
static void
note_sim_fill (LsListener *self)
{
  int used, size;

  ls_modem_get_sim_fill (self->modem, &used, &size);
  if (size <= 0)
    return;
  if (used >= size && !self->sim_full)
    g_message ("the SIM is full (%d of %d messages): new SMS wait at the network until"
               " these are stored and deleted", used, size);
  else if (used < size && self->sim_full)
    g_message ("the SIM has space again (%d of %d messages)", used, size);
  self->sim_full = used >= size;
}

static void
read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  LsListener *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) parts = ls_modem_read_finish (self->modem, result, &error);
  g_autoptr(GPtrArray) to_delete = NULL;

  if (parts == NULL && error->domain == LS_MODEM_ERROR && error->code == LS_MODEM_ERROR_FAILED)
    {
      /* The modem answered but would not list its messages: not a lost
       * modem. Send what is queued and read again next time. */
      g_warning ("cannot read the phone's messages this time: %s", error->message);
      link_up (self);
      drain (self);
      return;
    }
  if (parts == NULL)
    {
      link_down (self, error);
      return;
    }
  link_up (self);
  note_sim_fill (self);
  to_delete = store_messages (self, parts);
  if (to_delete->len > 0)
    ls_modem_delete_async (self->modem, to_delete, deleted_cb, self);
  else
    drain (self);
}

static void
start_cycle (LsListener *self)
{
  if (self->busy)
    return;
  if (self->stopping)
    {
      g_main_loop_quit (self->loop);
      return;
    }
  if (self->next_settings != NULL)
    {
      ls_settings_free (self->settings);
      self->settings = g_steal_pointer (&self->next_settings);
    }
  self->busy = TRUE;
  ls_modem_read_async (self->modem, read_cb, self);
}

LsListener *
ls_listener_new (LtStore *store, const char *gammurc, gboolean once)
{
  LsListener *self = g_new0 (LsListener, 1);

  self->store = g_object_ref (store);
  self->settings = ls_settings_load (lt_store_get_config (store));
  self->modem = ls_modem_new (gammurc);
  self->inbox = ls_inbox_new ();
  self->outbound = ls_outbound_new (store, self->modem);
  self->loop = g_main_loop_new (NULL, FALSE);
  self->once = once;
  self->crash_after_commit = g_strcmp0 (g_getenv ("LAITING_SMS_TEST_CRASH_AFTER_COMMIT"), "1") == 0;
  self->watchdog = g_timeout_add_seconds (1, watchdog_cb, self);
  return self;
}

void
ls_listener_set_relay (LsListener *self, LsRelay *relay)
{
  self->relay = relay;
  ls_outbound_set_relay (self->outbound, relay);
}

void
ls_listener_free (LsListener *self)
{
  if (self == NULL)
    return;
  g_clear_handle_id (&self->timer, g_source_remove);
  g_clear_handle_id (&self->watchdog, g_source_remove);
  /* The modem goes first: its thread may still hold a job whose answer
   * refers to the rest. */
  ls_modem_free (self->modem);
  ls_outbound_free (self->outbound);
  ls_inbox_free (self->inbox);
  ls_settings_free (self->settings);
  ls_settings_free (self->next_settings);
  g_main_loop_unref (self->loop);
  g_object_unref (self->store);
  g_free (self);
}

int
ls_listener_run (LsListener *self)
{
  g_autoptr(GError) error = NULL;
  guint recovered = lt_store_outbox_recover (self->store, &error);

  if (error != NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (recovered > 0)
    g_message ("%u SMS interrupted while sending are queued again", recovered);
  g_message ("listening%s", self->once ? " (one pass)" : "");
  start_cycle (self);
  g_main_loop_run (self->loop);
  return self->status;
}

void
ls_listener_stop (LsListener *self)
{
  if (self->stopping)
    return;
  g_message ("stopping");
  self->stopping = TRUE;
  ls_outbound_stop (self->outbound);
  if (!self->busy)
    {
      g_clear_handle_id (&self->timer, g_source_remove);
      g_main_loop_quit (self->loop);
    }
}

void
ls_listener_reload (LsListener *self, LtConfig *config)
{
  lt_store_set_config (self->store, config);
  /* A cycle under way keeps reading the old settings; the new ones take
   * over when the next cycle starts. */
  g_clear_pointer (&self->next_settings, ls_settings_free);
  self->next_settings = ls_settings_load (config);
  g_message ("configuration reloaded");
}
