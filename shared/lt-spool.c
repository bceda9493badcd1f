/* lt-spool.c — an edge's spool and its forwarder (see lt-spool.h).
 *
 * The tickets live in the spool's LtStore; the two tables of the spool's
 * own are reached through a second SQLite connection to the same file
 * (WAL lets both work at once). The forwarder is one thread with blocking
 * hub calls: it only ever does one thing at a time, in order, and the
 * window or main loop of the program never waits for it. */

#define G_LOG_DOMAIN "lt-spool"

#include "config.h"

#include <sqlite3.h>
#include <glib/gi18n-lib.h>

#include "lt-spool.h"

struct _LtSpool {
  GObject          parent_instance;
  LtStore         *store;
  LtHubClient     *hub;
  sqlite3         *db;
  GMutex           lock;       /* guards db and everything below */
  GCond            cond;
  GThread         *thread;
  gboolean         stopping;
  gboolean         woken;
  gint64           retry_max;
  LtSpoolHubState  state;
  char            *problem;
  gint64           last_reached;
};

G_DEFINE_FINAL_TYPE (LtSpool, lt_spool, G_TYPE_OBJECT)

static const char schema[] =
  "CREATE TABLE IF NOT EXISTS spool_forwarded ("
  "  receipt TEXT PRIMARY KEY, at INTEGER NOT NULL, outcome TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS spool_inbound ("
  "  id INTEGER PRIMARY KEY, dedupe_key TEXT NOT NULL UNIQUE, sender TEXT NOT NULL,"
  "  sent_at INTEGER NOT NULL, received_at INTEGER NOT NULL, text TEXT NOT NULL,"
  "  parts INTEGER NOT NULL, incomplete INTEGER NOT NULL,"
  "  forwarded_at INTEGER, outcome TEXT);"
  /* Voice notes are rows of the store's own attachments table, committed
   * with their ticket; this one says which of them the hub holds. */
  "CREATE TABLE IF NOT EXISTS spool_voice_forwarded ("
  "  receipt TEXT PRIMARY KEY, at INTEGER NOT NULL, outcome TEXT NOT NULL);";

/* The voice notes still to hand over: those of tickets the hub holds (a
 * note goes after its ticket) and of tickets not yet sent; never of a
 * ticket the hub refused. */
#define VOICE_PENDING \
  " FROM attachments a JOIN tickets t ON t.id = a.ticket_id WHERE a.kind = 'voice'" \
  " AND t.receipt NOT IN (SELECT receipt FROM spool_voice_forwarded)" \
  " AND t.receipt NOT IN (SELECT receipt FROM spool_forwarded" \
  "                       WHERE outcome NOT IN ('stored', 'existed'))"

#define MARK_TICKET "INSERT OR REPLACE INTO spool_forwarded (receipt, at, outcome) VALUES (?1, ?2, ?3)"
#define MARK_VOICE  "INSERT OR REPLACE INTO spool_voice_forwarded (receipt, at, outcome)" \
                    " VALUES (?1, ?2, ?3)"
#define MARK_SMS    "UPDATE spool_inbound SET forwarded_at = ?2, outcome = ?3 WHERE id = ?1"

static void
lt_spool_dispose (GObject *object)
{
  lt_spool_stop (LT_SPOOL (object));
  G_OBJECT_CLASS (lt_spool_parent_class)->dispose (object);
}

static void
lt_spool_finalize (GObject *object)
{
  LtSpool *self = LT_SPOOL (object);

  g_clear_object (&self->store);
  g_clear_object (&self->hub);
  if (self->db)
    sqlite3_close (self->db);
  g_free (self->problem);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  G_OBJECT_CLASS (lt_spool_parent_class)->finalize (object);
}

static void
lt_spool_class_init (LtSpoolClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lt_spool_dispose;
  object_class->finalize = lt_spool_finalize;
}

static void
lt_spool_init (LtSpool *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
}

static gboolean
sql_fail (LtSpool *self, const char *doing, GError **error)
{
  g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_IO, _("%s失败（待上传队列 %s）：%s"),
               doing, lt_store_get_path (self->store), sqlite3_errmsg (self->db));
  return FALSE;
}

LtSpool *
lt_spool_open (LtConfig *config, LtHubClient *hub, GError **error)
{
  g_autoptr(LtSpool) self = g_object_new (LT_TYPE_SPOOL, NULL);
  g_autofree char *dir = g_path_get_dirname (lt_config_get_database_path (config));
  g_autofree char *fallback = g_build_filename (dir, "laiting-spool.db", NULL);
  g_autofree char *path = lt_config_get_string (config, "hub", "spool", fallback);

  self->store = lt_store_open (path, config, error);
  if (self->store == NULL)
    return NULL;
  self->hub = g_object_ref (hub);
  self->retry_max = lt_config_get_int (config, "hub", "retry-max", 60, 1);
  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL)
      != SQLITE_OK)
    return sql_fail (self, _("打开文件"), error), NULL;
  sqlite3_busy_timeout (self->db, 10000);
  if (sqlite3_exec (self->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", NULL, NULL,
                    NULL) != SQLITE_OK ||
      sqlite3_exec (self->db, schema, NULL, NULL, NULL) != SQLITE_OK)
    return sql_fail (self, _("准备数据表"), error), NULL;
  return g_steal_pointer (&self);
}

LtStore *
lt_spool_get_store (LtSpool *self)
{
  return self->store;
}

LtHubClient *
lt_spool_get_hub (LtSpool *self)
{
  return self->hub;
}

/* One-row, one-column integer query with an optional text parameter. */
static gint64
query_int (LtSpool *self, const char *sql, const char *param)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_mutex_lock (&self->lock);
  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) == SQLITE_OK)
    {
      if (param)
        sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        value = sqlite3_column_int64 (stmt, 0);
    }
  sqlite3_finalize (stmt);
  g_mutex_unlock (&self->lock);
  return value;
}

gboolean
lt_spool_is_forwarded (LtSpool *self, const char *receipt)
{
  return query_int (self, "SELECT count(*) FROM spool_forwarded WHERE receipt = ?"
                          " AND outcome IN ('stored', 'existed')", receipt) > 0;
}

gboolean
lt_spool_is_waiting (LtSpool *self, const char *receipt)
{
  return query_int (self, "SELECT count(*) FROM tickets WHERE receipt = ?1 AND receipt NOT IN"
                          " (SELECT receipt FROM spool_forwarded)", receipt) > 0;
}

guint
lt_spool_backlog (LtSpool *self)
{
  gint64 n = query_int (self,
                        "SELECT (SELECT count(*) FROM tickets WHERE receipt NOT IN"
                        "        (SELECT receipt FROM spool_forwarded))"
                        "     + (SELECT count(*) FROM spool_inbound WHERE forwarded_at IS NULL)"
                        "     + (SELECT count(*)" VOICE_PENDING ")",
                        NULL);

  return n < 0 ? 0 : (guint) n;
}

guint
lt_spool_voice_backlog (LtSpool *self)
{
  gint64 n = query_int (self, "SELECT count(*)" VOICE_PENDING, NULL);

  return n < 0 ? 0 : (guint) n;
}

gboolean
lt_spool_voice_is_forwarded (LtSpool *self, const char *receipt)
{
  return query_int (self, "SELECT count(*) FROM spool_voice_forwarded WHERE receipt = ?"
                          " AND outcome IN ('stored', 'existed')", receipt) > 0;
}

LtSpoolHubState
lt_spool_hub_state (LtSpool *self, char **problem)
{
  LtSpoolHubState state;

  g_mutex_lock (&self->lock);
  state = self->state;
  if (problem)
    *problem = g_strdup (self->problem);
  g_mutex_unlock (&self->lock);
  return state;
}

gint64
lt_spool_last_reached (LtSpool *self)
{
  return lt_hub_client_last_reached (self->hub);
}

gboolean
lt_spool_add_inbound (LtSpool *self, const LtInbound *m, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_mutex_lock (&self->lock);
  rc = sqlite3_prepare_v2 (self->db,
                           "INSERT OR IGNORE INTO spool_inbound (dedupe_key, sender, sent_at,"
                           " received_at, text, parts, incomplete) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, m->dedupe_key, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, m->sender, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, m->sent_at);
      sqlite3_bind_int64 (stmt, 4, m->received_at);
      sqlite3_bind_text (stmt, 5, m->text ? m->text : "", -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 6, (int) MAX (m->parts, 1));
      sqlite3_bind_int (stmt, 7, m->incomplete);
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      sql_fail (self, _("保存短信"), error);
      g_mutex_unlock (&self->lock);
      return FALSE;
    }
  self->woken = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

/* Forwarding. */

typedef enum {
  PASS_DONE,      /* nothing left */
  PASS_BLOCKED,   /* the hub cannot be reached or refuses us: wait */
} PassResult;

static void
set_state (LtSpool *self, LtSpoolHubState state, const char *problem)
{
  gboolean changed;

  g_mutex_lock (&self->lock);
  changed = self->state != state || g_strcmp0 (self->problem, problem) != 0;
  self->state = state;
  g_free (self->problem);
  self->problem = g_strdup (problem);
  g_mutex_unlock (&self->lock);
  if (!changed)
    return;
  /* One journal line per change, naming what waits. */
  if (state == LT_SPOOL_HUB_REACHED)
    g_message ("hub %s reached; forwarding the spool", lt_hub_client_get_url (self->hub));
  else if (state == LT_SPOOL_HUB_UNREACHABLE)
    g_message ("hub %s unreachable, %u item(s) kept in the spool, retrying: %s",
               lt_hub_client_get_url (self->hub), lt_spool_backlog (self), problem);
  else if (state == LT_SPOOL_HUB_REFUSED)
    g_message ("hub %s refuses this device, %u item(s) kept in the spool: %s",
               lt_hub_client_get_url (self->hub), lt_spool_backlog (self), problem);
}

static void
mark (LtSpool *self, const char *sql, const char *key, gint64 id, const char *outcome)
{
  sqlite3_stmt *stmt = NULL;

  g_mutex_lock (&self->lock);
  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) == SQLITE_OK)
    {
      if (key)
        sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, lt_store_now ());
      sqlite3_bind_text (stmt, 3, outcome, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_message ("cannot mark %s as forwarded in the spool: %s", key ? key : "an SMS",
                   sqlite3_errmsg (self->db));
    }
  sqlite3_finalize (stmt);
  g_mutex_unlock (&self->lock);
}

/* What became of one item: TRUE to go on with the next. */
static gboolean
settle (LtSpool *self, const char *sql, gboolean ok, gboolean existed, GError *error,
        const char *what, const char *key, gint64 id)
{
  if (ok)
    {
      mark (self, sql, key, id, existed ? "existed" : "stored");
      set_state (self, LT_SPOOL_HUB_REACHED, NULL);
      return TRUE;
    }
  if (g_error_matches (error, LT_HUB_CLIENT_ERROR, LT_HUB_CLIENT_ERROR_UNREACHABLE))
    {
      set_state (self, LT_SPOOL_HUB_UNREACHABLE, error->message);
      return FALSE;
    }
  if (g_error_matches (error, LT_HUB_CLIENT_ERROR, LT_HUB_CLIENT_ERROR_REFUSED) ||
      g_error_matches (error, LT_STORE_ERROR, LT_STORE_ERROR_BUSY) ||
      g_error_matches (error, LT_STORE_ERROR, LT_STORE_ERROR_FULL) ||
      g_error_matches (error, LT_HUB_CLIENT_ERROR, LT_HUB_CLIENT_ERROR_FAILED))
    {
      set_state (self, error->domain == LT_HUB_CLIENT_ERROR &&
                       error->code == LT_HUB_CLIENT_ERROR_REFUSED
                       ? LT_SPOOL_HUB_REFUSED : LT_SPOOL_HUB_UNREACHABLE, error->message);
      return FALSE;
    }
  /* The hub answered and will never take this one (a receipt taken with
   * other content, a category it does not know): keep it, say so, go on. */
  g_message ("the hub will not take %s %s, kept in the spool: %s", what,
             key ? key : "", error->message);
  mark (self, sql, key, id, g_error_matches (error, LT_STORE_ERROR, LT_STORE_ERROR_CONFLICT)
                            ? "conflict" : "rejected");
  set_state (self, LT_SPOOL_HUB_REACHED, NULL);
  return TRUE;
}

/* Tickets go several at a time (FORWARD_WINDOW in flight, oldest first),
 * so that the hub's group commit makes one disk flush for many of them;
 * each is marked on its own as its answer comes. */
#define FORWARD_WINDOW 16

typedef struct {
  LtSpool  *self;
  char     *receipt;
  gboolean  ok;
  gboolean  existed;
  GError   *error;
} Send;

static void
send_ticket (gpointer data, gpointer user_data)
{
  Send *s = data;
  LtSpool *self = s->self;
  g_autoptr(LtTicket) t = lt_store_get (self->store, s->receipt, &s->error);
  g_autoptr(LtTicket) stored = NULL;
  GAsyncQueue *done = user_data;

  if (t != NULL)
    {
      LtSubmission sub = {
        .channel = t->channel,
        .category = t->category,
        .text = t->text,
        .location = t->location,
        .phone = t->phone,
        .receipt = t->receipt,
        .created_at = t->created_at,
      };

      stored = lt_hub_client_submit (self->hub, &sub, &s->existed, &s->error);
      s->ok = stored != NULL;
    }
  g_async_queue_push (done, s);
}

static PassResult
forward_tickets (LtSpool *self)
{
  g_autoptr(GAsyncQueue) done = g_async_queue_new ();
  GThreadPool *pool = g_thread_pool_new (send_ticket, done, FORWARD_WINDOW, FALSE, NULL);
  PassResult result = PASS_DONE;

  while (result == PASS_DONE && !g_atomic_int_get (&self->stopping))
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new ();
      sqlite3_stmt *stmt = NULL;
      guint answered = 0;

      g_mutex_lock (&self->lock);
      if (sqlite3_prepare_v2 (self->db, "SELECT receipt FROM tickets WHERE receipt NOT IN"
                                        " (SELECT receipt FROM spool_forwarded) ORDER BY id LIMIT ?",
                              -1, &stmt, NULL) == SQLITE_OK)
        {
          sqlite3_bind_int (stmt, 1, FORWARD_WINDOW);
          while (sqlite3_step (stmt) == SQLITE_ROW)
            g_ptr_array_add (batch, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
        }
      sqlite3_finalize (stmt);
      g_mutex_unlock (&self->lock);
      if (batch->len == 0)
        break;
      for (guint i = 0; i < batch->len; i++)
        {
          Send *s = g_new0 (Send, 1);

          s->self = self;
          s->receipt = batch->pdata[i];
          g_thread_pool_push (pool, s, NULL);
        }
      for (; answered < batch->len; answered++)
        {
          Send *s = g_async_queue_pop (done);

          if (result == PASS_DONE &&
              !settle (self, MARK_TICKET, s->ok, s->existed, s->error, "ticket", s->receipt, 0))
            result = PASS_BLOCKED;
          g_clear_error (&s->error);
          g_free (s->receipt);
          g_free (s);
        }
    }
  g_thread_pool_free (pool, FALSE, TRUE);
  if (g_atomic_int_get (&self->stopping))
    return PASS_BLOCKED;
  return result;
}

static PassResult
forward_inbound (LtSpool *self)
{
  for (;;)
    {
      g_autofree char *key = NULL, *sender = NULL, *text = NULL;
      g_autoptr(GError) error = NULL;
      sqlite3_stmt *stmt = NULL;
      LtInbound in = { 0 };
      gint64 id = 0;
      gboolean ok;

      if (g_atomic_int_get (&self->stopping))
        return PASS_BLOCKED;
      g_mutex_lock (&self->lock);
      if (sqlite3_prepare_v2 (self->db, "SELECT id, dedupe_key, sender, sent_at, received_at, text,"
                                        " parts, incomplete FROM spool_inbound"
                                        " WHERE forwarded_at IS NULL ORDER BY id LIMIT 1",
                              -1, &stmt, NULL) == SQLITE_OK &&
          sqlite3_step (stmt) == SQLITE_ROW)
        {
          id = sqlite3_column_int64 (stmt, 0);
          key = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
          sender = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
          in.sent_at = sqlite3_column_int64 (stmt, 3);
          in.received_at = sqlite3_column_int64 (stmt, 4);
          text = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
          in.parts = (guint) sqlite3_column_int (stmt, 6);
          in.incomplete = sqlite3_column_int (stmt, 7);
        }
      sqlite3_finalize (stmt);
      g_mutex_unlock (&self->lock);
      if (id == 0)
        return PASS_DONE;
      in.dedupe_key = key;
      in.sender = sender;
      in.text = text;
      ok = lt_hub_client_forward_sms (self->hub, &in, NULL, &error);
      if (!settle (self, MARK_SMS, ok, FALSE, error, "SMS", NULL, id))
        return PASS_BLOCKED;
    }
}

/* Voice notes, one at a time and oldest first, each after its ticket. A
 * hub that says it does not hold the ticket (restored from a backup, say)
 * is asked again later like an unreachable one: the note is not given up. */
static PassResult
forward_voice (LtSpool *self)
{
  for (;;)
    {
      g_autofree char *receipt = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) attachments = NULL;
      const LtAttachment *voice = NULL;
      sqlite3_stmt *stmt = NULL;
      gboolean ok = FALSE, existed = FALSE;

      if (g_atomic_int_get (&self->stopping))
        return PASS_BLOCKED;
      g_mutex_lock (&self->lock);
      if (sqlite3_prepare_v2 (self->db, "SELECT t.receipt" VOICE_PENDING
                                        " AND t.receipt IN (SELECT receipt FROM spool_forwarded)"
                                        " ORDER BY a.id LIMIT 1", -1, &stmt, NULL) == SQLITE_OK &&
          sqlite3_step (stmt) == SQLITE_ROW)
        receipt = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_finalize (stmt);
      g_mutex_unlock (&self->lock);
      if (receipt == NULL)
        return PASS_DONE;
      attachments = lt_store_list_attachments (self->store, receipt, &error);
      for (guint i = 0; attachments != NULL && i < attachments->len && voice == NULL; i++)
        if (g_str_equal (((LtAttachment *) attachments->pdata[i])->kind, "voice"))
          voice = attachments->pdata[i];
      if (voice == NULL && error == NULL)
        g_set_error (&error, LT_STORE_ERROR, LT_STORE_ERROR_IO, "no voice note filed");
      if (voice != NULL)
        ok = lt_hub_client_put_voice (self->hub, receipt, voice->path, voice->seconds, &existed,
                                      &error);
      if (g_error_matches (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND))
        {
          set_state (self, LT_SPOOL_HUB_UNREACHABLE, error->message);
          return PASS_BLOCKED;
        }
      if (!settle (self, MARK_VOICE, ok, existed, error, "voice note of", receipt, 0))
        return PASS_BLOCKED;
      if (ok)
        g_info ("voice note of %s handed to the hub%s", receipt, existed ? " (it had it)" : "");
    }
}

static gpointer
forwarder_thread (gpointer data)
{
  LtSpool *self = data;
  gint64 backoff = 0;

  for (;;)
    {
      PassResult result = forward_tickets (self);
      gint64 deadline;

      if (result == PASS_DONE)
        result = forward_voice (self);
      if (result == PASS_DONE)
        result = forward_inbound (self);
      g_mutex_lock (&self->lock);
      if (result == PASS_DONE)
        {
          backoff = 0;
          while (!self->woken && !self->stopping)
            g_cond_wait (&self->cond, &self->lock);
        }
      else
        {
          backoff = backoff ? MIN (backoff * 2, self->retry_max) : 1;
          deadline = g_get_monotonic_time () + backoff * G_TIME_SPAN_SECOND;
          while (!self->woken && !self->stopping)
            if (!g_cond_wait_until (&self->cond, &self->lock, deadline))
              break;
        }
      self->woken = FALSE;
      if (self->stopping)
        {
          g_mutex_unlock (&self->lock);
          return NULL;
        }
      g_mutex_unlock (&self->lock);
    }
}

void
lt_spool_start (LtSpool *self)
{
  g_return_if_fail (self->thread == NULL);
  self->thread = g_thread_new ("lt-spool", forwarder_thread, self);
}

void
lt_spool_stop (LtSpool *self)
{
  if (self->thread == NULL)
    return;
  g_mutex_lock (&self->lock);
  g_atomic_int_set (&self->stopping, TRUE);
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
  g_thread_join (self->thread);
  self->thread = NULL;
}

void
lt_spool_wake (LtSpool *self)
{
  g_mutex_lock (&self->lock);
  self->woken = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
}
