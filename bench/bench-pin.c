/* bench-pin.c — how long checking a staff PIN takes.
 *
 *   bench-pin [--rounds N]
 *
 * The kiosk checks a PIN when staff press 确定, so one verification should
 * stay under about 0.3 s; the cost is also what a thief with the config
 * file pays per guess. Prints the median and worst of N verifications for
 * the Argon2id lines `laiting pin-hash` writes now and for the earlier
 * iterated SHA-256 lines, and the guesses per second each allows one core
 * against a 4-digit PIN (10,000 candidates). */

#include "config.h"

#include <stdio.h>

#include "lt-pin.h"

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
measure (const char *name, const char *line, const char *pin, int rounds)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  double median, worst;

  for (int i = 0; i < rounds; i++)
    {
      gint64 start = g_get_monotonic_time ();
      double seconds;

      if (!lt_pin_verify (pin, line))
        g_error ("%s: the right PIN was refused", name);
      seconds = (g_get_monotonic_time () - start) / 1e6;
      g_array_append_val (samples, seconds);
    }
  g_array_sort (samples, compare_doubles);
  median = g_array_index (samples, double, rounds / 2);
  worst = g_array_index (samples, double, rounds - 1);
  printf ("%-22s verify median %.3f s, worst %.3f s (target < 0.3 s); "
          "all 4-digit PINs in %.0f s on one core\n",
          name, median, worst, median * 10000);
}

int
main (int argc, char **argv)
{
  int rounds = 9;
  const guint8 salt[16] = { 0 };
  GOptionEntry entries[] = {
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "verifications per hash", "N" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("");
  g_autoptr(GError) error = NULL;
  g_autofree char *argon = NULL, *sha = NULL;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || rounds < 1)
    {
      fprintf (stderr, "bench-pin: %s\n", error ? error->message : "--rounds must be positive");
      return 2;
    }
  argon = lt_pin_hash ("2468", NULL);
  sha = lt_pin_hash_full ("2468", salt, LT_PIN_ITERATIONS, NULL);
  measure ("argon2id (now)", argon, "2468", rounds);
  measure ("sha256 x100000 (old)", sha, "2468", rounds);
  return 0;
}
