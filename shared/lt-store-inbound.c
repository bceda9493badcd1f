/* lt-store-inbound.c — inbound SMS log and per-number contact state. */

#define G_LOG_DOMAIN "lt-store"

#include "config.h"

#include "lt-inbound.h"
#include "lt-store-private.h"
