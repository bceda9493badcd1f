/* lt-open311.h — Open311 GeoReport v2 over the ticket store.
 *
 * The city's platform (12345) talks to a district's store in the standard
 * it already speaks: discovery, services (our categories), requests (POST a
 * ticket, GET them back) and mySociety's servicerequestupdates extension to
 * follow and send status changes. This is transport-neutral: the hub mounts
 * it at /open311/ and hands each HTTP request to lt_open311_handle(), which
 * runs the store calls synchronously (call it from a worker thread) and
 * returns status, content type and body, in JSON or XML by the path's
 * suffix.
 *
 * Discovery and services are public. Everything else needs the api_key of
 * an open311 device, checked by the caller's LtOpen311KeyCheck, because it
 * shows residents' words. A resident's phone number is never shown. */

#pragma once

#include <gio/gio.h>
#include "lt-store.h"

G_BEGIN_DECLS

/* Errors carry the HTTP status they are answered with. */
#define LT_OPEN311_ERROR (lt_open311_error_quark ())
typedef enum {
  LT_OPEN311_ERROR_BAD_REQUEST = 400,
  LT_OPEN311_ERROR_FORBIDDEN   = 403,
  LT_OPEN311_ERROR_NOT_FOUND   = 404,
} LtOpen311Error;
GQuark lt_open311_error_quark (void);

/* TRUE when @api_key is the token of a live open311 device. */
typedef gboolean (*LtOpen311KeyCheck) (const char *api_key, gpointer user_data);

typedef struct {
  guint   status;         /* HTTP status */
  char   *content_type;   /* "application/json; charset=utf-8" or "text/xml; charset=utf-8" */
  GBytes *body;
} LtOpen311Response;

#define LT_TYPE_OPEN311 (lt_open311_get_type ())
G_DECLARE_FINAL_TYPE (LtOpen311, lt_open311, LT, OPEN311, GObject)

/* @jurisdiction_id: when set, a request naming another jurisdiction gets
 * 404; when NULL, the argument is ignored (one jurisdiction per endpoint). */
LtOpen311         *lt_open311_new            (LtStore *store, const char *jurisdiction_id) G_GNUC_WARN_UNUSED_RESULT;

/* Answers one HTTP request. @method: "GET" or "POST"; @path: below
 * /open311, e.g. "/v2/requests.json" or "/discovery.xml"; @query: the
 * URL's decoded query (may be NULL); @content_type and @body: the request
 * body (may be NULL), application/x-www-form-urlencoded for POST. Never
 * fails: bad input is a 400/403/404 response with the specification's
 * errors list. */
LtOpen311Response *lt_open311_handle         (LtOpen311 *self, const char *method, const char *path,
                                              GHashTable *query, const char *content_type,
                                              GBytes *body, LtOpen311KeyCheck check,
                                              gpointer check_data) G_GNUC_WARN_UNUSED_RESULT;
void               lt_open311_response_free  (LtOpen311Response *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtOpen311Response, lt_open311_response_free)

G_END_DECLS
