/* bench-fill.h — filling a store with many tickets for benchmarks. */

#pragma once

#include "lt-store.h"

/* N tickets spread evenly over the three years before @now, with their
 * events; origins 20–29. */
void bench_fill (LtStore *store, gint64 n, gint64 now);
