/* html_template.h — HTML pages from a template with {{field}} placeholders,
 * each escaped for the context it stands in, the way Go's html/template
 * does it: element text and quoted attribute values get entities, URL
 * attributes lose schemes other than http, https and mailto, and <script>
 * gets a JSON string.  Placeholders where no escaping is safe (a comment,
 * <style>, an unquoted attribute, a tag name) are refused when the template
 * is read, with its line.  Used by export/html, also for its built-in page. */
#ifndef GALLEY_PLUGIN_HTML_TEMPLATE_H
#define GALLEY_PLUGIN_HTML_TEMPLATE_H

#include <stddef.h>

#include "text/text_out.h"

typedef enum tpl_context {
	TPL_TEXT,     /* element text */
	TPL_RCDATA,   /* text of <title> or <textarea>: no markup there */
	TPL_ATTR,     /* a quoted attribute value */
	TPL_URL,      /* the start of a quoted href/src/action/cite/poster value */
	TPL_URL_PART, /* later in such a value: percent-encoded */
	TPL_SCRIPT,   /* inside <script>: a JSON string */
} tpl_context;

typedef struct tpl_part {
	const char *text; /* literal text, or the field's name */
	size_t len;
	int is_field;
	tpl_context context;
} tpl_part;

typedef struct tpl {
	char *source;
	tpl_part *parts;
	size_t nparts;
} tpl;

/* Fields whose value is HTML (written as is, so only in element text). */
typedef int (*tpl_is_html_fn)(const char *field, size_t len);

/* Parses src (taken over: freed by tpl_free); 0, or -1 with a message in
 * err naming the line.  known() says whether a field exists. */
int tpl_parse(tpl *t, char *src, int (*known)(const char *field, size_t len),
              tpl_is_html_fn is_html, char *err, size_t errsize);
/* Fills the template; value() gives a field's text (NULL as ""). */
int tpl_render(const tpl *t, const char *(*value)(void *data, const char *field, size_t len),
               void *data, tpl_is_html_fn is_html, strbuf *out);
void tpl_free(tpl *t);

/* Escapers, exposed for tests and other writers. */
int tpl_escape_url(strbuf *b, const char *s);
int tpl_escape_script(strbuf *b, const char *s);

#endif
