/* xml_out.h — XML documents written with libxml2's xmlTextWriter, for the
 * exporters that write XML (export/nitf, export/feed's Atom and RSS).  The
 * writer escapes markup; these helpers also drop what XML 1.0 forbids
 * (text_clean) and keep the first error, so a document is built with
 * plain calls and checked once at the end. */
#ifndef GALLEY_PLUGIN_XML_OUT_H
#define GALLEY_PLUGIN_XML_OUT_H

#include <stddef.h>

#include <libxml/xmlwriter.h>

typedef struct xml_out {
	xmlBufferPtr buf;
	xmlTextWriterPtr w;
	int failed;
} xml_out;

/* Starts a UTF-8 document, indented by two spaces; -1 when out of memory. */
int xml_out_start(xml_out *x);
void xml_open(xml_out *x, const char *name);
void xml_close(xml_out *x);
/* An attribute of the element just opened; NULL or "" leaves it out. */
void xml_out_attr(xml_out *x, const char *name, const char *value);
void xml_out_text(xml_out *x, const char *text);
/* <name a="v" .../>: attribute name/value pairs up to a NULL name; a
 * NULL or "" value leaves its attribute out. */
void xml_empty(xml_out *x, const char *name, ...) __attribute__((sentinel));
/* <name>text</name>; NULL or "" leaves the element out. */
void xml_element(xml_out *x, const char *name, const char *text);
/* Ends the document: a malloc'd copy in *data (freed with free), 0; -1
 * when any call failed.  Frees the writer either way. */
int xml_out_end(xml_out *x, char **data, size_t *len);
void xml_out_free(xml_out *x);

#endif
