/* lt-open311-private.h — what the Open311 files share.
 *
 * lt-open311.c routes a request, checks the key and answers discovery and
 * services; lt-open311-requests.c and lt-open311-updates.c answer the rest.
 * Each handler returns the answer's value (the XML root is named by the
 * router) or NULL with an LT_OPEN311_ERROR whose code is the HTTP status. */

#pragma once

#include <json-glib/json-glib.h>
#include "lt-open311.h"
#include "lt-open311-output.h"

G_BEGIN_DECLS

struct _LtOpen311 {
  GObject  parent_instance;
  LtStore *store;
  char    *jurisdiction_id;
};

/* The specification's defaults for GET requests and, by analogy, updates. */
#define LT_OPEN311_SPAN_DAYS  90
#define LT_OPEN311_MAX_ROWS   1000
#define LT_OPEN311_SPAN       ((gint64) LT_OPEN311_SPAN_DAYS * 24 * 3600)

/* A parameter's value, or NULL when it is absent or empty: the
 * specification treats an empty optional argument as a missing one. */
const char *lt_open311_param          (GHashTable *params, const char *name);

/* The [from, to) window of start_date / end_date: by default the last 90
 * days; one bound given, 90 days from or to it; both, at most 90 days. */
gboolean    lt_open311_window         (GHashTable *params, gint64 now, gint64 *from,
                                       gint64 *to, GError **error);

/* @text with every occurrence of the resident's @phone masked, so a number
 * typed into the words never leaves either. Newly allocated; NULL for NULL. */
char       *lt_open311_redact         (const char *text, const char *phone) G_GNUC_WARN_UNUSED_RESULT;

/* Translates a store or state-machine error to 400/404 for the platform. */
void        lt_open311_store_error    (GError **error, GError *store_error);

JsonNode   *lt_open311_requests_get   (LtOpen311 *self, GHashTable *params, GError **error);
JsonNode   *lt_open311_request_get    (LtOpen311 *self, const char *id, GHashTable *params,
                                       GError **error);
JsonNode   *lt_open311_requests_post  (LtOpen311 *self, GHashTable *params, GError **error);
JsonNode   *lt_open311_updates_get    (LtOpen311 *self, GHashTable *params, GError **error);
JsonNode   *lt_open311_updates_post   (LtOpen311 *self, GHashTable *params, GError **error);

G_END_DECLS
