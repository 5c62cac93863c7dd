/* test_partner.c — a partner's decision on one article, for `galley test`
 * (see test_partner.h): the filters of partners.c and the `when:` script
 * of deliver/partner_when.c, each as a run applies them. */
#include <stdio.h>
#include <string.h>

#include "base/suggest.h"
#include "cli/test_partner.h"
#include "config/partners.h"
#include "deliver/partner_out.h"

static const partner *find(const pipeline *p, const char *name, char *why, size_t n)
{
	const char *names[65];
	size_t k = 0;
	for (size_t i = 0; i < p->npartners; i++) {
		if (!strcmp(p->partners[i].name, name))
			return &p->partners[i];
		if (k < 64)
			names[k++] = p->partners[i].name;
	}
	names[k] = NULL;
	char hint[128];
	suggest_hint(name, names, hint, sizeof(hint));
	snprintf(why, n, "no partner '%s' in the test file's partners:%s", name, hint);
	return NULL;
}

static int when_wants(const partner *pt, const galley_article *a, char *why, size_t n)
{
	partner_out o;
	memset(&o, 0, sizeof(o));
	o.pt = pt;
	galley_error err = {0};
	int yes = partner_when_open(&o, &err) ? -1 : partner_when_wants(&o, a, &err);
	partner_when_close(&o);
	if (yes < 0)
		galley_error_format(&err, why, n);
	else if (!yes)
		snprintf(why, n, "its filters take it, but wants() in %s says no", pt->when);
	return yes;
}

int test_partner_wants(const pipeline *p, const char *name, const galley_article *a, char *why,
                       size_t n)
{
	const partner *pt = find(p, name, why, n);
	if (!pt)
		return -1;
	if (!partner_wants(pt, a->section, a->language, (const char *const *)a->keywords.items,
	                   a->keywords.count)) {
		snprintf(why, n, "its filters (sections, languages, tags) leave it out");
		return 0;
	}
	if (!pt->when) {
		snprintf(why, n, "its filters take it");
		return 1;
	}
	int yes = when_wants(pt, a, why, n);
	if (yes == 1)
		snprintf(why, n, "its filters take it, and wants() in %s says yes", pt->when);
	return yes;
}
