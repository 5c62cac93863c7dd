/* deliver_cmd.c — `galley deliver PIPELINE [--partner NAME]`: sends what
 * the state has queued for the partners with a `deliver:` block (bundles
 * a run could not deliver), without running the pipeline.  It takes the
 * pipeline's lock, so it never overlaps a run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "config/pipeline.h"
#include "deliver/delivery.h"
#include "deliver/state.h"

static const char deliver_usage[] =
	"usage: galley deliver PIPELINE [--partner NAME] [--again BUNDLE] [--dry-run]\n"
	"                      [--set NAME=VALUE]...\n\n"
	"Sends each partner's queued bundles (those a run published but could not\n"
	"deliver) to the server its deliver: block names, oldest first, retried\n"
	"while the failure is transient.  --again BUNDLE queues a bundle that was\n"
	"delivered once more first (a partner lost it).  With --dry-run, says what\n"
	"it would send.\n"
	"Exit: 0 all delivered, 1 a partner's delivery failed (its bundles stay\n"
	"queued), 2 invalid pipeline or usage, 3 the state could not be used.\n";

typedef struct deliver_opts {
	const char *file, *partner, *again;
	const char *sets[64];
	size_t nsets;
	int plan;
} deliver_opts;

static int parse(int argc, char **argv, deliver_opts *o)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return fputs(deliver_usage, stdout), EXIT_DONE + 100;
		if (strcmp(argv[i], "--set") == 0 && i + 1 < argc && o->nsets < 64)
			o->sets[o->nsets++] = argv[++i];
		else if (strcmp(argv[i], "--partner") == 0 && i + 1 < argc)
			o->partner = argv[++i];
		else if (strcmp(argv[i], "--again") == 0 && i + 1 < argc)
			o->again = argv[++i];
		else if (strcmp(argv[i], "--dry-run") == 0)
			o->plan = 1;
		else if (argv[i][0] != '-' && !o->file)
			o->file = argv[i];
		else
			return fputs(deliver_usage, stderr), EXIT_INVALID;
	}
	return o->file ? 0 : (fputs(deliver_usage, stderr), EXIT_INVALID);
}

static int known_partner(const pipeline *p, const char *name, galley_error *err)
{
	for (size_t i = 0; name && i < p->npartners; i++)
		if (strcmp(p->partners[i].name, name) == 0)
			return 0;
	return name ? galley_error_set(err, GALLEY_EINVALID, "%s has no partner named '%s'",
	                               p->file, name)
	            : 0;
}

static int deliver(const pipeline *p, const deliver_opts *o, size_t *failed, galley_error *err)
{
	pstate st;
	int rc = o->plan ? state_open_readonly(&st, p->state, err) : state_open(&st, p->state, err);
	if (rc)
		return rc;
	if (o->again && !o->plan)
		rc = state_delivery_requeue(&st, o->again, err);
	delivery_outcome *out = rc ? NULL : calloc(p->npartners, sizeof(*out));
	if (!rc)
		rc = out ? delivery_send(&st, p->partners, p->npartners, o->partner, o->plan, out, err)
		         : galley_error_set(err, GALLEY_ENOMEM, "out of memory");
	size_t sent = 0, waiting = 0;
	for (size_t i = 0; out && i < p->npartners; i++)
		sent += out[i].sent, waiting += out[i].waiting;
	*failed = out ? delivery_failures(out, p->npartners) : 0;
	if (!rc && !o->plan)
		fprintf(stderr, "galley: %s: %zu bundle%s delivered, %zu left queued\n", p->name, sent,
		        sent == 1 ? "" : "s", waiting);
	free(out);
	state_close(&st);
	return rc;
}

int cli_deliver(int argc, char **argv)
{
	deliver_opts o = {0};
	int rc = parse(argc, argv, &o);
	if (rc)
		return rc == EXIT_DONE + 100 ? EXIT_DONE : rc;
	pipeline p;
	galley_error err = {0};
	size_t failed = 0;
	rc = pipeline_load(&p, o.file, o.sets, o.nsets, &err);
	if (!rc && !p.npartners)
		rc = galley_error_set(&err, GALLEY_EINVALID, "%s has no partners: section", o.file);
	if (!rc)
		rc = known_partner(&p, o.partner, &err);
	for (size_t i = 0; !rc && i < p.npartners; i++)
		rc = deliver_config_secrets(&p.partners[i].deliver, p.file, &err);
	if (!rc)
		rc = deliver(&p, &o, &failed, &err);
	if (rc) {
		char msg[2048];
		galley_error_format(&err, msg, sizeof(msg));
		fprintf(stderr, "galley: %s\n", msg);
	}
	pipeline_release(&p);
	return rc == GALLEY_EINVALID ? EXIT_INVALID
	     : rc                    ? EXIT_ABORTED
	     : failed                ? EXIT_QUARANTINED
	                             : EXIT_DONE;
}
