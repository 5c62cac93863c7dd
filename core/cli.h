/* cli.h — the galley subcommands; main.c only dispatches.  Each returns
 * the process exit code (see EXIT_* below and the README). */
#ifndef GALLEY_CLI_H
#define GALLEY_CLI_H

enum {
	EXIT_DONE = 0,        /* every article went through */
	EXIT_QUARANTINED = 1, /* the run finished, some articles were set aside */
	EXIT_INVALID = 2,     /* bad pipeline or usage: nothing ran */
	EXIT_ABORTED = 3      /* the run stopped: nothing was published */
};

int cli_run(int argc, char **argv);
int cli_check(int argc, char **argv);
int cli_plugins(int argc, char **argv);
int cli_test(int argc, char **argv);  /* test_cmd.c */
int cli_graph(int argc, char **argv); /* graph_cmd.c */
int cli_status(int argc, char **argv); /* status_cmd.c */
int cli_init(int argc, char **argv);   /* init_cmd.c */
int cli_fields(int argc, char **argv); /* fields_cmd.c */

#endif
