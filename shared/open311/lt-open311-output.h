/* lt-open311-output.h — one answer, written as JSON or as XML.
 *
 * Every Open311 answer is built once as a JsonNode and written either way:
 * JSON as the specification's "Spark convention" (the root element
 * dropped, so a list is a bare array), XML with the root element named and
 * each list's items named by the singular of the list ("services" holds
 * "service", "service_requests" holds "request"). */

#pragma once

#include <json-glib/json-glib.h>
#include "lt-open311.h"

G_BEGIN_DECLS

typedef enum {
  LT_OPEN311_XML,    /* the specification's required format, and the default */
  LT_OPEN311_JSON,
} LtOpen311Format;

/* Takes @value (an object or array); @root names the XML root element. */
LtOpen311Response *lt_open311_output       (LtOpen311Format format, guint status,
                                            const char *root, JsonNode *value) G_GNUC_WARN_UNUSED_RESULT;
/* The specification's errors list with one error: code @status, @message. */
LtOpen311Response *lt_open311_output_error (LtOpen311Format format, guint status,
                                            const char *message) G_GNUC_WARN_UNUSED_RESULT;

/* Builder helpers: strings are made valid UTF-8; NULL becomes null. */
void               lt_open311_add_string   (JsonBuilder *b, const char *name, const char *value);
void               lt_open311_add_time     (JsonBuilder *b, const char *name, gint64 t);  /* 0 → null */

G_END_DECLS
