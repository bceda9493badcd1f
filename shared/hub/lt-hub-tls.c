/* lt-hub-tls.c — the certificate and key, loaded and tried together.
 *
 * See lt-hub-tls.h. The self-handshake costs a few milliseconds at start
 * and on each SIGHUP, and turns "clients cannot connect" into one sentence
 * at the moment the operator changed the files. */

#define G_LOG_DOMAIN "lt-hub"

#include "config.h"

#include <sys/socket.h>
#include <glib/gi18n-lib.h>

#include "lt-hub-server.h"
#include "lt-hub-tls.h"

static gboolean
accept_any (GTlsConnection *conn, GTlsCertificate *peer, GTlsCertificateFlags errors,
            gpointer user_data)
{
  /* Only the key is on trial here, not the certificate's names or dates. */
  return TRUE;
}

static gpointer
server_handshake (gpointer data)
{
  GError *error = NULL;

  if (!g_tls_connection_handshake (data, NULL, &error))
    return error;
  return NULL;
}

static GIOStream *
socket_stream (int fd, GError **error)
{
  g_autoptr(GSocket) socket = g_socket_new_from_fd (fd, error);

  if (socket == NULL)
    return NULL;
  g_socket_set_timeout (socket, 10);
  return G_IO_STREAM (g_socket_connection_factory_create_connection (socket));
}

/* TRUE when a handshake with @cert succeeds. */
static gboolean
try_handshake (GTlsCertificate *cert, GError **error)
{
  g_autoptr(GIOStream) a = NULL, b = NULL;
  g_autoptr(GIOStream) server = NULL, client = NULL;
  g_autoptr(GError) server_error = NULL;
  GThread *thread;
  int fds[2];
  gboolean ok;

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    return TRUE;  /* cannot try: let the first client find out */
  a = socket_stream (fds[0], error);
  b = socket_stream (fds[1], error);
  if (a == NULL || b == NULL)
    return FALSE;
  server = g_tls_server_connection_new (a, cert, error);
  if (server == NULL)
    return FALSE;
  client = g_tls_client_connection_new (b, NULL, error);
  if (client == NULL)
    return FALSE;
  g_signal_connect (client, "accept-certificate", G_CALLBACK (accept_any), NULL);
  thread = g_thread_new ("lt-hub-tls-check", server_handshake, server);
  ok = g_tls_connection_handshake (G_TLS_CONNECTION (client), NULL, error);
  if (!ok)
    g_io_stream_close (b, NULL, NULL);   /* the server side reads an end of stream */
  server_error = g_thread_join (thread);
  if (ok && server_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&server_error));
      ok = FALSE;
    }
  return ok;
}

GTlsCertificate *
lt_hub_tls_load (const char *certificate_path, const char *key_path, GError **error)
{
  g_autoptr(GTlsCertificate) cert = NULL;
  g_autoptr(GError) local = NULL;

  if (key_path != NULL)
    cert = g_tls_certificate_new_from_files (certificate_path, key_path, &local);
  else
    cert = g_tls_certificate_new_from_file (certificate_path, &local);
  if (cert == NULL)
    {
      g_set_error (error, LT_HUB_SERVER_ERROR, LT_HUB_SERVER_ERROR_TLS,
                   _("无法使用 TLS 证书 %s 和私钥 %s：%s"), certificate_path,
                   key_path ? key_path : certificate_path, local->message);
      return NULL;
    }
  if (!try_handshake (cert, &local))
    {
      g_set_error (error, LT_HUB_SERVER_ERROR, LT_HUB_SERVER_ERROR_TLS,
                   _("私钥 %s 与 TLS 证书 %s 不配套（%s），请检查这两个文件。"),
                   key_path ? key_path : certificate_path, certificate_path,
                   local ? local->message : "");
      return NULL;
    }
  return g_steal_pointer (&cert);
}
