/* pipeline_bind.c — plugin lookup and settings validation per stage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/suggest.h"
#include "lua/script_stage.h"
#include "config/partners.h"
#include "config/pipeline_bind.h"

/* The key of a setting's map that names use, for an error's place. */
static const ynode *key_naming(const stage *s, const char *setting, const char *use)
{
	const ynode *map = ynode_get(s->with, setting);
	for (size_t i = 0; map && map->kind == YNODE_MAP && i < map->count; i++)
		if (strcmp(ynode_value(map, i)->value ? ynode_value(map, i)->value : "", use) == 0)
			return ynode_value(map, i);
	return map ? map : ynode_get(s->node, "use");
}

/* Every plugin a GALLEY_SETTING_SOURCES setting names is loaded now, while
 * one thread binds, and must be a source that loads files (process()). */
static int bind_importers(pipeline *p, plugins *ps, stage *s, galley_error *err)
{
	for (size_t i = 0; i < s->settings.count; i++) {
		const setting_value *v = &s->settings.values[i];
		for (size_t k = 0; v->spec->type == GALLEY_SETTING_SOURCES && k < v->count; k++) {
			const galley_plugin *pl;
			const ynode *at = key_naming(s, v->spec->name, v->values[k]);
			char msg[1024] = "";
			if (plugins_find(ps, v->values[k], &pl, err) != 0)
				galley_error_format(err, msg, sizeof(msg));
			else if (pl->role != GALLEY_ROLE_SOURCE || !pl->process)
				snprintf(msg, sizeof(msg), "'%s' in setting '%s' of %s is not an importer (a "
				         "source that loads files)", v->values[k], v->spec->name, s->use);
			if (msg[0])
				return galley_error_at(err, GALLEY_EINVALID, p->file, at->line, at->column,
				                       "%s", msg);
		}
	}
	return 0;
}

static int bind_stage(pipeline *p, plugins *ps, stage *s, galley_error *err)
{
	if (s->lua) {
		s->plugin = script_stage_plugin();
		return 0;
	}
	const ynode *use = ynode_get(s->node, "use");
	int rc = plugins_find(ps, s->use, &s->plugin, err);
	if (rc) {
		char msg[1024];
		galley_error_format(err, msg, sizeof(msg));
		return galley_error_at(err, rc, p->file, use->line, use->column, "%s", msg);
	}
	/* memory_mb of a plugin stage is its importer process's (run/isolate.h) */
	static const char *const only_sources[] = {"memory_mb", "isolate"};
	static const char *const whom[] = {"Lua stages and sources", "sources"};
	for (size_t k = 0; k < 2 && s->plugin->role != GALLEY_ROLE_SOURCE; k++) {
		const ynode *at = ynode_get(s->node, only_sources[k]);
		if (at)
			return galley_error_at(err, GALLEY_EINVALID, p->file, at->line, at->column,
			                       "'%s' applies to %s only; %s is a %s", only_sources[k],
			                       whom[k], s->use, plugin_role_name(s->plugin->role));
	}
	rc = settings_resolve(&s->settings, &p->doc.ar, s->plugin->settings, s->with, use, p->file,
	                      p->dir, s->use, err);
	return rc ? rc : bind_importers(p, ps, s, err);
}

/* Each partner's formats: the indexes of the sink stages they name. */
/* Why a partner format names no stage, helpfully: a plugin that a stage
 * of another name uses ("the stage using export/ninjs is named 'ninjs'"),
 * else the closest stage name. */
static void format_hint(const pipeline *p, const char *format, char *out, size_t size)
{
	out[0] = '\0';
	for (size_t k = 0; k < p->nstages; k++)
		if (p->stages[k].use && strcmp(p->stages[k].use, format) == 0) {
			snprintf(out, size, "; the stage using %s is named '%s': formats name stages",
			         format, p->stages[k].name);
			return;
		}
	const char **names = calloc(p->nstages + 1, sizeof(*names));
	for (size_t k = 0; names && k < p->nstages; k++)
		names[k] = p->stages[k].name;
	if (names)
		suggest_hint(format, names, out, size);
	free(names);
}

static int partners_bind(struct pipeline *p, galley_error *err)
{
	for (size_t i = 0; i < p->npartners; i++) {
		partner *pt = &p->partners[i];
		pt->format_stages = arena_alloc(&p->doc.ar, pt->formats.count * sizeof(size_t));
		if (!pt->format_stages)
			return galley_error_set(err, GALLEY_ENOMEM, "out of memory");
		const ynode *fn = ynode_get(pt->node, "formats");
		for (size_t f = 0; f < pt->formats.count; f++) {
			size_t k = 0;
			while (k < p->nstages && strcmp(p->stages[k].name, pt->formats.items[f]) != 0)
				k++;
			const ynode *at = fn->kind == YNODE_SEQ ? fn->items[f] : fn;
			if (k == p->nstages) {
				char hint[300];
				format_hint(p, pt->formats.items[f], hint, sizeof(hint));
				return galley_error_at(err, GALLEY_EINVALID, p->file, at->line, at->column,
				                       "partner format '%s' is not the name of a stage%s",
				                       pt->formats.items[f], hint);
			}
			if (p->stages[k].plugin->role != GALLEY_ROLE_SINK)
				return galley_error_at(err, GALLEY_EINVALID, p->file, at->line, at->column,
				                       "partner format '%s' must be an export stage (a sink), "
				                       "such as export/json",
				                       pt->formats.items[f]);
			if (p->stages[k].plugin->flags & GALLEY_PLUGIN_RUN_WIDE)
				return galley_error_at(err, GALLEY_EINVALID, p->file, at->line, at->column,
				                       "partner format '%s' is %s, which writes files for the "
				                       "whole run, none for an article; a partner's bundle "
				                       "carries each article's files: name per-article "
				                       "exports such as export/ninjs",
				                       pt->formats.items[f], p->stages[k].use);
			pt->format_stages[f] = k;
		}
	}
	return 0;
}

int pipeline_bind(pipeline *p, plugins *ps, galley_error *err)
{
	p->plugins = ps;
	for (size_t i = 0; i < p->nstages; i++) {
		int rc = bind_stage(p, ps, &p->stages[i], err);
		if (rc)
			return rc;
	}
	/* sources, then transforms, then sinks: articles flow one way, and
	 * sinks see them last and in input order */
	size_t sources = 0;
	for (size_t i = 0; i < p->nstages; i++) {
		galley_role role = p->stages[i].plugin->role;
		sources += role == GALLEY_ROLE_SOURCE;
		if (i > 0 && role < p->stages[i - 1].plugin->role) {
			const ynode *n = p->stages[i].node;
			return galley_error_at(err, GALLEY_EINVALID, p->file, n->line, n->column,
			                       "stage '%s' (a %s) comes after '%s' (a %s); order stages as "
			                       "sources, then transforms, then sinks",
			                       p->stages[i].name, plugin_role_name(role), p->stages[i - 1].name,
			                       plugin_role_name(p->stages[i - 1].plugin->role));
		}
	}
	if (sources == 0 && !p->partial)
		return galley_error_at(err, GALLEY_EINVALID, p->file, p->stages[0].node->line,
		                       p->stages[0].node->column,
		                       "no stage reads articles: the first stage should be a source "
		                       "such as import/text");
	return partners_bind(p, err);
}
