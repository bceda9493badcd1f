/* lt-config.h — the site's configuration, one GKeyFile.
 *
 * Shared keys live here: [site] (name, signature, origin, database,
 * buildings, departments), [sms] origin and [category:CODE] groups. Each
 * program reads its own group ([sms], [kiosk]) through
 * lt_config_get_key_file(), so a program's settings stay with the program. */

#pragma once

#include <glib-object.h>
#include "lt-ticket.h"

G_BEGIN_DECLS

#define LT_CONFIG_DEFAULT_PATH "/etc/laiting/laiting.conf"

#define LT_CONFIG_ERROR (lt_config_error_quark ())
typedef enum {
  LT_CONFIG_ERROR_INVALID,
} LtConfigError;
GQuark lt_config_error_quark (void);

/* Longest department/officer name accepted, in UTF-16 units (or septets
 * for a GSM-7 name), as the SMS counts them: keeps every
 * status SMS within one segment. */
#define LT_CONFIG_ASSIGNEE_MAX 12
/* Longest category name, in characters. */
#define LT_CONFIG_CATEGORY_NAME_MAX 8

typedef struct {
  char   *code;       /* "roads" */
  char   *name;       /* "道路交通" */
  char   *icon;       /* icon name for the kiosk tile */
  guint   due_days;   /* 承诺办结时限 */
  char  **problems;   /* common problems, shown as toggle buttons */
} LtCategory;

#define LT_TYPE_CONFIG (lt_config_get_type ())
G_DECLARE_FINAL_TYPE (LtConfig, lt_config, LT, CONFIG, GObject)

/* Loads @path; when @path is NULL, $LAITING_CONFIG, then
 * /etc/laiting/laiting.conf, and when neither exists the built-in
 * defaults. A named file that is missing or malformed is an error. */
LtConfig          *lt_config_load              (const char *path, GError **error) G_GNUC_WARN_UNUSED_RESULT;
LtConfig          *lt_config_new_default       (void) G_GNUC_WARN_UNUSED_RESULT;

const char        *lt_config_get_path          (LtConfig *self);  /* NULL for defaults */
GKeyFile          *lt_config_get_key_file      (LtConfig *self);
const char        *lt_config_get_site_name     (LtConfig *self);
const char        *lt_config_get_signature     (LtConfig *self);
/* Origin code for receipts made through @channel: [sms] origin for SMS,
 * [hub] platform-origin for the city's platform (Open311), [site] origin
 * for the kiosk and staff. */
guint              lt_config_get_origin        (LtConfig *self, LtChannel channel);
/* [site] database, else $XDG_DATA_HOME/laiting/laiting.db. */
const char        *lt_config_get_database_path (LtConfig *self);
void               lt_config_set_database_path (LtConfig *self, const char *path);
GPtrArray         *lt_config_get_categories    (LtConfig *self);  /* LtCategory*, in display order */
const LtCategory  *lt_config_find_category     (LtConfig *self, const char *code);
const char *const *lt_config_get_buildings     (LtConfig *self);  /* NULL-terminated, may be empty */
const char *const *lt_config_get_departments   (LtConfig *self);  /* NULL-terminated, may be empty */

/* Reads an integer key of a program's group with a default and a floor. */
gint64             lt_config_get_int           (LtConfig *self, const char *group,
                                                const char *key, gint64 fallback, gint64 min);
gboolean           lt_config_get_bool          (LtConfig *self, const char *group,
                                                const char *key, gboolean fallback);
/* Newly allocated; @fallback copied when the key is absent. */
char              *lt_config_get_string        (LtConfig *self, const char *group,
                                                const char *key, const char *fallback);

G_END_DECLS
