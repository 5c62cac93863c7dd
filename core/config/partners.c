/* partners.c — reading and checking the `partners:` section. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "base/lang_tag.h"
#include "base/path.h"
#include "config/partners.h"

static const char *const partner_keys[] = {
	"name",    "sections", "languages",   "tags",         "formats", "archive",
	"layout",  "bundle",   "outbox",      "organization", "when",    "embargo", "deliver",
	NULL};
static const char *const archives[] = {"tar", "tar.gz", "tar.xz", "tar.zst", "zip", NULL};

static int bad(const partners_doc *p, galley_error *err, const ynode *n, const char *fmt,
               const char *a, const char *b)
{
	return galley_error_at(err, GALLEY_EINVALID, p->file, n->line, n->column, fmt, a, b);
}

/* A scalar or a list of scalars, as a set of strings. */
static int read_set(partners_doc *p, const ynode *map, const char *key, strset *out,
                    galley_error *err)
{
	const ynode *n = ynode_get(map, key);
	out->count = 0;
	if (!n)
		return 0;
	size_t count = n->kind == YNODE_SCALAR ? 1 : n->count;
	out->items = arena_alloc(p->ar, (count + 1) * sizeof(char *));
	if (!out->items)
		return galley_error_set(err, GALLEY_ENOMEM, "out of memory");
	if (n->kind == YNODE_MAP)
		return bad(p, err, n, "'%s' must be a name or a list of names%s", key, "");
	for (size_t i = 0; i < count; i++) {
		const ynode *item = n->kind == YNODE_SCALAR ? n : n->items[i];
		if (item->kind != YNODE_SCALAR || !item->value[0])
			return bad(p, err, item, "'%s' must be a name or a list of names%s", key, "");
		out->items[out->count++] = item->value;
	}
	return 0;
}

/* s case-folded (NFC, Unicode case folding), malloc'd; NULL on error. */
static char *folded(const char *s)
{
	utf8proc_uint8_t *f = NULL;
	return utf8proc_map((const utf8proc_uint8_t *)s, 0, &f,
	                    UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
	                            UTF8PROC_CASEFOLD) < 0
	               ? NULL
	               : (char *)f;
}

/* A set's names case-folded once, at load, for partner_wants. */
static int fold_set(partners_doc *p, strset *s, galley_error *err)
{
	for (size_t i = 0; i < s->count; i++) {
		char *f = folded(s->items[i]);
		const char *kept = f ? arena_strdup(p->ar, f) : NULL;
		free(f);
		if (!kept)
			return galley_error_set(err, GALLEY_ENOMEM, "out of memory");
		s->items[i] = kept;
	}
	return 0;
}

static const char *text(const ynode *map, const char *key, const char *def)
{
	const ynode *n = ynode_get(map, key);
	return n && n->kind == YNODE_SCALAR ? n->value : def;
}

static int one_of(const char *v, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (strcmp(v, list[i]) == 0)
			return 1;
	return 0;
}

static int check_keys(partners_doc *p, const ynode *map, galley_error *err)
{
	size_t from = 0;
	char hint[128];
	const ynode *unknown = ynode_unknown_key(map, &from, partner_keys, NULL, hint, sizeof(hint));
	if (unknown)
		return bad(p, err, unknown, "unknown key '%s' in a partner%s", unknown->value, hint);
	for (size_t i = 0; i < map->count; i++) {
		const ynode *v = ynode_value(map, i), *k = ynode_key(map, i);
		int list_ok = strcmp(k->value, "sections") == 0 || strcmp(k->value, "languages") == 0 ||
		              strcmp(k->value, "tags") == 0 || strcmp(k->value, "formats") == 0 ||
		              strcmp(k->value, "deliver") == 0;
		if (!list_ok && v->kind != YNODE_SCALAR)
			return bad(p, err, v, "'%s' must be a single value%s", k->value, "");
	}
	return 0;
}

static int load_one(partners_doc *p, partner *pt, const ynode *n, galley_error *err)
{
	if (n->kind != YNODE_MAP)
		return bad(p, err, n, "a partner must be a map with a name, formats and an outbox%s%s",
		           "", "");
	int rc = check_keys(p, n, err);
	pt->node = n;
	pt->name = text(n, "name", NULL);
	if (!rc && (!pt->name || !pt->name[0] || strpbrk(pt->name, "/\\ ") || pt->name[0] == '.'))
		rc = bad(p, err, n, "a partner needs a 'name:' usable in file names (no spaces or "
		                    "slashes)%s%s",
		         "", "");
	if (!rc)
		rc = read_set(p, n, "sections", &pt->sections, err);
	if (!rc)
		rc = fold_set(p, &pt->sections, err);
	if (!rc)
		rc = read_set(p, n, "languages", &pt->languages, err);
	for (size_t i = 0; !rc && i < pt->languages.count; i++) {
		char tag[LANG_TAG_MAX];
		const char *range = pt->languages.items[i];
		if (strcmp(range, "*") != 0 && lang_tag_normalise(range, tag, sizeof(tag)))
			rc = bad(p, err, ynode_get(n, "languages"),
			         "'%s' in languages is not a BCP 47 language tag such as 'en' or 'nb-NO': "
			         "this filter could never match%s",
			         range, "");
	}
	if (!rc)
		rc = read_set(p, n, "tags", &pt->tags, err);
	if (!rc)
		rc = fold_set(p, &pt->tags, err);
	if (!rc)
		rc = read_set(p, n, "formats", &pt->formats, err);
	if (!rc && pt->formats.count == 0 && !p->tests)
		rc = bad(p, err, n, "partner '%s' needs 'formats:', the export stages it gets%s",
		         pt->name, "");
	pt->archive = text(n, "archive", "tar.gz");
	if (!rc && !one_of(pt->archive, archives))
		rc = bad(p, err, ynode_get(n, "archive"),
		         "unknown archive '%s' (use tar, tar.gz, tar.xz, tar.zst or zip)%s", pt->archive,
		         "");
	const char *layout = text(n, "layout", "flat");
	pt->bagit = strcmp(layout, "bagit") == 0;
	if (!rc && !pt->bagit && strcmp(layout, "flat") != 0)
		rc = bad(p, err, ynode_get(n, "layout"), "unknown layout '%s' (use flat or bagit)%s",
		         layout, "");
	pt->pattern = text(n, "bundle", "{partner}-{date}-{seq}.{ext}");
	if (!rc && (!strstr(pt->pattern, "{seq}") || strchr(pt->pattern, '/')))
		rc = bad(p, err, ynode_get(n, "bundle"),
		         "bundle name '%s' needs {seq} (several bundles a day) and no '/'%s",
		         pt->pattern, "");
	const char *outbox = text(n, "outbox", p->tests ? "outbox" : NULL);
	if (!rc && !outbox)
		rc = bad(p, err, n, "partner '%s' needs an 'outbox:' folder%s", pt->name, "");
	if (!rc && !(pt->outbox = path_join(p->ar, p->dir, outbox)))
		rc = galley_error_set(err, GALLEY_ENOMEM, "out of memory");
	pt->organization = text(n, "organization", p->name);
	const char *embargo = text(n, "embargo", "hold");
	pt->embargo_pass = strcmp(embargo, "pass") == 0;
	if (!rc && !pt->embargo_pass && strcmp(embargo, "hold") != 0)
		rc = bad(p, err, ynode_get(n, "embargo"),
		         "unknown embargo '%s' (use hold: keep items back until their embargo "
		         "passes, or pass: send them at once with the embargo in their metadata)%s",
		         embargo, "");
	const char *when = text(n, "when", NULL);
	if (!rc && when && !(pt->when = path_join(p->ar, p->dir, when)))
		rc = galley_error_set(err, GALLEY_ENOMEM, "out of memory");
	if (!rc)
		rc = deliver_config_load(p->ar, p->file, p->dir, ynode_get(n, "deliver"), &pt->deliver,
		                         err);
	return rc;
}

int partners_load(partners_doc *p, const ynode *root, galley_error *err)
{
	const ynode *list = ynode_get(root, "partners");
	const char *state = text(root, "state", NULL);
	if (!list)
		return 0;
	if (list->kind != YNODE_SEQ || list->count == 0)
		return bad(p, err, list, "'partners' must be a list of partners%s%s", "", "");
	p->partners = arena_alloc(p->ar, list->count * sizeof(partner));
	if (!p->partners)
		return galley_error_set(err, GALLEY_ENOMEM, "out of memory");
	memset(p->partners, 0, list->count * sizeof(partner));
	for (size_t i = 0; i < list->count; i++) {
		int rc = load_one(p, &p->partners[i], list->items[i], err);
		if (rc)
			return rc;
		p->npartners++;
		for (size_t j = 0; j < i; j++)
			if (strcmp(p->partners[j].name, p->partners[i].name) == 0)
				return bad(p, err, list->items[i], "two partners are named '%s'%s",
				           p->partners[i].name, "");
	}
	/* default: beside the first outbox */
	p->state = state ? path_join(p->ar, p->dir, state)
	                 : path_join(p->ar, p->partners[0].outbox, "../galley-state.sqlite");
	return p->state ? 0 : galley_error_set(err, GALLEY_ENOMEM, "out of memory");
}

/* v is in s (folded at load, fold_set), compared after Unicode case
 * folding: `sections: [world]` takes the section "World", `tags:
 * [straße]` the keyword "STRASSE". */
static int in_set_folded(const strset *s, const char *v)
{
	char *fv = v ? folded(v) : NULL;
	int found = 0;
	for (size_t i = 0; fv && !found && i < s->count; i++)
		found = strcmp(s->items[i], fv) == 0;
	free(fv);
	return found;
}

/* A language range matches a tag as BCP 47's lookup has it (RFC 4647):
 * `en` takes `en`, `en-GB` and `en-US`, `*` every tag, whatever the case. */
static int language_in(const strset *ranges, const char *tag)
{
	for (size_t i = 0; tag && i < ranges->count; i++) {
		const char *r = ranges->items[i];
		size_t n = strlen(r);
		if (strcmp(r, "*") == 0 ||
		    (strncasecmp(r, tag, n) == 0 && (tag[n] == '\0' || tag[n] == '-')))
			return 1;
	}
	return 0;
}

int partner_wants(const partner *pt, const char *section, const char *language,
                  const char *const *keywords, size_t nkeywords)
{
	if (pt->sections.count && !in_set_folded(&pt->sections, section))
		return 0;
	if (pt->languages.count && !language_in(&pt->languages, language))
		return 0;
	if (!pt->tags.count)
		return 1;
	for (size_t i = 0; i < nkeywords; i++)
		if (in_set_folded(&pt->tags, keywords[i]))
			return 1;
	return 0;
}
