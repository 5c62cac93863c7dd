/* worker_cmd.c — `galley _import-worker`: the process an importer loads
 * its inputs in (run/isolate.h).  The runner starts it with what it was
 * given itself (the pipeline, --set values, log settings, the run's
 * instant) and a socket; it is not meant to be run by hand. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "cli/cli.h"
#include "config/pipeline_bind.h"
#include "run/isolate_serve.h"

static const char worker_usage[] =
	"usage: galley _import-worker --fd N --parent PID --now SECONDS --date DAY --epoch E\n"
	"                             [--set NAME=VALUE]... [-v] [-q] [--log-format F] PIPELINE\n"
	"(started by `galley run` for each worker: importers load inputs in it)\n";

typedef struct worker_args {
	serve_opts so;
	const char **sets;
	size_t nsets;
	int quiet;
	log_format format;
} worker_args;

static int option(worker_args *w, int c, const char *arg)
{
	switch (c) {
	case 'f': w->so.fd = atoi(arg); return 0;
	case 'P': w->so.parent = atol(arg); return 0;
	case 'n': w->so.now = atoll(arg); return 0;
	case 'd': w->so.date = arg; return 0;
	case 'e': w->so.epoch = arg; return 0;
	case 'o': w->so.output = arg; return 0;
	case 'L': w->format = strcmp(arg, "json") ? LOG_TEXT : LOG_JSON; return 0;
	case 'q': w->quiet = 1; return 0;
	case 'v': w->so.verbose++; return 0;
	case 's': w->sets[w->nsets++] = arg; return 0;
	default: return -1;
	}
}

static int parse(int argc, char **argv, worker_args *w)
{
	static const struct option opts[] = {
		{"fd", required_argument, NULL, 'f'},     {"parent", required_argument, NULL, 'P'},
		{"now", required_argument, NULL, 'n'},    {"date", required_argument, NULL, 'd'},
		{"epoch", required_argument, NULL, 'e'},  {"log-format", required_argument, NULL, 'L'},
		{"output", required_argument, NULL, 'o'},
		{"set", required_argument, NULL, 's'},    {"quiet", no_argument, NULL, 'q'},
		{"verbose", no_argument, NULL, 'v'},      {NULL, 0, NULL, 0},
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "qv", opts, NULL)) != -1)
		if (option(w, c, optarg))
			return -1;
	return optind == argc - 1 && w->so.fd > 2 && w->so.parent > 0 && w->so.date && w->so.epoch
	               ? 0
	               : -1;
}

int cli_import_worker(int argc, char **argv)
{
	worker_args w;
	memset(&w, 0, sizeof(w));
	w.sets = calloc((size_t)argc, sizeof(char *));
	if (!w.sets || parse(argc, argv, &w)) {
		free(w.sets);
		fputs(worker_usage, stderr);
		return EXIT_INVALID;
	}
	log_setup(w.format, w.quiet);
	pipeline p;
	plugins ps = {0};
	galley_error err = {0};
	int rc = pipeline_load(&p, argv[argc - 1], w.sets, w.nsets, &err);
	if (!rc)
		rc = plugins_init(&ps, p.plugin_path, p.nplugin_path, &err);
	if (!rc)
		rc = pipeline_bind(&p, &ps, &err);
	int code = EXIT_INVALID;
	if (rc) {
		char msg[2048];
		galley_error_format(&err, msg, sizeof(msg));
		fprintf(stderr, "galley: an importer's process cannot load the pipeline: %s\n", msg);
	} else {
		code = isolate_serve(&p, &w.so);
	}
	pipeline_release(&p);
	plugins_release(&ps);
	free(w.sets);
	return code;
}
