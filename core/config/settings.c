/* settings.c — typed, validated stage settings with defaults. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "base/glob.h"
#include "base/lang_tag.h"
#include "base/path.h"
#include "config/settings.h"

const char *settings_type_name(galley_setting_type type)
{
	switch (type) {
	case GALLEY_SETTING_STRING:
		return "string";
	case GALLEY_SETTING_INT:
		return "integer";
	case GALLEY_SETTING_BOOL:
		return "boolean";
	case GALLEY_SETTING_LIST:
		return "list";
	case GALLEY_SETTING_MAP:
		return "map";
	case GALLEY_SETTING_PATH:
		return "path";
	case GALLEY_SETTING_SOURCES:
		return "plugin map";
	}
	return "?";
}

typedef struct resolver {
	arena *ar;
	const char *file, *dir, *plugin;
	galley_error *err;
} resolver;

static int wrong_type(resolver *r, const ynode *n, const galley_setting *spec)
{
	const char *shown = n->kind == YNODE_SCALAR ? n->value : ynode_kind_name(n->kind);
	return galley_error_at(r->err, GALLEY_EINVALID, r->file, n->line, n->column,
	                       "setting '%s' of %s must be %s %s, not '%s'", spec->name, r->plugin,
	                       spec->type == GALLEY_SETTING_INT ? "an" : "a",
	                       settings_type_name(spec->type), shown);
}

static int parse_int(const char *s, int64_t *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end)
		return -1;
	*out = v;
	return 0;
}

int settings_parse_bool(const char *s, int64_t *out)
{
	static const char *const yes[] = {"true", "yes", "on", NULL};
	static const char *const no[] = {"false", "no", "off", NULL};
	for (int i = 0; yes[i]; i++) {
		if (strcasecmp(s, yes[i]) == 0)
			return (*out = 1, 0);
		if (strcasecmp(s, no[i]) == 0)
			return (*out = 0, 0);
	}
	return -1;
}

int settings_parse_duration(const char *s, int64_t *ms)
{
	char *end = NULL;
	double v = strtod(s, &end), unit = 1000;
	if (end == s)
		return -1;
	if (strcmp(end, "ms") == 0)
		unit = 1;
	else if (strcmp(end, "m") == 0 || strcmp(end, "min") == 0)
		unit = 60000;
	else if (strcmp(end, "h") == 0)
		unit = 3600000;
	else if (*end && strcmp(end, "s") != 0)
		return -1;
	double total = v * unit;
	if (!(total >= 1 && total <= 86400000.0))
		return -1;
	*ms = (int64_t)total;
	return 0;
}

/* The default of a GALLEY_SETTING_SOURCES map: "key=kind/name" lines. */
static int sources_from_text(resolver *r, setting_value *v, const char *text)
{
	size_t n = 1;
	for (const char *p = text; *p; p++)
		n += *p == '\n';
	v->items = arena_alloc(r->ar, n * sizeof(char *));
	v->values = arena_alloc(r->ar, n * sizeof(char *));
	if (!v->items || !v->values)
		return GALLEY_ENOMEM;
	for (const char *p = text; *p;) {
		size_t len = strcspn(p, "\n"), key = strcspn(p, "=\n");
		if (key == len || key == 0)
			return -1;
		v->items[v->count] = arena_strndup(r->ar, p, key);
		v->values[v->count++] = arena_strndup(r->ar, p + key + 1, len - key - 1);
		p += len + (p[len] == '\n');
	}
	return 0;
}

/* The pipeline's map over a GALLEY_SETTING_SOURCES default: its keys are
 * added, or replace the default's. */
static int sources_merge(resolver *r, setting_value *v, const ynode *n)
{
	const char **items = arena_alloc(r->ar, (v->count + n->count + 1) * sizeof(char *));
	const char **values = arena_alloc(r->ar, (v->count + n->count + 1) * sizeof(char *));
	if (!items || !values)
		return GALLEY_ENOMEM;
	memcpy(items, v->items ? v->items : items, v->count * sizeof(char *));
	memcpy(values, v->values ? v->values : values, v->count * sizeof(char *));
	size_t count = v->count;
	for (size_t i = 0; i < n->count; i++) {
		const ynode *val = ynode_value(n, i);
		if (val->kind != YNODE_SCALAR)
			return galley_error_at(r->err, GALLEY_EINVALID, r->file, val->line, val->column,
			                       "setting '%s' of %s must map names to plugins, not to a %s",
			                       v->spec->name, r->plugin, ynode_kind_name(val->kind));
		const char *key = ynode_key(n, i)->value;
		size_t k = 0;
		while (k < count && strcmp(items[k], key) != 0)
			k++;
		items[k] = key;
		values[k] = val->value;
		count += k == count;
	}
	v->items = items;
	v->values = values;
	v->count = count;
	return 0;
}

/* Converts a scalar default or value; fails on a malformed one. */
static int from_text(resolver *r, setting_value *v, const char *text)
{
	switch (v->spec->type) {
	case GALLEY_SETTING_INT:
		return parse_int(text, &v->num);
	case GALLEY_SETTING_BOOL:
		return settings_parse_bool(text, &v->num);
	case GALLEY_SETTING_PATH:
		v->str = path_join(r->ar, r->dir, text);
		return v->str ? 0 : GALLEY_ENOMEM;
	case GALLEY_SETTING_SOURCES:
		return sources_from_text(r, v, text);
	case GALLEY_SETTING_LIST: {
		/* a default: items separated by newlines */
		size_t n = 1;
		for (const char *p = text; *p; p++)
			n += *p == '\n';
		v->items = arena_alloc(r->ar, n * sizeof(char *));
		if (!v->items)
			return GALLEY_ENOMEM;
		const char *p = text;
		for (v->count = 0; v->count < n; v->count++) {
			size_t len = strcspn(p, "\n");
			v->items[v->count] = arena_strndup(r->ar, p, len);
			p += len + (p[len] == '\n');
		}
		return 0;
	}
	default:
		v->str = text;
		return 0;
	}
}

/* Does the folder a path pattern starts in exist? */
static int pattern_root_exists(const char *pattern)
{
	char dir[4096];
	snprintf(dir, sizeof(dir), "%.*s", (int)glob_fixed_len(pattern), pattern);
	return access(dir[0] ? dir : ".", F_OK) == 0;
}

/* A path setting left at its default that names nothing beside the
 * pipeline (a `galley init` project has no gazetteers/ of its own) is
 * galley's own data: the build tree's pipelines/ (a folder or two above
 * its galley), else PREFIX/share/galley beside the installed one.  What exists nowhere
 * stays as it was, for `galley check` to name. */
static const char *installed_data(resolver *r, const char *text, const char *joined)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (!joined || text[0] == '/' || pattern_root_exists(joined) || n <= 0)
		return joined;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return joined;
	*slash = '\0';
	/* build/galley, build/asan/galley, PREFIX/bin/galley */
	static const char *const beside[] = {"/../pipelines", "/../../pipelines", "/../share/galley"};
	for (size_t i = 0; i < sizeof(beside) / sizeof(*beside); i++) {
		char dir[4200];
		snprintf(dir, sizeof(dir), "%s%s", exe, beside[i]);
		const char *there = path_join(r->ar, dir, text);
		if (there && pattern_root_exists(there))
			return there;
	}
	return joined;
}

/* A string setting named `language` (every importer's, export/feed's) is
 * a BCP 47 tag, kept in its conventional case: "en_us" is "en-US". */
static int language_tag(resolver *r, setting_value *v, const ynode *n)
{
	if (v->spec->type != GALLEY_SETTING_STRING || strcmp(v->spec->name, "language") != 0 ||
	    !v->str || !v->str[0])
		return 0;
	char tag[LANG_TAG_MAX];
	if (lang_tag_normalise(v->str, tag, sizeof(tag)))
		return galley_error_at(r->err, GALLEY_EINVALID, r->file, n->line, n->column,
		                       "setting 'language' of %s must be a BCP 47 language tag "
		                       "such as en or nb-NO, not '%s'",
		                       r->plugin, v->str);
	if (strcmp(tag, v->str) != 0 && !(v->str = arena_strdup(r->ar, tag)))
		return GALLEY_ENOMEM;
	return 0;
}

static int from_node(resolver *r, setting_value *v, const ynode *n)
{
	galley_setting_type t = v->spec->type;
	if (t == GALLEY_SETTING_SOURCES) {
		if (n->kind != YNODE_MAP)
			return wrong_type(r, n, v->spec);
		int rc = v->spec->default_value ? from_text(r, v, v->spec->default_value) : 0;
		return rc == -1 ? wrong_type(r, n, v->spec) : rc ? rc : sources_merge(r, v, n);
	}
	if (t == GALLEY_SETTING_LIST || t == GALLEY_SETTING_MAP) {
		if (n->kind != (t == GALLEY_SETTING_LIST ? YNODE_SEQ : YNODE_MAP))
			return wrong_type(r, n, v->spec);
		v->count = n->count;
		v->items = arena_alloc(r->ar, (n->count + 1) * sizeof(char *));
		v->values = arena_alloc(r->ar, (n->count + 1) * sizeof(char *));
		if (!v->items || !v->values)
			return GALLEY_ENOMEM;
		for (size_t i = 0; i < n->count; i++) {
			const ynode *item = t == GALLEY_SETTING_LIST ? n->items[i] : ynode_value(n, i);
			if (item->kind != YNODE_SCALAR)
				return galley_error_at(r->err, GALLEY_EINVALID, r->file, item->line,
				                       item->column,
				                       "setting '%s' of %s must hold plain values, not a %s",
				                       v->spec->name, r->plugin,
				                       ynode_kind_name(item->kind));
			v->items[i] = t == GALLEY_SETTING_LIST ? item->value : ynode_key(n, i)->value;
			v->values[i] = item->value;
		}
		return 0;
	}
	if (n->kind != YNODE_SCALAR)
		return wrong_type(r, n, v->spec);
	int rc = from_text(r, v, n->value);
	return rc == -1 ? wrong_type(r, n, v->spec) : rc ? rc : language_tag(r, v, n);
}

/* ---- the rules a setting declares (ABI 2.0) ---- */

/* "a, b or c" of a NULL-terminated list, into buf. */
static const char *choices_text(const char *const *list, char *buf, size_t size)
{
	size_t len = 0;
	buf[0] = '\0';
	for (int i = 0; list[i] && len < size; i++) {
		const char *sep = i == 0 ? "" : list[i + 1] ? ", " : " or ";
		len += (size_t)snprintf(buf + len, size - len, "%s%s", sep, list[i]);
	}
	return buf;
}

/* 1 when the whole of text matches the pattern; -1 when it does not
 * compile (the plugin's fault). */
static int pattern_matches(const char *pattern, const char *text)
{
	int code;
	PCRE2_SIZE at;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &code,
	                               &at, NULL);
	if (!re)
		return -1;
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	int rc = md ? pcre2_match(re, (PCRE2_SPTR)text, strlen(text), 0,
	                          PCRE2_ANCHORED | PCRE2_ENDANCHORED, md, NULL)
	            : PCRE2_ERROR_NOMEMORY;
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	return rc >= 0 ? 1 : rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}

/* Where a message about the setting points: its value's node, else the
 * stage's. */
typedef struct rule_at {
	resolver *r;
	const galley_setting *spec;
	const ynode *n;   /* NULL: a default (the plugin's own fault) */
	const char *key; /* a MAP value's key, named in the message */
} rule_at;

static int broken(const rule_at *at, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int broken(const rule_at *at, const char *fmt, ...)
{
	char why[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	if (!at->n)
		return galley_error_set(at->r->err, GALLEY_EPLUGIN, "%s: default of setting '%s' %s",
		                        at->r->plugin, at->spec->name, why);
	char key[300] = "";
	if (at->key)
		snprintf(key, sizeof(key), " for '%s'", at->key);
	return galley_error_at(at->r->err, GALLEY_EINVALID, at->r->file, at->n->line, at->n->column,
	                       "setting '%s'%s of %s %s", at->spec->name, key, at->r->plugin, why);
}

/* One string value (a STRING, a LIST item, a MAP value): choices, pattern. */
static int check_text(const rule_at *at, const char *text)
{
	const galley_setting *spec = at->spec;
	char list[512];
	if (spec->choices) {
		int ok = 0;
		for (int i = 0; spec->choices[i] && !ok; i++)
			ok = strcmp(spec->choices[i], text) == 0;
		if (!ok)
			return broken(at, "must be %s, not '%s'", choices_text(spec->choices, list, sizeof(list)),
			              text);
	}
	if (spec->pattern) {
		int m = pattern_matches(spec->pattern, text);
		if (m < 0)
			return galley_error_set(at->r->err, GALLEY_EPLUGIN,
			                        "%s: pattern of setting '%s' does not compile", at->r->plugin,
			                        spec->name);
		if (!m)
			return broken(at, "must be %s, not '%s'",
			              spec->pattern_means ? spec->pattern_means : spec->pattern, text);
	}
	return 0;
}

/* The node of item i of a LIST or value i of a MAP, for the message. */
static const ynode *item_node(const ynode *n, galley_setting_type t, size_t i)
{
	if (!n || n->kind == YNODE_SCALAR || i >= n->count)
		return n;
	return t == GALLEY_SETTING_LIST ? n->items[i] : ynode_value(n, i);
}

/* Appends "; " (unless first) and the formatted rule to buf. */
static void add_rule(char *buf, size_t size, size_t *len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void add_rule(char *buf, size_t size, size_t *len, const char *fmt, ...)
{
	if (*len + 2 >= size)
		return;
	if (*len)
		*len += (size_t)snprintf(buf + *len, size - *len, "; ");
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf + *len, size - *len, fmt, ap);
	va_end(ap);
	*len = n < 0 ? *len : *len + (size_t)n < size ? *len + (size_t)n : size - 1;
}

const char *settings_rules_text(const galley_setting *spec, char *buf, size_t size)
{
	size_t len = 0;
	char list[512];
	int many = spec->type == GALLEY_SETTING_LIST || spec->type == GALLEY_SETTING_MAP;
	const char *each = many ? "each " : "";
	buf[0] = '\0';
	if (spec->rules & GALLEY_RULE_REQUIRED)
		add_rule(buf, size, &len, "required");
	if (spec->rules & GALLEY_RULE_NONEMPTY)
		add_rule(buf, size, &len, "%s", many ? "at least one item" : "not empty");
	if (spec->min || spec->max)
		add_rule(buf, size, &len, "%" PRId64 " to %" PRId64 "%s", spec->min, spec->max,
		         many ? " items" : "");
	if (spec->rules & GALLEY_RULE_UNIQUE)
		add_rule(buf, size, &len, "no item twice");
	if (spec->choices)
		add_rule(buf, size, &len, "%s%s", each, choices_text(spec->choices, list, sizeof(list)));
	if (spec->pattern)
		add_rule(buf, size, &len, "%s%s", each,
		         spec->pattern_means ? spec->pattern_means : spec->pattern);
	return buf;
}

/* The setting's value v (from the pipeline's node n, or its default when
 * n is NULL) against the rules its spec declares. */
static int check_rules(resolver *r, const setting_value *v, const ynode *n)
{
	const galley_setting *spec = v->spec;
	rule_at at = {r, spec, n, NULL};
	galley_setting_type t = spec->type;
	int ranged = spec->min || spec->max, many = t == GALLEY_SETTING_LIST || t == GALLEY_SETTING_MAP;
	if (t == GALLEY_SETTING_INT && ranged && (v->num < spec->min || v->num > spec->max))
		return broken(&at, "must be %" PRId64 " to %" PRId64 ", not %" PRId64, spec->min,
		              spec->max, v->num);
	if (many && (spec->rules & GALLEY_RULE_NONEMPTY) && v->count == 0)
		return broken(&at, "must name at least one item");
	if (many && ranged && ((int64_t)v->count < spec->min || (int64_t)v->count > spec->max))
		return broken(&at, "must have %" PRId64 " to %" PRId64 " items, not %zu", spec->min,
		              spec->max, v->count);
	if ((t == GALLEY_SETTING_STRING || t == GALLEY_SETTING_PATH) &&
	    (spec->rules & GALLEY_RULE_NONEMPTY) && (n ? !n->value || !n->value[0] : !v->str[0]))
		return broken(&at, "must not be empty");
	if (t == GALLEY_SETTING_STRING)
		return check_text(&at, v->str);
	for (size_t i = 0; many && i < v->count; i++) {
		rule_at item = {r, spec, n ? item_node(n, t, i) : NULL,
		                t == GALLEY_SETTING_MAP ? v->items[i] : NULL};
		int rc = check_text(&item, t == GALLEY_SETTING_LIST ? v->items[i] : v->values[i]);
		for (size_t j = 0; !rc && t == GALLEY_SETTING_LIST && (spec->rules & GALLEY_RULE_UNIQUE) &&
		                   j < i;
		     j++)
			if (strcmp(v->items[i], v->items[j]) == 0)
				rc = broken(&item, "names '%s' twice", v->items[i]);
		if (rc)
			return rc;
	}
	return 0;
}

static int check_keys(resolver *r, const galley_setting *table, size_t n, const ynode *with)
{
	const char *names[128];
	size_t nn = n < 127 ? n : 127;
	for (size_t i = 0; i < nn; i++)
		names[i] = table[i].name;
	names[nn] = NULL;
	size_t from = 0;
	char hint[128];
	const ynode *key = ynode_unknown_key(with, &from, names, NULL, hint, sizeof(hint));
	if (!key)
		return 0;
	return galley_error_at(r->err, GALLEY_EINVALID, r->file, key->line, key->column,
	                       "unknown setting '%s' for %s%s", key->value, r->plugin, hint);
}

int settings_resolve(settings *out, arena *ar, const galley_setting *table, const ynode *with,
                     const ynode *stage, const char *file, const char *dir, const char *plugin,
                     galley_error *err)
{
	resolver r = {ar, file, dir, plugin, err};
	size_t n = 0;
	while (table && table[n].name)
		n++;
	out->count = n;
	out->values = arena_alloc(ar, (n ? n : 1) * sizeof(setting_value));
	if (!out->values)
		return galley_error_set(err, GALLEY_ENOMEM, "out of memory");
	if (with && with->kind != YNODE_MAP)
		return galley_error_at(err, GALLEY_EINVALID, file, with->line, with->column,
		                       "'with' must be a map of settings, not a %s",
		                       ynode_kind_name(with->kind));
	int rc = with ? check_keys(&r, table, n, with) : 0;
	for (size_t i = 0; !rc && i < n; i++) {
		setting_value *v = &out->values[i];
		v->spec = &table[i];
		const ynode *node = ynode_get(with, table[i].name);
		if (node) {
			v->present = 1;
			rc = from_node(&r, v, node);
		} else if (table[i].default_value) {
			v->present = 1;
			rc = from_text(&r, v, table[i].default_value);
			if (!rc && table[i].type == GALLEY_SETTING_PATH)
				v->str = installed_data(&r, table[i].default_value, v->str);
			if (rc == -1)
				rc = galley_error_set(err, GALLEY_EPLUGIN,
				                      "%s: default of setting '%s' is not a valid %s", plugin,
				                      table[i].name, settings_type_name(table[i].type));
		} else if (stage && (table[i].rules & GALLEY_RULE_REQUIRED)) {
			rc = galley_error_at(err, GALLEY_EINVALID, file, stage->line, stage->column,
			                     "%s needs setting '%s' (%s)", plugin, table[i].name,
			                     table[i].help ? table[i].help : "see galley plugins");
		}
		if (!rc && v->present)
			rc = check_rules(&r, v, node);
	}
	if (rc == GALLEY_ENOMEM)
		galley_error_set(err, rc, "out of memory");
	return rc;
}

const setting_value *settings_find(const settings *s, const char *name)
{
	for (size_t i = 0; s && i < s->count; i++)
		if (s->values[i].spec && strcmp(s->values[i].spec->name, name) == 0)
			return s->values[i].present ? &s->values[i] : NULL;
	return NULL;
}
