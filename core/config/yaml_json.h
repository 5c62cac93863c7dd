/* yaml_json.h — a YAML node tree as a jansson value, typed the way a
 * reader expects: plain integers, true/false and null/~ keep their types;
 * quoted scalars stay strings. */
#ifndef GALLEY_YAML_JSON_H
#define GALLEY_YAML_JSON_H

#include <jansson.h>

#include "config/yaml_load.h"

json_t *yaml_to_json(const ynode *n); /* new reference; NULL on ENOMEM */

#endif
