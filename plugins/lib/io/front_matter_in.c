/* front_matter_in.c — YAML front matter onto an article (see
 * front_matter_in.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <yaml.h>

#include "io/front_matter_in.h"
#include "io/yaml_doc.h"
#include "text/whole_number.h"

#define FRONT_MATTER_MAX_DEPTH 32

typedef struct fm {
	const galley_host *h;
	galley_article *a;
	yaml_document_t *y;
	char *why;
	size_t n;
} fm;

static int fm_fail(fm *f, const yaml_node_t *node, const char *msg)
{
	snprintf(f->why, f->n, "front matter line %lu: %s",
	         node ? (unsigned long)node->start_mark.line + 2 : 1UL, msg);
	return -1;
}

static const char *scalar(const yaml_node_t *node)
{
	return node && node->type == YAML_SCALAR_NODE ? (const char *)node->data.scalar.value : NULL;
}

static yaml_node_t *node_at(fm *f, int i)
{
	return yaml_document_get_node(f->y, i);
}

static int list_to(fm *f, const yaml_node_t *v, const char *field)
{
	if (scalar(v))
		return f->h->list_add(f->a, field, scalar(v));
	if (v->type != YAML_SEQUENCE_NODE)
		return fm_fail(f, v, "expected a list of names");
	for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
		const char *s = scalar(node_at(f, *it));
		if (!s)
			return fm_fail(f, v, "expected a list of plain values");
		if (f->h->list_add(f->a, field, s))
			return -1;
	}
	return 0;
}

/* A scalar as JSON: unquoted true/false, null/~ and integers keep
 * their YAML 1.2 core types; everything else is a string. */
static json_t *scalar_json(const yaml_node_t *v)
{
	const char *s = scalar(v);
	if (v->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return json_string(s);
	if (!strcmp(s, "true") || !strcmp(s, "false"))
		return json_boolean(s[0] == 't');
	if (!strcmp(s, "null") || !strcmp(s, "~"))
		return json_null();
	const char *digits = s + (s[0] == '-');
	if (digits[0] && strspn(digits, "0123456789") == strlen(digits) && strlen(digits) < 19 &&
	    (digits[0] != '0' || !digits[1]))
		return json_integer(strtoll(s, NULL, 10));
	return json_string(s);
}

/* The YAML value as JSON. */
static json_t *to_json(fm *f, const yaml_node_t *v, int depth)
{
	if (!v || depth > FRONT_MATTER_MAX_DEPTH)
		return NULL;
	if (v->type == YAML_SCALAR_NODE)
		return scalar_json(v);
	if (v->type == YAML_SEQUENCE_NODE) {
		json_t *list = json_array();
		for (yaml_node_item_t *it = v->data.sequence.items.start; list && it < v->data.sequence.items.top; it++)
			if (json_array_append_new(list, to_json(f, node_at(f, *it), depth + 1)))
				return json_decref(list), NULL;
		return list;
	}
	json_t *map = json_object();
	for (yaml_node_pair_t *p = v->data.mapping.pairs.start; map && p < v->data.mapping.pairs.top; p++) {
		const char *k = scalar(node_at(f, p->key));
		json_t *val = k ? to_json(f, node_at(f, p->value), depth + 1) : NULL;
		if (!val || json_object_set_new(map, k, val))
			return json_decref(map), NULL;
	}
	return map;
}

static int extra_to(fm *f, const char *key, const yaml_node_t *v)
{
	json_t *j = to_json(f, v, 0);
	char *s = j ? json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
	int rc = s ? f->h->extra_set_json(f->a, key, s) : fm_fail(f, v, "a value nested too deeply, or keys that are not plain");
	free(s);
	json_decref(j);
	return rc;
}

/* image: a URL, or {src|url|href, caption, credit, alt}. */
static int image_to(fm *f, const yaml_node_t *v)
{
	int i = f->h->media_add(f->a, "image");
	if (i < 0)
		return -1;
	if (scalar(v))
		return f->h->media_set(f->a, (size_t)i, "href", scalar(v));
	if (v->type != YAML_MAPPING_NODE)
		return fm_fail(f, v, "'image' is a URL or a map of src, caption, credit and alt");
	for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
		const char *k = scalar(node_at(f, p->key)), *val = scalar(node_at(f, p->value));
		static const char *const fields[][2] = {{"src", "href"}, {"url", "href"}, {"href", "href"},
		                                        {"caption", "caption"}, {"credit", "credit"},
		                                        {"alt", "alt"}};
		for (size_t j = 0; k && val && j < sizeof(fields) / sizeof(fields[0]); j++)
			if (!strcmp(k, fields[j][0]) && f->h->media_set(f->a, (size_t)i, fields[j][1], val))
				return -1;
	}
	return 0;
}

/* A key's article field: the name galley's text format uses, or the
 * name Jekyll and Hugo use for it. */
static const char *field_of(const char *key)
{
	static const char *const names[][2] = {
		{"id", "id"},           {"slug", "id"},           {"guid", "guid"},
		{"headline", "headline"}, {"title", "headline"},
		{"kicker", "kicker"},   {"standfirst", "standfirst"},
		{"description", "standfirst"}, {"summary", "standfirst"},
		{"excerpt", "standfirst"}, {"language", "language"},
		{"lang", "language"},   {"section", "section"},
		{"category", "section"}, {"source", "source"},
		{"created", "dates.created"}, {"published", "dates.published"},
		{"date", "dates.published"}, {"modified", "dates.modified"},
		{"updated", "dates.modified"}, {"lastmod", "dates.modified"},
		{"embargo", "dates.embargo"}, {"embargoed", "dates.embargo"},
		{"pubstatus", "pubstatus"}, {"copyright", "copyright"},
		{"usageterms", "usageterms"}};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(key, names[i][0]))
			return names[i][1];
	return NULL;
}

/* version and urgency: a positive whole number. */
static int int_to(fm *f, const char *field, const yaml_node_t *v)
{
	long long n = whole_number(scalar(v));
	if (!n)
		return fm_fail(f, v, "expected a whole number from 1");
	return f->h->set_int(f->a, field, n);
}

static int pair(fm *f, const char *key, const yaml_node_t *v)
{
	const char *field = field_of(key);
	if (!strcmp(key, "version") || !strcmp(key, "urgency"))
		return int_to(f, key, v);
	if (!strcmp(key, "signals") || !strcmp(key, "signal"))
		return list_to(f, v, "signals");
	if (field && !scalar(v))
		return fm_fail(f, v, strncmp(field, "dates.", 6) ? "expected a plain value" : "expected a date");
	if (field)
		return f->h->get(f->a, field) && !strcmp(field, "section") ? 0 : f->h->set(f->a, field, scalar(v));
	if (!strcmp(key, "byline") || !strcmp(key, "bylines") || !strcmp(key, "author") ||
	    !strcmp(key, "authors"))
		return list_to(f, v, "bylines");
	if (!strcmp(key, "keywords") || !strcmp(key, "tags"))
		return list_to(f, v, "keywords");
	if (!strcmp(key, "image"))
		return image_to(f, v);
	if (!strcmp(key, "categories")) {
		const yaml_node_t *first = v->type == YAML_SEQUENCE_NODE && v->data.sequence.items.start < v->data.sequence.items.top
		                                   ? node_at(f, *v->data.sequence.items.start)
		                                   : v;
		if (scalar(first) && !f->h->get(f->a, "section") && f->h->set(f->a, "section", scalar(first)))
			return -1;
	}
	return extra_to(f, key, v);
}

int front_matter_read(const galley_host *h, galley_article *a, const char *yaml, size_t len,
                      char *why, size_t n)
{
	yaml_document_t y;
	yaml_problem problem;
	if (yaml_doc_load(yaml, len, &y, &problem))
		return snprintf(why, n, "front matter line %lu: %s", problem.line + 2, problem.what), -1;
	fm f = {h, a, &y, why, n};
	yaml_node_t *root = yaml_document_get_root_node(&y);
	int rc = root && root->type != YAML_MAPPING_NODE ? fm_fail(&f, root, "front matter must be a map of fields") : 0;
	for (yaml_node_pair_t *p = root && !rc ? root->data.mapping.pairs.start : NULL;
	     p && p < root->data.mapping.pairs.top && !rc; p++) {
		const char *key = scalar(node_at(&f, p->key));
		yaml_node_t *v = node_at(&f, p->value);
		rc = key ? pair(&f, key, v) : fm_fail(&f, v, "keys must be plain values");
	}
	yaml_document_delete(&y);
	if (rc && !why[0])
		snprintf(why, n, "out of memory");
	return rc;
}

char *front_matter_split(char *text, const char **yaml, size_t *yaml_len, char *why, size_t n)
{
	*yaml = NULL;
	*yaml_len = 0;
	if (strncmp(text, "---\n", 4) != 0)
		return text;
	char *end = strstr(text + 3, "\n---\n");
	if (!end && (end = strstr(text + 3, "\n---")) && end[4] != '\0')
		end = NULL;
	if (!end) {
		snprintf(why, n, "front matter opened with '---' is never closed");
		return NULL;
	}
	*yaml = text + 4;
	*yaml_len = (size_t)(end - text) - 3;
	return end[4] ? end + 5 : end + 4;
}
