/* front_matter.c — YAML front matter through libyaml (see front_matter.h). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "io/front_matter.h"

static int to_strbuf(void *data, unsigned char *buffer, size_t size)
{
	return sb_add(data, (const char *)buffer, size) == 0;
}

/* Strings other YAML readers would take for null, a boolean or a number
 * are quoted; so is one with a character libyaml would not write plain. */
static int looks_typed(const char *s)
{
	static const char *const words[] = {"null", "~",   "true", "false", "yes", "no",
	                                    "on",   "off", "y",    "n",     NULL};
	for (int i = 0; words[i]; i++)
		if (strcasecmp(s, words[i]) == 0)
			return 1;
	return s[strspn(s, "0123456789+-.eE_:xXoO")] == '\0';
}

static int scalar(yaml_emitter_t *em, const char *s, int plain_ok)
{
	yaml_event_t ev;
	yaml_scalar_style_t style = plain_ok && !looks_typed(s) ? YAML_ANY_SCALAR_STYLE
	                                                        : YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	return yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)strlen(s), 1, 1,
	                                    style) &&
	       yaml_emitter_emit(em, &ev);
}

static int string_key(yaml_emitter_t *em, const json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return !v || (scalar(em, key, 1) && scalar(em, v, 1));
}

static int int_key(yaml_emitter_t *em, const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	char num[24];
	if (!json_is_integer(v))
		return 1;
	snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	return scalar(em, key, 1) && scalar(em, num, 0);
}

static int list_key(yaml_emitter_t *em, const json_t *art, const char *key)
{
	const json_t *list = json_object_get(art, key);
	yaml_event_t ev;
	size_t i;
	json_t *item;
	if (!json_array_size(list))
		return 1;
	int ok = scalar(em, key, 1) &&
	         yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_FLOW_SEQUENCE_STYLE) &&
	         yaml_emitter_emit(em, &ev);
	json_array_foreach(list, i, item)
		if (ok && json_string_value(item))
			ok = scalar(em, json_string_value(item), 1);
	return ok && yaml_sequence_end_event_initialize(&ev) && yaml_emitter_emit(em, &ev);
}

static int fields(yaml_emitter_t *em, const json_t *art)
{
	static const char *const strings[] = {"headline", "kicker",    "standfirst", "language",
	                                      "section",  "pubstatus", "copyright",  "usageterms",
	                                      NULL};
	static const char *const dates[] = {"created", "published", "modified", "embargo", NULL};
	int ok = string_key(em, art, "id") && string_key(em, art, "guid") &&
	         int_key(em, art, "version") && int_key(em, art, "urgency");
	for (int i = 0; ok && strings[i]; i++)
		ok = string_key(em, art, strings[i]);
	ok = ok && list_key(em, art, "bylines") && list_key(em, art, "keywords") &&
	     list_key(em, art, "signals");
	for (int i = 0; ok && dates[i]; i++)
		ok = string_key(em, json_object_get(art, "dates"), dates[i]);
	return ok;
}

int front_matter(const json_t *art, strbuf *out)
{
	yaml_emitter_t em;
	yaml_event_t ev;
	if (!yaml_emitter_initialize(&em))
		return -1;
	yaml_emitter_set_output(&em, to_strbuf, out);
	yaml_emitter_set_unicode(&em, 1);
	yaml_emitter_set_width(&em, -1);
	int ok = yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) &&
	         yaml_emitter_emit(&em, &ev) &&
	         yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 0) &&
	         yaml_emitter_emit(&em, &ev) &&
	         yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE) &&
	         yaml_emitter_emit(&em, &ev) && fields(&em, art) &&
	         yaml_mapping_end_event_initialize(&ev) && yaml_emitter_emit(&em, &ev) &&
	         yaml_document_end_event_initialize(&ev, 1) && yaml_emitter_emit(&em, &ev) &&
	         yaml_stream_end_event_initialize(&ev) && yaml_emitter_emit(&em, &ev) &&
	         yaml_emitter_flush(&em);
	yaml_emitter_delete(&em);
	return ok && sb_puts(out, "---\n") == 0 ? 0 : -1;
}
