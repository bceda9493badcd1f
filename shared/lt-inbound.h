/* lt-inbound.h — the log of inbound SMS and per-number contact state. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

G_END_DECLS
