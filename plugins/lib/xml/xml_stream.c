/* xml_stream.c — an XML file read in pieces, one item's tree at a time
 * (see xml_stream.h).  libxml2's own tree builder (SAX2) does the work;
 * four of its callbacks are wrapped to count the depth, hand over and
 * free each element at the asked depth once it ends, and drop the text
 * and comments between such elements, which would otherwise pile up on
 * their parent. */
#include <stdio.h>
#include <string.h>

#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>

#include "io/import_files.h"
#include "xml/xml_stream.h"

#define CHUNK 65536

typedef struct streamer {
	xml_in_errors e; /* first: xml_in_guard's c->_private */
	xml_stream *s;
	int depth;   /* of the element open now; 0 before the root */
	int stopped; /* what fn returned, when not 0 */
} streamer;

static streamer *of(void *ctx)
{
	return ((xmlParserCtxtPtr)ctx)->_private;
}

static void start_element(void *ctx, const xmlChar *name, const xmlChar *prefix,
                          const xmlChar *uri, int nns, const xmlChar **nss, int nattrs,
                          int ndefaulted, const xmlChar **attrs)
{
	streamer *st = of(ctx);
	xmlSAX2StartElementNs(ctx, name, prefix, uri, nns, nss, nattrs, ndefaulted, attrs);
	if (++st->depth == 1)
		snprintf(st->s->root, sizeof(st->s->root), "%s", (const char *)name);
}

static void end_element(void *ctx, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri)
{
	xmlParserCtxtPtr c = ctx;
	streamer *st = of(ctx);
	xmlNodePtr el = c->node;
	xmlSAX2EndElementNs(ctx, name, prefix, uri);
	int depth = st->depth--;
	if (depth > st->s->depth || !el || st->stopped)
		return;
	if (st->s->fn && (st->stopped = st->s->fn(st->s->data, el)) != 0)
		xmlStopParser(c);
	if (depth == st->s->depth) {
		xmlUnlinkNode(el);
		xmlFreeNode(el);
	}
}

/* Text above the items' depth is the space between them: dropped. */
static void characters(void *ctx, const xmlChar *ch, int len)
{
	if (of(ctx)->depth >= of(ctx)->s->depth)
		xmlSAX2Characters(ctx, ch, len);
}

static void comment(void *ctx, const xmlChar *value)
{
	if (of(ctx)->depth >= of(ctx)->s->depth)
		xmlSAX2Comment(ctx, value);
}

static void instruction(void *ctx, const xmlChar *target, const xmlChar *data)
{
	if (of(ctx)->depth >= of(ctx)->s->depth)
		xmlSAX2ProcessingInstruction(ctx, target, data);
}

/* The chunk's first NUL byte, as a reason; 0 when it has none. */
static int binary(const char *buf, size_t len, size_t at, char *why, size_t n)
{
	const char *nul = memchr(buf, '\0', len);
	if (!nul)
		return 0;
	snprintf(why, n, "a binary file, not XML (a NUL byte at offset %zu)", at + (size_t)(nul - buf));
	return 1;
}

static xmlParserCtxtPtr start(streamer *st, const char *first, int len, const char *name)
{
	xmlParserCtxtPtr c = xmlCreatePushParserCtxt(NULL, NULL, first, len, name);
	if (!c)
		return NULL;
	xmlCtxtUseOptions(c, XML_IN_OPTIONS);
	xml_in_guard(c, &st->e);
	c->sax->startElementNs = start_element;
	c->sax->endElementNs = end_element;
	c->sax->characters = characters;
	c->sax->ignorableWhitespace = characters;
	c->sax->comment = comment;
	c->sax->processingInstruction = instruction;
	return c;
}

/* The push parser ends a file cut short inside an element with "Extra
 * content at the end of the document"; the reason is the one the whole
 * parse gives (xml_in_parse), naming the element left open. */
static void cut_short(streamer *st, const xmlNode *open)
{
	char *place = strstr(st->e.first, ": ");
	if (place)
		snprintf(place + 2, sizeof(st->e.first) - (size_t)(place + 2 - st->e.first),
		         "Premature end of data in tag %s line %d", (const char *)open->name, open->line);
}

/* Feeds the rest of f after the first chunk; 0, or -1 with why. */
static int feed(const galley_host *h, galley_ctx *ctx, galley_file *f, xmlParserCtxtPtr c,
                streamer *st, int utf16, char *buf, char *why, size_t n)
{
	long got = 0;
	while (!st->stopped && c->wellFormed && !st->e.refused &&
	       (got = h->file_read(ctx, f, buf, CHUNK)) > 0) {
		if (!utf16 && binary(buf, (size_t)got, st->s->bytes, why, n))
			return -1;
		st->s->bytes += (size_t)got;
		xmlParseChunk(c, buf, (int)got, 0);
	}
	if (!st->stopped && c->wellFormed && !st->e.refused && got < 0) {
		const char *reason = h->run_info(ctx, "reason");
		snprintf(why, n, "%s", reason && reason[0] ? reason : "a read failed");
		return -1;
	}
	if (!st->stopped && c->wellFormed && !st->e.refused) {
		xmlParseChunk(c, NULL, 0, 1);
		if (!c->wellFormed && st->depth > 0 && c->node)
			cut_short(st, c->node);
	}
	return 0;
}

/* One pass, reading into buf. */
static int pass(const galley_host *h, galley_ctx *ctx, galley_file *f, xml_stream *s,
                streamer *st, char *buf, char *why, size_t n)
{
	if (h->file_rewind(ctx, f) != GALLEY_OK) {
		snprintf(why, n, "%s", h->run_info(ctx, "reason"));
		return -1;
	}
	long got = h->file_read(ctx, f, buf, CHUNK);
	if (got <= 0) {
		snprintf(why, n, "%s", got == 0 ? "an empty file" : h->run_info(ctx, "reason"));
		return -1;
	}
	size_t skip;
	int utf16 = import_utf16_order((const unsigned char *)buf, (size_t)got, &skip) != NULL;
	if (!utf16 && binary(buf, (size_t)got, 0, why, n))
		return -1;
	s->bytes = (size_t)got;
	/* the first bytes alone, for libxml2 to tell the encoding from */
	xmlParserCtxtPtr c = start(st, buf, got < 4 ? (int)got : 4, NULL);
	if (!c) {
		snprintf(why, n, "out of memory");
		return -1;
	}
	if (got > 4)
		xmlParseChunk(c, buf + 4, (int)got - 4, 0);
	int rc = feed(h, ctx, f, c, st, utf16, buf, why, n);
	if (!rc && st->stopped) {
		rc = st->stopped;
	} else if (!rc && (!c->wellFormed || st->e.refused || !s->root[0])) {
		xml_in_why(&st->e, why, n);
		rc = -1;
	}
	xmlFreeDoc(c->myDoc);
	c->myDoc = NULL;
	xmlFreeParserCtxt(c);
	return rc;
}

/* A kept tree's elements to depth s->depth, each as it ends. */
static int walk(const xmlNode *n, int depth, xml_stream *s)
{
	for (const xmlNode *c = depth < s->depth ? n->children : NULL; c; c = c->next) {
		int rc = c->type == XML_ELEMENT_NODE ? walk(c, depth + 1, s) : 0;
		if (rc)
			return rc;
	}
	return s->fn ? s->fn(s->data, n) : 0;
}

/* Up to XML_SOURCE_WHOLE + 1 bytes of f into *buf (h->alloc'd); their
 * number, or -1 (the host's reason). */
static long read_head(const galley_host *h, galley_ctx *ctx, galley_file *f, char **buf)
{
	size_t cap = 0, len = 0, most = XML_SOURCE_WHOLE + 1;
	long got = 1;
	*buf = NULL;
	while (got > 0 && len < most) {
		if (len + 1 >= cap) { /* a wire is a few kB: grow from 64 kB as needed */
			size_t grown = cap ? cap * 2 : 65536;
			char *more = h->alloc(grown > most + 1 ? most + 1 : grown);
			if (!more)
				break;
			memcpy(more, *buf ? *buf : "", len);
			h->free(*buf);
			*buf = more;
			cap = grown > most + 1 ? most + 1 : grown;
		}
		got = h->file_read(ctx, f, *buf + len, cap - 1 - len);
		len += got > 0 ? (size_t)got : 0;
	}
	if (got < 0 || !*buf || len + 1 > cap) {
		h->free(*buf);
		*buf = NULL;
		return -1;
	}
	(*buf)[len] = '\0';
	return (long)len;
}

int xml_source_open(const galley_host *h, galley_ctx *ctx, galley_file *f, xml_source *src,
                    char *why, size_t n)
{
	src->f = f;
	src->doc = NULL;
	char *buf;
	long len = read_head(h, ctx, f, &buf);
	if (len < 0)
		return snprintf(why, n, "%s", h->run_info(ctx, "reason")), -1;
	size_t skip;
	int small = (size_t)len <= XML_SOURCE_WHOLE, rc = 0;
	/* UTF-16 is libxml2's to tell, in pieces */
	if (small && !import_utf16_order((const unsigned char *)buf, (size_t)len, &skip)) {
		if (!len)
			rc = (snprintf(why, n, "an empty file"), -1);
		else if (!binary(buf, (size_t)len, 0, why, n))
			rc = (src->doc = xml_in_parse(buf, (size_t)len, NULL, why, n)) ? 0 : -1;
		else
			rc = -1;
	}
	h->free(buf);
	return rc;
}

void xml_source_close(xml_source *src)
{
	xmlFreeDoc(src->doc);
	src->doc = NULL;
}

int xml_stream_pass(const galley_host *h, galley_ctx *ctx, xml_source *src, xml_stream *s,
                    char *why, size_t n)
{
	if (src->doc) {
		const xmlNode *root = xmlDocGetRootElement(src->doc);
		snprintf(s->root, sizeof(s->root), "%s", root ? (const char *)root->name : "");
		why[0] = '\0';
		return root ? walk(root, 1, s) : 0;
	}
	galley_file *f = src->f;
	streamer st = {.s = s};
	s->root[0] = '\0';
	s->bytes = 0;
	why[0] = '\0';
	xmlInitParser();
	char *buf = h->alloc(CHUNK);
	if (!buf) {
		snprintf(why, n, "out of memory");
		return -1;
	}
	int rc = pass(h, ctx, f, s, &st, buf, why, n);
	h->free(buf);
	return rc;
}
