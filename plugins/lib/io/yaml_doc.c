/* yaml_doc.c — see yaml_doc.h. */
#include <stdio.h>
#include <string.h>

#include "io/yaml_doc.h"

static int find_alias(const char *text, size_t len, yaml_problem *p)
{
	yaml_parser_t parser;
	yaml_event_t e;
	int found = 0, done = 0;
	if (!yaml_parser_initialize(&parser))
		return 0;
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	while (!found && !done && yaml_parser_parse(&parser, &e)) {
		found = e.type == YAML_ALIAS_EVENT;
		done = e.type == YAML_STREAM_END_EVENT;
		p->line = e.start_mark.line, p->column = e.start_mark.column;
		yaml_event_delete(&e);
	}
	yaml_parser_delete(&parser);
	if (found)
		snprintf(p->what, sizeof(p->what), "an alias (*name); galley does not expand YAML aliases");
	return found;
}

int yaml_doc_load(const char *text, size_t len, yaml_document_t *doc, yaml_problem *p)
{
	yaml_parser_t parser;
	/* an alias needs a '*': without one there is nothing to find, and the
	 * text is parsed once, not twice (front matter of an article a file) */
	if (memchr(text, '*', len) && find_alias(text, len, p))
		return -1;
	if (!yaml_parser_initialize(&parser)) {
		*p = (yaml_problem){0, 0, "out of memory"};
		return -1;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	int rc = yaml_parser_load(&parser, doc) ? 0 : -1;
	if (rc) {
		p->line = parser.problem_mark.line, p->column = parser.problem_mark.column;
		snprintf(p->what, sizeof(p->what), "%s", parser.problem ? parser.problem : "bad YAML");
	}
	yaml_parser_delete(&parser);
	return rc;
}
