/* lt-open311-form.h — URL query strings and form bodies from strangers.
 *
 * Open311 clients send their arguments as application/x-www-form-urlencoded
 * (POST) and as a URL query (GET). Both are read here, strictly: whatever
 * cannot be stored and shown back safely is refused with one sentence that
 * names the field, before anything else looks at it. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LT_OPEN311_FORM_MAX_FIELDS 64      /* pairs in one query or body */
#define LT_OPEN311_FORM_MAX_NAME   64      /* bytes in a field name */
#define LT_OPEN311_FORM_MAX_VALUE  16384   /* bytes in a value: 4,000 CJK characters fit */

/* Decodes @length bytes of application/x-www-form-urlencoded data into a
 * table of field name → value (both newly allocated UTF-8). Refuses, with
 * LT_OPEN311_ERROR_BAD_REQUEST and a sentence naming the field: a bad %
 * escape, invalid UTF-8, a NUL or other control character (tab and line
 * breaks are allowed), an empty or over-long name, an over-long value, a
 * field given twice, more than LT_OPEN311_FORM_MAX_FIELDS fields. */
GHashTable *lt_open311_form_parse (const char *data, gsize length, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* The value of the first field called @name in @data, decoded, or NULL;
 * whatever else the body holds. For the api_key of a body that
 * lt_open311_form_parse() refuses: the caller is told why only once we know
 * who it is. Newly allocated; not checked beyond its decoding. */
char       *lt_open311_form_lookup (const char *data, gsize length, const char *name) G_GNUC_WARN_UNUSED_RESULT;

/* Applies the same rules to a table the server already decoded (the URL
 * query); @params may be NULL. */
gboolean    lt_open311_form_check (GHashTable *params, GError **error);

G_END_DECLS
