/* vars.c — expansion of ${NAME}, ${NAME:-default} and $$, bounded by
 * GALLEY_VAR_MAX_BYTES.  No nesting: a default is literal text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/bounds.h"
#include "config/vars.h"

typedef struct outbuf {
	char *data;
	size_t len, cap;
} outbuf;

static int put(outbuf *o, const char *s, size_t n)
{
	if (o->len + n > GALLEY_VAR_MAX_BYTES)
		return GALLEY_ELIMIT;
	if (o->len + n + 1 > o->cap) {
		size_t cap = o->cap ? o->cap : 64;
		while (cap < o->len + n + 1)
			cap *= 2;
		char *d = realloc(o->data, cap);
		if (!d)
			return GALLEY_ENOMEM;
		o->data = d;
		o->cap = cap;
	}
	memcpy(o->data + o->len, s, n);
	o->len += n;
	o->data[o->len] = '\0';
	return 0;
}

int vars_name_valid(const char *name, size_t len)
{
	if (len == 0 || !(name[0] == '_' || ((name[0] | 32) >= 'a' && (name[0] | 32) <= 'z')))
		return 0;
	for (size_t i = 1; i < len; i++) {
		char c = name[i];
		if (!(c == '_' || (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z')))
			return 0;
	}
	return 1;
}

/* Expands the ${...} starting at text[i]; advances *i past it. */
static int expand_one(const char *text, size_t *i, vars_lookup_fn lookup, void *data,
                      outbuf *o, char *msg, size_t msgsize)
{
	const char *start = text + *i + 2;
	const char *close = strchr(start, '}');
	if (!close) {
		snprintf(msg, msgsize, "unterminated '${' (a literal dollar is written '$$')");
		return GALLEY_EINVALID;
	}
	const char *dflt = NULL;
	size_t namelen = (size_t)(close - start);
	const char *sep = strstr(start, ":-");
	if (sep && sep < close) {
		namelen = (size_t)(sep - start);
		dflt = sep + 2;
	}
	if (!vars_name_valid(start, namelen)) {
		snprintf(msg, msgsize, "bad variable name '%.*s'", (int)namelen, start);
		return GALLEY_EINVALID;
	}
	char name[256];
	if (namelen >= sizeof(name)) {
		snprintf(msg, msgsize, "variable name longer than %zu bytes", sizeof(name) - 1);
		return GALLEY_ELIMIT;
	}
	memcpy(name, start, namelen);
	name[namelen] = '\0';
	const char *value = lookup(data, name);
	int rc;
	if (value && (value[0] || !dflt))
		rc = put(o, value, strlen(value));
	else if (dflt)
		rc = put(o, dflt, (size_t)(close - dflt));
	else {
		snprintf(msg, msgsize,
		         "undefined variable '%s' (define it under vars:, pass --set %s=VALUE, "
		         "set it in the environment, or write ${%s:-default})",
		         name, name, name);
		return GALLEY_EINVALID;
	}
	*i = (size_t)(close - text) + 1;
	return rc;
}

int vars_expand(const char *text, vars_lookup_fn lookup, void *data, char **out,
                size_t *offset, char *msg, size_t msgsize)
{
	outbuf o = {0};
	if (msgsize)
		msg[0] = '\0';
	int rc = put(&o, "", 0);
	size_t i = 0;
	while (!rc && text[i]) {
		const char *dollar = strchr(text + i, '$');
		size_t run = dollar ? (size_t)(dollar - (text + i)) : strlen(text + i);
		rc = put(&o, text + i, run);
		i += run;
		if (rc || !dollar)
			break;
		*offset = i;
		if (text[i + 1] == '$') {
			rc = put(&o, "$", 1);
			i += 2;
		} else if (text[i + 1] == '{') {
			rc = expand_one(text, &i, lookup, data, &o, msg, msgsize);
		} else {
			rc = put(&o, "$", 1);
			i += 1;
		}
	}
	if (rc == GALLEY_ELIMIT && !msg[0])
		snprintf(msg, msgsize, "value longer than %d bytes after expansion",
		         GALLEY_VAR_MAX_BYTES);
	if (rc == GALLEY_ENOMEM)
		snprintf(msg, msgsize, "out of memory");
	if (rc) {
		free(o.data);
		return rc;
	}
	*out = o.data;
	return 0;
}
