/* xml_in.c — the hardened libxml2 parse and element questions of the XML
 * importers (see xml_in.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "html/html_node.h"
#include "io/import_files.h"
#include "xml/xml_in.h"


/* Called for every <!ENTITY> (general or parameter) before it can be
 * used: the parse stops there. */
static void refuse_entity(void *ctx, const xmlChar *name, int type, const xmlChar *public_id,
                          const xmlChar *system_id, xmlChar *content)
{
	(void)name, (void)type, (void)public_id, (void)system_id, (void)content;
	xmlParserCtxtPtr c = ctx;
	((xml_in_errors *)c->_private)->refused = 1;
	xmlStopParser(c);
}

/* Keeps the first fatal error (else the first error) with its place. */
static void keep_error(void *ctx, xmlErrorPtr e)
{
	xml_in_errors *pe = ((xmlParserCtxtPtr)ctx)->_private;
	if (!e || (int)e->level <= pe->level || pe->refused)
		return;
	if (pe->level && e->level < XML_ERR_FATAL)
		return;
	pe->level = (int)e->level;
	snprintf(pe->first, sizeof(pe->first), "line %d, column %d: %s", e->line, e->int2,
	         e->message ? e->message : "not well-formed");
	size_t len = strlen(pe->first);
	while (len && (pe->first[len - 1] == '\n' || pe->first[len - 1] == ' '))
		pe->first[--len] = '\0';
	char *huge = strstr(pe->first, " use XML_PARSE_HUGE option"); /* advice to us, not to users */
	if (huge)
		*huge = '\0';
	for (char *nl = pe->first; (nl = strchr(nl, '\n'));) /* one line: "...encoding ! Bytes: 0xFF" */
		*nl = ' ';
}

void xml_in_guard(xmlParserCtxtPtr c, xml_in_errors *e)
{
	c->_private = e;
	c->sax->entityDecl = refuse_entity;
	c->sax->serror = keep_error;
}

void xml_in_why(const xml_in_errors *e, char *why, size_t n)
{
	if (e->refused)
		snprintf(why, n, "declares entities (<!ENTITY>), which galley never expands: "
		                 "an entity bomb or an external entity is refused");
	else
		snprintf(why, n, "not well-formed XML: %s", e->first[0] ? e->first : "no root element");
}

xmlDocPtr xml_in_parse(const char *xml, size_t len, const char *encoding, char *why, size_t n)
{
	xmlInitParser();
	if (len > (size_t)1 << 30) {
		snprintf(why, n, "larger than 1 GB, which libxml2 does not read");
		return NULL;
	}
	xmlParserCtxtPtr c = xmlNewParserCtxt();
	if (!c) {
		snprintf(why, n, "out of memory");
		return NULL;
	}
	xml_in_errors pe = {0};
	xml_in_guard(c, &pe);
	xmlDocPtr doc = xmlCtxtReadMemory(c, xml, (int)len, NULL, encoding, XML_IN_OPTIONS);
	int ok = doc && c->wellFormed && !pe.refused && xmlDocGetRootElement(doc);
	if (!ok)
		xml_in_why(&pe, why, n);
	xmlFreeParserCtxt(c);
	if (!ok) {
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

int xml_in_process(const galley_host *h, galley_ctx *ctx, galley_article *a, xml_in_reader read)
{
	char *text, why[300];
	size_t len;
	int utf16;
	int rc = import_read_text(h, ctx, a, "XML", &text, &len, &utf16, why, sizeof(why));
	if (rc != GALLEY_OK && !why[0])
		return rc; /* rejected already */
	char *path = strdup(h->get(a, "source"));
	xmlDocPtr doc = rc == GALLEY_OK ? xml_in_parse(text, len, utf16 ? "UTF-8" : NULL, why, sizeof(why)) : NULL;
	h->free(text);
	if (!path)
		snprintf(why, sizeof(why), "out of memory");
	rc = doc && path ? read(ctx, a, xmlDocGetRootElement(doc), path, why, sizeof(why)) : -1;
	xmlFreeDoc(doc);
	if (rc)
		h->reject(ctx, path ? path : h->get(a, "source"), why);
	free(path);
	return rc ? GALLEY_FAIL : GALLEY_OK;
}

int xml_is(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && (!name || !strcmp((const char *)n->name, name));
}

static const xmlNode *from(const xmlNode *c, const char *name)
{
	for (; c; c = c->next)
		if (xml_is(c, name))
			return c;
	return NULL;
}

const xmlNode *xml_child(const xmlNode *n, const char *name)
{
	return n ? from(n->children, name) : NULL;
}

const xmlNode *xml_next(const xmlNode *n, const char *name)
{
	return n ? from(n->next, name) : NULL;
}

const xmlNode *xml_path(const xmlNode *n, const char *path)
{
	char part[64];
	while (n && *path) {
		size_t len = strcspn(path, "/");
		snprintf(part, sizeof(part), "%.*s", (int)len, path);
		n = xml_child(n, part);
		path += len + (path[len] == '/');
	}
	return n;
}

const char *xml_attr(const xmlNode *n, const char *name)
{
	if (!xml_is(n, NULL))
		return NULL;
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (!strcmp((const char *)a->name, name))
			return a->children && a->children->type == XML_TEXT_NODE
			               ? (const char *)a->children->content
			               : "";
	return NULL;
}

char *xml_text(const xmlNode *n)
{
	if (!n)
		return NULL;
	strbuf b = {0};
	html_text(n, &b, NULL);
	char *t = html_trimmed(&b); /* html_add_collapsed never starts with a space */
	char *out = t[0] ? strdup(t) : NULL;
	sb_free(&b);
	return out;
}
