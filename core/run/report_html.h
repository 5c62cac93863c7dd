/* report_html.h — report.json's object as a page a person reads
 * (OUTPUT/report.html). */
#ifndef GALLEY_REPORT_HTML_H
#define GALLEY_REPORT_HTML_H

#include <jansson.h>
#include <stddef.h>

/* The page, malloc'd, *len its length; output is the output folder as
 * report.json's paths begin with it (links are made relative to it).
 * NULL when out of memory. */
char *report_html(const json_t *report, const char *output, size_t *len);

#endif
