/* lt-hub-auth.c — the role table and the slow-down of bad tokens.
 *
 * The role table is the district design's, in one switch so that a new
 * route must say which permission it needs and cannot forget to. Tokens
 * are 256 random bits, so guessing is hopeless; the slow-down keeps a
 * misconfigured device (or a scanner) from filling the journal and the
 * store's lock with lookups. */

#define G_LOG_DOMAIN "lt-hub"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lt-hub-auth.h"

#define WINDOW_SECONDS 60
/* The table is swept of stale entries when it grows past this. */
#define SWEEP_SIZE 1024

gboolean
lt_hub_role_may (LtRole role, LtHubPermission permission)
{
  switch (permission)
    {
    case LT_HUB_MAY_SUBMIT:
      return role == LT_ROLE_KIOSK || role == LT_ROLE_STAFF;
    case LT_HUB_MAY_READ_PROGRESS:
      return role == LT_ROLE_KIOSK || role == LT_ROLE_STAFF || role == LT_ROLE_OFFICE;
    case LT_HUB_MAY_READ:
    case LT_HUB_MAY_NOTE:
    case LT_HUB_MAY_CLOSE:
      return role == LT_ROLE_STAFF || role == LT_ROLE_OFFICE;
    case LT_HUB_MAY_TRANSFER:
    case LT_HUB_MAY_REOPEN:
    case LT_HUB_MAY_RATE:
    case LT_HUB_MAY_PRINT:
      return role == LT_ROLE_STAFF;
    case LT_HUB_MAY_FORWARD_SMS:
    case LT_HUB_MAY_SEND:
      return role == LT_ROLE_GATEWAY;
    case LT_HUB_MAY_OPEN311:
      return role == LT_ROLE_OPEN311;
    default:
      return FALSE;
    }
}

const char *
lt_hub_permission_label (LtHubPermission permission)
{
  switch (permission)
    {
    case LT_HUB_MAY_SUBMIT:         return _("登记工单");
    case LT_HUB_MAY_READ_PROGRESS:  return _("查询工单进度");
    case LT_HUB_MAY_READ:           return _("查看工单");
    case LT_HUB_MAY_NOTE:           return _("添加备注");
    case LT_HUB_MAY_CLOSE:          return _("办结工单");
    case LT_HUB_MAY_TRANSFER:       return _("转办工单");
    case LT_HUB_MAY_REOPEN:         return _("重新办理工单");
    case LT_HUB_MAY_RATE:           return _("记录评价");
    case LT_HUB_MAY_PRINT:          return _("打印单据和报告");
    case LT_HUB_MAY_FORWARD_SMS:    return _("转交收到的短信");
    case LT_HUB_MAY_SEND:           return _("领取和回报待发短信");
    case LT_HUB_MAY_OPEN311:        return _("使用 Open311 接口");
    default:                        return "";
    }
}

const char *
lt_hub_auth_bearer (SoupMessageHeaders *headers)
{
  const char *value = soup_message_headers_get_one (headers, "Authorization");

  if (value == NULL || g_ascii_strncasecmp (value, "Bearer ", 7) != 0)
    return NULL;
  value += 7;
  while (*value == ' ')
    value++;
  return *value ? value : NULL;
}

typedef struct {
  gint64 window_start;
  guint  count;
} Strikes;

struct _LtHubThrottle {
  GMutex      lock;
  GHashTable *by_address;   /* address → Strikes */
  guint       limit;
};

LtHubThrottle *
lt_hub_throttle_new (guint limit)
{
  LtHubThrottle *self = g_new0 (LtHubThrottle, 1);

  g_mutex_init (&self->lock);
  self->by_address = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->limit = MAX (limit, 1);
  return self;
}

void
lt_hub_throttle_free (LtHubThrottle *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->by_address);
  g_mutex_clear (&self->lock);
  g_free (self);
}

void
lt_hub_throttle_set_limit (LtHubThrottle *self, guint limit)
{
  g_mutex_lock (&self->lock);
  self->limit = MAX (limit, 1);
  g_mutex_unlock (&self->lock);
}

static gboolean
stale (gpointer key, gpointer value, gpointer now)
{
  return ((Strikes *) value)->window_start + WINDOW_SECONDS <= *(gint64 *) now;
}

gint64
lt_hub_throttle_wait (LtHubThrottle *self, const char *address, gint64 now)
{
  Strikes *s;
  gint64 wait = 0;

  g_mutex_lock (&self->lock);
  s = g_hash_table_lookup (self->by_address, address ? address : "");
  if (s != NULL && s->count >= self->limit && s->window_start + WINDOW_SECONDS > now)
    wait = s->window_start + WINDOW_SECONDS - now;
  g_mutex_unlock (&self->lock);
  return wait;
}

gboolean
lt_hub_throttle_failed (LtHubThrottle *self, const char *address, gint64 now)
{
  Strikes *s;
  gboolean reached;

  g_mutex_lock (&self->lock);
  if (g_hash_table_size (self->by_address) > SWEEP_SIZE)
    g_hash_table_foreach_remove (self->by_address, stale, &now);
  s = g_hash_table_lookup (self->by_address, address ? address : "");
  if (s == NULL)
    {
      s = g_new0 (Strikes, 1);
      g_hash_table_insert (self->by_address, g_strdup (address ? address : ""), s);
    }
  if (s->window_start + WINDOW_SECONDS <= now)
    {
      s->window_start = now;
      s->count = 0;
    }
  reached = ++s->count == self->limit;
  g_mutex_unlock (&self->lock);
  return reached;
}
