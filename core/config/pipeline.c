/* pipeline.c — from a YAML tree to a validated pipeline: known keys only
 * (with "did you mean"), right types, ${} expanded, paths joined to the
 * pipeline file's folder.  Every error points at a line and column. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/bounds.h"
#include "base/path.h"
#include "config/partners.h"
#include "config/pipeline.h"
#include "config/plugin_load.h"
#include "config/vars.h"

static const char *const top_keys[] = {"name",   "description", "vars",     "plugin_path",
                                       "output", "stages",      "partners", "state",
                                       "quarantine_days", NULL};
static const char *const stage_keys[] = {"name",        "use",     "lua",     "with",
                                         "memory_mb",   "instructions", "write_files",
                                         "timeout",     "isolate", NULL};

static int at(pipeline *p, galley_error *err, const ynode *n, int code, const char *fmt,
              const char *a, const char *b)
{
	return galley_error_at(err, code, p->file, n ? n->line : 0, n ? n->column : 0, fmt, a,
	                       b ? b : "");
}

static int check_keys(pipeline *p, const ynode *map, const char *const *known, const char *where,
                      galley_error *err)
{
	size_t from = 0;
	char hint[128], msg[256];
	const ynode *key = ynode_unknown_key(map, &from, known, known == top_keys ? p->more_keys : NULL,
	                                     hint, sizeof(hint));
	if (!key)
		return 0;
	snprintf(msg, sizeof(msg), "unknown key '%%s' in %s%%s", where);
	return galley_error_at(err, GALLEY_EINVALID, p->file, key->line, key->column, msg, key->value,
	                       hint);
}

static int want(pipeline *p, const ynode *n, ynode_kind kind, const char *what,
                galley_error *err)
{
	if (n->kind == kind)
		return 0;
	return galley_error_at(err, GALLEY_EINVALID, p->file, n->line, n->column,
	                       "'%s' must be a %s, not a %s", what, ynode_kind_name(kind),
	                       ynode_kind_name(n->kind));
}

/* ---- variables ---- */

static const char *set_value(const pipeline *p, const char *name)
{
	for (size_t i = p->nset; i-- > 0;)
		if (strcmp(p->set_names[i], name) == 0)
			return p->set_values[i];
	return NULL;
}

const char *pipeline_var(const pipeline *p, const char *name)
{
	const char *v = set_value(p, name);
	if (v)
		return v;
	const ynode *n = ynode_get(p->vars, name);
	if (n && n->kind == YNODE_SCALAR)
		return n->value;
	return getenv(name);
}

/* While vars: itself is expanded, it sees only --set and the environment. */
static const char *outer_lookup(void *data, const char *name)
{
	const char *v = set_value(data, name);
	return v ? v : getenv(name);
}

static const char *full_lookup(void *data, const char *name)
{
	return pipeline_var(data, name);
}

static int expand_tree(pipeline *p, ynode *n, vars_lookup_fn fn, galley_error *err)
{
	if (n->kind != YNODE_SCALAR) {
		/* map keys are names, not values: only values are expanded */
		for (size_t i = 0; i < n->count; i++) {
			ynode *child = n->kind == YNODE_SEQ ? n->items[i] : n->items[2 * i + 1];
			int rc = expand_tree(p, child, fn, err);
			if (rc)
				return rc;
		}
		return 0;
	}
	if (n->expanded || !strchr(n->value, '$'))
		return 0;
	char *out = NULL, msg[512];
	size_t offset = 0;
	int rc = vars_expand(n->value, fn, p, &out, &offset, msg, sizeof(msg));
	if (rc) {
		/* the column is exact on one-line plain or quoted scalars */
		int col = n->column + (int)offset + (n->plain ? 0 : 1);
		return galley_error_at(err, rc, p->file, n->line, col, "%s", msg);
	}
	n->value = arena_strdup(&p->doc.ar, out);
	free(out);
	n->expanded = 1;
	return n->value ? 0 : galley_error_set(err, GALLEY_ENOMEM, "out of memory");
}

static int parse_sets(pipeline *p, const char *const *sets, size_t nsets, galley_error *err)
{
	p->set_names = arena_alloc(&p->doc.ar, (nsets + 1) * sizeof(char *));
	p->set_values = arena_alloc(&p->doc.ar, (nsets + 1) * sizeof(char *));
	if (!p->set_names || !p->set_values)
		return galley_error_set(err, GALLEY_ENOMEM, "out of memory");
	for (size_t i = 0; i < nsets; i++) {
		const char *eq = strchr(sets[i], '=');
		if (!eq || !vars_name_valid(sets[i], (size_t)(eq - sets[i])))
			return galley_error_set(err, GALLEY_EUSAGE,
			                        "--set wants NAME=VALUE with NAME made of letters, "
			                        "digits and '_', not '%s'",
			                        sets[i]);
		p->set_names[i] = arena_strndup(&p->doc.ar, sets[i], (size_t)(eq - sets[i]));
		p->set_values[i] = eq + 1;
	}
	p->nset = nsets;
	return 0;
}

static int load_vars(pipeline *p, ynode *root, galley_error *err)
{
	ynode *vars = ynode_get(root, "vars");
	if (!vars)
		return 0;
	int rc = want(p, vars, YNODE_MAP, "vars", err);
	for (size_t i = 0; !rc && i < vars->count; i++) {
		ynode *key = ynode_key(vars, i), *v = ynode_value(vars, i);
		if (!vars_name_valid(key->value, strlen(key->value)))
			return at(p, err, key, GALLEY_EINVALID,
			          "bad variable name '%s': use letters, digits and '_'%s", key->value,
			          NULL);
		rc = want(p, v, YNODE_SCALAR, key->value, err);
		if (!rc)
			rc = expand_tree(p, v, outer_lookup, err);
	}
	p->vars = vars;
	return rc;
}

/* ---- stages ---- */

static const char *scalar(pipeline *p, const ynode *map, const char *key, galley_error *err,
                          int *rc)
{
	const ynode *n = ynode_get(map, key);
	if (!n || *rc)
		return NULL;
	*rc = want(p, n, YNODE_SCALAR, key, err);
	return *rc ? NULL : n->value;
}

static int int_key(pipeline *p, const ynode *map, const char *key, int64_t min, int64_t max,
                   int64_t *out, galley_error *err)
{
	const ynode *n = ynode_get(map, key);
	if (!n)
		return 0;
	char *end = NULL;
	long long v = n->kind == YNODE_SCALAR ? strtoll(n->value, &end, 10) : 0;
	if (!end || *end || end == n->value || v < min || v > max)
		return galley_error_at(err, GALLEY_EINVALID, p->file, n->line, n->column,
		                       "'%s' must be an integer from %lld to %lld", key,
		                       (long long)min, (long long)max);
	*out = v;
	return 0;
}

/* A duration: seconds ("10", "2.5") or with a unit ("500ms", "10s", "2m",
 * "1h"), from 1 ms to 24 h, in milliseconds. */
static int duration_key(pipeline *p, const ynode *map, const char *key, int64_t *out,
                        galley_error *err)
{
	const ynode *n = ynode_get(map, key);
	if (n && (n->kind != YNODE_SCALAR || settings_parse_duration(n->value, out) != 0))
		return galley_error_at(err, GALLEY_EINVALID, p->file, n->line, n->column,
		                       "'%s' must be a duration from 1ms to 24h, such as 10s, "
		                       "500ms or 2m",
		                       key);
	return 0;
}

static int bool_key(pipeline *p, const ynode *map, const char *key, int *out, galley_error *err)
{
	const ynode *n = ynode_get(map, key);
	int64_t v = 0;
	if (!n)
		return 0;
	if (n->kind != YNODE_SCALAR || settings_parse_bool(n->value, &v) != 0)
		return galley_error_at(err, GALLEY_EINVALID, p->file, n->line, n->column,
		                       "'%s' must be true or false", key);
	*out = (int)v;
	return 0;
}

static int load_stage(pipeline *p, stage *s, const ynode *n, galley_error *err)
{
	int rc = want(p, n, YNODE_MAP, "a stage", err);
	if (!rc)
		rc = check_keys(p, n, stage_keys, "a stage", err);
	s->node = n;
	s->name = scalar(p, n, "name", err, &rc);
	s->use = scalar(p, n, "use", err, &rc);
	const char *lua = scalar(p, n, "lua", err, &rc);
	if (rc)
		return rc;
	if (!s->use == !lua)
		return at(p, err, n, GALLEY_EINVALID,
		          "a stage needs exactly one of 'use: KIND/NAME' (a plugin) or 'lua: FILE' "
		          "(a script)%s%s",
		          "", NULL);
	if (s->use && !plugin_name_valid(s->use))
		return at(p, err, ynode_get(n, "use"), GALLEY_EINVALID,
		          "'%s' is not a plugin name; plugins are named KIND/NAME, such as "
		          "clean/text%s",
		          s->use, NULL);
	if (lua && !(s->lua = path_join(&p->doc.ar, p->dir, lua)))
		return galley_error_set(err, GALLEY_ENOMEM, "out of memory");
	if (!s->name)
		s->name = s->use ? s->use : path_basename(&p->doc.ar, lua);
	s->with = ynode_get(n, "with");
	s->script_memory_mb = GALLEY_LUA_MEMORY_MB;
	s->script_instructions = GALLEY_LUA_INSTRUCTIONS;
	s->process_memory_mb = GALLEY_SOURCE_MEMORY_MB;
	if (!s->lua && ynode_get(n, "instructions"))
		return at(p, err, ynode_get(n, "instructions"), GALLEY_EINVALID,
		          "'instructions' applies to Lua stages only%s%s", "", NULL);
	if (s->lua && ynode_get(n, "isolate"))
		return at(p, err, ynode_get(n, "isolate"), GALLEY_EINVALID,
		          "'isolate' applies to sources (importers) only%s%s", "", NULL);
	rc = int_key(p, n, "memory_mb", 1, s->lua ? 65536 : 1 << 20,
	             s->lua ? &s->script_memory_mb : &s->process_memory_mb, err);
	s->isolate = 1;
	if (!rc)
		rc = bool_key(p, n, "isolate", &s->isolate, err);
	if (!rc)
		rc = int_key(p, n, "instructions", 1000, INT64_MAX / 2, &s->script_instructions, err);
	s->write_files = 1;
	if (!rc)
		rc = bool_key(p, n, "write_files", &s->write_files, err);
	s->timeout_ms = GALLEY_STAGE_TIMEOUT_MS;
	if (!rc)
		rc = duration_key(p, n, "timeout", &s->timeout_ms, err);
	return rc;
}

static int load_stages(pipeline *p, const ynode *root, galley_error *err)
{
	const ynode *list = ynode_get(root, "stages");
	if (!list)
		return galley_error_at(err, GALLEY_EINVALID, p->file, root->line, root->column,
		                       "a pipeline needs a 'stages:' list");
	int rc = want(p, list, YNODE_SEQ, "stages", err);
	if (rc)
		return rc;
	if (list->count == 0)
		return at(p, err, list, GALLEY_EINVALID, "'stages' is empty%s%s", "", NULL);
	p->stages = arena_alloc(&p->doc.ar, list->count * sizeof(stage));
	if (!p->stages)
		return galley_error_set(err, GALLEY_ENOMEM, "out of memory");
	for (size_t i = 0; i < list->count; i++) {
		rc = load_stage(p, &p->stages[i], list->items[i], err);
		if (rc)
			return rc;
		p->nstages++;
		for (size_t j = 0; j < i; j++)
			if (strcmp(p->stages[j].name, p->stages[i].name) == 0)
				return galley_error_at(
					err, GALLEY_EINVALID, p->file, list->items[i]->line,
					list->items[i]->column,
					"two stages are named '%s' (the first at line %d); give one a different 'name:'",
					p->stages[i].name, p->stages[j].node->line);
	}
	return 0;
}

static int load_plugin_path(pipeline *p, const ynode *root, galley_error *err)
{
	const ynode *n = ynode_get(root, "plugin_path");
	if (!n)
		return 0;
	int rc = want(p, n, YNODE_SEQ, "plugin_path", err);
	if (rc)
		return rc;
	p->plugin_path = arena_alloc(&p->doc.ar, (n->count + 1) * sizeof(char *));
	if (!p->plugin_path)
		return galley_error_set(err, GALLEY_ENOMEM, "out of memory");
	for (size_t i = 0; i < n->count; i++) {
		if ((rc = want(p, n->items[i], YNODE_SCALAR, "plugin_path item", err)))
			return rc;
		p->plugin_path[p->nplugin_path++] = path_join(&p->doc.ar, p->dir, n->items[i]->value);
	}
	return 0;
}

static int load_root(pipeline *p, galley_error *err)
{
	ynode *root = p->doc.root;
	if (!root)
		return galley_error_at(err, GALLEY_EINVALID, p->file, 0, 0,
		                       "the pipeline is empty; it needs at least 'stages:'");
	int rc = want(p, root, YNODE_MAP, "the pipeline", err);
	if (!rc)
		rc = check_keys(p, root, top_keys, "the pipeline", err);
	if (!rc)
		rc = load_vars(p, root, err);
	if (!rc)
		rc = expand_tree(p, root, full_lookup, err);
	const char *name = scalar(p, root, "name", err, &rc);
	const char *output = scalar(p, root, "output", err, &rc);
	scalar(p, root, "description", err, &rc);
	if (rc)
		return rc;
	if (name)
		p->name = name;
	p->output = path_join(&p->doc.ar, p->dir, output ? output : "out");
	int64_t days = PIPELINE_QUARANTINE_DAYS;
	rc = int_key(p, root, "quarantine_days", 0, 36500, &days, err);
	if (rc)
		return rc;
	p->quarantine_days = (int)days;
	rc = load_plugin_path(p, root, err);
	if (!rc)
		rc = load_stages(p, root, err);
	if (rc)
		return rc;
	/* a test file (its more keys: cases) declares partners for their
	 * filters and when: alone, without formats */
	partners_doc d = {.ar = &p->doc.ar, .file = p->file, .dir = p->dir, .name = p->name,
	                  .tests = p->more_keys != NULL};
	rc = partners_load(&d, root, err);
	p->partners = d.partners;
	p->npartners = d.npartners;
	p->state = d.state;
	return rc;
}

int pipeline_load(pipeline *p, const char *file, const char *const *sets, size_t nsets,
                  galley_error *err)
{
	return pipeline_load_with(p, file, sets, nsets, NULL, err);
}

int pipeline_load_with(pipeline *p, const char *file, const char *const *sets, size_t nsets,
                       const char *const *more_keys, galley_error *err)
{
	memset(p, 0, sizeof(*p));
	p->more_keys = more_keys;
	int rc = yaml_load_file(&p->doc, file, err);
	if (rc)
		return rc;
	p->file = p->doc.file;
	p->dir = path_dirname(&p->doc.ar, file);
	char *base = path_basename(&p->doc.ar, file);
	if (!p->dir || !base)
		return galley_error_set(err, GALLEY_ENOMEM, "out of memory");
	char *dot = strrchr(base, '.');
	if (dot && dot != base)
		*dot = '\0';
	p->name = base;
	rc = parse_sets(p, sets, nsets, err);
	return rc ? rc : load_root(p, err);
}

void pipeline_release(pipeline *p)
{
	ydoc_release(&p->doc);
	memset(p, 0, sizeof(*p));
}
