/* lt-officer.h — the officers who do the work (民情书记, department staff).
 *
 * Officers carry ordinary phones. A ticket transferred to one (by name, or
 * to their department while they are on duty) reaches them by SMS, and
 * they answer by SMS: 收到/SD, 进展/JZ, 办结/BJ, 退回/TH. A message from a
 * registered officer's number is an officer command; everything else is a
 * resident's text.
 *
 * Officers come from the CLI (`laiting officer add`) or from the [officers]
 * group of the config, which is synced into the store whenever it is
 * opened or its config reloaded. Names and numbers are unique. */

#pragma once

#include <glib-object.h>
#include "lt-store.h"

G_BEGIN_DECLS

typedef struct {
  char     *name;
  char     *phone;        /* normalised mobile number */
  char     *department;   /* may be NULL */
  gboolean  from_config;  /* listed in [officers]: changed there, not by the CLI */
  char    **on_duty_for;  /* departments this officer is on duty for; NULL-terminated */
} LtOfficer;

void       lt_officer_free (LtOfficer *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtOfficer, lt_officer_free)

/* Adds an officer. @phone must be a mobile number; @name and @department
 * at most LT_CONFIG_ASSIGNEE_MAX characters. LT_STORE_ERROR_INVALID for a
 * name or number already used, with a sentence saying so. */
gboolean   lt_store_officer_add        (LtStore *self, const char *name, const char *phone,
                                        const char *department, GError **error);
/* Removes an officer added by the CLI. Tickets keep the name and number
 * they were transferred with; the number's texts become a resident's. */
gboolean   lt_store_officer_remove     (LtStore *self, const char *name, GError **error);
/* Every officer, by name. An array of LtOfficer*. */
GPtrArray *lt_store_officer_list       (LtStore *self, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* The officer named @name or with number @phone; NULL without error when
 * there is none. */
LtOfficer *lt_store_officer_find       (LtStore *self, const char *name, GError **error) G_GNUC_WARN_UNUSED_RESULT;
LtOfficer *lt_store_officer_find_by_phone (LtStore *self, const char *phone, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Names @name the officer on duty for @department (NULL: nobody). */
gboolean   lt_store_officer_set_on_duty (LtStore *self, const char *department, const char *name,
                                         GError **error);
/* The officer on duty for @department; NULL without error when none. */
LtOfficer *lt_store_officer_on_duty    (LtStore *self, const char *department, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* What one SMS from a registered officer did. */
typedef struct {
  const char *action;    /* "officer-ack", "officer-progress", "officer-close",
                          * "officer-return", or "officer-refused" */
  char       *receipt;   /* the ticket concerned; may be NULL */
} LtOfficerReply;

/* Acts on @text sent by @officer at @now: changes the ticket, with the
 * officer as the events' actor, and queues the one-segment reply that
 * says what was done or what to send instead. Joins the caller's
 * transaction. FALSE only for a store failure. */
gboolean   lt_officer_handle_sms       (LtStore *store, const LtOfficer *officer, const char *text,
                                        gint64 now, LtOfficerReply *out, GError **error);

/* For the residents' SMS rules (lt-sms-receive.c): when @phone is a
 * registered officer's, acts on @text as their command, sets @by_officer,
 * @action (static) and @receipt (newly allocated, may stay NULL); leaves
 * them alone otherwise. FALSE only for a store failure. */
gboolean   lt_officer_receive          (LtStore *store, const char *phone, const char *text,
                                        gint64 now, const char **action, char **receipt,
                                        gboolean *by_officer, GError **error);

G_END_DECLS
