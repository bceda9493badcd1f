/* lt-pin.c — staff PIN hashing and checking; see lt-pin.h.
 *
 * New hashes are libsodium's Argon2id at its interactive limits (64 MiB,
 * two passes): memory-hard, so guessing the few thousand possible PINs from
 * a stolen config costs real time per guess even on a GPU, while one
 * verification stays well under a second on a kiosk. Hash lines made
 * before, "sha256$N$SALT$HASH" with h_0 = SHA-256(salt ‖ pin) and h_i =
 * SHA-256(h_{i-1} ‖ salt ‖ pin), are still accepted until the PIN is
 * changed. */

#define G_LOG_DOMAIN "lt-pin"

#include "config.h"

#include <string.h>
#include <sodium.h>
#include <glib/gi18n-lib.h>

#include "lt-pin.h"

#define SALT_LEN 16
#define DIGEST_LEN 32

G_DEFINE_QUARK (lt-pin-error-quark, lt_pin_error)

static gboolean
pin_is_valid (const char *pin)
{
  gsize len = pin ? strlen (pin) : 0;

  if (len < LT_PIN_MIN_LEN || len > LT_PIN_MAX_LEN)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (pin[i]))
      return FALSE;
  return TRUE;
}

static void
derive (const char *pin, const guint8 *salt, gsize salt_len, guint iterations,
        guint8 out[DIGEST_LEN])
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize len = DIGEST_LEN;

  g_checksum_update (sum, salt, salt_len);
  g_checksum_update (sum, (const guchar *) pin, strlen (pin));
  g_checksum_get_digest (sum, out, &len);
  for (guint i = 1; i < iterations; i++)
    {
      g_checksum_reset (sum);
      g_checksum_update (sum, out, DIGEST_LEN);
      g_checksum_update (sum, salt, salt_len);
      g_checksum_update (sum, (const guchar *) pin, strlen (pin));
      len = DIGEST_LEN;
      g_checksum_get_digest (sum, out, &len);
    }
}

static char *
to_hex (const guint8 *bytes, gsize len)
{
  char *hex = g_malloc (len * 2 + 1);

  for (gsize i = 0; i < len; i++)
    g_snprintf (hex + i * 2, 3, "%02x", bytes[i]);
  return hex;
}

static gboolean
from_hex (const char *hex, guint8 *out, gsize len)
{
  if (strlen (hex) != len * 2)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      int hi = g_ascii_xdigit_value (hex[2 * i]);
      int lo = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (hi < 0 || lo < 0)
        return FALSE;
      out[i] = (guint8) (hi << 4 | lo);
    }
  return TRUE;
}

char *
lt_pin_hash_full (const char *pin, const guint8 salt[16], guint iterations, GError **error)
{
  guint8 digest[DIGEST_LEN];
  g_autofree char *salt_hex = NULL;
  g_autofree char *digest_hex = NULL;

  if (!pin_is_valid (pin))
    {
      g_set_error (error, LT_PIN_ERROR, LT_PIN_ERROR_INVALID,
                   _("工作人员密码必须是 %d 到 %d 位数字。"), LT_PIN_MIN_LEN, LT_PIN_MAX_LEN);
      return NULL;
    }
  derive (pin, salt, SALT_LEN, MAX (iterations, 1), digest);
  salt_hex = to_hex (salt, SALT_LEN);
  digest_hex = to_hex (digest, DIGEST_LEN);
  return g_strdup_printf ("sha256$%u$%s$%s", MAX (iterations, 1), salt_hex, digest_hex);
}

static void
ensure_sodium (void)
{
  /* Idempotent and thread-safe; fails only without a source of randomness,
   * and then no salt could be trusted. */
  if (sodium_init () < 0)
    g_error ("libsodium cannot be initialised: no source of randomness");
}

char *
lt_pin_hash (const char *pin, GError **error)
{
  char line[crypto_pwhash_STRBYTES];

  if (!pin_is_valid (pin))
    {
      g_set_error (error, LT_PIN_ERROR, LT_PIN_ERROR_INVALID,
                   _("工作人员密码必须是 %d 到 %d 位数字。"), LT_PIN_MIN_LEN, LT_PIN_MAX_LEN);
      return NULL;
    }
  ensure_sodium ();
  /* Only fails when the 64 MiB it works in cannot be had. */
  if (crypto_pwhash_str_alg (line, pin, strlen (pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
    g_error ("out of memory while hashing a PIN");
  return g_strdup (line);
}

static gboolean
verify_argon2id (const char *pin, const char *line)
{
  ensure_sodium ();
  return crypto_pwhash_str_verify (line, pin, strlen (pin)) == 0;
}

gboolean
lt_pin_verify (const char *pin, const char *stored)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *line = NULL;
  guint8 salt[SALT_LEN], expected[DIGEST_LEN], actual[DIGEST_LEN];
  guint64 iterations;
  guint8 diff = 0;
  char *end = NULL;

  if (stored == NULL || !pin_is_valid (pin))
    return FALSE;
  line = g_strstrip (g_strdup (stored));
  if (g_str_has_prefix (line, LT_PIN_ARGON2ID_PREFIX))
    return verify_argon2id (pin, line);
  parts = g_strsplit (line, "$", -1);
  if (g_strv_length (parts) != 4 || !g_str_equal (parts[0], "sha256"))
    return FALSE;
  iterations = g_ascii_strtoull (parts[1], &end, 10);
  if (end == parts[1] || *end != '\0' || iterations < 1 || iterations > 10000000)
    return FALSE;
  if (!from_hex (parts[2], salt, SALT_LEN) || !from_hex (parts[3], expected, DIGEST_LEN))
    return FALSE;
  derive (pin, salt, SALT_LEN, (guint) iterations, actual);
  /* Every byte is compared whatever the first difference. */
  for (gsize i = 0; i < DIGEST_LEN; i++)
    diff |= actual[i] ^ expected[i];
  return diff == 0;
}
