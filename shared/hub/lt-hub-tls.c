/* lt-hub-tls.c — the certificate and key, loaded and checked together.
 *
 * See lt-hub-tls.h. The check compares the key ids (SHA-256 of the public
 * key) of the certificate and of the private key with GnuTLS, the library
 * under GIO's TLS backend, and turns "clients cannot connect" into one
 * sentence at the moment the operator changed the files. */

#define G_LOG_DOMAIN "lt-hub"

#include "config.h"

#include <string.h>
#include <gnutls/x509.h>
#include <glib/gi18n-lib.h>

#include "lt-hub-server.h"
#include "lt-hub-tls.h"

/* The SHA-256 key id of the certificate's public key and of the private
 * key must be the same: then the key belongs to the certificate. */
static gboolean
key_fits (GTlsCertificate *cert, GError **error)
{
  g_autofree char *cert_pem = NULL, *key_pem = NULL;
  gnutls_x509_crt_t crt = NULL;
  gnutls_x509_privkey_t key = NULL;
  unsigned char a[64], b[64];
  size_t la = sizeof a, lb = sizeof b;
  gnutls_datum_t d;
  int rc;
  gboolean fits;

  g_object_get (cert, "certificate-pem", &cert_pem, "private-key-pem", &key_pem, NULL);
  if (cert_pem == NULL || key_pem == NULL)
    return TRUE;   /* a key held elsewhere (PKCS #11): the first client tries it */
  gnutls_x509_crt_init (&crt);
  gnutls_x509_privkey_init (&key);
  d = (gnutls_datum_t) { (unsigned char *) cert_pem, (unsigned int) strlen (cert_pem) };
  rc = gnutls_x509_crt_import (crt, &d, GNUTLS_X509_FMT_PEM);
  if (rc >= 0)
    {
      d = (gnutls_datum_t) { (unsigned char *) key_pem, (unsigned int) strlen (key_pem) };
      rc = gnutls_x509_privkey_import2 (key, &d, GNUTLS_X509_FMT_PEM, NULL, 0);
    }
  if (rc >= 0)
    rc = gnutls_x509_crt_get_key_id (crt, GNUTLS_KEYID_USE_SHA256, a, &la);
  if (rc >= 0)
    rc = gnutls_x509_privkey_get_key_id (key, GNUTLS_KEYID_USE_SHA256, b, &lb);
  fits = rc >= 0 && la == lb && memcmp (a, b, la) == 0;
  if (!fits)
    g_set_error_literal (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                         rc < 0 ? gnutls_strerror (rc) : "public keys differ");
  gnutls_x509_crt_deinit (crt);
  gnutls_x509_privkey_deinit (key);
  return fits;
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
  if (!key_fits (cert, &local))
    {
      g_set_error (error, LT_HUB_SERVER_ERROR, LT_HUB_SERVER_ERROR_TLS,
                   _("私钥 %s 与 TLS 证书 %s 不配套（%s），请检查这两个文件。"),
                   key_path ? key_path : certificate_path, certificate_path,
                   local ? local->message : "");
      return NULL;
    }
  return g_steal_pointer (&cert);
}
