/* lt-pin.h — staff PINs, stored as an Argon2id hash.
 *
 * The config holds only the hash line, made by `laiting pin-hash`: the
 * standard "$argon2id$v=19$m=…,t=…,p=…$SALT$HASH" string (libsodium,
 * interactive limits). Lines in the earlier "sha256$ITERATIONS$SALT$HASH"
 * form (salted, iterated SHA-256, hex) are still accepted until the PIN is
 * changed. Verification takes the same time whichever digit is wrong. A
 * 4–8 digit PIN has little entropy, so the hash's cost is what slows down
 * guessing from a stolen config file; the kiosk also limits tries. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LT_PIN_ERROR (lt_pin_error_quark ())
typedef enum {
  LT_PIN_ERROR_INVALID,   /* not 4–8 digits */
} LtPinError;
GQuark lt_pin_error_quark (void);

#define LT_PIN_MIN_LEN 4
#define LT_PIN_MAX_LEN 8
#define LT_PIN_ITERATIONS 100000   /* of the earlier sha256$ form */
#define LT_PIN_ARGON2ID_PREFIX "$argon2id$"

/* The Argon2id hash line for @pin with a fresh random salt, or NULL with
 * LT_PIN_ERROR_INVALID when @pin is not 4–8 ASCII digits. */
char     *lt_pin_hash        (const char *pin, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* The earlier sha256$ form with a given salt (16 bytes) and iteration
 * count: for tests of the old lines still accepted. */
char     *lt_pin_hash_full   (const char *pin, const guint8 salt[16], guint iterations,
                              GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* TRUE when @pin matches @stored (a hash line). A malformed @stored never
 * matches. */
gboolean  lt_pin_verify      (const char *pin, const char *stored);

G_END_DECLS
