/* ls-listener.h — the listener's main loop: sweep the phone, store, reply,
 * send, and keep at it while the modem comes and goes. */

#pragma once

#include "lt-store.h"
#include "ls-settings.h"
#include "ls-relay.h"

G_BEGIN_DECLS

typedef struct _LsListener LsListener;

/* @gammurc may be NULL (gammu's own search). With @once the listener makes
 * one pass — everything waiting on the phone, then the outbox — and stops. */
LsListener *ls_listener_new    (LtStore *store, const char *gammurc, gboolean once);
void        ls_listener_free   (LsListener *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsListener, ls_listener_free)

/* Through a hub: inbound messages go to @relay's spool and the outbox is
 * the hub's (see ls-relay.h). @relay must outlive the listener's run. */
void        ls_listener_set_relay (LsListener *self, LsRelay *relay);

/* Runs the main loop until stopped; returns the exit status. */
int         ls_listener_run    (LsListener *self);
/* Stops after the step in hand (a sweep, or the message being sent). */
void        ls_listener_stop   (LsListener *self);
/* Takes the [sms] settings from @config (after SIGHUP). */
void        ls_listener_reload (LsListener *self, LtConfig *config);

G_END_DECLS
