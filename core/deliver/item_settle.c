/* item_settle.c — an article's identity as partners will see it, settled
 * on the sink thread before the exporters write it (item_settle.h). */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deliver/item_settle.h"
#include "run/run.h"
#include "text/datetime.h"

/* The content hash: the canonical JSON without id, source and version,
 * so the same article read from another folder, given another id in
 * this run, or counted a version up, is not news. */
static int content_hash(galley_article *a, char out[65])
{
	char *source = a->source, *id = a->id, *json;
	int64_t version = a->version;
	size_t len;
	a->source = a->id = NULL;
	a->version = 0;
	int rc = article_dump(a, &json, &len);
	a->source = source;
	a->id = id;
	a->version = version;
	if (rc)
		return rc;
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	EVP_Digest(json, len, d, &n, EVP_sha256(), NULL);
	for (unsigned int i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
	free(json);
	return 0;
}

/* Every item a partner gets has a guid: an article a script made
 * without one is known by its id.  0, or -1 when out of memory. */
static int default_guid(galley_article *a)
{
	char guid[600];
	snprintf(guid, sizeof(guid), "galley:id/%.500s", a->id ? a->id : "");
	return a->guid || !article_set(a, "guid", guid) ? 0 : -1;
}

/* A shard has no state: its exporters write what a new item gets (the
 * guid from the id, the source's version, else 1); the merge settles
 * the item against the state and exports again what turns out otherwise. */
static int shard_guess(galley_article *a, char *msg, size_t size)
{
	if (default_guid(a) || (!a->version && article_set_int(a, "version", 1))) {
		snprintf(msg, size, "out of memory");
		return -1;
	}
	return 0;
}

int item_settle(run *r, galley_article *a, char *msg, size_t size)
{
	if (article_check(a, msg, size))
		return 1;
	const char *embargo = a->dates.at[DATE_EMBARGO];
	time_t release = 0;
	if (embargo && datetime_parse(embargo, &release) != 0) {
		snprintf(msg, size,
		         "dates.embargo '%.80s' is not an ISO 8601 date: the item cannot be "
		         "held back safely",
		         embargo);
		return 1;
	}
	a->run.release = embargo ? (long long)release : 0;
	deliveries *d = &r->deliveries;
	if (!d->out && r->shard && r->p->npartners)
		return shard_guess(a, msg, size);
	if (!d->out)
		return 0; /* no partners: the source's version, or none; no hash needed */
	if (default_guid(a) || content_hash(a, a->run.hash)) {
		snprintf(msg, size, "out of memory");
		return -1;
	}
	long long version;
	galley_error err = {0};
	/* in the run's transaction: one commit at the end, none if it fails */
	if ((!d->plan && state_begin(&d->st, &err)) ||
	    state_version(&d->st, a->guid, a->run.hash, (long long)a->version, d->plan, &version,
	                  &err)) {
		snprintf(msg, size, "%s", err.message);
		return -1;
	}
	a->version = version;
	return 0;
}
