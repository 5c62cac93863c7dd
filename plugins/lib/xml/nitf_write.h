/* nitf_write.h — an article as a NITF 3.6 document (the `<nitf>` element
 * and all it holds), written into an open xml_out: export/nitf writes it
 * as a file, export/newsml inside a NewsML-G2 item's inlineXML.  The
 * mapping is export/nitf's reference table. */
#ifndef GALLEY_PLUGIN_NITF_WRITE_H
#define GALLEY_PLUGIN_NITF_WRITE_H

#include <jansson.h>

#include "xml/xml_out.h"

#define NITF_NS "http://iptc.org/std/NITF/2006-10-18/"

typedef struct nitf_options {
	const char *publication;     /* pubdata name */
	const char *copyrightholder; /* docdata doc.copyright holder */
	const char *tagline;         /* body.end tagline */
	int with_namespace;          /* xmlns on <nitf> */
	int without_entities;        /* no identified-content (a wrapper carries them) */
} nitf_options;

/* Writes <nitf>…</nitf> for the article's canonical JSON; errors are
 * the writer's (xml_out_end reports them). */
void nitf_write(xml_out *x, const json_t *art, const nitf_options *o);

#endif
