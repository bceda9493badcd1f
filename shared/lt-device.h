/* lt-device.h — the devices and clients allowed to reach a hub, and their
 * tokens.
 *
 * Every kiosk, SMS gateway, staff client, department office and city
 * platform gets its own token, shown once when it is added. The store keeps
 * only the token's SHA-256: tokens are 256 random bits, so a plain hash is
 * as good as a slow one and lets a request be authenticated by one indexed
 * lookup. A kiosk or gateway owns an origin code (the first two digits of
 * the receipts it mints); no two live devices share one. */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _LtStore LtStore;

typedef enum {
  LT_ROLE_KIOSK,
  LT_ROLE_GATEWAY,
  LT_ROLE_STAFF,
  LT_ROLE_OFFICE,
  LT_ROLE_OPEN311,
} LtRole;

typedef struct {
  gint64    id;
  char     *name;
  LtRole    role;
  guint     origin;          /* 0 = none; kiosks and gateways have one */
  char     *department;      /* offices only; NULL otherwise */
  gint64    created_at;
  gint64    last_seen_at;    /* 0 = never */
  char     *last_seen_from;  /* address of the last authenticated request; may be NULL */
  gboolean  revoked;
} LtDevice;

GType        lt_device_get_type    (void) G_GNUC_CONST;
LtDevice    *lt_device_copy        (const LtDevice *self) G_GNUC_WARN_UNUSED_RESULT;
void         lt_device_free        (LtDevice *self);
const char  *lt_role_to_string     (LtRole role);                  /* "kiosk" … */
gboolean     lt_role_from_string   (const char *s, LtRole *out);

/* Adds a device and returns it, with its new token in @token_out (shown
 * once, never stored). Refused with LT_STORE_ERROR_INVALID for a bad name,
 * a kiosk or gateway without an origin (10–99), an office without a
 * department, or an origin/department given to a role that has none; with
 * LT_STORE_ERROR_CONFLICT when a live device already has the name or the
 * origin (the message names that device). */
LtDevice    *lt_store_device_add          (LtStore *self, const char *name, LtRole role,
                                           guint origin, const char *department,
                                           char **token_out, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Every device, revoked ones included, in the order they were added. An
 * array of LtDevice*. */
GPtrArray   *lt_store_device_list         (LtStore *self, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Revokes the live device called @name: its token fails every
 * authentication from now on. LT_STORE_ERROR_NOT_FOUND if there is none. */
gboolean     lt_store_device_revoke       (LtStore *self, const char *name, GError **error);
/* The live device holding @token, or NULL with LT_STORE_ERROR_UNAUTHORIZED
 * (unknown, malformed or revoked token; the message never repeats the
 * token). Records @now and @from (the peer's address, may be NULL) as last
 * seen, writing at most once a minute per device. */
LtDevice    *lt_store_device_authenticate (LtStore *self, const char *token, const char *from,
                                           gint64 now, GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtDevice, lt_device_free)

G_END_DECLS
