/* main.c — galley's entry point: dispatches the subcommand.  Errors go to
 * stderr; the exit code says what happened (cli.h). */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <stdlib.h>

#include "cli/cli.h"
#include "deliver/transport.h"
#include "galley/plugin.h"

#ifndef GALLEY_VERSION
#define GALLEY_VERSION "0.1.0"
#endif

static const char usage[] =
	"usage: galley COMMAND [ARGS]\n"
	"\n"
	"Commands:\n"
	"  init DIR          write a starter project into a new or empty folder\n"
	"  run PIPELINE      run a pipeline (galley run --help)\n"
	"  check PIPELINE    validate a pipeline without running it\n"
	"  test [PATH...]    run transform tests (*.test.yaml)\n"
	"  graph PIPELINE    draw the pipeline (DOT or Mermaid)\n"
	"  resend PIPELINE   send a partner its items again (galley resend --help)\n"
	"  merge PIPELINE    finish a run split into shards (galley merge --help)\n"
	"  status PIPELINE   partner deliveries: last runs, what is sent, held and pending\n"
	"  deliver PIPELINE  send the partners' queued bundles to their servers\n"
	"  plugins           list plugins and their settings\n"
	"  fields            list the article's fields\n"
	"  version           print the version and plugin ABI\n"
	"\n"
	"Exit codes: 0 done, 1 articles quarantined or a delivery failed, 2 invalid\n"
	"pipeline or usage, 3 run aborted.\n";

int main(int argc, char **argv)
{
	/* past a file-size limit (ulimit -f), write() fails with EFBIG and the
	 * run stops cleanly, instead of the process dying half-way */
	signal(SIGXFSZ, SIG_IGN);
	if (transport_init() == 0) /* libcurl, before any thread */
		atexit(transport_release);
	if (argc < 2) {
		fputs(usage, stderr);
		return EXIT_INVALID;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "run") == 0)
		return cli_run(argc - 1, argv + 1);
	if (strcmp(cmd, "merge") == 0)
		return cli_merge(argc - 1, argv + 1);
	if (strcmp(cmd, "resend") == 0)
		return cli_resend(argc - 1, argv + 1);
	if (strcmp(cmd, "init") == 0)
		return cli_init(argc - 1, argv + 1);
	if (strcmp(cmd, "check") == 0)
		return cli_check(argc - 1, argv + 1);
	if (strcmp(cmd, "test") == 0)
		return cli_test(argc - 1, argv + 1);
	if (strcmp(cmd, "status") == 0)
		return cli_status(argc - 1, argv + 1);
	if (strcmp(cmd, "deliver") == 0)
		return cli_deliver(argc - 1, argv + 1);
	if (strcmp(cmd, "graph") == 0)
		return cli_graph(argc - 1, argv + 1);
	if (strcmp(cmd, "plugins") == 0)
		return cli_plugins(argc - 1, argv + 1);
	if (strcmp(cmd, "_import-worker") == 0) /* not for people: see run/isolate.h */
		return cli_import_worker(argc - 1, argv + 1);
	if (strcmp(cmd, "fields") == 0)
		return cli_fields(argc - 1, argv + 1);
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
		printf("galley %s (plugin ABI %d.%d)\n", GALLEY_VERSION, GALLEY_ABI_MAJOR,
		       GALLEY_ABI_MINOR);
		return 0;
	}
	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	fprintf(stderr, "galley: unknown command '%s'\n\n%s", cmd, usage);
	return EXIT_INVALID;
}
