/* laiting-cli.h — what the `laiting` subcommands share.
 *
 * Each subcommand is a function taking the already-parsed global options
 * and its own argv (argv[0] is the subcommand's name). It returns the exit
 * status: 0 done, 1 refused (one sentence on stderr), 2 bad usage. */

#pragma once

#include "lt-config.h"
#include "lt-store.h"
#include "lt-ticket-service.h"

G_BEGIN_DECLS

enum {
  LT_CLI_OK = 0,
  LT_CLI_REFUSED = 1,
  LT_CLI_USAGE = 2,
};

typedef struct {
  LtConfig        *config;
  LtTicketService *tickets; /* the file or the hub, chosen before the subcommand runs */
  LtStore         *store;   /* the file itself, for commands that need it (NULL through a hub) */
} LtCli;

/* Prints "laiting: MESSAGE" on stderr and returns @status. */
int lt_cli_fail (int status, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* Parses a subcommand's options; FALSE after printing the reason. */
gboolean lt_cli_parse_options (const char *usage, const char *summary, GOptionEntry *entries,
                               int *argc, char ***argv);

int lt_cli_slips  (LtCli *cli, int argc, char **argv);   /* cmd-slips.c */
int lt_cli_report (LtCli *cli, int argc, char **argv);   /* cmd-report.c */
int lt_cli_pin    (LtCli *cli, int argc, char **argv);   /* cmd-pin.c: hash a staff PIN */
int lt_cli_device (LtCli *cli, int argc, char **argv);   /* cmd-device.c: hub devices */
int lt_cli_spool  (LtCli *cli, int argc, char **argv);   /* cmd-spool.c: an edge's spool */

G_END_DECLS
