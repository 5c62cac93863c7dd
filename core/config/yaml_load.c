/* yaml_load.c — libyaml's event parser turned into a ynode tree.
 * Bounded: file size, nesting depth and nodes reached through aliases
 * (the "billion laughs" document) all have limits from base/bounds.h.
 * Aliases share the anchored node instead of copying it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "base/bounds.h"
#include "config/yaml_load.h"
#include "base/suggest.h"

typedef struct anchor {
	char *name;
	ynode *node;
	size_t weight; /* nodes in the subtree */
} anchor;

typedef struct frame {
	ynode *node;
	ynode **items;
	size_t count, cap;
	char *anchor;
	size_t weight;
} frame;

typedef struct builder {
	ydoc *doc;
	galley_error *err;
	frame stack[GALLEY_YAML_MAX_DEPTH + 1];
	int depth;
	anchor *anchors;
	size_t nanchors, capanchors;
	size_t alias_nodes;
	int documents;
	const char *text; /* the whole input, for hints in syntax errors */
	size_t len;
} builder;

static int fail_at(builder *b, yaml_mark_t mark, int code, const char *msg)
{
	return galley_error_at(b->err, code, b->doc->file, (int)mark.line + 1,
	                       (int)mark.column + 1, "%s", msg);
}

static ynode *new_node(builder *b, ynode_kind kind, yaml_mark_t mark)
{
	ynode *n = arena_alloc(&b->doc->ar, sizeof(*n));
	if (!n)
		return NULL;
	n->kind = kind;
	n->line = (int)mark.line + 1;
	n->column = (int)mark.column + 1;
	return n;
}

static int remember_anchor(builder *b, const char *name, ynode *node, size_t weight)
{
	if (!name)
		return 0;
	if (b->nanchors == b->capanchors) {
		size_t cap = b->capanchors ? b->capanchors * 2 : 8;
		anchor *a = realloc(b->anchors, cap * sizeof(*a));
		if (!a)
			return GALLEY_ENOMEM;
		b->anchors = a;
		b->capanchors = cap;
	}
	/* A later anchor of the same name wins, as the YAML spec says. */
	b->anchors[b->nanchors++] = (anchor){arena_strdup(&b->doc->ar, name), node, weight};
	return 0;
}

/* Adds a finished node to the collection on top of the stack. */
static int attach(builder *b, ynode *node, size_t weight)
{
	if (b->depth == 0) {
		b->doc->root = node;
		return 0;
	}
	frame *f = &b->stack[b->depth - 1];
	if (f->count == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 8;
		ynode **items = realloc(f->items, cap * sizeof(*items));
		if (!items)
			return GALLEY_ENOMEM;
		f->items = items;
		f->cap = cap;
	}
	f->items[f->count++] = node;
	f->weight += weight;
	return 0;
}

static int on_scalar(builder *b, yaml_event_t *ev)
{
	ynode *n = new_node(b, YNODE_SCALAR, ev->start_mark);
	if (!n)
		return GALLEY_ENOMEM;
	n->value = arena_strndup(&b->doc->ar, (const char *)ev->data.scalar.value,
	                         ev->data.scalar.length);
	if (!n->value)
		return GALLEY_ENOMEM;
	if (strlen(n->value) != ev->data.scalar.length)
		return fail_at(b, ev->start_mark, GALLEY_EINVALID, "NUL byte inside a value");
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	int rc = remember_anchor(b, (const char *)ev->data.scalar.anchor, n, 1);
	return rc ? rc : attach(b, n, 1);
}

static int on_start(builder *b, yaml_event_t *ev, ynode_kind kind, const yaml_char_t *anchor_name)
{
	if (b->depth >= GALLEY_YAML_MAX_DEPTH)
		return galley_error_at(b->err, GALLEY_ELIMIT, b->doc->file,
		                       (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1,
		                       "nesting deeper than %d levels", GALLEY_YAML_MAX_DEPTH);
	ynode *n = new_node(b, kind, ev->start_mark);
	if (!n)
		return GALLEY_ENOMEM;
	frame *f = &b->stack[b->depth++];
	memset(f, 0, sizeof(*f));
	f->node = n;
	f->weight = 1;
	if (anchor_name) {
		f->anchor = strdup((const char *)anchor_name);
		if (!f->anchor)
			return GALLEY_ENOMEM;
	}
	return 0;
}

static int check_map(builder *b, frame *f)
{
	for (size_t i = 0; i < f->count; i += 2) {
		ynode *key = f->items[i];
		if (key->kind != YNODE_SCALAR)
			return galley_error_at(b->err, GALLEY_EINVALID, b->doc->file, key->line,
			                       key->column, "a key must be a plain value, not a %s",
			                       ynode_kind_name(key->kind));
		for (size_t j = 0; j < i; j += 2)
			if (strcmp(f->items[j]->value, key->value) == 0)
				return galley_error_at(b->err, GALLEY_EINVALID, b->doc->file,
				                       key->line, key->column,
				                       "duplicate key '%s' (first at line %d)",
				                       key->value, f->items[j]->line);
	}
	return 0;
}

static int on_end(builder *b)
{
	frame *f = &b->stack[--b->depth];
	ynode *n = f->node;
	int rc = 0;
	if (n->kind == YNODE_MAP)
		rc = check_map(b, f);
	if (!rc && f->count) {
		n->items = arena_alloc(&b->doc->ar, f->count * sizeof(*n->items));
		if (!n->items)
			rc = GALLEY_ENOMEM;
		else
			memcpy(n->items, f->items, f->count * sizeof(*n->items));
	}
	n->count = n->kind == YNODE_MAP ? f->count / 2 : f->count;
	size_t weight = f->weight;
	if (!rc)
		rc = remember_anchor(b, f->anchor, n, weight);
	free(f->items);
	free(f->anchor);
	memset(f, 0, sizeof(*f));
	return rc ? rc : attach(b, n, weight);
}

static int on_alias(builder *b, yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	for (size_t i = b->nanchors; i-- > 0;) {
		if (strcmp(b->anchors[i].name, name) != 0)
			continue;
		b->alias_nodes += b->anchors[i].weight;
		if (b->alias_nodes > GALLEY_YAML_MAX_ALIAS_NODES)
			return galley_error_at(b->err, GALLEY_ELIMIT, b->doc->file,
			                       (int)ev->start_mark.line + 1,
			                       (int)ev->start_mark.column + 1,
			                       "aliases expand to more than %d nodes",
			                       GALLEY_YAML_MAX_ALIAS_NODES);
		return attach(b, b->anchors[i].node, b->anchors[i].weight);
	}
	/* libyaml reports undefined aliases itself; this is a safety net. */
	return fail_at(b, ev->start_mark, GALLEY_ESYNTAX, "unknown alias");
}

static int on_event(builder *b, yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++b->documents > 1)
			return fail_at(b, ev->start_mark, GALLEY_ESYNTAX,
			               "more than one YAML document; a pipeline is one document");
		return 0;
	case YAML_SCALAR_EVENT:
		return on_scalar(b, ev);
	case YAML_SEQUENCE_START_EVENT:
		return on_start(b, ev, YNODE_SEQ, ev->data.sequence_start.anchor);
	case YAML_MAPPING_START_EVENT:
		return on_start(b, ev, YNODE_MAP, ev->data.mapping_start.anchor);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return on_end(b);
	case YAML_ALIAS_EVENT:
		return on_alias(b, ev);
	default:
		return 0;
	}
}

/* A bare ${NAME} inside [ ] or { } reads to YAML as the start of a map: a
 * syntax error that names the bracket, not the cause.  Say what to do. */
static const char *flow_hint(const builder *b, const yaml_parser_t *p)
{
	if (!b->text || !p->context || !strstr(p->context, "flow"))
		return "";
	/* marks count characters, not bytes: look at whole lines instead */
	size_t line = 0, i = 0;
	for (; i < b->len && line < p->context_mark.line; i++)
		line += b->text[i] == '\n';
	for (; i + 1 < b->len && line <= p->problem_mark.line; i++) {
		line += b->text[i] == '\n';
		if (b->text[i] == '$' && b->text[i + 1] == '{')
			return " (inside [ ] or { }, quote a value that uses ${...}: \"${NAME}\")";
	}
	return "";
}

static int parser_error(builder *b, yaml_parser_t *p)
{
	/* With a context ("while scanning a quoted scalar") the useful place
	 * is where that construct starts; the problem's place follows. */
	char msg[512];
	const char *problem = p->problem ? p->problem : "syntax error";
	if (p->context)
		snprintf(msg, sizeof(msg), "%s that starts here: %s at line %d, column %d%s",
		         p->context + (strncmp(p->context, "while ", 6) == 0 ? 6 : 0), problem,
		         (int)p->problem_mark.line + 1, (int)p->problem_mark.column + 1,
		         flow_hint(b, p));
	else
		snprintf(msg, sizeof(msg), "%s", problem);
	int code = p->error == YAML_MEMORY_ERROR ? GALLEY_ENOMEM : GALLEY_ESYNTAX;
	return fail_at(b, p->context ? p->context_mark : p->problem_mark, code, msg);
}

static void builder_release(builder *b)
{
	while (b->depth > 0) {
		frame *f = &b->stack[--b->depth];
		free(f->items);
		free(f->anchor);
	}
	free(b->anchors);
}

int yaml_load_string(ydoc *doc, const char *name, const char *text, size_t len,
                     galley_error *err)
{
	arena_init(&doc->ar);
	doc->root = NULL;
	doc->file = arena_strdup(&doc->ar, name);
	if (!doc->file)
		return galley_error_set(err, GALLEY_ENOMEM, "out of memory");
	if (len > GALLEY_YAML_MAX_BYTES)
		return galley_error_at(err, GALLEY_ELIMIT, name, 0, 0,
		                       "file is larger than the %d-byte limit for pipelines",
		                       GALLEY_YAML_MAX_BYTES);

	builder b = {.doc = doc, .err = err, .text = text, .len = len};
	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser))
		return galley_error_set(err, GALLEY_ENOMEM, "out of memory");
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	int rc = 0, done = 0;
	while (!rc && !done) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&parser, &ev)) {
			rc = parser_error(&b, &parser);
			break;
		}
		rc = on_event(&b, &ev);
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	if (rc == GALLEY_ENOMEM && err && !err->message[0])
		galley_error_at(err, rc, name, 0, 0, "out of memory");
	builder_release(&b);
	yaml_parser_delete(&parser);
	return rc;
}

int yaml_load_file(ydoc *doc, const char *path, galley_error *err)
{
	arena_init(&doc->ar);
	doc->root = NULL;
	doc->file = NULL;
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return galley_error_at(err, GALLEY_EIO, path, 0, 0, "cannot open: %s",
		                       strerror(errno));
	char *text = malloc(GALLEY_YAML_MAX_BYTES + 1);
	size_t len = text ? fread(text, 1, GALLEY_YAML_MAX_BYTES + 1, fp) : 0;
	int rc;
	if (!text)
		rc = galley_error_set(err, GALLEY_ENOMEM, "out of memory");
	else if (ferror(fp))
		rc = galley_error_at(err, GALLEY_EIO, path, 0, 0, "cannot read: %s",
		                     strerror(errno));
	else
		rc = yaml_load_string(doc, path, text, len, err);
	free(text);
	fclose(fp);
	return rc;
}

void ydoc_release(ydoc *doc)
{
	arena_release(&doc->ar);
	doc->root = NULL;
	doc->file = NULL;
}

ynode *ynode_key(const ynode *map, size_t i)
{
	return map && map->kind == YNODE_MAP && i < map->count ? map->items[2 * i] : NULL;
}

ynode *ynode_value(const ynode *map, size_t i)
{
	return map && map->kind == YNODE_MAP && i < map->count ? map->items[2 * i + 1] : NULL;
}

ynode *ynode_get(const ynode *map, const char *key)
{
	if (!map || map->kind != YNODE_MAP)
		return NULL;
	for (size_t i = 0; i < map->count; i++)
		if (strcmp(map->items[2 * i]->value, key) == 0)
			return map->items[2 * i + 1];
	return NULL;
}

static int listed(const char *const *list, const char *s)
{
	for (size_t i = 0; list && list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

const ynode *ynode_unknown_key(const ynode *map, size_t *from, const char *const *known,
                               const char *const *more, char *hint, size_t size)
{
	for (size_t i = *from; map && map->kind == YNODE_MAP && i < map->count; i++) {
		const ynode *key = ynode_key(map, i);
		if (listed(known, key->value) || listed(more, key->value))
			continue;
		*from = i + 1;
		suggest_hint(key->value, known, hint, size);
		return key;
	}
	return NULL;
}

const char *ynode_kind_name(ynode_kind kind)
{
	switch (kind) {
	case YNODE_SCALAR:
		return "value";
	case YNODE_SEQ:
		return "list";
	case YNODE_MAP:
		return "map";
	}
	return "?";
}
