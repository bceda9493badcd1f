/* lt-sms-receive.c — what one received SMS does to the store.
 *
 * The message row, the ticket change it causes and the reply it earns are
 * committed together, and only then may the gateway delete the message from
 * its modem. Reading it again after a crash finds the dedupe key and does
 * nothing more.
 *
 * Replies are queued through the store like any other SMS and then
 * "settled": counted against the sender's hourly cap, or marked failed
 * (never sent) when the sender is not a mobile number, repeats itself, or
 * is over the cap. That keeps one rule for every reply, including the
 * receipt that the store queues itself when it opens a ticket. */

#define G_LOG_DOMAIN "lt-sms-receive"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lt-phone.h"
#include "lt-receipt.h"
#include "lt-sms-command.h"
#include "lt-sms-rules.h"
#include "lt-sms-text.h"
#include "lt-sms-receive.h"

typedef struct {
  LtStore          *store;
  const LtSmsRules *rules;
  const LtInbound  *message;
  gint64            now;
  gint64            at;          /* when it was sent, or read when that is unknown */
  const char       *phone;       /* normalised mobile number */
  const char       *signature;
  const char       *action;      /* for the inbound log; "capped" when the
                                  * reply it earned was held back */
  char             *receipt;     /* the ticket concerned, if any */
} Turn;

/* Store errors that a later try may not meet again (the database was busy,
 * the disk full); anything else would fail the same way forever, so the
 * message is kept with what could be done and the error logged. */
static gboolean
is_transient (const GError *error)
{
  return error->domain == LT_STORE_ERROR &&
         (error->code == LT_STORE_ERROR_BUSY || error->code == LT_STORE_ERROR_FULL ||
          error->code == LT_STORE_ERROR_IO);
}

static gboolean
reply (Turn *turn, const char *kind, char *body, GError **error)
{
  gint64 id = lt_store_outbox_queue (turn->store, turn->receipt, turn->phone, kind, body, error);

  g_free (body);
  return id > 0;
}

static gboolean
do_status (Turn *turn, const LtSmsCommand *cmd, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(LtTicket) ticket = lt_store_get (turn->store, cmd->receipt, &local);

  if (ticket == NULL && g_error_matches (local, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND))
    {
      turn->action = "unknown-receipt";
      return reply (turn, "unknown-receipt",
                    lt_sms_text_unknown_receipt (turn->signature, cmd->receipt), error);
    }
  if (ticket == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  turn->receipt = g_strdup (ticket->receipt);
  return reply (turn, "status",
                lt_sms_text_status (turn->signature, ticket->receipt, ticket->status,
                                    ticket->assignee, ticket->updated_at), error);
}

static gboolean
do_list (Turn *turn, GError **error)
{
  LtListQuery query = { .filter = LT_LIST_OPEN, .phone = turn->phone };
  g_autoptr(GPtrArray) tickets = lt_store_list (turn->store, &query, error);
  g_autoptr(GPtrArray) receipts = NULL;

  if (tickets == NULL)
    return FALSE;
  if (tickets->len == 0)
    return reply (turn, "no-open", lt_sms_text_no_open (turn->signature), error);
  receipts = g_ptr_array_new ();
  /* Newest first: those are the ones a resident asks about. */
  for (guint i = tickets->len; i > 0; i--)
    g_ptr_array_add (receipts, ((LtTicket *) tickets->pdata[i - 1])->receipt);
  return reply (turn, "list",
                lt_sms_text_open_list (turn->signature, (const char *const *) receipts->pdata,
                                       receipts->len), error);
}

static gboolean
do_rating (Turn *turn, int rating, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *target = lt_store_inbound_rating_target (turn->store, turn->phone, turn->at,
                                                                    &local);

  if (target == NULL && local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (target == NULL)
    {
      /* A digit with nothing to rate: show what can be texted. */
      turn->action = "rating-unmatched";
      return reply (turn, "help", lt_sms_text_help (turn->signature), error);
    }
  turn->receipt = g_strdup (target);
  return lt_store_rate (turn->store, target, rating, turn->phone, TRUE, error);
}

static gboolean
do_new_text (Turn *turn, GError **error)
{
  const LtInbound *m = turn->message;
  g_autoptr(GError) local = NULL;
  g_autofree char *recent = NULL;
  g_autofree char *note = NULL;

  recent = lt_store_inbound_recent_ticket (turn->store, turn->phone,
                                           turn->at - turn->rules->append_window, turn->at,
                                           &local);
  if (recent == NULL && local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (recent != NULL)
    {
      turn->action = "appended";
      turn->receipt = g_steal_pointer (&recent);
      if (!lt_store_append_text (turn->store, turn->receipt, m->text, turn->phone, error) ||
          !reply (turn, "appended", lt_sms_text_appended (turn->signature, turn->receipt), error))
        return FALSE;
    }
  else
    {
      LtSubmission sub = {
        .channel = LT_CHANNEL_SMS,
        .category = turn->rules->category,
        .text = m->text,
        .phone = turn->phone,
      };
      g_autoptr(LtTicket) ticket = lt_store_submit (turn->store, &sub, error);

      if (ticket == NULL)
        return FALSE;
      turn->receipt = g_strdup (ticket->receipt);
    }
  if (!m->incomplete)
    return TRUE;
  note = g_strdup_printf (_("短信未收全：共 %u 部分，收到 %u 部分。"), m->total, m->parts);
  return lt_store_add_note (turn->store, turn->receipt, note, "sms", error);
}

static gboolean
do_command (Turn *turn, const LtSmsCommand *cmd, GError **error)
{
  switch (cmd->kind)
    {
    case LT_SMS_COMMAND_STATUS:
      return do_status (turn, cmd, error);
    case LT_SMS_COMMAND_LIST:
      return do_list (turn, error);
    case LT_SMS_COMMAND_RATING:
      return do_rating (turn, cmd->rating, error);
    case LT_SMS_COMMAND_OPT_OUT:
      return lt_store_contact_set_opted_out (turn->store, turn->phone, TRUE, error) &&
             reply (turn, "opt-out", lt_sms_text_opt_out (turn->signature), error);
    case LT_SMS_COMMAND_HELP:
      return reply (turn, "help", lt_sms_text_help (turn->signature), error);
    case LT_SMS_COMMAND_BAD_NUMBER:
      return reply (turn, "bad-number",
                    lt_sms_text_bad_check_digit (turn->signature, cmd->typed), error);
    case LT_SMS_COMMAND_NEW_TICKET:
      return do_new_text (turn, error);
    default:
      g_assert_not_reached ();
    }
}

/* Everything after the message row is stored, inside its transaction. */
static gboolean
act (Turn *turn, gint64 inbound_id, GError **error)
{
  const LtInbound *m = turn->message;
  char phone[LT_PHONE_LEN + 1];
  LtContactState contact = { 0 };
  LtSmsCommand cmd;
  g_autofree char *trimmed = g_strstrip (g_strdup (m->text));
  g_autoptr(GError) local = NULL;
  const char *held = NULL;
  gint64 mark;
  gboolean done;
  guint n_replies = 0;

  if (!lt_phone_normalize (m->sender, phone))
    {
      /* Short codes and named senders are machines: keep what they said,
       * never answer, never open a ticket from their adverts. */
      turn->action = m->sender[0] == '\0' ? "no-sender" : "not-mobile";
      return lt_store_inbound_set_result (turn->store, inbound_id, turn->action, NULL, error);
    }
  turn->phone = phone;
  if (!lt_store_contact_note_text (turn->store, phone, m->text, turn->now,
                                   &turn->rules->limits, &contact, error))
    return FALSE;
  lt_sms_command_parse (m->text, &cmd);
  if (contact.muted)
    {
      /* No answer while it repeats itself, but a TD is still a TD. */
      turn->action = "muted";
      done = cmd.kind != LT_SMS_COMMAND_OPT_OUT ||
             lt_store_contact_set_opted_out (turn->store, phone, TRUE, error);
      lt_sms_command_clear (&cmd);
      return done &&
             lt_store_inbound_set_result (turn->store, inbound_id, turn->action, NULL, error);
    }

  mark = lt_store_inbound_outbox_mark (turn->store, error);
  if (mark < 0)
    {
      lt_sms_command_clear (&cmd);
      return FALSE;
    }

  if (cmd.kind == LT_SMS_COMMAND_NEW_TICKET && trimmed[0] == '\0')
    cmd.kind = LT_SMS_COMMAND_HELP;
  turn->action = lt_sms_command_kind_to_string (cmd.kind);
  done = do_command (turn, &cmd, &local);
  lt_sms_command_clear (&cmd);
  if (!done)
    {
      if (is_transient (local))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      /* The ticket refused the change (rating a reopened ticket …): the
       * message is still kept, with what went wrong. */
      g_autofree char *who = lt_phone_mask (phone);

      g_message ("SMS from %s not acted on: %s", who, local->message);
      turn->action = "refused";
    }

  if (contact.replies_left == 0)
    held = _("未发送：该号码一小时内的自动回复已达上限。");
  if (!lt_store_contact_settle_replies (turn->store, phone, mark, held == NULL, held,
                                        &n_replies, error))
    return FALSE;
  if (held != NULL && n_replies > 0)
    turn->action = g_intern_static_string ("capped");
  return lt_store_inbound_set_result (turn->store, inbound_id, turn->action, turn->receipt, error);
}

/* TP-Status (GSM 03.40 9.2.3.15): 0x00–0x1F the message reached the
 * phone; 0x20–0x3F the network is still trying; anything above, it gave
 * up. */
#define STATUS_STILL_TRYING 0x20
#define STATUS_GAVE_UP      0x40

static gboolean
act_on_report (Turn *turn, gint64 inbound_id, GError **error)
{
  const LtInbound *m = turn->message;
  char phone[LT_PHONE_LEN + 1];
  gint64 id = 0;

  turn->action = "delivery-unmatched";
  if (m->status >= STATUS_STILL_TRYING && m->status < STATUS_GAVE_UP)
    turn->action = "delivery-pending";
  else if (lt_phone_normalize (m->sender, phone))
    {
      gboolean delivered = m->status < STATUS_STILL_TRYING;

      id = lt_store_outbox_mark_delivery (turn->store, phone, (int) m->ref, delivered,
                                          turn->at, error);
      if (id == 0 && error != NULL && *error != NULL)
        return FALSE;
      if (id > 0)
        turn->action = delivered ? "delivered" : "undelivered";
    }
  return lt_store_inbound_set_result (turn->store, inbound_id, turn->action, NULL, error);
}

/* Someone sent a picture or a recording: one plain answer that only text
 * reaches us, within the same limits as every reply. */
static gboolean
act_on_picture (Turn *turn, gint64 inbound_id, GError **error)
{
  char phone[LT_PHONE_LEN + 1];
  LtContactState contact = { 0 };
  const char *held = NULL;
  guint n_replies = 0;
  gint64 mark;

  turn->action = lt_inbound_kind_to_string (turn->message->kind);
  if (!lt_phone_normalize (turn->message->sender, phone))
    return lt_store_inbound_set_result (turn->store, inbound_id, turn->action, NULL, error);
  turn->phone = phone;
  if (!lt_store_contact_note_text (turn->store, phone, turn->message->text, turn->now,
                                   &turn->rules->limits, &contact, error))
    return FALSE;
  if (contact.muted)
    {
      turn->action = "muted";
      return lt_store_inbound_set_result (turn->store, inbound_id, turn->action, NULL, error);
    }
  mark = lt_store_inbound_outbox_mark (turn->store, error);
  if (mark < 0 || !reply (turn, "text-only", lt_sms_text_text_only (turn->signature), error))
    return FALSE;
  if (contact.replies_left == 0)
    held = _("未发送：该号码一小时内的自动回复已达上限。");
  if (!lt_store_contact_settle_replies (turn->store, phone, mark, held == NULL, held,
                                        &n_replies, error))
    return FALSE;
  if (held != NULL)
    turn->action = "capped";
  return lt_store_inbound_set_result (turn->store, inbound_id, turn->action, NULL, error);
}

/* A message that is not text is kept with its kind and never answered,
 * but for a picture's one "text only" reply. */
static gboolean
act_on_other (Turn *turn, gint64 inbound_id, GError **error)
{
  switch (turn->message->kind)
    {
    case LT_INBOUND_DELIVERY_REPORT:
      return act_on_report (turn, inbound_id, error);
    case LT_INBOUND_MMS_NOTIFICATION:
      return act_on_picture (turn, inbound_id, error);
    default:
      turn->action = lt_inbound_kind_to_string (turn->message->kind);
      return lt_store_inbound_set_result (turn->store, inbound_id, turn->action, NULL, error);
    }
}

/* Before 2000, or more than a day ahead of us: a modem's or network's
 * clock gone wrong (gammu decodes some as 2089), not a sending time. */
#define TIME_FLOOR 946684800
#define TIME_AHEAD (24 * 3600)

/* The time the windows are measured by: when the message was sent, or
 * when it was read when the network gave no believable time (@believed
 * then FALSE). */
static gint64
sending_time (const LtInbound *m, gint64 now, gboolean *believed)
{
  *believed = m->sent_at >= TIME_FLOOR && m->sent_at <= now + TIME_AHEAD;
  return *believed ? m->sent_at : now;
}

static void
log_time_fallback (const LtInbound *m, const char *who)
{
  g_autoptr(GDateTime) t = NULL;
  g_autofree char *shown = NULL;

  if (m->sent_at <= 0)
    {
      g_message ("SMS from %s has no sending time; its time windows count from when it was read",
                 who);
      return;
    }
  t = g_date_time_new_from_unix_utc (m->sent_at);
  shown = t ? g_date_time_format_iso8601 (t) : g_strdup ("?");
  g_message ("SMS from %s says it was sent at %s, which cannot be right; its time windows"
             " count from when it was read", who, shown);
}

/* One line for a message that is not a resident's words. */
static void
log_other (const LtInbound *m, const Turn *turn, const char *who)
{
  switch (m->kind)
    {
    case LT_INBOUND_DELIVERY_REPORT:
      g_message ("delivery report from %s for reference %u (status 0x%02X): %s", who, m->ref,
                 m->status, turn->action);
      break;
    case LT_INBOUND_UNREADABLE:
      /* The gateway that could not read it says so, naming where. */
      break;
    default:
      g_message ("%s from %s (%u of %u parts) kept, not a text: %s", lt_inbound_kind_to_string (m->kind),
                 who, m->parts, MAX (m->total, 1), turn->action);
      break;
    }
}

gboolean
lt_sms_receive (LtStore         *store,
                const LtInbound *message,
                gint64           now,
                LtSmsReceived   *out,
                GError         **error)
{
  LtConfig *config;
  LtSmsRules rules = { 0 };
  Turn turn = { 0 };
  g_autoptr(GError) local = NULL;
  char digits[LT_PHONE_LEN + 1];
  g_autofree char *who = NULL;
  LtSmsReceived result = { .action = "duplicate" };
  gboolean acted, believed;
  LtInbound stored;
  gint64 id;

  g_return_val_if_fail (LT_IS_STORE (store), FALSE);
  g_return_val_if_fail (message != NULL && message->dedupe_key != NULL &&
                        message->sender != NULL && message->text != NULL, FALSE);

  if (out != NULL)
    *out = result;
  config = lt_store_get_config (store);
  who = message->sender[0] == '\0'
        ? g_strdup ("(no sender number)")
        : lt_phone_mask (lt_phone_normalize (message->sender, digits) ? digits : message->sender);
  if (message->incomplete && message->fragments != NULL)
    {
      gboolean remnant = FALSE;

      if (!lt_store_inbound_is_remnant (store, message->sender, message->ref, message->total,
                                        message->fragments, now, &remnant, error))
        return FALSE;
      if (remnant)
        {
          g_message ("leftover parts of a stored message from %s removed", who);
          if (out != NULL)
            out->action = "remnant";
          return TRUE;
        }
    }

  if (!lt_store_begin (store, error))
    return FALSE;
  /* A time that cannot be right is not kept as the sending time: the
   * windows of later messages are measured against it. */
  turn.at = sending_time (message, now, &believed);
  stored = *message;
  if (!believed)
    stored.sent_at = 0;
  id = lt_store_inbound_add (store, &stored, &local);
  if (id == 0)
    {
      lt_store_rollback (store);
      if (g_error_matches (local, LT_STORE_ERROR, LT_STORE_ERROR_DUPLICATE))
        {
          g_message ("message from %s was already stored; removed from the phone", who);
          return TRUE;
        }
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  lt_sms_rules_load (config, &rules);
  turn.store = store;
  turn.rules = &rules;
  turn.message = message;
  turn.now = now;
  turn.signature = lt_config_get_signature (config);
  acted = message->kind == LT_INBOUND_TEXT ? act (&turn, id, error)
                                            : act_on_other (&turn, id, error);
  lt_sms_rules_clear (&rules);
  if (!acted)
    {
      lt_store_rollback (store);
      g_free (turn.receipt);
      return FALSE;
    }
  if (!lt_store_commit (store, error))
    {
      g_free (turn.receipt);
      return FALSE;
    }

  result.action = turn.action;
  result.committed = TRUE;
  if (turn.receipt != NULL)
    g_strlcpy (result.receipt, turn.receipt, sizeof result.receipt);
  if (out != NULL)
    *out = result;
  if (!believed && message->kind != LT_INBOUND_UNREADABLE)
    log_time_fallback (message, who);
  if (message->kind != LT_INBOUND_TEXT)
    log_other (message, &turn, who);
  else if (message->total > 1)
    g_message ("SMS from %s (%u of %u parts%s): %s%s%s", who, message->parts,
               message->total, message->incomplete ? ", incomplete" : "", turn.action,
               turn.receipt ? " " : "", turn.receipt ? turn.receipt : "");
  else
    g_message ("SMS from %s: %s%s%s", who, turn.action,
               turn.receipt ? " " : "", turn.receipt ? turn.receipt : "");
  g_free (turn.receipt);
  return TRUE;
}
