/* cli.c — `galley run` and `galley check`: option
 * parsing, loading and binding the pipeline, and reporting errors once, as
 * FILE:LINE:COLUMN: message. */
#include <getopt.h>
#include <lauxlib.h>
#include <stdio.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "base/digits.h"
#include "base/log.h"
#include "base/path.h"
#include "config/partners.h"
#include "config/pipeline.h"
#include "config/pipeline_bind.h"
#include "config/plugin_load.h"
#include "run/runner.h"
#include "run/shard.h"
#include "lua/script_sandbox.h"
#include "lua/script_stage.h"
#include "config/settings.h"
#include "text/datetime.h"

static void report(const galley_error *err)
{
	char msg[2048];
	galley_error_format(err, msg, sizeof(msg));
	log_plain(GALLEY_LOG_ERROR, "%s", msg);
}

typedef struct options {
	const char **sets;
	size_t nsets;
	long jobs;
	int dry_run, verbose, help, full, quiet, progress;
	const char *file, *partner, *since, *guid, *metrics;
	const char *shard; /* --shard I/N (galley run) */
	long shards;       /* --shards N (galley merge) */
	long long now; /* --now, seconds since the epoch; 0 the clock */
} options;

static const char run_usage[] =
	"usage: galley run PIPELINE [--set NAME=VALUE]... [--jobs N] [--dry-run] [-v] [-q]\n"
	"                  [--progress auto|always|never] [--log-format text|json]\n"
	"\n"
	"Runs PIPELINE (a YAML file) over its articles.\n"
	"  --set NAME=VALUE  set a pipeline variable (overrides vars: and the environment)\n"
	"  --jobs N          worker threads for transforms (default: online CPUs)\n"
	"  --dry-run         read and transform, write nothing\n"
	"  --full            partners: send every article the filters pass, not only\n"
	"                    new and changed ones\n"
	"  --partner NAME    partners: deliver to this partner only\n"
	"  --since DATE      partners: also re-send articles dated DATE (YYYY-MM-DD) or later\n"
	"  --metrics FILE    write the run's figures to FILE in the Prometheus text format\n"
	"                    (node_exporter's textfile collector), replaced whole\n"
	"  --now INSTANT     run as if at INSTANT (ISO 8601, such as 2031-01-01T00:00:00Z):\n"
	"                    the run date, and which embargoes have passed\n"
	"  -v, --verbose     also print info messages, and at the end the CPU time and\n"
	"                    peak memory (galley's and its importer processes'); twice\n"
	"                    (-vv), debug messages too\n"
	"  -q, --quiet       print only errors and the summary\n"
	"  --progress WHEN   a progress line on stderr: auto (when it is a terminal),\n"
	"                    always or never\n"
	"  --log-format FMT  text (the default) or json (one object per line)\n"
	"  --shard I/N       run shard I (from 0) of N: only the inputs whose path falls\n"
	"                    in it, into OUTPUT/shards/I-of-N; no bundles, feeds or\n"
	"                    partners until `galley merge`.  auto/N takes I from\n"
	"                    JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID or PARALLEL_SEQ\n"
	"Exit: 0 done, 1 some articles quarantined or a delivery failed, 2 invalid\n"
	"pipeline, 3 aborted.  A shard that finished exits 0 (the merge counts what\n"
	"it set aside).\n";

static const char merge_usage[] =
	"usage: galley merge PIPELINE --shards N [--set NAME=VALUE]... [--metrics FILE]\n"
	"                    [--now INSTANT] [-v] [-q] [--log-format text|json]\n"
	"\n"
	"Finishes a run split into N shards (galley run --shard I/N): checks that\n"
	"every shard finished, then runs the bundles, feeds, the state and the\n"
	"partners over all their articles in the order one run would have, and\n"
	"puts the shards' files in place under the output folder.  A shard missing\n"
	"or unfinished stops it before anything changes.  Exit codes as for galley run.\n";

static const char resend_usage[] =
	"usage: galley resend PIPELINE --partner NAME [--guid GUID] [--now INSTANT]\n"
	"                     [--set NAME=VALUE]... [--jobs N] [--dry-run] [-v] [-q]\n"
	"\n"
	"Runs PIPELINE and sends partner NAME every item of this run its filters pass\n"
	"(or only the item GUID), whether or not it had them: after a partner lost a\n"
	"bundle, or to repeat a kill.  Items it had go as updates; embargoes still hold.\n"
	"The other partners get nothing.  Exit codes as for galley run.\n";

static const char check_usage[] =
	"usage: galley check PIPELINE [--set NAME=VALUE]...\n"
	"\n"
	"Validates PIPELINE without running it: YAML, stages, plugins, settings and\n"
	"the syntax of every Lua script.  Exit 0 when valid, 2 when not.\n";

/* An option only the command of usage `owner` takes: elsewhere, the
 * command's usage on stderr and 1. */
static int not_here(const char *usage, const char *owner)
{
	if (usage == owner)
		return 0;
	fputs(usage, stderr);
	return 1;
}

static int parse(int argc, char **argv, options *o, const char *usage)
{
	static const struct option longs[] = {
		{"set", required_argument, NULL, 's'}, {"jobs", required_argument, NULL, 'j'},
		{"dry-run", no_argument, NULL, 'n'},   {"verbose", no_argument, NULL, 'v'},
		{"help", no_argument, NULL, 'h'},      {"full", no_argument, NULL, 'F'},
		{"partner", required_argument, NULL, 'P'}, {"since", required_argument, NULL, 'S'},
		{"quiet", no_argument, NULL, 'q'},       {"progress", required_argument, NULL, 'p'},
		{"log-format", required_argument, NULL, 'L'},
		{"now", required_argument, NULL, 'N'},   {"guid", required_argument, NULL, 'G'},
		{"metrics", required_argument, NULL, 'M'}, {"shard", required_argument, NULL, 'H'},
		{"shards", required_argument, NULL, 'K'},
		{NULL, 0, NULL, 0},
	};
	memset(o, 0, sizeof(*o));
	o->sets = calloc((size_t)argc + 1, sizeof(char *));
	o->jobs = sysconf(_SC_NPROCESSORS_ONLN);
	if (!o->sets)
		return EXIT_ABORTED;
	optind = 1;
	int c;
	o->progress = -1; /* auto */
	while ((c = getopt_long(argc, argv, "s:j:nvqh", longs, NULL)) != -1) {
		char *end;
		switch (c) {
		case 's':
			o->sets[o->nsets++] = optarg;
			break;
		case 'j':
			o->jobs = strtol(optarg, &end, 10);
			if (*end || end == optarg || o->jobs < 1 || o->jobs > 256) {
				fprintf(stderr, "galley: --jobs wants a number from 1 to 256, not '%s'\n",
				        optarg);
				return EXIT_INVALID;
			}
			break;
		case 'n':
			o->dry_run = 1;
			break;
		case 'F':
			o->full = 1;
			break;
		case 'P':
			o->partner = optarg;
			break;
		case 'S': {
			struct tm tm = {0};
			const char *rest = strptime(optarg, "%Y-%m-%d", &tm);
			if (!rest || *rest || strlen(optarg) != 10) {
				fprintf(stderr, "galley: --since wants a date as YYYY-MM-DD, not '%s'\n",
				        optarg);
				return EXIT_INVALID;
			}
			o->since = optarg;
			break;
		}
		case 'N': {
			time_t t;
			if (datetime_parse(optarg, &t) != 0 || t <= 0) {
				fprintf(stderr,
				        "galley: --now wants an ISO 8601 instant such as "
				        "2031-01-01T00:00:00Z, not '%s'\n",
				        optarg);
				return EXIT_INVALID;
			}
			o->now = (long long)t;
			break;
		}
		case 'M':
			o->metrics = optarg;
			break;
		case 'H':
			if (not_here(usage, run_usage))
				return EXIT_INVALID;
			o->shard = optarg;
			break;
		case 'K':
			if (not_here(usage, merge_usage))
				return EXIT_INVALID;
			o->shards = strtol(optarg, &end, 10);
			if (*end || end == optarg || o->shards < 1 || o->shards > SHARD_MAX) {
				fprintf(stderr, "galley: --shards wants a number from 1 to %d, not '%s'\n",
				        SHARD_MAX, optarg);
				return EXIT_INVALID;
			}
			break;
		case 'G':
			if (not_here(usage, resend_usage))
				return EXIT_INVALID;
			o->guid = optarg;
			break;
		case 'v':
			o->verbose++;
			break;
		case 'q':
			o->quiet = 1;
			log_setup(log_current_format(), 1);
			break;
		case 'p':
			if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never")) {
				fprintf(stderr, "galley: --progress wants auto, always or never, not '%s'\n",
				        optarg);
				return EXIT_INVALID;
			}
			o->progress = !strcmp(optarg, "auto") ? -1 : !strcmp(optarg, "always");
			break;
		case 'L':
			if (strcmp(optarg, "text") && strcmp(optarg, "json")) {
				fprintf(stderr, "galley: --log-format wants text or json, not '%s'\n", optarg);
				return EXIT_INVALID;
			}
			log_setup(strcmp(optarg, "json") ? LOG_TEXT : LOG_JSON, o->quiet);
			break;
		case 'h':
			o->help = 1;
			fputs(usage, stdout);
			return EXIT_DONE;
		default:
			fputs(usage, stderr);
			return EXIT_INVALID;
		}
	}
	if (optind != argc - 1) {
		fputs(usage, stderr);
		return EXIT_INVALID;
	}
	o->file = argv[optind];
	return EXIT_DONE;
}

/* Loads and binds; on failure reports and returns EXIT_INVALID. */
static int prepare(const options *o, pipeline *p, plugins *ps)
{
	galley_error err = {0};
	memset(ps, 0, sizeof(*ps));
	int rc = pipeline_load(p, o->file, o->sets, o->nsets, &err);
	if (!rc)
		rc = plugins_init(ps, p->plugin_path, p->nplugin_path, &err);
	if (!rc)
		rc = pipeline_bind(p, ps, &err);
	for (size_t i = 0; !rc && i < p->npartners; i++) /* what delivering will read */
		rc = deliver_config_secrets(&p->partners[i].deliver, p->file, &err);
	if (rc) {
		report(&err);
		return EXIT_INVALID;
	}
	return EXIT_DONE;
}

/* Parses, loads and binds, runs body, releases: the frame of every
 * command that takes a pipeline. */
typedef int (*pipeline_cmd)(const options *o, pipeline *p);

static int with_pipeline(int argc, char **argv, const char *usage, pipeline_cmd body)
{
	options o;
	int code = parse(argc, argv, &o, usage);
	if (code == EXIT_DONE && !o.help) {
		pipeline p;
		plugins ps;
		code = prepare(&o, &p, &ps);
		if (code == EXIT_DONE)
			code = body(&o, &p);
		pipeline_release(&p);
		plugins_release(&ps);
	}
	free(o.sets);
	return code;
}

/* -v: what the run cost, for operators and `make bench`: this process,
 * and the importer processes it started (run/isolate.h), when it did. */
static void report_usage(const char *name)
{
	struct rusage ru, kids;
	if (getrusage(RUSAGE_SELF, &ru) != 0 || getrusage(RUSAGE_CHILDREN, &kids) != 0)
		return;
	char importers[160] = "";
	double kid_user = (double)kids.ru_utime.tv_sec + (double)kids.ru_utime.tv_usec / 1e6;
	double kid_sys = (double)kids.ru_stime.tv_sec + (double)kids.ru_stime.tv_usec / 1e6;
	if (kid_user + kid_sys > 0)
		snprintf(importers, sizeof(importers),
		         "; importer processes cpu %.2fs user, %.2fs system, peak memory %.1f MB",
		         kid_user, kid_sys, (double)kids.ru_maxrss / 1024.0);
	log_plain(LOG_SUMMARY, "%s: cpu %.2fs user, %.2fs system; peak memory %.1f MB%s", name,
	          (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6,
	          (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6,
	          (double)ru.ru_maxrss / 1024.0, importers);
}

/* --progress auto: on a terminal that can redraw a line, for people;
 * never for cron mail, journald, -q or JSON logs. */
static int progress_auto(const options *o)
{
	const char *term = getenv("TERM");
	return !o->quiet && log_current_format() == LOG_TEXT && isatty(STDERR_FILENO) && term &&
	       strcmp(term, "dumb") != 0;
}

static int run_body(const options *o, pipeline *p)
{
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	runner_opts ro = {.dry_run = o->dry_run, .verbose = o->verbose, .jobs = (size_t)o->jobs,
	                  .full = o->full, .partner = o->partner, .since = o->since,
	                  .guid = o->guid, .now = o->now, .metrics = o->metrics,
	                  .progress = o->progress >= 0 ? o->progress : progress_auto(o)};
	if (o->partner) {
		size_t i = 0;
		while (i < p->npartners && strcmp(p->partners[i].name, o->partner) != 0)
			i++;
		if (i == p->npartners) {
			fprintf(stderr, "galley: %s has no partner named '%s'\n", p->file, o->partner);
			return EXIT_INVALID;
		}
	}
	shard_spec spec;
	char why[300], *shown = NULL;
	if (o->shard) {
		if (shard_spec_parse(o->shard, &spec, why, sizeof(why)) != 0) {
			fprintf(stderr, "galley: %s\n", why);
			return EXIT_INVALID;
		}
		if (o->partner || o->full || o->since || o->guid) {
			fprintf(stderr, "galley: a shard sends nothing to partners: give --partner, "
			                "--full and --since to galley merge\n");
			return EXIT_INVALID;
		}
		ro.shard = &spec;
		if (!(shown = shard_folder(p->output, spec.index, spec.count)))
			return EXIT_ABORTED;
	}
	ro.merge = (unsigned)o->shards;
	run_counts counts = {0};
	galley_error err = {0};
	int rc = runner_run(p, &ro, &counts, &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (rc)
		report(&err);
	uint64_t bad = counts.quarantined + counts.rejected;
	char split[64] = "", n[5][32];
	if (counts.split)
		snprintf(split, sizeof(split), " (+%s split off)",
		         digits_grouped(n[4], sizeof(n[4]), counts.split));
	/* a run that stopped says so in its last line, never like a night
	 * that went well */
	const char *stopped = !rc                ? ""
	                    : counts.published ? "stopped (bundles published before it, see above): "
	                                       : "stopped: nothing was delivered: ";
	char line[4096];
	/* counts grouped as the progress line groups them ("30,000 read") */
	snprintf(line, sizeof(line),
	         "%s: %s%s%s read%s, %s done, %s dropped, %s quarantined in %.2fs; output in %s",
	         p->name, stopped, o->dry_run ? "dry run: " : "",
	         digits_grouped(n[0], sizeof(n[0]), counts.read), split,
	         digits_grouped(n[1], sizeof(n[1]), counts.done),
	         digits_grouped(n[2], sizeof(n[2]), counts.dropped),
	         digits_grouped(n[3], sizeof(n[3]), bad), secs, shown ? shown : p->output);
	free(shown);
	static const char *const keys[] = {"read", "split", "done", "dropped", "quarantined"};
	const long long values[] = {(long long)counts.read, (long long)counts.split,
	                            (long long)counts.done, (long long)counts.dropped, (long long)bad};
	log_summary(line, keys, values, 5, secs);
	if (o->verbose)
		report_usage(p->name);
	if (counts.stalled) {
		/* a thread is still inside a stage that never returned: its state
		 * cannot be released, so end here rather than wait for it */
		fflush(NULL);
		_exit(EXIT_ABORTED);
	}
	/* a shard that finished is done: what it set aside counts in the
	 * merge's exit, and a scheduler must not run it again for that */
	return rc == GALLEY_EINVALID ? EXIT_INVALID
	     : rc                    ? EXIT_ABORTED
	     : o->shard              ? EXIT_DONE
	     : bad || counts.undelivered ? EXIT_QUARANTINED
	                             : EXIT_DONE;
}

int cli_run(int argc, char **argv)
{
	return with_pipeline(argc, argv, run_usage, run_body);
}

/* The run-wide part of a run split into shards. */
static int merge_body(const options *o, pipeline *p)
{
	if (!o->shards || o->dry_run) {
		fprintf(stderr, "galley: merge needs --shards N, and takes no --dry-run\n%s", merge_usage);
		return EXIT_INVALID;
	}
	return run_body(o, p);
}

int cli_merge(int argc, char **argv)
{
	return with_pipeline(argc, argv, merge_usage, merge_body);
}

/* A run with --full for one partner (and one guid). */
static int resend_body(const options *o, pipeline *p)
{
	if (!o->partner) {
		fprintf(stderr, "galley: resend needs --partner NAME\n%s", resend_usage);
		return EXIT_INVALID;
	}
	options full = *o;
	full.full = 1;
	return run_body(&full, p);
}

int cli_resend(int argc, char **argv)
{
	return with_pipeline(argc, argv, resend_usage, resend_body);
}

/* Compiles a script without running it: syntax errors as FILE:LINE. */
static int check_lua(const char *file)
{
	lua_State *L = luaL_newstate();
	if (!L)
		return EXIT_ABORTED;
	int rc = script_load_file(L, file);
	if (rc != LUA_OK)
		fprintf(stderr, "galley: %s\n", lua_tostring(L, -1));
	lua_close(L);
	return rc == LUA_OK ? EXIT_DONE : EXIT_INVALID;
}

/* Every path setting names something that exists: the file, or for a
 * pattern the folder it starts in. */
static int check_paths(const pipeline *p, const stage *s)
{
	int code = EXIT_DONE;
	for (size_t i = 0; i < s->settings.count; i++) {
		const setting_value *v = &s->settings.values[i];
		if (v->spec->type != GALLEY_SETTING_PATH || !v->str)
			continue;
		char want[4096];
		path_pattern_root(v->str, want, sizeof(want));
		if (access(want, F_OK) == 0)
			continue;
		const ynode *n = ynode_get(s->with, v->spec->name);
		fprintf(stderr, "galley: %s:%d:%d: stage '%s': '%s' does not exist\n", p->file,
		        n ? n->line : s->node->line, n ? n->column : s->node->column, s->name, want);
		code = EXIT_INVALID;
	}
	return code;
}

/* A stage whose files stay in memory needs a sink after it to use them. */
static void warn_unused(const pipeline *p, size_t i)
{
	const stage *s = &p->stages[i];
	if (s->write_files)
		return;
	for (size_t k = i + 1; k < p->nstages; k++)
		if (p->stages[k].plugin->role == GALLEY_ROLE_SINK)
			return;
	for (size_t k = 0; k < p->npartners; k++) /* partners take them too */
		for (size_t f = 0; f < p->partners[k].formats.count; f++)
			if (p->partners[k].format_stages[f] == i)
				return;
	fprintf(stderr,
	        "galley: %s:%d:%d: warning: stage '%s' keeps its files in memory "
	        "(write_files: false) but no sink after it and no partner uses them\n",
	        p->file, s->node->line, s->node->column, s->name);
}

/* Every stage started and stopped again, as a run starts them: what only
 * a plugin's init can judge (a pattern that does not compile, a word list
 * that does not parse) and a script's setup. */
static int check_start(pipeline *p)
{
	galley_error err = {0};
	int rc = runner_start_only(p, &err);
	if (rc)
		report(&err);
	return rc == 0 ? EXIT_DONE : rc == GALLEY_EINVALID ? EXIT_INVALID : EXIT_ABORTED;
}

/* The worse of two exit codes. */
static int worse(int a, int b)
{
	return a > b ? a : b;
}

/* Every stage and partner is looked at, so one pass names every error it
 * can; the stages are started only when all of that holds (a missing
 * file would only fail their start again). */
static int check_body(const options *o, pipeline *p)
{
	int code = EXIT_DONE;
	for (size_t i = 0; i < p->nstages; i++) {
		if (p->stages[i].lua)
			code = worse(code, check_lua(p->stages[i].lua));
		code = worse(code, check_paths(p, &p->stages[i]));
		warn_unused(p, i);
	}
	for (size_t i = 0; i < p->npartners; i++)
		if (p->partners[i].when)
			code = worse(code, check_lua(p->partners[i].when));
	if (code == EXIT_DONE)
		code = check_start(p);
	if (code == EXIT_DONE)
		printf("%s: ok (%zu stages)\n", o->file, p->nstages);
	return code;
}

int cli_check(int argc, char **argv)
{
	return with_pipeline(argc, argv, check_usage, check_body);
}
