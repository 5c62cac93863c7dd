/* settings.h — a stage's `with:` map checked against the plugin's declared
 * settings table (name, type, default), the Fluent Bit config-map idea:
 * the same table drives validation, defaults and `galley plugins`. */
#ifndef GALLEY_SETTINGS_H
#define GALLEY_SETTINGS_H

#include <stdint.h>

#include "base/arena.h"
#include "base/error.h"
#include "galley/plugin.h"
#include "config/yaml_load.h"

typedef struct setting_value {
	const galley_setting *spec;
	int present; /* set, or defaulted */
	const char *str;
	int64_t num;
	const char **items;  /* list items, map keys */
	const char **values; /* map values */
	size_t count;
} setting_value;

typedef struct settings {
	setting_value *values;
	size_t count;
} settings;

/* Validates with (NULL = empty) against table, types and the rules each
 * setting declares (its defaults too); everything lands in ar.  Relative
 * PATH values are joined to dir.  Errors carry file:line:col.  stage: the
 * stage's node, where a missing GALLEY_RULE_REQUIRED setting is reported;
 * NULL for a stage run on defaults alone (host->import_data), which
 * checks no REQUIRED rule. */
int settings_resolve(settings *out, arena *ar, const galley_setting *table, const ynode *with,
                     const ynode *stage, const char *file, const char *dir, const char *plugin,
                     galley_error *err);
const setting_value *settings_find(const settings *s, const char *name);
/* The rules spec declares, in words ("required; 1 to 100; zlib or isa-l"),
 * into buf; "" when none. */
const char *settings_rules_text(const galley_setting *spec, char *buf, size_t size);
const char *settings_type_name(galley_setting_type type);
/* true/yes/on, false/no/off (any case); 0, or -1 for anything else. */
int settings_parse_bool(const char *s, int64_t *out);
/* A duration: seconds ("10", "2.5") or with a unit ("500ms", "10s", "2m",
 * "1h"), from 1 ms to 24 h, into *ms; 0, or -1 when it is none. */
int settings_parse_duration(const char *s, int64_t *ms);

#endif
