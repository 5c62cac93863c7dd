/* partner_outputs.c — a partner's outputs as text, one "key: value" line
 * each, compared with the state's record of the last run (see
 * partner_outputs.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "config/partners.h"
#include "deliver/partner_out.h"
#include "deliver/partner_outputs.h"
#include "deliver/state.h"

/* A setting's value as the pipeline means it: paths relative to its folder. */
static void value(FILE *t, const pipeline *p, const setting_value *v)
{
	size_t dir = strlen(p->dir);
	switch (v->spec->type) {
	case GALLEY_SETTING_INT:
	case GALLEY_SETTING_BOOL:
		fprintf(t, "%lld", (long long)v->num);
		break;
	case GALLEY_SETTING_LIST:
	case GALLEY_SETTING_MAP:
	case GALLEY_SETTING_SOURCES:
		for (size_t i = 0; i < v->count; i++)
			fprintf(t, "%s%s%s%s", i ? ", " : "", v->items[i], v->values ? "=" : "",
			        v->values && v->values[i] ? v->values[i] : "");
		break;
	default:
		if (v->str && v->spec->type == GALLEY_SETTING_PATH && !strncmp(v->str, p->dir, dir) &&
		    v->str[dir] == '/')
			fprintf(t, "%s", v->str + dir + 1);
		else
			fprintf(t, "%s", v->str ? v->str : "");
	}
}

/* The description, malloc'd (NULL when out of memory). */
static char *describe(const pipeline *p, const partner *pt)
{
	char *s = NULL;
	size_t len = 0;
	FILE *t = open_memstream(&s, &len);
	if (!t)
		return NULL;
	fprintf(t, "archive: %s\nlayout: %s\nname: %s\n", pt->archive, pt->bagit ? "bagit" : "flat",
	        pt->pattern ? pt->pattern : "");
	for (size_t f = 0; f < pt->formats.count; f++) {
		const stage *st = &p->stages[pt->format_stages[f]];
		fprintf(t, "%s: %s\n", st->name, st->use ? st->use : st->lua);
		for (size_t i = 0; i < st->settings.count; i++) {
			const setting_value *v = &st->settings.values[i];
			if (!v->present)
				continue;
			fprintf(t, "%s.%s: ", st->name, v->spec->name);
			value(t, p, v);
			fprintf(t, "\n");
		}
	}
	int bad = ferror(t);
	if (fclose(t) != 0 || bad) {
		free(s);
		return NULL;
	}
	return s;
}

/* The first lines that differ, "ninjs.version: 2.1 → 3.0", into out. */
static void changes(const char *was, const char *now, char *out, size_t size)
{
	size_t n = 0, shown = 0;
	out[0] = '\0';
	for (const char *line = now; *line && shown < 3; line += strcspn(line, "\n") + 1) {
		size_t len = strcspn(line, "\n");
		const char *colon = memchr(line, ':', len);
		size_t key = colon ? (size_t)(colon - line) : len;
		const char *old = NULL;
		for (const char *w = was; *w; w += strcspn(w, "\n") + 1)
			if (!strncmp(w, line, key + 1))
				old = w;
		size_t oldlen = old ? strcspn(old, "\n") : 0;
		if (old && oldlen == len && !memcmp(old, line, len))
			continue;
		n += (size_t)snprintf(out + n, n < size ? size - n : 0, "%s%.*s: %.*s → %.*s",
		                      shown ? "; " : "", (int)key, line,
		                      old ? (int)(oldlen - key - 2) : 4, old ? old + key + 2 : "none",
		                      (int)(len - key - 2), line + key + 2);
		shown++;
	}
	if (!shown)
		snprintf(out, size, "a format or setting was removed");
}

void partner_outputs_compare(run *r, const partner_out *o)
{
	deliveries *d = &r->deliveries;
	{
		const partner *pt = o->pt;
		char *now = describe(r->p, pt), *was = state_output_get(&d->st, pt->name);
		if (now && was && strcmp(now, was)) {
			char what[1024];
			changes(was, now, what, sizeof(what));
			log_plain(LOG_SUMMARY,
			          "partner %s: its outputs changed since the last run (%s); what it "
			          "had is not sent again on its own: `galley run %s --partner %s --full` "
			          "re-sends everything",
			          pt->name, what, r->p->file, pt->name);
		}
		free(now);
		free(was);
	}
}

void partner_outputs_record(run *r, const partner_out *o)
{
	char *now = describe(r->p, o->pt);
	if (now && state_output_set(&r->deliveries.st, o->pt->name, now))
		log_plain(GALLEY_LOG_WARN, "state: cannot record partner %s's outputs", o->pt->name);
	free(now);
}
