/* walk_json.c — builds a jansson tree from a walk (see walk_json.h): a
 * stack of the open objects and arrays, each value added to the one on
 * top under the key last seen. */
#include <stdlib.h>
#include <string.h>

#include "article/walk_json.h"

#define DEPTH_MAX 64 /* beyond: refused (the core's extra is bounded well below) */

typedef struct builder {
	json_t *stack[DEPTH_MAX];
	int depth;
	json_t *root;
	char *key; /* the pending key of the object on top (malloc'd: may hold a NUL) */
	size_t keylen;
} builder;

/* Adds v (a new reference, taken) to the open container, or makes it the
 * root; 0, or -1 when v is NULL or jansson refused it. */
static int add(builder *b, json_t *v)
{
	if (!v)
		return -1;
	if (b->depth == 0) {
		b->root = v;
		return 0;
	}
	json_t *top = b->stack[b->depth - 1];
	int rc = json_is_array(top) ? json_array_append_new(top, v)
	                            : json_object_setn_new(top, b->key, b->keylen, v);
	free(b->key);
	b->key = NULL;
	return rc;
}

static int open_value(builder *b, json_t *v)
{
	if (b->depth == DEPTH_MAX) {
		json_decref(v);
		return -1;
	}
	json_incref(v);
	if (add(b, v)) {
		json_decref(v);
		return -1;
	}
	b->stack[b->depth++] = v;
	return 0;
}

static int close_value(void *data)
{
	builder *b = data;
	json_decref(b->stack[--b->depth]); /* the container keeps it (or root does) */
	return 0;
}

static int object_begin(void *data)
{
	return open_value(data, json_object());
}

static int array_begin(void *data)
{
	return open_value(data, json_array());
}

static int key(void *data, const char *k, size_t len)
{
	builder *b = data;
	free(b->key);
	b->key = malloc(len + 1);
	if (!b->key)
		return -1;
	memcpy(b->key, k, len);
	b->key[len] = '\0';
	b->keylen = len;
	return 0;
}

static int string(void *data, const char *s, size_t len)
{
	return add(data, json_stringn(s, len));
}

static int integer(void *data, int64_t v)
{
	return add(data, json_integer(v));
}

static int real(void *data, double v)
{
	return add(data, json_real(v));
}

static int boolean(void *data, int v)
{
	return add(data, json_boolean(v));
}

static int null(void *data)
{
	return add(data, json_null());
}

json_t *walk_json(int (*walk)(const galley_article *, const galley_walker *, void *),
                  const galley_article *a)
{
	static const galley_walker w = {object_begin, close_value, array_begin, close_value, key,
	                                string,       integer,     real,        boolean,     null};
	builder b = {0};
	int rc = walk(a, &w, &b);
	while (b.depth > 0) /* a walk cut short: let go of what is open */
		close_value(&b);
	free(b.key);
	if (rc) {
		json_decref(b.root);
		return NULL;
	}
	return b.root;
}
