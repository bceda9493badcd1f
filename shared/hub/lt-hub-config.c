/* lt-hub-config.c — the [hub] group: where to listen, TLS, limits.
 *
 * Unlike the programs' other settings, a malformed hub value is an error
 * rather than a fallback: a mistyped `allow-plain-http` or `listen` must
 * not quietly put residents' words on the network unencrypted. */

#define G_LOG_DOMAIN "lt-hub"

#include "config.h"

#include <stdlib.h>
#include <glib/gi18n-lib.h>

#include "lt-hub-config.h"

#define GROUP "hub"

static gboolean
invalid (GError **error, const char *key, const char *why)
{
  g_set_error (error, LT_CONFIG_ERROR, LT_CONFIG_ERROR_INVALID,
               _("配置项 [hub] %s 不对：%s"), key, why);
  return FALSE;
}

/* One "ADDR:PORT" or "[ADDR]:PORT" entry. */
static GSocketAddress *
parse_one (const char *entry)
{
  g_autofree char *host = NULL;
  g_autoptr(GInetAddress) address = NULL;
  const char *colon = strrchr (entry, ':');
  guint64 port;

  if (colon == NULL || colon == entry)
    return NULL;
  if (entry[0] == '[')
    {
      if (colon[-1] != ']' || colon - entry < 3)
        return NULL;
      host = g_strndup (entry + 1, colon - entry - 2);
    }
  else
    host = g_strndup (entry, colon - entry);
  if (!g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    return NULL;
  address = g_inet_address_new_from_string (host);
  if (address == NULL)
    return NULL;
  /* "::1" without brackets would have split at its last colon. */
  if (entry[0] != '[' && g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
    return NULL;
  return g_inet_socket_address_new (address, (guint16) port);
}

gboolean
lt_hub_config_parse_listen (const char *text, GPtrArray **out, GError **error)
{
  g_autoptr(GPtrArray) addresses = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) entries = g_strsplit (text ? text : "", ";", -1);

  for (guint i = 0; entries[i] != NULL; i++)
    {
      char *entry = g_strstrip (entries[i]);
      GSocketAddress *address;

      if (*entry == '\0')
        continue;
      address = parse_one (entry);
      if (address == NULL)
        {
          g_autofree char *why = g_strdup_printf (
              _("“%s”应写成 地址:端口，例如 127.0.0.1:8443 或 [::1]:8443。"), entry);
          return invalid (error, "listen", why);
        }
      g_ptr_array_add (addresses, address);
    }
  if (addresses->len == 0)
    return invalid (error, "listen", _("至少要有一个 地址:端口。"));
  *out = g_steal_pointer (&addresses);
  return TRUE;
}

static gboolean
get_uint (GKeyFile *file, const char *key, guint64 fallback, guint64 min, guint64 max,
          guint64 *out, GError **error)
{
  g_autofree char *text = g_key_file_get_value (file, GROUP, key, NULL);
  g_autofree char *why = NULL;

  *out = fallback;
  if (text == NULL)
    return TRUE;
  g_strstrip (text);
  if (g_ascii_string_to_unsigned (text, 10, min, max, out, NULL))
    return TRUE;
  why = g_strdup_printf (_("应为 %llu 到 %llu 之间的整数。"),
                         (unsigned long long) min, (unsigned long long) max);
  return invalid (error, key, why);
}

static char *
get_path (GKeyFile *file, const char *key)
{
  g_autofree char *value = g_key_file_get_string (file, GROUP, key, NULL);

  if (value == NULL || *g_strstrip (value) == '\0')
    return NULL;
  return g_steal_pointer (&value);
}

LtHubConfig *
lt_hub_config_new (LtConfig *config, GError **error)
{
  GKeyFile *file = lt_config_get_key_file (config);
  g_autoptr(LtHubConfig) self = g_new0 (LtHubConfig, 1);
  g_autofree char *listen = g_key_file_get_string (file, GROUP, "listen", NULL);
  g_autofree char *plain = g_key_file_get_value (file, GROUP, "allow-plain-http", NULL);
  guint64 max_body, read_timeout, idle_timeout, bad_tokens;

  if (!lt_hub_config_parse_listen (listen ? listen : LT_HUB_DEFAULT_LISTEN, &self->listen, error))
    return NULL;
  self->tls_certificate = get_path (file, "tls-certificate");
  self->tls_key = get_path (file, "tls-key");
  if (self->tls_key != NULL && self->tls_certificate == NULL)
    return invalid (error, "tls-key", _("有私钥却没有 tls-certificate 证书。")), NULL;
  if (plain != NULL)
    {
      g_strstrip (plain);
      if (g_str_equal (plain, "true"))
        self->allow_plain_http = TRUE;
      else if (!g_str_equal (plain, "false"))
        return invalid (error, "allow-plain-http", _("只能是 true 或 false。")), NULL;
    }
  if (!get_uint (file, "max-body", LT_HUB_DEFAULT_MAX_BODY, 1024, G_MAXINT32, &max_body, error) ||
      !get_uint (file, "read-timeout", 20, 1, 3600, &read_timeout, error) ||
      !get_uint (file, "idle-timeout", 60, 1, 86400, &idle_timeout, error) ||
      !get_uint (file, "bad-token-limit", 10, 1, 100000, &bad_tokens, error))
    return NULL;
  self->max_body = max_body;
  self->read_timeout = read_timeout;
  self->idle_timeout = idle_timeout;
  self->bad_token_limit = bad_tokens;
  self->jurisdiction = get_path (file, "jurisdiction");
  return g_steal_pointer (&self);
}

void
lt_hub_config_free (LtHubConfig *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->listen, g_ptr_array_unref);
  g_free (self->tls_certificate);
  g_free (self->tls_key);
  g_free (self->jurisdiction);
  g_free (self);
}

gboolean
lt_hub_config_loopback_only (const LtHubConfig *self)
{
  for (guint i = 0; i < self->listen->len; i++)
    {
      GInetSocketAddress *a = g_ptr_array_index (self->listen, i);

      if (!g_inet_address_get_is_loopback (g_inet_socket_address_get_address (a)))
        return FALSE;
    }
  return TRUE;
}
