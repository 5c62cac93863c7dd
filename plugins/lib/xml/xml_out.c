/* xml_out.c — XML through libxml2's writer (see xml_out.h). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "text/text_out.h"
#include "xml/xml_out.h"

#define X(s) ((const xmlChar *)(s))

int xml_out_start(xml_out *x)
{
	xmlInitParser();
	x->failed = 0;
	x->buf = xmlBufferCreate();
	x->w = x->buf ? xmlNewTextWriterMemory(x->buf, 0) : NULL;
	if (!x->w || xmlTextWriterSetIndent(x->w, 1) < 0 ||
	    xmlTextWriterSetIndentString(x->w, X("  ")) < 0 ||
	    xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", NULL) < 0) {
		xml_out_free(x);
		return -1;
	}
	return 0;
}

void xml_open(xml_out *x, const char *name)
{
	if (!x->failed && xmlTextWriterStartElement(x->w, X(name)) < 0)
		x->failed = 1;
}

void xml_close(xml_out *x)
{
	if (!x->failed && xmlTextWriterEndElement(x->w) < 0)
		x->failed = 1;
}

void xml_out_attr(xml_out *x, const char *name, const char *value)
{
	if (x->failed || !value || !value[0])
		return;
	char *clean = text_clean(value);
	if (!clean || xmlTextWriterWriteAttribute(x->w, X(name), X(clean)) < 0)
		x->failed = 1;
	free(clean);
}

void xml_out_text(xml_out *x, const char *text)
{
	if (x->failed || !text || !text[0])
		return;
	char *clean = text_clean(text);
	if (!clean || xmlTextWriterWriteString(x->w, X(clean)) < 0)
		x->failed = 1;
	free(clean);
}

void xml_empty(xml_out *x, const char *name, ...)
{
	va_list ap;
	va_start(ap, name);
	xml_open(x, name);
	for (const char *attr; (attr = va_arg(ap, const char *));)
		xml_out_attr(x, attr, va_arg(ap, const char *));
	xml_close(x);
	va_end(ap);
}

void xml_element(xml_out *x, const char *name, const char *text)
{
	if (!text || !text[0])
		return;
	xml_open(x, name);
	xml_out_text(x, text);
	xml_close(x);
}

int xml_out_end(xml_out *x, char **data, size_t *len)
{
	*data = NULL;
	if (!x->failed && (xmlTextWriterEndDocument(x->w) < 0 || xmlTextWriterFlush(x->w) < 0))
		x->failed = 1;
	if (!x->failed) {
		*len = (size_t)xmlBufferLength(x->buf);
		*data = malloc(*len + 1);
		if (*data)
			memcpy(*data, xmlBufferContent(x->buf), *len + 1);
	}
	int rc = *data ? 0 : -1;
	xml_out_free(x);
	return rc;
}

void xml_out_free(xml_out *x)
{
	if (x->w)
		xmlFreeTextWriter(x->w);
	if (x->buf)
		xmlBufferFree(x->buf);
	x->w = NULL;
	x->buf = NULL;
}
