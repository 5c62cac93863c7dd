/* gazetteer_run.h — the run's gazetteer, as a plugin's settings describe
 * it (GAZETTEER_SETTINGS in its table): YAML files and, unless told not
 * to, iso-codes' countries with their names in country_languages.  Built
 * once, by the first worker's init, and shared (lib/run_shared); used by
 * annotate/entities and clean/spelling. */
#ifndef GALLEY_GAZETTEER_RUN_H
#define GALLEY_GAZETTEER_RUN_H

#include <stddef.h>

#include "galley/plugin.h"
#include "gazetteer/gazetteer.h"

#define GAZETTEER_SETTINGS                                                                      \
	GALLEY_SETTING("gazetteers", PATH, "gazetteers/*.yaml",                                  \
	               "pattern of YAML gazetteer files (people, organisations, places)"),      \
	GALLEY_SETTING("countries", BOOL, "true", "add every country of iso-codes as a place"),  \
	GALLEY_SETTING("iso_codes", PATH, "/usr/share/iso-codes/json/iso_3166-1.json",           \
	               "iso-codes' ISO 3166-1 list"),                                           \
	GALLEY_SETTING("locale_dir", PATH, "/usr/share/locale",                                  \
	               "where iso-codes' translations are (LANG/LC_MESSAGES/iso_3166-1.mo)"),   \
	GALLEY_SETTING("country_languages", LIST, "da\nde\nes\nfi\nfr\nnb\nnn\nsv",              \
	               "languages whose country names are matched (in articles of that language)")

/* The gazetteer for ctx's settings; NULL with why (a file, line and
 * column for a bad gazetteer). */
gazetteer *gazetteer_run_get(const galley_host *h, galley_ctx *ctx, char *why, size_t n);
void gazetteer_run_put(gazetteer *g);
/* What makes two stages' gazetteers the same (malloc'd; NULL: no memory),
 * for a plugin that keys its own shared object on them too. */
char *gazetteer_run_key(const galley_host *h, galley_ctx *ctx);

#endif
