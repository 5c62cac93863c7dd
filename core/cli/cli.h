/* cli.h — the galley subcommands; main.c only dispatches.  Each returns
 * the process exit code (base/exit_code.h, and the README). */
#ifndef GALLEY_CLI_H
#define GALLEY_CLI_H

#include "base/exit_code.h"

int cli_run(int argc, char **argv);
int cli_resend(int argc, char **argv);
int cli_merge(int argc, char **argv);
int cli_check(int argc, char **argv);
int cli_plugins(int argc, char **argv);
int cli_test(int argc, char **argv);  /* test_cmd.c */
int cli_graph(int argc, char **argv); /* graph_cmd.c */
int cli_status(int argc, char **argv); /* status_cmd.c */
int cli_deliver(int argc, char **argv); /* deliver_cmd.c */
int cli_init(int argc, char **argv);   /* init_cmd.c */
int cli_fields(int argc, char **argv); /* fields_cmd.c */
int cli_import_worker(int argc, char **argv); /* worker_cmd.c: run/isolate.h */

#endif
