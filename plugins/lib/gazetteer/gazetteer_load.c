/* gazetteer_load.c — see gazetteer_load.h. */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gazetteer/gazetteer_load.h"
#include "io/yaml_doc.h"

typedef struct loader {
	gazetteer *g;
	yaml_document_t *doc;
	const char *path, *type; /* the file's default type */
	char *why;
	size_t n;
} loader;

__attribute__((format(printf, 3, 4))) static int fail_at(loader *l, const yaml_node_t *node,
                                                          const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(l->why, l->n, "%s:%lu:%lu: %s", l->path,
	         node ? (unsigned long)node->start_mark.line + 1 : 1UL,
	         node ? (unsigned long)node->start_mark.column + 1 : 1UL, msg);
	return -1;
}

static const char *scalar(const yaml_node_t *node)
{
	return node && node->type == YAML_SCALAR_NODE ? (const char *)node->data.scalar.value : NULL;
}

static yaml_node_t *at(loader *l, int i)
{
	return yaml_document_get_node(l->doc, i);
}

static const char *const types[] = {"person", "organisation", "place", NULL};

static int known_type(const char *t)
{
	for (size_t i = 0; types[i]; i++)
		if (!strcmp(t, types[i]))
			return 1;
	return 0;
}

/* Each scalar of a sequence node through fn. */
typedef int (*item_fn)(loader *l, gz_entry *e, const yaml_node_t *item, const char *lang,
                       unsigned flags);

static int each_item(loader *l, gz_entry *e, const yaml_node_t *seq, const char *what,
                     const char *lang, unsigned flags, item_fn fn)
{
	if (!seq || seq->type != YAML_SEQUENCE_NODE)
		return fail_at(l, seq, "'%s' must be a list of names", what);
	for (yaml_node_item_t *i = seq->data.sequence.items.start; i < seq->data.sequence.items.top;
	     i++) {
		const yaml_node_t *item = at(l, *i);
		if (!scalar(item) || !scalar(item)[0])
			return fail_at(l, item, "'%s' must be a list of names", what);
		if (fn(l, e, item, lang, flags))
			return -1;
	}
	return 0;
}

static int add_name(loader *l, gz_entry *e, const yaml_node_t *item, const char *lang,
                    unsigned flags)
{
	int rc = gz_add_name(l->g, e, scalar(item), lang, flags);
	if (rc == -2)
		return fail_at(l, item, "'%s' has no letter or digit to match", scalar(item));
	return rc ? fail_at(l, item, "out of memory") : 0;
}

static int mark_ambiguous(loader *l, gz_entry *e, const yaml_node_t *item, const char *lang,
                          unsigned flags)
{
	(void)lang, (void)flags;
	if (gz_mark_ambiguous(l->g, e, scalar(item)))
		return fail_at(l, item, "'%s' is not a name of '%s' (list it in aliases)", scalar(item),
		               e->id);
	return 0;
}

/* aliases: a list (every language) or a map of language -> list. */
static int aliases(loader *l, gz_entry *e, const yaml_node_t *v, unsigned flags)
{
	if (!v || v->type != YAML_MAPPING_NODE)
		return each_item(l, e, v, "aliases", NULL, flags, add_name);
	for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
		const char *lang = scalar(at(l, p->key));
		if (!lang || !lang[0] || strlen(lang) > 11)
			return fail_at(l, at(l, p->key), "aliases by language need a language tag as key");
		if (each_item(l, e, at(l, p->value), "aliases", lang, flags, add_name))
			return -1;
	}
	return 0;
}

static yaml_node_t *field(loader *l, const yaml_node_t *map, const char *key)
{
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++)
		if (scalar(at(l, p->key)) && !strcmp(scalar(at(l, p->key)), key))
			return at(l, p->value);
	return NULL;
}

static int check_keys(loader *l, const yaml_node_t *map, const char *const *keys, const char *what)
{
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		const char *k = scalar(at(l, p->key));
		size_t i = 0;
		while (k && keys[i] && strcmp(k, keys[i]))
			i++;
		if (!k || !keys[i])
			return fail_at(l, at(l, p->key), "unknown key '%s' in %s", k ? k : "?", what);
	}
	return 0;
}

/* The entry for an item's id: new, or a country from iso-codes to extend. */
static gz_entry *entry_for(loader *l, const yaml_node_t *item)
{
	const yaml_node_t *id = field(l, item, "id");
	if (!scalar(id) || !scalar(id)[0])
		return fail_at(l, item, "an entry needs an id"), NULL;
	int created = 0;
	gz_entry *e = gz_entry_get(l->g, scalar(id), &created);
	if (!e)
		return fail_at(l, id, "out of memory"), NULL;
	if (e->from_file)
		return fail_at(l, id, "id '%s' is defined twice", scalar(id)), NULL;
	e->from_file = 1;
	const char *name = scalar(field(l, item, "name")), *type = scalar(field(l, item, "type"));
	if (!name && created)
		return fail_at(l, item, "entry '%s' needs a name", scalar(id)), NULL;
	type = type ? type : e->type ? e->type : l->type;
	if (!type || !known_type(type))
		return fail_at(l, item, "entry '%s' needs a type: person, organisation or place",
		               scalar(id)), NULL;
	if ((name && gz_set(&e->name, name)) || gz_set(&e->type, type))
		return fail_at(l, item, "out of memory"), NULL;
	return e;
}

static int entry(loader *l, const yaml_node_t *item)
{
	static const char *const keys[] = {"id",      "name",      "type",    "aliases",
	                                   "case",    "ambiguous", "context", NULL};
	if (!item || item->type != YAML_MAPPING_NODE)
		return fail_at(l, item, "an entry must be a map (id, name, aliases…)");
	if (check_keys(l, item, keys, "an entry"))
		return -1;
	gz_entry *e = entry_for(l, item);
	if (!e)
		return -1;
	const yaml_node_t *c = field(l, item, "case");
	if (c && (!scalar(c) || (strcmp(scalar(c), "exact") && strcmp(scalar(c), "any"))))
		return fail_at(l, c, "'case' must be exact or any");
	unsigned flags = c && !strcmp(scalar(c), "any") ? GZ_ANY_CASE : 0;
	const yaml_node_t *name = field(l, item, "name"), *v;
	if (name && add_name(l, e, name, NULL, flags))
		return -1;
	if ((v = field(l, item, "aliases")) && aliases(l, e, v, flags))
		return -1;
	if ((v = field(l, item, "context")) &&
	    each_item(l, e, v, "context", NULL, flags | GZ_CONTEXT, add_name))
		return -1;
	if ((v = field(l, item, "ambiguous")) &&
	    each_item(l, e, v, "ambiguous", NULL, 0, mark_ambiguous))
		return -1;
	if (e->needs_context && !field(l, item, "context"))
		return fail_at(l, item, "entry '%s' has ambiguous names but no context to tell them by",
		               e->id);
	return 0;
}

static int walk(loader *l, const yaml_node_t *root)
{
	static const char *const keys[] = {"type", "entries", NULL};
	if (!root || root->type != YAML_MAPPING_NODE)
		return fail_at(l, root, "a gazetteer is a map with type and entries");
	if (check_keys(l, root, keys, "a gazetteer"))
		return -1;
	const yaml_node_t *type = field(l, root, "type"), *list = field(l, root, "entries");
	l->type = scalar(type);
	if (type && (!l->type || !known_type(l->type)))
		return fail_at(l, type, "'type' must be person, organisation or place");
	if (!list || list->type != YAML_SEQUENCE_NODE)
		return fail_at(l, list ? list : root, "'entries' must be a list");
	for (yaml_node_item_t *i = list->data.sequence.items.start; i < list->data.sequence.items.top;
	     i++)
		if (entry(l, at(l, *i)))
			return -1;
	return 0;
}

int gz_load_yaml(gazetteer *g, const char *path, const char *text, size_t len, char *why, size_t n)
{
	yaml_document_t doc;
	yaml_problem p;
	if (yaml_doc_load(text, len, &doc, &p))
		return snprintf(why, n, "%s:%lu:%lu: %s", path, p.line + 1, p.column + 1, p.what), -1;
	loader l = {g, &doc, path, NULL, why, n};
	int rc = walk(&l, yaml_document_get_root_node(&doc));
	yaml_document_delete(&doc);
	return rc;
}

/* ---- iso-codes ---- */

/* A name of a country as an alias; "Korea, Republic of" (inverted) is not
 * one anybody writes. */
static int country_name(gazetteer *g, gz_entry *e, const char *name, const char *lang)
{
	if (!name || !name[0] || strstr(name, ", "))
		return 0;
	return gz_add_name(g, e, name, lang, 0) == -1 ? -1 : 0;
}

static int country(gazetteer *g, const json_t *c, const char *const *langs, mo_file *const *mos,
                   size_t nlangs)
{
	const char *code = json_string_value(json_object_get(c, "alpha_2"));
	const char *names[3] = {json_string_value(json_object_get(c, "common_name")),
	                        json_string_value(json_object_get(c, "name")),
	                        json_string_value(json_object_get(c, "official_name"))};
	if (!code || !names[1])
		return 0;
	char id[32];
	snprintf(id, sizeof(id), "iso3166:%s", code);
	int created;
	gz_entry *e = gz_entry_get(g, id, &created);
	if (!e || gz_set(&e->name, names[0] ? names[0] : names[1]) || gz_set(&e->type, "place"))
		return -1;
	for (size_t i = 0; i < 3; i++)
		if (country_name(g, e, names[i], NULL))
			return -1;
	for (size_t k = 0; k < nlangs; k++)
		for (size_t i = 0; i < 3; i++)
			if (names[i] && country_name(g, e, mo_lookup(mos[k], names[i]), langs[k]))
				return -1;
	return 0;
}

int gz_load_countries(gazetteer *g, const char *path, const char *text, size_t len,
                      const char *const *langs, mo_file *const *mos, size_t nlangs, char *why,
                      size_t n)
{
	json_error_t err;
	json_t *root = json_loadb(text, len, 0, &err);
	const json_t *list = json_object_get(root, "3166-1");
	size_t i;
	json_t *c;
	if (!json_is_array(list)) {
		snprintf(why, n, "%s: not iso-codes' ISO 3166-1 list%s%s", path, root ? "" : ": ",
		         root ? "" : err.text);
		json_decref(root);
		return -1;
	}
	json_array_foreach(list, i, c) if (country(g, c, langs, mos, nlangs))
	{
		json_decref(root);
		return snprintf(why, n, "out of memory"), -1;
	}
	json_decref(root);
	return 0;
}
