/* ls-modem.c — the GSM modem, driven through libgammu on a thread of its own.
 *
 * One worker thread owns the GSM_StateMachine; nothing else touches it, so
 * libgammu needs no locking. The main loop hands jobs over as GTasks through
 * an async queue; the worker returns each GTask, which brings the answer back
 * to the context that asked.
 *
 * The worker connects lazily, before the first job and again after the
 * connection broke. A modem that disappears is noticed two ways: libgammu
 * reports a device or timeout error, or the device path in the gammurc
 * (/dev/ttyUSB0, or the dummy phone's folder) no longer exists. The latter
 * matters because some drivers, the dummy among them, go on answering from
 * memory when their device is gone. */

#define G_LOG_DOMAIN "ls-modem"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <gammu.h>

#include "lt-segments.h"
#include "lt-sms-udh.h"
#include "ls-modem.h"
#include "ls-test-hook.h"

/* How long a real modem may take to confirm a sent message. */
#define SEND_STATUS_TIMEOUT_US (60 * G_USEC_PER_SEC)

G_DEFINE_QUARK (ls-modem-error-quark, ls_modem_error)

struct _LsModem {
  char             *gammurc;
  GThread          *thread;
  GAsyncQueue      *jobs;        /* GTask*, or the stop marker */

  /* Owned by the worker thread alone. */
  GSM_StateMachine *sm;
  char             *device;
  gboolean          device_is_path; /* not a proxy connection's command line */
  char             *logfile;     /* the gammurc's logfile, opened for appending */
  char              loglevel[50];
  int               send_status; /* -1 while waiting for the modem */
  guint             fail_sends;  /* tests: refuse this many sends first */
  GSM_SMSC          smsc;        /* read once per connection */
  gboolean          have_smsc;
  int               send_ref;
  gint              job_started; /* monotonic seconds when the running job
                                  * started, 0 when idle; read by the
                                  * listener's watchdog */
  int               sim_used;    /* at the last read's start; -1 unknown */
  int               sim_size;
};

typedef enum { JOB_READ, JOB_DELETE, JOB_SEND } JobKind;

typedef struct {
  JobKind    kind;
  GPtrArray *parts;   /* JOB_DELETE */
  char      *number;  /* JOB_SEND */
  char      *text;
  gboolean   report;
} Job;

static void
job_free (Job *job)
{
  g_clear_pointer (&job->parts, g_ptr_array_unref);
  g_free (job->number);
  g_free (job->text);
  g_free (job);
}

/* ---- parts ------------------------------------------------------------ */

typedef struct {
  LsPart part;
  gint   refcount;
} LsPartReal;

static LsPart *
part_alloc (void)
{
  LsPartReal *real = g_new0 (LsPartReal, 1);

  real->refcount = 1;
  real->part.total = 1;
  real->part.seq = 1;
  return &real->part;
}

LsPart *
ls_part_new (const char *sender,
             gint64      sent_at,
             const char *utf8_text,
             guint       ref,
             guint       total,
             guint       seq)
{
  LsPart *self = part_alloc ();
  gsize len = 0;
  char *utf16 = g_convert (utf8_text, -1, "UTF-16BE", "UTF-8", NULL, &len, NULL);

  self->sender = g_strdup (sender);
  self->sent_at = sent_at;
  self->text = g_bytes_new_take (utf16, utf16 ? len : 0);
  self->ref = ref;
  self->total = MAX (total, 1);
  self->seq = CLAMP (seq, 1, self->total);
  return self;
}

LsPart *
ls_part_ref (LsPart *self)
{
  g_atomic_int_inc (&((LsPartReal *) self)->refcount);
  return self;
}

void
ls_part_unref (LsPart *self)
{
  if (self == NULL || !g_atomic_int_dec_and_test (&((LsPartReal *) self)->refcount))
    return;
  g_free (self->sender);
  g_bytes_unref (self->text);
  g_free (self->error);
  g_free (self);
}

/* ---- conversions -------------------------------------------------------- */

/* gammu keeps text as UCS-2 big-endian ending in two zero bytes. */
static char *
gammu_to_utf8 (const unsigned char *u)
{
  gsize n = UnicodeLength (u) * 2;
  char *s = g_convert ((const char *) u, n, "UTF-8", "UTF-16BE", NULL, NULL, NULL);

  return s != NULL ? s : g_strdup ("");
}

static unsigned char *
utf8_to_gammu (const char *utf8)
{
  gsize len = 0;
  char *u = g_convert (utf8, -1, "UTF-16BE", "UTF-8", NULL, &len, NULL);
  unsigned char *out;

  if (u == NULL)
    return g_malloc0 (2);
  out = g_malloc0 (len + 2);
  memcpy (out, u, len);
  g_free (u);
  return out;
}

static gint64
datetime_to_unix (const GSM_DateTime *dt)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) t = NULL;

  if (dt->Year == 0)
    return 0;
  tz = g_time_zone_new_offset (dt->Timezone);
  t = g_date_time_new (tz, dt->Year, dt->Month, dt->Day, dt->Hour, dt->Minute, dt->Second);
  return t != NULL ? g_date_time_to_unix (t) : 0;
}

/* The message text as UTF-16BE bytes, whatever its coding on the air. */
static GBytes *
part_text (const GSM_SMSMessage *sms)
{
  if (sms->Coding == SMS_Coding_8bit)
    {
      /* Binary data has no character set; keep every byte as Latin-1 so
       * nothing is lost and nothing is invalid UTF-8. */
      GByteArray *out = g_byte_array_sized_new (sms->Length * 2);

      for (int i = 0; i < sms->Length; i++)
        {
          guint8 pair[2] = { 0, sms->Text[i] };
          g_byte_array_append (out, pair, 2);
        }
      return g_byte_array_free_to_bytes (out);
    }
  return g_bytes_new (sms->Text, UnicodeLength (sms->Text) * 2);
}

static LsPart *
part_from_gammu (const GSM_SMSMessage *sms)
{
  LsPart *self = part_alloc ();
  gboolean eight_bit = sms->Coding == SMS_Coding_8bit;
  LtSmsUdh udh;

  self->folder = sms->Folder;
  self->location = sms->Location;
  self->sender = gammu_to_utf8 (sms->Number);
  self->sent_at = datetime_to_unix (&sms->DateTime);
  self->text = part_text (sms);
  /* Our own reading of the header: gammu's knows fewer shapes and says
   * nothing when one is broken. */
  self->header_malformed = !lt_sms_udh_parse (sms->UDH.Text,
                                              (gsize) CLAMP (sms->UDH.Length, 0,
                                                             (int) sizeof sms->UDH.Text),
                                              &udh);
  self->kind = lt_sms_classify (sms->PDU == SMS_Status_Report, eight_bit, &udh,
                                eight_bit ? sms->Text : NULL,
                                eight_bit ? (gsize) CLAMP (sms->Length, 0, GSM_MAX_SMS_LENGTH) : 0);
  if (self->kind == LT_INBOUND_DELIVERY_REPORT)
    {
      /* The reference of the SMS it reports on, and how it went. */
      self->ref = sms->MessageReference;
      self->status = sms->DeliveryStatus;
      self->sent_at = datetime_to_unix (&sms->SMSCTime);
      return self;
    }
  if (udh.total > 1)
    {
      self->ref = udh.ref;
      self->total = udh.total;
      self->seq = udh.seq;
    }
  return self;
}

/* A message the modem could not read: where it is and what was said. */
static LsPart *
part_unreadable (const GSM_SMSMessage *sms, GSM_Error err)
{
  LsPart *self = part_alloc ();

  self->folder = sms->Folder;
  self->location = sms->Location;
  self->sender = gammu_to_utf8 (sms->Number);
  self->sent_at = datetime_to_unix (&sms->DateTime);
  self->text = g_bytes_new (NULL, 0);
  self->kind = LT_INBOUND_UNREADABLE;
  self->error = g_strdup (GSM_ErrorString (err));
  return self;
}

/* ---- the connection (worker thread) ----------------------------------- */

/* Errors that mean the link to the modem is broken rather than that it
 * refused one request. */
static gboolean
is_link_error (GSM_Error err)
{
  switch (err)
    {
    case ERR_DEVICEOPENERROR:
    case ERR_DEVICELOCKED:
    case ERR_DEVICENOTEXIST:
    case ERR_DEVICEBUSY:
    case ERR_DEVICENOPERMISSION:
    case ERR_DEVICENODRIVER:
    case ERR_DEVICENOTWORK:
    case ERR_DEVICEDTRRTSERROR:
    case ERR_DEVICECHANGESPEEDERROR:
    case ERR_DEVICEWRITEERROR:
    case ERR_DEVICEREADERROR:
    case ERR_DEVICEPARITYERROR:
    case ERR_TIMEOUT:
    case ERR_NOTCONNECTED:
    case ERR_ABORTED:
      return TRUE;
    default:
      return FALSE;
    }
}

static void
disconnect (LsModem *self)
{
  if (self->sm == NULL)
    return;
  GSM_TerminateConnection (self->sm);
  GSM_FreeStateMachine (self->sm);
  self->sm = NULL;
}

static void
send_status_cb (GSM_StateMachine *sm,
                int               status,
                int               message_reference,
                void             *user_data)
{
  LsModem *self = user_data;

  self->send_status = status;
  self->send_ref = message_reference;
}

static gboolean
device_present (LsModem *self)
{
  return self->device == NULL || !self->device_is_path || self->device[0] != '/' ||
         g_file_test (self->device, G_FILE_TEST_EXISTS);
}

static gboolean
set_gammu_error (LsModem *self, GSM_Error err, const char *doing, GError **error)
{
  if (is_link_error (err))
    {
      disconnect (self);
      g_set_error (error, LS_MODEM_ERROR, LS_MODEM_ERROR_GONE,
                   _("与短信猫的连接断开了（%s时：%s）。"), doing, GSM_ErrorString (err));
    }
  else
    g_set_error (error, LS_MODEM_ERROR, LS_MODEM_ERROR_FAILED,
                 _("短信猫%s失败：%s。"), doing, GSM_ErrorString (err));
  return FALSE;
}

static void
open_log (LsModem *self)
{
  GSM_Debug_Info *di = GSM_GetDebug (self->sm);
  FILE *log;

  if (self->logfile == NULL || (log = fopen (self->logfile, "a")) == NULL)
    return;
  setvbuf (log, NULL, _IOLBF, 0);
  GSM_SetDebugGlobal (FALSE, di);
  GSM_SetDebugFileDescriptor (log, TRUE, di);
  GSM_SetDebugLevel (self->loglevel, di);
}

static gboolean
ensure_connected (LsModem *self, GError **error)
{
  INI_Section *ini = NULL;
  GSM_StateMachine *sm;
  GSM_Config *cfg;
  GSM_Error err;

  if (self->sm != NULL && !device_present (self))
    {
      disconnect (self);
      g_set_error (error, LS_MODEM_ERROR, LS_MODEM_ERROR_GONE,
                   _("短信猫的设备 %s 不见了。"), self->device);
      return FALSE;
    }
  if (self->sm != NULL)
    return TRUE;

  err = GSM_FindGammuRC (&ini, self->gammurc);
  if (err != ERR_NONE || ini == NULL)
    {
      g_set_error (error, LS_MODEM_ERROR, LS_MODEM_ERROR_CONFIG,
                   _("读不了短信猫的配置文件 %s：%s。"),
                   self->gammurc ? self->gammurc : "~/.gammurc", GSM_ErrorString (err));
      return FALSE;
    }
  sm = GSM_AllocStateMachine ();
  cfg = GSM_GetConfig (sm, 0);
  err = GSM_ReadConfig (ini, cfg, 0);
  INI_Free (ini);
  if (err != ERR_NONE)
    {
      GSM_FreeStateMachine (sm);
      g_set_error (error, LS_MODEM_ERROR, LS_MODEM_ERROR_CONFIG,
                   _("短信猫的配置文件 %s 有误：%s。"),
                   self->gammurc ? self->gammurc : "~/.gammurc", GSM_ErrorString (err));
      return FALSE;
    }
  /* The gammurc's logfile and logformat trace this modem. libgammu would
   * truncate the file at every connection, losing the trace of a modem
   * that came and went, so we open it for appending ourselves. */
  cfg->UseGlobalDebugFile = FALSE;
  g_clear_pointer (&self->logfile, g_free);
  if (cfg->DebugFile != NULL && cfg->DebugFile[0] != '\0')
    {
      self->logfile = g_strdup (cfg->DebugFile);
      g_strlcpy (self->loglevel, cfg->DebugLevel, sizeof self->loglevel);
      free (cfg->DebugFile);
      cfg->DebugFile = NULL;
    }
  g_free (self->device);
  self->device = g_strdup (cfg->Device);
  /* gammu's proxy connections (proxyat, proxyphonet …) run the device
   * line as a command: there is no file to watch. */
  self->device_is_path = cfg->Connection == NULL || !g_str_has_prefix (cfg->Connection, "proxy");
  GSM_SetConfigNum (sm, 1);

  if (!device_present (self))
    {
      GSM_FreeStateMachine (sm);
      g_set_error (error, LS_MODEM_ERROR, LS_MODEM_ERROR_GONE,
                   _("找不到短信猫的设备 %s。"), self->device);
      return FALSE;
    }
  err = GSM_InitConnection (sm, 1);
  if (err != ERR_NONE)
    {
      GSM_FreeStateMachine (sm);
      g_set_error (error, LS_MODEM_ERROR, LS_MODEM_ERROR_GONE,
                   _("连接不上短信猫 %s：%s。"), self->device, GSM_ErrorString (err));
      return FALSE;
    }
  GSM_SetSendSMSStatusCallback (sm, send_status_cb, self);
  self->sm = sm;
  self->have_smsc = FALSE;
  open_log (self);
  return TRUE;
}

/* ---- jobs (worker thread) --------------------------------------------- */

/* More slots than any SIM or phone has: a bound on one sweep whatever
 * the driver does. */
#define MAX_READS_PER_SWEEP 2000

static GPtrArray *
do_read (LsModem *self, GError **error)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify) ls_part_unref);
  g_autofree GSM_MultiSMSMessage *sms = g_new0 (GSM_MultiSMSMessage, 1);
  gboolean start = TRUE;
  int last_bad = -1;
  GSM_SMSMemoryStatus status = { 0 };

  /* How full the SIM is: a full one makes the network hold new messages
   * back until there is space again. Not every modem can tell. */
  if (GSM_GetSMSStatus (self->sm, &status) == ERR_NONE && status.SIMSize > 0)
    {
      self->sim_used = status.SIMUsed;
      self->sim_size = status.SIMSize;
    }
  else
    self->sim_used = self->sim_size = -1;

  for (guint n = 0; n < MAX_READS_PER_SWEEP; n++)
    {
      GSM_Error err;
      int folder = start ? 0 : sms->SMS[0].Folder;
      int location = start ? 0 : sms->SMS[0].Location;

      /* What a failed read leaves behind must not be the last message's. */
      memset (&sms->SMS[0], 0, sizeof sms->SMS[0]);
      sms->SMS[0].Folder = folder;
      sms->SMS[0].Location = location;
      sms->Number = 0;
      err = GSM_GetNextSMS (self->sm, sms, start);
      if (err == ERR_EMPTY)
        break;
      if (err != ERR_NONE && is_link_error (err))
        {
          set_gammu_error (self, err, _("读短信"), error);
          return NULL;
        }
      if (err != ERR_NONE)
        {
          /* One message the modem cannot read (gammu has already moved
           * Location to it): keep a trace of it and read on. A driver
           * that does not move on would loop; stop the sweep there. */
          if (sms->SMS[0].Location == 0 || sms->SMS[0].Location == last_bad ||
              (!start && sms->SMS[0].Location == location))
            {
              g_warning ("reading the phone's messages stopped at location %d: %s",
                         sms->SMS[0].Location, GSM_ErrorString (err));
              break;
            }
          last_bad = sms->SMS[0].Location;
          g_ptr_array_add (parts, part_unreadable (&sms->SMS[0], err));
          start = FALSE;
          continue;
        }
      start = FALSE;
      for (int i = 0; i < sms->Number; i++)
        if (sms->SMS[i].InboxFolder)
          g_ptr_array_add (parts, part_from_gammu (&sms->SMS[i]));
    }
  return g_steal_pointer (&parts);
}

static gboolean
do_delete (LsModem *self, GPtrArray *parts, GError **error)
{
  for (guint i = 0; i < parts->len; i++)
    {
      LsPart *part = parts->pdata[i];
      GSM_SMSMessage *sms = g_new0 (GSM_SMSMessage, 1);
      GSM_Error err;

      if (i > 0)
        ls_test_hook (LS_TEST_HOOK_DELETE);
      sms->Folder = 0;   /* flat numbering: folder × 10000 + n */
      sms->Location = part->location;
      err = GSM_DeleteSMS (self->sm, sms);
      g_free (sms);
      if (err != ERR_NONE && err != ERR_EMPTY && err != ERR_INVALIDLOCATION)
        return set_gammu_error (self, err, _("删除短信"), error);
    }
  return TRUE;
}

static gboolean
send_one (LsModem *self, GSM_SMSMessage *sms, GError **error)
{
  gint64 deadline;
  GSM_Error err;

  self->send_status = -1;
  err = GSM_SendSMS (self->sm, sms);
  if (err != ERR_NONE)
    return set_gammu_error (self, err, _("发短信"), error);

  /* The confirmation comes back asynchronously on a real modem. */
  deadline = g_get_monotonic_time () + SEND_STATUS_TIMEOUT_US;
  while (self->send_status == -1 && g_get_monotonic_time () < deadline)
    GSM_ReadDevice (self->sm, TRUE);
  if (self->send_status == -1)
    return set_gammu_error (self, ERR_TIMEOUT, _("发短信"), error);
  if (self->send_status != 0)
    {
      g_set_error (error, LS_MODEM_ERROR, LS_MODEM_ERROR_FAILED,
                   _("短信网络拒收了这条短信（错误 %d）。"), self->send_status);
      return FALSE;
    }
  return TRUE;
}

static int
do_send (LsModem *self, const char *number, const char *text, gboolean report,
         GError **error)
{
  g_autofree unsigned char *buffer = utf8_to_gammu (text);
  g_autofree GSM_MultiPartSMSInfo *info = g_new0 (GSM_MultiPartSMSInfo, 1);
  g_autofree GSM_MultiSMSMessage *sms = g_new0 (GSM_MultiSMSMessage, 1);
  LtSmsEncoding encoding = LT_SMS_UCS2;
  GSM_Error err;
  int first_ref = -1;

  lt_sms_count_segments (text, &encoding);
  GSM_ClearMultiPartSMSInfo (info);
  info->UnicodeCoding = encoding == LT_SMS_UCS2;
  info->EntriesNum = 1;
  info->Entries[0].ID = SMS_ConcatenatedTextLong;
  info->Entries[0].Buffer = buffer;
  err = GSM_EncodeMultiPartSMS (GSM_GetDebug (self->sm), info, sms);
  if (err != ERR_NONE)
    {
      set_gammu_error (self, err, _("编码短信"), error);
      return -1;
    }

  if (!self->have_smsc)
    {
      /* The SIM's message centre number; a modem without one is left to
       * use its default. */
      memset (&self->smsc, 0, sizeof self->smsc);
      self->smsc.Location = 1;
      err = GSM_GetSMSC (self->sm, &self->smsc);
      if (err != ERR_NONE && is_link_error (err))
        {
          set_gammu_error (self, err, _("读短信中心号码"), error);
          return -1;
        }
      if (err != ERR_NONE)
        {
          memset (&self->smsc, 0, sizeof self->smsc);
          self->smsc.Location = 1;
        }
      self->have_smsc = TRUE;
    }

  for (int i = 0; i < sms->Number; i++)
    {
      sms->SMS[i].SMSC = self->smsc;
      EncodeUnicode (sms->SMS[i].Number, number, strlen (number));
      /* gammu asks for a status report (TP-SRR) when the submitted
       * message is marked as one. */
      sms->SMS[i].PDU = report ? SMS_Status_Report : SMS_Submit;
      if (!send_one (self, &sms->SMS[i], error))
        return -1;
      ls_test_hook (LS_TEST_HOOK_SEND);
      if (first_ref < 0)
        first_ref = self->send_ref;
    }
  return first_ref;
}

static void
run_job (LsModem *self, GTask *task)
{
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!ensure_connected (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  switch (job->kind)
    {
    case JOB_READ:
      {
        GPtrArray *parts = do_read (self, &error);
        if (parts != NULL)
          g_task_return_pointer (task, parts, (GDestroyNotify) g_ptr_array_unref);
        else
          g_task_return_error (task, error);
      }
      break;
    case JOB_DELETE:
      if (do_delete (self, job->parts, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
      break;
    case JOB_SEND:
      if (self->fail_sends > 0)
        {
          /* A modem refusing a message cannot be had from the dummy
           * phone, which accepts everything; tests ask for it here. */
          self->fail_sends--;
          g_task_return_new_error (task, LS_MODEM_ERROR, LS_MODEM_ERROR_FAILED,
                                   "%s", _("短信网络拒收了这条短信（测试）。"));
          break;
        }
      {
        int ref = do_send (self, job->number, job->text, job->report, &error);
        if (ref >= 0 || error == NULL)
          g_task_return_int (task, MAX (ref, 0));
        else
          g_task_return_error (task, error);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

static gpointer
worker_main (gpointer data)
{
  LsModem *self = data;

  for (;;)
    {
      gpointer item = g_async_queue_pop (self->jobs);

      if (item == self)   /* the stop marker */
        break;
      g_atomic_int_set (&self->job_started, (gint) MAX (g_get_monotonic_time () / G_USEC_PER_SEC, 1));
      run_job (self, item);
      g_atomic_int_set (&self->job_started, 0);
      g_object_unref (item);
    }
  disconnect (self);
  return NULL;
}

/* ---- the main-loop side ---------------------------------------------- */

LsModem *
ls_modem_new (const char *gammurc)
{
  LsModem *self = g_new0 (LsModem, 1);

  self->gammurc = g_strdup (gammurc);
  self->fail_sends = (guint) g_ascii_strtoull (g_getenv ("LAITING_SMS_TEST_FAIL_SENDS") ?: "0",
                                               NULL, 10);
  self->sim_used = self->sim_size = -1;
  self->jobs = g_async_queue_new ();
  self->thread = g_thread_new ("modem", worker_main, self);
  return self;
}

void
ls_modem_free (LsModem *self)
{
  if (self == NULL)
    return;
  g_async_queue_push (self->jobs, self);
  g_thread_join (self->thread);
  g_async_queue_unref (self->jobs);
  g_free (self->device);
  g_free (self->logfile);
  g_free (self->gammurc);
  g_free (self);
}

static void
submit (LsModem *self, Job *job, gpointer tag,
        GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (NULL, NULL, callback, user_data);

  g_task_set_source_tag (task, tag);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_async_queue_push (self->jobs, task);
}

void
ls_modem_read_async (LsModem *self, GAsyncReadyCallback callback, gpointer user_data)
{
  Job *job = g_new0 (Job, 1);

  job->kind = JOB_READ;
  submit (self, job, ls_modem_read_async, callback, user_data);
}

gint64
ls_modem_busy_for (LsModem *self)
{
  gint started = g_atomic_int_get (&self->job_started);

  if (started == 0)
    return 0;
  return MAX (g_get_monotonic_time () / G_USEC_PER_SEC - started, 0);
}

void
ls_modem_get_sim_fill (LsModem *self, int *used, int *size)
{
  *used = self->sim_used;
  *size = self->sim_size;
}

GPtrArray *
ls_modem_read_finish (LsModem *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
ls_modem_delete_async (LsModem *self, GPtrArray *parts,
                       GAsyncReadyCallback callback, gpointer user_data)
{
  Job *job = g_new0 (Job, 1);

  job->kind = JOB_DELETE;
  job->parts = g_ptr_array_ref (parts);
  submit (self, job, ls_modem_delete_async, callback, user_data);
}

gboolean
ls_modem_delete_finish (LsModem *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
ls_modem_send_async (LsModem *self, const char *number, const char *text,
                     gboolean report, GAsyncReadyCallback callback, gpointer user_data)
{
  Job *job = g_new0 (Job, 1);

  job->kind = JOB_SEND;
  job->number = g_strdup (number);
  job->text = g_strdup (text);
  job->report = report;
  submit (self, job, ls_modem_send_async, callback, user_data);
}

int
ls_modem_send_finish (LsModem *self, GAsyncResult *result, GError **error)
{
  GError *local = NULL;
  gssize ref;

  g_return_val_if_fail (g_task_is_valid (result, NULL), -1);
  ref = g_task_propagate_int (G_TASK (result), &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return -1;
    }
  return (int) ref;
}
