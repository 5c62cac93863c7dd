/* xml_stream.h — an XML file too large to hold as one tree (a WordPress
 * export of 100,000 posts, a news message of 50,000 items), read in
 * pieces through libxml2's push parser with xml_in's guard: the tree is
 * built as usual, but each element at a chosen depth is handed over once
 * it is complete and then freed, so memory holds one item at a time.  A
 * file is read once per pass; importers that must know the whole file
 * before the first item (who wrote what, which package holds an item)
 * take a first pass that only looks, and that pass also refuses a file
 * that is not well-formed before anything of it is imported. */
#ifndef GALLEY_PLUGIN_XML_STREAM_H
#define GALLEY_PLUGIN_XML_STREAM_H

#include <stddef.h>

#include "xml/xml_in.h"

/* Called with each element at the depth asked for, complete; its
 * ancestors are there (with their attributes and namespaces), its earlier
 * siblings are not.  0 to go on; another value stops the pass, which
 * returns it. */
typedef int (*xml_stream_fn)(void *data, const xmlNode *el);

typedef struct xml_stream {
	int depth;        /* of the elements handed over; the root is 1 */
	xml_stream_fn fn; /* NULL: only look (well-formed, the root's name) */
	void *data;
	char root[64];    /* out: the root element's local name ("" when none) */
	size_t bytes;     /* out: bytes read */
} xml_stream;

/* The file the passes read: one of at most XML_SOURCE_WHOLE bytes (a wire
 * of one item, most files) is parsed once, its tree kept for every pass;
 * a larger one is read again in pieces for each. */
#define XML_SOURCE_WHOLE ((size_t)4 << 20)
typedef struct xml_source {
	galley_file *f;
	xmlDocPtr doc;
} xml_source;

/* 0, or -1 with why (a small file refused as a pass would refuse it). */
int xml_source_open(const galley_host *h, galley_ctx *ctx, galley_file *f, xml_source *src,
                    char *why, size_t n);
void xml_source_close(xml_source *src);

/* One pass over src: 0 when the file was read to its end and is
 * well-formed; what fn returned when it stopped the pass; -1 with why
 * ("an empty file", "a binary file, not XML (a NUL byte at offset 8)",
 * "not well-formed XML: line 3, column 8: …", the entity refusal, or the
 * read's own reason).  Elements are handed over in the same order either
 * way; a kept tree is not freed as it goes. */
int xml_stream_pass(const galley_host *h, galley_ctx *ctx, xml_source *src, xml_stream *s,
                    char *why, size_t n);

#endif
