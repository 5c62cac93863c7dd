/* yaml_json.c — YAML nodes to jansson values (see yaml_json.h). */
#include <stdlib.h>
#include <string.h>

#include "config/yaml_json.h"

static json_t *scalar(const ynode *n)
{
	const char *s = n->value;
	if (!n->plain)
		return json_string(s);
	char *end;
	long long v = strtoll(s, &end, 10);
	if (s[0] && !*end)
		return json_integer(v);
	if (strcmp(s, "true") == 0 || strcmp(s, "false") == 0)
		return json_boolean(s[0] == 't');
	if (!s[0] || strcmp(s, "null") == 0 || strcmp(s, "~") == 0)
		return json_null();
	return json_string(s);
}

json_t *yaml_to_json(const ynode *n)
{
	if (n->kind == YNODE_SCALAR)
		return scalar(n);
	json_t *out = n->kind == YNODE_SEQ ? json_array() : json_object();
	for (size_t i = 0; out && i < n->count; i++) {
		json_t *v = yaml_to_json(n->kind == YNODE_SEQ ? n->items[i] : ynode_value(n, i));
		int rc = !v ? -1
		       : n->kind == YNODE_SEQ ? json_array_append_new(out, v)
		                              : json_object_set_new(out, ynode_key(n, i)->value, v);
		if (rc) {
			json_decref(out);
			return NULL;
		}
	}
	return out;
}
