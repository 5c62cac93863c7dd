/* gazetteer_load.h — fills a gazetteer (gazetteer.h) from YAML gazetteer
 * files and from Debian's iso-codes (countries, with their names in other
 * languages from iso-codes' message catalogues).  The YAML form:
 *
 *   type: person                  # the entries' type unless one says
 *   entries:
 *     - id: galley:person/vladimir-putin     # stable, unique
 *       name: Vladimir Putin                 # what exporters print
 *       aliases: [Putin]                     # or {en: [...], nb: [...]}
 *       case: exact                          # or any
 *       ambiguous: [May]                     # names that need context
 *       context: [Theresa May]               # phrases that give it
 *
 * An entry whose id is a country's (iso3166:RU) adds to that country:
 * its name replaces iso-codes' ("Russia" for "Russian Federation"), its
 * aliases add adjectives and demonyms. */
#ifndef GALLEY_GAZETTEER_LOAD_H
#define GALLEY_GAZETTEER_LOAD_H

#include <stddef.h>

#include "gazetteer/gazetteer.h"
#include "gazetteer/mo_file.h"

/* The entries of one YAML file (path names it in messages); 0, or -1 with
 * why ("PATH:LINE:COL: …"). */
int gz_load_yaml(gazetteer *g, const char *path, const char *text, size_t len, char *why, size_t n);

/* A place per country of iso-codes' iso_3166-1.json (path, text): id
 * iso3166:XX, named by its common name, with its name, official and
 * common names as aliases, and those of mos[i] (language langs[i]) for
 * articles in that language. */
int gz_load_countries(gazetteer *g, const char *path, const char *text, size_t len,
                      const char *const *langs, mo_file *const *mos, size_t nlangs, char *why,
                      size_t n);

#endif
