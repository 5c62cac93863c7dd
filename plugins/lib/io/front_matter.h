/* front_matter.h — an article's metadata as YAML front matter (the
 * `---` block import/text, Jekyll and Hugo read), written with libyaml's
 * emitter so that quoting and escaping are the library's.  Used by
 * export/markdown and export/text. */
#ifndef GALLEY_PLUGIN_FRONT_MATTER_H
#define GALLEY_PLUGIN_FRONT_MATTER_H

#include <jansson.h>

#include "text/text_out.h"

/* Appends "---\n", id, headline, kicker, standfirst, language, section,
 * bylines, keywords and the dates, "---\n"; -1 on failure. */
int front_matter(const json_t *art, strbuf *out);

#endif
