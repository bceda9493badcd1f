/* test-pin.c — staff PIN hashes: Argon2id for new lines, the earlier
 * iterated SHA-256 lines still accepted. (The kiosk's PIN screen is tested
 * in tests/kiosk/test-kiosk-pin.c.) */

#include "config.h"

#include <string.h>

#include "lt-pin.h"

static void
test_argon2id (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = lt_pin_hash ("2468", &error);
  g_autofree char *b = lt_pin_hash ("2468", NULL);

  g_assert_no_error (error);
  /* libsodium's interactive limits: 64 MiB, two passes. */
  g_assert_true (g_str_has_prefix (a, "$argon2id$v=19$m=65536,t=2,p=1$"));
  g_assert_cmpstr (a, !=, b);            /* a fresh salt each time */
  g_assert_true (lt_pin_verify ("2468", a));
  g_assert_true (lt_pin_verify ("2468", b));
  g_assert_false (lt_pin_verify ("2469", a));
  g_assert_false (lt_pin_verify ("02468", a));
  g_assert_false (lt_pin_verify ("246", a));
  g_assert_false (lt_pin_verify ("", a));
  g_assert_false (lt_pin_verify (NULL, a));
}

static void
test_argon2id_tampered (void)
{
  g_autofree char *line = lt_pin_hash ("13579", NULL);
  g_autofree char *flipped = g_strdup (line);
  g_autofree char *spaced = g_strdup_printf ("  %s\n", line);
  char *last = flipped + strlen (flipped) - 2;

  /* Config files may carry spaces around the value. */
  g_assert_true (lt_pin_verify ("13579", spaced));
  *last = *last == 'A' ? 'B' : 'A';
  g_assert_false (lt_pin_verify ("13579", flipped));
  g_assert_false (lt_pin_verify ("13579", "$argon2id$"));
  g_assert_false (lt_pin_verify ("13579", "$argon2id$v=19$m=65536,t=2,p=1$$"));
  /* Argon2i is not what we write; nothing else may pass as ours either. */
  g_assert_false (lt_pin_verify ("13579", "$argon2i$v=19$m=65536,t=2,p=1$AAAA$AAAA"));
}

static void
test_old_lines (void)
{
  const guint8 salt[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
  g_autofree char *old = lt_pin_hash_full ("8642", salt, LT_PIN_ITERATIONS, NULL);
  g_autofree char *one = lt_pin_hash_full ("1234", salt, 1, NULL);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *expected = NULL;

  g_assert_true (g_str_has_prefix (old, "sha256$100000$0102030405060708090a0b0c0d0e0f10$"));
  g_assert_true (lt_pin_verify ("8642", old));
  g_assert_false (lt_pin_verify ("8643", old));
  /* One iteration is plain SHA-256(salt ‖ pin): the construction is unchanged. */
  g_checksum_update (sum, salt, sizeof salt);
  g_checksum_update (sum, (const guchar *) "1234", 4);
  expected = g_strdup_printf ("sha256$1$0102030405060708090a0b0c0d0e0f10$%s",
                              g_checksum_get_string (sum));
  g_assert_cmpstr (one, ==, expected);
  g_assert_true (lt_pin_verify ("1234", one));
}

static void
test_refuses (void)
{
  g_autoptr(GError) error = NULL;
  const char *bad[] = { "12a4", "123", "123456789", "", "１２３４" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      char *hash = lt_pin_hash (bad[i], &error);

      g_assert_null (hash);
      g_assert_error (error, LT_PIN_ERROR, LT_PIN_ERROR_INVALID);
      g_clear_error (&error);
    }
  g_assert_null (lt_pin_hash (NULL, &error));
  g_assert_error (error, LT_PIN_ERROR, LT_PIN_ERROR_INVALID);
  g_assert_false (lt_pin_verify ("1234", NULL));
  g_assert_false (lt_pin_verify ("1234", "garbage"));
  g_assert_false (lt_pin_verify ("1234", "md5$1$00$00"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/laiting/pin/argon2id", test_argon2id);
  g_test_add_func ("/laiting/pin/argon2id-tampered", test_argon2id_tampered);
  g_test_add_func ("/laiting/pin/old-lines", test_old_lines);
  g_test_add_func ("/laiting/pin/refuses", test_refuses);
  return g_test_run ();
}
