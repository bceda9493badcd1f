/* lt-hub-config.h — the [hub] group of the site's configuration.
 *
 *   [hub]
 *   listen = 127.0.0.1:8443;[::1]:8443
 *   tls-certificate = /etc/laiting/hub.crt
 *   tls-key = /etc/laiting/hub.key
 *   allow-plain-http = false
 *   max-body = 1048576
 *   read-timeout = 20
 *   idle-timeout = 60
 *   bad-token-limit = 10
 *   jurisdiction = 幸福里街道
 *
 * Read once at start and again on SIGHUP; a value that makes no sense is
 * an error naming the key, never a silent default. */

#pragma once

#include <gio/gio.h>
#include "lt-config.h"

G_BEGIN_DECLS

#define LT_HUB_DEFAULT_LISTEN   "127.0.0.1:8443"
#define LT_HUB_DEFAULT_MAX_BODY (1024 * 1024)

typedef struct {
  GPtrArray *listen;           /* GInetSocketAddress*, at least one */
  char      *tls_certificate;  /* PEM file; NULL: no TLS */
  char      *tls_key;          /* PEM file; NULL: the key is in the certificate file */
  gboolean   allow_plain_http; /* plain HTTP on addresses that are not loopback */
  gsize      max_body;         /* bytes */
  guint      read_timeout;     /* seconds to receive a whole request */
  guint      idle_timeout;     /* seconds a kept-alive connection may stay silent */
  guint      bad_token_limit;  /* bad tokens per address per minute before it must wait */
  char      *jurisdiction;     /* Open311 jurisdiction_id; may be NULL */
} LtHubConfig;

/* Parses "ADDR:PORT;ADDR:PORT" (IPv6 in brackets: "[::1]:8443") into an
 * array of GInetSocketAddress*. Only numeric addresses: a hub binds to
 * interfaces, not names. FALSE with LT_CONFIG_ERROR_INVALID otherwise. */
gboolean     lt_hub_config_parse_listen (const char *text, GPtrArray **out, GError **error);

/* Reads the [hub] group of @config. */
LtHubConfig *lt_hub_config_new          (LtConfig *config, GError **error) G_GNUC_WARN_UNUSED_RESULT;
void         lt_hub_config_free         (LtHubConfig *self);

/* TRUE when every listen address is a loopback address. */
gboolean     lt_hub_config_loopback_only (const LtHubConfig *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtHubConfig, lt_hub_config_free)

G_END_DECLS
