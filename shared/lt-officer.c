/* lt-officer.c — what one SMS from a registered officer does.
 *
 * The command is parsed (lt-officer-command.c), its ticket found — named,
 * or the officer's only open one — and checked to be theirs and open; then
 * the change is recorded with the officer as the actor and a one-segment
 * reply queued. Every refusal is a reply that says what to send instead,
 * never silence: an officer standing at a broken lamp needs to know the
 * text did not count. */

#define G_LOG_DOMAIN "lt-officer"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lt-officer.h"
#include "lt-officer-command.h"
#include "lt-sms-text.h"
#include "lt-store-private.h"

typedef struct {
  LtStore         *store;
  const LtOfficer *officer;
  const char      *signature;
  LtOfficerReply  *out;
} Turn;

static gboolean
reply (Turn *turn, char *body, GError **error)
{
  g_autofree char *owned = body;

  return lt_store_outbox_queue (turn->store, turn->out->receipt, turn->officer->phone,
                                "officer-reply", owned, error) != 0;
}

static gboolean
refuse (Turn *turn, char *body, GError **error)
{
  turn->out->action = "officer-refused";
  return reply (turn, body, error);
}

/* The ticket @cmd is about, or NULL after queuing the reply that says why
 * there is none (with @error unset) or on a store failure. */
static LtTicket *
find_ticket (Turn *turn, const LtOfficerCommand *cmd, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(LtTicket) ticket = NULL;
  const char *receipt = cmd->receipt;
  g_autoptr(GPtrArray) open = NULL;

  if (cmd->receipt_state == LT_OFFICER_RECEIPT_BAD)
    {
      refuse (turn, lt_sms_text_officer_reply (turn->signature, LT_OFFICER_REPLY_BAD_NUMBER,
                                               cmd->typed), error);
      return NULL;
    }
  if (cmd->receipt_state == LT_OFFICER_RECEIPT_NONE)
    {
      open = lt_store_officer_open_receipts (turn->store, turn->officer->phone, error);
      if (open == NULL)
        return NULL;
      if (open->len != 1)
        {
          refuse (turn, lt_sms_text_officer_which (turn->signature, open->len,
                                                   lt_officer_command_code (cmd->kind)), error);
          return NULL;
        }
      receipt = open->pdata[0];
    }
  ticket = lt_store_get (turn->store, receipt, &local);
  if (ticket == NULL)
    {
      if (g_error_matches (local, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND))
        refuse (turn, lt_sms_text_officer_reply (turn->signature, LT_OFFICER_REPLY_BAD_NUMBER,
                                                 receipt), error);
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  turn->out->receipt = g_strdup (ticket->receipt);
  if (g_strcmp0 (ticket->officer_phone, turn->officer->phone) != 0 ||
      (ticket->returned_at != 0 && ticket->status != LT_STATUS_CLOSED))
    {
      refuse (turn, lt_sms_text_officer_reply (turn->signature, LT_OFFICER_REPLY_NOT_YOURS,
                                               ticket->receipt), error);
      return NULL;
    }
  if (ticket->status == LT_STATUS_CLOSED)
    {
      refuse (turn, lt_sms_text_officer_reply (turn->signature, LT_OFFICER_REPLY_ALREADY_CLOSED,
                                               ticket->receipt), error);
      return NULL;
    }
  return g_steal_pointer (&ticket);
}

static gboolean
act (Turn *turn, const LtOfficerCommand *cmd, const LtTicket *t, gint64 now, GError **error)
{
  const char *name = turn->officer->name;
  LtOfficerReplyKind done;

  if (cmd->kind != LT_OFFICER_COMMAND_ACK && cmd->words == NULL)
    return refuse (turn, lt_sms_text_officer_missing (turn->signature,
                                                      lt_officer_command_code (cmd->kind)), error);
  switch (cmd->kind)
    {
    case LT_OFFICER_COMMAND_ACK:
      turn->out->action = "officer-ack";
      done = LT_OFFICER_REPLY_ACKNOWLEDGED;
      if (!lt_store_officer_event (turn->store, t->receipt, "acknowledged", name, cmd->words, now, error))
        return FALSE;
      break;
    case LT_OFFICER_COMMAND_PROGRESS:
      turn->out->action = "officer-progress";
      done = LT_OFFICER_REPLY_PROGRESS;
      if (!lt_store_officer_event (turn->store, t->receipt, "progress", name, cmd->words, now, error))
        return FALSE;
      break;
    case LT_OFFICER_COMMAND_CLOSE:
      turn->out->action = "officer-close";
      done = LT_OFFICER_REPLY_CLOSED;
      /* The closure notice is queued by the store as for a clerk's 办结. */
      if (!lt_store_close (turn->store, t->receipt, cmd->words, name, error))
        return FALSE;
      break;
    case LT_OFFICER_COMMAND_RETURN:
      turn->out->action = "officer-return";
      done = LT_OFFICER_REPLY_RETURNED;
      if (!lt_store_officer_event (turn->store, t->receipt, "returned", name, cmd->words, now, error))
        return FALSE;
      break;
    case LT_OFFICER_COMMAND_UNKNOWN:
    default:
      g_assert_not_reached ();
    }
  return reply (turn, lt_sms_text_officer_reply (turn->signature, done, t->receipt), error);
}

gboolean
lt_officer_handle_sms (LtStore *store, const LtOfficer *officer, const char *text,
                       gint64 now, LtOfficerReply *out, GError **error)
{
  Turn turn = { store, officer, lt_config_get_signature (lt_store_get_config (store)), out };
  LtOfficerCommand cmd;
  g_autoptr(LtTicket) ticket = NULL;
  g_autoptr(GError) local = NULL;
  gboolean ok;

  g_return_val_if_fail (LT_IS_STORE (store), FALSE);
  g_return_val_if_fail (officer != NULL && out != NULL, FALSE);

  out->action = "officer-help";
  out->receipt = NULL;
  lt_officer_command_parse (text, &cmd);
  if (!lt_store_begin (store, error))
    {
      lt_officer_command_clear (&cmd);
      return FALSE;
    }
  if (cmd.kind == LT_OFFICER_COMMAND_UNKNOWN)
    ok = reply (&turn, lt_sms_text_officer_help (turn.signature), &local);
  else
    {
      ticket = find_ticket (&turn, &cmd, &local);
      ok = local == NULL && (ticket == NULL || act (&turn, &cmd, ticket, now, &local));
    }
  lt_officer_command_clear (&cmd);
  if (ok)
    return lt_store_commit (store, error);
  lt_store_rollback (store);
  g_clear_pointer (&out->receipt, g_free);
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

gboolean
lt_officer_receive (LtStore *store, const char *phone, const char *text, gint64 now,
                    const char **action, char **receipt, gboolean *by_officer, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(LtOfficer) officer = lt_store_officer_find_by_phone (store, phone, &local);
  LtOfficerReply out = { 0 };

  *by_officer = FALSE;
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (officer == NULL)
    return TRUE;
  *by_officer = TRUE;
  if (!lt_officer_handle_sms (store, officer, text, now, &out, error))
    return FALSE;
  *action = out.action;
  g_free (*receipt);
  *receipt = out.receipt;
  return TRUE;
}
