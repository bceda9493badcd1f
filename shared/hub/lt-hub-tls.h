/* lt-hub-tls.h — loading the hub's certificate and proving its key fits.
 *
 * GIO loads a certificate and a key that do not belong together without a
 * word, and the first client would then fail its handshake with a
 * message nobody connects to the config. So the pair is checked before it
 * is used: the key must be the one the certificate's public key belongs
 * to. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Loads @certificate_path (PEM, with the chain) and @key_path (PEM; NULL:
 * the key is in the certificate file) and checks they work together.
 * Returns the certificate, or NULL with one sentence in @error
 * (LT_HUB_SERVER_ERROR_TLS) naming the file at fault. */
GTlsCertificate *lt_hub_tls_load (const char *certificate_path, const char *key_path,
                                  GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
